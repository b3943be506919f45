package engine

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// decodeDetailsFast decodes an events.details document without
// reflection when it only uses what the store writes: the known fields
// as numbers, booleans, plain strings and nulls, and HR zones. It
// reports false for anything else (provider extras, escaped strings,
// stages as JSON, unknown or repeated keys, malformed input), and the
// caller then decodes with encoding/json, which is the reference: a
// document either decodes here to exactly what encoding/json gives, or
// is left to it. A page of sleep sessions decodes fifty of these, and
// encoding/json took longer over them than the query that read them.
func decodeDetailsFast(b []byte, d *eventDetails) bool {
	s := scanner{b: b}
	var seen uint8
	ok := s.object(func(key []byte) bool {
		var bit uint8
		switch string(key) {
		case "sleep":
			bit = 1
			if s.null() {
				d.Sleep = nil
				break
			}
			d.Sleep = &domain.SleepDetails{}
			return seenOnce(&seen, bit) && s.object(func(k []byte) bool { return sleepField(&s, k, d.Sleep) })
		case "workout":
			bit = 2
			if s.null() {
				d.Workout = nil
				break
			}
			d.Workout = &domain.WorkoutDetails{}
			return seenOnce(&seen, bit) && s.object(func(k []byte) bool { return workoutField(&s, k, d.Workout) })
		case "hypnogram":
			bit = 4
			if s.null() {
				break
			}
			v, ok := s.str()
			if !ok {
				return false
			}
			d.Hypnogram = domain.Hypnogram(v)
		default:
			return false
		}
		return seenOnce(&seen, bit)
	})
	s.ws()
	return ok && s.i == len(s.b)
}

// seenOnce marks bit in seen and reports whether it was clear.
func seenOnce(seen *uint8, bit uint8) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// sleepField decodes one field of a sleep object. A repeated key makes
// the whole document fall back (encoding/json merges repeats).
func sleepField(s *scanner, key []byte, d *domain.SleepDetails) bool {
	switch string(key) {
	case "is_nap":
		return s.boolean(&d.IsNap)
	case "total_sleep_seconds":
		return s.int64(&d.TotalSleepSeconds)
	case "time_in_bed_seconds":
		return s.int64(&d.TimeInBedSeconds)
	case "awake_seconds":
		return s.int64(&d.AwakeSeconds)
	case "light_seconds":
		return s.int64(&d.LightSeconds)
	case "deep_seconds":
		return s.int64(&d.DeepSeconds)
	case "rem_seconds":
		return s.int64(&d.REMSeconds)
	case "no_data_seconds":
		return s.int64(&d.NoDataSeconds)
	case "latency_seconds":
		return s.int64(&d.LatencySeconds)
	case "efficiency_percent":
		return s.float(&d.EfficiencyPercent)
	case "avg_heart_rate":
		return s.float(&d.AvgHeartRate)
	case "min_heart_rate":
		return s.float(&d.MinHeartRate)
	case "avg_hrv_rmssd":
		return s.float(&d.AvgHRVRMSSD)
	case "avg_respiratory_rate":
		return s.float(&d.AvgRespiratoryRate)
	case "wake_up_count":
		return s.int(&d.WakeUpCount)
	case "disturbance_count":
		return s.int(&d.DisturbanceCount)
	case "sleep_cycle_count":
		return s.int(&d.SleepCycleCount)
	case "sleep_need_seconds":
		return s.int64(&d.SleepNeedSeconds)
	case "performance_percent":
		return s.float(&d.PerformancePercent)
	case "consistency_percent":
		return s.float(&d.ConsistencyPercent)
	case "provider_sleep_type":
		return s.string(&d.ProviderSleepType)
	case "provider_score_state":
		return s.string(&d.ProviderScoreState)
	}
	return false // stages, extra, unknown keys
}

// workoutField decodes one field of a workout object.
func workoutField(s *scanner, key []byte, d *domain.WorkoutDetails) bool {
	switch string(key) {
	case "name":
		return s.string(&d.Name)
	case "energy_kcal":
		return s.float(&d.EnergyKcal)
	case "distance_meters":
		return s.float(&d.DistanceMeters)
	case "avg_heart_rate":
		return s.float(&d.AvgHeartRate)
	case "max_heart_rate":
		return s.float(&d.MaxHeartRate)
	case "min_heart_rate":
		return s.float(&d.MinHeartRate)
	case "elevation_gain_meters":
		return s.float(&d.ElevationGainMeters)
	case "altitude_change_meters":
		return s.float(&d.AltitudeChange)
	case "steps":
		return s.int64(&d.Steps)
	case "moving_seconds":
		return s.int64(&d.MovingSeconds)
	case "percent_recorded":
		return s.float(&d.PercentRecorded)
	case "strain":
		return s.float(&d.Strain)
	case "intensity":
		return s.string(&d.Intensity)
	case "provider_score_state":
		return s.string(&d.ProviderScoreState)
	case "hr_zones":
		return s.zones(&d.HRZones)
	}
	return false // extra, unknown keys
}

// scanner walks a JSON document; every method reports false on anything
// it does not handle exactly as encoding/json would.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next skips whitespace and consumes c if it comes next.
func (s *scanner) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// word consumes a literal (true, false, null) if it comes next.
func (s *scanner) word(w string) bool {
	s.ws()
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		return true
	}
	return false
}

func (s *scanner) null() bool { return s.word("null") }

