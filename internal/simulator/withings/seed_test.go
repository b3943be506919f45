package withings_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// seedCase names a seed sample and the wire type it must decode into.
type seedCase struct {
	file   string
	decode func(t *testing.T, raw []byte)
}

// strictInto returns a decoder into Response[T] that rejects unknown
// fields.
func strictInto[T any]() func(t *testing.T, raw []byte) {
	return func(t *testing.T, raw []byte) {
		t.Helper()
		var v withings.Response[T]
		decodeStrict(t, raw, &v)
	}
}

func seedCases() []seedCase {
	return []seedCase{
		{"token.json", strictInto[withings.TokenBody]()},
		{"getmeas.json", strictInto[withings.MeasureBody]()},
		{"getactivity.json", strictInto[withings.ActivityBody]()},
		{"intraday.json", strictInto[withings.IntradayBody]()},
		{"workouts.json", strictInto[withings.WorkoutsBody]()},
		{"sleep_get.json", strictInto[withings.SleepBody]()},
		{"sleep_summary.json", strictInto[withings.SleepSummaryBody]()},
		{"heart_list.json", strictInto[withings.HeartListBody]()},
		{"heart_get.json", strictInto[withings.HeartSignalBody]()},
		{"devices.json", strictInto[withings.DevicesBody]()},
		{"notify_get.json", strictInto[withings.NotifyProfile]()},
		{"notify_list.json", strictInto[withings.NotifyListBody]()},
		{"notify_subscribe.json", strictInto[withings.Empty]()},
	}
}

// TestSeedSamplesDecode checks that every response sample of the seed
// decodes into the wire types with no unknown field, and that decoding
// loses nothing: re-encoding gives back every key of the sample.
func TestSeedSamplesDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range seedCases() {
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join("testdata", "seed", tc.file))
			require.NoError(t, err)
			tc.decode(t, raw)
		})
	}
}

// keyPaths lists the key paths of a JSON document: "body.measuregrps[].grpid".
// Keys that are numbers (timestamps, night-event types) become "$", so
// maps keyed by time compare by shape.
func keyPaths(t *testing.T, raw []byte) []string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if strings.Trim(k, "0123456789") == "" {
					k = "$"
				}
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
