package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/wearhouse/wearhouse/internal/bench"
)

// startProfiles makes the load write one CPU profile per route into dir
// (<route>.cpu.pprof) and turns on mutex and block profiling; the returned
// stop writes mutex.pprof and block.pprof (whole run) and turns them off.
func startProfiles(dir string, ho *bench.HTTPOptions) (stop func(), err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("bench: profile directory: %w", err)
	}
	ho.Observe = func(target string) func() {
		f, err := os.Create(filepath.Join(dir, profileName(target)+".cpu.pprof"))
		if err != nil {
			return func() {}
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close()
			return func() {}
		}
		return func() { pprof.StopCPUProfile(); _ = f.Close() }
	}
	runtime.SetMutexProfileFraction(100)
	runtime.SetBlockProfileRate(100_000) // one event per 100 µs blocked
	return func() {
		for _, name := range []string{"mutex", "block"} {
			if f, err := os.Create(filepath.Join(dir, name+".pprof")); err == nil {
				_ = pprof.Lookup(name).WriteTo(f, 0)
				_ = f.Close()
			}
		}
		runtime.SetMutexProfileFraction(0)
		runtime.SetBlockProfileRate(0)
	}, nil
}

// profileName turns a route's display name into a file name.
func profileName(target string) string {
	return strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '-'
	}, target), "-")
}

// startCPUProfile writes one CPU profile of the whole run to path until
// the returned stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("bench: cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
