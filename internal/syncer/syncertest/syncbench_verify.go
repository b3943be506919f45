package syncertest

import (
	"context"
	"fmt"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// truthWorld is the world each rig's simulator serves.
func (r *Rig) truthWorld() *truth.World         { return r.World }
func (r *OuraRig) truthWorld() *truth.World     { return r.World }
func (r *WithingsRig) truthWorld() *truth.World { return r.World }

// verify checks that each connection's live raw documents are exactly the
// documents the simulator serves over the whole generated world, per data
// type: none lost, none extra. Documents are keyed by id, so a document
// fetched twice can only show up as an extra one if its id changed.
func verify(ctx context.Context, r syncRig, conns []domain.Connection) error {
	e := r.engine()
	w := r.truthWorld()
	everything := provider.Window{Start: w.Start().AddDate(0, 0, -1), End: w.Now()}
	var diffs []string
	for _, c := range conns {
		prov, err := e.Registry.Get(c.Provider)
		if err != nil {
			return fmt.Errorf("syncertest: verify: %w", err)
		}
		fresh, err := e.Tokens.Token(ctx, c)
		if err != nil {
			return fmt.Errorf("syncertest: verify: token: %w", err)
		}
		var types []string
		for _, dt := range prov.DataTypes() {
			types = append(types, dt.Name)
		}
		stored, err := countRaw(ctx, e.Store, c, types...)
		if err != nil {
			return err
		}
		served, err := servedDocuments(ctx, prov, fresh.AccessToken, everything)
		if err != nil {
			return err
		}
		for _, dt := range sortedKeys(served) {
			if stored[dt] != served[dt] {
				diffs = append(diffs, fmt.Sprintf("%s %s %s: stored %d, served %d", c.Provider, c.UserID, dt, stored[dt], served[dt]))
			}
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%w:\n%s", ErrLostDocuments, strings.Join(diffs, "\n"))
	}
	return nil
}

// servedDocuments fetches every data type of prov over w (snapshots
// whole) and counts the distinct documents per type.
func servedDocuments(ctx context.Context, prov provider.Provider, token string, w provider.Window) (map[string]int, error) {
	out := map[string]int{}
	for _, dt := range prov.DataTypes() {
		win := w
		if !dt.Windowed {
			win = provider.Window{}
		}
		ids := map[string]bool{}
		err := prov.Fetch(ctx, token, dt.Name, win, "", func(pg provider.Page) error {
			for _, d := range pg.Docs {
				ids[d.ID] = true
			}
			for _, d := range pg.Deleted {
				delete(ids, d.ID)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("syncertest: verify: fetch %s %s: %w", prov.Name(), dt.Name, err)
		}
		out[dt.Name] = len(ids)
	}
	return out, nil
}
