package whoop

import (
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// RouteSleepStream is getSleepStream (seed 000): the raw signal stream of
// one sleep.
const RouteSleepStream = "GET /developer/v2/activity/sleep/{sleepId}/stream"

// Stream signal types, the enum of the types query parameter (seed 000).
const (
	StreamHR                  = "hr"
	StreamSkinTemp            = "skin_temp"
	StreamBoardTemp           = "board_temp"
	StreamBatteryTemp         = "battery_temp"
	StreamSleepClassification = "sleep_classification"
	StreamChargingStatus      = "charging_status"
)

// StreamTypes lists every signal type in the seed's order.
func StreamTypes() []string {
	return []string{StreamHR, StreamSkinTemp, StreamBoardTemp, StreamBatteryTemp, StreamSleepClassification, StreamChargingStatus}
}

// AlgorithmVersion is the algorithm_version every simulated stream names.
const AlgorithmVersion = "sim-4.0.2"

// ChargeArtifactBPM is how far the simulated optical sensor reads above the
// true heart rate while the battery pack charges the band on the wrist:
// those samples are noise a client must drop.
const ChargeArtifactBPM = 23

// SleepStream is the getSleepStream response.
type SleepStream struct {
	Stream           []StreamSample `json:"stream"`
	AlgorithmVersion string         `json:"algorithm_version"`
}

// StreamSample is one timestamp of the stream. A field is present only
// when its signal type was asked for.
type StreamSample struct {
	Timestamp   Time     `json:"timestamp"`
	HR          *int     `json:"hr,omitempty"`
	SkinTemp    *float64 `json:"skin_temp,omitempty"`
	BoardTemp   *float64 `json:"board_temp,omitempty"`
	BatteryTemp *float64 `json:"battery_temp,omitempty"`
	IsSleeping  *bool    `json:"is_sleeping,omitempty"`
	IsCharging  *bool    `json:"is_charging,omitempty"`
}

// streamTypes reads the types parameter: repeated (types=hr&types=…, the
// OpenAPI default for arrays) or comma separated; absent means all.
func streamTypes(r *http.Request) (map[string]bool, string) {
	vals := r.URL.Query()["types"]
	out := map[string]bool{}
	if len(vals) == 0 {
		for _, t := range StreamTypes() {
			out[t] = true
		}
		return out, ""
	}
	for _, v := range vals {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if !slices.Contains(StreamTypes(), t) {
				return nil, "unknown stream type " + t
			}
			out[t] = true
		}
	}
	return out, ""
}

// sleepStream serves one sleep's stream at 1 Hz from the truth's heart
// rate and hypnogram. Only scored sleeps have one; others are 404.
func (s *Server) sleepStream(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	types, bad := streamTypes(r)
	if bad != "" {
		writeError(w, r, http.StatusBadRequest, bad)
		return
	}
	sl, found := p.Sleep(r.PathValue("sleepId"))
	if !found || sl.State != truth.Scored {
		writeError(w, r, http.StatusNotFound, "not found")
		return
	}
	simkit.WriteJSON(w, http.StatusOK, RenderStream(p, sl, types))
}

// RenderStream renders the stream of sl with the given signal types.
func RenderStream(p *truth.Person, sl truth.Sleep, types map[string]bool) SleepStream {
	hr := p.HeartRate(sl.Start, sl.End)
	from, to := ChargingWindow(sl)
	out := SleepStream{Stream: make([]StreamSample, 0, len(hr)), AlgorithmVersion: AlgorithmVersion}
	for _, h := range hr {
		t := h.Time
		charging := !t.Before(from) && t.Before(to)
		smp := StreamSample{Timestamp: wt(t)}
		if types[StreamHR] {
			v := h.BPM
			if charging {
				v += ChargeArtifactBPM
			}
			smp.HR = &v
		}
		skin := SkinTempAt(sl, t)
		if types[StreamSkinTemp] {
			smp.SkinTemp = &skin
		}
		if types[StreamBoardTemp] {
			v := round2(skin + 0.8 + boolf(charging)*2.5)
			smp.BoardTemp = &v
		}
		if types[StreamBatteryTemp] {
			v := round2(skin - 0.4 + boolf(charging)*4)
			smp.BatteryTemp = &v
		}
		if types[StreamSleepClassification] {
			st, _ := sl.StageAt(t)
			v := st != truth.Awake
			smp.IsSleeping = &v
		}
		if types[StreamChargingStatus] {
			v := charging
			smp.IsCharging = &v
		}
		out.Stream = append(out.Stream, smp)
	}
	return out
}

// SkinTempAt is the simulated wrist temperature at t: the night's average
// with a slow swing of ±0.3 °C, rounded to 0.01 °C as the band reports.
func SkinTempAt(sl truth.Sleep, t time.Time) float64 {
	phase := 2 * math.Pi * t.Sub(sl.Start).Hours() / 6
	return round2(sl.SkinTempC + 0.3*math.Sin(phase))
}

// ChargingWindow is when the band charged on the wrist during sl: a
// quarter of the nights (chosen by the sleep id) charge for 15 minutes
// starting a third of the way in; the others never ([0, 0)).
func ChargingWindow(sl truth.Sleep) (time.Time, time.Time) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(sl.ID))
	if sl.Nap || h.Sum32()%4 != 0 {
		return time.Time{}, time.Time{}
	}
	from := sl.Start.Add(sl.InBed() / 3).Truncate(time.Second)
	return from, from.Add(15 * time.Minute)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
