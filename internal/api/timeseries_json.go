package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
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

func encodeSamples(points []point, srcs sources, pg wirePagination, meta wireMetadata) ([]byte, error) {
	buf := make([]byte, 0, 64+len(points)*190)
	buf = append(buf, `{"data":[`...)
	sourceJSON := map[string][]byte{}
	typeJSON := map[int][]byte{}
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
		typ, ok := typeJSON[pt.st.ID]
		if !ok {
			code, _ := json.Marshal(pt.st.Code)
			typ = append(code, `,"value":`...)
			typeJSON[pt.st.ID] = typ
		}
		buf = append(buf, typ...)
		buf = strconv.AppendFloat(buf, pt.v, 'f', -1, 64)
		buf = append(buf, `,"unit":`...)
		buf = strconv.AppendQuote(buf, pt.st.Unit)
		src, ok := sourceJSON[pt.dsID]
		if !ok {
			b, err := json.Marshal(srcs.wire(pt.dsID))
			if err != nil {
				return nil, err
			}
			src = append([]byte(`,"source":`), b...)
			sourceJSON[pt.dsID] = src
		}
		buf = append(buf, src...)
		buf = append(buf, `,"is_daily_total":null`...)
		if b := pt.bucket; b != nil {
			buf = append(buf, `,"min":`...)
			buf = strconv.AppendFloat(buf, b.Min, 'f', -1, 64)
			buf = append(buf, `,"max":`...)
			buf = strconv.AppendFloat(buf, b.Max, 'f', -1, 64)
			buf = append(buf, `,"count":`...)
			buf = strconv.AppendInt(buf, int64(b.Count), 10)
		}
		buf = append(buf, '}')
	}
	tail, err := json.Marshal(struct {
		Pagination wirePagination `json:"pagination"`
		Metadata   wireMetadata   `json:"metadata"`
	}{pg, meta})
	if err != nil {
		return nil, err
	}
	buf = append(buf, `],`...)
	buf = append(buf, tail[1:]...) // splice the object's fields after "data"
	return append(buf, '\n'), nil
}
