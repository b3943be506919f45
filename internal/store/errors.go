package store

import "errors"

// Sentinel errors for expected outcomes. Engines wrap them with %w so
// callers can test with errors.Is.
var (
	// ErrNotFound means the addressed row does not exist (or belongs to
	// another user).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means a uniqueness rule or an optimistic version check
	// failed; the caller should re-read and decide.
	ErrConflict = errors.New("store: conflict")
	// ErrCorruptBlock means a stored series block failed to decode. It is
	// logged and surfaced, never silently dropped.
	ErrCorruptBlock = errors.New("store: corrupt series block")
	// ErrInvalid means the store refused a value it cannot keep (e.g. a
	// priority outside 1–100); the message names the field.
	ErrInvalid = errors.New("store: invalid value")
	// ErrSchemaNewer means a newer wearhouse has migrated the database
	// beyond what this binary knows; it refuses to run on it.
	ErrSchemaNewer = errors.New("store: database schema is newer than this wearhouse")
	// ErrLastAPIKey means a revocation would leave no API key that is
	// neither revoked nor scheduled for revocation: nobody could call the
	// API any more. Create (or rotate to) another key first.
	ErrLastAPIKey = errors.New("store: the last active API key cannot be revoked")
	// ErrAPIKeyRevoked means the key is already revoked or scheduled for
	// revocation, so it cannot be rotated.
	ErrAPIKeyRevoked = errors.New("store: API key already revoked or scheduled for revocation")
)

// DuplicateError is the ErrConflict of a value only one user may hold (an
// external user id, a provider account): it names the user holding it, so
// the caller can say where the value already belongs.
type DuplicateError struct {
	// What names the value, e.g. `external_user_id "crm-42"`.
	What string
	// UserID is the user that already holds it.
	UserID string
}

func (e *DuplicateError) Error() string {
	return "store: " + e.What + " already belongs to user " + e.UserID
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *DuplicateError) Unwrap() error { return ErrConflict }
