package domain

import (
	"slices"
	"sync"
)

// Aggregation says which of a day's avg/min/max/sum is the canonical daily
// value of a series type, as in Open Wearables' AggregationMethod: counts and
// durations add up over a day, levels and rates average, peaks take the max.
type Aggregation string

// The aggregation methods, with Open Wearables' wire values.
const (
	AggSum Aggregation = "sum"
	AggAvg Aggregation = "avg"
	AggMax Aggregation = "max"
)

// SeriesType describes one time-series metric. ID, Code and Unit are Open
// Wearables' (series_type_definition) so existing consumers can switch
// without remapping; IDs are persisted and must never change.
type SeriesType struct {
	ID          int
	Code        string
	Unit        string
	Aggregation Aggregation
	// Scale is the number of decimal digits the block codec keeps: a value
	// is stored as round(v × 10^Scale) and read back exactly at that
	// precision, so Scale is the type's storage precision.
	Scale int
}

// Scale choices. Storage cost grows with digits only when the data actually
// has them (the codec divides out common factors), so the scale is chosen for
// the finest precision any provider reports, never below it:
//
//   - 2 is the default: bpm, ms, percent, scores, kcal, minutes, meters and
//     the like come as integers from most devices but as averages with
//     decimals from others (e.g. 72.35 bpm), and 0.01 is below any
//     device's accuracy.
//   - 3 for kg, celsius, liters and m/s, where values are small and the
//     third decimal is real (a 12 g weight change, 0.001 °C deviations),
//     and for body fat, which Withings reports at unit −3 (19.904 %).
//   - 0 for event counts that are integral by definition (steps, flights,
//     strokes, falls); a fraction there would be a provider bug.
//   - 4 for fractions reported on a 0–1 scale (AFib burden, perfusion index),
//     and for SpO2, which WHOOP reports to four decimals (95.6875 %).
//   - 6 for latitude/longitude (≈0.1 m) and electrodermal activity, which
//     HealthKit reports in siemens (µS resolution), and for RMSSD, which
//     WHOOP reports to six decimals (31.813562 ms).
//   - 8 for respiratory rate, which WHOOP reports as a binary fraction
//     (16.11328125 = 16 + 29/256).
const (
	scaleDefault  = 2
	scaleFine     = 3
	scaleCount    = 0
	scaleFraction = 4
	scaleMicro    = 6
	scaleBinary   = 8
)

