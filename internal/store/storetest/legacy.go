package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// LegacySchema is the last schema version before both engines shared one
// representation of ids and times (migration 00004).
const LegacySchema = 3

// LegacyDB writes rows into a database migrated only to LegacySchema,
// in that engine's representation of the time: Time converts a column
// value (Unix ms on SQLite, timestamptz on PostgreSQL). Exec takes ?N
// markers.
type LegacyDB struct {
	Exec func(t *testing.T, query string, args ...any)
	Time func(time.Time) any
}

// Legacy is what SeedLegacy wrote, for CheckLegacy to read back.
type Legacy struct {
	User, Conn, Source, Event, Raw string
	At                             time.Time
	Samples                        []timeseries.Sample
}

// SeedLegacy writes one row of every kind a user owns the way a
// wearhouse at LegacySchema stored them, tokens sealed with box.
func SeedLegacy(t *testing.T, db LegacyDB, box *secret.Box) Legacy {
	t.Helper()
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	l := Legacy{User: id(), Conn: id(), Source: id(), Event: id(), Raw: id(), At: baseTime()}
	at := db.Time(l.At)
	db.Exec(t, "INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, 'ada@example.com', ?2, ?2)", l.User, at)
	db.Exec(t, `INSERT INTO connections (id, user_id, provider, provider_user_id, status, access_token, refresh_token,
    token_expires_at, token_version, last_synced_at, created_at, updated_at)
VALUES (?1, ?2, 'whoop', 'p-1', 'active', ?3, ?4, ?5, 3, ?5, ?5, ?5)`,
		l.Conn, l.User, box.Seal([]byte("access"), []byte(l.Conn)), box.Seal([]byte("refresh"), []byte(l.Conn)), at)
	db.Exec(t, "INSERT INTO data_sources (id, user_id, provider, connection_id, source, created_at) VALUES (?1, ?2, 'whoop', ?3, 'whoop', ?4)",
		l.Source, l.User, l.Conn, at)
	db.Exec(t, `INSERT INTO events (id, user_id, data_source_id, category, type, provider_record_id, revision, content_hash,
    start_time, end_time, details, created_at, updated_at)
VALUES (?1, ?2, ?3, 'sleep', 'sleep_session', 'e-1', 2, ?4, ?5, ?6, '{"sleep":{"efficiency_percent":91.5}}', ?5, ?5)`,
		l.Event, l.User, l.Source, []byte("h"), at, db.Time(l.At.Add(8*time.Hour)))
	db.Exec(t, `INSERT INTO daily_summaries (id, user_id, data_source_id, kind, provider_record_id, content_hash, date,
    start_time, metrics, created_at, updated_at)
VALUES (?1, ?2, ?3, 'activity', 's-1', ?4, '2026-03-02', ?5, '{"steps":1234}', ?5, ?5)`, id(), l.User, l.Source, []byte("h"), at)
	db.Exec(t, `INSERT INTO health_scores (id, user_id, data_source_id, provider, category, provider_record_id, content_hash,
    value, recorded_at, created_at, updated_at)
VALUES (?1, ?2, ?3, 'whoop', 'recovery', 'r-1', ?4, 77, ?5, ?5, ?5)`, id(), l.User, l.Source, []byte("h"), at)
	l.Samples = []timeseries.Sample{{T: l.At.UnixMilli(), V: 61}, {T: l.At.Add(time.Minute).UnixMilli(), V: 63}}
	payload, err := timeseries.Encode(2, l.Samples)
	require.NoError(t, err)
	db.Exec(t, `INSERT INTO series_blocks (data_source_id, type_id, day, user_id, count, first_ts, last_ts, min, max, sum, payload, updated_at)
VALUES (?1, 1, ?2, ?3, 2, ?2, ?4, 61, 63, 124, ?5, ?2)`, l.Source, at, l.User, db.Time(l.At.Add(time.Minute)), payload)
	db.Exec(t, `INSERT INTO raw_documents (id, user_id, provider, data_type, provider_record_id, content_hash, start_time, body,
    fetched_at, updated_at) VALUES (?1, ?2, 'whoop', 'sleep', 'e-1', ?3, ?4, ?5, ?4, ?4)`, l.Raw, l.User, []byte("h"), at, []byte(`{"id":"e-1"}`))
	db.Exec(t, "INSERT INTO sync_cursors (connection_id, data_type, high_water, updated_at) VALUES (?1, 'sleep', ?2, ?2)", l.Conn, at)
	db.Exec(t, "INSERT INTO changes (user_id, kind, record_id, change_type, at) VALUES (?1, 'sleep', ?2, 'created', ?3)", l.User, l.Event, at)
	return l
}

