package engine

import (
	"context"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/wearhouse/wearhouse/internal/store"
)

// MigrateUp applies p's pending migrations, after refusing a database
// that a newer wearhouse has already migrated further than p knows:
// an older binary would otherwise run on a schema it was never written
// for (migrations only go forward; going back means restoring the backup
// taken before the upgrade).
func MigrateUp(ctx context.Context, p *goose.Provider) error {
	sources := p.ListSources()
	if len(sources) == 0 {
		return fmt.Errorf("store: no embedded migrations")
	}
	known := sources[len(sources)-1].Version
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: schema version: %w", err)
	}
	if current > known {
		return fmt.Errorf("%w: the database is at schema version %d, this wearhouse knows up to %d; run the newer wearhouse, or restore the backup taken before the upgrade",
			store.ErrSchemaNewer, current, known)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}
