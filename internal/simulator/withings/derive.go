package withings

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// The truth does not know Withings-specific things (devices, floors,
// snoring, ECG…). Everything derived here is a pure function of the world
// seed, the person's Withings user id and a purpose key, so that a
// simulator restarted with the same seed renders the same bytes.

// Purpose keys for derived values; one per purpose so that streams never
// collide.
const (
	keyDevice uint64 = iota + 1
	keyFloors
	keySnore
	keyBreath
	keyECG
	keySignal
	keyBattery
	keyBody
	keyIntraday
	keyWorkout
)

// hash mixes keys with splitmix64 steps.
func hash(keys ...uint64) uint64 {
	h := uint64(0x6a09e667f3bcc909)
	for _, k := range keys {
		h ^= k
		h += 0x9e3779b97f4a7c15
		h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
		h = (h ^ (h >> 27)) * 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

// unitOf maps a hash to [0, 1).
func unitOf(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// personHash is hash seeded by the world seed and the person.
func personHash(seed int64, p *truth.Person, keys ...uint64) uint64 {
	return hash(append([]uint64{uint64(seed), uint64(p.WithingsUserID)}, keys...)...)
}

// deviceID renders a 40-hex id like the live API's, stable per person and
// model.
func deviceID(seed int64, userID int64, modelID int) string {
	var b [24]byte
	binary.BigEndian.PutUint64(b[0:], uint64(seed))
	binary.BigEndian.PutUint64(b[8:], uint64(userID))
	binary.BigEndian.PutUint64(b[16:], uint64(modelID))
	sum := sha1.Sum(b[:])
	return hex.EncodeToString(sum[:])
}

// zoneName returns an IANA zone with the given fixed offset ("+hh:mm"):
// Etc/GMT±h for whole hours (the sign is inverted in those names), and a
// city without daylight saving time for the other offsets. The truth only
// has offsets, and a zone with DST would contradict them on some dates.
// An offset no such zone has falls back to UTC.
func zoneName(offset string) string {
	var sign byte
	var hh, mm int
	if _, err := fmt.Sscanf(offset, "%c%02d:%02d", &sign, &hh, &mm); err != nil {
		return "UTC"
	}
	if mm != 0 {
		name, ok := map[string]string{
			"+04:30": "Asia/Kabul", "+05:30": "Asia/Kolkata", "+05:45": "Asia/Kathmandu",
			"+06:30": "Asia/Yangon", "+09:30": "Australia/Darwin", "-09:30": "Pacific/Marquesas",
		}[offset]
		if !ok {
			return "UTC"
		}
		return name
	}
	switch {
	case hh == 0:
		return "UTC"
	case sign == '-':
		return fmt.Sprintf("Etc/GMT+%d", hh)
	default:
		return fmt.Sprintf("Etc/GMT-%d", hh)
	}
}

// localDate returns the local calendar date of t for the person.
func localDate(p *truth.Person, t time.Time) string {
	return t.In(p.Location(t)).Format(time.DateOnly)
}

// toFixed encodes v as an integer mantissa for 10^unit, rounding to the
// unit's precision.
func toFixed(v float64, unit int) int64 {
	return int64(math.Round(v * math.Pow10(-unit)))
}

// fromFixed decodes value × 10^unit.
func fromFixed(value int64, unit int) float64 {
	if unit < 0 {
		// Dividing by an exact power of ten gives the correctly rounded
		// decimal, where multiplying by 10^-k would not.
		return float64(value) / math.Pow10(-unit)
	}
	return float64(value) * math.Pow10(unit)
}

// kcal converts kilojoules to kilocalories rounded to 0.01.
func kcal(kj float64) float64 { return math.Round(kj/4.184*100) / 100 }

// ptr returns a pointer to v, for the optional wire fields.
func ptr[T any](v T) *T { return &v }
