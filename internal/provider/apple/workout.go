package apple

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// workoutAliases renames HealthKit activity types (snake-cased) whose
// unified Open Wearables name differs.
var workoutAliases = map[string]string{
	"traditional_strength_training":    "strength_training",
	"functional_strength_training":     "strength_training",
	"high_intensity_interval_training": "hiit",
	"mixed_cardio":                     "cardio_training",
	"stair_climbing":                   "stair_climbing",
	"swimming":                         "swimming",
	"other":                            "other",
}

// WorkoutType turns "HKWorkoutActivityTypeTraditionalStrengthTraining"
// into the unified "strength_training" (snake case, then aliases). A
// value without the prefix is taken as already named (the SDK's
// "running", Health Connect's "RUNNING").
func WorkoutType(activity string) string {
	name, ok := strings.CutPrefix(activity, "HKWorkoutActivityType")
	if !ok {
		name = strings.ToLower(activity)
	} else {
		name = snake(name)
	}
	if a, ok := workoutAliases[name]; ok {
		return a
	}
	if name == "" {
		return "other"
	}
	return name
}

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WorkoutDetails reads a workout's totals: its statistics (iOS 16 and
// later) or, in older exports, its attributes — energy in kcal, distance
// in metres, heart rate, steps — converted as the quantities are.
func (w *Workout) WorkoutDetails() (*domain.WorkoutDetails, error) {
	d := &domain.WorkoutDetails{}
	if w.TotalEnergyBurned != "" {
		v, err := convert("HKQuantityTypeIdentifierActiveEnergyBurned", w.TotalEnergyBurned, w.TotalEnergyBurnedUnit, w.Offset)
		if err != nil {
			return nil, err
		}
		d.EnergyKcal = &v
	}
	if w.TotalDistance != "" {
		v, err := convert("HKQuantityTypeIdentifierDistanceWalkingRunning", w.TotalDistance, w.TotalDistanceUnit, w.Offset)
		if err != nil {
			return nil, err
		}
		d.DistanceMeters = &v
	}
	for _, s := range w.Statistics {
		if err := statistic(d, s, w.Offset); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// statistic folds one WorkoutStatistics into d.
func statistic(d *domain.WorkoutDetails, s WorkoutStatistics, at int64) error {
	set := func(dst **float64, typ, raw string) error {
		if raw == "" {
			return nil
		}
		v, err := convert(typ, raw, s.Unit, at)
		if err != nil {
			return err
		}
		*dst = &v
		return nil
	}
	switch {
	case s.Type == "HKQuantityTypeIdentifierActiveEnergyBurned":
		return set(&d.EnergyKcal, s.Type, s.Sum)
	case strings.HasPrefix(s.Type, "HKQuantityTypeIdentifierDistance"):
		return set(&d.DistanceMeters, s.Type, s.Sum)
	case s.Type == "HKQuantityTypeIdentifierHeartRate":
		if err := set(&d.AvgHeartRate, s.Type, s.Average); err != nil {
			return err
		}
		if err := set(&d.MinHeartRate, s.Type, s.Minimum); err != nil {
			return err
		}
		return set(&d.MaxHeartRate, s.Type, s.Maximum)
	case s.Type == "HKQuantityTypeIdentifierStepCount" && s.Sum != "":
		var v *float64
		if err := set(&v, s.Type, s.Sum); err != nil {
			return err
		}
		n := int64(math.Round(*v))
		d.Steps = &n
	}
	return nil
}

// convert reads a value of a mapped quantity type in unit.
func convert(typ, raw, unit string, at int64) (float64, error) {
	_, v, ok, err := SeriesValue(&Record{Type: typ, Value: raw, Unit: unit, Offset: at})
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("%s at byte %d: not a mapped quantity", typ, at)
	}
	return v, nil
}
