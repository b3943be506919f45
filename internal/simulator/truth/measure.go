package truth

import (
	"math"
	"sort"
	"time"
)

// MeasurementKind says which group of values a Measurement carries.
type MeasurementKind string

// Measurement kinds, one per kind of device reading.
const (
	// MeasureWeight is a scale reading: weight and body composition.
	MeasureWeight MeasurementKind = "weight"
	// MeasureBloodPressure is a cuff reading: systolic, diastolic, pulse.
	MeasureBloodPressure MeasurementKind = "blood_pressure"
	// MeasureTemperature is a thermometer reading of body temperature.
	MeasureTemperature MeasurementKind = "temperature"
)

// Measurement is one device reading, the unit Withings calls a measure
// group. Only the fields of its Kind are set.
type Measurement struct {
	// ID is a stable integer id (Withings grpid).
	ID     int64
	Kind   MeasurementKind
	Day    int
	Time   time.Time
	Offset string

	// MeasureWeight.
	WeightKg      float64
	FatRatioPct   float64
	FatMassKg     float64
	FatFreeMassKg float64
	MuscleMassKg  float64
	BoneMassKg    float64
	HydrationKg   float64

	// MeasureBloodPressure.
	SystolicMmHg  int
	DiastolicMmHg int
	PulseBPM      int

	// MeasureTemperature.
	BodyTempC float64

	Meta
	life lifecycle
}

// planMeasurements adds day i's device readings: a morning weigh-in with
// body composition, an evening blood-pressure reading and, rarely, a
// body-temperature reading, each with its own per-person frequency.
func (p *Person) planMeasurements(i int, d *Day, s *Sleep) {
	ph, pr := &p.phys, &p.Profile
	r := p.rand(keyMeasure, uint64(i))
	id := func(k int) int64 { return p.WithingsUserID*100000 + int64(i)*4 + int64(k) }
	var out []*Measurement
	if chance(r, ph.weighRate) {
		t := s.End.Add(minutes(uniform(r, 10, 60))).Truncate(time.Second)
		wkg := round2(pr.WeightKg + ph.weightDrift*float64(i) + normal(r, 0, 0.3))
		bmi := wkg / (pr.HeightM * pr.HeightM)
		male := 0.0
		if pr.Sex == Male {
			male = 1
		}
		// Deurenberg's BMI/age/sex estimate of body fat.
		fat := clamp(1.2*bmi+0.23*float64(pr.Age)-10.8*male-5.4+normal(r, 0, 0.6), 5, 50)
		fatMass := wkg * fat / 100
		ffm := wkg - fatMass
		bone := ffm * 0.055
		out = append(out, &Measurement{
			ID: id(0), Kind: MeasureWeight, Day: i, Time: t, Offset: d.Offset,
			WeightKg: wkg, FatRatioPct: round2(fat), FatMassKg: round2(fatMass),
			FatFreeMassKg: round2(ffm), BoneMassKg: round2(bone), MuscleMassKg: round2(ffm - bone),
			HydrationKg: round2(ffm * 0.73),
		})
	}
	if chance(r, ph.tempRate) {
		t := d.Start.Add(hours(uniform(r, 8, 20))).Truncate(time.Second)
		out = append(out, &Measurement{
			ID: id(1), Kind: MeasureTemperature, Day: i, Time: t, Offset: d.Offset,
			BodyTempC: round2(clamp(normal(r, 36.7, 0.2), 35.9, 37.6)),
		})
	}
	if chance(r, ph.bpRate) {
		t := d.Start.Add(hours(uniform(r, 19, 21))).Truncate(time.Second)
		out = append(out, &Measurement{
			ID: id(2), Kind: MeasureBloodPressure, Day: i, Time: t, Offset: d.Offset,
			SystolicMmHg:  int(math.Round(ph.systolic + normal(r, 0, 6))),
			DiastolicMmHg: int(math.Round(ph.diastolic + normal(r, 0, 4))),
			PulseBPM:      int(math.Round(s.nightRHR + 8 + normal(r, 0, 4))),
		})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Time.Before(out[b].Time) })
	for _, m := range out {
		m.life = p.measurementLife(m.Time, uint64(m.ID))
		p.meas = append(p.meas, m)
	}
}
