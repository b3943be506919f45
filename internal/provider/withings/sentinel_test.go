package withings

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNormalizeDropsNotComputed: a night whose apnea–hypopnea index and
// breathing disturbances Withings could not compute (−1), with a 0 minimum
// heart rate and minutes of 0 and 255 bpm, yields no sample, score
// component or detail from those markers; the real minutes remain.
func TestNormalizeDropsNotComputed(t *testing.T) {
	t.Parallel()
	recs := loadGolden(t, "sleep_sentinels").normalize(t)
	for _, s := range recs.Series {
		require.NotEqual(t, "breathing_disturbance_index", s.TypeCode, "−1 is not an index")
	}
	require.Len(t, recs.Scores, 1)
	require.NotContains(t, recs.Scores[0].Components, "breathing_disturbances_intensity")
	require.Len(t, recs.Events, 1)
	d := recs.Events[0].Sleep
	require.Nil(t, d.MinHeartRate, "0 bpm is not a minimum")
	require.NotNil(t, d.AvgHeartRate)
	require.Equal(t, -1.0, d.ProviderExtraFields["apnea_hypopnea_index"], "the raw value stays in the extra fields")

	require.Equal(t, 2, recs.DropMissingReadings(), "the sync engine drops the 0 and 255 bpm minutes")
	var hr []float64
	for _, s := range recs.Series {
		if s.TypeCode == "heart_rate" {
			for _, smp := range s.Samples {
				hr = append(hr, smp.V)
			}
		}
	}
	require.ElementsMatch(t, []float64{64, 58}, hr)
}
