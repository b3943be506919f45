package api

import (
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// docsPage renders the embedded spec as one self-contained HTML page: no
// JavaScript or CDN, so it works on an air-gapped self-hosted box.
var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.6em 1em;margin:1em 0}
.m{display:inline-block;min-width:4.5em;font-weight:700;font-family:monospace}
.GET{color:#0a7}.POST{color:#07c}.PATCH{color:#c80}.DELETE{color:#c33}.PUT{color:#a5c}
code{background:#f4f4f4;padding:0 .3em;border-radius:3px}table{border-collapse:collapse}td,th{text-align:left;padding:.15em .8em .15em 0;vertical-align:top}
</style></head><body>
<h1>{{.Title}} <small>{{.Version}}</small></h1>
<p>Machine-readable contract: <a href="/openapi.json">/openapi.json</a>.</p>
<div>{{.Description}}</div>
{{range .Ops}}<div class="op" id="{{.ID}}"><div><span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}{{if .Public}} <em>(no API key)</em>{{end}}</div>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>type</th><th></th></tr>{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}}*{{end}}</td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
<p>Responses: {{range .Responses}}<code>{{.}}</code> {{end}}</p></div>
{{end}}</body></html>`))

type docParam struct {
	Name, In, Type, Description string
	Required                    bool
}

type docOp struct {
	ID, Method, Path, Summary, Description string
	Public                                 bool
	Params                                 []docParam
	Responses                              []string
}

func (s *Server) docs(w http.ResponseWriter, _ *http.Request) {
	data := struct {
		Title, Version string
		Description    template.HTML
		Ops            []docOp
	}{Title: s.spec.Info.Title, Version: s.spec.Info.Version,
		Description: template.HTML("<p>" + template.HTMLEscapeString(s.spec.Info.Description) + "</p>")}
	for _, path := range s.spec.Paths.InMatchingOrder() {
		item := s.spec.Paths.Value(path)
		for method, op := range item.Operations() {
			data.Ops = append(data.Ops, docOperation(path, method, item, op))
		}
	}
	sort.Slice(data.Ops, func(i, j int) bool {
		if data.Ops[i].Path != data.Ops[j].Path {
			return data.Ops[i].Path < data.Ops[j].Path
		}
		return data.Ops[i].Method < data.Ops[j].Method
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = docsPage.Execute(w, data)
}

func docOperation(path, method string, item *openapi3.PathItem, op *openapi3.Operation) docOp {
	d := docOp{ID: op.OperationID, Method: strings.ToUpper(method), Path: path, Summary: op.Summary,
		Description: op.Description, Public: op.Security != nil && len(*op.Security) == 0}
	for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
		if p.Value == nil {
			continue
		}
		typ := ""
		if p.Value.Schema != nil && p.Value.Schema.Value != nil && p.Value.Schema.Value.Type != nil {
			typ = strings.Join(*p.Value.Schema.Value.Type, "|")
		}
		d.Params = append(d.Params, docParam{Name: p.Value.Name, In: p.Value.In, Type: typ,
			Description: p.Value.Description, Required: p.Value.Required})
	}
	for code := range op.Responses.Map() {
		d.Responses = append(d.Responses, code)
	}
	sort.Strings(d.Responses)
	return d
}
