package api_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// The contract test: api/openapi.yaml against the facts of Open Wearables
// 0.9.0 (testdata/openwearables-0.9.0.yaml), field by field, for every
// route both serve. Every difference must be a row of the table in
// docs/api.md ("Differences from Open Wearables"), and every row must still
// be a difference; every 0.9.0 route wearhouse does not serve must be a row
// of the table of routes not served, and every row there must still be
// unserved. Adding a field, a parameter or a route therefore means updating
// the table in the same change.

var (
	factsPath = filepath.Join("testdata", "openwearables-0.9.0.yaml")
	specPath  = filepath.Join("..", "..", "api", "openapi.yaml")
	docPath   = filepath.Join("..", "..", "docs", "api.md")
)

// specRoute is one operation of api/openapi.yaml.
type specRoute struct {
	path string
	item *openapi3.PathItem
	op   *openapi3.Operation
}

func loadSpecRoutes(t *testing.T, spec *openapi3.T) map[string]specRoute {
	t.Helper()
	out := map[string]specRoute{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			key := routeKey(method, path)
			require.NotContains(t, out, key, "two operations of api/openapi.yaml are one route")
			out[key] = specRoute{path: path, item: item, op: op}
		}
	}
	return out
}

// compareContracts returns every difference on the routes both contracts
// serve and the 0.9.0 routes wearhouse does not serve.
func compareContracts(facts *factsDoc, spec *openapi3.T, ours map[string]specRoute) ([]difference, []factRoute, error) {
	fs := &factShapes{doc: facts, named: map[string]*shape{}}
	ss := &specShapes{named: map[string]*shape{}}
	d := &differ{seen: map[string]bool{}}
	var unserved []factRoute
	for _, fr := range facts.Routes {
		sr, ok := ours[routeKey(fr.Method, fr.Path)]
		if !ok {
			unserved = append(unserved, fr)
			continue
		}
		where := fr.Method + " " + fr.Path
		if err := compareParams(d, fs, ss, where, fr, sr); err != nil {
			return nil, nil, err
		}
		if err := compareResponse(d, fs, ss, where, fr, sr); err != nil {
			return nil, nil, err
		}
	}
	return d.diffs, unserved, nil
}

// compareParams compares query parameters by name and path parameters by
// position (their names never reach the wire).
func compareParams(d *differ, fs *factShapes, ss *specShapes, where string, fr factRoute, sr specRoute) error {
	type param struct {
		required bool
		s        *shape
	}
	// An operation's parameter overrides its path item's of the same name.
	ours, oursPath := map[string]param{}, map[string]param{}
	for _, p := range append(append(openapi3.Parameters{}, sr.item.Parameters...), sr.op.Parameters...) {
		switch v := p.Value; v.In {
		case openapi3.ParameterInQuery:
			ours[v.Name] = param{v.Required, ss.of(v.Schema)}
		case openapi3.ParameterInPath:
			oursPath[v.Name] = param{v.Required, ss.of(v.Schema)}
		}
	}
	pathIndex := pathParamNames(sr.path)
	seen := map[string]bool{}
	for _, fp := range fr.Params {
		s, err := fs.of(fp.schema())
		if err != nil {
			return fmt.Errorf("%s %s: %w", where, fp.Name, err)
		}
		if fp.In == "path" {
			i := slices.Index(pathParamNames(fr.Path), fp.Name)
			if i < 0 || i >= len(pathIndex) {
				return fmt.Errorf("%s: path parameter %s is not in the path", where, fp.Name)
			}
			if p, ok := oursPath[pathIndex[i]]; ok {
				d.compareParam(where, "{"+fp.Name+"}", true, s, p.required, p.s)
			}
			continue
		}
		seen[fp.Name] = true
		op, ok := ours[fp.Name]
		if !ok {
			d.add(where, fp.Name, "presence", describe(s, fp.Required), none)
			continue
		}
		d.compareParam(where, fp.Name, fp.Required, s, op.required, op.s)
	}
	for _, name := range sortedKeys(ours) {
		if !seen[name] {
			d.add(where, name, "presence", none, describe(ours[name].s, ours[name].required))
		}
	}
	return nil
}

// compareResponse compares the success status and its JSON body.
func compareResponse(d *differ, fs *factShapes, ss *specShapes, where string, fr factRoute, sr specRoute) error {
	var codes []int
	for code := range sr.op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
			codes = append(codes, n)
		}
	}
	slices.Sort(codes)
	if len(codes) == 0 {
		return fmt.Errorf("%s: api/openapi.yaml declares no 2xx response", where)
	}
	code := fr.Status
	if !slices.Contains(codes, code) {
		d.add(where, "(response)", "status", strconv.Itoa(fr.Status), joinInts(codes))
		code = codes[0]
	}
	ow, err := fs.of(fr.Schema)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if fr.Schema == nil || ow.isAny() {
		return nil // no body, or a body 0.9.0 leaves unconstrained
	}
	res := sr.op.Responses.Status(code)
	var mt *openapi3.MediaType
	if res != nil && res.Value != nil {
		mt = res.Value.Content.Get("application/json")
	}
	if mt == nil || mt.Schema == nil {
		d.add(where, "(body)", "body", typeText(ow), "no JSON body")
		return nil
	}
	d.compare(where, "(body)", ow, ss.of(mt.Schema))
	return nil
}

// pathParamNames lists a path template's parameter names in order.
func pathParamNames(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func TestOpenWearablesContractDifferencesAreDocumented(t *testing.T) {
	t.Parallel()
	facts, err := loadFacts(factsPath)
	require.NoError(t, err)
	spec, err := openapi3.NewLoader().LoadFromFile(specPath)
	require.NoError(t, err)
	diffs, unserved, err := compareContracts(facts, spec, loadSpecRoutes(t, spec))
	require.NoError(t, err)
	tables, err := loadDifferenceTables(docPath)
	require.NoError(t, err)

	t.Run("fields and parameters", func(t *testing.T) {
		t.Parallel()
		checkDifferenceRows(t, diffs, tables.fields)
	})
	t.Run("routes not served", func(t *testing.T) {
		t.Parallel()
		checkUnservedRows(t, unserved, tables.routes)
		checkCounts(t, tables.text, facts, unserved)
	})
}
