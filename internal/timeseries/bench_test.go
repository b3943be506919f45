package timeseries

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The benchmarks report B/sample, the on-disk cost the design budgets at
// ≤ 4 for 1 Hz heart rate, next to the usual time and allocations:
//
//	go test -run '^$' -bench . -benchtime 20x ./internal/timeseries/

func BenchmarkEncodeDay1HzHR(b *testing.B) { benchEncode(b, syntheticHRDay()) }

func BenchmarkDecodeDay1HzHR(b *testing.B) { benchDecode(b, syntheticHRDay()) }

func BenchmarkEncodeDay5MinHRV(b *testing.B) { benchEncode(b, syntheticHRVDay()) }

func BenchmarkDecodeDay5MinHRV(b *testing.B) { benchDecode(b, syntheticHRVDay()) }

// heartRateScale is the catalogue scale of heart_rate and HRV (2 digits);
// domain is not imported so the codec's tests stay independent of it.
const heartRateScale = 2

func benchEncode(b *testing.B, samples []Sample) {
	b.ReportAllocs()
	var block []byte
	for b.Loop() {
		var err error
		block, err = Encode(heartRateScale, samples)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(block))/float64(len(samples)), "B/sample")
}

func benchDecode(b *testing.B, samples []Sample) {
	block, err := Encode(heartRateScale, samples)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(block); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(block))/float64(len(samples)), "B/sample")
}
