package withings_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// TestHeartRecordings lists every person's ECGs, fetches each signal, and
// checks BPM Core recordings against the truth's blood-pressure readings.
func TestHeartRecordings(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 6, days: 20, seed: 10, pageSize: 3})
	withBP := 0
	for i, p := range b.world.People() {
		tok := b.token(t, i)
		bp := map[int64]truth.Measurement{}
		for _, m := range p.Measurements(time.Time{}, time.Time{}) {
			if m.Kind == truth.MeasureBloodPressure {
				bp[m.ID] = m
			}
		}
		var records []withings.HeartRecord
		offset := 0
		for {
			body := call[withings.HeartListBody](t, b, withings.RouteHeart, tok, form("action", "list", "offset", strconv.Itoa(offset)))
			records = append(records, body.Series...)
			if !body.More {
				break
			}
			offset = body.Offset
		}
		for j, r := range records {
			if j > 0 {
				require.LessOrEqual(t, r.Timestamp, records[j-1].Timestamp, "newest first")
			}
			require.LessOrEqual(t, r.Timestamp, r.Modified)
			require.LessOrEqual(t, r.Modified, b.world.Now().Unix(), "no recording from the future")
			if r.BloodPressure != nil {
				m, ok := bp[r.ECG.SignalID]
				require.True(t, ok, "BPM Core ECG %d without its reading", r.ECG.SignalID)
				require.Equal(t, withings.HeartBloodPressure{Diastole: m.DiastolicMmHg, Systole: m.SystolicMmHg}, *r.BloodPressure)
				require.Equal(t, m.PulseBPM, r.HeartRate)
				withBP++
			}
			sig := call[withings.HeartSignalBody](t, b, withings.RouteHeart, tok,
				form("action", "get", "signalid", strconv.FormatInt(r.ECG.SignalID, 10)))
			require.Equal(t, r.Model, sig.Model)
			require.Equal(t, r.HeartRate, sig.HeartRate)
			seconds := map[int]int{300: 30, 500: 20}[sig.SamplingFrequency]
			require.Positive(t, seconds, "sampling frequency %d", sig.SamplingFrequency)
			require.Len(t, sig.Signal, sig.SamplingFrequency*seconds)
		}
	}
	require.Positive(t, withBP, "no BPM Core recording in the world")
	raw := b.post(t, withings.RouteHeart, b.token(t, 0), form("action", "get", "signalid", "1"))
	require.Equal(t, withings.StatusInvalidParams, status(t, raw))
}

// TestDevicesNameEveryDataSource checks that the device ids other answers
// carry are all listed by getdevice, and that time zones are IANA names
// with the truth's offset.
func TestDevicesNameEveryDataSource(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 3, days: 6})
	for i, p := range b.world.People() {
		tok := b.token(t, i)
		devices := call[withings.DevicesBody](t, b, withings.RouteUser, tok, form("action", "getdevice")).Devices
		ids := map[string]bool{}
		for _, d := range devices {
			ids[d.DeviceID] = true
			require.Equal(t, d.DeviceID, d.HashDeviceID)
			require.LessOrEqual(t, d.FirstSessionDate, d.LastSessionDate)
		}
		for _, g := range allGroups(t, b, tok) {
			if g.DeviceID != nil {
				require.True(t, ids[*g.DeviceID], "group %d device %s not listed", g.GrpID, *g.DeviceID)
			}
			loc, err := time.LoadLocation(g.Timezone)
			require.NoError(t, err)
			at := time.Unix(g.Date, 0)
			require.Equal(t, p.OffsetAt(at), at.In(loc).Format("-07:00"), "group %d", g.GrpID)
		}
		summaries := call[withings.SleepSummaryBody](t, b, withings.RouteSleep, tok, form("action", "getsummary", "lastupdate", "0"))
		for _, s := range summaries.Series {
			require.True(t, ids[s.HashDeviceID])
		}
	}
}

// TestAdvanceHookReplacesAdvance checks the cluster seam: with
// Config.Advance set, /_sim/advance calls it instead of advancing alone.
func TestAdvanceHookReplacesAdvance(t *testing.T) {
	t.Parallel()
	w, err := truth.Generate(truth.Options{Seed: 3, Users: 1, Days: 2})
	require.NoError(t, err)
	var got time.Duration
	sim, err := withings.New(withings.Config{World: w, Advance: func(_ context.Context, d time.Duration) (int, error) {
		got = d
		return 7, nil
	}})
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	b := &testBundle{world: w, sim: sim, srv: httptest.NewServer(sim.Handler())}
	t.Cleanup(b.srv.Close)
	code, body := rawPost(t, b, "/_sim/advance?by=2h", "", "")
	require.Equal(t, 200, code, string(body))
	require.Equal(t, 2*time.Hour, got)
	require.Equal(t, truth.DefaultEnd(), w.Now(), "the world is the cluster's to advance")
}
