package timeseries

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// rawBlock spells out a block field by field, so corruption tests can forge
// exactly one field and TestRawBlockLayout can pin the format.
type rawBlock struct {
	version, scale byte
	count          uint64
	day            int64
	first, span    uint64
	factor         uint64
	min, max       int64
	sumHi          int64
	sumLo          uint64
	zones          []uint64 // as written: count, first offset (zigzag), then (index delta, zigzag offset) pairs
	times, values  []uint64 // tokens
	trailing       []byte
}

func (b rawBlock) bytes() []byte {
	out := []byte{b.version, b.scale}
	out = binary.AppendUvarint(out, b.count)
	out = binary.AppendVarint(out, b.day)
	for _, u := range []uint64{b.first, b.span, b.factor} {
		out = binary.AppendUvarint(out, u)
	}
	for _, v := range []int64{b.min, b.max, b.sumHi} {
		out = binary.AppendVarint(out, v)
	}
	out = binary.AppendUvarint(out, b.sumLo)
	for _, u := range append(append(append([]uint64(nil), b.zones...), b.times...), b.values...) {
		out = binary.AppendUvarint(out, u)
	}
	return append(out, b.trailing...)
}

// validRaw is the block of validSamples: values 1.5, 2.5, 2.0 at scale 1 are
// fixed-point 15, 25, 20, common factor 5, q = 3, 5, 4.
func validRaw() rawBlock {
	return rawBlock{
		version: 1, scale: 1, count: 3,
		day: testDay / MsPerDay, first: 1000, span: 3000,
		factor: 5, min: 3, max: 5, sumHi: 0, sumLo: 12,
		zones:  []uint64{2, zigzag(3600), 2, zigzag(7200)},
		times:  []uint64{zigzag(1000) << 1, zigzag(1000) << 1}, // deltas 1000, 2000
		values: []uint64{zigzag(3) << 1, zigzag(2) << 1, zigzag(-1) << 1},
	}
}

func validSamples() []Sample {
	return []Sample{
		{T: testDay + 1000, V: 1.5, Offset: 3600},
		{T: testDay + 2000, V: 2.5, Offset: 3600},
		{T: testDay + 4000, V: 2, Offset: 7200},
	}
}

func TestRawBlockLayout(t *testing.T) {
	t.Parallel()

	block, err := Encode(1, validSamples())
	require.NoError(t, err)
	require.Equal(t, validRaw().bytes(), block)
	got, err := Decode(validRaw().bytes())
	require.NoError(t, err)
	require.Equal(t, validSamples(), got)
}

func TestZeroRunToken(t *testing.T) {
	t.Parallel()

	// Four samples one second apart with a constant value: one zero-run
	// token covers the three dods (the first is 1000), one the values.
	raw := rawBlock{
		version: 1, scale: 0, count: 4, day: testDay / MsPerDay, span: 3000,
		factor: 7, min: 1, max: 1, sumLo: 4, zones: []uint64{1, 0},
		times:  []uint64{zigzag(1000) << 1, (2-1)<<1 | 1},
		values: []uint64{zigzag(1) << 1, (3-1)<<1 | 1},
	}
	in := []Sample{{T: testDay, V: 7}, {T: testDay + 1000, V: 7}, {T: testDay + 2000, V: 7}, {T: testDay + 3000, V: 7}}
	block, err := Encode(0, in)
	require.NoError(t, err)
	require.Equal(t, raw.bytes(), block)
}

