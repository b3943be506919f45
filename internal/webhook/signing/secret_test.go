package signing

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"
)

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, err := NewSecret(nil)
	require.NoError(t, err)
	b, err := NewSecret(nil)
	require.NoError(t, err)
	require.Len(t, a.Bytes(), DefaultSize)
	require.NotEqual(t, a.Encode(), b.Encode())
	require.True(t, strings.HasPrefix(a.Encode(), Prefix))

	back, err := ParseSecret(a.Encode())
	require.NoError(t, err)
	require.Equal(t, a.Bytes(), back.Bytes())

	// The reference library reads what we write.
	_, err = standardwebhooks.NewWebhook(a.Encode())
	require.NoError(t, err)

	_, err = NewSecret(bytes.NewReader(make([]byte, 3)))
	require.Error(t, err)
}

func TestSecretRedacted(t *testing.T) {
	t.Parallel()
	s := fixedSecret(t, 32, 9)
	enc := strings.TrimPrefix(s.Encode(), Prefix)
	for _, out := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s)} {
		require.NotContains(t, out, enc)
	}
}

func TestParseSecret(t *testing.T) {
	t.Parallel()
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xAB}, n)) }
	tests := []struct {
		in string
		ok bool
	}{
		{Prefix + b64(24), true},
		{Prefix + b64(32), true},
		{Prefix + b64(64), true},
		{Prefix + b64(23), false},
		{Prefix + b64(65), false},
		{b64(32), false},                                  // no prefix
		{"WHSEC_" + b64(32), false},                       // prefix is case-sensitive
		{Prefix + strings.TrimRight(b64(32), "="), false}, // padding required
		{Prefix + base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xFF}, 32)), false},
		{Prefix + b64(32) + "\n", false},
		{Prefix, false},
		{"", false},
	}
	for _, tt := range tests {
		s, err := ParseSecret(tt.in)
		if !tt.ok {
			require.ErrorIs(t, err, ErrSecret, "%q", tt.in)
			if len(tt.in) > len(Prefix)+8 {
				require.NotContains(t, err.Error(), tt.in[len(Prefix):], "the error must not echo the secret")
			}
			continue
		}
		require.NoError(t, err, "%q", tt.in)
		require.Equal(t, tt.in, s.Encode())
	}
}

// FuzzParseSecret: whatever the input, ParseSecret either refuses it
// with ErrSecret or returns a 24–64 byte key whose encoding is the input
// itself (the encoding is canonical) and that the reference library
// reads to the same key.
// fixedTime is the signing time of the fuzz target.
var fixedTime = time.Unix(1700000000, 0)

func FuzzParseSecret(f *testing.F) {
	for _, seed := range []string{
		Prefix + base64.StdEncoding.EncodeToString(make([]byte, 24)),
		Prefix + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 64)),
		Prefix + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
		"whsec_", "whsec_====", "whsec_ab==cd", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSecret(in)
		if err != nil {
			if !errors.Is(err, ErrSecret) {
				t.Fatalf("error %v is not ErrSecret", err)
			}
			return
		}
		if n := len(s.Bytes()); n < MinSize || n > MaxSize {
			t.Fatalf("accepted a %d-byte key", n)
		}
		if s.Encode() != in {
			t.Fatalf("encoding %q differs from input %q", s.Encode(), in)
		}
		signer, err := NewSigner(s)
		if err != nil {
			t.Fatal(err)
		}
		wh, err := standardwebhooks.NewWebhook(in)
		if err != nil {
			t.Fatalf("reference library refuses %q: %v", in, err)
		}
		ours, err := signer.Sign("msg_fuzz", fixedTime, []byte("{}"))
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := wh.Sign("msg_fuzz", fixedTime, []byte("{}"))
		if err != nil || theirs != ours.Signature {
			t.Fatalf("signatures differ: %q vs %q (%v)", ours.Signature, theirs, err)
		}
	})
}
