package api_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// shape is a JSON schema reduced to what the Open Wearables comparison looks
// at: the JSON types a value may have, its format, nullability, enum,
// properties with their required list, array items and map values. Both
// contracts are turned into shapes first, so the comparison does not care
// how either document spells a union, a nullable reference or an enum.
type shape struct {
	name       string // component name; "" for an inline schema
	types      []string
	format     string
	nullable   bool
	enum       []string
	props      map[string]*shape
	required   []string
	items      *shape
	additional *shape // values of a map; nil when the object declares none
	min, max   *float64
	deflt      string // JSON of the default; "" without one
}

// isAny reports whether the shape constrains nothing, as Open Wearables'
// `{}` and `additionalProperties: true` do.
func (s *shape) isAny() bool {
	return s == nil || (len(s.types) == 0 && len(s.props) == 0 && len(s.enum) == 0 && s.items == nil && s.additional == nil)
}

// isObject reports whether the shape is an object (with or without declared
// properties).
func (s *shape) isObject() bool { return slices.Equal(s.types, []string{"object"}) }

// factsDoc is the hand-made summary of Open Wearables 0.9.0 in
// testdata/openwearables-0.9.0.yaml.
type factsDoc struct {
	Routes  []factRoute            `yaml:"routes"`
	Schemas map[string]*factSchema `yaml:"schemas"`
}

// factRoute is one operation of Open Wearables 0.9.0.
type factRoute struct {
	Method     string      `yaml:"method"`
	Path       string      `yaml:"path"`
	Tag        string      `yaml:"tag"`
	Deprecated bool        `yaml:"deprecated"`
	Params     []factParam `yaml:"params"`
	Status     int         `yaml:"status"`
	Schema     *factSchema `yaml:"schema"`
	Content    string      `yaml:"content"`
}

// factParam is one path or query parameter; In is empty for query.
type factParam struct {
	Name       string      `yaml:"name"`
	In         string      `yaml:"in"`
	Required   bool        `yaml:"required"`
	Ref        string      `yaml:"ref"`
	Type       string      `yaml:"type"`
	Format     string      `yaml:"format"`
	Nullable   bool        `yaml:"nullable"`
	Deprecated bool        `yaml:"deprecated"`
	Enum       []string    `yaml:"enum"`
	Items      *factSchema `yaml:"items"`
	Min        *float64    `yaml:"min"`
	Max        *float64    `yaml:"max"`
	Pattern    string      `yaml:"pattern"`
	Default    any         `yaml:"default"`
}

// schema returns the parameter's type expression.
func (p factParam) schema() *factSchema {
	return &factSchema{Ref: p.Ref, Type: p.Type, Format: p.Format, Nullable: p.Nullable, Deprecated: p.Deprecated,
		Enum: p.Enum, Items: p.Items, Min: p.Min, Max: p.Max, Pattern: p.Pattern, Default: p.Default}
}

// factSchema is the facts file's type expression.
type factSchema struct {
	Ref         string                 `yaml:"ref"`
	Type        string                 `yaml:"type"`
	Format      string                 `yaml:"format"`
	Nullable    bool                   `yaml:"nullable"`
	Deprecated  bool                   `yaml:"deprecated"`
	Enum        []string               `yaml:"enum"`
	Items       *factSchema            `yaml:"items"`
	PrefixItems []*factSchema          `yaml:"prefix_items"`
	Additional  *factSchema            `yaml:"additional"`
	AnyOf       []*factSchema          `yaml:"any_of"`
	Properties  map[string]*factSchema `yaml:"properties"`
	Required    []string               `yaml:"required"`
	Min         *float64               `yaml:"min"`
	Max         *float64               `yaml:"max"`
	Pattern     string                 `yaml:"pattern"`
	Default     any                    `yaml:"default"`
}

// routeKey names an operation by method and path template with its
// parameter names blanked: path parameter names never reach the wire, so
// `/events/sleep/{sleep_id}` and `/events/sleep/{record_id}` are one route.
func routeKey(method, path string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '{')
		j := strings.IndexByte(path, '}')
		if i < 0 || j < i {
			b.WriteString(path)
			break
		}
		b.WriteString(path[:i+1])
		b.WriteByte('}')
		path = path[j+1:]
	}
	return strings.ToUpper(method) + " " + b.String()
}

// loadFacts reads the facts file.
func loadFacts(path string) (*factsDoc, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	var doc factsDoc
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse facts: %w", err)
	}
	return &doc, nil
}

// factShapes turns the facts' type expressions into shapes, resolving refs
// against the facts' schemas (each named schema becomes one shape).
type factShapes struct {
	doc   *factsDoc
	named map[string]*shape
}

