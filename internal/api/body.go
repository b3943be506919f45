package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// errBodyTooLarge is an announced body over the limit.
func (s *Server) errBodyTooLarge() *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge,
		Detail: fmt.Sprintf("request body exceeds %d bytes", s.maxBody)}
}

// limitBody refuses a body announced over the limit before reading any
// of it (so a client waiting on Expect: 100-continue gets the 413, not
// a 100 Continue and then a reset) and caps the bodies that announce no
// length.
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > s.maxBody {
		return s.errBodyTooLarge()
	}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	}
	return nil
}

// singleJSONValue refuses a JSON body with anything but whitespace after
// its value (`{"email":…}{"is_admin":true}`), which decoders that read
// one value silently ignore. The body is read (within the limit) and
// put back for the validator and the handler. A body whose first value
// is malformed is left to the validator, which names the fault.
func singleJSONValue(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody || !isJSON(r.Header.Get("Content-Type")) {
		return nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("api: read request body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if err := dec.SkipValue(); err != nil {
		return nil
	}
	end := dec.InputOffset()
	if _, err := dec.ReadToken(); errors.Is(err, io.EOF) {
		return nil
	}
	return badRequest("invalid request body: unexpected data after the JSON value at offset %d", end)
}

// isJSON reports whether a Content-Type names JSON (application/json or
// a +json type).
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
