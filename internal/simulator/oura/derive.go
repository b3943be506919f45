package oura

import (
	"fmt"
	"hash/fnv"
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Everything Oura reports that the truth does not model is derived from a
// hash of the world's seed, the person and a purpose key, never from a
// shared random stream: rendering a document twice, in any order or on any
// page, gives the same bytes.

// hashOf mixes the parts (strings, integers) into one well-spread value.
func hashOf(parts ...any) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = fmt.Fprint(h, p, "\x1f") // hash.Hash writes never fail
	}
	x := h.Sum64()
	// splitmix64 finaliser: FNV alone is weak in the low bits.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// unitOf maps a hash to [0, 1).
func unitOf(h uint64) float64 { return float64(h>>11) / float64(1<<53) }

// DocumentID returns the id of the document of dataType (a webhook data
// type such as "sleep" or "daily_activity") that a person's record key
// names: the truth's sleep or workout id, or the local date for daily
// documents. Ids are UUID-shaped and stable for a seed, so a test can map a
// document back to its truth record.
func DocumentID(seed int64, userID, dataType, key string) string {
	a, b := hashOf(seed, "id", userID, dataType, key), hashOf(seed, "id2", userID, dataType, key)
	a = a&^(0xf<<12) | 0x4<<12 // version 4
	b = b&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// env is what every renderer needs: the world and its seed.
type env struct {
	world *truth.World
	seed  int64
}

// id names a document of the person.
func (e env) id(p *truth.Person, dataType, key string) string {
	return DocumentID(e.seed, p.OuraUserID, dataType, key)
}

// unit draws a reproducible number in [0, 1) for a person and purpose.
func (e env) unit(p *truth.Person, parts ...any) float64 {
	return unitOf(hashOf(append([]any{e.seed, p.OuraUserID}, parts...)...))
}

// date returns the local date of day index i ("2006-01-02").
func (e env) date(i int) string {
	return e.world.Start().AddDate(0, 0, i).Format(time.DateOnly)
}

// local renders t in the person's UTC offset at t, as Oura does for every
// local timestamp ("2021-11-01T23:10:00-05:00").
func local(p *truth.Person, t time.Time) string {
	return t.In(p.Location(t)).Format(time.RFC3339)
}

// at renders t in a record's own offset ("+hh:mm"): every timestamp of a
// sleep or workout shares the offset the truth recorded for it, as one
// device session does even when it crosses a time-zone change.
func at(offset string, t time.Time) string {
	return t.In(time.FixedZone(offset, offsetSeconds(offset))).Format(time.RFC3339)
}

// utc renders t in UTC with a numeric offset ("…+00:00"), the form of
// heartrate timestamps and webhook event times.
func utc(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05-07:00")
}

// offsetSeconds parses "+hh:mm" into seconds east of UTC.
func offsetSeconds(off string) int {
	var h, m int
	if len(off) != 6 {
		return 0
	}
	if _, err := fmt.Sscanf(off[1:], "%02d:%02d", &h, &m); err != nil {
		return 0
	}
	s := h*3600 + m*60
	if off[0] == '-' {
		return -s
	}
	return s
}

// Small constructors for the nullable wire fields.
func ptr[T any](v T) *T        { return &v }
func iptr(v float64) *int      { return ptr(int(math.Round(v))) }
func round1(v float64) float64 { return math.Round(v*10) / 10 }
func kcal(kj float64) float64  { return kj / 4.184 }
func secs(d time.Duration) int { return int(d / time.Second) }
