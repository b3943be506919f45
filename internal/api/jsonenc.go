package api

import (
	"math"
	"strconv"
)

// jsonEnc appends JSON values to a buffer, remembering the first value
// encoding/json would have refused.
type jsonEnc struct {
	b   []byte
	err error
}

func (e *jsonEnc) raw(s string) { e.b = append(e.b, s...) }

func (e *jsonEnc) str(s string) { e.b = appendJSONString(e.b, s) }

func (e *jsonEnc) strPtr(s *string) {
	if s == nil {
		e.raw("null")
		return
	}
	e.str(*s)
}

func (e *jsonEnc) bool(v bool) {
	if v {
		e.raw("true")
		return
	}
	e.raw("false")
}

func (e *jsonEnc) int(v int64) { e.b = strconv.AppendInt(e.b, v, 10) }

func (e *jsonEnc) int64Ptr(v *int64) {
	if v == nil {
		e.raw("null")
		return
	}
	e.int(*v)
}

func (e *jsonEnc) intPtr(v *int) {
	if v == nil {
		e.raw("null")
		return
	}
	e.int(int64(*v))
}

func (e *jsonEnc) floatPtr(v *float64) {
	if v == nil {
		e.raw("null")
		return
	}
	if !finite(*v) {
		if e.err == nil {
			e.err = errNotFinite
		}
		e.raw("null")
		return
	}
	e.b = appendJSONFloat(e.b, *v)
}

// finite reports whether encoding/json can encode f.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
