package withings

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// summaryDefaults are the getsummary fields sent without data_fields.
func summaryDefaults() []string {
	return []string{
		"total_timeinbed", "total_sleep_time", "lightsleepduration", "remsleepduration", "deepsleepduration",
		"wakeupduration", "wakeupcount", "durationtosleep", "durationtowakeup", "sleep_efficiency",
		"sleep_latency", "hr_average", "hr_min", "hr_max", "rr_average", "rr_min", "rr_max",
		"breathing_disturbances_intensity", "snoring", "snoringepisodecount", "sleep_score",
		"night_events", "out_of_bed_count",
	}
}

// sleepID is the integer id of a sleep summary: one main sleep and at
// most one nap per local day.
func sleepID(p *truth.Person, sl truth.Sleep) int64 {
	id := p.WithingsUserID*100000 + int64(sl.Day)*2
	if sl.Nap {
		id++
	}
	return id
}

// sleepSummary implements POST /v2/sleep action=getsummary: one summary
// per sleep (naps included), oldest first, selected by the local date of
// waking up or by lastupdate, paged with offset/more.
func (s *Server) sleepSummary(c *call) (any, *apiError) {
	sel, err := parseDaySelector(c.form)
	if err != nil {
		return nil, err
	}
	offset, err := offsetParam(c.form)
	if err != nil {
		return nil, err
	}
	want := fields(c.form, summaryDefaults())
	var all []truth.Sleep
	for _, sl := range c.person.Sleeps(time.Time{}, time.Time{}) {
		if sel.keep(localDate(c.person, sl.End), sl.UpdatedAt.Unix()) {
			all = append(all, sl)
		}
	}
	// Sleeps come sorted by start; only the page is summarised.
	page, more, next := paginate(all, offset, s.cfg.PageSize)
	k := kitOf(s.seed, c.person)
	out := make([]SleepSummary, 0, len(page))
	for _, sl := range page {
		out = append(out, SleepSummary{
			ID: sleepID(c.person, sl), Timezone: zoneName(sl.Offset), Model: k.sleepModel(), ModelID: k.sleep.ModelID,
			StartDate: sl.Start.Unix(), EndDate: sl.End.Unix(), Date: localDate(c.person, sl.End),
			Created: sl.CreatedAt.Unix(), Modified: sl.UpdatedAt.Unix(), HashDeviceID: k.sleep.ID,
			Completed: true, Data: s.summaryData(c.person, k, sl, want),
		})
	}
	return SleepSummaryBody{Series: out, More: more, Offset: next}, nil
}

// nightStats are the per-minute series of a sleep reduced to summaries.
type nightStats struct {
	hrAvg, hrMin, hrMax int
	rrAvg, rrMin, rrMax int
	snoring, episodes   int
	mvtAvg, mvtActive   int
}

// statsOf reduces the same per-minute series sleep get serves.
func (s *Server) statsOf(p *truth.Person, k kit, sl truth.Sleep) nightStats {
	var st nightStats
	hr := p.HeartRateEvery(sl.Start, sl.End, time.Minute)
	var hrs, rrs, mvts []int
	for _, h := range hr {
		hrs = append(hrs, h.BPM)
	}
	snoringBefore := false
	for _, t := range nightMinutes(sl) {
		rrs = append(rrs, s.rrAt(p, sl, t))
		if !k.sleepMonitor {
			continue
		}
		mvts = append(mvts, s.mvtAt(p, sl, t))
		sn := s.snoringAt(p, sl, t)
		st.snoring += sn
		if sn > 0 && !snoringBefore {
			st.episodes++
		}
		snoringBefore = sn > 0
	}
	st.hrAvg, st.hrMin, st.hrMax = reduce(hrs)
	st.rrAvg, st.rrMin, st.rrMax = reduce(rrs)
	st.mvtAvg, _, _ = reduce(mvts)
	for _, m := range mvts {
		if m > 100 {
			st.mvtActive += 60
		}
	}
	return st
}

// reduce returns the rounded mean, minimum and maximum of xs.
func reduce(xs []int) (avg, lo, hi int) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	sum := 0
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		sum += x
		lo, hi = min(lo, x), max(hi, x)
	}
	return int(math.Round(float64(sum) / float64(len(xs)))), lo, hi
}

// hypnogramStats are what the hypnogram says about a night.
type hypnogramStats struct {
	firstSleep, lastSleep int // epoch indexes; -1 when never asleep
	waso                  int // awake epochs between them
	remEpisodes           int
	outOfBed              []int // epoch index where each out-of-bed run starts
}

// outOfBedEpochs is how long an awake run inside the night must last for
// a bed sensor to count it as getting out of bed.
const outOfBedEpochs = 7

// hypnogramOf scans a hypnogram once.
func hypnogramOf(sl truth.Sleep, sensor bool) hypnogramStats {
	h := hypnogramStats{firstSleep: -1, lastSleep: -1}
	for i, st := range sl.Hypnogram {
		if st != truth.Awake {
			if h.firstSleep < 0 {
				h.firstSleep = i
			}
			h.lastSleep = i
		}
		if st == truth.REM && (i == 0 || sl.Hypnogram[i-1] != truth.REM) {
			h.remEpisodes++
		}
	}
	run := 0
	for i := h.firstSleep + 1; h.firstSleep >= 0 && i <= h.lastSleep; i++ {
		if sl.Hypnogram[i] != truth.Awake {
			if sensor && run >= outOfBedEpochs {
				h.outOfBed = append(h.outOfBed, i-run)
			}
			run = 0
			continue
		}
		h.waso++
		run++
	}
	return h
}

// sleepScore is a 0–100 score from duration, depth, efficiency, latency
// and awakenings; Withings does not publish its formula.
func sleepScore(sl truth.Sleep) int {
	asleep := sl.Asleep().Hours()
	eff := sl.Asleep().Seconds() / sl.InBed().Seconds()
	restorative := (sl.DeepTime + sl.REMTime).Seconds() / math.Max(1, sl.Asleep().Seconds())
	v := 40*math.Min(1, asleep/8) +
		20*math.Max(0, math.Min(1, (eff-0.7)/0.25)) +
		20*math.Min(1, restorative/0.45) +
		10*(1-math.Min(1, sl.Latency.Minutes()/30)) +
		10*math.Max(0, 1-float64(sl.Disturbances)/15)
	return int(math.Round(math.Max(0, math.Min(100, v))))
}

// eventOffsets renders night_events: offsets in seconds from startdate.
func eventOffsets(sl truth.Sleep, h hypnogramStats) map[string][]int64 {
	ep := int64(truth.EpochLength / time.Second)
	out := map[string][]int64{"1": {0}, "4": {}}
	if h.firstSleep >= 0 {
		out["2"] = []int64{int64(h.firstSleep) * ep}
		out["3"] = []int64{int64(h.lastSleep+1) * ep}
	}
	for _, i := range h.outOfBed {
		out["4"] = append(out["4"], int64(i)*ep)
	}
	out["4"] = append(out["4"], int64(sl.InBed()/time.Second))
	return out
}