// seriesTypeTable is Open Wearables 0.9.0's catalogue of 135 series types,
// ordered by ID (backend/app/schemas/enums/series_types.py; aggregation from
// aggregation_method.py, whose fallback for unlisted types is avg, except
// dietary intake, which adds up over a day like energy). ID 81 was named
// "energy" before 0.9.0; RetiredSeriesCode maps the old name. Read only
// through the functions below, which hand out copies.
var seriesTypeTable = [...]SeriesType{
	// Heart & cardiovascular (1–19).
	{1, "heart_rate", "bpm", AggAvg, scaleDefault},
	{2, "resting_heart_rate", "bpm", AggAvg, scaleDefault},
	{3, "heart_rate_variability_sdnn", "ms", AggAvg, scaleDefault},
	{4, "heart_rate_recovery_one_minute", "bpm", AggAvg, scaleDefault},
	{5, "walking_heart_rate_average", "bpm", AggAvg, scaleDefault},
	{7, "heart_rate_variability_rmssd", "ms", AggAvg, scaleMicro},
	// Blood & respiratory (20–39).
	{20, "oxygen_saturation", "percent", AggAvg, scaleFraction},
	{21, "blood_glucose", "mg_dl", AggAvg, scaleDefault},
	{22, "blood_pressure_systolic", "mmHg", AggAvg, scaleDefault},
	{23, "blood_pressure_diastolic", "mmHg", AggAvg, scaleDefault},
	{24, "respiratory_rate", "brpm", AggAvg, scaleBinary},
	{25, "sleeping_breathing_disturbances", "count", AggSum, scaleCount},
	{26, "blood_alcohol_content", "mg_dl", AggAvg, scaleFine},
	{27, "peripheral_perfusion_index", "score", AggAvg, scaleFraction},
	{28, "forced_vital_capacity", "liters", AggAvg, scaleFine},
	{29, "forced_expiratory_volume_1", "liters", AggAvg, scaleFine},
	{30, "peak_expiratory_flow_rate", "L/min", AggAvg, scaleDefault},
	{31, "breathing_disturbance_index", "score", AggAvg, scaleDefault},
	// Body composition (40–59).
	{40, "height", "cm", AggAvg, scaleDefault},
	{41, "weight", "kg", AggAvg, scaleFine},
	{42, "body_fat_percentage", "percent", AggAvg, scaleFine},
	{43, "body_mass_index", "kg_m2", AggAvg, scaleDefault},
	{44, "lean_body_mass", "kg", AggAvg, scaleFine},
	{45, "body_temperature", "celsius", AggAvg, scaleFine},
	{46, "skin_temperature", "celsius", AggAvg, scaleFine},
	{47, "waist_circumference", "cm", AggAvg, scaleDefault},
	{48, "body_fat_mass", "kg", AggAvg, scaleFine},
	{49, "skeletal_muscle_mass", "kg", AggAvg, scaleFine},
	{50, "skin_temperature_deviation", "celsius", AggAvg, scaleFine},
	{51, "skin_temperature_trend_deviation", "celsius", AggAvg, scaleFine},
	{52, "bone_mass", "kg", AggAvg, scaleFine},
	{53, "body_water_mass", "kg", AggAvg, scaleFine},
	// Fitness (60–79).
	{60, "vo2_max", "ml_kg_min", AggAvg, scaleDefault},
	{61, "six_minute_walk_test_distance", "meters", AggMax, scaleDefault},
	{62, "cardiovascular_age", "years", AggAvg, scaleDefault},
	// Activity, basic (80–99).
	{80, "steps", "count", AggSum, scaleCount},
	{81, "active_energy", "kcal", AggSum, scaleDefault},
	{82, "basal_energy", "kcal", AggSum, scaleDefault},
	{83, "stand_time", "minutes", AggSum, scaleDefault},
	{84, "exercise_time", "minutes", AggSum, scaleDefault},
	{85, "physical_effort", "score", AggAvg, scaleDefault},
	{86, "flights_climbed", "count", AggSum, scaleCount},
	{87, "average_met", "met", AggAvg, scaleDefault},
	{88, "active_time", "minutes", AggSum, scaleDefault},
	// Activity, distance (100–119).
	{100, "distance_walking_running", "meters", AggSum, scaleDefault},
	{101, "distance_cycling", "meters", AggSum, scaleDefault},
	{102, "distance_swimming", "meters", AggSum, scaleDefault},
	{103, "distance_downhill_snow_sports", "meters", AggSum, scaleDefault},
	{104, "distance_other", "meters", AggSum, scaleDefault},
	// Activity, walking (120–139).
	{120, "walking_step_length", "cm", AggAvg, scaleDefault},
	{121, "walking_speed", "m_per_s", AggAvg, scaleFine},
	{122, "walking_double_support_percentage", "percent", AggAvg, scaleDefault},
	{123, "walking_asymmetry_percentage", "percent", AggAvg, scaleDefault},
	{124, "walking_steadiness", "percent", AggAvg, scaleDefault},
	{125, "stair_descent_speed", "m_per_s", AggAvg, scaleFine},
	{126, "stair_ascent_speed", "m_per_s", AggAvg, scaleFine},
	// Activity, running (140–159).
	{140, "running_power", "watts", AggAvg, scaleDefault},
	{141, "running_speed", "m_per_s", AggAvg, scaleFine},
	{142, "running_vertical_oscillation", "cm", AggAvg, scaleDefault},
	{143, "running_ground_contact_time", "ms", AggAvg, scaleDefault},
	{144, "running_stride_length", "cm", AggAvg, scaleDefault},
	{145, "running_vertical_ratio", "percent", AggAvg, scaleDefault},
	{146, "running_stance_time_balance", "percent", AggAvg, scaleDefault},
	// Activity, swimming (160–179).
	{160, "swimming_stroke_count", "count", AggSum, scaleCount},
	{161, "underwater_depth", "meters", AggAvg, scaleDefault},
	// Activity, generic (180–199).
	{180, "cadence", "rpm", AggAvg, scaleDefault},
	{181, "power", "watts", AggAvg, scaleDefault},
	{182, "speed", "m_per_s", AggAvg, scaleFine},
	{183, "workout_effort_score", "score", AggAvg, scaleDefault},
	{184, "estimated_workout_effort_score", "score", AggAvg, scaleDefault},
	// Environmental (200–219).
	{200, "environmental_audio_exposure", "dB", AggAvg, scaleDefault},
	{201, "headphone_audio_exposure", "dB", AggAvg, scaleDefault},
	{202, "environmental_sound_reduction", "dB", AggAvg, scaleDefault},
	{203, "time_in_daylight", "minutes", AggSum, scaleDefault},
	{204, "water_temperature", "celsius", AggAvg, scaleFine},
	{205, "uv_exposure", "count", AggSum, scaleDefault},
	{206, "inhaler_usage", "count", AggSum, scaleCount},
	{207, "weather_temperature", "celsius", AggAvg, scaleFine},
	{208, "weather_humidity", "percent", AggAvg, scaleDefault},
	{209, "elevation", "meters", AggAvg, scaleDefault},
	{210, "latitude", "degrees", AggAvg, scaleMicro},
	{211, "longitude", "degrees", AggAvg, scaleMicro},
	{212, "air_temperature", "celsius", AggAvg, scaleFine},
	// Provider-specific (220–239).
	{220, "garmin_stress_level", "score", AggAvg, scaleDefault},
	{221, "garmin_skin_temperature", "celsius", AggAvg, scaleFine},
	{222, "garmin_fitness_age", "years", AggAvg, scaleDefault},
	{223, "garmin_body_battery", "percent", AggAvg, scaleDefault},
	// Withings-specific (240–249).
	{240, "withings_pulse_wave_velocity", "m_per_s", AggAvg, scaleFine},
	{241, "withings_metabolic_age", "years", AggAvg, scaleDefault},
	// Nutrition, dietary intake (260–299): amounts per meal or day, summed;
	// micrograms of trace elements keep three decimals.
	{260, "dietary_energy_consumed", "kcal", AggSum, scaleDefault},
	{261, "dietary_carbohydrates", "g", AggSum, scaleDefault},
	{262, "dietary_fiber", "g", AggSum, scaleDefault},
	{263, "dietary_sugar", "g", AggSum, scaleDefault},
	{264, "dietary_fat_total", "g", AggSum, scaleDefault},
	{265, "dietary_fat_saturated", "g", AggSum, scaleDefault},
	{266, "dietary_fat_monounsaturated", "g", AggSum, scaleDefault},
	{267, "dietary_fat_polyunsaturated", "g", AggSum, scaleDefault},
	{268, "dietary_cholesterol", "mg", AggSum, scaleFine},
	{269, "dietary_protein", "g", AggSum, scaleDefault},
	{270, "dietary_sodium", "mg", AggSum, scaleFine},
	{271, "dietary_potassium", "mg", AggSum, scaleFine},
	{272, "dietary_calcium", "mg", AggSum, scaleFine},
	{273, "dietary_iron", "mg", AggSum, scaleFine},
	{274, "dietary_magnesium", "mg", AggSum, scaleFine},
	{275, "dietary_phosphorus", "mg", AggSum, scaleFine},
	{276, "dietary_zinc", "mg", AggSum, scaleFine},
	{277, "dietary_copper", "mg", AggSum, scaleFine},
	{278, "dietary_manganese", "mg", AggSum, scaleFine},
	{279, "dietary_selenium", "mcg", AggSum, scaleFine},
	{280, "dietary_chromium", "mcg", AggSum, scaleFine},
	{281, "dietary_molybdenum", "mcg", AggSum, scaleFine},
	{282, "dietary_iodine", "mcg", AggSum, scaleFine},
	{283, "dietary_chloride", "mg", AggSum, scaleFine},
	{284, "dietary_vitamin_a", "mcg", AggSum, scaleFine},
	{285, "dietary_vitamin_b6", "mg", AggSum, scaleFine},
	{286, "dietary_vitamin_b12", "mcg", AggSum, scaleFine},
	{287, "dietary_vitamin_c", "mg", AggSum, scaleFine},
	{288, "dietary_vitamin_d", "mcg", AggSum, scaleFine},
	{289, "dietary_vitamin_e", "mg", AggSum, scaleFine},
	{290, "dietary_vitamin_k", "mcg", AggSum, scaleFine},
	{291, "dietary_thiamin", "mg", AggSum, scaleFine},
	{292, "dietary_riboflavin", "mg", AggSum, scaleFine},
	{293, "dietary_niacin", "mg", AggSum, scaleFine},
	{294, "dietary_folate", "mcg", AggSum, scaleFine},
	{295, "dietary_pantothenic_acid", "mg", AggSum, scaleFine},
	{296, "dietary_biotin", "mcg", AggSum, scaleFine},
	{297, "dietary_caffeine", "mg", AggSum, scaleFine},
	// Other (500+). Open Wearables labels most of these "count" even when
	// the values are fractional (insulin units, AFib burden), hence the
	// non-zero scales.
	{500, "electrodermal_activity", "count", AggAvg, scaleMicro},
	{501, "push_count", "count", AggSum, scaleCount},
	{502, "atrial_fibrillation_burden", "count", AggSum, scaleFraction},
	{503, "insulin_delivery", "count", AggSum, scaleFine},
	{504, "number_of_times_fallen", "count", AggSum, scaleCount},
	{505, "number_of_alcoholic_beverages", "count", AggSum, scaleDefault},
	{506, "nike_fuel", "count", AggSum, scaleDefault},
	{507, "hydration", "mL", AggAvg, scaleDefault},
}

