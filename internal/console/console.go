package console

import (
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Options configures New.
type Options struct {
	Store store.Store
	// Connect runs connect flows (the connect page and reconnect links);
	// nil leaves those pages answering 404.
	Connect  *oauthflow.Service
	Registry *provider.Registry
	Catalog  provider.Catalog
	// BaseURL is wearhouse's public URL; an https one makes the session
	// cookie Secure (and __Host- prefixed).
	BaseURL string
	// AppName is shown to end users on the connect page.
	AppName string
	Logger  *slog.Logger
	Now     func() time.Time
	// SessionTTL is how long a sign-in lasts (default 12 h).
	SessionTTL time.Duration
	// MaxFailures wrong passwords in a row lock an account for LockFor
	// (defaults 5 and 15 minutes).
	MaxFailures int
	LockFor     time.Duration
}

// Console serves the operator console and the hosted connect page.
type Console struct {
	o       Options
	db      store.Console
	pages   map[string]*template.Template
	mux     *http.ServeMux
	secure  bool
	cookie  string
	dummyPW string
}

// New builds the console's handler.
func New(o Options) (*Console, error) {
	if o.Store == nil || o.Registry == nil {
		return nil, errors.New("console: Store and Registry are required")
	}
	db := store.Console(o.Store)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SessionTTL <= 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.MaxFailures <= 0 {
		o.MaxFailures = 5
	}
	if o.LockFor <= 0 {
		o.LockFor = 15 * time.Minute
	}
	if o.AppName == "" {
		o.AppName = "wearhouse"
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	c := &Console{o: o, db: db, cookie: "wearhouse_console"}
	if u, err := url.Parse(o.BaseURL); err == nil && u.Scheme == "https" {
		// __Host- cookies must be Secure, path /, with no Domain: the
		// browser then refuses them from any other origin.
		c.secure, c.cookie = true, "__Host-wearhouse_console"
	}
	// Unknown usernames are checked against this hash so a wrong name
	// costs as long as a wrong password.
	c.dummyPW = HashPassword("no such operator")
	var err error
	if c.pages, err = parsePages(); err != nil {
		return nil, err
	}
	c.routes()
	return c, nil
}

// ServeHTTP serves /console/… and /connect/….
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'")
	c.mux.ServeHTTP(w, r)
}

func (c *Console) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /console/login", c.loginPage)
	m.HandleFunc("POST /console/login", c.login)
	m.HandleFunc("POST /console/logout", c.logout)
	m.Handle("GET /console/assets/{name}", http.StripPrefix("/console/", http.FileServerFS(assetFS)))
	m.HandleFunc("GET /console/{$}", c.signedIn(c.overview))
	m.HandleFunc("GET /console/users", c.signedIn(c.users))
	m.HandleFunc("GET /console/users/{id}", c.signedIn(c.user))
	m.HandleFunc("GET /console/syncs", c.signedIn(c.syncs))
	m.HandleFunc("GET /console/api-keys", c.signedIn(c.apiKeys))
	m.HandleFunc("GET /console/priorities", c.signedIn(c.priorities))
	m.HandleFunc("GET /console/providers", c.signedIn(c.providers))
	m.HandleFunc("GET /console/webhooks", c.signedIn(c.webhooks))
	m.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusMovedPermanently)
	})
	m.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) })
	m.HandleFunc("GET /connect/done", c.connectResult)
	m.HandleFunc("GET /connect/{token}", c.connectPage)
	m.HandleFunc("GET /connect/{token}/{provider}", c.connectStart)
	m.HandleFunc("/connect/", func(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) })
	c.mux = m
}
