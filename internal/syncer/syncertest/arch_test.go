package syncertest_test

import (
	"go/build"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// module is the import path of the module whose packages are checked.
const module = "github.com/wearhouse/wearhouse"

// simulatorOnly are the packages (relative to the module) that may depend
// on the simulators and the test-support packages: the simulators
// themselves, the commands that run them (demo, simulate, the
// benchmarks) and main, which links the CLI.
var simulatorOnly = []string{"cmd/wearhouse", "internal/cli", "internal/demo", "internal/bench"}

// cliSimulatorFiles are the only files of internal/cli that may import a
// simulator or a test-support package directly.
var cliSimulatorFiles = []string{"bench*.go", "simulate*.go"}

// pkg is one of the module's packages as the Go build would see it
// without tests: its module-internal imports and, per import, the files
// that name it.
type pkg struct {
	imports map[string][]string
}

// TestProductionImportsNoSimulator keeps the simulators and test wiring
// out of the product: no production package outside simulatorOnly
// depends, even transitively, on internal/simulator or on a test-support
// package (…test, as storetest, providertest and syncertest), and within
// internal/cli only the simulate and bench files import them.
func TestProductionImportsNoSimulator(t *testing.T) {
	t.Parallel()
	pkgs := modulePackages(t)
	// The walk must see the edges that are allowed, or an empty graph
	// would pass.
	require.Contains(t, pkgs["internal/demo"].imports, "internal/simulator")
	require.Contains(t, pkgs["internal/cli"].imports, "internal/syncer/syncertest")
	require.Contains(t, pkgs["internal/server"].imports, "internal/syncer")

	for name := range pkgs {
		if mayUseSimulators(name) {
			continue
		}
		for dep, via := range closure(pkgs, name) {
			require.Falsef(t, forbidden(dep), "production package %s depends on %s (via %s)", name, dep, via)
		}
	}
	for dep, files := range pkgs["internal/cli"].imports {
		if !forbidden(dep) {
			continue
		}
		for _, f := range files {
			require.Truef(t, slices.ContainsFunc(cliSimulatorFiles, func(p string) bool { ok, _ := path.Match(p, f); return ok }),
				"internal/cli/%s imports %s; only the simulate and bench commands may", f, dep)
		}
	}
}

// forbidden reports whether production code must not depend on the
// package: a simulator or a test-support package.
func forbidden(name string) bool {
	return name == "internal/simulator" || strings.HasPrefix(name, "internal/simulator/") || strings.HasSuffix(path.Base(name), "test")
}

// mayUseSimulators reports whether the package is exempt: the
// simulators, the test-support packages and the commands running them.
func mayUseSimulators(name string) bool {
	return forbidden(name) || slices.Contains(simulatorOnly, name)
}

// closure is every module package name depends on, directly or not,
// each with the package that imports it.
func closure(pkgs map[string]pkg, name string) map[string]string {
	seen := map[string]string{}
	queue := []string{name}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for dep := range pkgs[cur].imports {
			if _, ok := seen[dep]; !ok {
				seen[dep] = cur
				queue = append(queue, dep)
			}
		}
	}
	return seen
}

// modulePackages reads the non-test imports of every package of the
// module with go/build, which applies build constraints as `go list`
// does, keyed by path relative to the module.
func modulePackages(t *testing.T) map[string]pkg {
	t.Helper()
	root := moduleRoot(t)
	pkgs := map[string]pkg{}
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if base := d.Name(); dir != root && (base == "testdata" || base == "vendor" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			return filepath.SkipDir
		}
		bp, err := build.Default.ImportDir(dir, build.ImportComment)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		p := pkg{imports: map[string][]string{}}
		for imp, pos := range bp.ImportPos {
			dep, ok := strings.CutPrefix(imp, module+"/")
			if !ok {
				continue
			}
			for _, at := range pos {
				p.imports[dep] = append(p.imports[dep], filepath.Base(at.Filename))
			}
		}
		pkgs[filepath.ToSlash(rel)] = p
		return nil
	})
	require.NoError(t, err)
	return pkgs
}

// moduleRoot is the directory holding go.mod above the test's directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test")
		dir = parent
	}
}
