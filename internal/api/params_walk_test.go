package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// effect is what a parameter example must show.
type effect int

const (
	// changes: the answer with the value differs from the answer without
	// the parameter (for a required parameter: omitting it is a 400 naming
	// it, and the example value changes the answer of the base value).
	changes effect = iota
	// refused: the value is a 400 naming the parameter.
	refused
	// vacuous: the parameter is applied but no data set of this build can
	// show it (why says why); the answer must be the same.
	vacuous
	// elsewhere: the operation has side effects (OAuth, webhooks, syncs)
	// and the test named by why exercises the parameter.
	elsewhere
)

// paramExample is one parameter's example for the walk.
type paramExample struct {
	base  string // method and path with the query without the parameter (with it, for a required one)
	value string // the example value; "{next}" is the base answer's pagination.next_cursor
	want  effect
	why   string // vacuous: the reason; elsewhere: "path/to/file_test.go:TestName"
	body  string // request body, if the operation needs one
}

const (
	sleepQ    = "GET /api/v1/users/{user}/events/sleep?start_date=2025-03-01&end_date=2025-03-03"
	workoutQ  = "GET /api/v1/users/{user}/events/workouts?start_date=2025-03-01&end_date=2025-03-03"
	seriesQ   = "GET /api/v1/users/{user}/timeseries?start_time=2025-03-01&end_time=2025-03-01"
	activityQ = "GET /api/v1/users/{user}/summaries/activity?start_date=2025-03-01&end_date=2025-03-03"
	sleepSumQ = "GET /api/v1/users/{user}/summaries/sleep?start_date=2025-03-01&end_date=2025-03-03"
	recoverQ  = "GET /api/v1/users/{user}/summaries/recovery?start_date=2025-03-01&end_date=2025-03-03"
	connectT  = "internal/api/connect_test.go:TestConnectSyncWebhooksDisconnect"
	authT     = "internal/api/connect_test.go:TestAuthorizeNeedsKeyOrConnectLink"
	prioT     = "internal/api/priorities_test.go:TestPriorityRoutesChangeWhatIsServed"
	callbackT = "internal/api/callback_error_test.go:TestCallbackCarriesTheProviderError"
	hooksT    = "internal/api/webhooks_out_test.go:TestWebhookEndpointRoutes"
	changesT  = "internal/api/webhooks_out_test.go:TestChangesFeedPagesAndStreams"
)

