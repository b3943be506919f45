package timeseries

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzDecode feeds arbitrary bytes to Decode and Info. They must never
// panic and must fail only with ErrCorrupt; whatever Decode accepts must
// agree with Info and survive re-encoding unchanged, so a block read from
// disk can always be merged and written back. Seeds (valid blocks, their
// truncations, forged headers) live in testdata/fuzz/FuzzDecode and run on
// every go test.
func FuzzDecode(f *testing.F) {
	f.Add(validRaw().bytes())
	f.Fuzz(func(t *testing.T, block []byte) {
		t.Parallel()

		info, infoErr := Info(block)
		samples, err := Decode(block)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			if infoErr != nil {
				require.ErrorIs(t, infoErr, ErrCorrupt)
			}
			return
		}
		require.NoError(t, infoErr, "Info must accept what Decode accepts")
		require.Equal(t, len(samples), info.Count)
		if len(samples) > 0 {
			require.Equal(t, samples[0].T, info.First)
			require.Equal(t, samples[len(samples)-1].T, info.Last)
			require.Equal(t, DayStart(info.First), info.Day)
		}

		again, err := Encode(info.Scale, samples)
		require.NoError(t, err)
		samples2, err := Decode(again)
		require.NoError(t, err)
		require.Equal(t, samples, samples2)
		info2, err := Info(again)
		require.NoError(t, err)
		require.Equal(t, info, info2)
	})
}
