package console

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// loginCookie holds the sign-in form's CSRF token (double submit): there
// is no session yet to keep it in.
const loginCookie = "wearhouse_console_login"

// maxFormBytes caps a sign-in form.
const maxFormBytes = 16 << 10

type loginData struct {
	Next, Username, Error string
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext keeps a post-sign-in destination on the console: a path under
// /console/, never another host (//evil, /\evil).
func safeNext(next string) string {
	if strings.HasPrefix(next, "/console/") && !strings.ContainsAny(next, "\\") && !strings.HasPrefix(next, "//") {
		return next
	}
	return "/console/"
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok, _ := c.session(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	c.showLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// showLogin renders the form with a fresh CSRF token in a cookie and in
// the form.
func (c *Console) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	tok := rand.Text()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/console/login", MaxAge: 3600,
		Secure: c.secure, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	c.render(w, r, status, "login", view{Title: "Sign in", CSRF: tok, Data: d})
}

// login checks the form's CSRF token, then the password, counting
// failures and refusing locked accounts. Every refusal says the same
// thing about unknown users and wrong passwords.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "unreadable form", http.StatusBadRequest)
		return
	}
	d := loginData{Next: safeNext(r.PostFormValue("next")), Username: strings.TrimSpace(r.PostFormValue("username"))}
	ck, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		d.Error = "The form expired; please sign in again."
		c.showLogin(w, r, http.StatusForbidden, d)
		return
	}
	a, err := c.db.AdminByUsername(r.Context(), d.Username)
	if errors.Is(err, store.ErrNotFound) {
		_ = CheckPassword(c.dummyPW, r.PostFormValue("password"))
		d.Error = "Wrong username or password."
		c.showLogin(w, r, http.StatusUnauthorized, d)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	now := c.o.Now()
	if a.LockedAt(now) {
		d.Error = lockedMessage(a)
		c.showLogin(w, r, http.StatusTooManyRequests, d)
		return
	}
	if err := CheckPassword(a.PasswordHash, r.PostFormValue("password")); err != nil {
		a, ferr := c.db.AdminLoginFailed(r.Context(), a.ID, c.o.MaxFailures, now.Add(c.o.LockFor))
		if ferr != nil {
			c.fail(w, r, ferr)
			return
		}
		d.Error = "Wrong username or password."
		status := http.StatusUnauthorized
		if a.LockedAt(now) {
			d.Error, status = lockedMessage(a), http.StatusTooManyRequests
			c.o.Logger.WarnContext(r.Context(), "console account locked after repeated failures", "username", a.Username)
		}
		c.showLogin(w, r, status, d)
		return
	}
	if err := c.db.AdminLoginSucceeded(r.Context(), a.ID, now); err != nil {
		c.fail(w, r, err)
		return
	}
	if err := c.startSession(r.Context(), w, a); err != nil {
		c.fail(w, r, err)
		return
	}
	// Expired sessions are cleared as operators sign in: their number
	// stays bounded by the sign-ins of one session lifetime.
	if _, err := c.db.DeleteExpiredAdminSessions(r.Context(), now); err != nil {
		c.o.Logger.WarnContext(r.Context(), "clearing expired console sessions failed", "error", err)
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/console/login", MaxAge: -1})
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func lockedMessage(a domain.Admin) string {
	return "Too many wrong passwords: this account is locked until " + a.LockedUntil.UTC().Format("15:04 UTC") + "."
}

// logout ends the session; the form carries the session's CSRF token so
// another site cannot sign an operator out.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	s, ok, err := c.session(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if ok {
		if !sameToken(r.PostFormValue("csrf"), s.CSRF) {
			http.Error(w, "missing or wrong CSRF token", http.StatusForbidden)
			return
		}
		if err := c.db.DeleteAdminSession(r.Context(), s.TokenHash); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	c.clearCookie(w)
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}
