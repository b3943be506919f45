package withings

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// ecg is one ECG recording. The truth has none: a BPM Core records one
// with every blood-pressure reading, and the watch records one on some
// days (derived from the seed, the person and the day).
type ecg struct {
	signalID  int64
	model     int
	dev       device
	at        time.Time
	created   time.Time
	heartRate int
	afib      int
	bp        *HeartBloodPressure
	day       int
}

// Sampling of the two recorders (seed heart get description).
const (
	bpmCoreHz, bpmCoreSeconds     = 500, 20
	scanWatchHz, scanWatchSeconds = 300, 30
)

// ecgs returns the recordings of a person visible at now, oldest first.
func (s *Server) ecgs(p *truth.Person, now time.Time) []ecg {
	k := kitOf(s.seed, p)
	var out []ecg
	if k.bpmCore {
		for _, m := range p.Measurements(time.Time{}, time.Time{}) {
			if m.Kind != truth.MeasureBloodPressure {
				continue
			}
			out = append(out, ecg{
				signalID: m.ID, model: modelBPMCore, dev: k.bpm, at: m.Time, created: m.CreatedAt,
				heartRate: m.PulseBPM, afib: afibOf(personHash(s.seed, p, keyECG, uint64(m.ID))),
				bp: &HeartBloodPressure{Diastole: m.DiastolicMmHg, Systole: m.SystolicMmHg}, day: m.Day,
			})
		}
	}
	for _, d := range p.Days() {
		if e, ok := s.watchECG(p, k, d); ok && !now.Before(e.created) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b ecg) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.signalID, b.signalID)) })
	return out
}

// watchECG derives the watch recording of a day, if the person took one:
// on about one day in eight, at a random daytime hour, synced a few
// minutes later.
func (s *Server) watchECG(p *truth.Person, k kit, d truth.Day) (ecg, bool) {
	h := personHash(s.seed, p, keyECG, uint64(d.Index))
	if unitOf(h) >= 0.125 {
		return ecg{}, false
	}
	at := d.Start.Add(time.Duration(9*3600+hash(h, 1)%(11*3600)) * time.Second)
	e := ecg{
		signalID: watchGroupID(p.WithingsUserID, d.Index, 2), model: modelScanWatch, dev: k.tracker,
		at: at, created: at.Add(time.Duration(60+hash(h, 2)%600) * time.Second),
		afib: afibOf(hash(h, 3)), day: d.Index,
	}
	// The reading must lie before now to have a heart rate; the caller
	// filters by created, which is later still.
	if hr := p.HeartRateEvery(at, at.Add(time.Second), time.Second); len(hr) > 0 {
		e.heartRate = hr[0].BPM
	}
	return e, true
}

// afibOf classifies a recording: mostly negative, some inconclusive,
// rarely positive.
func afibOf(h uint64) int {
	switch u := unitOf(h); {
	case u < 0.02:
		return 1
	case u < 0.1:
		return 2
	default:
		return 0
	}
}

// heartList implements POST /v2/heart action=list: recordings newest
// first in an optional startdate/enddate window, paged with offset/more.
func (s *Server) heartList(c *call) (any, *apiError) {
	from, to, err := window(c.form)
	if err != nil {
		return nil, err
	}
	offset, err := offsetParam(c.form)
	if err != nil {
		return nil, err
	}
	var all []HeartRecord
	list := s.ecgs(c.person, c.now)
	for i := len(list) - 1; i >= 0; i-- {
		e := list[i]
		if (!from.IsZero() && e.at.Before(from)) || (!to.IsZero() && e.at.After(to)) {
			continue
		}
		all = append(all, HeartRecord{
			DeviceID: e.dev.ID, Model: e.model, ECG: HeartECG{SignalID: e.signalID, Afib: e.afib},
			BloodPressure: e.bp, HeartRate: e.heartRate, Modified: e.created.Unix(), Timestamp: e.at.Unix(),
		})
	}
	page, more, next := paginate(all, offset, s.cfg.PageSize)
	return HeartListBody{Series: page, More: more, Offset: next}, nil
}

// heartGet implements POST /v2/heart action=get: the signal of one of the
// user's recordings.
func (s *Server) heartGet(c *call) (any, *apiError) {
	id, ok, err := intParam(c.form, "signalid")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail(StatusInvalidParams, "Invalid Params: signalid is required")
	}
	for _, e := range s.ecgs(c.person, c.now) {
		if e.signalID == id {
			return s.signalOf(c.person, e), nil
		}
	}
	return nil, fail(StatusInvalidParams, "Invalid Params: no such signal")
}

// signalOf synthesises the ECG trace in microvolts: a P wave, QRS complex
// and T wave per beat at the recording's heart rate, with a little beat
// to beat variation, baseline wander and noise.
func (s *Server) signalOf(p *truth.Person, e ecg) HeartSignalBody {
	hz, secs, wear := scanWatchHz, scanWatchSeconds, 1
	if e.model == modelBPMCore {
		hz, secs, wear = bpmCoreHz, bpmCoreSeconds, 2
	}
	h := personHash(s.seed, p, keySignal, uint64(e.signalID))
	rr := 60 / float64(max(e.heartRate, 40))
	var beats []float64
	for t := 0.2; t < float64(secs)+1; t += rr * (0.96 + 0.08*unitOf(hash(h, uint64(len(beats))))) {
		beats = append(beats, t)
	}
	wave := func(x, mu, sigma, amp float64) float64 { return amp * math.Exp(-(x-mu)*(x-mu)/(2*sigma*sigma)) }
	sig := make([]int, hz*secs)
	b := 0
	for i := range sig {
		t := float64(i) / float64(hz)
		for b+1 < len(beats) && beats[b+1]-0.3 <= t {
			b++
		}
		var v float64
		for _, bt := range beats[max(0, b-1):min(len(beats), b+2)] {
			v += wave(t, bt-0.16, 0.025, 120) + wave(t, bt-0.03, 0.008, -90) + wave(t, bt, 0.01, 1100) +
				wave(t, bt+0.03, 0.01, -250) + wave(t, bt+0.28, 0.05, 300)
		}
		v += 40*math.Sin(2*math.Pi*0.3*t) + (unitOf(hash(h, 1<<32+uint64(i)))-0.5)*30
		sig[i] = int(math.Round(v))
	}
	return HeartSignalBody{Signal: sig, SamplingFrequency: hz, WearPosition: wear, Model: e.model, HeartRate: e.heartRate}
}

// getdevice implements POST /v2/user action=getdevice.
func (s *Server) getdevice(c *call) (any, *apiError) {
	return DevicesBody{Devices: s.devices(c.person, c.now)}, nil
}
