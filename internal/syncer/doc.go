// Package syncer keeps every connection's data complete and correct: it
// backfills history on connect, pulls incrementally on a jittered
// schedule, fetches what inbound webhooks announce, and stores what
// providers return.
//
// Every page a provider returns is stored in one transaction together
// with its raw documents, the records they normalize to (each write
// appends its outbox change) and the sync's progress: the provider's
// continuation token while a window is being walked, and the data type's
// cursor when the window is complete. A failed page is therefore fetched
// again, never skipped, and a process killed anywhere resumes at the next
// page with no gap and no duplicate. Rate limits snooze the job for the
// provider's Retry-After instead of blocking a worker; a 401 refreshes the
// token once; a revoked connection stops its jobs.
//
// The package also holds the provider-independent webhook receiver
// (verify, enqueue, acknowledge) and the shared, database-backed rate
// budget used on PostgreSQL so that replicas share one limit.
package syncer
