package storetest

import (
	"testing"

	"github.com/wearhouse/wearhouse/internal/store"
)

// behaviour is one conformance test; it gets a fresh, migrated store.
type behaviour struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// behaviours lists the whole suite, grouped as the store interface is.
func behaviours() []behaviour {
	return []behaviour{
		{"UserCreateReadUpdate", testUserCreateReadUpdate},
		{"UserListPagingSortSearch", testUserList},
		{"UserSyncFields", testUserSyncFields},
		{"UserConnectionFilters", testUserConnectionFilters},
		{"UserDeleteCascades", testUserDeleteCascades},
		{"APIKeys", testAPIKeys},
		{"APIKeyRevokeKeepsOneLive", testAPIKeyLastLive},
		{"APIKeyRotate", testAPIKeyRotate},
		{"ConnectionUpsertAndRead", testConnectionUpsert},
		{"ConnectionStatusAndDelete", testConnectionStatus},
		{"TokenVersionConflict", testTokenVersionConflict},
		{"RevokeAtVersion", testRevokeAtVersion},
		{"ProviderAccountOneUser", testProviderAccountOneUser},
		{"DataSourceEnsure", testDataSourceEnsure},
		{"UserDataSources", testUserDataSources},
		{"DeleteProviderData", testDeleteProviderData},
		{"EventUpsertIdempotent", testEventUpsertIdempotent},
		{"EventRevisionOrdering", testEventRevisionOrdering},
		{"EventTombstones", testEventTombstones},
		{"EventIDsByProviderIDs", testEventIDsByProviderIDs},
		{"EventHardDelete", testEventHardDelete},
		{"EventListFilters", testEventListFilters},
		{"EventKeysetPaging", testEventKeysetPaging},
		{"EventListOverlap", testEventListOverlap},
		{"EventDisplayOnly", testEventDisplayOnly},
		{"EventSourceFilters", testEventSourceFilters},
		{"ConcurrentFirstInsert", testConcurrentFirstInsert},
		{"OutboxInSameTransaction", testOutboxSameTx},
		{"OutboxRolledBackWithTransaction", testOutboxRollback},
		{"UnderlyingTransaction", testUnderlyingTx},
		{"DailySummaries", testDailySummaries},
		{"SummaryMetricsOnly", testSummaryMetricsOnly},
		{"HealthScores", testHealthScores},
		{"SamplesWriteRead", testSamplesWriteRead},
		{"SamplesMergeLastWriteWins", testSamplesMerge},
		{"SamplesCrossDaySplit", testSamplesCrossDay},
		{"SamplesUnknownType", testSamplesUnknownType},
		{"SamplesDelete", testSamplesDelete},
		{"SamplesFilters", testSamplesFilters},
		{"ReadBuckets", testReadBuckets},
		{"CorruptBlock", testCorruptBlock},
		{"DataStatsSeries", testDataStatsSeries},
		{"DataStatsEvents", testDataStatsEvents},
		{"JobCounts", testJobCounts},
		{"RawDocuments", testRawDocuments},
		{"RawDocumentPaging", testRawDocumentPaging},
		{"SyncCursors", testSyncCursors},
		{"SyncRuns", testSyncRuns},
		{"SyncRunHistory", testSyncRunHistory},
		{"DataTimeline", testDataTimeline},
		{"RawDocumentsUpdatedSince", testRawDocumentsUpdatedSince},
		{"GlobalPriorities", testGlobalPriorities},
		{"UserPriorities", testUserPriorities},
		{"OAuthStateSingleUse", testOAuthState},
		{"OAuthStateExpiredCleanup", testOAuthStateCleanup},
		{"NotFoundIsWrapped", testNotFound},
		{"StatementsPerPage", testStatementsPerPage},
		{"WebhookEndpoints", testWebhookEndpoints},
		{"WebhookMessages", testWebhookMessages},
		{"WebhookReplayAndPrune", testWebhookReplayAndPrune},
		{"ConnectionAndSyncChanges", testConnectionAndSyncChanges},
		{"SDKTokens", testSDKTokens},
		{"InvitationCodes", testInvitationCodes},
		{"LockKeys", testLockKeys},
	}
}

// Run runs the conformance suite: one parallel subtest per behaviour,
// each on a fresh store from open (which should also arrange its
// cleanup, as NewSQLite and NewPostgres do).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	for _, b := range behaviours() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			b.fn(t, open(t))
		})
	}
}
