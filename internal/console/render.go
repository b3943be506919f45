package console

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// view is what every page template receives.
type view struct {
	Title    string
	Nav      string
	Admin    domain.Admin
	CSRF     string
	ReadOnly bool
	Data     any
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if v == nil {
				return "never"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		}
		return fmt.Sprint(t)
	},
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"upper": strings.ToUpper,
}

// parsePages parses each page with the shared layout; the connect pages
// have their own, phone-first layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "connect_layout.html" {
			continue
		}
		layout := "templates/layout.html"
		if strings.HasPrefix(base, "connect") {
			layout = "templates/connect_layout.html"
		}
		t, err := template.New(path.Base(layout)).Funcs(funcs).ParseFS(templateFS, layout, n)
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", base, err)
		}
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out, nil
}

// render executes a page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	t, ok := c.pages[page]
	if !ok {
		c.fail(w, r, fmt.Errorf("console: no page %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		c.fail(w, r, fmt.Errorf("console: render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail logs err and answers a plain 500 page that leaks nothing.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	c.o.Logger.ErrorContext(r.Context(), "console page failed", "path", r.URL.Path, "error", err)
	http.Error(w, "Something went wrong; the server log has the details.", http.StatusInternalServerError)
}

// notFound answers an HTML 404.
func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusNotFound, "notfound", view{Title: "Not found"})
}
