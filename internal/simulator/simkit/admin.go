package simkit

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// AdminPrefix is where every kit serves its admin API. It is not counted
// and never faulted, so tests can steer a simulator from the outside (the
// demo and `wearhouse simulate` expose it too).
const AdminPrefix = "/_sim/"

// FaultRequest is the JSON body of POST /_sim/faults.
type FaultRequest struct {
	// Route is a pattern as registered ("GET /developer/v2/cycle") or "*".
	Route       string    `json:"route"`
	Kind        FaultKind `json:"kind"`
	Status      int       `json:"status,omitempty"`
	Delay       string    `json:"delay,omitempty"` // Go duration, e.g. "250ms"
	Count       int       `json:"count,omitempty"`
	Probability float64   `json:"probability,omitempty"`
}

// registerAdmin wires the admin routes:
//
//	GET    /_sim/requests        request counters per route
//	GET    /_sim/status          simulator status (Hooks.Status)
//	POST   /_sim/faults          add a fault rule (FaultRequest)
//	DELETE /_sim/faults          remove all fault rules
//	POST   /_sim/advance?by=24h  advance simulated time (Hooks.Advance)
//	POST   /_sim/reset           reset counters, faults, limits, simulator
//	POST   /_sim/tokens/expire   expire every access token
//	POST   /_sim/tokens/revoke   revoke every token
func (k *Kit) registerAdmin() {
	k.mux.HandleFunc("GET /_sim/requests", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]any{"total": k.Counters.Total(), "routes": k.Counters.Snapshot()})
	})
	k.mux.HandleFunc("GET /_sim/status", func(w http.ResponseWriter, _ *http.Request) {
		var st any = map[string]any{}
		if k.cfg.Hooks.Status != nil {
			st = k.cfg.Hooks.Status()
		}
		WriteJSON(w, http.StatusOK, st)
	})
	k.mux.HandleFunc("POST /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		var req FaultRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			adminError(w, fmt.Errorf("decode fault: %w", err))
			return
		}
		f := Fault{Kind: req.Kind, Status: req.Status, Count: req.Count, Probability: req.Probability}
		if req.Delay != "" {
			d, err := time.ParseDuration(req.Delay)
			if err != nil {
				adminError(w, fmt.Errorf("parse delay: %w", err))
				return
			}
			f.Delay = d
		}
		if req.Route == "" {
			req.Route = AllRoutes
		}
		if err := k.Faults.Set(req.Route, f); err != nil {
			adminError(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	k.mux.HandleFunc("DELETE /_sim/faults", func(w http.ResponseWriter, _ *http.Request) {
		k.Faults.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	k.mux.HandleFunc("POST /_sim/advance", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(cmp.Or(r.URL.Query().Get("by"), "24h"))
		if err != nil || d <= 0 {
			adminError(w, fmt.Errorf("parse by=%q: want a positive duration", r.URL.Query().Get("by")))
			return
		}
		if k.cfg.Hooks.Advance == nil {
			adminError(w, fmt.Errorf("this simulator cannot advance time"))
			return
		}
		n, err := k.cfg.Hooks.Advance(r.Context(), d)
		if err != nil {
			adminError(w, err)
			return
		}
		WriteJSON(w, http.StatusOK, map[string]any{"now": k.cfg.Clock.Now(), "changes": n})
	})
	k.mux.HandleFunc("POST /_sim/reset", func(w http.ResponseWriter, _ *http.Request) {
		k.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	k.mux.HandleFunc("POST /_sim/tokens/{action}", func(w http.ResponseWriter, r *http.Request) {
		if k.cfg.OAuth == nil {
			adminError(w, fmt.Errorf("no OAuth store"))
			return
		}
		switch r.PathValue("action") {
		case "expire":
			k.cfg.OAuth.ExpireAll()
		case "revoke":
			k.cfg.OAuth.RevokeAll()
		default:
			adminError(w, fmt.Errorf("unknown token action %s", strconv.Quote(r.PathValue("action"))))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// Reset clears counters, faults and rate-limit counts and calls
// Hooks.Reset.
func (k *Kit) Reset() {
	k.Counters.Reset()
	k.Faults.Reset()
	if k.cfg.Limiter != nil {
		k.cfg.Limiter.Reset()
	}
	if k.cfg.Hooks.Reset != nil {
		k.cfg.Hooks.Reset()
	}
}

func adminError(w http.ResponseWriter, err error) {
	WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
}
