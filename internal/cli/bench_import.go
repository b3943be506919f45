package cli

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/imports"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/simulator/healthkit"
)

// runBenchImport measures an Apple Health import: a synthetic export.xml
// of -size bytes (or its zip) generated into a temporary file, then
// imported into a scratch store, reporting MB of XML per second and the
// process's peak resident memory (which covers generation too; the
// generator streams through a 1 MB buffer).
func runBenchImport(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench import", env)
	size := fs.Int64("size", 256<<20, "bytes of export.xml to generate (the issue's figure is 2 GB: -size 2147483648)")
	asZip := fs.Bool("zip", false, "import the export zipped, as the Health app hands it over")
	dbURL := fs.String("database-url", "", "postgres://… URL of a scratch database/schema (default: a temporary SQLite file)")
	dir := fs.String("dir", "", "directory for the generated export (default: the system's temporary directory)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import (not the generation) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, n, records, err := writeBenchExport(*dir, *size, *asZip)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	st, cleanup, err := benchStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer cleanup()
	u, err := st.CreateUser(ctx, domain.User{CreatedAt: time.Now()})
	if err != nil {
		return err
	}
	e, err := apple.Open(path)
	if err != nil {
		return err
	}
	defer e.Close()
	if *cpuProfile != "" {
		stop, err := cpuProfileTo(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	start, cpu0 := time.Now(), cpuTime()
	res, err := imports.ImportAppleHealth(ctx, e, imports.AppleOptions{Store: st, UserID: u.ID, ProgressEvery: 500_000,
		Progress: func(p imports.AppleProgress) { importProgress(env, p) }})
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return err
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	file := "export.xml"
	if *asZip {
		file = "export.zip"
	}
	fmt.Fprintf(env.Stdout, "import of a %s: %.1f MB of XML, %d records, store %s\n", file, float64(n)/1e6, records, st.Engine())
	fmt.Fprintf(env.Stdout, "wall time      %s → %.1f MB/s, %.0f records/s\n", wall.Round(time.Millisecond), float64(n)/1e6/wall.Seconds(),
		float64(res.Elements)/wall.Seconds())
	fmt.Fprintf(env.Stdout, "CPU time       %s (user+system, all goroutines) → %.1f MB of XML per CPU second\n", cpu.Round(time.Millisecond),
		float64(n)/1e6/cpu.Seconds())
	fmt.Fprintf(env.Stdout, "peak RSS       %.0f MB (Go heap in use at the end %.0f MB)\n", float64(peakRSS())/1e6, float64(ms.HeapInuse)/1e6)
	fmt.Fprintf(env.Stdout, "stored         %d samples, %d sleep records, %d workouts from %d sources (%d new)\n",
		res.Samples, res.SleepFragments, res.Workouts, res.Sources, res.Created)
	return nil
}

// writeBenchExport generates the export into a temporary file: the XML,
// or a zip holding apple_health_export/export.xml.
func writeBenchExport(dir string, size int64, asZip bool) (string, int64, int64, error) {
	f, err := os.CreateTemp(dir, "wearhouse-bench-export-*")
	if err != nil {
		return "", 0, 0, err
	}
	path := f.Name()
	var out io.Writer = f
	var zw *zip.Writer
	if asZip {
		zw = zip.NewWriter(f)
		if out, err = zw.Create(filepath.Join("apple_health_export", "export.xml")); err != nil {
			_ = f.Close()
			return "", 0, 0, err
		}
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	n, records, err := healthkit.WriteSynthetic(bw, size, time.FixedZone("PST", -8*3600))
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return "", 0, 0, err
	}
	return path, n, records, nil
}

// cpuProfileTo starts a CPU profile written to path by the returned stop.
func cpuProfileTo(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
