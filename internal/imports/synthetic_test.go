package imports

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/simulator/healthkit"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestSyntheticExportImports: the benchmark's generated export imports
// whole in small transactions (the batch size forces many), a night of
// sleep a day and a workout a day, and a second import stores nothing.
func TestSyntheticExportImports(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	_, records, err := healthkit.WriteSynthetic(&buf, 3<<20, time.FixedZone("PST", -8*3600))
	require.NoError(t, err)
	st := storetest.NewSQLite(t)
	user := newUser(t, st)
	run := func() AppleResult {
		res, err := ImportAppleHealth(t.Context(), apple.FromReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())),
			AppleOptions{Store: st, UserID: user, Batch: 5000})
		require.NoError(t, err)
		return res
	}
	res := run()
	days := res.Workouts
	require.Positive(t, days)
	require.Equal(t, records, res.Samples+res.SleepFragments+res.Workouts, "every record read")
	require.Equal(t, 41*days, res.SleepFragments, "an in-bed record and 40 stages a night")
	require.Equal(t, int64(buf.Len()), res.Bytes)
	again := run()
	require.Zero(t, again.Created+again.Updated)
}

// TestAppleImportRefusesForeignUnits: a unit a type is never written in
// is ErrMalformed naming the byte offset.
func TestAppleImportRefusesForeignUnits(t *testing.T) {
	t.Parallel()
	xml := `<HealthData locale="en_US"><Record type="HKQuantityTypeIdentifierHeartRate" sourceName="W" unit="Hz" startDate="2024-03-10 01:59:59 -0800" endDate="2024-03-10 01:59:59 -0800" value="1"/></HealthData>`
	st := storetest.NewSQLite(t)
	_, err := ImportAppleHealth(t.Context(), apple.FromReader(bytes.NewReader([]byte(xml)), int64(len(xml))), AppleOptions{Store: st, UserID: newUser(t, st)})
	require.ErrorIs(t, err, ErrMalformed)
	require.ErrorContains(t, err, "byte 27")
}
