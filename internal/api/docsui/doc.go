// Package docsui embeds the API reference renderer (Swagger UI from the
// npm package swagger-ui-dist, pinned in package.json and
// package-lock.json, refreshed by update.sh) and the script that starts it
// on wearhouse's own contract.
package docsui

import (
	"embed"
	"net/http"
)

//go:embed dist/swagger-ui-bundle.js dist/swagger-ui.css dist/LICENSE dist/NOTICE init.js
var files embed.FS

// paths maps the public asset names to their embedded files; anything else
// is not found (no directory listings).
var paths = map[string]string{
	"swagger-ui-bundle.js": "dist/swagger-ui-bundle.js",
	"swagger-ui.css":       "dist/swagger-ui.css",
	"LICENSE":              "dist/LICENSE",
	"NOTICE":               "dist/NOTICE",
	"init.js":              "init.js",
}

// Handler serves the assets by the last element of the request path, e.g.
// /docs/assets/swagger-ui.css. The files change only with the binary, so
// browsers may keep them for a day.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		p, ok := paths[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeFileFS(w, r, files, p)
	})
}
