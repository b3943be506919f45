package withings_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// intradaySum adds up the intraday steps and floors of [from, to) in
// calls of at most 12 hours.
func intradaySum(t *testing.T, b *testBundle, tok string, from, to time.Time) (steps int, floors float64) {
	t.Helper()
	for a := from; a.Before(to); a = a.Add(12 * time.Hour) {
		z := a.Add(12 * time.Hour)
		if z.After(to) {
			z = to
		}
		body := call[withings.IntradayBody](t, b, withings.RouteMeasureV2, tok,
			form("action", "getintradayactivity", "startdate", unix(a), "enddate", unix(z)))
		for k, pt := range body.Series {
			ts, err := strconv.ParseInt(k, 10, 64)
			require.NoError(t, err)
			require.True(t, ts >= a.Unix() && ts < z.Unix(), "point %d outside [%v, %v)", ts, a, z)
			if pt.Steps != nil {
				steps += *pt.Steps
			}
			if pt.Elevation != nil {
				floors += *pt.Elevation
			}
		}
	}
	return steps, floors
}

// TestActivityMatchesTruth compares finished days with the truth's daily
// aggregates, and with the sum of the intraday series.
func TestActivityMatchesTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 2, days: 4})
	for i, p := range b.world.People() {
		tok := b.token(t, i)
		days := p.Days()
		body := call[withings.ActivityBody](t, b, withings.RouteMeasureV2, tok, form("action", "getactivity",
			"startdateymd", days[0].Date, "enddateymd", days[len(days)-1].Date))
		require.Len(t, body.Activities, len(days))
		for j, d := range days {
			a := body.Activities[j]
			require.Equal(t, d.Date, a.Date)
			if d.State == truth.PendingScore {
				continue
			}
			require.Equal(t, d.Steps, *a.Steps, d.Date)
			require.InDelta(t, d.EnergyKJ/4.184, *a.TotalCalories, 0.05, d.Date)
			require.InDelta(t, d.ActiveKJ/4.184, *a.Calories, 0.05, d.Date)
			require.Greater(t, *a.TotalCalories, *a.Calories)
			require.InDelta(t, d.WalkingDistanceM, *a.Distance, 1, d.Date)
			require.Equal(t, int(d.LowActivity.Seconds()), *a.Soft)
			require.Equal(t, int(d.MediumActivity.Seconds()), *a.Moderate)
			require.Equal(t, int(d.HighActivity.Seconds()), *a.Intense)
			require.Equal(t, *a.Moderate+*a.Intense, *a.Active)
			require.LessOrEqual(t, *a.HRMin, *a.HRAverage)
			require.LessOrEqual(t, *a.HRAverage, *a.HRMax)
			steps, floors := intradaySum(t, b, tok, d.Start, d.End)
			require.Equal(t, d.Steps, steps, d.Date)
			require.InDelta(t, *a.Elevation, floors, 1e-9, d.Date)
		}
	}
}

// TestActivityInProgressDay checks that the current day only counts what
// happened before now.
func TestActivityInProgressDay(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 3})
	b.world.Advance(15 * time.Hour)
	b.clock.Advance(15 * time.Hour)
	tok := b.token(t, 0)
	p := b.world.Person(0)
	days := p.Days()
	today := days[len(days)-1]
	require.Equal(t, truth.PendingScore, today.State)
	body := call[withings.ActivityBody](t, b, withings.RouteMeasureV2, tok,
		form("action", "getactivity", "startdateymd", today.Date, "enddateymd", today.Date))
	require.Len(t, body.Activities, 1)
	steps, _ := intradaySum(t, b, tok, today.Start, b.world.Now())
	require.Equal(t, steps, *body.Activities[0].Steps)
	require.Less(t, steps, today.Steps, "the truth's full-day total must not leak")
	require.Equal(t, b.world.Now().Unix(), body.Activities[0].Modified)
}

func TestIntradayWindow(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 4})
	tok := b.token(t, 0)
	now := b.world.Now()
	tests := []struct {
		name     string
		params   []string
		from, to time.Time
	}{
		{name: "CutTo24h", params: []string{"startdate", unix(now.Add(-72 * time.Hour)), "enddate", unix(now)},
			from: now.Add(-72 * time.Hour), to: now.Add(-48 * time.Hour)},
		{name: "NoWindowIsLastDay", from: now.Add(-24 * time.Hour), to: now},
		{name: "OnlyStart", params: []string{"startdate", unix(now.Add(-30 * time.Hour))},
			from: now.Add(-30 * time.Hour), to: now.Add(-6 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := call[withings.IntradayBody](t, b, withings.RouteMeasureV2, tok,
				form(append([]string{"action", "getintradayactivity", "data_fields", "steps,heart_rate"}, tt.params...)...))
			require.NotEmpty(t, body.Series)
			var first, last int64 = 1 << 62, 0
			for k, pt := range body.Series {
				ts, err := strconv.ParseInt(k, 10, 64)
				require.NoError(t, err)
				first, last = min(first, ts), max(last, ts)
				require.Nil(t, pt.Calories, "calories were not requested")
			}
			require.GreaterOrEqual(t, first, tt.from.Unix())
			require.Less(t, last, tt.to.Unix())
			require.Less(t, first, tt.from.Add(time.Hour).Unix())
		})
	}
}
