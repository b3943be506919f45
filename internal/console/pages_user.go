package console

import (
	"errors"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// userData is a user's page: the connections here, the charts' data
// fetched by the browser from the API.
type userData struct {
	User        domain.User
	Connections []connectionRow
	// Missing lists the configured providers the user is not connected
	// to (a connect link can be made for them).
	Missing []domain.Provider
	// Until is the end of the charts' window: the user's latest sync
	// (the demo runs on simulated time), else now.
	Until time.Time
	Runs  []domain.SyncRun
}

type connectionRow struct {
	domain.Connection
	Display   string
	LastRun   *domain.SyncRun
	LastError string
}

func (c *Console) user(w http.ResponseWriter, r *http.Request, s session) {
	ctx := r.Context()
	u, err := c.o.Store.User(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		c.notFound(w, r)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	conns, err := c.o.Store.ListConnections(ctx, u.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	runs, err := c.o.Store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: u.ID, Limit: 20})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := userData{User: u, Until: c.o.Now(), Runs: runs}
	var latest *time.Time
	have := map[domain.Provider]bool{}
	for _, cn := range conns {
		row := connectionRow{Connection: cn, Display: c.display(cn.Provider)}
		for i := range runs {
			if runs[i].Provider == cn.Provider {
				row.LastRun = &runs[i]
				break
			}
		}
		for _, run := range runs {
			if run.Provider == cn.Provider && run.Error != "" {
				row.LastError = run.Error
				break
			}
		}
		if cn.LastSyncedAt != nil && (latest == nil || cn.LastSyncedAt.After(*latest)) {
			latest = cn.LastSyncedAt
		}
		have[cn.Provider] = true
		d.Connections = append(d.Connections, row)
	}
	if latest != nil {
		d.Until = *latest
	}
	for _, p := range c.o.Registry.Names() {
		if prov, err := c.o.Registry.Get(p); err == nil && prov.Configured() && !have[p] {
			d.Missing = append(d.Missing, p)
		}
	}
	c.render(w, r, http.StatusOK, "user", s.view(userName(u), "users", d))
}

// userName is how the console names a user.
func userName(u domain.User) string {
	name := ""
	if u.FirstName != nil {
		name = *u.FirstName
	}
	if u.LastName != nil {
		if name != "" {
			name += " "
		}
		name += *u.LastName
	}
	if name == "" && u.Email != nil {
		name = *u.Email
	}
	if name == "" {
		name = u.ID
	}
	return name
}
