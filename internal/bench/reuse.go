package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ErrOtherDataset means the store holds users that are not the dataset
// the options describe (another sizing, or an interrupted load), so it
// can neither be reused nor loaded into.
var ErrOtherDataset = errors.New("bench: the store holds another dataset")

// Every loaded user carries an external id naming the dataset and the
// user's position in it, so a later run can recognise a complete dataset
// and skip the load (which takes minutes at full size).

// normalized applies Load's bounds to the options.
func (o LoadOptions) normalized() LoadOptions {
	o.Distinct = max(1, min(o.Distinct, o.Users))
	o.HRUsers = min(o.HRUsers, o.Users)
	return o
}

// fingerprint names the dataset the options generate.
func (o LoadOptions) fingerprint() string {
	return fmt.Sprintf("bench-s%d-u%d-d%d-x%d-h%d", o.Seed, o.Users, o.Days, o.Distinct, o.HRUsers)
}

// externalID is the external user id of the dataset's i-th user.
func (o LoadOptions) externalID(i int) string { return fmt.Sprintf("%s-%d", o.fingerprint(), i) }

// Find returns the dataset the options describe when a previous Load
// wrote all of it into st (ok=true), reports ok=false when st has no
// users, and fails with ErrOtherDataset otherwise.
func Find(ctx context.Context, st store.Store, o LoadOptions) (ds Dataset, ok bool, err error) {
	o = o.normalized()
	_, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 1})
	if err != nil {
		return Dataset{}, false, fmt.Errorf("bench: count users: %w", err)
	}
	if total == 0 {
		return Dataset{}, false, nil
	}
	if total != o.Users {
		return Dataset{}, false, fmt.Errorf("%w: %d users, want %d", ErrOtherDataset, total, o.Users)
	}
	// The world's span depends only on Days (truth.Generate ends at
	// DefaultEnd's UTC midnight); a test checks Find agrees with Load.
	end := truth.DefaultEnd().UTC().Truncate(24 * time.Hour)
	ds = Dataset{Start: end.AddDate(0, 0, -o.Days), End: end, Reused: true}
	for i := range o.Users {
		us, _, err := st.ListUsers(ctx, store.UserQuery{External: o.externalID(i), Limit: 1})
		if err != nil {
			return Dataset{}, false, fmt.Errorf("bench: find user %d: %w", i, err)
		}
		if len(us) != 1 {
			return Dataset{}, false, fmt.Errorf("%w: user %q is missing", ErrOtherDataset, o.externalID(i))
		}
		ds.Users = append(ds.Users, us[0].ID)
		if i < o.HRUsers {
			ds.HRUsers = append(ds.HRUsers, us[0].ID)
		}
	}
	return ds, true, nil
}
