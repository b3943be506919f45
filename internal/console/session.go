package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// CSRFHeader carries the session's CSRF token on unsafe API calls.
const CSRFHeader = "X-CSRF-Token"

// session is a signed-in operator.
type session struct {
	domain.AdminSession
	Admin domain.Admin
}

func (s session) readOnly() bool { return s.Admin.Role != domain.AdminRoleAdmin }

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// session reads the request's session: ok is false without a cookie or
// with one that is unknown or expired.
func (c *Console) session(r *http.Request) (session, bool, error) {
	ck, err := r.Cookie(c.cookie)
	if err != nil || ck.Value == "" {
		return session{}, false, nil
	}
	s, a, err := c.db.AdminSession(r.Context(), hashToken(ck.Value), c.o.Now())
	if errors.Is(err, store.ErrNotFound) {
		return session{}, false, nil
	}
	if err != nil {
		return session{}, false, err
	}
	return session{AdminSession: s, Admin: a}, true, nil
}

// startSession stores a new session for a and sets its cookie.
func (c *Console) startSession(ctx context.Context, w http.ResponseWriter, a domain.Admin) error {
	tok := rand.Text() + rand.Text()
	now := c.o.Now()
	s := domain.AdminSession{TokenHash: hashToken(tok), AdminID: a.ID, CSRF: rand.Text(), CreatedAt: now, ExpiresAt: now.Add(c.o.SessionTTL)}
	if err := c.db.CreateAdminSession(ctx, s); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: c.cookie, Value: tok, Path: "/", MaxAge: int(c.o.SessionTTL.Seconds()),
		Secure: c.secure, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return nil
}

func (c *Console) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: c.cookie, Value: "", Path: "/", MaxAge: -1, Secure: c.secure, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// signedIn wraps a page handler: without a session the browser goes to
// the sign-in page and comes back afterwards.
func (c *Console) signedIn(h func(http.ResponseWriter, *http.Request, session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, ok, err := c.session(r)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if !ok {
			http.Redirect(w, r, "/console/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		h(w, r, s)
	}
}

// view starts a page's view for the session.
func (s session) view(title, nav string, data any) view {
	return view{Title: title, Nav: nav, Admin: s.Admin, CSRF: s.CSRF, ReadOnly: s.readOnly(), Data: data}
}

// sameToken compares two tokens in constant time.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// AuthenticateSession lets the API accept a console session in place of
// an API key (api.SessionAuth): handled is false when the request has no
// session cookie at all. A session that is unknown or expired is 401; an
// unsafe method without the session's CSRF token in X-CSRF-Token, or
// from the read-only role, is 403.
func (c *Console) AuthenticateSession(r *http.Request) (handled bool, err error) {
	if ck, err := r.Cookie(c.cookie); err != nil || ck.Value == "" {
		return false, nil
	}
	s, ok, err := c.session(r)
	if err != nil {
		return true, err
	}
	if !ok {
		return true, &api.Error{Status: http.StatusUnauthorized, Code: api.CodeUnauthorized, Detail: "console session expired: sign in again"}
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true, nil
	}
	if !sameToken(r.Header.Get(CSRFHeader), s.CSRF) {
		return true, &api.Error{Status: http.StatusForbidden, Code: api.CodeForbidden, Detail: "a console session must send its CSRF token in " + CSRFHeader + " on " + r.Method}
	}
	if s.readOnly() {
		return true, &api.Error{Status: http.StatusForbidden, Code: api.CodeForbidden, Detail: "the read-only role cannot change anything"}
	}
	return true, nil
}