func TestDecodeCorrupt(t *testing.T) {
	t.Parallel()

	overlong := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}
	tests := []struct {
		name  string
		forge func(*rawBlock)
		bytes []byte // used instead of forge when set
	}{
		{name: "Nil", bytes: []byte(nil)},
		{name: "EmptyBytes", bytes: []byte{}},
		{name: "OnlyVersion", bytes: []byte{1}},
		{name: "VersionZero", forge: func(b *rawBlock) { b.version = 0 }},
		{name: "VersionTwo", forge: func(b *rawBlock) { b.version = 2 }},
		{name: "ScaleTooLarge", forge: func(b *rawBlock) { b.scale = MaxScale + 1 }},
		{name: "CountTenToTheTwelve", forge: func(b *rawBlock) { b.count = 1e12 }},
		{name: "CountAboveMax", forge: func(b *rawBlock) { b.count = MaxSamples + 1 }},
		{name: "CountBeyondData", forge: func(b *rawBlock) { b.count = 4 }},
		{name: "CountBelowData", forge: func(b *rawBlock) { b.count = 2 }},
		{name: "OverflowVarintCount", bytes: append([]byte{1, 1}, overlong...)},
		{name: "OverflowVarintInHeader", bytes: append(append([]byte{1, 1, 3}, overlong...), make([]byte, 20)...)},
		{name: "OverflowVarintToken", forge: func(b *rawBlock) { b.values = nil; b.trailing = overlong }},
		{name: "DayOutOfRange", forge: func(b *rawBlock) { b.day = maxDay + 1 }},
		{name: "FirstBeyondDay", forge: func(b *rawBlock) { b.first = MsPerDay }},
		{name: "SpanBeyondDay", forge: func(b *rawBlock) { b.span = MsPerDay - 1000 }},
		{name: "SpanTooShortForCount", forge: func(b *rawBlock) { b.span = 1 }},
		{name: "SpanDisagreesWithTimes", forge: func(b *rawBlock) { b.span = 3001 }},
		{name: "FactorZero", forge: func(b *rawBlock) { b.factor = 0 }},
		{name: "FactorTooLarge", forge: func(b *rawBlock) { b.factor = MaxFixed + 1 }},
		{name: "MinAboveMax", forge: func(b *rawBlock) { b.min = 6 }},
		{name: "MinDisagrees", forge: func(b *rawBlock) { b.min = 2 }},
		{name: "MaxOutOfRange", forge: func(b *rawBlock) { b.max = MaxFixed }},
		{name: "SumDisagrees", forge: func(b *rawBlock) { b.sumLo = 13 }},
		{name: "SumHighWordDisagrees", forge: func(b *rawBlock) { b.sumHi = 1 }},
		{name: "ZoneCountZero", forge: func(b *rawBlock) { b.zones = []uint64{0} }},
		{name: "ZoneCountAboveCount", forge: func(b *rawBlock) { b.zones = []uint64{4, 0, 1, 0, 1, 0, 1, 0} }},
		{name: "ZoneCountHuge", forge: func(b *rawBlock) { b.zones = []uint64{1 << 40} }},
		{name: "ZoneIndexPastCount", forge: func(b *rawBlock) { b.zones = []uint64{2, 0, 3, 0} }},
		{name: "ZoneIndexDeltaZero", forge: func(b *rawBlock) { b.zones = []uint64{2, 0, 0, 0} }},
		{name: "ZoneOffsetBeyondInt32", forge: func(b *rawBlock) { b.zones = []uint64{1, zigzag(1 << 31)} }},
		{name: "TimesGoBackwards", forge: func(b *rawBlock) { b.times[1] = zigzag(-2000) << 1 }},
		{name: "TimesRepeat", forge: func(b *rawBlock) { b.times[1] = zigzag(-1000) << 1 }},
		{name: "TimesLeaveDay", forge: func(b *rawBlock) { b.times[1] = zigzag(MsPerDay-2000) << 1 }},
		{name: "DodHuge", forge: func(b *rawBlock) { b.times[1] = zigzag(1<<61) << 1 }},
		{name: "ZeroRunPastCount", forge: func(b *rawBlock) { b.values = []uint64{zigzag(3) << 1, 5<<1 | 1} }},
		{name: "ZeroRunHuge", forge: func(b *rawBlock) { b.times = []uint64{1<<62 | 1} }},
		{name: "ValueDeltaHuge", forge: func(b *rawBlock) { b.values[1] = zigzag(1<<60) << 1 }},
		{name: "Truncated", forge: func(b *rawBlock) { b.values = b.values[:2] }},
		{name: "TrailingBytes", forge: func(b *rawBlock) { b.trailing = []byte{0} }},
		{name: "TrailingAfterEmpty", bytes: []byte{1, 2, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			block := tt.bytes
			if tt.forge != nil {
				raw := validRaw()
				tt.forge(&raw)
				block = raw.bytes()
			}
			got, err := Decode(block)
			require.ErrorIs(t, err, ErrCorrupt)
			require.Nil(t, got)
		})
	}
}

// TestDecodeEveryTruncation cuts a real day block at every length: no
// prefix is a valid block, because the header pins the sample count and
// Decode insists on consuming every byte.
func TestDecodeEveryTruncation(t *testing.T) {
	t.Parallel()

	block, err := Encode(2, syntheticHRVDay())
	require.NoError(t, err)
	for n := range len(block) {
		_, err := Decode(block[:n])
		require.ErrorIs(t, err, ErrCorrupt, "prefix of %d bytes", n)
	}
}

func TestInfoCorrupt(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		forge func(*rawBlock)
	}{
		{"BadVersion", func(b *rawBlock) { b.version = 9 }},
		{"CountTenToTheTwelve", func(b *rawBlock) { b.count = 1e12 }},
		{"SpanBeyondDay", func(b *rawBlock) { b.first, b.span = 1, MsPerDay-1 }},
		{"MinAboveMax", func(b *rawBlock) { b.min, b.max = 5, 3 }},
		{"SumBelowCountTimesMin", func(b *rawBlock) { b.sumLo = 8 }},
		{"SumAboveCountTimesMax", func(b *rawBlock) { b.sumLo = 16 }},
		{"SumMinInt128", func(b *rawBlock) { b.sumHi, b.sumLo = math.MinInt64, 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			raw := validRaw()
			tt.forge(&raw)
			_, err := Info(raw.bytes())
			require.ErrorIs(t, err, ErrCorrupt)
		})
	}
}
