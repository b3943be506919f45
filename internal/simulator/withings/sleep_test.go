package withings_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// TestSleepGetMatchesHypnogram checks that the segments of every night
// tile the sleep and add up to the truth's stage totals.
func TestSleepGetMatchesHypnogram(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 2, days: 3})
	for i, p := range b.world.People() {
		tok := b.token(t, i)
		for _, sl := range p.Sleeps(time.Time{}, time.Time{}) {
			body := call[withings.SleepBody](t, b, withings.RouteSleep, tok, form("action", "get",
				"startdate", unix(sl.Start), "enddate", unix(sl.End), "data_fields", "hr,rr"))
			var totals [4]time.Duration
			next := sl.Start.Unix()
			rr := 0
			for _, seg := range body.Series {
				if seg.StartDate < sl.Start.Unix() || seg.EndDate > sl.End.Unix() {
					continue // another sleep overlapping the window
				}
				require.Equal(t, next, seg.StartDate, "segments must tile the night")
				next = seg.EndDate
				totals[seg.State] += time.Duration(seg.EndDate-seg.StartDate) * time.Second
				rr += len(seg.RR)
				for k := range seg.HR {
					ts, err := strconv.ParseInt(k, 10, 64)
					require.NoError(t, err)
					require.True(t, ts >= seg.StartDate && ts < seg.EndDate)
				}
			}
			require.Equal(t, sl.End.Unix(), next)
			// One respiration reading per whole minute of the night.
			first := sl.Start.Truncate(time.Minute)
			if first.Before(sl.Start) {
				first = first.Add(time.Minute)
			}
			require.Equal(t, int((sl.End.Sub(first)+time.Minute-1)/time.Minute), rr)
			require.Equal(t, [4]time.Duration{sl.AwakeTime, sl.LightTime, sl.DeepTime, sl.REMTime}, totals, sl.ID)
		}
	}
}

func TestSleepGetParameters(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 5})
	tok := b.token(t, 0)
	start := b.world.Start()
	tests := []struct {
		name   string
		params []string
		status int
		before time.Time // every segment starts before this
	}{
		{name: "CutTo24h", params: []string{"startdate", unix(start), "enddate", unix(start.AddDate(0, 0, 4))}, before: start.Add(24 * time.Hour)},
		{name: "MissingEnd", params: []string{"startdate", unix(start)}, status: withings.StatusInvalidParams},
		{name: "Reversed", params: []string{"startdate", unix(start), "enddate", unix(start.Add(-time.Hour))}, status: withings.StatusInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := form(append([]string{"action", "get"}, tt.params...)...)
			if tt.status != 0 {
				require.Equal(t, tt.status, status(t, b.post(t, withings.RouteSleep, tok, f)))
				return
			}
			body := call[withings.SleepBody](t, b, withings.RouteSleep, tok, f)
			require.NotEmpty(t, body.Series)
			for _, seg := range body.Series {
				require.Less(t, seg.StartDate, tt.before.Unix())
				require.Nil(t, seg.HR, "no data_fields: states only")
			}
		})
	}
}

// TestSleepSummaryMatchesTruth compares every summary with the truth's
// night and with the series sleep get serves for it.
func TestSleepSummaryMatchesTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 3, days: 3})
	for i, p := range b.world.People() {
		tok := b.token(t, i)
		body := call[withings.SleepSummaryBody](t, b, withings.RouteSleep, tok,
			form("action", "getsummary", "lastupdate", "0", "data_fields", allSummaryFields))
		sleeps := p.Sleeps(time.Time{}, time.Time{})
		require.Len(t, body.Series, len(sleeps))
		for j, sl := range sleeps {
			s := body.Series[j]
			d := s.Data
			require.Equal(t, sl.Start.Unix(), s.StartDate)
			require.Equal(t, sl.End.In(p.Location(sl.End)).Format(time.DateOnly), s.Date)
			require.Equal(t, int(sl.InBed().Seconds()), *d.TotalTimeInBed)
			require.Equal(t, int(sl.Asleep().Seconds()), *d.TotalSleepTime)
			require.Equal(t, int(sl.LightTime.Seconds()), *d.LightSleep)
			require.Equal(t, int(sl.DeepTime.Seconds()), *d.DeepSleep)
			require.Equal(t, int(sl.REMTime.Seconds()), *d.REMSleep)
			require.Equal(t, int(sl.AwakeTime.Seconds()), *d.WakeupDuration)
			require.Equal(t, int(sl.Latency.Seconds()), *d.SleepLatency)
			require.Equal(t, sl.Disturbances, *d.WakeupCount+*d.OutOfBedCount)
			require.InDelta(t, sl.EfficiencyPct/100, *d.SleepEfficiency, 0.006)
			require.Nil(t, d.AsleepDuration, "only for nights from external sources")
			require.Equal(t, []int64{0}, d.NightEvents["1"])
			require.Equal(t, []int64{int64(sl.Latency.Seconds())}, d.NightEvents["2"])
			if sl.State == truth.Scored {
				require.NotNil(t, d.SleepScore)
			}

			night := call[withings.SleepBody](t, b, withings.RouteSleep, tok, form("action", "get",
				"startdate", unix(sl.Start), "enddate", unix(sl.End), "data_fields", "hr,rr"))
			lo, hi := 1000, 0
			for _, seg := range night.Series {
				if seg.StartDate < sl.Start.Unix() || seg.EndDate > sl.End.Unix() {
					continue
				}
				for _, v := range seg.HR {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
			require.Equal(t, lo, *d.HRMin, sl.ID)
			require.Equal(t, hi, *d.HRMax, sl.ID)
		}
	}
}

func TestSleepSummaryDefaultFields(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 2})
	body := call[withings.SleepSummaryBody](t, b, withings.RouteSleep, b.token(t, 0),
		form("action", "getsummary", "lastupdate", "0"))
	require.NotEmpty(t, body.Series)
	d := body.Series[0].Data
	require.NotNil(t, d.TotalSleepTime)
	require.NotNil(t, d.NightEvents)
	require.Nil(t, d.WASO, "waso is only sent when requested")
	require.Nil(t, d.RMSSDStartAvg)
}
