package sqlite

import (
	"database/sql"
	"errors"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// SQLite stores times as INTEGER Unix milliseconds (UTC): compact, sorts
// and compares as integers, and is exactly what the engine layer
// normalizes to.

// ms converts a time to its column value.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msPtr converts an optional time.
func msPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

// fromMS converts a column value to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// fromMSPtr converts an optional column value.
func fromMSPtr(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

// strPtr returns a pointer to s.
func strPtr(s string) *string { return &s }

// nf maps "no rows" to store.ErrNotFound so the engine layer can tell a
// missing row from a failure.
func nf(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// typedPtr converts an optional string-like value.
func typedPtr[T ~string](p *string) *T {
	if p == nil {
		return nil
	}
	v := T(*p)
	return &v
}

// untypedPtr converts an optional string-like value back.
func untypedPtr[T ~string](p *T) *string {
	if p == nil {
		return nil
	}
	v := string(*p)
	return &v
}
