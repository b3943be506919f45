package api

import (
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// samplesJSON is a timeseries page, streamed as it is encoded: a day of
// 1 Hz heart rate is 86,400 samples (about 20 MB of JSON), and the
// encoder writes it in pieces instead of holding it whole.
type samplesJSON struct {
	page wirePage[wirePoint]
}

func (r samplesJSON) VisitListTimeseriesResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	return encodeWire(w, r.page)
}

// newSamplesPage builds a page whose encoding cannot fail once the
// status is sent: values JSON cannot carry are refused here. The parts
// samples repeat (source, zone offset) are shared, not copied.
func newSamplesPage(points []point, refs []seriesRef, buckets seriesBuckets, srcs sources, pg wirePagination, meta wireMetadata) (samplesJSON, error) {
	wires := make([]wireSource, len(refs))
	for i, r := range refs {
		wires[i] = srcs.wire(r.dsID)
	}
	offsets := map[int32]*string{}
	data := make([]wirePoint, len(points))
	for i, pt := range points {
		if !finite(pt.v) {
			return samplesJSON{}, errNotFinite
		}
		off, ok := offsets[pt.offset]
		if !ok {
			off = offsetPtr(domain.ZoneOffset(pt.offset))
			offsets[pt.offset] = off
		}
		ref := &refs[pt.series]
		data[i] = wirePoint{Timestamp: time.UnixMilli(pt.t).UTC(), ZoneOffset: off, Type: ref.st.Code, Value: pt.v, Unit: ref.st.Unit,
			Source: &wires[pt.series]}
		if pt.bucket >= 0 {
			b := &buckets[pt.series][pt.bucket]
			if !finite(b.Min) || !finite(b.Max) {
				return samplesJSON{}, errNotFinite
			}
			data[i].Min, data[i].Max, data[i].Count = &b.Min, &b.Max, &b.Count
		}
	}
	return samplesJSON{page: wirePage[wirePoint]{Data: data, Pagination: pg, Metadata: meta}}, nil
}
