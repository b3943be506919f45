package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// wireJSON are the options under which go-json-experiment/json writes
// what encoding/json writes for the wire types: HTML- and
// JavaScript-safe escaping, null for nil slices and maps, and map keys
// in sorted order. The golden files under testdata pin the bytes. Like
// encoding/json it replaces invalid UTF-8 rather than failing the page
// (it writes U+FFFD itself where encoding/json writes the \ufffd
// escape: the same string once decoded; the store only holds valid
// UTF-8, which both write identically).
var wireJSON = json.JoinOptions(
	jsontext.EscapeForHTML(true), jsontext.EscapeForJS(true), jsontext.AllowInvalidUTF8(true),
	json.FormatNilSliceAsNull(true), json.FormatNilMapAsNull(true),
	json.Deterministic(true),
)

// encodeWire writes v and a newline, as json.Encoder.Encode does.
func encodeWire(w io.Writer, v any) error {
	if err := json.MarshalWrite(w, v, wireJSON); err != nil {
		return err
	}
	_, err := w.Write([]byte{'\n'})
	return err
}

// renderedPage is a page of a data route encoded into a recycled buffer,
// so that an encoding error is still a clean 500 and the response
// carries its Content-Length.
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

// encode encodes a page into a recycled buffer.
func (p *pageBuffers) encode(v any) (renderedPage, error) {
	buf := bytes.NewBuffer(p.get())
	if err := encodeWire(buf, v); err != nil {
		p.put(buf.Bytes())
		return renderedPage{}, err
	}
	return renderedPage{body: buf.Bytes(), bufs: p}, nil
}

// render renders a page by hand into a recycled buffer (page_json.go).
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

// errNotFinite is encoding/json's refusal of NaN and infinities, which
// the hand-written renderers repeat.
var errNotFinite = errors.New("api: unsupported float value (NaN or infinity)")
