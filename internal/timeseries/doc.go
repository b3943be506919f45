// Package timeseries is wearhouse's compressed sample storage format: the
// codec for day blocks plus the pure operations around them (splitting by
// day, merging writes, downsampling reads). It does no I/O; the store keeps
// one block per (data source, series type, UTC day).
//
// Samples dominate storage volume (a 1 Hz heart-rate day is 86,400 of
// them), so a block packs them into about one byte each instead of a
// ~100-byte row. The layout, version 1, all integers varints
// (encoding/binary, "varint" meaning zigzag):
//
//	byte     version (1)
//	byte     scale: decimal digits kept, 0..MaxScale
//	uvarint  count (0..MaxSamples); an empty block ends here
//	varint   day: days since 1970-01-01 UTC
//	uvarint  first: ms from the day start to the first sample
//	uvarint  span: ms from the first to the last sample
//	uvarint  factor: common factor g of all fixed-point values
//	varint   min, max: smallest and largest q (see below)
//	varint   sum high 64 bits, uvarint sum low 64 bits: Σq as int128
//	uvarint  zone entries n ≥ 1, then the offset (varint seconds) at
//	         sample 0 and n-1 × (uvarint index delta ≥ 1, varint offset)
//	tokens   count-1 timestamp delta-of-deltas
//	tokens   count value deltas (the first from 0)
//
// A value v is stored as the fixed-point integer f = round(v × 10^scale)
// (half away from zero) and f = q × g, where g is the largest common factor
// of the block's values: integral heart rates at scale 2 are all multiples
// of 100, and dividing that out keeps their deltas in one byte. Because the
// reader restores f exactly, a value round-trips exactly at its scale.
//
// A token is one uvarint t: if t is even, it is one integer zigzag(x) = t/2;
// if t is odd, it is a run of t/2+1 zeros. Regular sampling makes almost
// every delta-of-delta zero, so a whole day of 1 Hz timestamps costs a few
// bytes, and a steady heart rate repeats its value often.
//
// Count, span, min, max and sum sit in the header so Info can summarise a
// block without decoding it; Decode recomputes them and rejects a block
// whose header disagrees with its data.
package timeseries
