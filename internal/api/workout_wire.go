package api

import (
	"math"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// workoutDetail is the part of a workout Open Wearables 0.9.0 added:
// every key is sent, null where the providers have no value.
type workoutDetail struct {
	HeartRateMin   *int             `json:"heart_rate_min"`
	StepsCount     *int64           `json:"steps_count"`
	MovingSeconds  *int64           `json:"moving_time_seconds"`
	Intensity      *string          `json:"intensity"`
	EntrySource    *string          `json:"entry_source"`
	AverageSpeed   *float64         `json:"average_speed"`
	MaxSpeed       *float64         `json:"max_speed"`
	AverageCadence *float64         `json:"average_cadence"`
	AverageWatts   *float64         `json:"average_watts"`
	MaxWatts       *float64         `json:"max_watts"`
	ElevHigh       *float64         `json:"elev_high"`
	ElevLow        *float64         `json:"elev_low"`
	HRZones        *wireHRZones     `json:"hr_zones"`
	PowerZones     *struct{}        `json:"power_zones"`
	Segments       []map[string]any `json:"segments"`
}

type wireHRZones struct {
	MaxHR       *int         `json:"max_hr"`
	ThresholdHR *int         `json:"threshold_hr"`
	Zones       []wireHRZone `json:"zones"`
}

type wireHRZone struct {
	Zone    int     `json:"zone"`
	Seconds float64 `json:"seconds"`
	MaxBPM  *int    `json:"max_bpm"`
}

// workoutDetails fills what the normalized workout has; the zones only
// when asked for (include=zones), as Open Wearables expands them.
func workoutDetails(e domain.Event, zones bool) workoutDetail {
	var out workoutDetail
	d := e.Workout
	if d == nil {
		return out
	}
	out.HeartRateMin = roundInt(d.MinHeartRate)
	out.StepsCount, out.MovingSeconds = d.Steps, d.MovingSeconds
	out.Intensity = intensity(d.Intensity)
	if d.DistanceMeters != nil && *d.DistanceMeters > 0 {
		secs := e.Duration().Seconds()
		if d.MovingSeconds != nil && *d.MovingSeconds > 0 {
			secs = float64(*d.MovingSeconds)
		}
		if secs > 0 {
			v := math.Round(*d.DistanceMeters/secs*1000) / 1000
			out.AverageSpeed = &v
		}
	}
	if zones && len(d.HRZones) > 0 {
		z := &wireHRZones{Zones: make([]wireHRZone, 0, len(d.HRZones))}
		for _, hz := range d.HRZones {
			z.Zones = append(z.Zones, wireHRZone{Zone: hz.Zone, Seconds: float64(hz.Seconds)})
		}
		out.HRZones = z
	}
	return out
}

// intensity maps a provider's intensity words to 0.9.0's scale.
func intensity(v *string) *string {
	if v == nil {
		return nil
	}
	var out string
	switch *v {
	case "low", "easy", "restorative":
		out = "low"
	case "moderate", "medium":
		out = "moderate"
	case "high", "hard":
		out = "high"
	default:
		out = "unknown"
	}
	return &out
}