func (c *factShapes) of(f *factSchema) (*shape, error) {
	if f == nil {
		return nil, nil
	}
	if f.Ref != "" {
		s, err := c.ref(f.Ref)
		if err != nil || (!f.Nullable && f.Default == nil) {
			return s, err
		}
		cp := *s // a nullable or defaulted use of a named schema
		cp.nullable = cp.nullable || f.Nullable
		if f.Default != nil {
			cp.deflt = jsonText(f.Default)
		}
		return &cp, nil
	}
	s := &shape{format: f.Format, nullable: f.Nullable, enum: f.Enum, required: f.Required, min: f.Min, max: f.Max}
	if f.Default != nil {
		s.deflt = jsonText(f.Default)
	}
	if f.Type != "" {
		s.types = []string{f.Type}
	}
	for _, alt := range f.AnyOf {
		a, err := c.of(alt)
		if err != nil {
			return nil, err
		}
		s.types = append(s.types, a.types...)
	}
	s.types = normTypes(s.types)
	var err error
	if s.items, err = c.of(f.Items); err != nil {
		return nil, err
	}
	if len(f.PrefixItems) > 0 && s.items == nil {
		s.items = &shape{} // a tuple: its items are not compared
	}
	if s.additional, err = c.of(f.Additional); err != nil {
		return nil, err
	}
	if f.Properties != nil || s.additional != nil {
		s.types = []string{"object"}
	}
	for name, p := range f.Properties {
		if s.props == nil {
			s.props = map[string]*shape{}
		}
		if s.props[name], err = c.of(p); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (c *factShapes) ref(name string) (*shape, error) {
	if s, ok := c.named[name]; ok {
		return s, nil
	}
	f, ok := c.doc.Schemas[name]
	if !ok {
		return nil, fmt.Errorf("facts: unknown schema %q", name)
	}
	s := &shape{name: name}
	c.named[name] = s // before filling, so a cycle ends here
	filled, err := c.of(f)
	if err != nil {
		return nil, err
	}
	*s = *filled
	s.name = name
	return s, nil
}

// specShapes turns kin-openapi schemas of api/openapi.yaml into shapes.
type specShapes struct {
	named map[string]*shape
}

func (c *specShapes) of(r *openapi3.SchemaRef) *shape {
	if r == nil || r.Value == nil {
		return nil
	}
	v := r.Value
	// `allOf: [{$ref}]` next to `nullable: true` is 3.0's nullable reference.
	if len(v.AllOf) == 1 && len(v.Properties) == 0 && v.Type == nil {
		s := c.of(v.AllOf[0])
		if s != nil && v.Nullable && !s.nullable {
			cp := *s
			cp.nullable = true
			return &cp
		}
		return s
	}
	name := strings.TrimPrefix(r.Ref, "#/components/schemas/")
	if r.Ref != "" && name != r.Ref {
		if s, ok := c.named[name]; ok {
			return s
		}
		s := &shape{name: name}
		c.named[name] = s
		*s = *c.value(v)
		s.name = name
		return s
	}
	return c.value(v)
}

func (c *specShapes) value(v *openapi3.Schema) *shape {
	s := &shape{format: v.Format, nullable: v.Nullable, required: v.Required, min: v.Min, max: v.Max}
	if v.Type != nil {
		for _, t := range *v.Type {
			if t == "null" {
				s.nullable = true
				continue
			}
			s.types = append(s.types, t)
		}
	}
	for _, alt := range append(append(openapi3.SchemaRefs{}, v.AnyOf...), v.OneOf...) {
		if a := c.of(alt); a != nil {
			s.types = append(s.types, a.types...)
			s.nullable = s.nullable || a.nullable
		}
	}
	s.types = normTypes(s.types)
	for _, e := range v.Enum {
		if e == nil {
			s.nullable = true
			continue
		}
		s.enum = append(s.enum, fmt.Sprint(e))
	}
	if v.Default != nil {
		s.deflt = jsonText(v.Default)
	}
	s.items = c.of(v.Items)
	if ap := v.AdditionalProperties.Schema; ap != nil {
		s.additional = c.of(ap)
	} else if has := v.AdditionalProperties.Has; has != nil && *has {
		s.additional = &shape{}
	}
	for name, p := range v.Properties {
		if s.props == nil {
			s.props = map[string]*shape{}
		}
		s.props[name] = c.of(p)
	}
	return s
}

// normTypes sorts and dedupes JSON types; integer next to number is number.
func normTypes(ts []string) []string {
	slices.Sort(ts)
	ts = slices.Compact(ts)
	if slices.Contains(ts, "number") {
		ts = slices.DeleteFunc(ts, func(t string) bool { return t == "integer" })
	}
	return ts
}

// jsonText renders a default value for the table: strings bare, others as JSON.
func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}
