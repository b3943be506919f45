package api

import (
	"errors"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/store"
)

// nstr renders an optional string as an explicit JSON null or value. The
// generated response types need one or the other: an unset field would
// encode as "".
func nstr(p *string) nullable.Nullable[string] {
	if p == nil {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(*p)
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// mustUUID parses an id the store generated. Store ids are UUIDs by
// construction; a malformed one is a bug, rendered as the zero UUID rather
// than a panic in a response path.
func mustUUID(s string) uuid.UUID {
	u, _ := uuid.Parse(s)
	return u
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
