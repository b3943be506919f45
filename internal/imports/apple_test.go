package imports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

var engines = map[string]func(t *testing.T) store.Store{
	"SQLite":   func(t *testing.T) store.Store { return storetest.NewSQLite(t) },
	"Postgres": func(t *testing.T) store.Store { return storetest.NewPostgres(t) },
}

const sample = "../provider/apple/testdata/export_small.xml"

func newUser(t *testing.T, st store.Store) string {
	t.Helper()
	u, err := st.CreateUser(t.Context(), domain.User{CreatedAt: time.Now()})
	require.NoError(t, err)
	return u.ID
}

func importFile(t *testing.T, st store.Store, user, path string) (AppleResult, error) {
	t.Helper()
	e, err := apple.Open(path)
	require.NoError(t, err)
	defer e.Close()
	return ImportAppleHealth(t.Context(), e, AppleOptions{Store: st, UserID: user})
}

// samplesByType reads what the user holds, per series code and source.
func samplesByType(t *testing.T, st store.Store, user string) map[string][]float64 {
	t.Helper()
	srcs, err := st.ListDataSources(t.Context(), user)
	require.NoError(t, err)
	names := map[string]string{}
	for _, s := range srcs {
		require.Equal(t, ProviderApple, s.Provider)
		names[s.ID] = *s.Source
	}
	data, err := st.ReadSamples(t.Context(), store.SampleQuery{UserID: user, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	out := map[string][]float64{}
	for _, d := range data {
		st, _ := domain.SeriesTypeByID(d.TypeID)
		for _, s := range d.Samples {
			out[st.Code+" "+names[d.DataSourceID]] = append(out[st.Code+" "+names[d.DataSourceID]], s.V)
		}
	}
	return out
}

// TestAppleImportStoresEachSourceOnce: the sample export's quantities land
// in their series types, converted, one data source per writing app and
// device; what is not mapped yet is counted; a second import of the same
// file changes nothing.
func TestAppleImportStoresEachSourceOnce(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			user := newUser(t, st)
			res, err := importFile(t, st, user, sample)
			require.NoError(t, err)
			require.Equal(t, int64(6), res.Samples)
			require.Equal(t, int64(8), res.Created, "6 samples, a sleep session and a workout")
			// The Watch's heart rate, its HRV (written without a device),
			// the iPhone's steps and Health Mate's blood pressure.
			require.Equal(t, 4, res.Sources)
			require.Equal(t, map[string]int64{"ActivitySummary": 1, "ClinicalRecord": 1}, res.NotMapped)
			checkSleepAndWorkout(t, st, user)
			require.Equal(t, res.Size, res.Bytes)
			require.Equal(t, map[string][]float64{
				"heart_rate Ana’s Apple Watch":                  {62, 58},
				"heart_rate_variability_sdnn Ana’s Apple Watch": {48.22},
				"steps Ana’s iPhone":                            {1021},
				"blood_pressure_systolic Health Mate":           {118},
				"blood_pressure_diastolic Health Mate":          {76},
			}, samplesByType(t, st, user))
			srcs, err := st.ListDataSources(t.Context(), user)
			require.NoError(t, err)
			for _, s := range srcs {
				if *s.Source == "Ana’s Apple Watch" && s.DeviceModel != nil {
					require.Equal(t, domain.DeviceWatch, *s.DeviceType)
					require.Equal(t, "Watch6,2", *s.DeviceModel)
				}
			}

			again, err := importFile(t, st, user, sample)
			require.NoError(t, err)
			require.Zero(t, again.Created+again.Updated, "a re-import stores nothing twice")
			require.Equal(t, 4, again.Sources)
		})
	}
}

// TestAppleImportStopsAtABrokenElement: a truncated export stores the
// whole records before the break and none of the broken one, and the
// error names the byte offset.
func TestAppleImportStopsAtABrokenElement(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(sample)
	require.NoError(t, err)
	cut := bytes.Index(b, []byte(`value="1021"`)) // inside the steps record
	path := filepath.Join(t.TempDir(), "export.xml")
	require.NoError(t, os.WriteFile(path, b[:cut], 0o600))
	st := storetest.NewSQLite(t)
	user := newUser(t, st)
	_, err = importFile(t, st, user, path)
	var fe *apple.FormatError
	require.True(t, errors.As(err, &fe), "%v", err)
	require.ErrorContains(t, err, "truncated")
	require.Equal(t, map[string][]float64{
		"heart_rate Ana’s Apple Watch":                  {62, 58},
		"heart_rate_variability_sdnn Ana’s Apple Watch": {48.22},
	}, samplesByType(t, st, user))
}

// TestAppleImportNeedsTheUser: an unknown user is refused before
// anything is read.
func TestAppleImportNeedsTheUser(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	_, err := importFile(t, st, "0190a1b2-0000-7000-8000-000000000000", sample)
	require.ErrorIs(t, err, store.ErrNotFound)
}

// checkSleepAndWorkout: the sample export's core-sleep fragment (across
// the DST change: 01:30 PST to 03:10 PDT is 40 minutes) is a night's
// session, and its run a workout with the statistics converted.
func checkSleepAndWorkout(t *testing.T, st store.Store, user string) {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), store.EventQuery{UserID: user, Category: domain.CategorySleep})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	s := evs[0]
	require.Equal(t, time.Date(2024, 3, 10, 9, 30, 0, 0, time.UTC), s.StartTime)
	require.Equal(t, 40*time.Minute, s.Duration())
	require.Equal(t, int64(2400), *s.Sleep.LightSeconds)
	require.Equal(t, int64(2400), *s.Sleep.TotalSleepSeconds)
	require.Equal(t, domain.ZoneOffset(-8*3600), s.ZoneOffset)
	require.False(t, s.Sleep.IsNap)

	evs, err = st.ListEvents(t.Context(), store.EventQuery{UserID: user, Category: domain.CategoryWorkout})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	w := evs[0]
	require.Equal(t, "running", w.Type)
	require.InDelta(t, 312.4, *w.Workout.EnergyKcal, 1e-9)
	require.InDelta(t, 5021.2, *w.Workout.DistanceMeters, 1e-9)
	require.InDelta(t, 151.2, *w.Workout.AvgHeartRate, 1e-9)
	require.InDelta(t, 98, *w.Workout.MinHeartRate, 1e-9)
	require.InDelta(t, 172, *w.Workout.MaxHeartRate, 1e-9)
	require.Equal(t, 31*time.Minute+15*time.Second, w.Duration())
}
