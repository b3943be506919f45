package console_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h := console.HashPassword("correct horse battery staple")
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), h)
	require.NotEqual(t, h, console.HashPassword("correct horse battery staple"), "salted")
	require.NoError(t, console.CheckPassword(h, "correct horse battery staple"))
	require.ErrorIs(t, console.CheckPassword(h, "correct horse battery stapl"), console.ErrPasswordMismatch)
	parts := strings.Split(h, "$")
	for name, bad := range map[string]string{
		"empty":     "",
		"bcrypt":    "$2a$10$abcdefghijklmnopqrstuu",
		"version":   strings.Replace(h, "v=19", "v=16", 1),
		"params":    strings.Replace(h, "m=19456,t=2,p=1", "m=0,t=2,p=1", 1),
		"salt":      strings.Replace(h, parts[4], "!!", 1),
		"key":       strings.Replace(h, parts[5], "", 1),
		"truncated": strings.Join(parts[:5], "$"),
		"not phc":   "plain text",
	} {
		err := console.CheckPassword(bad, "correct horse battery staple")
		require.Error(t, err, name)
		require.NotErrorIs(t, err, console.ErrPasswordMismatch, "%s: an unreadable hash is not a wrong password", name)
	}
}
