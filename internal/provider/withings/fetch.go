package withings

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// maxPages stops a provider that keeps answering more:true forever.
const maxPages = 100_000

// lister fetches one page of a list service at offset: the documents on
// it, whether more follow and the offset of the next page.
type lister func(ctx context.Context, offset int) (docs []provider.Document, more bool, next int, err error)

// Fetch walks one data type over w. The list services (getmeas,
// getactivity, getworkouts, getsummary, heart list) are read in pages with
// offset/more, and resume is the offset of the next page; intraday is read
// one UTC day per call (Withings returns at most 24 hours) and resume is
// the Unix time of the next day. A service the user's token may not call
// (status 277 and the rest of the "unauthorized" family, e.g. a scope the
// user declined) yields nothing rather than failing the other types.
func (p *Provider) Fetch(ctx context.Context, accessToken, dataType string, w provider.Window, resume string, emit func(provider.Page) error) error {
	var err error
	switch dataType {
	case TypeDevice:
		var pg provider.Page
		if pg, err = p.devices(ctx, accessToken); err == nil {
			err = emit(pg)
		}
	case TypeIntraday:
		err = p.walkIntraday(ctx, accessToken, w, resume, emit)
	case TypeMeasure, TypeActivity, TypeWorkout, TypeSleep, TypeECG:
		var start int
		if start, err = offsetOf(resume); err == nil {
			err = walk(ctx, p.lister(accessToken, dataType, w), start, emit)
		}
	default:
		return fmt.Errorf("withings: unknown data type %q: %w", dataType, provider.ErrRejected)
	}
	if IsScopeDenied(err) {
		return nil
	}
	return err
}

// lister returns the page reader of a list type over w. Every list type
// but ECG is asked in lastupdate mode: all records created or modified
// since the window's start, whatever day they describe, which is what an
// incremental sync needs and, for a backfill, the whole horizon.
func (p *Provider) lister(accessToken, dataType string, w provider.Window) lister {
	since := url.Values{"lastupdate": {unix(w.Start)}}
	switch dataType {
	case TypeMeasure:
		return p.measures(accessToken, since)
	case TypeActivity:
		return p.activities(accessToken, since)
	case TypeWorkout:
		return p.workouts(accessToken, since)
	case TypeSleep:
		return p.sleeps(accessToken, since)
	default:
		// heart list has no lastupdate; recordings are read by time.
		return p.ecgs(accessToken, url.Values{"startdate": {unix(w.Start)}, "enddate": {unix(w.End)}})
	}
}

// walk pages through a list service from offset start, emitting each page
// with the offset of the next one as its Resume.
func walk(ctx context.Context, list lister, start int, emit func(provider.Page) error) error {
	offset := start
	for range maxPages {
		docs, more, next, err := list(ctx, offset)
		if err != nil {
			return err
		}
		pg := provider.Page{Docs: docs}
		if more {
			if next <= offset {
				return provider.Malformed("page", fmt.Errorf("offset did not advance past %d", offset))
			}
			pg.Resume = strconv.Itoa(next)
		}
		if err := emit(pg); err != nil {
			return err
		}
		if !more {
			return nil
		}
		offset = next
	}
	return fmt.Errorf("withings: more than %d pages: %w", maxPages, provider.ErrRejected)
}

// collect walks a list service to its end and returns every document, for
// targeted fetches that answer with one page.
func collect(ctx context.Context, list lister) ([]provider.Document, error) {
	var out []provider.Document
	err := walk(ctx, list, 0, func(pg provider.Page) error {
		out = append(out, pg.Docs...)
		return nil
	})
	return out, err
}

