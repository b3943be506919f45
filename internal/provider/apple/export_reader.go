package apple

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// FormatError is a malformed or truncated export: what is wrong and the
// byte offset (in the XML) where the reader found it. Elements before it
// were read whole; the broken element is never returned.
type FormatError struct {
	Offset int64
	Msg    string
	Err    error
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("apple health export: byte %d: %s", e.Offset, e.Msg)
}

func (e *FormatError) Unwrap() error { return e.Err }

// ErrNotExport means the XML is well formed but is not a Health export
// (its root element is not <HealthData>).
var ErrNotExport = errors.New("not an Apple Health export (no <HealthData> root)")

// Reader streams an export.xml: Next returns its top-level elements one at
// a time. Memory stays that of one element, whatever the file's size.
type Reader struct {
	d       *xml.Decoder
	started bool
	done    bool
	// Skipped counts the top-level elements the reader does not model
	// (ClinicalRecord, Audiogram, VisionPrescription, …) by name.
	Skipped map[string]int
}

// NewReader reads an export.xml from r (buffer r: the decoder reads it
// byte by byte when it is not an io.ByteReader).
func NewReader(r io.Reader) *Reader {
	d := xml.NewDecoder(r)
	return &Reader{d: d, Skipped: map[string]int{}}
}

// Offset is how many bytes of XML the reader has consumed, for progress.
func (r *Reader) Offset() int64 { return r.d.InputOffset() }

// Next returns the next top-level element, io.EOF after </HealthData>, or
// a *FormatError.
func (r *Reader) Next() (Element, error) {
	if r.done {
		return nil, io.EOF
	}
	if !r.started {
		if err := r.root(); err != nil {
			return nil, err
		}
	}
	for {
		at := r.d.InputOffset()
		tok, err := r.d.Token()
		if err != nil {
			return nil, r.fail(at, err)
		}
		switch t := tok.(type) {
		case xml.EndElement: // </HealthData>
			r.done = true
			if err := r.trailer(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		case xml.StartElement:
			el, err := r.element(t, at)
			if el != nil || err != nil {
				return el, err
			}
		}
	}
}

// root reads up to and including <HealthData>.
func (r *Reader) root() error {
	for {
		at := r.d.InputOffset()
		tok, err := r.d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return &FormatError{Offset: at, Msg: "the file ends before <HealthData>", Err: ErrNotExport}
			}
			return r.fail(at, err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			if s.Name.Local != "HealthData" {
				return &FormatError{Offset: at, Msg: fmt.Sprintf("root element <%s>, want <HealthData>", s.Name.Local), Err: ErrNotExport}
			}
			r.started = true
			return nil
		}
	}
}

// element decodes the top-level element that starts with s at offset at;
// it returns nil, nil for an element it skips.
func (r *Reader) element(s xml.StartElement, at int64) (Element, error) {
	var el Element
	switch s.Name.Local {
	case "Record":
		rec := &Record{Offset: at}
		if err := r.decodeRecord(s, rec); err != nil {
			return nil, r.fail(at, fmt.Errorf("<Record>: %w", err))
		}
		return rec, nil
	case "Correlation":
		el = &Correlation{Offset: at}
	case "Workout":
		el = &Workout{Offset: at}
	case "ActivitySummary":
		el = &ActivitySummary{Offset: at}
	case "Me":
		el = &Me{}
	case "ExportDate":
		el = &ExportDate{}
	default:
		r.Skipped[s.Name.Local]++
		if err := r.d.Skip(); err != nil {
			return nil, r.fail(at, err)
		}
		return nil, nil
	}
	if err := r.d.DecodeElement(el, &s); err != nil {
		return nil, r.fail(at, fmt.Errorf("<%s>: %w", s.Name.Local, err))
	}
	return el, nil
}

// trailer checks nothing but white space and comments follow the root.
func (r *Reader) trailer() error {
	for {
		at := r.d.InputOffset()
		tok, err := r.d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return r.fail(at, err)
		}
		switch tok.(type) {
		case xml.StartElement, xml.EndElement:
			return &FormatError{Offset: at, Msg: "data after </HealthData>"}
		}
	}
}

// fail wraps a decoding error with where it happened: the decoder's
// position for syntax errors, the element's start for others.
func (r *Reader) fail(at int64, err error) error {
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se):
		msg := se.Msg
		if errors.Is(err, io.ErrUnexpectedEOF) || se.Msg == "unexpected EOF" {
			msg = "the file is truncated (unexpected end inside an element)"
		}
		return &FormatError{Offset: r.d.InputOffset(), Msg: fmt.Sprintf("line %d: %s", se.Line, msg), Err: err}
	case errors.Is(err, io.EOF):
		return &FormatError{Offset: r.d.InputOffset(), Msg: "the file is truncated (no </HealthData>)", Err: io.ErrUnexpectedEOF}
	}
	return &FormatError{Offset: at, Msg: err.Error(), Err: err}
}
