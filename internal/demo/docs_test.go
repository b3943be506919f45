package demo

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// example is one documented request and the response shown for it.
type example struct {
	curl, response string
}

// apiExamples returns every sh block of docs/api.md that is immediately
// followed by a json block: the documented request/response pairs.
func apiExamples(t *testing.T) []example {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "api.md"))
	require.NoError(t, err)
	pairs := regexp.MustCompile("```sh\n([^`]*)```\n```json\n([^`]*)```").FindAllSubmatch(doc, -1)
	out := make([]example, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, example{curl: strings.TrimSpace(string(p[1])), response: string(p[2])})
	}
	return out
}

// TestAPIDocExamplesRunAgainstTheDemo runs every example of docs/api.md
// as printed, with the reader's variables set from a running demo, and
// checks that each answer is a success with the example's shape: every
// field the example shows is there, with the same JSON type.
func TestAPIDocExamplesRunAgainstTheDemo(t *testing.T) {
	t.Parallel()
	examples := apiExamples(t)
	require.GreaterOrEqual(t, len(examples), 20, "docs/api.md shows an example for every route family")
	d := startDemo(t, Options{Dir: t.TempDir(), Days: 10, Users: 1, Seed: 3, Tick: time.Hour})
	defer func() { require.NoError(t, d.stop()) }()

	today := time.Now().UTC()
	vars := strings.NewReplacer(
		"$KEY", d.info.APIKey,
		"$USER", d.info.UserIDs[0],
		"$FROM", today.AddDate(0, 0, -7).Format(time.DateOnly),
		"$TO", today.Format(time.DateOnly),
		"$REQUISITION", d.info.LabRequisition,
		"$SERVICE_REQUEST", d.info.LabServiceRequest,
		"localhost:8080", strings.TrimPrefix(d.info.BaseURL, "http://"),
	)
	for _, ex := range examples {
		var want any
		require.NoError(t, json.Unmarshal([]byte(ex.response), &want), "the documented response is JSON:\n%s", ex.response)
		status, got := runCurl(t, vars.Replace(ex.curl))
		require.True(t, status >= 200 && status < 300, "%s\nanswered %d: %v", ex.curl, status, got)
		require.NoError(t, sameShape("$", want, got), ex.curl)
	}
}

// keyedByData are the response objects whose keys are data (series types,
// workout types, contributors), not fields: their examples show some keys,
// and every key answered must hold a value shaped like the example's.
var keyedByData = map[string]bool{
	"series_type_counts": true, "workout_type_counts": true, "series_counts": true,
	"metric_sources": true, "components": true,
}

// sameShape reports where got lacks a field of want or holds another JSON
// type. null on either side matches anything (nullable fields); a
// non-empty example list needs a non-empty answer, checked element-wise
// against the example's first element.
func sameShape(path string, want, got any) error {
	if want == nil || got == nil {
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", path, got)
		}
		if keyedByData[path[strings.LastIndex(path, ".")+1:]] {
			return sameValues(path, w, g)
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			wv, gv := w[k], g[k]
			_, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: documented but missing", path, k)
			}
			if err := sameShape(path+"."+k, wv, gv); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: want a list, got %T", path, got)
		}
		if len(w) == 0 {
			return nil
		}
		if len(g) == 0 {
			return fmt.Errorf("%s: documented with elements, answered empty", path)
		}
		for i, gv := range g {
			if err := sameShape(fmt.Sprintf("%s[%d]", path, i), w[0], gv); err != nil {
				return err
			}
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: want %T, got %T", path, want, got)
		}
	}
	return nil
}

// sameValues checks every value of a data-keyed object against the shape
// of the example's values.
func sameValues(path string, want, got map[string]any) error {
	for _, wv := range want {
		for k, gv := range got {
			if err := sameShape(path+"."+k, wv, gv); err != nil {
				return err
			}
		}
		return nil
	}
	return nil
}

func TestSameShape(t *testing.T) {
	t.Parallel()
	var want, ok, missing, wrong any
	require.NoError(t, json.Unmarshal([]byte(`{"a":[{"b":1,"c":null}],"d":"x"}`), &want))
	require.NoError(t, json.Unmarshal([]byte(`{"a":[{"b":2,"c":"y","e":true}],"d":"z","f":1}`), &ok))
	require.NoError(t, json.Unmarshal([]byte(`{"a":[{"c":1}],"d":"x"}`), &missing))
	require.NoError(t, json.Unmarshal([]byte(`{"a":[{"b":"1","c":null}],"d":"x"}`), &wrong))
	require.NoError(t, sameShape("$", want, ok))
	require.ErrorContains(t, sameShape("$", want, missing), "$.a[0].b: documented but missing")
	require.ErrorContains(t, sameShape("$", want, wrong), "$.a[0].b: want float64, got string")
}
