package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names, Standard Webhooks first, then the Svix names carrying the
// same values.
const (
	HeaderID            = "webhook-id"
	HeaderTimestamp     = "webhook-timestamp"
	HeaderSignature     = "webhook-signature"
	HeaderSvixID        = "svix-id"
	HeaderSvixTimestamp = "svix-timestamp"
	HeaderSvixSignature = "svix-signature"
)

// MaxSecrets is how many secrets sign at once: the current one and, while
// a rotation overlaps, the previous one.
const MaxSecrets = 2

// maxIDLen bounds a message id; Svix ids are about 30 characters.
const maxIDLen = 256

// ErrMessageID is returned for an id that cannot go into a header and
// the signed content unambiguously.
var ErrMessageID = errors.New("signing: invalid message id")

// Signer signs with one or two secrets. It is immutable and safe for
// concurrent use.
type Signer struct {
	secrets []Secret
}

// NewSigner returns a Signer for the current secret and, during a
// rotation, the previous one (at most MaxSecrets in all, none zero).
func NewSigner(secrets ...Secret) (*Signer, error) {
	if len(secrets) == 0 || len(secrets) > MaxSecrets {
		return nil, fmt.Errorf("%w: %d secrets, want 1 to %d", ErrSecret, len(secrets), MaxSecrets)
	}
	for _, s := range secrets {
		if s.IsZero() {
			return nil, fmt.Errorf("%w: empty secret", ErrSecret)
		}
	}
	return &Signer{secrets: append([]Secret(nil), secrets...)}, nil
}

// Headers are the signature headers of one request.
type Headers struct {
	ID        string
	Timestamp string
	// Signature is "v1,<base64>" per secret, space-separated, the
	// current secret first.
	Signature string
}

// Sign signs body as message id at time at. The id names the message,
// not the attempt: retries reuse it so receivers can deduplicate.
func (s *Signer) Sign(id string, at time.Time, body []byte) (Headers, error) {
	if err := checkID(id); err != nil {
		return Headers{}, err
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	sigs := make([]string, len(s.secrets))
	for i, sec := range s.secrets {
		sigs[i] = "v1," + signature(sec.key, id, ts, body)
	}
	return Headers{ID: id, Timestamp: ts, Signature: strings.Join(sigs, " ")}, nil
}

// Apply sets the headers on h under both the Standard Webhooks and the
// Svix names.
func (h Headers) Apply(hdr http.Header) {
	hdr.Set(HeaderID, h.ID)
	hdr.Set(HeaderTimestamp, h.Timestamp)
	hdr.Set(HeaderSignature, h.Signature)
	hdr.Set(HeaderSvixID, h.ID)
	hdr.Set(HeaderSvixTimestamp, h.Timestamp)
	hdr.Set(HeaderSvixSignature, h.Signature)
}

// signature is the base64 HMAC-SHA256 of "id.timestamp.body" under key.
func signature(key []byte, id, ts string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// checkID accepts printable ASCII without spaces: the id goes into a
// header verbatim. A '.' is allowed, as Open Wearables' ids of the form
// "workout.created.<record id>" need; the signed content stays
// unambiguous because a JSON body never starts with a digit.
func checkID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("%w: length %d, want 1 to %d", ErrMessageID, len(id), maxIDLen)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("%w: byte %d is not printable ASCII", ErrMessageID, i)
		}
	}
	return nil
}
