package timeseries

import (
	"encoding/binary"
	"math"
)

// version is the first byte of every block. A new layout gets a new
// version and Decode keeps reading the old ones, so stored blocks never
// need a migration.
const version = 1

// MaxSamples caps one block at 2^20 samples, about 12 Hz around the clock,
// well above the 1 Hz of the densest wearable series. The cap is what lets
// Decode reject a forged count before allocating anything.
const MaxSamples = 1 << 20

// The day indexes whose midnight is representable in int64 milliseconds.
const (
	minDay = math.MinInt64 / MsPerDay // truncation rounds towards zero
	maxDay = math.MaxInt64 / MsPerDay
)

// header is the fixed part of a block, in stored units: times relative to
// the day, values as q = fixed-point value / factor.
type header struct {
	scale    int
	count    int
	day      int64
	first    int64 // ms from the day start
	span     int64 // ms from first to last
	factor   uint64
	min, max int64
	sum      int128
}

// BlockInfo summarises a block from its header alone, so daily summaries
// and chart overviews can skip decoding.
type BlockInfo struct {
	Day   int64 // UTC midnight in Unix ms; 0 for an empty block
	Count int
	First int64 // first sample's T
	Last  int64 // last sample's T
	// Min, Max and Sum are over the stored (rounded) values; Sum is exact
	// up to the final float64 conversion.
	Min, Max, Sum float64
	// Scale is the block's stored precision, needed to re-encode it.
	Scale int
}

// appendHeader appends h to buf in the layout of the package doc.
func appendHeader(buf []byte, h header) []byte {
	buf = append(buf, version, byte(h.scale))
	buf = binary.AppendUvarint(buf, uint64(h.count))
	if h.count == 0 {
		return buf
	}
	buf = binary.AppendVarint(buf, h.day)
	buf = binary.AppendUvarint(buf, uint64(h.first))
	buf = binary.AppendUvarint(buf, uint64(h.span))
	buf = binary.AppendUvarint(buf, h.factor)
	buf = binary.AppendVarint(buf, h.min)
	buf = binary.AppendVarint(buf, h.max)
	buf = binary.AppendVarint(buf, h.sum.hi)
	return binary.AppendUvarint(buf, h.sum.lo)
}

// readHeader parses and sanity-checks the fixed header. The checks are the
// ones that need no sample data: a block that passes may still be corrupt
// further on, which Decode finds.
func readHeader(r *reader) (header, error) {
	var h header
	if v := r.byte("version"); r.err == nil && v != version {
		return h, corrupt("unsupported version %d", v)
	}
	h.scale = int(r.byte("scale"))
	count := r.uvarint("count")
	if r.err != nil {
		return h, r.err
	}
	if h.scale > MaxScale {
		return h, corrupt("scale %d above %d", h.scale, MaxScale)
	}
	if count > MaxSamples {
		return h, corrupt("count %d above %d", count, MaxSamples)
	}
	h.count = int(count)
	if h.count == 0 {
		return h, nil
	}
	h.day = r.varint("day")
	first, span := r.uvarint("first"), r.uvarint("span")
	h.factor = r.uvarint("factor")
	h.min, h.max = r.varint("min"), r.varint("max")
	h.sum.hi, h.sum.lo = r.varint("sum"), r.uvarint("sum")
	if r.err != nil {
		return h, r.err
	}
	if h.day < minDay || h.day > maxDay {
		return h, corrupt("day %d out of range", h.day)
	}
	// first < MsPerDay and span < MsPerDay-first also keep the int64
	// conversions below exact.
	if first >= MsPerDay || span >= MsPerDay-first {
		return h, corrupt("first %d + span %d leave the day", first, span)
	}
	h.first, h.span = int64(first), int64(span)
	if h.day > 0 && h.first+h.span > math.MaxInt64-h.day*MsPerDay {
		return h, corrupt("last sample beyond the int64 range")
	}
	if h.span < int64(h.count-1) {
		return h, corrupt("%d samples cannot fit in %d ms", h.count, h.span+1)
	}
	if h.count == 1 && (h.span != 0 || h.min != h.max) {
		return h, corrupt("single sample with span %d, min %d, max %d", h.span, h.min, h.max)
	}
	if h.factor < 1 || h.factor > MaxFixed {
		return h, corrupt("factor %d out of range", h.factor)
	}
	maxQ := int64(MaxFixed / h.factor)
	if h.min > h.max || h.min < -maxQ || h.max > maxQ {
		return h, corrupt("min %d / max %d out of range", h.min, h.max)
	}
	// count × min ≤ sum ≤ count × max, which also keeps Info's
	// arithmetic on the sum far from overflow.
	n := uint64(h.count)
	if h.sum.cmp(toInt128(h.min).mul(n)) < 0 || h.sum.cmp(toInt128(h.max).mul(n)) > 0 {
		return h, corrupt("sum outside count × [min, max]")
	}
	return h, nil
}

