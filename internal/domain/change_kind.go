package domain

// Change kinds: what Change.Kind names, one per kind of record the
// outbox reports. They live here rather than in the store so that the
// consumers of the outbox (outgoing webhooks, the API) can switch on them
// without importing storage code.
const (
	// ChangeKindSleep is a sleep event; its record id is the event id.
	ChangeKindSleep = string(CategorySleep)
	// ChangeKindWorkout is a workout event; its record id is the event id.
	ChangeKindWorkout = string(CategoryWorkout)
	// ChangeKindDailySummary is a provider daily summary of any kind, as
	// the outbox named them before it named each kind
	// (SummaryChangeKind); changes still held under it are delivered.
	ChangeKindDailySummary = "daily_summary"
	// ChangeKindActivitySummary is an activity daily summary.
	ChangeKindActivitySummary = "activity_summary"
	// ChangeKindCycleSummary is a cycle (WHOOP day) daily summary.
	ChangeKindCycleSummary = "cycle_summary"
	// ChangeKindBodySummary is a body daily summary.
	ChangeKindBodySummary = "body_summary"
	// ChangeKindHealthScore is a health score.
	ChangeKindHealthScore = "health_score"
	// ChangeKindSeries is a series block: one data source's samples of one
	// series type on one UTC day. Its record id is
	// "<data source id>/<type id>/<YYYY-MM-DD>".
	ChangeKindSeries = "series"
	// ChangeKindProviderData is the removal of all of a user's data from
	// one provider (a disconnect); its record id is the provider name. It
	// replaces one change per removed record, which could be years' worth.
	ChangeKindProviderData = "provider_data"
	// ChangeKindConnection is a connection's lifecycle (created, revoked,
	// error); its record id is the connection id.
	ChangeKindConnection = "connection"
	// ChangeKindSyncRun is a sync run that ended (completed); its record
	// id is the run id.
	ChangeKindSyncRun = "sync_run"
)

// EventChangeKind is the change kind of an event of category c: events
// report under their category, so the two never drift apart.
func EventChangeKind(c EventCategory) string { return string(c) }

// SummaryChangeKind is the change kind of a daily summary of kind k, so
// that consumers name its events without reading the record.
func SummaryChangeKind(k SummaryKind) string { return string(k) + "_summary" }

// IsSummaryChangeKind reports whether kind names a daily summary change.
func IsSummaryChangeKind(kind string) bool {
	switch kind {
	case ChangeKindDailySummary, ChangeKindActivitySummary, ChangeKindCycleSummary, ChangeKindBodySummary:
		return true
	}
	return false
}
