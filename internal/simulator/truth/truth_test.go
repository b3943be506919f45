package truth_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

func generate(t testing.TB, opts truth.Options) *truth.World {
	t.Helper()
	w, err := truth.Generate(opts)
	require.NoError(t, err)
	return w
}

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	opts := truth.Options{Seed: 42, Users: 2, Days: 14}
	a, b := generate(t, opts), generate(t, opts)
	c := generate(t, truth.Options{Seed: 43, Users: 2, Days: 14})
	for i := range 2 {
		pa, pb := a.Person(i), b.Person(i)
		require.Equal(t, pa.Profile, pb.Profile)
		require.Equal(t, pa.WhoopUserID, pb.WhoopUserID)
		require.Equal(t, pa.Sleeps(time.Time{}, time.Time{}), pb.Sleeps(time.Time{}, time.Time{}))
		require.Equal(t, pa.Workouts(time.Time{}, time.Time{}), pb.Workouts(time.Time{}, time.Time{}))
		require.Equal(t, pa.Days(), pb.Days())
		from := a.Now().Add(-6 * time.Hour)
		require.Equal(t, pa.HeartRate(from, a.Now()), pb.HeartRate(from, b.Now()))
		require.NotEqual(t, pa.Sleeps(time.Time{}, time.Time{})[0].ID, c.Person(i).Sleeps(time.Time{}, time.Time{})[0].ID)
	}
	require.Equal(t, a.AdvanceDays(2), b.AdvanceDays(2))
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for _, opts := range []truth.Options{{Users: -1}, {Days: -2}} {
		_, err := truth.Generate(opts)
		require.ErrorIs(t, err, truth.ErrInvalidOptions)
	}
}

// TestSleepProperties checks hypnogram invariants over many seeds.
func TestSleepProperties(t *testing.T) {
	t.Parallel()
	// A fixed set of seeds rather than rapid: each check generates a world,
	// and a hundred of them would dominate the package's test time.
	for seed := range int64(12) {
		t.Run(fmt.Sprint("Seed", seed), func(rt *testing.T) {
			rt.Parallel()
			checkSleeps(rt, generate(rt, truth.Options{Seed: seed * 7919, Users: 1, Days: 8}).Person(0))
		})
	}
}

func checkSleeps(rt *testing.T, p *truth.Person) {
	{
		for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
			inBed := s.End.Sub(s.Start)
			require.Equal(rt, inBed, time.Duration(len(s.Hypnogram))*truth.EpochLength)
			require.Equal(rt, inBed, s.AwakeTime+s.LightTime+s.DeepTime+s.REMTime, "stages sum to time in bed")
			require.LessOrEqual(rt, s.EfficiencyPct, 100.0)
			require.Len(rt, s.HRV, int(math.Ceil(inBed.Minutes()/5)))
			if s.Nap {
				require.Less(rt, inBed, 2*time.Hour)
				continue
			}
			asleep := s.Asleep()
			require.InDelta(rt, 7.5, asleep.Hours(), 3.5)
			require.InDelta(rt, 0.2, s.DeepTime.Hours()/asleep.Hours(), 0.12, "deep share")
			require.InDelta(rt, 0.23, s.REMTime.Hours()/asleep.Hours(), 0.13, "REM share")
			require.GreaterOrEqual(rt, s.EfficiencyPct, 70.0)
			require.GreaterOrEqual(rt, s.CycleCount, 2)
			require.LessOrEqual(rt, s.CycleCount, 8)
			third := len(s.Hypnogram) / 3
			count := func(ep []truth.Stage, st truth.Stage) (n int) {
				for _, e := range ep {
					if e == st {
						n++
					}
				}
				return n
			}
			early, late := s.Hypnogram[:third], s.Hypnogram[2*third:]
			require.Greater(rt, count(early, truth.Deep), count(late, truth.Deep), "deep sleep early")
			require.Greater(rt, count(late, truth.REM), count(early, truth.REM), "REM late")
			require.Positive(rt, s.Need.Total())
			require.InDelta(rt, 15, s.RespiratoryRate, 5)
			require.InDelta(rt, 96, s.SpO2, 5)
		}
	}
}