// seriesTypeIndexByCode maps a code to its table index; built on first use
// because codes arrive per API request and a map beats scanning 135 strings.
var seriesTypeIndexByCode = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(seriesTypeTable))
	for i, st := range seriesTypeTable {
		m[st.Code] = i
	}
	return m
})

// SeriesTypes returns every series type ordered by ID. The slice is a fresh
// copy, so callers may modify it.
func SeriesTypes() []SeriesType {
	return slices.Clone(seriesTypeTable[:])
}

// SeriesTypeByCode looks a type up by its Open Wearables code, e.g.
// "heart_rate".
func SeriesTypeByCode(code string) (SeriesType, bool) {
	i, ok := seriesTypeIndexByCode()[code]
	if !ok {
		return SeriesType{}, false
	}
	return seriesTypeTable[i], true
}

// RetiredSeriesCode returns the current code of a series type code that
// Open Wearables renamed and still accepts on lookup until its 1.0 ("energy"
// became "active_energy" in 0.9.0). Requests may use the old name; responses
// always carry the current one.
func RetiredSeriesCode(code string) (string, bool) {
	if code == "energy" {
		return "active_energy", true
	}
	return "", false
}

// SeriesTypeByID looks a type up by its persisted integer ID. The table is
// ordered by ID, so a binary search needs no extra index.
func SeriesTypeByID(id int) (SeriesType, bool) {
	i, ok := slices.BinarySearchFunc(seriesTypeTable[:], id, func(st SeriesType, id int) int {
		return st.ID - id
	})
	if !ok {
		return SeriesType{}, false
	}
	return seriesTypeTable[i], true
}
