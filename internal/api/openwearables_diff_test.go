package api_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// none marks a side that has nothing there (a field, parameter or enum
// value only the other contract has).
const none = "—"

// difference is one way wearhouse's contract differs from Open Wearables
// 0.9.0 for a route both serve: one row of the table in docs/api.md.
type difference struct {
	where  string // "GET /api/v1/users" or a schema, "UserRead" or "UserDetailRead / UserRead"
	field  string // dotted property path or parameter name; "[]" steps into array items
	aspect string // presence, type, nullable, required, enum, default, minimum, maximum, status, body
	ow, wh string // what each contract says, as the table prints it
}

func (d difference) key() string { return d.where + " | " + d.field + " | " + d.aspect }

// differ compares shapes of the two contracts and collects differences.
// Each pair of named schemas is compared once, under the pair's name, so a
// schema used by many routes yields its rows once.
type differ struct {
	diffs []difference
	seen  map[string]bool
}

func (d *differ) add(where, field, aspect, ow, wh string) {
	d.diffs = append(d.diffs, difference{where: where, field: field, aspect: aspect, ow: ow, wh: wh})
}

// schemaName names a pair of compared schemas.
func schemaName(ow, wh *shape) string {
	if ow.name == wh.name {
		return ow.name
	}
	return ow.name + " / " + wh.name
}

// compare compares one value's shape; an unconstrained Open Wearables shape
// matches anything wearhouse serves.
func (d *differ) compare(where, field string, ow, wh *shape) {
	if ow.isAny() {
		return
	}
	if ow.nullable != wh.nullable {
		d.add(where, field, "nullable", yesNo(ow.nullable), yesNo(wh.nullable))
	}
	if ow.isObject() && len(ow.props) == 0 && wh.isObject() {
		d.compareMap(where, field, ow, wh)
		return
	}
	if ot, wt := typeText(ow), typeText(wh); ot != wt {
		d.add(where, field, "type", ot, wt)
		return
	}
	if ow.name != "" && wh.name != "" {
		key := ow.name + "/" + wh.name
		if d.seen[key] {
			return
		}
		d.seen[key] = true
		where, field = schemaName(ow, wh), ""
	}
	d.compareEnum(where, orValue(field), ow, wh)
	switch {
	case ow.items != nil && wh.items != nil:
		d.compare(where, field+"[]", ow.items, wh.items)
	case ow.isObject():
		d.compareObject(where, field, ow, wh)
	}
}

// compareMap compares an object 0.9.0 declares without properties (a map,
// or any object) with a wearhouse object: any object fits an untyped map;
// a typed map's values must admit each of wearhouse's properties or map
// values.
func (d *differ) compareMap(where, field string, ow, wh *shape) {
	if ow.additional.isAny() {
		return
	}
	if len(wh.props) == 0 {
		if wh.additional != nil {
			d.compare(where, join(field, "{}"), ow.additional, wh.additional)
		}
		return
	}
	for _, name := range slices.Sorted(maps.Keys(wh.props)) {
		if p := wh.props[name]; !fits(ow.additional, p) {
			d.add(where, join(field, name), "type", typeText(ow.additional), typeText(p))
		}
	}
}

// fits reports whether every value of shape v is a value of shape of.
func fits(of, v *shape) bool {
	if of.isAny() {
		return true
	}
	for _, t := range v.types {
		if !slices.Contains(of.types, t) && !(t == "integer" && slices.Contains(of.types, "number")) {
			return false
		}
	}
	return len(v.types) > 0 && (!v.nullable || of.nullable)
}

