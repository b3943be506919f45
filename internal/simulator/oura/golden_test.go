package oura

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// goldenPick chooses the document a golden file holds: the oldest one
// with the fewest nulls, so that as many fields as possible are filled.
func goldenPick(docs []json.RawMessage) json.RawMessage {
	best := docs[0]
	for _, d := range docs[1:] {
		if bytes.Count(d, []byte("null")) < bytes.Count(best, []byte("null")) {
			best = d
		}
	}
	return best
}

// seedSingle returns the seed's single-document sample of a collection.
func seedSingle(t *testing.T, samples []seedSample, path string) any {
	t.Helper()
	for _, s := range samples {
		if s.Route == "GET "+CollectionPrefix+path+"/{document_id}" || (path == "personal_info" && s.Route == RoutePersonalInfo) {
			var v any
			require.NoError(t, json.Unmarshal(s.Sample, &v))
			return v
		}
	}
	t.Fatalf("seed has no single-document sample for %s", path)
	return nil
}

// checkGolden compares body with testdata/golden/name.json (rewritten
// with -update).
func checkGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, body, "", "  "))
	buf.WriteByte('\n')
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	require.JSONEq(t, string(want), buf.String())
}

// TestGoldenDocuments renders one document of every collection through the
// single-document route, compares it with its golden file and checks that
// it has exactly the seed's field set (where the seed lists fields; the
// seed's {} placeholders are matched by the OpenAPI fields instead).
func TestGoldenDocuments(t *testing.T) {
	t.Parallel()
	// 21 days give the first person a rest-mode period.
	b := setup(t, Config{World: testWorld(t, 1, 21)})
	samples := loadSeedSamples(t)
	for _, c := range collections() {
		path := c.path
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			docs, _ := b.allPages(t, b.pat(0), CollectionPrefix+path, everything(b.world))
			require.NotEmpty(t, docs, "the test world has no %s document", path)
			var head struct {
				ID  string `json:"id"`
				Day string `json:"day"`
			}
			if path == DataSleep {
				// The main sleep carries the readiness block naps lack.
				docs = slices.DeleteFunc(docs, func(d json.RawMessage) bool { return !bytes.Contains(d, []byte(`"long_sleep"`)) })
			}
			doc := goldenPick(docs)
			require.NoError(t, json.Unmarshal(doc, &head))
			id := head.ID
			if path == DataDailyCardiovascularAge {
				// The document has no id field; its id is derived from the day.
				id = DocumentID(b.world.Seed(), b.world.Person(0).OuraUserID, DataDailyCardiovascularAge, head.Day)
			}
			resp, body := b.get(t, b.pat(0), CollectionPrefix+path+"/"+id, nil, nil)
			require.Equal(t, 200, resp.StatusCode, "%s", body)
			require.JSONEq(t, string(doc), string(body), "list and single-document routes disagree")
			checkGolden(t, path, body)
			var got any
			require.NoError(t, json.Unmarshal(body, &got))
			requireSameKeys(t, path, seedSingle(t, samples, path), got)
		})
	}
	t.Run("personal_info", func(t *testing.T) {
		t.Parallel()
		resp, body := b.get(t, b.pat(0), "/v2/usercollection/personal_info", nil, nil)
		require.Equal(t, 200, resp.StatusCode)
		checkGolden(t, "personal_info", body)
		var got any
		require.NoError(t, json.Unmarshal(body, &got))
		requireSameKeys(t, "personal_info", seedSingle(t, samples, "personal_info"), got)
	})
	t.Run("heartrate", func(t *testing.T) {
		t.Parallel()
		q := map[string][]string{"start_datetime": {"2025-05-30T12:00:00Z"}, "end_datetime": {"2025-05-30T13:00:00Z"}}
		resp, body := b.get(t, b.pat(0), "/v2/usercollection/heartrate", q, nil)
		require.Equal(t, 200, resp.StatusCode)
		checkGolden(t, "heartrate", body)
	})
}

// TestGoldenNoNullsWhenFinal checks that a finished, scored day has no
// null score fields: nulls are reserved for documents still in progress.
func TestGoldenNoNullsWhenFinal(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{World: testWorld(t, 1, 10)})
	for _, path := range []string{DataDailyActivity, DataDailySleep, DataDailyReadiness, DataDailyStress} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			docs, _ := b.allPages(t, b.pat(0), CollectionPrefix+path, everything(b.world))
			require.NotEmpty(t, docs)
			require.NotContains(t, string(docs[0]), "null", "first (final) %s document has nulls: %s", path, docs[0])
		})
	}
}