// paramExamples holds an example for every query parameter of
// api/openapi.yaml, by "operationId parameter". A parameter added to the
// contract without an example here fails the walk.
var paramExamples = map[string]paramExample{
	"listUsers page":                  {base: "GET /api/v1/users?limit=1", value: "2"},
	"listUsers limit":                 {base: "GET /api/v1/users", value: "1"},
	"listUsers sort_by":               {base: "GET /api/v1/users?sort_order=asc", value: "email"},
	"listUsers sort_order":            {base: "GET /api/v1/users", value: "asc"},
	"listUsers search":                {base: "GET /api/v1/users", value: "ann"},
	"listUsers email":                 {base: "GET /api/v1/users", value: "a@example.com"},
	"listUsers external_user_id":      {base: "GET /api/v1/users", value: "ext-ann"},
	"listUsers provider":              {base: "GET /api/v1/users", value: "oura"},
	"listUsers connection_status":     {base: "GET /api/v1/users", value: "revoked"},
	"listUsers has_active_connection": {base: "GET /api/v1/users", value: "true"},
	"listUsers last_synced_before":    {base: "GET /api/v1/users", value: "2025-02-01"},
	"listUsers include":               {base: "GET /api/v1/users", value: "connections"},
	"getUser include":                 {base: "GET /api/v1/users/{user}", value: "connections"},

	"rotateApiKey grace_period_seconds": {base: "POST /api/v1/developer/api-keys/0190a1b2-0000-7000-8000-000000000000/rotate",
		value: "60", want: elsewhere, why: "internal/api/apikeys_test.go:TestAPIKeysRotateWithGrace"},

	"listSleepSessions start_date":         {base: sleepQ, value: "2025-03-02T12:00:00Z"},
	"listSleepSessions end_date":           {base: sleepQ, value: "2025-03-01"},
	"listSleepSessions cursor":             {base: sleepQ + "&limit=2", value: "{next}"},
	"listSleepSessions limit":              {base: sleepQ, value: "1"},
	"listSleepSessions provider":           {base: sleepQ, value: "oura"},
	"listSleepSessions source":             {base: sleepQ, value: "oura"},
	"listSleepSessions device_model":       {base: sleepQ, value: "Oura Ring 4"},
	"listSleepSessions data_source_id":     {base: sleepQ, value: "{band}"},
	"listSleepSessions is_nap":             {base: sleepQ, value: "true"},
	"listSleepSessions filter_by_priority": {base: sleepQ, value: "true"},
	"listSleepSessions include": {base: sleepQ, value: "stages", want: vacuous,
		why: "wearhouse always sends the stage intervals, so asking for them changes nothing"},

	"listWorkouts start_date":         {base: workoutQ, value: "2025-03-02"},
	"listWorkouts end_date":           {base: workoutQ, value: "2025-03-01"},
	"listWorkouts record_type":        {base: workoutQ, value: "trail"},
	"listWorkouts type":               {base: workoutQ, value: "running"},
	"listWorkouts cursor":             {base: workoutQ + "&limit=1", value: "{next}"},
	"listWorkouts limit":              {base: workoutQ, value: "1"},
	"listWorkouts provider":           {base: workoutQ, value: "oura"},
	"listWorkouts source":             {base: workoutQ, value: "oura"},
	"listWorkouts device_model":       {base: workoutQ, value: "Oura Ring 4"},
	"listWorkouts data_source_id":     {base: workoutQ, value: "{ring}"},
	"listWorkouts filter_by_priority": {base: workoutQ, value: "true"},
	"listWorkouts include":            {base: workoutQ, value: "zones"},

	"listTimeseries start_time":         {base: seriesQ, value: "2025-03-01T10:30:00"},
	"listTimeseries end_time":           {base: seriesQ, value: "2025-03-01T08:00:00Z"},
	"listTimeseries types":              {base: seriesQ, value: "weight"},
	"listTimeseries resolution":         {base: seriesQ, value: "1hour"},
	"listTimeseries provider":           {base: seriesQ, value: "withings"},
	"listTimeseries source":             {base: seriesQ, value: "withings"},
	"listTimeseries device_model":       {base: seriesQ, value: "Body+"},
	"listTimeseries data_source_id":     {base: seriesQ, value: "{band}"},
	"listTimeseries filter_by_priority": {base: seriesQ, value: "true"},
	"listTimeseries cursor":             {base: seriesQ, value: "{next}"},
	"listTimeseries limit":              {base: seriesQ, value: "5"},

	"listHealthScores start_date": {base: "GET /api/v1/users/{user}/health-scores", value: "2025-03-02"},
	"listHealthScores end_date":   {base: "GET /api/v1/users/{user}/health-scores", value: "2025-03-01"},
	"listHealthScores category":   {base: "GET /api/v1/users/{user}/health-scores", value: "sleep"},
	"listHealthScores provider":   {base: "GET /api/v1/users/{user}/health-scores", value: "oura"},
	"listHealthScores limit":      {base: "GET /api/v1/users/{user}/health-scores", value: "1"},
	"listHealthScores offset":     {base: "GET /api/v1/users/{user}/health-scores", value: "1"},

	"listActivitySummaries start_date": {base: activityQ, value: "2025-03-02"},
	"listActivitySummaries end_date":   {base: activityQ, value: "2025-03-01"},
	"listActivitySummaries cursor":     {base: activityQ + "&limit=1", value: "{next}"},
	"listActivitySummaries limit":      {base: activityQ, value: "1"},
	"listActivitySummaries sort_order": {base: activityQ, value: "desc"},
	"listSleepSummaries start_date":    {base: sleepSumQ, value: "2025-03-03"},
	"listSleepSummaries end_date":      {base: sleepSumQ, value: "2025-03-02"},
	"listSleepSummaries cursor":        {base: sleepSumQ + "&limit=1", value: "{next}"},
	"listSleepSummaries limit":         {base: sleepSumQ, value: "1"},
	"listSleepSummaries sort_order":    {base: sleepSumQ, value: "desc"},
	"listRecoverySummaries start_date": {base: recoverQ, value: "2025-03-02"},
	"listRecoverySummaries end_date":   {base: recoverQ, value: "2025-03-01"},
	"listRecoverySummaries cursor":     {base: recoverQ + "&limit=1", value: "{next}"},
	"listRecoverySummaries limit":      {base: recoverQ, value: "1"},
	"listRecoverySummaries sort_order": {base: recoverQ, value: "desc"},

	"getBodySummary average_period":      {base: "GET /api/v1/users/{user}/summaries/body", value: "1"},
	"getBodySummary latest_window_hours": {base: "GET /api/v1/users/{user}/summaries/body", value: "24"},
	"getDataSummary start_date":          {base: "GET /api/v1/users/{user}/summaries/data", value: "2025-03-02"},
	"getDataSummary end_date":            {base: "GET /api/v1/users/{user}/summaries/data", value: "2025-03-01"},

	"listRawDocuments start_date": {base: "GET /api/v1/users/{user}/raw/whoop/sleep", value: "2025-03-02"},
	"listRawDocuments end_date":   {base: "GET /api/v1/users/{user}/raw/whoop/sleep", value: "2025-03-01"},
	"listRawDocuments cursor":     {base: "GET /api/v1/users/{user}/raw/whoop/sleep?limit=1", value: "{next}"},
	"listRawDocuments limit":      {base: "GET /api/v1/users/{user}/raw/whoop/sleep", value: "1"},

	"listUserSyncRuns limit": {base: "GET /api/v1/users/{user}/sync/runs", value: "1"},
	"listSyncRuns limit":     {base: "GET /api/v1/sync/runs", value: "1"},
	"listSyncRuns user_id":   {base: "GET /api/v1/sync/runs", value: "{user}"},
	"listSyncRuns provider":  {base: "GET /api/v1/sync/runs", value: "oura"},
	"listSyncRuns status":    {base: "GET /api/v1/sync/runs", value: "failed"},
	"listSyncRuns source":    {base: "GET /api/v1/sync/runs", value: "backfill"},

	"listOAuthProviders enabled_only": {base: "GET /api/v1/oauth/providers", value: "true"},
	"listOAuthProviders cloud_only": {base: "GET /api/v1/oauth/providers", value: "true", want: vacuous,
		why: "every provider this build integrates has a cloud API, so none is ever left out"},

	"verifyProviderWebhook verification_token": {base: "GET /api/v1/providers/whoop/webhooks?challenge=c1", value: "tok"},
	"verifyProviderWebhook challenge":          {base: "GET /api/v1/providers/whoop/webhooks?verification_token=tok", value: "c2"},

	"syncProviderUser data_type": {base: "POST /api/v1/providers/whoop/users/{user}/sync", value: "workouts", want: refused},
	"syncProviderUser async":     {base: "POST /api/v1/providers/whoop/users/{user}/sync", want: elsewhere, why: connectT},

	"syncProviderUserHistorical days": {base: "POST /api/v1/providers/whoop/users/{user}/sync/historical", want: elsewhere, why: connectT},
	"authorizeProvider user_id":       {base: "GET /api/v1/oauth/whoop/authorize", want: elsewhere, why: authT},
	"authorizeProvider redirect_uri":  {base: "GET /api/v1/oauth/whoop/authorize", want: elsewhere, why: authT},
	"authorizeProvider connect_token": {base: "GET /api/v1/oauth/whoop/authorize", want: elsewhere, why: authT},
	"authorizeProvider redirect":      {base: "GET /api/v1/oauth/whoop/authorize", want: elsewhere, why: authT},
	"oauthCallback code":              {base: "GET /api/v1/oauth/whoop/callback", want: elsewhere, why: authT},
	"oauthCallback state":             {base: "GET /api/v1/oauth/whoop/callback", want: elsewhere, why: callbackT},
	"oauthCallback error":             {base: "GET /api/v1/oauth/whoop/callback", want: elsewhere, why: callbackT},
	"oauthCallback error_description": {base: "GET /api/v1/oauth/whoop/callback?state=x", value: "denied", want: vacuous,
		why: "the provider's own text goes to the log of the failed connection; the app gets the error code"},
	"receiveProviderWebhook token": {base: "POST /api/v1/providers/withings/webhooks", want: elsewhere,
		why: "internal/provider/withings/notify_test.go:TestWebhookEndpoint"},

	"setUserProviderPriority scope": {base: "PUT /api/v1/users/{user}/priorities/providers/oura", value: "steps",
		body: `{"priority": 3}`},
	"setUserDeviceTypePriority scope": {base: "PUT /api/v1/users/{user}/priorities/device-types/ring", value: "steps",
		body: `{"priority": 3}`},
	"listChanges after":   {base: "GET /api/v1/changes", value: "1"},
	"listChanges limit":   {base: "GET /api/v1/changes", value: "1"},
	"streamChanges after": {base: "GET /api/v1/changes/stream", want: elsewhere, why: changesT},
	"replayWebhookEndpoint since": {base: "POST /api/v1/webhooks/endpoints/0190a1b2-0000-7000-8000-000000000000/replay?since=2025-01-01",
		want: elsewhere, why: hooksT},
	"listWebhookEndpointAttempts limit": {base: "GET /api/v1/webhooks/endpoints/0190a1b2-0000-7000-8000-000000000000/attempts",
		want: elsewhere, why: hooksT},
	"listWebhookEndpointAttempts iterator": {base: "GET /api/v1/webhooks/endpoints/0190a1b2-0000-7000-8000-000000000000/attempts",
		want: elsewhere, why: hooksT},
	"listWebhookMessages limit":       {base: "GET /api/v1/webhooks/messages", want: elsewhere, why: hooksT},
	"listWebhookMessages iterator":    {base: "GET /api/v1/webhooks/messages", want: elsewhere, why: hooksT},
	"listWebhookMessages endpoint_id": {base: "GET /api/v1/webhooks/messages", want: elsewhere, why: hooksT},
	"listWebhookMessages status":      {base: "GET /api/v1/webhooks/messages", want: elsewhere, why: hooksT},
	"listWebhookMessages event_types": {base: "GET /api/v1/webhooks/messages", want: elsewhere, why: hooksT},
	"listWebhookMessageAttempts limit": {base: "GET /api/v1/webhooks/messages/0190a1b2-0000-7000-8000-000000000000/attempts",
		want: elsewhere, why: hooksT},
	"listWebhookMessageAttempts iterator": {base: "GET /api/v1/webhooks/messages/0190a1b2-0000-7000-8000-000000000000/attempts",
		want: elsewhere, why: hooksT},

	"deleteUserProviderPriority scope":   {base: "DELETE /api/v1/users/{user}/priorities/providers/oura", want: elsewhere, why: prioT},
	"deleteUserDeviceTypePriority scope": {base: "DELETE /api/v1/users/{user}/priorities/device-types/ring", want: elsewhere, why: prioT},

	// Open Wearables 0.9.0 routes (issue 14).
	"listMenstrualCycles start_date":     {base: cyclesQ, value: "2025-03-02"},
	"listMenstrualCycles end_date":       {base: cyclesQ, value: "2025-03-05"},
	"listMenstrualCycles cursor":         {base: cyclesQ, value: "x", want: refused},
	"listMenstrualCycles limit":          {base: cyclesQ, value: "1", want: vacuous, why: noCycles},
	"listMenstrualCycles provider":       {base: cyclesQ, value: "oura", want: vacuous, why: noCycles},
	"listMenstrualCycles source":         {base: cyclesQ, value: "oura", want: vacuous, why: noCycles},
	"listMenstrualCycles device_model":   {base: cyclesQ, value: "Oura Ring 4", want: vacuous, why: noCycles},
	"listMenstrualCycles data_source_id": {base: cyclesQ, value: "{ring}", want: vacuous, why: noCycles},
	"getDataTimeline start_date":         {base: timelineQ, value: "2025-03-02"},
	"getDataTimeline end_date":           {base: timelineQ, value: "2025-03-01"},
	"getDataTimeline bucket":             {base: timelineQ, value: "week"},
	"getDataTimeline group_by":           {base: timelineQ, value: "series_type"},
	"getDataTimeline provider":           {base: timelineQ, value: "withings"},
	"oauthSuccess provider":              {base: "GET /api/v1/oauth/success?provider=whoop&user_id={user}", value: "oura"},
	"oauthSuccess user_id":               {base: "GET /api/v1/oauth/success?provider=whoop&user_id={user}", value: "someone"},
	"oauthError message":                 {base: "GET /api/v1/oauth/error", value: "access_denied"},
	"listUserSyncHistory limit":          {base: historyQ, value: "1"},
	"listUserSyncHistory scope":          {base: historyQ, value: "historical"},
	"listUserSyncHistory since":          {base: historyQ, value: "2025-03-01T00:30:00Z"},
	"listUserSyncHistory provider":       {base: historyQ, value: "oura"},
	"listUserSyncHistory covered_from":   {base: historyQ, value: "2025-02-01"},
	"listUserSyncHistory covered_to":     {base: historyQ, value: "2025-03-01"},
	"listRecentSyncEvents limit":         {base: "GET /api/v1/users/{user}/sync/recent", value: "1"},
	"streamSyncEvents replay": {base: "GET /api/v1/users/{user}/sync/stream", want: elsewhere,
		why: "internal/api/sync_stream_test.go:TestSyncStream"},
	"createProviderWebhookSubscription callback_url": {base: "POST /api/v1/providers/whoop/webhooks/subscriptions?callback_url=x",
		want: elsewhere, why: subsT},
	"updateProviderWebhookSubscription callback_url": {base: "PUT /api/v1/providers/whoop/webhooks/subscriptions/s1?callback_url=x",
		want: elsewhere, why: subsT},
	"listVendorWorkouts since":                       {base: vendorQ, value: "4102444800"},
	"listVendorWorkouts limit":                       {base: vendorQ, value: "1"},
	"listVendorWorkouts offset":                      {base: vendorQ, value: "1"},
	"listVendorWorkouts filter_by_modification_time": {base: vendorQ + "?since=1740873600", value: "false"},
	"listVendorWorkouts samples":                     {base: vendorQ, value: "true", want: refused},
	"listVendorWorkouts zones":                       {base: vendorQ, value: "true", want: refused},
	"listVendorWorkouts route":                       {base: vendorQ, value: "true", want: refused},
	"listVendorWorkouts summary_start_time":          {base: vendorQ, value: "2025-03-02"},
	"listVendorWorkouts summary_end_time":            {base: vendorQ, value: "2025-03-01"},
	"getVendorWorkout samples":                       {base: vendorQ + "/vw-0", value: "true", want: refused},
	"getVendorWorkout zones":                         {base: vendorQ + "/vw-0", value: "true", want: refused},
	"getVendorWorkout route":                         {base: vendorQ + "/vw-0", value: "true", want: refused},
}