// info converts a parsed header to the public summary.
func (h header) info() BlockInfo {
	if h.count == 0 {
		return BlockInfo{Scale: h.scale}
	}
	g := int64(h.factor)
	day := h.day * MsPerDay
	return BlockInfo{
		Day:   day,
		Count: h.count,
		First: day + h.first,
		Last:  day + h.first + h.span,
		Min:   fromFixed(h.min*g, h.scale),
		Max:   fromFixed(h.max*g, h.scale),
		// Σf = Σq × g exactly, then one conversion: the result does not
		// depend on which factor the encoder happened to find.
		Sum:   h.sum.mul(h.factor).float() / pow10[h.scale],
		Scale: h.scale,
	}
}

// Info reads a block's header without decoding its samples. It validates
// the header on its own; only Decode checks it against the data.
func Info(block []byte) (BlockInfo, error) {
	r := reader{b: block}
	h, err := readHeader(&r)
	if err != nil {
		return BlockInfo{}, err
	}
	return h.info(), nil
}

// zoneChange records that samples from index on have this offset.
type zoneChange struct {
	index  int
	offset int32
}

// zoneChanges lists where the offset changes, starting at sample 0.
// Offsets change at most a few times a day (travel, DST), so storing only
// transitions makes them free for the usual day.
func zoneChanges(samples []Sample) []zoneChange {
	var zs []zoneChange
	for i, s := range samples {
		if i == 0 || s.Offset != samples[i-1].Offset {
			zs = append(zs, zoneChange{i, s.Offset})
		}
	}
	return zs
}

// appendZones appends the zone table of a non-empty block.
func appendZones(buf []byte, zs []zoneChange) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(zs)))
	for i, z := range zs {
		if i > 0 {
			buf = binary.AppendUvarint(buf, uint64(z.index-zs[i-1].index))
		}
		buf = binary.AppendVarint(buf, int64(z.offset))
	}
	return buf
}

// readZones parses the zone table of a block with count samples. Every
// entry takes at least one byte, so checking n against the bytes left
// bounds the allocation by the block's size.
func readZones(r *reader, count int) ([]zoneChange, error) {
	n := r.uvarint("zone count")
	if r.err != nil {
		return nil, r.err
	}
	if n < 1 || n > uint64(count) || n > uint64(r.remaining()) {
		return nil, corrupt("zone count %d for %d samples", n, count)
	}
	zs := make([]zoneChange, n)
	for i := range zs {
		if i > 0 {
			d := r.uvarint("zone index")
			if r.err == nil && (d < 1 || d >= uint64(count-zs[i-1].index)) {
				return nil, corrupt("zone entry %d: index %d+%d not in (%d, %d)", i, zs[i-1].index, d, zs[i-1].index, count)
			}
			zs[i].index = zs[i-1].index + int(d)
		}
		off := r.varint("zone offset")
		if off < math.MinInt32 || off > math.MaxInt32 {
			return nil, corrupt("zone offset %d out of int32 range", off)
		}
		zs[i].offset = int32(off)
		if r.err != nil {
			return nil, r.err
		}
	}
	return zs, nil
}
