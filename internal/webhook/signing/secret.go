package signing

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Prefix starts every encoded secret, as Standard Webhooks and Svix
// spell them.
const Prefix = "whsec_"

// Secret lengths in bytes: Standard Webhooks asks for 24 to 64 random
// bytes; NewSecret draws DefaultSize.
const (
	MinSize     = 24
	MaxSize     = 64
	DefaultSize = 32
)

// ErrSecret is returned for a secret that is not "whsec_" followed by
// the standard base64 of 24 to 64 bytes.
var ErrSecret = errors.New("signing: invalid secret")

// Secret is the raw key of one endpoint secret. Its String is redacted so
// a secret printed by mistake (a log line, an error) reveals nothing;
// Encode gives the whsec_ form that is shown to the endpoint's owner.
type Secret struct {
	key []byte
}

// NewSecret draws a fresh DefaultSize-byte secret from r (crypto/rand's
// Reader when r is nil).
func NewSecret(r io.Reader) (Secret, error) {
	if r == nil {
		r = rand.Reader
	}
	key := make([]byte, DefaultSize)
	if _, err := io.ReadFull(r, key); err != nil {
		return Secret{}, fmt.Errorf("signing: draw secret: %w", err)
	}
	return Secret{key: key}, nil
}

// SecretFromBytes wraps a raw key of MinSize to MaxSize bytes (a secret
// stored sealed and opened again). The bytes are copied.
func SecretFromBytes(key []byte) (Secret, error) {
	if len(key) < MinSize || len(key) > MaxSize {
		return Secret{}, fmt.Errorf("%w: %d bytes, want %d to %d", ErrSecret, len(key), MinSize, MaxSize)
	}
	return Secret{key: append([]byte(nil), key...)}, nil
}

// ParseSecret reads a "whsec_<base64>" secret. The base64 is the
// standard alphabet with padding, as every Standard Webhooks library
// writes it; anything else, or a key outside 24 to 64 bytes, is
// ErrSecret. The error never repeats the input.
func ParseSecret(s string) (Secret, error) {
	enc, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return Secret{}, fmt.Errorf("%w: it must start with %q", ErrSecret, Prefix)
	}
	// The decoder skips line breaks even in strict mode; a secret has none.
	key, err := base64.StdEncoding.Strict().DecodeString(enc)
	if err != nil || strings.ContainsAny(enc, "\r\n") {
		return Secret{}, fmt.Errorf("%w: the part after %q is not standard base64", ErrSecret, Prefix)
	}
	return SecretFromBytes(key)
}

// Encode returns the secret as "whsec_<base64>", the form ParseSecret
// reads and receivers configure.
func (s Secret) Encode() string {
	return Prefix + base64.StdEncoding.EncodeToString(s.key)
}

// Bytes returns a copy of the raw key, for sealing at rest.
func (s Secret) Bytes() []byte { return append([]byte(nil), s.key...) }

// IsZero reports whether s holds no key (the zero Secret).
func (s Secret) IsZero() bool { return len(s.key) == 0 }

// String redacts the secret.
func (s Secret) String() string { return Prefix + "…" }

// GoString redacts the secret in %#v too.
func (s Secret) GoString() string { return "signing.Secret{" + Prefix + "…}" }