func TestPhysiologyRanges(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 7, Users: 3, Days: 21})
	for _, p := range w.People() {
		require.InDelta(t, 1.7, p.Profile.HeightM, 0.3)
		require.InDelta(t, 70, p.Profile.WeightKg, 40)
		hr := p.HeartRate(w.Now().Add(-48*time.Hour), w.Now())
		require.Len(t, hr, 48*3600)
		var sleepSum, wakeSum float64
		var sleepN, wakeN int
		for _, s := range hr {
			require.GreaterOrEqual(t, s.BPM, truth.MinBPM)
			require.LessOrEqual(t, s.BPM, truth.MaxBPM)
			require.LessOrEqual(t, s.BPM, p.Profile.MaxHR+2)
		}
		for _, s := range p.Sleeps(w.Now().Add(-48*time.Hour), w.Now()) {
			for _, x := range p.HeartRateEvery(s.Start, s.End, time.Minute) {
				sleepSum += float64(x.BPM)
				sleepN++
			}
			for _, x := range p.HeartRateEvery(s.End.Add(2*time.Hour), s.End.Add(10*time.Hour), time.Minute) {
				wakeSum += float64(x.BPM)
				wakeN++
			}
		}
		require.Less(t, sleepSum/float64(sleepN), wakeSum/float64(wakeN), "sleeping heart rate is lower")
		for _, wk := range p.Workouts(time.Time{}, time.Time{}) {
			var zones time.Duration
			for _, z := range wk.Zones {
				zones += z
			}
			recorded := time.Duration(float64(wk.Duration()) * wk.PercentRecorded / 100)
			require.InDelta(t, recorded.Seconds(), zones.Seconds(), 10, "zones cover the recorded part")
			require.LessOrEqual(t, wk.AvgHR, wk.MaxHR)
			require.InDelta(t, 10.5, wk.Strain, 10.5)
			require.Positive(t, wk.EnergyKJ)
			require.NotEmpty(t, wk.Sport.WhoopName)
		}
		for _, d := range p.Days() {
			require.InDelta(t, 15000, d.Steps, 15000)
			require.Greater(t, d.EnergyKJ, d.ActiveKJ)
			for _, v := range []int{d.Oura.Sleep, d.Oura.Readiness} {
				require.InDelta(t, 50.5, v, 49.5)
			}
		}
		for _, r := range p.Recoveries(time.Time{}, time.Time{}) {
			require.InDelta(t, 50, r.Score, 49)
		}
		for _, c := range p.Cycles(time.Time{}, time.Time{}) {
			require.InDelta(t, 10.5, c.Strain, 10.5)
		}
		for _, m := range p.Measurements(time.Time{}, time.Time{}) {
			switch m.Kind {
			case truth.MeasureWeight:
				require.InDelta(t, m.WeightKg, m.FatMassKg+m.FatFreeMassKg, 0.02)
			case truth.MeasureBloodPressure:
				require.Greater(t, m.SystolicMmHg, m.DiastolicMmHg)
			case truth.MeasureTemperature:
				require.InDelta(t, 36.7, m.BodyTempC, 1)
			}
		}
	}
}

// TestHardDaysLowerRecovery checks the main correlation: recovery after a
// high-strain cycle is lower on average than after a light one.
func TestHardDaysLowerRecovery(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 11, Users: 4, Days: 60})
	var hard, easy []float64
	for _, p := range w.People() {
		cycles := p.Cycles(time.Time{}, time.Time{})
		for i := 1; i < len(cycles); i++ {
			rec, ok := p.RecoveryForCycle(cycles[i].ID)
			if !ok {
				continue
			}
			switch s := cycles[i-1].Strain; {
			case s >= 14:
				hard = append(hard, float64(rec.Score))
			case s < 9:
				easy = append(easy, float64(rec.Score))
			}
		}
	}
	require.NotEmpty(t, hard)
	require.NotEmpty(t, easy)
	require.Less(t, avg(hard)+5, avg(easy))
}