// measures reads getmeas pages of real measures (category 1; objectives
// are not health data). Each measure group is one document keyed by grpid.
func (p *Provider) measures(accessToken string, sel url.Values) lister {
	return func(ctx context.Context, offset int) ([]provider.Document, bool, int, error) {
		f := withOffset(sel, offset)
		f.Set("category", "1")
		var b measureBody
		if _, err := p.call(ctx, accessToken, pathMeasure, "getmeas", f, &b); err != nil {
			return nil, false, 0, err
		}
		docs := make([]provider.Document, 0, len(b.MeasureGrps))
		for _, raw := range b.MeasureGrps {
			var g measureGroup
			if err := json.Unmarshal(raw, &g); err != nil || g.GrpID == 0 {
				return nil, false, 0, provider.Malformed("measure group", errors.Join(err, errors.New("no grpid")))
			}
			if g.Timezone == "" && b.Timezone != "" {
				raw = withField(raw, "timezone", b.Timezone)
			}
			docs = append(docs, provider.Document{DataType: TypeMeasure, ID: strconv.FormatInt(g.GrpID, 10),
				Start: time.Unix(g.Date, 0).UTC(), Revision: g.Modified * 1000, Body: raw})
		}
		return docs, bool(b.More), int(b.Offset), nil
	}
}

// activities reads getactivity pages: one document per local day.
func (p *Provider) activities(accessToken string, sel url.Values) lister {
	return func(ctx context.Context, offset int) ([]provider.Document, bool, int, error) {
		f := withOffset(sel, offset)
		f.Set("data_fields", activityFields)
		var b activityBody
		if _, err := p.call(ctx, accessToken, pathMeasureV2, "getactivity", f, &b); err != nil {
			return nil, false, 0, err
		}
		docs := make([]provider.Document, 0, len(b.Activities))
		for _, raw := range b.Activities {
			var a activity
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, false, 0, provider.Malformed("activity", err)
			}
			start, _, err := dayBounds(a.Date, a.Timezone)
			if err != nil {
				return nil, false, 0, provider.Malformed("activity", err)
			}
			docs = append(docs, provider.Document{DataType: TypeActivity, ID: a.Date, Start: start, Revision: a.Modified * 1000, Body: raw})
		}
		return docs, bool(b.More), int(b.Offset), nil
	}
}

// workouts reads getworkouts pages: one document per workout id.
func (p *Provider) workouts(accessToken string, sel url.Values) lister {
	return func(ctx context.Context, offset int) ([]provider.Document, bool, int, error) {
		f := withOffset(sel, offset)
		f.Set("data_fields", workoutFields)
		var b workoutsBody
		if _, err := p.call(ctx, accessToken, pathMeasureV2, "getworkouts", f, &b); err != nil {
			return nil, false, 0, err
		}
		docs := make([]provider.Document, 0, len(b.Series))
		for _, raw := range b.Series {
			var w workout
			if err := json.Unmarshal(raw, &w); err != nil || w.ID == 0 {
				return nil, false, 0, provider.Malformed("workout", errors.Join(err, errors.New("no id")))
			}
			docs = append(docs, provider.Document{DataType: TypeWorkout, ID: strconv.FormatInt(w.ID, 10),
				Start: time.Unix(w.StartDate, 0).UTC(), Revision: w.Modified * 1000, Body: raw})
		}
		return docs, bool(b.More), int(b.Offset), nil
	}
}

// offsetOf parses a resume offset ("" is the first page).
func offsetOf(resume string) (int, error) {
	if resume == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(resume)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("withings: resume %q is not an offset: %w", resume, provider.ErrRejected)
	}
	return n, nil
}

// withOffset copies a selection and adds the page offset.
func withOffset(sel url.Values, offset int) url.Values {
	f := url.Values{}
	for k, v := range sel {
		f[k] = v
	}
	if offset > 0 {
		f.Set("offset", strconv.Itoa(offset))
	}
	return f
}

// withField adds a string field to a JSON object.
func withField(raw json.RawMessage, name, value string) json.RawMessage {
	b := bytes.TrimSpace(raw)
	if len(b) < 2 || b[len(b)-1] != '}' {
		return raw
	}
	v, _ := json.Marshal(value)
	out := append([]byte{}, b[:len(b)-1]...)
	if len(bytes.TrimSpace(b[1:len(b)-1])) > 0 {
		out = append(out, ',')
	}
	out = append(out, '"')
	out = append(out, name...)
	out = append(out, '"', ':')
	out = append(out, v...)
	return append(out, '}')
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
