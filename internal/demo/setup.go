package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/simulator"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
)

// keyFile keeps the demo's API key (mode 0600) so a second run prints the
// same key; only its hash is in the database, as for any key.
const keyFile = "demo-api-key"

// setUp makes sure the demo's key, users and connections exist, then
// waits for the backfill.
func setUp(ctx context.Context, o Options, st store.Store, base string, c *simulator.Cluster, started time.Time) (Info, error) {
	key, err := demoKey(ctx, o.Dir, st)
	if err != nil {
		return Info{}, err
	}
	users, err := demoUsers(ctx, st, o.Users)
	if err != nil {
		return Info{}, err
	}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == redirectPath {
			return http.ErrUseLastResponse // the round trip is complete
		}
		return nil
	}}
	for i, u := range users {
		for _, e := range c.Endpoints {
			if err := connect(ctx, client, base, key, u.ID, e.Name, i); err != nil {
				return Info{}, fmt.Errorf("demo: connect %s to %s: %w", *u.Email, e.Name, err)
			}
		}
	}
	if err := waitBackfill(ctx, o, st, users, names(c), started); err != nil {
		return Info{}, err
	}
	info := Info{BaseURL: base, APIKey: key, DocsURL: base + "/docs"}
	for _, u := range users {
		info.UserIDs = append(info.UserIDs, u.ID)
	}
	info.Curls = curls(base, key, users[0].ID, c.World.Now())
	if info.AdminPassword, err = demoAdmin(ctx, o.Dir, st); err != nil {
		return Info{}, err
	}
	info.AdminUsername, info.ConsoleURL = AdminUsername, base+"/console/users/"+users[0].ID
	if _, ok := c.Endpoint("whoop"); ok {
		info.LabRequisition, info.LabServiceRequest = simwhoop.LabRequisitionID(o.Seed, 0), simwhoop.LabServiceRequestID(o.Seed, 0, 0)
	}
	return info, nil
}

func names(c *simulator.Cluster) []string {
	out := make([]string, 0, len(c.Endpoints))
	for _, e := range c.Endpoints {
		out = append(out, e.Name)
	}
	return out
}

// demoKey returns the saved key if it still verifies, else mints one.
func demoKey(ctx context.Context, dir string, st store.Store) (string, error) {
	path := filepath.Join(dir, keyFile)
	if b, err := os.ReadFile(path); err == nil {
		key := strings.TrimSpace(string(b))
		if _, err := apikey.Verify(ctx, st, key); err == nil {
			return key, nil
		}
	}
	key, rec := apikey.Generate("demo", time.Now())
	if _, err := st.CreateAPIKey(ctx, rec); err != nil {
		return "", fmt.Errorf("demo: create API key: %w", err)
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("demo: save API key: %w", err)
	}
	return key, nil
}

// demoUsers returns n demo users, creating the missing ones. They are
// recognised by their e-mail address, so a second run reuses them.
func demoUsers(ctx context.Context, st store.Store, n int) ([]domain.User, error) {
	out := make([]domain.User, 0, n)
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("demo%d@wearhouse.invalid", i)
		found, _, err := st.ListUsers(ctx, store.UserQuery{Page: 1, Limit: 1, SortBy: "created_at", SortOrder: "asc", Email: email})
		if err != nil {
			return nil, fmt.Errorf("demo: find user: %w", err)
		}
		if len(found) > 0 {
			out = append(out, found[0])
			continue
		}
		first, last := "Demo", "User "+strconv.Itoa(i)
		u, err := st.CreateUser(ctx, domain.User{FirstName: &first, LastName: &last, Email: &email, CreatedAt: time.Now()})
		if err != nil {
			return nil, fmt.Errorf("demo: create user: %w", err)
		}
		out = append(out, u)
	}
	return out, nil
}

// connect runs the real OAuth round trip: wearhouse's authorize route,
// the simulator's consent page (person i consents at once), wearhouse's
// callback, and the redirect back to the app.
func connect(ctx context.Context, client *http.Client, base, key, userID, provider string, person int) error {
	q := url.Values{"user_id": {userID}, "redirect_uri": {base + redirectPath}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/oauth/"+provider+"/authorize?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-Open-Wearables-API-Key", key)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	var auth struct {
		URL    string `json:"authorization_url"`
		Detail string `json:"detail"`
	}
	err = json.NewDecoder(res.Body).Decode(&auth)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		return fmt.Errorf("authorize: status %d %s: %v", res.StatusCode, auth.Detail, err)
	}
	consent := auth.URL + "&sim_user=" + strconv.Itoa(person)
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, consent, nil)
	if err != nil {
		return err
	}
	res, err = client.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("callback: status %d", res.StatusCode)
	}
	if st := back.Query().Get("status"); st != "success" {
		return errors.New("callback: " + st + " " + back.Query().Get("error"))
	}
	return nil
}
