package oura

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// update rewrites testdata/ from the seed and from the simulator's own
// responses instead of comparing with it.
var update = flag.Bool("update", false, "rewrite testdata golden files")

// seedSamplesFile holds every JSON sample of seed 002, extracted by
// TestSeedSamplesExtract -update, so the decoding tests run without the
// seed directory.
const seedSamplesFile = "testdata/seed_samples.json"

// seedSample is one JSON block of the seed with the route it documents.
type seedSample struct {
	// Route is "GET /v2/usercollection/sleep" or "guide" for the webhook
	// guide's examples; Index counts blocks within the route.
	Route  string          `json:"route"`
	Index  int             `json:"index"`
	Sample json.RawMessage `json:"sample"`
}

// extractSeedSamples finds the JSON blocks of the rendered seed: a line
// that is exactly "{" or "[" opens one, and it ends when brackets balance.
// A block belongs to the route named by the latest "get|post|put|delete"
// line followed by a /v2 path.
func extractSeedSamples(t *testing.T, text string) []seedSample {
	t.Helper()
	var out []seedSample
	var route, method string
	var block []string
	depth := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case depth > 0:
			block = append(block, line)
			depth += strings.Count(line, "{") + strings.Count(line, "[") - strings.Count(line, "}") - strings.Count(line, "]")
			if depth == 0 {
				raw := json.RawMessage(strings.Join(block, "\n"))
				require.True(t, json.Valid(raw), "seed block of %s is not JSON:\n%s", route, raw)
				n := 0
				for _, s := range out {
					if s.Route == route {
						n++
					}
				}
				out = append(out, seedSample{Route: route, Index: n, Sample: raw})
			}
		case line == "{" || line == "[":
			if route != "" {
				block, depth = []string{line}, 1
			}
		case slices.Contains([]string{"get", "post", "put", "delete"}, line):
			method = strings.ToUpper(line)
		case strings.HasPrefix(line, "/v2/") && method != "":
			route, method = method+" "+line, ""
		case line == "Webhooks for Real-Time Data Updates":
			route = "guide"
		default:
			method = ""
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// seedPath locates seed 002 relative to the checkout (../shared/seeds).
func seedPath(t *testing.T) string {
	t.Helper()
	matches, err := filepath.Glob("../../../../shared/seeds/002_*.txt")
	require.NoError(t, err)
	if len(matches) == 0 {
		t.Skip("seed 002 not found next to the checkout")
	}
	return matches[0]
}

// TestSeedSamplesExtract keeps testdata/seed_samples.json equal to what
// the seed contains.
func TestSeedSamplesExtract(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile(seedPath(t))
	require.NoError(t, err)
	samples := extractSeedSamples(t, string(text))
	got, err := json.MarshalIndent(samples, "", "  ")
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(seedSamplesFile, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(seedSamplesFile)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got))
}

// loadSeedSamples reads the extracted samples.
func loadSeedSamples(t *testing.T) []seedSample {
	t.Helper()
	b, err := os.ReadFile(seedSamplesFile)
	require.NoError(t, err)
	var out []seedSample
	require.NoError(t, json.Unmarshal(b, &out))
	require.NotEmpty(t, out)
	return out
}

// docTypes maps a collection path to constructors of its single document
// and of its page.
func docTypes() map[string]func(list bool) any {
	return map[string]func(bool) any{
		"daily_activity":           both[DailyActivity](),
		"daily_cardiovascular_age": both[DailyCardiovascularAge](),
		"daily_readiness":          both[DailyReadiness](),
		"daily_resilience":         both[DailyResilience](),
		"daily_sleep":              both[DailySleep](),
		"daily_spo2":               both[DailySpO2](),
		"daily_stress":             both[DailyStress](),
		"enhanced_tag":             both[EnhancedTag](),
		"heartrate":                both[HeartRate](),
		"personal_info":            both[PersonalInfo](),
		"rest_mode_period":         both[RestModePeriod](),
		"ring_configuration":       both[RingConfiguration](),
		"session":                  both[Session](),
		"sleep":                    both[Sleep](),
		"sleep_time":               both[SleepTime](),
		"tag":                      both[Tag](),
		"vO2_max":                  both[VO2Max](),
		"workout":                  both[Workout](),
	}
}

func both[T any]() func(bool) any {
	return func(list bool) any {
		if list {
			return new(Page[T])
		}
		return new(T)
	}
}

// seedTarget returns a pointer to the wire type a seed sample documents.
func seedTarget(t *testing.T, s seedSample) any {
	t.Helper()
	pick := func(targets ...any) any {
		require.Less(t, s.Index, len(targets), "unexpected sample %d of %s", s.Index, s.Route)
		return targets[s.Index]
	}
	switch s.Route {
	case "guide":
		return pick(new(CreateSubscription), new(Challenge), new(Event))
	case RouteSubscriptions:
		return pick(new([]Subscription))
	case RouteSubscribe:
		return pick(new(CreateSubscription), new(Subscription))
	case "GET /v2/webhook/subscription/{id}", "PUT /v2/webhook/subscription/renew/{id}":
		return pick(new(Subscription))
	case "PUT /v2/webhook/subscription/{id}":
		return pick(new(UpdateSubscription), new(Subscription))
	case "DELETE /v2/webhook/subscription/{id}":
		return pick(new(ValidationError))
	}
	m := regexp.MustCompile(`^GET /v2/(?:sandbox/)?usercollection/(\w+)(/\{document_id\})?$`).FindStringSubmatch(s.Route)
	require.NotNil(t, m, "no wire type for seed route %q", s.Route)
	mk, ok := docTypes()[m[1]]
	require.True(t, ok, "no wire type for collection %q", m[1])
	return pick(mk(m[2] == "" && m[1] != "personal_info"))
}

// TestSeedSamplesDecode decodes every response (and request) sample of the
// seed into the simulator's wire types with unknown fields disallowed, and
// checks that the wire types have no field the sample lacks. Placeholder
// objects ({}) and empty arrays in the seed carry no field list and are
// skipped; their fields come from the OpenAPI (see the wire types).
func TestSeedSamplesDecode(t *testing.T) {
	t.Parallel()
	for _, s := range loadSeedSamples(t) {
		t.Run(strings.NewReplacer(" ", "_", "/", "_").Replace(s.Route)+"#"+string(rune('0'+s.Index)), func(t *testing.T) {
			t.Parallel()
			target := seedTarget(t, s)
			dec := json.NewDecoder(bytes.NewReader(s.Sample))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(target))
			back, err := json.Marshal(target)
			require.NoError(t, err)
			var want, got any
			require.NoError(t, json.Unmarshal(s.Sample, &want))
			require.NoError(t, json.Unmarshal(back, &got))
			requireSameKeys(t, "$", want, got)
		})
	}
}

// requireSameKeys checks that every object in got has exactly the keys of
// the object at the same place in want, descending into objects and the
// first element of arrays. A placeholder ({} or []) in want matches
// anything.
func requireSameKeys(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		if len(w) == 0 {
			return
		}
		g, ok := got.(map[string]any)
		require.True(t, ok, "%s: want an object, got %T", path, got)
		require.ElementsMatch(t, keysOf(w), keysOf(g), "%s: field set differs", path)
		for k, v := range w {
			requireSameKeys(t, path+"."+k, v, g[k])
		}
	case []any:
		g, ok := got.([]any)
		if len(w) == 0 || !ok || len(g) == 0 {
			return
		}
		requireSameKeys(t, path+"[0]", w[0], g[0])
	}
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