// CheckLegacy reads SeedLegacy's rows back through s, after migrating.
func CheckLegacy(t *testing.T, s store.Store, l Legacy) {
	t.Helper()
	ctx := t.Context()
	u, err := s.User(ctx, l.User)
	require.NoError(t, err)
	require.Equal(t, "ada@example.com", *u.Email)
	require.True(t, u.HasActiveConnection)
	require.Equal(t, l.At, *u.LastSyncedAt)
	c, err := s.ConnectionByID(ctx, l.Conn)
	require.NoError(t, err)
	require.Equal(t, []any{"access", "refresh", int64(3), l.At}, []any{c.AccessToken, c.RefreshToken, c.TokenVersion, c.TokenExpiresAt})
	evs, err := s.ListEvents(ctx, store.EventQuery{UserID: l.User, Category: domain.CategorySleep, Start: l.At.Add(-time.Hour), End: l.At.Add(time.Hour)})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	require.Equal(t, []any{l.Event, l.At, l.At.Add(8 * time.Hour), 91.5}, []any{evs[0].ID, evs[0].StartTime, evs[0].EndTime, *evs[0].Sleep.EfficiencyPercent})
	ss, err := s.ListDailySummaries(ctx, store.SummaryQuery{UserID: l.User, Kind: domain.SummaryActivity})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	require.Equal(t, map[string]float64{"steps": 1234}, ss[0].Metrics)
	hs, n, err := s.ListHealthScores(ctx, store.ScoreQuery{UserID: l.User})
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, []any{77.0, l.At}, []any{*hs[0].Value, hs[0].RecordedAt})
	series, err := s.ReadSamples(ctx, store.SampleQuery{UserID: l.User, Start: l.At, End: l.At.Add(time.Hour)})
	require.NoError(t, err)
	require.Len(t, series, 1)
	require.Equal(t, l.Samples, series[0].Samples)
	raws, err := s.ListRawDocuments(ctx, store.RawQuery{UserID: l.User})
	require.NoError(t, err)
	require.Len(t, raws, 1)
	require.Equal(t, []any{l.Raw, l.At, `{"id":"e-1"}`}, []any{raws[0].ID, *raws[0].StartTime, string(raws[0].Body)})
	cur, err := s.Cursor(ctx, l.Conn, "sleep")
	require.NoError(t, err)
	require.Equal(t, l.At, cur.HighWater)
	cs, err := s.Changes(ctx, 0, 10)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	require.Equal(t, []any{l.Event, l.At}, []any{cs[0].RecordID, cs[0].At})
	// The converted rows take new writes: keys, references and cascades
	// still hold.
	res, err := s.UpsertEvents(ctx, []domain.Event{{RecordMeta: domain.RecordMeta{UserID: l.User, DataSourceID: l.Source, ProviderRecordID: "e-1", Revision: 3},
		Category: domain.CategorySleep, Type: "sleep_session", StartTime: l.At, EndTime: l.At.Add(7 * time.Hour)}})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res)
	_, err = s.DeleteUser(ctx, l.User)
	require.NoError(t, err)
	dss, err := s.ListDataSources(ctx, l.User)
	require.NoError(t, err)
	require.Empty(t, dss)
}
