package api

import (
	"fmt"
)

// Sleep pages and activity summaries are rendered by hand: a sleep page
// is mostly stage intervals (a night at 30-second epochs is about fifty
// of them, a page holds up to fifty nights), rendered straight from the
// compact hypnogram the store reads, and a year of activity is 365
// objects sharing a few pre-rendered metric_sources maps. The route
// benchmark measures the sleep page 1.8-2.1x and the activity route
// 1.35-1.47x faster this way than through go-json-experiment/json
// (docs/benchmarks.md, "JSON: library vs hand-written"). The golden
// files and tests against encoding/json pin the bytes.

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
	e.raw(`,"time_in_bed_seconds":`)
	e.int64Ptr(s.TimeInBedSeconds)
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
