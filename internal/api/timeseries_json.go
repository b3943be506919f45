package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// samplesJSON encodes a timeseries page by appending bytes rather than
// through reflection: a day of 1 Hz heart rate is 86,400 objects, and the
// per-sample parts that repeat (source, type, unit, offset) are rendered
// once and copied. The output is the same JSON encoding/json would produce
// for wirePage[wireSample] (a test checks they decode identically).
type samplesJSON struct {
	body []byte
}

func (r samplesJSON) VisitListTimeseriesResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(r.body)
	return err
}

func encodeSamples(points []point, refs []seriesRef, buckets []timeseries.Bucket, srcs sources, pg wirePagination, meta wireMetadata) ([]byte, error) {
	// Per-series constant parts: `"type":…,"value":` and `,"unit":…,"source":{…},"is_daily_total":null`.
	head := make([][]byte, len(refs))
	tail := make([][]byte, len(refs))
	for i, r := range refs {
		code, _ := json.Marshal(r.st.Code)
		head[i] = append(code, `,"value":`...)
		src, err := json.Marshal(srcs.wire(r.dsID))
		if err != nil {
			return nil, err
		}
		unit, _ := json.Marshal(r.st.Unit)
		tail[i] = append(append(append(append([]byte(`,"unit":`), unit...), `,"source":`...), src...), `,"is_daily_total":null`...)
	}
	size := 256
	if len(refs) > 0 {
		size += len(points) * (80 + len(tail[0]))
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"data":[`...)
	offsetJSON := map[int32][]byte{}
	for i, pt := range points {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"timestamp":"`...)
		buf = time.UnixMilli(pt.t).UTC().AppendFormat(buf, time.RFC3339Nano)
		off, ok := offsetJSON[pt.offset]
		if !ok {
			off = []byte(`","zone_offset":"` + formatOffset(domain.ZoneOffset(pt.offset)) + `","type":`)
			offsetJSON[pt.offset] = off
		}
		buf = append(buf, off...)
		buf = append(buf, head[pt.series]...)
		buf = strconv.AppendFloat(buf, pt.v, 'f', -1, 64)
		buf = append(buf, tail[pt.series]...)
		if pt.bucket >= 0 {
			b := buckets[pt.bucket]
			buf = append(buf, `,"min":`...)
			buf = strconv.AppendFloat(buf, b.Min, 'f', -1, 64)
			buf = append(buf, `,"max":`...)
			buf = strconv.AppendFloat(buf, b.Max, 'f', -1, 64)
			buf = append(buf, `,"count":`...)
			buf = strconv.AppendInt(buf, int64(b.Count), 10)
		}
		buf = append(buf, '}')
	}
	env, err := json.Marshal(struct {
		Pagination wirePagination `json:"pagination"`
		Metadata   wireMetadata   `json:"metadata"`
	}{pg, meta})
	if err != nil {
		return nil, err
	}
	buf = append(buf, `],`...)
	buf = append(buf, env[1:]...) // splice the object's fields after "data"
	return append(buf, '\n'), nil
}
