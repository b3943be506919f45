package api

import (
	"cmp"
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// providerIcon serves GET /static/provider-icons/{provider}.svg, the
// icon_url of GET /api/v1/oauth/providers: a monogram of the provider's
// display name (wearhouse ships no third-party logos).
func (s *Server) providerIcon(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("name"), ".svg")
	d, known := s.catalog.Get(domain.Provider(name))
	if !ok || !known {
		writeError(w, r, s.log, notFound("no icon for %q", r.PathValue("name")))
		return
	}
	label := cmp.Or(d.DisplayName, name)
	letter := strings.ToUpper(label[:1])
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="%s">`+
		`<rect width="64" height="64" rx="14" fill="#1f2937"/>`+
		`<text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">%s</text></svg>`,
		html.EscapeString(label), html.EscapeString(letter))
}
