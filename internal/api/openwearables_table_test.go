package api_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// differencesHeading opens the section of docs/api.md that holds the two
// reviewed tables.
const differencesHeading = "## Differences from Open Wearables"

// Header cells that identify the two tables.
var (
	fieldTableHeader = []string{"route or schema", "field", "aspect", "Open Wearables 0.9.0", "wearhouse", "class", "why"}
	routeTableHeader = []string{"route", "0.9.0 tag", "deprecated", "class", "why"}
)

// classes a row may have: a deliberate wearhouse choice, or a known gap
// that later compatibility work closes.
var classes = []string{"intended", "gap"}

// docRow is one row of a table, cells stripped of code backticks.
type docRow struct {
	line  int
	cells []string
}

// differenceTables are the two tables of the section and its text.
type differenceTables struct {
	fields, routes []docRow
	text           string
}

// loadDifferenceTables reads both tables from the differences section.
func loadDifferenceTables(path string) (*differenceTables, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	lines := strings.Split(string(raw), "\n")
	start := slices.Index(lines, differencesHeading)
	if start < 0 {
		return nil, fmt.Errorf("%s has no %q section", path, differencesHeading)
	}
	out := &differenceTables{}
	var current *[]docRow
	width, headers := 0, 0
	for i := start + 1; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "## ") {
			break
		}
		out.text += line + "\n"
		if !strings.HasPrefix(line, "|") {
			current = nil
			continue
		}
		cells := splitRow(line)
		switch {
		case slices.Equal(cells, fieldTableHeader):
			current, width = &out.fields, len(fieldTableHeader)
			headers++
		case slices.Equal(cells, routeTableHeader):
			current, width = &out.routes, len(routeTableHeader)
			headers++
		case current == nil || isSeparator(cells):
		case len(cells) != width:
			return nil, fmt.Errorf("%s:%d: %d cells, the table has %d", path, i+1, len(cells), width)
		default:
			*current = append(*current, docRow{line: i + 1, cells: cells})
		}
	}
	if headers != 2 {
		return nil, fmt.Errorf("%s: the %q section needs both tables (headers %q and %q)",
			path, differencesHeading, strings.Join(fieldTableHeader, " | "), strings.Join(routeTableHeader, " | "))
	}
	return out, nil
}

// splitRow splits a Markdown table row into trimmed cells without backticks.
func splitRow(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	parts := strings.Split(line, "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(p, "`", ""))
	}
	return parts
}

func isSeparator(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

// checkRowClass checks a row's class and reason cells.
func checkRowClass(t *testing.T, r docRow, class, why string) {
	t.Helper()
	if !slices.Contains(classes, class) {
		t.Errorf("docs/api.md:%d: class %q, want one of %v", r.line, class, classes)
	}
	if why == "" {
		t.Errorf("docs/api.md:%d: a row needs its reason", r.line)
	}
}

// checkDifferenceRows requires the field table to list exactly the
// differences found, with the values found.
func checkDifferenceRows(t *testing.T, diffs []difference, rows []docRow) {
	found := map[string]difference{}
	for _, d := range diffs {
		found[d.key()] = d
	}
	listed := map[string]bool{}
	for _, r := range rows {
		c := r.cells
		key := c[0] + " | " + c[1] + " | " + c[2]
		if listed[key] {
			t.Errorf("docs/api.md:%d: %s is listed twice", r.line, key)
		}
		listed[key] = true
		checkRowClass(t, r, c[5], c[6])
		d, ok := found[key]
		switch {
		case !ok:
			t.Errorf("docs/api.md:%d: %s is no longer a difference; drop the row", r.line, key)
		case c[3] != orNone(d.ow) || c[4] != orNone(d.wh):
			t.Errorf("docs/api.md:%d: %s is now %q vs %q (the row says %q vs %q)", r.line, key, d.ow, d.wh, c[3], c[4])
		}
	}
	var missing []string
	for _, d := range diffs {
		if !listed[d.key()] {
			missing = append(missing, d.rowText()+" gap | TODO |")
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d differences from Open Wearables 0.9.0 are not in docs/api.md; classify and explain each:\n%s",
			len(missing), strings.Join(missing, "\n"))
	}
}

// checkUnservedRows requires the route table to list exactly the 0.9.0
// routes wearhouse does not serve.
func checkUnservedRows(t *testing.T, unserved []factRoute, rows []docRow) {
	want := map[string]factRoute{}
	for _, r := range unserved {
		want[r.Method+" "+r.Path] = r
	}
	listed := map[string]bool{}
	for _, r := range rows {
		route := r.cells[0]
		if listed[route] {
			t.Errorf("docs/api.md:%d: %s is listed twice", r.line, route)
		}
		listed[route] = true
		checkRowClass(t, r, r.cells[3], r.cells[4])
		fr, ok := want[route]
		switch {
		case !ok:
			t.Errorf("docs/api.md:%d: %s is served now, or is no External/System route of 0.9.0; drop the row", r.line, route)
		case r.cells[1] != fr.Tag || r.cells[2] != yesNo(fr.Deprecated):
			t.Errorf("docs/api.md:%d: %s is tagged %q, deprecated %s in 0.9.0 (the row says %q, %s)",
				r.line, route, fr.Tag, yesNo(fr.Deprecated), r.cells[1], r.cells[2])
		}
	}
	var missing []string
	for _, fr := range unserved {
		if !listed[fr.Method+" "+fr.Path] {
			missing = append(missing, fmt.Sprintf("| `%s %s` | %s | %s | gap | TODO |", fr.Method, fr.Path, fr.Tag, yesNo(fr.Deprecated)))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d Open Wearables 0.9.0 routes wearhouse does not serve are not in docs/api.md:\n%s",
			len(missing), strings.Join(missing, "\n"))
	}
}

// countsPattern finds the section's summary of route counts.
var countsPattern = regexp.MustCompile(`0\.9\.0 tags (\d+) operations \(on (\d+) paths\) External or System; (\d+) of them are deprecated, so (\d+) are\s+current\. wearhouse serves (\d+) of the (\d+) current routes and none of the deprecated ones; the other (\d+)`)

// checkCounts requires the section's route counts to match the facts and
// api/openapi.yaml.
func checkCounts(t *testing.T, text string, facts *factsDoc, unserved []factRoute) {
	m := countsPattern.FindStringSubmatch(strings.ReplaceAll(text, "\n", " "))
	if m == nil {
		t.Errorf("docs/api.md: the differences section lost its route counts (%s)", countsPattern)
		return
	}
	paths := map[string]bool{}
	deprecated, unservedDeprecated := 0, 0
	for _, r := range facts.Routes {
		paths[r.Path] = true
		if r.Deprecated {
			deprecated++
		}
	}
	for _, r := range unserved {
		if r.Deprecated {
			unservedDeprecated++
		}
	}
	current := len(facts.Routes) - deprecated
	servedCurrent := current - (len(unserved) - unservedDeprecated)
	want := []int{len(facts.Routes), len(paths), deprecated, current, servedCurrent, current, len(unserved)}
	for i, w := range want {
		if got, _ := strconv.Atoi(m[i+1]); got != w {
			t.Errorf("docs/api.md: number %d of the route counts says %d; the facts and api/openapi.yaml say %d", i+1, got, w)
		}
	}
	if unservedDeprecated != deprecated {
		t.Errorf("docs/api.md says wearhouse serves none of the deprecated routes; it serves %d", deprecated-unservedDeprecated)
	}
}
