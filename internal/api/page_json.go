package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// renderedPage is a page of a data route rendered by renderPage. Sleep
// pages are mostly stage intervals (a night at 30-second epochs is about
// fifty of them, a page holds up to fifty nights) and a year of activity
// summaries is 365 objects, so pages are appended by hand instead of
// going through reflection and encoding/json's re-validation of every
// json.Marshaler's output. Tests check the bytes equal what json.Encoder
// writes for the same wirePage.
type renderedPage struct {
	body []byte
	bufs *pageBuffers // takes body back once written
}

func (r renderedPage) visit(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(r.body)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(r.body)
	r.bufs.put(r.body)
	return err
}

// pageBuffers recycles the buffers pages are rendered into: a page of
// sleep sessions is over 100 KB, and allocating one per request made the
// garbage collector a large share of the route's time. A buffer comes
// back only after the response has been written from it.
type pageBuffers struct {
	pool sync.Pool
}

// maxPooledPage keeps unusually large pages from pinning memory.
const maxPooledPage = 1 << 20

func (p *pageBuffers) get() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 64<<10)
}

func (p *pageBuffers) put(b []byte) {
	if p != nil && cap(b) <= maxPooledPage {
		p.pool.Put(&b)
	}
}

// render renders a page into a recycled buffer.
func (p *pageBuffers) render(page func(buf []byte) ([]byte, error)) (renderedPage, error) {
	body, err := page(p.get())
	if err != nil {
		return renderedPage{}, err
	}
	return renderedPage{body: body, bufs: p}, nil
}

func (r renderedPage) VisitListSleepSessionsResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r renderedPage) VisitListWorkoutsResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r renderedPage) VisitListActivitySummariesResponse(w http.ResponseWriter) error {
	return r.visit(w)
}

// errNotFinite is encoding/json's refusal of NaN and infinities.
var errNotFinite = errors.New("api: unsupported float value (NaN or infinity)")

// jsonAppender renders itself as encoding/json would.
type jsonAppender interface {
	appendJSON(e *jsonEnc)
}

// renderPage renders a page envelope with a trailing newline, as
// json.Encoder.Encode does.
func renderPage[T any, P interface {
	*T
	jsonAppender
}](buf []byte, p wirePage[T]) ([]byte, error) {
	e := &jsonEnc{b: buf}
	e.raw(`{"data":`)
	if p.Data == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range p.Data {
			if i > 0 {
				e.raw(",")
			}
			P(&p.Data[i]).appendJSON(e)
		}
		e.raw("]")
	}
	e.raw(`,"pagination":{"next_cursor":`)
	e.strPtr(p.Pagination.NextCursor)
	e.raw(`,"previous_cursor":`)
	e.strPtr(p.Pagination.PreviousCursor)
	e.raw(`,"has_more":`)
	e.bool(p.Pagination.HasMore)
	e.raw(`,"total_count":`)
	e.intPtr(p.Pagination.TotalCount)
	e.raw(`},"metadata":{"resolution":`)
	e.strPtr(p.Metadata.Resolution)
	e.raw(`,"sample_count":`)
	e.int(int64(p.Metadata.SampleCount))
	e.raw(`,"start_time":`)
	e.strPtr(p.Metadata.StartTime)
	e.raw(`,"end_time":`)
	e.strPtr(p.Metadata.EndTime)
	e.raw("}}\n")
	return e.b, e.err
}

func (s *wireSleep) appendJSON(e *jsonEnc) {
	e.raw(`{"id":`)
	e.str(s.ID)
	e.raw(`,"start_time":`)
	e.str(s.StartTime)
	e.raw(`,"end_time":`)
	e.str(s.EndTime)
	e.raw(`,"zone_offset":`)
	e.strPtr(s.ZoneOffset)
	e.raw(`,"source":`)
	s.Source.appendJSON(e)
	e.raw(`,"duration_seconds":`)
	e.int(s.DurationSeconds)
	e.raw(`,"sleep_duration_seconds":`)
	e.int64Ptr(s.SleepDurationSeconds)
	e.raw(`,"efficiency_percent":`)
	e.floatPtr(s.EfficiencyPercent)
	e.raw(`,"stages":`)
	if s.Stages == nil {
		e.raw("null")
	} else {
		e.raw(`{"awake_minutes":`)
		e.int(s.Stages.Awake)
		e.raw(`,"light_minutes":`)
		e.int(s.Stages.Light)
		e.raw(`,"deep_minutes":`)
		e.int(s.Stages.Deep)
		e.raw(`,"rem_minutes":`)
		e.int(s.Stages.REM)
		e.raw("}")
	}
	e.raw(`,"sleep_stage_intervals":`)
	if s.hypnogram != "" {
		var err error
		if e.b, err = appendHypnogram(e.b, s.hypnogram); err != nil && e.err == nil {
			e.err = fmt.Errorf("api: sleep %s: %w", s.ID, err)
		}
	} else {
		e.b = s.Intervals.appendJSON(e.b)
	}
	e.raw(`,"is_nap":`)
	e.bool(s.IsNap)
	e.raw("}")
}

func (w *wireWorkout) appendJSON(e *jsonEnc) {
	e.raw(`{"id":`)
	e.str(w.ID)
	e.raw(`,"type":`)
	e.str(w.Type)
	e.raw(`,"name":`)
	e.strPtr(w.Name)
	e.raw(`,"start_time":`)
	e.str(w.StartTime)
	e.raw(`,"end_time":`)
	e.str(w.EndTime)
	e.raw(`,"zone_offset":`)
	e.strPtr(w.ZoneOffset)
	e.raw(`,"duration_seconds":`)
	e.int64Ptr(w.DurationSeconds)
	e.raw(`,"source":`)
	w.Source.appendJSON(e)
	e.raw(`,"calories_kcal":`)
	e.floatPtr(w.CaloriesKcal)
	e.raw(`,"distance_meters":`)
	e.floatPtr(w.DistanceMeters)
	e.raw(`,"avg_heart_rate_bpm":`)
	e.intPtr(w.AvgHeartRate)
	e.raw(`,"max_heart_rate_bpm":`)
	e.intPtr(w.MaxHeartRate)
	e.raw(`,"avg_pace_sec_per_km":`)
	e.floatPtr(w.AvgPace)
	e.raw(`,"elevation_gain_meters":`)
	e.floatPtr(w.ElevationGain)
	e.raw("}")
}

func (s wireSource) appendJSON(e *jsonEnc) {
	e.raw(`{"provider":`)
	e.str(s.Provider)
	e.raw(`,"source":`)
	e.strPtr(s.Source)
	e.raw(`,"device":`)
	e.strPtr(s.Device)
	e.raw(`,"device_type":`)
	e.strPtr(s.DeviceType)
	e.raw(`,"device_name":`)
	e.strPtr(s.DeviceName)
	e.raw("}")
}
