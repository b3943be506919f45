package sdk

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

func decodeFile(t *testing.T, name string) *SyncRequest {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	req, err := DecodeSyncRequest(bytes.NewReader(b))
	require.NoError(t, err)
	return req
}

// stored reads a user's samples as "series source" → values.
func stored(t *testing.T, st store.Store, user string) map[string][]float64 {
	t.Helper()
	srcs, err := st.ListDataSources(t.Context(), user)
	require.NoError(t, err)
	names := map[string]string{}
	for _, s := range srcs {
		names[s.ID] = string(s.Provider) + ":" + *s.Source
	}
	data, err := st.ReadSamples(t.Context(), store.SampleQuery{UserID: user, Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	out := map[string][]float64{}
	for _, d := range data {
		typ, _ := domain.SeriesTypeByID(d.TypeID)
		for _, s := range d.Samples {
			k := typ.Code + " " + names[d.DataSourceID]
			out[k] = append(out[k], s.V)
		}
	}
	return out
}

func events(t *testing.T, st store.Store, user string, c domain.EventCategory) []domain.Event {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), store.EventQuery{UserID: user, Category: c})
	require.NoError(t, err)
	return evs
}

// TestSyncAppleBatch: a HealthKit batch lands converted (SpO2 fractions
// to percent, glucose by molar mass, HRV as SDNN), the Watch's and the
// iPhone's steps in their own data sources, sleep fragments as one night
// and the run with its statistics; a type not stored yet is counted as
// dropped; the same batch again stores nothing.
func TestSyncAppleBatch(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			s, _, user := setup(t, st)
			req := decodeFile(t, "testdata/apple_batch.json")
			res, err := s.Sync(t.Context(), user, req)
			require.NoError(t, err)
			require.Equal(t, 1, res.Dropped, "caffeine is not a series yet")
			require.Equal(t, 7+4+1, res.RecordsSaved)
			require.Equal(t, 1, res.SleepSaved)
			require.Equal(t, 1, res.WorkoutsSaved)
			require.Equal(t, []string{"blood_glucose", "heart_rate", "heart_rate_variability_sdnn", "oxygen_saturation", "steps"}, res.Types)
			require.Equal(t, 7+1+1, res.Inserted)

			got := stored(t, st, user)
			require.Equal(t, []float64{62, 58}, got["heart_rate apple:Ana’s Apple Watch"])
			require.Equal(t, []float64{48.22}, got["heart_rate_variability_sdnn apple:Ana’s Apple Watch"])
			require.Equal(t, []float64{1021}, got["steps apple:Ana’s iPhone"])
			require.Equal(t, []float64{988}, got["steps apple:Ana’s Apple Watch"], "the Watch's steps are not added to the iPhone's")
			require.Equal(t, []float64{97}, got["oxygen_saturation apple:Ana’s Apple Watch"])
			require.InDelta(t, 99.09, got["blood_glucose apple:Dexcom G7"][0], 1e-9)
			require.NotContains(t, got, "heart_rate_variability_rmssd apple:Ana’s Apple Watch")

			srcs, err := st.ListDataSources(t.Context(), user)
			require.NoError(t, err)
			require.Len(t, srcs, 3)
			for _, ds := range srcs {
				if *ds.Source == "Ana’s Apple Watch" {
					require.Equal(t, "Watch6,2", *ds.DeviceModel)
					require.Equal(t, domain.DeviceWatch, *ds.DeviceType)
				}
			}

			sl := events(t, st, user, domain.CategorySleep)
			require.Len(t, sl, 1)
			require.Equal(t, 8*time.Hour, sl[0].Duration())
			require.Equal(t, int64(165*60), *sl[0].Sleep.LightSeconds)
			require.Equal(t, int64(225*60), *sl[0].Sleep.REMSeconds)
			require.Equal(t, domain.ZoneOffset(-8*3600), sl[0].ZoneOffset)
			wo := events(t, st, user, domain.CategoryWorkout)
			require.Len(t, wo, 1)
			require.Equal(t, "running", wo[0].Type)
			require.InDelta(t, 312.4, *wo[0].Workout.EnergyKcal, 1e-9)
			require.Equal(t, int64(4870), *wo[0].Workout.Steps)
			require.InDelta(t, 172, *wo[0].Workout.MaxHeartRate, 1e-9)

			again, err := s.Sync(t.Context(), user, decodeFile(t, "testdata/apple_batch.json"))
			require.NoError(t, err)
			require.Zero(t, again.Inserted+again.Updated, "a retried batch stores nothing twice")
			require.Equal(t, got, stored(t, st, user))
		})
	}
}