const (
	cyclesQ   = "GET /api/v1/users/{user}/events/menstrual-cycles?start_date=2025-03-01&end_date=2025-03-03"
	noCycles  = "no provider of this build reports menstrual cycles, so every page is empty"
	timelineQ = "GET /api/v1/users/{user}/summaries/data/timeline"
	historyQ  = "GET /api/v1/users/{user}/sync/history"
	vendorQ   = "GET /api/v1/providers/whoop/users/{user}/workouts"
	subsT     = "internal/api/webhook_subscriptions_test.go:TestProviderWebhookSubscriptions"
)

// TestEveryQueryParameterIsAppliedOrRefused walks api/openapi.yaml: every
// query parameter of every operation changes the answer on a data set
// where it should, or is refused with a 400 naming it — never ignored.
// Every operation with a query parameter also refuses one it does not
// declare.
func TestEveryQueryParameterIsAppliedOrRefused(t *testing.T) {
	t.Parallel()
	spec, err := openapi3.NewLoader().LoadFromFile(filepath.Join("..", "..", "api", "openapi.yaml"))
	require.NoError(t, err)
	w := newParamWorld(t)
	seen := map[string]bool{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			params := map[string]*openapi3.Parameter{}
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if p.Value.In == openapi3.ParameterInQuery {
					params[p.Value.Name] = p.Value
				}
			}
			for name, p := range params {
				key := op.OperationID + " " + name
				seen[key] = true
				ex, ok := paramExamples[key]
				if !assert(t, ok, "%s %s: query parameter %q has no example in paramExamples (params_walk_test.go); add one that shows its effect", method, path, name) {
					continue
				}
				t.Run(key, func(t *testing.T) { w.check(t, name, p.Required, ex) })
			}
			if len(params) > 0 && op.Extensions[lenientQuery] == nil {
				ex := paramExamples[op.OperationID+" "+sortedNames(params)[0]]
				t.Run(op.OperationID+" undeclared", func(t *testing.T) { w.checkUndeclared(t, ex) })
			}
		}
	}
	for key := range paramExamples {
		require.True(t, seen[key], "paramExamples has %q, which api/openapi.yaml does not declare", key)
	}
}