// compareObject compares properties and required lists.
func (d *differ) compareObject(where, prefix string, ow, wh *shape) {
	names := slices.Sorted(maps.Keys(ow.props))
	for name := range wh.props {
		if _, ok := ow.props[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		field := join(prefix, name)
		op, wp := ow.props[name], wh.props[name]
		switch {
		case wp == nil:
			d.add(where, field, "presence", describe(op, slices.Contains(ow.required, name)), none)
		case op == nil:
			d.add(where, field, "presence", none, describe(wp, slices.Contains(wh.required, name)))
		default:
			if or, wr := slices.Contains(ow.required, name), slices.Contains(wh.required, name); or != wr {
				d.add(where, field, "required", yesNo(or), yesNo(wr))
			}
			d.compare(where, field, op, wp)
		}
	}
}

// compareEnum lists the values only one side allows; a side without an
// enum allows any value.
func (d *differ) compareEnum(where, field string, ow, wh *shape) {
	switch {
	case len(ow.enum) == 0 && len(wh.enum) == 0:
	case len(ow.enum) == 0:
		d.add(where, field, "enum", "any", enumText(wh))
	case len(wh.enum) == 0:
		d.add(where, field, "enum", enumText(ow), "any")
	default:
		onlyOW, onlyWH := minus(ow.enum, wh.enum), minus(wh.enum, ow.enum)
		if len(onlyOW)+len(onlyWH) > 0 {
			d.add(where, field, "enum", orNone(list(onlyOW)), orNone(list(onlyWH)))
		}
	}
}

// longEnum is the size from which a whole enum of a named schema prints as
// its name and size (the facts file and api/openapi.yaml hold the values).
const longEnum = 20

// enumText prints a whole enum.
func enumText(s *shape) string {
	if s.name != "" && len(s.enum) >= longEnum {
		return fmt.Sprintf("%s (%d values)", s.name, len(s.enum))
	}
	return list(s.enum)
}

// compareParam compares one parameter both routes declare.
func (d *differ) compareParam(where, name string, owReq bool, ow *shape, whReq bool, wh *shape) {
	if owReq != whReq {
		d.add(where, name, "required", yesNo(owReq), yesNo(whReq))
	}
	if ot, wt := typeText(ow), typeText(wh); ot != wt {
		d.add(where, name, "type", ot, wt)
		return
	}
	if ow.items != nil && wh.items != nil {
		d.compareEnum(where, name, ow.items, wh.items)
	} else {
		d.compareEnum(where, name, ow, wh)
	}
	if ow.deflt != wh.deflt {
		d.add(where, name, "default", orNone(ow.deflt), orNone(wh.deflt))
	}
	if a, b := num(ow.min), num(wh.min); a != b {
		d.add(where, name, "minimum", a, b)
	}
	if a, b := num(ow.max), num(wh.max); a != b {
		d.add(where, name, "maximum", a, b)
	}
}

// typeText prints a shape's type without its nullability.
func typeText(s *shape) string {
	if s.isAny() {
		return "any"
	}
	switch {
	case s.items != nil:
		return "array of " + elemText(s.items)
	case s.isObject() && len(s.props) == 0 && s.additional != nil:
		return "map of " + elemText(s.additional)
	}
	t := strings.Join(s.types, " or ")
	if s.format != "" {
		t += " (" + s.format + ")"
	}
	return t
}

// elemText prints an element type; element names stay out of it, so an
// inline schema and a named one of the same shape print alike.
func elemText(s *shape) string {
	if s.isObject() {
		return "object"
	}
	return typeText(s)
}

// describe prints a field that only one contract has.
func describe(s *shape, required bool) string {
	t := typeText(s)
	if s.name != "" && s.isObject() {
		t = s.name
	}
	if s.nullable {
		t += " or null"
	}
	if required {
		t += ", required"
	}
	return t
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	if name == "{}" || strings.HasSuffix(prefix, "[]") && name == "" {
		return prefix + name
	}
	return prefix + "." + name
}

func orValue(field string) string {
	if field == "" {
		return "(value)"
	}
	return field
}

func orNone(s string) string {
	if s == "" {
		return none
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func num(f *float64) string {
	if f == nil {
		return none
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func list(vs []string) string {
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return strings.Join(vs, ", ")
}

func minus(a, b []string) []string {
	var out []string
	for _, v := range a {
		if !slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	return out
}

// rowText prints a difference as a table row (without a class and reason).
func (d difference) rowText() string {
	return fmt.Sprintf("| `%s` | `%s` | %s | %s | %s |", d.where, orNone(d.field), d.aspect, cell(d.ow), cell(d.wh))
}

// cell prints a value cell: code in backticks, the dash bare.
func cell(v string) string {
	if v == none || v == "" {
		return none
	}
	return "`" + v + "`"
}
