package provider

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// HMACCheck describes an HMAC-SHA256 webhook signature over
// timestamp ‖ body, the scheme WHOOP and Oura use.
type HMACCheck struct {
	Secret []byte
	// Signature is the presented signature, encoded per Hex.
	Signature string
	// Timestamp is the presented timestamp string, signed verbatim.
	Timestamp string
	// Millis is true when Timestamp counts milliseconds (WHOOP), false
	// for seconds.
	Millis bool
	// Hex selects hex encoding of the MAC; otherwise standard base64.
	Hex bool
	// Window is the accepted clock difference either way (default 5 min).
	Window time.Duration
}

// VerifyHMAC checks the signature in constant time and rejects
// timestamps outside the replay window. Every failure is ErrBadSignature
// with a reason, never which byte differed.
func VerifyHMAC(c HMACCheck, body []byte, now time.Time) error {
	if len(c.Secret) == 0 {
		return fmt.Errorf("no webhook secret configured: %w", ErrBadSignature)
	}
	if c.Signature == "" || c.Timestamp == "" {
		return fmt.Errorf("unsigned webhook: %w", ErrBadSignature)
	}
	n, err := strconv.ParseInt(c.Timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("unreadable webhook timestamp: %w", ErrBadSignature)
	}
	var at time.Time
	if c.Millis {
		at = time.UnixMilli(n)
	} else {
		at = time.Unix(n, 0)
	}
	window := c.Window
	if window <= 0 {
		window = 5 * time.Minute
	}
	if d := now.Sub(at); d > window || d < -window {
		return fmt.Errorf("webhook timestamp outside the %s replay window: %w", window, ErrBadSignature)
	}
	m := hmac.New(sha256.New, c.Secret)
	m.Write([]byte(c.Timestamp))
	m.Write(body)
	want := m.Sum(nil)
	var got []byte
	if c.Hex {
		got, err = hex.DecodeString(c.Signature)
	} else {
		got, err = base64.StdEncoding.DecodeString(c.Signature)
	}
	if err != nil || !hmac.Equal(got, want) {
		return fmt.Errorf("webhook signature mismatch: %w", ErrBadSignature)
	}
	return nil
}

// SignHMAC computes the signature VerifyHMAC expects, for simulators and
// tests that need to produce valid webhooks.
func SignHMAC(secret []byte, timestamp string, body []byte, hexEnc bool) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write(body)
	if hexEnc {
		return hex.EncodeToString(m.Sum(nil))
	}
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