func assert(t *testing.T, ok bool, format string, args ...any) bool {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
	return ok
}

func sortedNames(m map[string]*openapi3.Parameter) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// check runs one parameter's example.
func (w *paramWorld) check(t *testing.T, name string, required bool, ex paramExample) {
	method, base, ok := strings.Cut(w.names.Replace(ex.base), " ")
	require.True(t, ok, "base is \"METHOD path\"")
	switch ex.want {
	case elsewhere:
		file, test, ok := strings.Cut(ex.why, ":")
		require.True(t, ok, "elsewhere names file:Test")
		src, err := os.ReadFile(filepath.Join("..", "..", file))
		require.NoError(t, err)
		fn := string(src)
		i := strings.Index(fn, "func "+test+"(t *testing.T)")
		require.GreaterOrEqual(t, i, 0, "%s does not exist", ex.why)
		fn = fn[i:]
		if j := strings.Index(fn[1:], "\nfunc "); j >= 0 {
			fn = fn[:j+1]
		}
		require.True(t, strings.Contains(fn, name), "%s does not exercise %s", ex.why, name)
		return
	case vacuous:
		require.NotEmpty(t, ex.why)
	}
	without := w.send(t, method, base, ex.body)
	again := w.send(t, method, base, ex.body)
	require.Equal(t, without, again, "the answer without %s must be deterministic for the comparison to mean anything", name)
	value := w.names.Replace(ex.value)
	if value == "{next}" {
		var page struct {
			Pagination struct {
				NextCursor *string `json:"next_cursor"`
			} `json:"pagination"`
		}
		require.NoError(t, json.Unmarshal(without.Body, &page), string(without.Body))
		require.NotNil(t, page.Pagination.NextCursor, "the base answer has a next page")
		value = *page.Pagination.NextCursor
	}
	with := w.send(t, method, setQuery(t, base, name, value), ex.body)
	switch ex.want {
	case refused:
		require.Equal(t, http.StatusBadRequest, with.Status, string(with.Body))
		require.Contains(t, with.detail(t), name)
	case vacuous:
		require.Equal(t, without, with, "%s: %s", name, ex.why)
	case changes:
		if required {
			omitted := w.send(t, method, setQuery(t, base, name, ""), ex.body)
			require.Equal(t, http.StatusBadRequest, omitted.Status, "omitting required %s: %s", name, omitted.Body)
			require.Contains(t, omitted.detail(t), name)
		}
		require.Less(t, with.Status, 400, "%s=%s: %s", name, value, with.Body)
		require.Less(t, without.Status, 500, string(without.Body))
		require.False(t, without.Status == with.Status && bytes.Equal(without.Body, with.Body),
			"%s=%s has no effect on the data set: %s", name, value, with.Body)
	}
}

// checkUndeclared sends an operation's example request with a parameter
// it does not declare: a 400 naming it, before anything else runs.
func (w *paramWorld) checkUndeclared(t *testing.T, ex paramExample) {
	method, base, _ := strings.Cut(w.names.Replace(ex.base), " ")
	res := w.send(t, method, setQuery(t, base, "limt", "5"), ex.body)
	require.Equal(t, http.StatusBadRequest, res.Status, string(res.Body))
	require.Contains(t, res.detail(t), `unknown parameter "limt"`)
}

// send makes one request and returns status and body.
func (w *paramWorld) send(t *testing.T, method, path, body string) response {
	t.Helper()
	var b any
	if body != "" {
		b = body
	}
	res := w.do(t, method, path, b)
	res.Header = nil // dates and request ids differ between calls
	return res
}

// setQuery sets (or, with value "", removes) one query parameter.
func setQuery(t *testing.T, path, name, value string) string {
	t.Helper()
	u, err := url.Parse(path)
	require.NoError(t, err)
	q := u.Query()
	q.Del(name)
	if value != "" {
		q.Set(name, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}
