package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// overviewData is the first page: the installation at a glance.
type overviewData struct {
	store.Overview
	// States is connections per provider: status → count.
	States    []providerStates
	RunsTotal int
	Failed    int
	Since     time.Time
	Limits    []providerLimits
	// SharedBudgets is whether the budgets are counted in the database
	// (PostgreSQL) rather than in this process (SQLite).
	SharedBudgets bool
}

type providerStates struct {
	Provider domain.Provider
	Display  string
	Counts   map[string]int
	Runs     map[string]int
	Fetched  int64
}

func (c *Console) overview(w http.ResponseWriter, r *http.Request, s session) {
	since := c.o.Now().Add(-24 * time.Hour)
	o, err := c.db.Overview(r.Context(), since)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := overviewData{Overview: o, Since: since}
	rows := map[domain.Provider]*providerStates{}
	row := func(p domain.Provider) *providerStates {
		if rows[p] == nil {
			rows[p] = &providerStates{Provider: p, Display: c.display(p), Counts: map[string]int{}, Runs: map[string]int{}}
		}
		return rows[p]
	}
	for _, p := range c.o.Catalog.Names() {
		row(p)
	}
	for _, cc := range o.Connections {
		row(cc.Provider).Counts[string(cc.Status)] += cc.Count
	}
	for _, rc := range o.Runs {
		pr := row(rc.Provider)
		pr.Runs[string(rc.Status)] += rc.Count
		pr.Fetched += rc.Fetched
		d.RunsTotal += rc.Count
		if rc.Status == domain.SyncFailed {
			d.Failed += rc.Count
		}
	}
	for _, p := range c.o.Catalog.Names() {
		d.States = append(d.States, *rows[p])
		delete(rows, p)
	}
	for _, pr := range rows {
		d.States = append(d.States, *pr)
	}
	now := c.o.Now()
	for _, desc := range c.o.Catalog.All() {
		d.Limits = append(d.Limits, budgetLimits(string(desc.Name), desc.DisplayName, desc.Limits, o.Budgets, now))
	}
	d.SharedBudgets = c.o.Store.Engine() == string(config.EnginePostgres)
	c.render(w, r, http.StatusOK, "overview", s.view("Overview", "overview", d))
}

// display is a provider's display name.
func (c *Console) display(p domain.Provider) string {
	if d, ok := c.o.Catalog.Get(p); ok {
		return d.DisplayName
	}
	return string(p)
}

// usersPerPage is the users list's page size.
const usersPerPage = 50

type usersData struct {
	Users             []domain.User
	Total, Page       int
	Prev, Next        int
	Query, Provider   string
	Status            string
	Providers         []domain.Provider
	Statuses          []domain.ConnectionStatus
	FirstRow, LastRow int
}

func (c *Console) users(w http.ResponseWriter, r *http.Request, s session) {
	q := r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 || page > 1_000_000 {
		page = 1
	}
	d := usersData{Page: page, Query: q.Get("q"), Provider: q.Get("provider"), Status: q.Get("status"),
		Providers: c.o.Catalog.Names(), Statuses: []domain.ConnectionStatus{domain.ConnectionActive, domain.ConnectionRevoked}}
	uq := store.UserQuery{Page: page, Limit: usersPerPage, SortBy: "created_at", SortOrder: "asc", Search: d.Query}
	if _, ok := c.o.Catalog.Get(domain.Provider(d.Provider)); ok {
		uq.Providers = []domain.Provider{domain.Provider(d.Provider)}
	} else {
		d.Provider = ""
	}
	switch domain.ConnectionStatus(d.Status) {
	case domain.ConnectionActive, domain.ConnectionRevoked:
		uq.ConnectionStatus = domain.ConnectionStatus(d.Status)
	default:
		d.Status = ""
	}
	d.Users, d.Total, err = c.o.Store.ListUsers(r.Context(), uq)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if page > 1 {
		d.Prev = page - 1
	}
	if page*usersPerPage < d.Total {
		d.Next = page + 1
	}
	d.FirstRow, d.LastRow = (page-1)*usersPerPage+1, (page-1)*usersPerPage+len(d.Users)
	c.render(w, r, http.StatusOK, "users", s.view("Users", "users", d))
}
