package api

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppendJSONString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
	}{
		{name: "ASCII", in: "Oura Ring Gen3"},
		{name: "Empty", in: ""},
		{name: "ControlCharacters", in: "a\x00b\x01\x1f\b\f\n\r\t\x7f"},
		{name: "HTML", in: `<script>&"quoted"\</script>`},
		{name: "Unicode", in: "Zürich – 東京 😀"},
		{name: "LineSeparators", in: "a\u2028b\u2029c"},
		{name: "InvalidUTF8", in: "a\xffb\xc3(c\xed\xa0\x80"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want, err := json.Marshal(tc.in)
			require.NoError(t, err)
			require.Equal(t, string(want), string(appendJSONString(nil, tc.in)))
		})
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain")
	f.Add("<\u2028\xff>")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)))
	})
}

func TestAppendJSONFloat(t *testing.T) {
	t.Parallel()
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 93.41, 423.3413001912046, 1e-6, 9.99e-7, 1e-7, 1.5e-9,
		1e20, 1e21, 123456789e15, -2.5e-10, math.MaxFloat64, math.SmallestNonzeroFloat64, 1477.0216230240026,
		72, -72, 1e15 - 1, 1e15, -(1e15 - 1), 1e15 + 2, 123456789012345, 4503599627370497}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		values = append(values, math.Float64frombits(r.Uint64()), float64(r.Int64N(2e15)-1e15), float64(r.IntN(300)))
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		want, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONFloat(nil, v)), "%v", v)
	}
}

func TestAppendJSONTime(t *testing.T) {
	t.Parallel()
	values := []time.Time{
		time.Date(2025, 5, 31, 3, 59, 16, 0, time.UTC),
		time.Date(2025, 5, 31, 3, 59, 16, 500_000_000, time.FixedZone("x", -5*3600)),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.UnixMilli(0),
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		values = append(values, time.Unix(r.Int64N(400*365*86400)-200*365*86400, r.Int64N(1e9)))
	}
	for _, v := range values {
		want, err := json.Marshal(v.UTC().Format(time.RFC3339Nano))
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONTime(nil, v)), "%v", v)
	}
}
