package postgres

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/wearhouse/wearhouse/internal/store"
)

// Postgres stores times as timestamptz and ids as uuid. The engine layer
// normalizes times to whole milliseconds before they get here, so the
// microsecond column never holds more than SQLite's does.

// ts converts a time to its column value.
func ts(t time.Time) time.Time { return t.UTC() }

// tsPtr converts an optional time.
func tsPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

// fromTS converts a column value to UTC (pgx returns local time).
func fromTS(t time.Time) time.Time { return t.UTC() }

// fromTSPtr converts an optional column value.
func fromTSPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

// strPtr returns a pointer to s.
func strPtr(s string) *string { return &s }

// nf maps "no rows" to store.ErrNotFound so the engine layer can tell a
// missing row from a failure.
func nf(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// parseID parses an id. A malformed id cannot name any row, so it is
// ErrNotFound (SQLite, with text ids, simply finds nothing).
func parseID(s string) (uuid.UUID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("malformed id %q: %w", s, store.ErrNotFound)
	}
	return u, nil
}

// conv converts several ids for one statement and keeps the first error,
// so parameter structs can be filled inline.
type conv struct{ err error }

// id parses one id.
func (c *conv) id(s string) uuid.UUID {
	u, err := parseID(s)
	if err != nil && c.err == nil {
		c.err = err
	}
	return u
}

// idPtr parses an optional id.
func (c *conv) idPtr(s *string) *uuid.UUID {
	if s == nil {
		return nil
	}
	u := c.id(*s)
	return &u
}

// idStr formats an optional id.
func idStr(u *uuid.UUID) *string {
	if u == nil {
		return nil
	}
	s := u.String()
	return &s
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
