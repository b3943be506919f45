// Package whooplabs is wearhouse's client and service for WHOOP's lab
// partner API (WHOOP Advanced Labs, "Trusted Partner" API): a partner reads
// the lab requisitions and service requests WHOOP assigned to it and writes
// status updates and diagnostic reports back.
//
// The Client authenticates with the partner's client credentials. WHOOP's
// partner token endpoint takes a JSON body (seed 000), which
// golang.org/x/oauth2/clientcredentials cannot send (it posts a form), so a
// small JSON token source is wrapped in oauth2.ReuseTokenSourceWithExpiry:
// the token is reused until shortly before it expires and then replaced,
// and oauth2.Transport signs every request. The Service adds what the API
// routes need: a bounded cache of reads, validation before anything is
// sent, WHOOP's errors kept precisely (status and message), idempotent
// retries of writes through a client-supplied key, and the mapping of a
// requisition's patient to the wearhouse user with that WHOOP connection.
//
// The wire types here are written from the seed independently of the
// simulator's (internal/simulator/whoop), so a misreading in one shows.
package whooplabs
