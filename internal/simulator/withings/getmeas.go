package withings

import (
	"slices"
	"strconv"
	"strings"
)

// getmeas implements POST /measure action=getmeas: measure groups newest
// first, filtered by meastype(s), category and either a startdate/enddate
// window on the measure date (both inclusive) or lastupdate on the
// modification time, paged with offset and an integer more.
func (s *Server) getmeas(c *call) (any, *apiError) {
	types, err := measTypes(c.form.Get("meastype"), c.form.Get("meastypes"))
	if err != nil {
		return nil, err
	}
	category, hasCat, err := intParam(c.form, "category")
	if err != nil {
		return nil, err
	}
	if !hasCat {
		// The seed leaves the default open; real measures are what every
		// client means, and objectives must be asked for.
		category = 1
	}
	if category != 1 && category != 2 {
		return nil, fail(StatusInvalidParams, "Invalid Params: category must be 1 or 2")
	}
	from, to, err := window(c.form)
	if err != nil {
		return nil, err
	}
	lastUpdate, byUpdate, err := intParam(c.form, "lastupdate")
	if err != nil {
		return nil, err
	}
	if byUpdate && (!from.IsZero() || !to.IsZero()) {
		return nil, fail(StatusInvalidParams, "Invalid Params: lastupdate cannot be used with startdate/enddate")
	}
	offset, err := offsetParam(c.form)
	if err != nil {
		return nil, err
	}
	keep := func(t int) bool { return len(types) == 0 || slices.Contains(types, t) }
	var all []MeasureGroup
	for _, g := range s.groups(c.person) {
		switch {
		case int64(g.category) != category,
			byUpdate && g.modified.Unix() < lastUpdate,
			!from.IsZero() && g.date.Before(from),
			!to.IsZero() && g.date.After(to):
			continue
		}
		if w, ok := g.wire(keep); ok {
			all = append(all, w)
		}
	}
	page, more, next := paginate(all, offset, s.cfg.PageSize)
	body := MeasureBody{
		UpdateTime:  c.now.Unix(),
		Timezone:    zoneName(c.person.OffsetAt(c.now)),
		MeasureGrps: page,
		Offset:      next,
	}
	if more {
		body.More = 1
	}
	return body, nil
}

// measTypes parses meastype and meastypes ("1,4,12") into one list.
func measTypes(one, many string) ([]int, *apiError) {
	var raw []string
	if one != "" {
		raw = append(raw, one)
	}
	if many != "" {
		raw = append(raw, strings.Split(many, ",")...)
	}
	out := make([]int, 0, len(raw))
	for _, v := range raw {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fail(StatusInvalidParams, "Invalid Params: meastype must be a list of integers")
		}
		out = append(out, n)
	}
	return out, nil
}
