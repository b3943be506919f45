package apikey

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// MaxNameLen is the longest key name accepted, in characters.
const MaxNameLen = 100

// MaxGrace is the longest grace period a rotation may leave the old key:
// long enough to roll a deployment, short enough that a forgotten
// rotation does not leave two keys alive for good.
const MaxGrace = 7 * 24 * time.Hour

// Store is the part of the store key management needs.
type Store interface {
	CreateAPIKey(ctx context.Context, k domain.APIKey) (domain.APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) (domain.APIKey, error)
	RotateAPIKey(ctx context.Context, id string, next domain.APIKey, retireAt time.Time) (old, created domain.APIKey, err error)
}

// Created is a newly minted key: the secret, shown this once, and its
// stored record.
type Created struct {
	Key    string
	Record domain.APIKey
	// Replaces is the rotated key (its RevokedAt is when it stops
	// working); nil for a plain create.
	Replaces *domain.APIKey
}

// Create mints a key named name and stores its hash. The API and the
// CLI both call it, so both apply the same rules.
func Create(ctx context.Context, s Store, name string, now time.Time) (Created, error) {
	name, err := checkName(name)
	if err != nil {
		return Created{}, err
	}
	key, rec := Generate(name, now)
	rec, err = s.CreateAPIKey(ctx, rec)
	if err != nil {
		return Created{}, fmt.Errorf("apikey: create: %w", err)
	}
	return Created{Key: key, Record: rec}, nil
}

// Rotate mints a successor of key id, with its name, and revokes id
// after grace (0: at once). The old key must not be revoked or already
// rotated (store.ErrAPIKeyRevoked).
func Rotate(ctx context.Context, s Store, id string, grace time.Duration, now time.Time) (Created, error) {
	if grace < 0 || grace > MaxGrace {
		return Created{}, fmt.Errorf("%w: the grace period must be between 0 and %s", store.ErrInvalid, MaxGrace)
	}
	key, rec := Generate("", now)
	old, created, err := s.RotateAPIKey(ctx, id, rec, now.Add(grace))
	if err != nil {
		return Created{}, fmt.Errorf("apikey: rotate: %w", err)
	}
	return Created{Key: key, Record: created, Replaces: &old}, nil
}

// Revoke revokes key id at once. The last key that is neither revoked
// nor scheduled for revocation is refused (store.ErrLastAPIKey); revoking
// a revoked key is a no-op, and a key on a grace period stops now.
func Revoke(ctx context.Context, s Store, id string, now time.Time) (domain.APIKey, error) {
	k, err := s.RevokeAPIKey(ctx, id, now)
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("apikey: revoke: %w", err)
	}
	return k, nil
}

// checkName trims a key name and bounds it.
func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", fmt.Errorf("%w: a key needs a name", store.ErrInvalid)
	case utf8.RuneCountInString(name) > MaxNameLen:
		return "", fmt.Errorf("%w: a key name has at most %d characters", store.ErrInvalid, MaxNameLen)
	}
	return name, nil
}
