package withings

// Measure type codes (seed meastype table) and the power of ten each is
// encoded with. The units keep every value the truth produces exact: the
// truth rounds masses and percentages to 0.01, temperatures to 0.01 and
// VO2 max to 0.1.
const (
	TypeWeight          = 1
	TypeHeight          = 4
	TypeFatFreeMass     = 5
	TypeFatRatio        = 6
	TypeFatMass         = 8
	TypeDiastolic       = 9
	TypeSystolic        = 10
	TypeHeartPulse      = 11
	TypeTemperature     = 12
	TypeSpO2            = 54
	TypeBodyTemperature = 71
	TypeSkinTemperature = 73
	TypeMuscleMass      = 76
	TypeHydration       = 77
	TypeBoneMass        = 88
	TypePulseWave       = 91
	TypeVO2Max          = 123
	TypeVascularAge     = 155
	TypeExtracellular   = 168
	TypeIntracellular   = 169
	TypeVisceralFat     = 170
	TypeBMR             = 226
)

// UnitOf returns the power of ten the simulator encodes a measure type
// with, and false for types it never produces.
func UnitOf(meastype int) (int, bool) {
	u, ok := map[int]int{
		TypeWeight:          -3,
		TypeHeight:          -2,
		TypeFatFreeMass:     -3,
		TypeFatRatio:        -3,
		TypeFatMass:         -3,
		TypeDiastolic:       0,
		TypeSystolic:        0,
		TypeHeartPulse:      0,
		TypeTemperature:     -2,
		TypeSpO2:            -2,
		TypeBodyTemperature: -2,
		TypeSkinTemperature: -2,
		TypeMuscleMass:      -3,
		TypeHydration:       -3,
		TypeBoneMass:        -3,
		TypePulseWave:       -3,
		TypeVO2Max:          -1,
		TypeVascularAge:     0,
		TypeExtracellular:   -3,
		TypeIntracellular:   -3,
		TypeVisceralFat:     -1,
		TypeBMR:             0,
	}[meastype]
	return u, ok
}

// Notification categories ("appli" codes, research B.3).
const (
	AppliWeight      = 1
	AppliTemperature = 2
	AppliPressure    = 4
	AppliActivity    = 16
	AppliSleep       = 44
	AppliUser        = 46
	AppliECG         = 54
)

// validAppli lists the categories a subscription may use (research B.3).
func validAppli(a int) bool {
	switch a {
	case 1, 2, 4, 16, 44, 46, 50, 51, 52, 53, 54, 55, 58:
		return true
	}
	return false
}
