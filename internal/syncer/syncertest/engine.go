package syncertest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// Engine is the part of every rig that is wearhouse itself: the provider
// registry, the token service and the syncer on one store. Each
// provider's rig embeds it, so tests and the benchmark drive the same
// engine whatever the simulator behind it.
type Engine struct {
	Registry *provider.Registry
	Tokens   *oauthflow.Service
	Syncer   *syncer.Syncer
	Store    store.Store
}

// simUserParam is the simulator-only authorize parameter choosing who
// logs in; every simulator spells it the same way.
const simUserParam = "sim_user"

// world generates the truth a rig serves: on the wall clock (the
// benchmark) it ends tomorrow so that today is inside it, otherwise it
// ends at truth's default end and a fake clock starts there.
func world(o Options) (*truth.World, simkit.Clock, error) {
	end := time.Time{}
	var clock simkit.Clock
	if o.RealClock {
		clock = simkit.RealClock{}
		end = time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	w, err := truth.Generate(truth.Options{Seed: o.Seed, Users: o.Users, Days: o.Days, End: end, DeleteRate: o.DeleteRate})
	if err != nil {
		return nil, nil, fmt.Errorf("syncertest: %w", err)
	}
	if clock == nil {
		clock = simkit.NewFakeClock(w.Now())
	}
	return w, clock, nil
}

// client is the provider's HTTP client: budgeted by o.Budget, or by the
// provider's published limits on the wall clock when it is nil.
func client(o Options, clock simkit.Clock, limits []provider.Limit) *provider.Client {
	budget := o.Budget
	if budget == nil {
		budget = provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits})
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	return provider.NewClient(provider.ClientOptions{Timeout: timeout, Budget: budget, Now: clock.Now, DefaultRetryAfter: 5 * time.Second})
}

// newEngine wires the token service and syncer on o.Store for prov. A
// new connection starts its backfill (through o.Enqueue, when set) and
// then runs hooks in order, as the server's connect hook does.
func newEngine(o Options, clock simkit.Clock, prov provider.Provider, hooks ...func(context.Context, domain.Connection) error) (Engine, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	reg, err := provider.NewRegistry(prov)
	if err != nil {
		return Engine{}, fmt.Errorf("syncertest: %w", err)
	}
	var sy *syncer.Syncer
	tokens, err := oauthflow.New(oauthflow.Options{Store: o.Store, Registry: reg, BaseURL: "https://wearhouse.test",
		RedirectAllowlist: []string{"https://app.test/"}, Now: clock.Now, Logger: o.Logger,
		OnConnect: func(ctx context.Context, c domain.Connection) error {
			if err := sy.OnConnect(ctx, c); err != nil {
				return err
			}
			for _, h := range hooks {
				if err := h(ctx, c); err != nil {
					return err
				}
			}
			return nil
		}})
	if err != nil {
		return Engine{}, fmt.Errorf("syncertest: %w", err)
	}
	sy, err = syncer.New(syncer.Options{Store: o.Store, Registry: reg, Tokens: tokens, Enqueue: o.Enqueue,
		BackfillDays: o.BackfillDays, Now: clock.Now, Logger: o.Logger})
	if err != nil {
		return Engine{}, fmt.Errorf("syncertest: %w", err)
	}
	return Engine{Registry: reg, Tokens: tokens, Syncer: sy, Store: o.Store}, nil
}

// connect runs the whole OAuth flow of provider p for wearhouse user
// userID as simulated person simUser: authorize, the simulator's
// approval redirect, callback.
func (e *Engine) connect(ctx context.Context, p domain.Provider, userID string, simUser int) (domain.Connection, error) {
	res, err := e.Tokens.Authorize(ctx, p, userID, "https://app.test/connected")
	if err != nil {
		return domain.Connection{}, err
	}
	code, state, err := approve(ctx, res.AuthorizationURL, simUser)
	if err != nil {
		return domain.Connection{}, err
	}
	cb, err := e.Tokens.Callback(ctx, p, oauthflow.CallbackParams{Code: code, State: state})
	if err != nil {
		return domain.Connection{}, err
	}
	if cb.Status != "success" {
		return domain.Connection{}, fmt.Errorf("syncertest: connect: %s", cb.Error)
	}
	return cb.Connection, nil
}

// newUser creates a wearhouse user to connect.
func (e *Engine) newUser(ctx context.Context) (string, error) {
	u, err := e.Store.CreateUser(ctx, domain.User{})
	if err != nil {
		return "", fmt.Errorf("syncertest: create user: %w", err)
	}
	return u.ID, nil
}

// approve visits an authorization URL as simulated person simUser and
// returns the code and state the simulator redirects back with.
func approve(ctx context.Context, authURL string, simUser int) (string, string, error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return "", "", fmt.Errorf("syncertest: authorize URL: %w", err)
	}
	q := u.Query()
	q.Set(simUserParam, fmt.Sprint(simUser))
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", "", fmt.Errorf("syncertest: authorize: %w", err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		return "", "", fmt.Errorf("syncertest: authorize: %w", err)
	}
	defer res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", "", fmt.Errorf("syncertest: authorize answered %d without a code (%s)", res.StatusCode, res.Header.Get("Location"))
	}
	return loc.Query().Get("code"), loc.Query().Get("state"), nil
}
