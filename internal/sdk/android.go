package sdk

import "strings"

// androidMetric maps a Health Connect / Samsung Health record type (the
// SDK's SCREAMING_CASE name) to a series type: the code, and the factor
// from each unit the Android SDK writes it in to the series unit. Health
// Connect percentages are 0–100 (not HealthKit's fractions) and its HRV
// is RMSSD (HeartRateVariabilityRmssdRecord), stored as such.
type androidMetric struct {
	series string
	units  map[string]float64
}

// Unit factors, exact by definition (international pound, thermochemical
// calorie, glucose's molar mass as HealthKit uses it: 180.15588 g/mol).
var (
	bpm        = map[string]float64{"bpm": 1, "count/min": 1, "beats/min": 1, "/min": 1}
	perMin     = map[string]float64{"breaths/min": 1, "count/min": 1, "rpm": 1, "/min": 1, "brpm": 1}
	ms         = map[string]float64{"ms": 1, "s": 1000}
	pct        = map[string]float64{"%": 1, "percent": 1}
	mmHg       = map[string]float64{"mmHg": 1}
	glucoseU   = map[string]float64{"mg/dL": 1, "mmol/L": 18.015588}
	meters     = map[string]float64{"m": 1, "km": 1000, "cm": 0.01, "mi": 1609.344, "ft": 0.3048}
	centimeter = map[string]float64{"cm": 1, "m": 100, "in": 2.54}
	kilograms  = map[string]float64{"kg": 1, "g": 0.001, "lb": 0.45359237}
	kcal       = map[string]float64{"kcal": 1, "Cal": 1, "kJ": 1 / 4.184, "cal": 0.001}
	count      = map[string]float64{"count": 1, "steps": 1, "floors": 1, "": 1}
	vo2        = map[string]float64{"mL/kg/min": 1, "ml/kg/min": 1, "mL/min·kg": 1, "ml/(kg*min)": 1}
	bmi        = map[string]float64{"kg/m2": 1, "kg/m²": 1, "count": 1, "": 1}
	liters     = map[string]float64{"L": 1, "l": 1, "mL": 0.001, "ml": 0.001}
	watts      = map[string]float64{"W": 1, "watts": 1}
	mps        = map[string]float64{"m/s": 1, "km/h": 1 / 3.6, "km/hr": 1 / 3.6}
	cadenceU   = map[string]float64{"rpm": 1, "spm": 1, "/min": 1, "count/min": 1}
)

var androidMetrics = map[string]androidMetric{
	"HEART_RATE":               {"heart_rate", bpm},
	"RESTING_HEART_RATE":       {"resting_heart_rate", bpm},
	"HEART_RATE_VARIABILITY":   {"heart_rate_variability_rmssd", ms},
	"OXYGEN_SATURATION":        {"oxygen_saturation", pct},
	"BLOOD_GLUCOSE":            {"blood_glucose", glucoseU},
	"BLOOD_PRESSURE_SYSTOLIC":  {"blood_pressure_systolic", mmHg},
	"BLOOD_PRESSURE_DIASTOLIC": {"blood_pressure_diastolic", mmHg},
	"RESPIRATORY_RATE":         {"respiratory_rate", perMin},
	"HEIGHT":                   {"height", centimeter},
	"WEIGHT":                   {"weight", kilograms},
	"LEAN_BODY_MASS":           {"lean_body_mass", kilograms},
	"SKELETAL_MUSCLE_MASS":     {"skeletal_muscle_mass", kilograms},
	"BODY_FAT_MASS":            {"body_fat_mass", kilograms},
	"BODY_FAT":                 {"body_fat_percentage", pct},
	"BMI":                      {"body_mass_index", bmi},
	"VO2_MAX":                  {"vo2_max", vo2},
	"STEP_COUNT":               {"steps", count},
	"ACTIVE_CALORIES_BURNED":   {"active_energy", kcal},
	"FLOORS_CLIMBED":           {"flights_climbed", count},
	"DISTANCE":                 {"distance_walking_running", meters},
	"HYDRATION":                {"hydration", liters},
	"POWER":                    {"power", watts},
	"SPEED":                    {"speed", mps},
	"CYCLING_PEDALING_CADENCE": {"cadence", cadenceU},
}

// androidValue maps an Android record to its series code and value; ok
// is false for a type not mapped (TOTAL_CALORIES_BURNED is not active
// energy and BASAL_METABOLIC_RATE is a rate in kcal/day, not energy
// burned, so neither is stored as one); unitOK is false for a unit the
// type is not written in.
func androidValue(typ, unit string, v float64) (code string, out float64, ok, unitOK bool) {
	m, known := androidMetrics[typ]
	if !known {
		return "", 0, false, true
	}
	if typ == "BODY_TEMPERATURE" {
		return "", 0, false, true
	}
	f, good := m.units[unit]
	if !good {
		return m.series, 0, true, false
	}
	return m.series, v * f, true, true
}

// androidTemperature is BODY_TEMPERATURE, the one Android type that is
// not converted by a factor.
func androidTemperature(unit string, v float64) (float64, bool) {
	switch strings.ToLower(unit) {
	case "degc", "celsius", "°c", "c":
		return v, true
	case "degf", "fahrenheit", "°f", "f":
		return (v - 32) * 5 / 9, true
	}
	return 0, false
}
