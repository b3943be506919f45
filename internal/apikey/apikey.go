// Package apikey mints and verifies wearhouse API keys. A key is shown to
// its owner once; the store keeps only a short lookup prefix and the
// SHA-256 of the whole key, so a database dump grants no access.
package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// keyPrefix marks wearhouse keys so secret scanners can recognise them.
const keyPrefix = "wh_"

// lookupLen is the number of characters (after keyPrefix) stored in clear
// to find the row; the rest of the key is secret.
const lookupLen = 8

// secretLen is the number of random base62 characters in a key (~238 bits).
const secretLen = 40

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ErrInvalid means the presented key is malformed, unknown or revoked. It
// deliberately does not say which.
var ErrInvalid = errors.New("apikey: invalid API key")

// Generate returns a new random key and its storable form (prefix + hash).
func Generate(name string, now time.Time) (string, domain.APIKey) {
	buf := make([]byte, secretLen)
	_, _ = rand.Read(buf)
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)] // 256 % 62 bias is negligible at this length.
	}
	key := keyPrefix + string(buf)
	sum := sha256.Sum256([]byte(key))
	return key, domain.APIKey{
		Name:      name,
		Prefix:    key[:len(keyPrefix)+lookupLen],
		Hash:      sum[:],
		CreatedAt: now,
	}
}

// Lookup is the part of the store Verify needs.
type Lookup interface {
	APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error)
}

// Verify is VerifyAt with the wall clock.
func Verify(ctx context.Context, s Lookup, presented string) (domain.APIKey, error) {
	return VerifyAt(ctx, s, presented, time.Now())
}

// VerifyAt finds the key by its prefix, compares hashes in constant time
// and checks the key is active at now (a rotated key works until its
// grace period ends).
func VerifyAt(ctx context.Context, s Lookup, presented string, now time.Time) (domain.APIKey, error) {
	if !strings.HasPrefix(presented, keyPrefix) || len(presented) != len(keyPrefix)+secretLen {
		return domain.APIKey{}, ErrInvalid
	}
	k, err := s.APIKeyByPrefix(ctx, presented[:len(keyPrefix)+lookupLen])
	if errors.Is(err, store.ErrNotFound) {
		return domain.APIKey{}, ErrInvalid
	}
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("apikey: lookup: %w", err)
	}
	sum := sha256.Sum256([]byte(presented))
	if subtle.ConstantTimeCompare(sum[:], k.Hash) != 1 || !k.ActiveAt(now) {
		return domain.APIKey{}, ErrInvalid
	}
	return k, nil
}
