package whooplabs_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// conns is a Connections that counts its reads.
type conns struct {
	mu           sync.Mutex
	byUser       map[string][]domain.Connection
	active       []domain.Connection
	lookups, all int
}

func (c *conns) ConnectionsByProviderUser(_ context.Context, _ domain.Provider, id string) ([]domain.Connection, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookups++
	return c.byUser[id], nil
}

func (c *conns) ActiveConnections(context.Context, domain.Provider) ([]domain.Connection, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.all++
	return c.active, nil
}

func conn(user, email string) domain.Connection {
	return domain.Connection{UserID: user, Provider: domain.ProviderWHOOP, ProviderUsername: &email}
}

func TestPatientMapsToTheConnectedUser(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		c     func(p simwhoop.Patient) *conns
		want  string
		scans int // ActiveConnections calls per cache lifetime
	}{
		{name: "by WHOOP user id", want: "u-id", c: func(p simwhoop.Patient) *conns {
			return &conns{byUser: map[string][]domain.Connection{p.ID: {conn("u-id", "x@example.com")}}}
		}},
		{name: "by email, in any case", want: "u-mail", scans: 1, c: func(p simwhoop.Patient) *conns {
			return &conns{active: []domain.Connection{conn("u-other", "other@example.com"), conn("u-mail", strings.ToUpper(p.Email))}}
		}},
		{name: "two users claim the email", want: "", scans: 1, c: func(p simwhoop.Patient) *conns {
			return &conns{active: []domain.Connection{conn("u-1", p.Email), conn("u-2", p.Email)}}
		}},
		{name: "nobody", want: "", scans: 1, c: func(simwhoop.Patient) *conns { return &conns{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBench(t, time.Hour, 0)
			r := b.mine(t)
			c := tc.c(r.Patient)
			svc := whooplabs.NewService(whooplabs.Options{Client: b.client, Connections: c, Now: b.now.Now})
			read := func() {
				v, err := svc.Requisition(t.Context(), r.ID)
				require.NoError(t, err)
				require.Equal(t, tc.want, v.UserID)
			}
			read()
			read()
			require.Equal(t, 1, c.lookups, "the mapping is cached")
			require.Equal(t, tc.scans, c.all, "the connections are scanned once")
			b.now.Advance(6 * time.Minute)
			read()
			require.Equal(t, 2, c.lookups, "and mapped again when the cache expires")
		})
	}
}
