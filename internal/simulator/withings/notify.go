package withings

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// subscription is one notify configuration: a user, a category and a
// callback URL.
type subscription struct {
	userID  int64
	appli   int
	url     string
	comment string
}

// probeTimeout bounds the HEAD probe of a callback URL.
const probeTimeout = 5 * time.Second

// Subscriptions returns a copy of every subscription, for tests and the
// admin status.
func (s *Server) Subscriptions() []NotifyProfile {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]NotifyProfile, 0, len(s.subs))
	for _, sub := range s.subs {
		out = append(out, NotifyProfile{Appli: sub.appli, CallbackURL: sub.url, Comment: sub.comment})
	}
	return out
}

// resetSubscriptions forgets every subscription and the delivery log
// (admin reset).
func (s *Server) resetSubscriptions() {
	s.mu.Lock()
	s.subs = nil
	s.mu.Unlock()
	s.sender.ResetLog()
}

// appliParam reads a required or optional appli.
func appliParam(c *call, required bool) (int, bool, *apiError) {
	v, ok, err := intParam(c.form, "appli")
	switch {
	case err != nil:
		return 0, false, err
	case !ok && required:
		return 0, false, fail(StatusInvalidParams, "Invalid Params: appli is required")
	case ok && !validAppli(int(v)):
		return 0, false, fail(StatusInvalidParams, "Invalid Params: unknown appli "+strconv.FormatInt(v, 10))
	}
	return int(v), ok, nil
}

// callbackParam reads and checks a callback URL.
func callbackParam(c *call, name string) (string, *apiError) {
	raw := c.form.Get(name)
	u, err := url.Parse(raw)
	if raw == "" || err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || len(raw) > 255 {
		return "", fail(StatusInvalidCallback, "Invalid Params: "+name+" is absent or incorrect")
	}
	return raw, nil
}

// probe sends the HEAD request Withings makes before accepting a callback
// URL; anything but 200 refuses the subscription.
func (s *Server) probe(ctx context.Context, callback string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, callback, nil)
	if err != nil {
		return fmt.Errorf("withings: probe %s: %w", callback, err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("withings: probe %s: %w", callback, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("withings: probe %s: status %d", callback, resp.StatusCode)
	}
	return nil
}

// notifySubscribe implements action=subscribe for the token's user.
// Subscribing twice to the same URL and category is accepted and keeps one
// subscription (with the newer comment).
func (s *Server) notifySubscribe(c *call) (any, *apiError) {
	cb, err := callbackParam(c, "callbackurl")
	if err != nil {
		return nil, err
	}
	appli, _, err := appliParam(c, true)
	if err != nil {
		return nil, err
	}
	if perr := s.probe(c.r.Context(), cb); perr != nil {
		return nil, fail(StatusInvalidCallback, "Invalid Params: the callback URL did not answer 200 to HEAD")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	uid := c.person.WithingsUserID
	for i, sub := range s.subs {
		if sub.userID == uid && sub.appli == appli && sub.url == cb {
			s.subs[i].comment = c.form.Get("comment")
			return Empty{}, nil
		}
	}
	s.subs = append(s.subs, subscription{userID: uid, appli: appli, url: cb, comment: c.form.Get("comment")})
	return Empty{}, nil
}

// notifyList implements action=list: the user's subscriptions, optionally
// of one category.
func (s *Server) notifyList(c *call) (any, *apiError) {
	appli, has, err := appliParam(c, false)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := NotifyListBody{Profiles: []NotifyProfile{}}
	for _, sub := range s.subs {
		if sub.userID == c.person.WithingsUserID && (!has || sub.appli == appli) {
			out.Profiles = append(out.Profiles, NotifyProfile{Appli: sub.appli, CallbackURL: sub.url, Comment: sub.comment})
		}
	}
	return out, nil
}

// notifyGet implements action=get: the subscription of a URL for one
// category, appli 1 when none is given (seed).
func (s *Server) notifyGet(c *call) (any, *apiError) {
	cb, err := callbackParam(c, "callbackurl")
	if err != nil {
		return nil, err
	}
	appli, has, err := appliParam(c, false)
	if err != nil {
		return nil, err
	}
	if !has {
		appli = AppliWeight
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range slices.Backward(s.subs) {
		if sub.userID == c.person.WithingsUserID && sub.appli == appli && sub.url == cb {
			return NotifyProfile{Appli: sub.appli, CallbackURL: sub.url, Comment: sub.comment}, nil
		}
	}
	return nil, fail(StatusNoSubscription, "Invalid Params: no such subscription")
}

// notifyRevoke implements action=revoke: the URL's subscriptions of one
// category, or of every category when appli is absent.
func (s *Server) notifyRevoke(c *call) (any, *apiError) {
	cb, err := callbackParam(c, "callbackurl")
	if err != nil {
		return nil, err
	}
	appli, has, err := appliParam(c, false)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.subs)
	s.subs = slices.DeleteFunc(s.subs, func(sub subscription) bool {
		return sub.userID == c.person.WithingsUserID && sub.url == cb && (!has || sub.appli == appli)
	})
	if len(s.subs) == n {
		return nil, fail(StatusNoSubscription, "Invalid Params: no such subscription")
	}
	return Empty{}, nil
}

// notifyUpdate implements action=update: exactly one of new_callbackurl,
// new_appli or comment changes one matching subscription.
func (s *Server) notifyUpdate(c *call) (any, *apiError) {
	cb, err := callbackParam(c, "callbackurl")
	if err != nil {
		return nil, err
	}
	appli, _, err := appliParam(c, true)
	if err != nil {
		return nil, err
	}
	newURL, newAppli, comment := c.form.Get("new_callbackurl"), c.form.Get("new_appli"), c.form.Has("comment")
	if newURL != "" {
		if newURL, err = callbackParam(c, "new_callbackurl"); err != nil {
			return nil, err
		}
		if perr := s.probe(c.r.Context(), newURL); perr != nil {
			return nil, fail(StatusInvalidCallback, "Invalid Params: the callback URL did not answer 200 to HEAD")
		}
	}
	na, aerr := strconv.Atoi(newAppli)
	if newAppli != "" && (aerr != nil || !validAppli(na)) {
		return nil, fail(StatusInvalidParams, "Invalid Params: unknown new_appli")
	}
	if newURL == "" && newAppli == "" && !comment {
		return nil, fail(StatusInvalidParams, "Invalid Params: one of new_callbackurl, new_appli or comment is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sub := range s.subs {
		if sub.userID != c.person.WithingsUserID || sub.appli != appli || sub.url != cb {
			continue
		}
		switch {
		case newURL != "":
			s.subs[i].url = newURL
		case newAppli != "":
			s.subs[i].appli = na
		default:
			s.subs[i].comment = c.form.Get("comment")
		}
		return Empty{}, nil
	}
	return nil, fail(StatusNoSubscription, "Invalid Params: no such subscription")
}
