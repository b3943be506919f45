package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// benchmarks lists the `wearhouse bench <name>` benchmarks. Add one by
// adding a line here and a bench_<name>.go file.
func benchmarks() map[string]func(ctx context.Context, env Env, args []string) error {
	return map[string]func(ctx context.Context, env Env, args []string) error{
		"api":      runBenchAPI,
		"backfill": runBenchBackfill,
		"import":   runBenchImport,
		"sync":     runBenchSync,
		"webhooks": runBenchWebhooks,
	}
}

func runBench(ctx context.Context, env Env, args []string) error {
	all := benchmarks()
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 {
		return fmt.Errorf("%w: wearhouse bench <%s> [flags]", errUsage, strings.Join(names, "|"))
	}
	run, ok := all[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown benchmark %q (have %s)", errUsage, args[0], strings.Join(names, ", "))
	}
	return run(ctx, env, args[1:])
}
