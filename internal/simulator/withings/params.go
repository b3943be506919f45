package withings

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// intParam parses an optional integer parameter.
func intParam(form url.Values, name string) (int64, bool, *apiError) {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 0, false, fail(StatusInvalidParams, "Invalid Params: "+name+" must be an integer")
	}
	return v, true, nil
}

// offsetParam parses the paging offset (default 0).
func offsetParam(form url.Values) (int, *apiError) {
	v, _, err := intParam(form, "offset")
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, fail(StatusInvalidParams, "Invalid Params: offset must not be negative")
	}
	return int(v), nil
}

// daySelector chooses records of the v2 services that take either a date
// range (startdateymd/enddateymd, both inclusive local dates) or
// lastupdate (records modified at or after a Unix time).
type daySelector struct {
	from, to   string
	lastUpdate int64
	byUpdate   bool
}

// keep reports whether a record with the local date and modification time
// is selected. lastupdate is inclusive: a record modified in the same
// second as the previous answer's updatetime must not be lost.
func (d daySelector) keep(date string, modified int64) bool {
	if d.byUpdate {
		return modified >= d.lastUpdate
	}
	return date >= d.from && date <= d.to
}

// parseDaySelector reads startdateymd/enddateymd or lastupdate, which the
// seed declares mutually exclusive ("DO NOT USE WITH").
func parseDaySelector(form url.Values) (daySelector, *apiError) {
	lu, hasLU, err := intParam(form, "lastupdate")
	if err != nil {
		return daySelector{}, err
	}
	from, to := form.Get("startdateymd"), form.Get("enddateymd")
	switch {
	case hasLU && (from != "" || to != ""):
		return daySelector{}, fail(StatusInvalidParams, "Invalid Params: lastupdate cannot be used with startdateymd/enddateymd")
	case hasLU:
		return daySelector{lastUpdate: lu, byUpdate: true}, nil
	case from == "" || to == "":
		return daySelector{}, fail(StatusInvalidParams, "Invalid Params: startdateymd and enddateymd, or lastupdate, are required")
	}
	for _, v := range []string{from, to} {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return daySelector{}, fail(StatusInvalidParams, "Invalid Params: dates must be YYYY-MM-DD")
		}
	}
	return daySelector{from: from, to: to}, nil
}

// window reads optional startdate/enddate Unix times; zero means open.
func window(form url.Values) (from, to time.Time, err *apiError) {
	sd, hasSD, err := intParam(form, "startdate")
	if err != nil {
		return from, to, err
	}
	ed, hasED, err := intParam(form, "enddate")
	if err != nil {
		return from, to, err
	}
	if hasSD {
		from = time.Unix(sd, 0).UTC()
	}
	if hasED {
		to = time.Unix(ed, 0).UTC()
	}
	if hasSD && hasED && to.Before(from) {
		return from, to, fail(StatusInvalidParams, "Invalid Params: enddate is before startdate")
	}
	return from, to, nil
}

// paginate returns the page of items at offset, whether more follow and
// the offset of the next page (0 when there is none, as the live API
// answers).
func paginate[T any](items []T, offset, size int) (page []T, more bool, next int) {
	if offset >= len(items) {
		return []T{}, false, 0
	}
	end := min(offset+size, len(items))
	if end < len(items) {
		return items[offset:end], true, end
	}
	return items[offset:end], false, 0
}
