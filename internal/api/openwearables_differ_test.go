package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// miniSpec is a wearhouse-style contract with one route, for the
// comparator's own tests; %s is replaced by each case's schema of Thing.
const miniSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/v1/things/{thing_id}:
    get:
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 50}}
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Thing:
%s
`

// miniFacts is the matching facts summary; %s is each case's Thing.
const miniFacts = `routes:
  - method: GET
    path: /api/v1/things/{id}
    tag: "External: Things"
    params:
      - {name: id, in: path, required: true, type: string, format: uuid}
      - {name: limit, type: integer, min: 1, max: 1000, default: 50}
      - {name: provider, type: string, nullable: true}
    status: 200
    schema: {ref: Thing}
  - {method: GET, path: /api/v1/other, tag: "External: Things", status: 200, schema: {}}
schemas:
  Kind: {type: string, enum: [a, b, c]}
  Thing:
%s
`

func TestOpenWearablesComparatorFindsEachKindOfDifference(t *testing.T) {
	t.Parallel()
	// Each case gives Thing in both contracts and the rows the comparator
	// must find besides the ones miniSpec and miniFacts always differ in.
	always := []string{
		"GET /api/v1/things/{id} | limit | maximum | 1000 | 100",
		"GET /api/v1/things/{id} | provider | presence | string or null | —",
		"GET /api/v1/things/{id} | sort | presence | — | string",
	}
	cases := []struct {
		name, ours, theirs string
		want               []string
	}{{
		name:   "same shape",
		ours:   "{type: object, required: [id], properties: {id: {type: string}, n: {type: integer, nullable: true}}}",
		theirs: "{required: [id], properties: {id: {type: string}, n: {type: integer, nullable: true}}}",
	}, {
		name:   "missing and extra fields",
		ours:   "{type: object, properties: {id: {type: string}, extra: {type: number}}}",
		theirs: "{required: [id, gone], properties: {id: {type: string}, gone: {type: string, format: date-time}}}",
		want: []string{
			"Thing | extra | presence | — | number",
			"Thing | gone | presence | string (date-time), required | —",
			"Thing | id | required | yes | no",
		},
	}, {
		name:   "type, format and nullability",
		ours:   "{type: object, properties: {a: {type: number}, b: {type: string}, c: {type: string, nullable: true}}}",
		theirs: "{properties: {a: {type: integer}, b: {type: string, format: uuid}, c: {type: string}}}",
		want: []string{
			"Thing | a | type | integer | number",
			"Thing | b | type | string (uuid) | string",
			"Thing | c | nullable | no | yes",
		},
	}, {
		name:   "enums, named and inline",
		ours:   `{type: object, properties: {k: {$ref: "#/components/schemas/Kind"}, s: {type: string}}}`,
		theirs: "{properties: {k: {ref: Kind}, s: {type: string, enum: [x, y]}}}",
		want: []string{
			"Kind | (value) | enum | c | —",
			"Thing | s | enum | x, y | any",
		},
	}, {
		name:   "nested objects, arrays and maps",
		ours:   "{type: object, properties: {list: {type: array, items: {type: object, properties: {v: {type: number}}}}, m: {type: object, additionalProperties: {type: string}}}}",
		theirs: "{properties: {list: {type: array, items: {properties: {v: {type: integer}}}}, m: {type: object, additional: {type: integer}}}}",
		want: []string{
			"Thing | list[].v | type | integer | number",
			"Thing | m{} | type | integer | string",
		},
	}, {
		name:   "an untyped map admits any object",
		ours:   "{type: object, properties: {anything: {type: object, properties: {x: {type: string}}}}}",
		theirs: "{properties: {anything: {type: object, additional: {}}}}",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec, err := openapi3.NewLoader().LoadFromData([]byte(strings.Replace(miniSpec, "%s", "      "+tc.ours, 1)))
			require.NoError(t, err)
			require.NoError(t, spec.Validate(context.Background()))
			var facts factsDoc
			require.NoError(t, yaml.Unmarshal([]byte(strings.Replace(miniFacts, "%s", "    "+tc.theirs, 1)), &facts))
			diffs, unserved, err := compareContracts(&facts, spec, loadSpecRoutes(t, spec))
			require.NoError(t, err)
			got := make([]string, 0, len(diffs))
			for _, d := range diffs {
				got = append(got, strings.Join([]string{d.where, d.field, d.aspect, d.ow, d.wh}, " | "))
			}
			require.ElementsMatch(t, append(append([]string{}, always...), tc.want...), got)
			require.Len(t, unserved, 1)
			require.Equal(t, "/api/v1/other", unserved[0].Path)
		})
	}
}

// TestOpenWearablesFactsAreComplete pins the facts file to what 0.9.0
// tags External or System, and checks every type expression resolves.
func TestOpenWearablesFactsAreComplete(t *testing.T) {
	t.Parallel()
	facts, err := loadFacts(factsPath)
	require.NoError(t, err)
	paths, deprecated, seen := map[string]bool{}, 0, map[string]bool{}
	fs := &factShapes{doc: facts, named: map[string]*shape{}}
	for _, r := range facts.Routes {
		key := routeKey(r.Method, r.Path)
		require.False(t, seen[key], "%s is listed twice", key)
		seen[key] = true
		require.True(t, strings.HasPrefix(r.Tag, "External: ") || strings.HasPrefix(r.Tag, "System: "), "%s: tag %q", key, r.Tag)
		require.NotZero(t, r.Status, key)
		paths[r.Path] = true
		if r.Deprecated {
			deprecated++
		}
		_, err := fs.of(r.Schema)
		require.NoError(t, err, key)
		for _, p := range r.Params {
			require.Contains(t, []string{"", "path"}, p.In, "%s %s", key, p.Name)
			_, err := fs.of(p.schema())
			require.NoError(t, err, "%s %s", key, p.Name)
		}
	}
	require.Len(t, facts.Routes, 89, "0.9.0 tags 89 operations External or System")
	require.Len(t, paths, 73, "on 73 of its 102 paths")
	require.Equal(t, 12, deprecated, "12 of them deprecated: 77 current")
	for name := range facts.Schemas {
		_, err := fs.ref(name)
		require.NoError(t, err, name)
	}
}