// TestSyncSamsungBatch: Samsung Health's record types map with their
// units (percentages already 0–100, glucose mmol/L, °F, HRV as RMSSD);
// total calories are not stored as active energy.
func TestSyncSamsungBatch(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			s, _, user := setup(t, st)
			res, err := s.Sync(t.Context(), user, decodeFile(t, "testdata/samsung_batch.json"))
			require.NoError(t, err)
			require.Equal(t, 1, res.Dropped)
			got := stored(t, st, user)
			const src = " samsung:com.sec.android.app.shealth"
			require.Equal(t, []float64{121}, got["blood_pressure_systolic"+src])
			require.Equal(t, []float64{64}, got["heart_rate"+src])
			require.Equal(t, []float64{41.5}, got["heart_rate_variability_rmssd"+src])
			require.Equal(t, []float64{21.4}, got["body_fat_percentage"+src])
			require.InDelta(t, 99.09, got["blood_glucose"+src][0], 1e-9)
			require.InDelta(t, 37, got["body_temperature"+src][0], 1e-9)
			require.Len(t, got, 6)
			sl := events(t, st, user, domain.CategorySleep)
			require.Len(t, sl, 1)
			require.Equal(t, 110*time.Minute, sl[0].Duration())
			wo := events(t, st, user, domain.CategoryWorkout)
			require.Len(t, wo, 1)
			require.Equal(t, "running", wo[0].Type)
			require.InDelta(t, 340.5, *wo[0].Workout.EnergyKcal, 1e-9)
		})
	}
}

// TestSyncRefusesMalformedBatches: each defect is a PayloadError naming
// the member, and a batch refused while mapping (after valid records)
// stores nothing of it.
func TestSyncRefusesMalformedBatches(t *testing.T) {
	t.Parallel()
	valid, err := os.ReadFile("testdata/apple_batch.json")
	require.NoError(t, err)
	cases := map[string]struct{ body, path, msg string }{
		"not json":          {`{"provider": `, "provider", "unexpected EOF"},
		"trailing data":     {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z"} {}`, "", "after the JSON value"},
		"provider":          {`{"provider":"fitbit","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z"}`, "provider", `"fitbit"`},
		"no sdk version":    {`{"provider":"apple","syncTimestamp":"2024-03-10T00:00:00Z"}`, "sdkVersion", "required"},
		"sync type":         {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","syncType":"nightly"}`, "syncType", `"nightly"`},
		"bad timestamp":     {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"yesterday"}`, "syncTimestamp", ""},
		"value not number":  {rec(`"value":"lots","unit":"count"`), "data.records[0].value", "not a finite number"},
		"value NaN":         {rec(`"value":"NaN","unit":"count"`), "data.records[0].value", "not a finite number"},
		"no unit":           {rec(`"value":3`), "data.records[0].unit", "required"},
		"end before start":  {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","data":{"sleep":[{"stage":"deep","startDate":"2024-03-10T02:00:00Z","endDate":"2024-03-10T01:00:00Z"}]}}`, "data.sleep[0].endDate", "before startDate"},
		"stage":             {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","data":{"sleep":[{"stage":"dreaming","startDate":"2024-03-10T01:00:00Z","endDate":"2024-03-10T02:00:00Z"}]}}`, "data.sleep[0].stage", `"dreaming"`},
		"zone":              {rec(`"value":3,"unit":"count","zoneOffset":"PST"`), "data.records[0].zoneOffset", "UTC offset"},
		"records not array": {`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","data":{"records":{}}}`, "data.records", ""},
		"foreign unit": {strings.Replace(string(valid), `"value": 0.97, "unit": "%"`, `"value": 0.97, "unit": "Hz"`, 1),
			"data.records[5].unit", `"Hz"`},
		"workout unit": {strings.Replace(string(valid), `"unit": "m", "value": 5021.2`, `"unit": "furlong", "value": 5021.2`, 1),
			"data.workouts[0].values[2]", `"furlong"`},
	}
	st := engines["SQLite"](t)
	s, _, user := setup(t, st)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req, err := DecodeSyncRequest(strings.NewReader(tc.body))
			if err == nil {
				_, err = s.Sync(t.Context(), user, req)
			}
			var pe *PayloadError
			require.True(t, errors.As(err, &pe), "%v", err)
			require.Equal(t, tc.path, pe.Path, pe.Error())
			require.Contains(t, pe.Error(), tc.msg)
		})
	}
	srcs, err := st.ListDataSources(t.Context(), user)
	require.NoError(t, err)
	require.Empty(t, srcs, "nothing of a refused batch is stored")
	require.Empty(t, stored(t, st, user))
	require.Empty(t, events(t, st, user, domain.CategorySleep))
}

func rec(fields string) string {
	return `{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","data":{"records":[` +
		`{"type":"HKQuantityTypeIdentifierStepCount","startDate":"2024-03-10T01:00:00Z","endDate":"2024-03-10T01:00:00Z",` + fields + `}]}}`
}

// TestEveryAndroidMetricIsASeriesType: the Android table names served
// series types only.
func TestEveryAndroidMetricIsASeriesType(t *testing.T) {
	t.Parallel()
	for typ, m := range androidMetrics {
		_, ok := domain.SeriesTypeByCode(m.series)
		require.True(t, ok, "%s maps to %q", typ, m.series)
	}
}
