package domain_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

func TestHypnogramRoundTrip(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 1, 22, 0, 0, 0, time.UTC)
	stages := []domain.StageInterval{
		{Stage: domain.StageAwake, Start: t0, End: t0.Add(90 * time.Second)},
		{Stage: domain.StageLight, Start: t0.Add(90 * time.Second), End: t0.Add(time.Hour)},
		{Stage: domain.StageDeep, Start: t0.Add(2 * time.Hour), End: t0.Add(3 * time.Hour)}, // a gap before it
		{Stage: "mystery", Start: t0.Add(3 * time.Hour), End: t0.Add(3*time.Hour + 500*time.Millisecond)},
	}
	enc := domain.EncodeHypnogram(stages)
	got, err := enc.Intervals()
	require.NoError(t, err)
	stages[3].Stage = domain.StageUnknown
	require.Equal(t, stages, got)

	for _, bad := range []string{"", "x", "1,", "1,q5", "1,l", "1,l-5", "1,@x:l5", "1,@5l5", "1,lx"} {
		_, err := domain.Hypnogram(bad).Intervals()
		require.Error(t, err, bad)
		require.Error(t, domain.Hypnogram(bad).Validate(), bad)
		err = domain.Hypnogram(bad).Each(func(domain.SleepStage, int64, int64) {})
		require.Error(t, err, bad)
	}
}

func FuzzDecodeHypnogram(f *testing.F) {
	f.Add("1740866400000,a90000,l3510000,@1740873600000:d3600000")
	f.Fuzz(func(t *testing.T, s string) {
		stages, err := domain.Hypnogram(s).Intervals()
		if err != nil || len(stages) == 0 {
			return
		}
		again, err := domain.EncodeHypnogram(stages).Intervals()
		require.NoError(t, err)
		require.Equal(t, stages, again)
	})
}
