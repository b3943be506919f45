package apple

import "github.com/wearhouse/wearhouse/internal/domain"

// SleepAnalysisType is the category type of sleep records.
const SleepAnalysisType = "HKCategoryTypeIdentifierSleepAnalysis"

// sleepValues maps HealthKit's sleep analysis values to stages: in bed;
// asleep (unspecified, and the pre-iOS 16 "Asleep"); core, which is what
// other providers call light sleep; deep; REM; awake.
var sleepValues = map[string]domain.SleepStage{
	"HKCategoryValueSleepAnalysisInBed":             domain.StageInBed,
	"HKCategoryValueSleepAnalysisAsleep":            domain.StageSleeping,
	"HKCategoryValueSleepAnalysisAsleepUnspecified": domain.StageSleeping,
	"HKCategoryValueSleepAnalysisAsleepCore":        domain.StageLight,
	"HKCategoryValueSleepAnalysisAsleepDeep":        domain.StageDeep,
	"HKCategoryValueSleepAnalysisAsleepREM":         domain.StageREM,
	"HKCategoryValueSleepAnalysisAwake":             domain.StageAwake,
}

// SleepStage maps a sleep analysis value to its stage; ok is false for a
// value HealthKit does not define.
func SleepStage(value string) (domain.SleepStage, bool) {
	st, ok := sleepValues[value]
	return st, ok
}
