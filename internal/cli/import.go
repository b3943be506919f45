package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/wearhouse/wearhouse/internal/imports"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/store"
)

const importUsage = "wearhouse import apple-health FILE --user ID"

// runImport loads an exported file into a user's data: `import
// apple-health FILE --user ID` streams the Health app's export.zip or
// export.xml, with a progress line on stderr.
func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "apple-health" {
		return fmt.Errorf("%w: %s", errUsage, importUsage)
	}
	fs := newFlagSet("import apple-health", env)
	user := fs.String("user", "", "the wearhouse user the data belongs to (required)")
	rest := args[1:]
	var file string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		file, rest = rest[0], rest[1:] // FILE before the flags
	}
	return withStore(ctx, env, fs, rest, func(st store.Store) error {
		if file == "" && fs.NArg() == 1 {
			file = fs.Arg(0)
		}
		if file == "" || *user == "" {
			return fmt.Errorf("%w: %s", errUsage, importUsage)
		}
		e, err := apple.Open(file)
		if err != nil {
			return err
		}
		defer e.Close()
		res, err := imports.ImportAppleHealth(ctx, e, imports.AppleOptions{Store: st, UserID: *user,
			Progress: func(p imports.AppleProgress) { importProgress(env, p) }})
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "imported %d samples, %d sleep records and %d workouts from %d sources (%d new, %d changed) out of %d elements\n",
			res.Samples, res.SleepFragments, res.Workouts, res.Sources, res.Created, res.Updated, res.Elements)
		for name, n := range res.NotMapped {
			fmt.Fprintf(env.Stdout, "  not imported yet: %d × %s\n", n, name)
		}
		return nil
	})
}

// importProgress rewrites one progress line: bytes read of the XML and
// the elements and samples so far.
func importProgress(env Env, p imports.AppleProgress) {
	pct := 0.0
	if p.Size > 0 {
		pct = 100 * float64(p.Bytes) / float64(p.Size)
	}
	fmt.Fprintf(env.Stderr, "\r%5.1f %%  %d / %d MB  %d elements  %d samples", pct, p.Bytes>>20, p.Size>>20, p.Elements, p.Samples)
}