func avg(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func TestCyclesAndStates(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 3, Users: 4, Days: 60})
	states := map[truth.ScoreState]int{}
	for _, p := range w.People() {
		cycles := p.Cycles(time.Time{}, time.Time{})
		for i, c := range cycles {
			states[c.State]++
			if i == len(cycles)-1 {
				require.True(t, c.Open, "the latest cycle is open")
				require.True(t, c.End.IsZero())
				require.Equal(t, truth.PendingScore, c.State)
				continue
			}
			require.False(t, c.Open)
			require.Equal(t, cycles[i+1].Start, c.End, "cycles tile time")
		}
		for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
			states[s.State]++
		}
		for _, x := range p.Workouts(time.Time{}, time.Time{}) {
			states[x.State]++
		}
	}
	require.Positive(t, states[truth.Scored])
	require.Positive(t, states[truth.PendingScore])
	require.Positive(t, states[truth.Unscorable])
}

func TestOffsetChange(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 5, Users: 2, Days: 20})
	seen := map[string]bool{}
	for _, d := range w.Person(1).Days() {
		seen[d.Offset] = true
	}
	require.Len(t, seen, 2, "person 1 changes offset mid-range")
	require.Equal(t, "-05:00", w.Person(0).Days()[0].Offset)
}

func TestWindowsAreHalfOpen(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 9, Users: 1, Days: 10})
	p := w.Person(0)
	all := p.Sleeps(time.Time{}, time.Time{})
	s := all[3]
	require.Equal(t, []truth.Sleep{s}, p.Sleeps(s.Start, s.Start.Add(time.Second)))
	require.Empty(t, p.Sleeps(s.Start.Add(-time.Second), s.Start))
	got, ok := p.Sleep(s.ID)
	require.True(t, ok)
	require.Equal(t, s, got)
}

func TestAdvance(t *testing.T) {
	t.Parallel()
	w := generate(t, truth.Options{Seed: 21, Users: 4, Days: 10, DeleteRate: 0.5})
	before := w.Person(0).Sleeps(time.Time{}, time.Time{})
	start := w.Now()
	var changes []truth.Change
	for range 96 {
		changes = append(changes, w.Advance(time.Hour)...)
	}
	require.Equal(t, start.Add(96*time.Hour), w.Now())
	ops := map[truth.ChangeOp]int{}
	kinds := map[truth.RecordKind]int{}
	deleted := map[string]bool{}
	for _, c := range changes {
		if c.Op == truth.Deleted {
			deleted[c.ID] = true
		}
	}
	for i, c := range changes {
		ops[c.Op]++
		kinds[c.Kind]++
		require.True(t, c.At.After(start) && !c.At.After(w.Now()), "change inside the interval")
		if i > 0 {
			require.False(t, c.At.Before(changes[i-1].At), "oldest first")
		}
		switch c.Op {
		case truth.Deleted:
			switch c.Kind {
			case truth.KindSleep:
				_, ok := c.Person.Sleep(c.ID)
				require.False(t, ok)
			case truth.KindWorkout:
				_, ok := c.Person.Workout(c.ID)
				require.False(t, ok)
			}
		case truth.Created:
			if c.Kind == truth.KindSleep && !deleted[c.ID] {
				_, ok := c.Person.Sleep(c.ID)
				require.True(t, ok)
			}
		}
	}
	require.Positive(t, ops[truth.Created])
	require.Positive(t, ops[truth.Updated])
	require.Positive(t, ops[truth.Deleted])
	require.Positive(t, kinds[truth.KindSleep])
	require.Positive(t, kinds[truth.KindCycle])
	require.Greater(t, len(w.Person(0).Sleeps(time.Time{}, time.Time{})), len(before)-3)
	require.Empty(t, w.Advance(0))
}
