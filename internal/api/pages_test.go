package api

import (
	stdjson "encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPageEncodingRefusesNonFinite(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		var pages pageBuffers
		_, err := pages.encode(wirePage[wireWorkout]{Data: []wireWorkout{{CaloriesKcal: &v}}})
		require.Error(t, err, "%v", v)
	}
}

// TestPageEncodingReplacesInvalidUTF8 keeps a page with a broken string
// a 200, decoding to what encoding/json's output decodes to.
func TestPageEncodingReplacesInvalidUTF8(t *testing.T) {
	t.Parallel()
	page := wirePage[wireWorkout]{Data: []wireWorkout{{ID: "a\xffb\xc3(c", Source: wireSource{Provider: "oura"}}}}
	var pages pageBuffers
	got, err := pages.encode(page)
	require.NoError(t, err)
	want, err := stdjson.Marshal(page)
	require.NoError(t, err)
	var a, b wirePage[wireWorkout]
	require.NoError(t, stdjson.Unmarshal(got.body, &a))
	require.NoError(t, stdjson.Unmarshal(want, &b))
	require.Equal(t, b, a)
	require.Equal(t, "a\ufffdb\ufffd(c", a.Data[0].ID)
}
