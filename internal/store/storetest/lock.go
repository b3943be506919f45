package storetest

import (
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
)

// testLockKeys: transactions that take the same key before a
// read-modify-write do not lose each other's updates (a counter kept in a
// user's first name ends at the number of increments).
func testLockKeys(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	zero := "0"
	z := &zero
	_, err := s.UpdateUser(f.ctx, f.user.ID, store.UserPatch{FirstName: &z})
	require.NoError(t, err)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.InTx(f.ctx, func(tx store.Tx) error {
				if err := tx.LockKeys(f.ctx, "counter:"+f.user.ID, "other"); err != nil {
					return err
				}
				u, err := tx.User(f.ctx, f.user.ID)
				if err != nil {
					return err
				}
				v, err := strconv.Atoi(*u.FirstName)
				if err != nil {
					return err
				}
				next := strconv.Itoa(v + 1)
				p := &next
				_, err = tx.UpdateUser(f.ctx, f.user.ID, store.UserPatch{FirstName: &p})
				return err
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	u, err := s.User(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Equal(t, strconv.Itoa(n), *u.FirstName, "no increment lost")
	require.NoError(t, s.LockKeys(f.ctx), "no keys is fine")
}
