package withings

import "math"

// MeasureType describes one getmeas measure type (seed, getmeas meastype
// table): its Withings name and unit, and where it lands in the unified
// model. Series is "" when Open Wearables' catalogue has no type for it;
// such measures stay in the raw measure-group document.
type MeasureType struct {
	Code int
	Name string
	// Unit is the unit of the decoded value (value × 10^unit).
	Unit string
	// Series is the series type code (domain.SeriesTypeByCode).
	Series string
	// Shift is the power of ten converting Unit to the series unit
	// (height: metres → centimetres is 2).
	Shift int
}

// MeasureTypes lists every measure type of the seed, in code order.
func MeasureTypes() []MeasureType {
	return []MeasureType{
		{1, "Weight", "kg", "weight", 0},
		{4, "Height", "m", "height", 2},
		{5, "Fat Free Mass", "kg", "lean_body_mass", 0},
		{6, "Fat Ratio", "%", "body_fat_percentage", 0},
		{8, "Fat Mass Weight", "kg", "body_fat_mass", 0},
		{9, "Diastolic Blood Pressure", "mmHg", "blood_pressure_diastolic", 0},
		{10, "Systolic Blood Pressure", "mmHg", "blood_pressure_systolic", 0},
		{11, "Heart Pulse", "bpm", "heart_rate", 0},
		{12, "Temperature", "celsius", "body_temperature", 0},
		{54, "SpO2", "%", "oxygen_saturation", 0},
		{71, "Body Temperature", "celsius", "body_temperature", 0},
		{73, "Skin Temperature", "celsius", "skin_temperature", 0},
		// Withings' muscle mass is the closest the catalogue has to
		// skeletal muscle mass, and what the body summary reads.
		{76, "Muscle Mass", "kg", "skeletal_muscle_mass", 0},
		// Total body water in kg; the catalogue's hydration is drunk mL.
		{77, "Hydration", "kg", "", 0},
		{88, "Bone Mass", "kg", "", 0},
		{91, "Pulse Wave Velocity", "m/s", "", 0},
		{123, "VO2 max", "ml/min/kg", "vo2_max", 0},
		// A classification (0 negative, 1 positive, …), not a quantity.
		{130, "Atrial fibrillation result", "class", "", 0},
		{135, "QRS interval duration", "ms", "", 0},
		{136, "PR interval duration", "ms", "", 0},
		{137, "QT interval duration", "ms", "", 0},
		{138, "Corrected QT interval duration", "ms", "", 0},
		{139, "Atrial fibrillation result from PPG", "class", "", 0},
		{155, "Vascular age", "years", "cardiovascular_age", 0},
		{167, "Nerve Health Score Conductance 2 electrodes Feet", "score", "", 0},
		{168, "Extracellular Water", "kg", "", 0},
		{169, "Intracellular Water", "kg", "", 0},
		{170, "Visceral Fat", "index", "", 0},
		{173, "Fat Free Mass for segments", "kg", "", 0},
		{174, "Fat Mass for segments", "kg", "", 0},
		{175, "Muscle Mass for segments", "kg", "", 0},
		{196, "Electrodermal activity feet", "score", "", 0},
		// A daily rate (kcal/day) measured at one instant: summing it as
		// basal_energy would be wrong.
		{226, "Basal Metabolic Rate", "kcal/day", "", 0},
		{227, "Metabolic Age", "years", "", 0},
		{229, "Electrochemical Skin Conductance", "score", "", 0},
	}
}

// measureTypeOf finds a measure type by code.
func measureTypeOf(code int) (MeasureType, bool) {
	for _, m := range MeasureTypes() {
		if m.Code == code {
			return m, true
		}
	}
	return MeasureType{}, false
}

// Decode returns value × 10^(unit+shift) exactly to the value's own
// precision: dividing by an exact power of ten rounds correctly where
// multiplying by 10^-k would not (65750 × 10^-3 = 65.75, not 65.750000001).
func Decode(value int64, unit, shift int) float64 {
	e := unit + shift
	if e < 0 {
		return float64(value) / math.Pow10(-e)
	}
	return float64(value) * math.Pow10(e)
}
