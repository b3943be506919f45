package signing

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"
)

// fixedSecret is a secret of n bytes 0, 1, 2, …
func fixedSecret(t *testing.T, n int, start byte) Secret {
	t.Helper()
	key := make([]byte, n)
	for i := range key {
		key[i] = start + byte(i)
	}
	s, err := SecretFromBytes(key)
	require.NoError(t, err)
	return s
}

// TestSignVerifiesWithStandardWebhooks signs with this package and
// verifies with the Standard Webhooks reference library, under both the
// webhook-* and the svix-* names, for one secret and for both secrets of
// a rotation.
func TestSignVerifiesWithStandardWebhooks(t *testing.T) {
	t.Parallel()
	current := fixedSecret(t, 32, 1)
	previous := fixedSecret(t, 24, 100)
	other := fixedSecret(t, 64, 7)
	body := []byte(`{"type":"sleep.created","data":{"id":"e1"}}`)
	now := time.Now()

	tests := []struct {
		name    string
		signers []Secret
		verify  Secret
		ok      bool
	}{
		{"one secret", []Secret{current}, current, true},
		{"rotation, receiver has the new secret", []Secret{current, previous}, current, true},
		{"rotation, receiver still has the old secret", []Secret{current, previous}, previous, true},
		{"receiver has another secret", []Secret{current, previous}, other, false},
		{"old secret dropped after rotation", []Secret{current}, previous, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSigner(tt.signers...)
			require.NoError(t, err)
			h, err := s.Sign("msg_2xYz.1", now, body)
			require.NoError(t, err)
			require.Len(t, strings.Fields(h.Signature), len(tt.signers))

			hdr := http.Header{}
			h.Apply(hdr)
			wh, err := standardwebhooks.NewWebhook(tt.verify.Encode())
			require.NoError(t, err)

			svix := http.Header{}
			for _, n := range []string{HeaderSvixID, HeaderSvixTimestamp, HeaderSvixSignature} {
				svix.Set(strings.Replace(n, "svix-", "webhook-", 1), hdr.Get(n))
			}
			for _, got := range []http.Header{hdr, svix} {
				err := wh.Verify(body, got)
				if tt.ok {
					require.NoError(t, err)
				} else {
					require.Error(t, err)
				}
			}
			// A changed body never verifies.
			require.Error(t, wh.Verify(append(bytes.Clone(body), ' '), hdr))
		})
	}
}

// TestSignMatchesSpec checks one signature against the spec computed by
// hand: base64(HMAC-SHA256(key, "id.timestamp.body")).
func TestSignMatchesSpec(t *testing.T) {
	t.Parallel()
	sec := fixedSecret(t, 32, 0)
	s, err := NewSigner(sec)
	require.NoError(t, err)
	at := time.Unix(1700000000, 999_000_000)
	h, err := s.Sign("msg_1", at, []byte(`{}`))
	require.NoError(t, err)

	m := hmac.New(sha256.New, sec.Bytes())
	fmt.Fprintf(m, "msg_1.1700000000.{}")
	want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
	require.Equal(t, Headers{ID: "msg_1", Timestamp: "1700000000", Signature: want}, h)

	hdr := http.Header{}
	h.Apply(hdr)
	for name, v := range map[string]string{
		"Webhook-Id": "msg_1", "Svix-Id": "msg_1",
		"Webhook-Timestamp": "1700000000", "Svix-Timestamp": "1700000000",
		"Webhook-Signature": want, "Svix-Signature": want,
	} {
		require.Equal(t, []string{v}, hdr.Values(name), name)
	}
}

func TestSignRejects(t *testing.T) {
	t.Parallel()
	sec := fixedSecret(t, 32, 0)
	_, err := NewSigner()
	require.ErrorIs(t, err, ErrSecret)
	_, err = NewSigner(sec, sec, sec)
	require.ErrorIs(t, err, ErrSecret)
	_, err = NewSigner(Secret{})
	require.ErrorIs(t, err, ErrSecret)

	s, err := NewSigner(sec)
	require.NoError(t, err)
	for _, id := range []string{"", "a b", "a\nb", "é", strings.Repeat("x", maxIDLen+1)} {
		_, err := s.Sign(id, time.Unix(0, 0), nil)
		require.ErrorIs(t, err, ErrMessageID, "%q", id)
	}
}
