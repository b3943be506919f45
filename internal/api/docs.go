package api

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// docsPage is the API reference: Swagger UI, embedded in the binary (no CDN,
// so it works on an air-gapped box), rendering /openapi.json with request
// and response bodies, enums, limits and examples, and a "Try it out" that
// sends the API key the reader enters. Without JavaScript the page still
// lists every operation.
var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body>
<div id="swagger-ui" data-spec-url="/openapi.json"></div>
<noscript><h1>{{.Title}} {{.Version}}</h1>
<p>The interactive reference needs JavaScript. The machine-readable contract is <a href="/openapi.json">/openapi.json</a>.</p>
<ul>{{range .Ops}}<li><code>{{.Method}} {{.Path}}</code> — {{.Summary}}</li>{{end}}</ul></noscript>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`))

// docOp is one operation of the no-JavaScript fallback list.
type docOp struct{ Method, Path, Summary string }

func (s *Server) docs(w http.ResponseWriter, _ *http.Request) {
	data := struct {
		Title, Version string
		Ops            []docOp
	}{Title: s.spec.Info.Title, Version: s.spec.Info.Version}
	for _, path := range s.spec.Paths.InMatchingOrder() {
		for method, op := range s.spec.Paths.Value(path).Operations() {
			data.Ops = append(data.Ops, docOp{Method: strings.ToUpper(method), Path: path, Summary: op.Summary})
		}
	}
	sort.Slice(data.Ops, func(i, j int) bool {
		if data.Ops[i].Path != data.Ops[j].Path {
			return data.Ops[i].Path < data.Ops[j].Path
		}
		return data.Ops[i].Method < data.Ops[j].Method
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The page runs only its own embedded scripts; Swagger UI sets inline
	// styles and shows images as data: URLs.
	w.Header().Set("Content-Security-Policy",
		"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	_ = docsPage.Execute(w, data)
}
