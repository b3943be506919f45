package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// cursorCodec makes the opaque pagination cursors of the envelope
// {data, pagination{next_cursor, previous_cursor, …}}. A cursor is a keyset
// position (time, id) plus a direction, bound by an HMAC to the query it
// came from (user, route and filters). A cursor from another user or
// query, or an edited one, is rejected as a 400 instead of silently
// paging through something else.
type cursorCodec struct {
	key []byte
}

// cursorMACLen truncates the HMAC: forging still needs 2^96 guesses.
const cursorMACLen = 12

// cursor is a decoded position. Backward cursors (previous_cursor) carry
// prev=true: the page before Keyset, in the query's order.
type cursor struct {
	Keyset store.Keyset
	Prev   bool
}

func (c cursorCodec) mac(scope, payload string) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(scope))
	m.Write([]byte{0})
	m.Write([]byte(payload))
	return m.Sum(nil)[:cursorMACLen]
}

// encode renders a cursor for scope (which identifies user, route and
// filters). The payload keeps Open Wearables' "timestamp|id" shape.
func (c cursorCodec) encode(scope string, cur cursor) string {
	payload := cur.Keyset.Time.UTC().Format(time.RFC3339Nano) + "|" + cur.Keyset.ID
	if cur.Prev {
		payload = "prev|" + payload
	}
	raw := append([]byte(payload+"|"), c.mac(scope, payload)...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decode parses and authenticates a cursor given in parameter param.
func (c cursorCodec) decode(param, scope, s string) (cursor, error) {
	bad := func(why string) (cursor, error) {
		return cursor{}, badRequest("invalid %s: %s", param, why)
	}
	if len(s) > 512 {
		return bad("too long")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(raw) < cursorMACLen+2 {
		return bad("not a cursor returned by this API")
	}
	payload, sig := string(raw[:len(raw)-cursorMACLen-1]), raw[len(raw)-cursorMACLen:]
	if raw[len(raw)-cursorMACLen-1] != '|' || !hmac.Equal(sig, c.mac(scope, payload)) {
		return bad("cursor does not belong to this query (it was issued for another user, route or filter, or was altered)")
	}
	var cur cursor
	if rest, ok := strings.CutPrefix(payload, "prev|"); ok {
		cur.Prev, payload = true, rest
	}
	ts, id, ok := strings.Cut(payload, "|")
	if !ok {
		return bad("malformed cursor")
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return bad("malformed cursor timestamp")
	}
	cur.Keyset = store.Keyset{Time: t.UTC(), ID: id}
	return cur, nil
}

// scope joins the parts that identify a query, for binding cursors.
func scope(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Quote(p))
	}
	return b.String()
}
