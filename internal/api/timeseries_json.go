package api

import (
	"github.com/go-json-experiment/json"
	"io"
	"net/http"
	"strconv"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// samplesJSON renders a timeseries page by appending bytes rather than
// through the JSON library: a day of 1 Hz heart rate is 86,400 objects
// (about 20 MB), the per-sample parts that repeat (source, type, unit,
// offset) are rendered once (by the library) and copied, and the route
// benchmark measures this path several times faster than encoding the
// samples through go-json-experiment/json (docs/benchmarks.md, "JSON:
// library vs hand-written"). The page is written in chunks as
// it is rendered, so a large page never sits in memory whole. The output
// is the bytes json.Encoder writes for wirePage[wireSample] (a test
// compares them).
type samplesJSON struct {
	page samplesPage
}

func (r samplesJSON) VisitListTimeseriesResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	return r.page.write(w)
}

// samplesPage is a page ready to render: everything that can fail to
// encode has been encoded.
type samplesPage struct {
	points  []point
	buckets seriesBuckets
	head    [][]byte // per series: `"type":…,"value":`
	tail    [][]byte // per series: `,"unit":…,"source":{…},"is_daily_total":…`
	env     []byte   // `"pagination":{…},"metadata":{…}}` + newline
}

func newSamplesPage(points []point, refs []seriesRef, buckets seriesBuckets, srcs sources, pg wirePagination, meta wireMetadata) (samplesPage, error) {
	p := samplesPage{points: points, buckets: buckets, head: make([][]byte, len(refs)), tail: make([][]byte, len(refs))}
	for i, r := range refs {
		p.head[i] = append(appendJSONString(nil, r.st.Code), `,"value":`...)
		src, err := json.Marshal(srcs.wire(r.dsID), wireJSON)
		if err != nil {
			return samplesPage{}, err
		}
		t := append([]byte(`,"unit":`), appendJSONString(nil, r.st.Unit)...)
		t = append(append(append(t, `,"source":`...), src...), `,"is_daily_total":`...)
		switch {
		case r.dailyTotal == nil:
			t = append(t, "null"...)
		default:
			t = strconv.AppendBool(t, *r.dailyTotal)
		}
		p.tail[i] = t
	}
	for _, pt := range points {
		if !finite(pt.v) {
			return samplesPage{}, errNotFinite
		}
		if pt.bucket >= 0 && (!finite(buckets.of(pt).Min) || !finite(buckets.of(pt).Max)) {
			return samplesPage{}, errNotFinite
		}
	}
	env, err := json.Marshal(struct {
		Pagination wirePagination `json:"pagination"`
		Metadata   wireMetadata   `json:"metadata"`
	}{pg, meta}, wireJSON)
	if err != nil {
		return samplesPage{}, err
	}
	p.env = append(env[1:], '\n') // the object's fields, spliced after "data"
	return p, nil
}

// samplesChunk is how much rendered JSON is buffered before a write: a
// day of 1 Hz samples is 20 MB, and each write is a system call.
const samplesChunk = 256 << 10

// write renders the page to w.
func (p samplesPage) write(w io.Writer) error {
	buf := make([]byte, 0, samplesChunk+1024)
	buf = append(buf, `{"data":[`...)
	var ts timestampFormatter
	offsets := map[int32][]byte{}
	for i, pt := range p.points {
		if len(buf) >= samplesChunk {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"timestamp":"`...)
		buf = ts.append(buf, pt.t)
		off, ok := offsets[pt.offset]
		if !ok {
			off = []byte(`","zone_offset":"` + formatOffset(domain.ZoneOffset(pt.offset)) + `","type":`)
			offsets[pt.offset] = off
		}
		buf = append(buf, off...)
		buf = append(buf, p.head[pt.series]...)
		buf = appendJSONFloat(buf, pt.v)
		buf = append(buf, p.tail[pt.series]...)
		if pt.bucket >= 0 {
			b := p.buckets.of(pt)
			buf = append(buf, `,"min":`...)
			buf = appendJSONFloat(buf, b.Min)
			buf = append(buf, `,"max":`...)
			buf = appendJSONFloat(buf, b.Max)
			buf = append(buf, `,"count":`...)
			buf = strconv.AppendInt(buf, int64(b.Count), 10)
		}
		buf = append(buf, '}')
	}
	buf = append(buf, `],`...)
	buf = append(buf, p.env...)
	_, err := w.Write(buf)
	return err
}
