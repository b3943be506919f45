package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// baseTime is the suite's fixed "now": a UTC midnight, in whole
// milliseconds as stores keep times.
func baseTime() time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// fixture is a user with one data source, the owner of most test data.
type fixture struct {
	ctx  context.Context
	s    store.Store
	user domain.User
	ds   domain.DataSource
}

// newFixture creates a user and a WHOOP data source.
func newFixture(t *testing.T, s store.Store) fixture {
	t.Helper()
	ctx := t.Context()
	u, err := s.CreateUser(ctx, domain.User{Email: ptr("ada@example.com"), FirstName: ptr("Ada")})
	require.NoError(t, err)
	ds, err := s.EnsureDataSource(ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderWHOOP, Source: ptr("whoop")})
	require.NoError(t, err)
	return fixture{ctx: ctx, s: s, user: u, ds: ds}
}

// source adds another data source of the fixture's user.
func (f fixture) source(t *testing.T, p domain.Provider, model string) domain.DataSource {
	t.Helper()
	ds, err := f.s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: p, DeviceModel: ptr(model)})
	require.NoError(t, err)
	return ds
}

// sleep builds a sleep event of the fixture's user.
func (f fixture) sleep(prid string, start time.Time, d time.Duration) domain.Event {
	return domain.Event{
		RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.ds.ID, ProviderRecordID: prid},
		Category:   domain.CategorySleep, Type: "sleep_session",
		StartTime: start, EndTime: start.Add(d), ZoneOffset: 3600,
		Sleep: &domain.SleepDetails{
			TotalSleepSeconds: ptr(int64(d.Seconds()) - 600), EfficiencyPercent: ptr(91.5),
			Stages: []domain.StageInterval{
				{Stage: domain.StageLight, Start: start, End: start.Add(d / 2)},
				{Stage: domain.StageDeep, Start: start.Add(d / 2), End: start.Add(d)},
			},
			ProviderExtraFields: map[string]any{"score_state": "SCORED", "cycle_id": 93845.0},
		},
	}
}

// workout builds a workout event of the fixture's user.
func (f fixture) workout(prid, typ string, start time.Time, d time.Duration) domain.Event {
	return domain.Event{
		RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.ds.ID, ProviderRecordID: prid},
		Category:   domain.CategoryWorkout, Type: typ,
		StartTime: start, EndTime: start.Add(d),
		Workout: &domain.WorkoutDetails{EnergyKcal: ptr(420.5), HRZones: []domain.HRZone{{Zone: 1, Seconds: 60}}},
	}
}

// changes returns every outbox row, oldest first.
func changes(t *testing.T, s store.Store) []domain.Change {
	t.Helper()
	var out []domain.Change
	after := int64(0)
	for {
		cs, err := s.Changes(t.Context(), after, 50)
		require.NoError(t, err)
		if len(cs) == 0 {
			return out
		}
		out = append(out, cs...)
		after = cs[len(cs)-1].Seq
	}
}

// changeTypes summarizes outbox rows as "kind:type" strings.
func changeTypes(cs []domain.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Kind + ":" + string(c.ChangeType)
	}
	return out
}

// execRaw runs a statement behind the store's back, for tests that must
// damage or inspect stored bytes. Placeholders are written "?" and
// rewritten for Postgres. Engines without raw access skip the test.
func execRaw(t *testing.T, s store.Store, query string, args ...any) {
	t.Helper()
	switch db := s.(type) {
	case interface{ DB() *sql.DB }:
		_, err := db.DB().ExecContext(t.Context(), query, args...)
		require.NoError(t, err)
	case interface{ Pool() *pgxpool.Pool }:
		n := 0
		q := strings.Builder{}
		for _, r := range query {
			if r == '?' {
				n++
				fmt.Fprintf(&q, "$%d", n)
				continue
			}
			q.WriteRune(r)
		}
		_, err := db.Pool().Exec(t.Context(), q.String(), args...)
		require.NoError(t, err)
	default:
		t.Skipf("engine %s offers no raw access", s.Engine())
	}
}

// Changes returns every outbox row, oldest first (for engine tests).
func Changes(t *testing.T, s store.Store) []domain.Change { return changes(t, s) }