// object walks {"key": value, …}, calling field to consume each value.
// Keys repeated within one object fall back. The key aliases the input
// (switching on string(key) does not copy it).
func (s *scanner) object(field func(key []byte) bool) bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	var keys [32][]byte
	n := 0
	for {
		key, ok := s.raw()
		if !ok || !s.next(':') {
			return false
		}
		for _, k := range keys[:n] {
			if string(k) == string(key) {
				return false
			}
		}
		if n >= len(keys) {
			return false
		}
		keys[n] = key
		n++
		if !field(key) {
			return false
		}
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// str reads a string without escapes whose bytes are valid UTF-8 (the
// cases where encoding/json returns the bytes unchanged).
func (s *scanner) str() (string, bool) {
	v, ok := s.raw()
	return string(v), ok
}

// raw is str without the copy: the bytes alias the input.
func (s *scanner) raw() ([]byte, bool) {
	if !s.next('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			if !utf8.Valid(v) {
				return nil, false
			}
			return v, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// number reads a literal in JSON's number grammar.
func (s *scanner) number() ([]byte, bool) {
	s.ws()
	start := s.i
	digits := func() bool {
		from := s.i
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
		}
		return s.i > from
	}
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !digits():
		return nil, false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !digits() {
			return nil, false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !digits() {
			return nil, false
		}
	}
	return s.b[start:s.i], true
}

func (s *scanner) boolean(p *bool) bool {
	switch {
	case s.word("true"):
		*p = true
	case s.word("false"):
		*p = false
	case s.null():
	default:
		return false
	}
	return true
}

func (s *scanner) int64(p **int64) bool {
	if s.null() {
		*p = nil
		return true
	}
	lit, ok := s.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(string(lit), 10, 64)
	if err != nil {
		return false
	}
	*p = &v
	return true
}

func (s *scanner) int(p **int) bool {
	var v *int64
	if !s.int64(&v) {
		return false
	}
	*p = nil
	if v != nil {
		n := int(*v)
		if int64(n) != *v {
			return false
		}
		*p = &n
	}
	return true
}

func (s *scanner) float(p **float64) bool {
	if s.null() {
		*p = nil
		return true
	}
	lit, ok := s.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return false
	}
	*p = &v
	return true
}

func (s *scanner) string(p **string) bool {
	if s.null() {
		*p = nil
		return true
	}
	v, ok := s.str()
	if !ok {
		return false
	}
	*p = &v
	return true
}

// zones reads [{"zone": n, "seconds": n}, …].
func (s *scanner) zones(p *[]domain.HRZone) bool {
	if s.null() {
		*p = nil
		return true
	}
	if !s.next('[') {
		return false
	}
	out := []domain.HRZone{}
	if !s.next(']') {
		for {
			var z domain.HRZone
			ok := s.object(func(key []byte) bool {
				var v *int64
				if !s.int64(&v) || v == nil {
					return false
				}
				switch string(key) {
				case "zone":
					z.Zone = int(*v)
					return int64(z.Zone) == *v
				case "seconds":
					z.Seconds = *v
					return true
				}
				return false
			})
			if !ok {
				return false
			}
			out = append(out, z)
			if s.next(']') {
				break
			}
			if !s.next(',') {
				return false
			}
		}
	}
	*p = out
	return true
}

// decodeMetricsFast decodes a summary's metrics column, an object of
// numbers, without reflection; like decodeDetailsFast it reports false
// for anything encoding/json should decide (nulls, escaped or repeated
// keys, non-objects).
func decodeMetricsFast(b []byte, m *map[string]float64) bool {
	s := scanner{b: b}
	// Sized for the whole object (a key per colon, at most): a year of
	// activity is read per page, and growing each map costs more than
	// its content.
	out := make(map[string]float64, bytes.Count(b, []byte{':'}))
	ok := s.object(func(key []byte) bool {
		v, ok := s.floatValue()
		if !ok {
			return false
		}
		out[metricName(key)] = v
		return true
	})
	s.ws()
	if !ok || s.i != len(s.b) {
		return false
	}
	*m = out
	return true
}

// floatValue is float for a value that must be a number (not null),
// without allocating it.
func (s *scanner) floatValue() (float64, bool) {
	lit, ok := s.number()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	return v, err == nil
}

// metricName returns the domain's constant for a known metric key (no
// string allocated per row) and a copy of any other.
func metricName(key []byte) string {
	switch string(key) {
	case domain.MetricSteps:
		return domain.MetricSteps
	case domain.MetricActiveEnergyKcal:
		return domain.MetricActiveEnergyKcal
	case domain.MetricTotalEnergyKcal:
		return domain.MetricTotalEnergyKcal
	case domain.MetricDistanceMeters:
		return domain.MetricDistanceMeters
	case domain.MetricFloorsClimbed:
		return domain.MetricFloorsClimbed
	case domain.MetricElevationMeters:
		return domain.MetricElevationMeters
	case domain.MetricActiveMinutes:
		return domain.MetricActiveMinutes
	case domain.MetricSedentaryMinutes:
		return domain.MetricSedentaryMinutes
	case domain.MetricLightMinutes:
		return domain.MetricLightMinutes
	case domain.MetricModerateMinutes:
		return domain.MetricModerateMinutes
	case domain.MetricVigorousMinutes:
		return domain.MetricVigorousMinutes
	case domain.MetricAvgHeartRate:
		return domain.MetricAvgHeartRate
	case domain.MetricMaxHeartRate:
		return domain.MetricMaxHeartRate
	case domain.MetricMinHeartRate:
		return domain.MetricMinHeartRate
	case domain.MetricRestingHeartRate:
		return domain.MetricRestingHeartRate
	case domain.MetricStrain:
		return domain.MetricStrain
	}
	return string(key)
}
