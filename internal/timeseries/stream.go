package timeseries

import (
	"encoding/binary"
	"fmt"
)

// corrupt builds an ErrCorrupt with the detail a stored block's post-mortem
// needs (which field, at which byte).
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// zigzag maps signed to unsigned so small magnitudes of either sign stay
// small varints.
func zigzag(x int64) uint64 { return uint64(x<<1) ^ uint64(x>>63) }

// unzigzag is the inverse of zigzag.
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// reader walks a block with a sticky error, so header parsing reads as a
// list of fields and is checked once. Every read is bounds-checked by
// encoding/binary; nothing here can panic on arbitrary bytes.
type reader struct {
	b   []byte
	off int
	err error
}

// byte reads one raw byte.
func (r *reader) byte(field string) byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.err = corrupt("%s: truncated at byte %d", field, r.off)
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

// uvarint reads an unsigned varint; a truncated or over-long (> 64 bits)
// encoding is corrupt.
func (r *reader) uvarint(field string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = corrupt("%s: bad varint at byte %d", field, r.off)
		return 0
	}
	r.off += n
	return v
}

// varint reads a zigzag varint.
func (r *reader) varint(field string) int64 {
	return unzigzag(r.uvarint(field))
}

// remaining is the number of unread bytes.
func (r *reader) remaining() int { return len(r.b) - r.off }

// tokenWriter appends a sequence of integers as tokens (see the package
// doc), collapsing runs of zeros.
type tokenWriter struct {
	buf   []byte
	zeros uint64
}

// put appends x to the sequence.
func (w *tokenWriter) put(x int64) {
	if x == 0 {
		w.zeros++
		return
	}
	w.flush()
	// Callers keep |x| < 2^62 (timestamps within a day, values within
	// MaxFixed), so the shift cannot drop a bit.
	w.buf = binary.AppendUvarint(w.buf, zigzag(x)<<1)
}

// flush writes a pending zero run; call it once after the last put.
func (w *tokenWriter) flush() {
	if w.zeros == 0 {
		return
	}
	w.buf = binary.AppendUvarint(w.buf, (w.zeros-1)<<1|1)
	w.zeros = 0
}

// tokenReader reads exactly left integers written by tokenWriter. A zero
// run longer than what is left is corrupt rather than silently truncated,
// which also bounds the work a forged run length can cause.
type tokenReader struct {
	r     *reader
	field string
	left  int
	zeros uint64
}

// next returns the next integer; check tr.r.err after the loop.
func (tr *tokenReader) next() int64 {
	if tr.left <= 0 {
		tr.r.err = corrupt("%s: read past end of stream", tr.field)
		return 0
	}
	tr.left--
	if tr.zeros > 0 {
		tr.zeros--
		return 0
	}
	t := tr.r.uvarint(tr.field)
	if t&1 == 0 {
		return unzigzag(t >> 1)
	}
	run := t>>1 + 1
	if run > uint64(tr.left)+1 {
		tr.r.err = corrupt("%s: zero run of %d exceeds the %d values left", tr.field, run, tr.left+1)
		return 0
	}
	tr.zeros = run - 1
	return 0
}
