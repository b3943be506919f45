package api

import "time"

// timestampFormatter renders Unix-millisecond instants as RFC 3339 UTC
// with the fraction trimmed (what time.RFC3339Nano gives a UTC time),
// reusing the date of the previous instant: a page of samples is sorted,
// so most share their day with the one before.
type timestampFormatter struct {
	day  int64
	date []byte // "2006-01-02T" of day
}

const msPerDay = 24 * 60 * 60 * 1000

// append appends the instant ms without quotes.
func (f *timestampFormatter) append(b []byte, ms int64) []byte {
	day := ms / msPerDay
	rem := ms % msPerDay
	if rem < 0 {
		day, rem = day-1, rem+msPerDay
	}
	if f.date == nil || day != f.day {
		t := time.UnixMilli(day * msPerDay).UTC()
		if y := t.Year(); y < 0 || y > 9999 {
			return time.UnixMilli(ms).UTC().AppendFormat(b, time.RFC3339Nano)
		}
		f.day, f.date = day, t.AppendFormat(f.date[:0], "2006-01-02T")
	}
	b = append(b, f.date...)
	sec := rem / 1000
	h, m, s := sec/3600, sec/60%60, sec%60
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if frac := rem % 1000; frac != 0 {
		b = append(b, '.', byte('0'+frac/100))
		if frac%100 != 0 {
			b = append(b, byte('0'+frac/10%10))
			if frac%10 != 0 {
				b = append(b, byte('0'+frac%10))
			}
		}
	}
	return append(b, 'Z')
}

// appendJSONTime is the package's appendJSONTime through the date cache,
// when t is a whole millisecond.
func (f *timestampFormatter) appendJSONTime(b []byte, t time.Time) []byte {
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		return appendJSONTime(b, t)
	}
	b = append(b, '"')
	b = f.append(b, t.UnixMilli())
	return append(b, '"')
}
