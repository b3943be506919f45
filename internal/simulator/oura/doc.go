// Package oura is a faithful fake of the Oura API v2 (seed document
// 002_…, ../shared/seeds): OAuth2 authorize/token/revoke with rotating
// refresh tokens and personal access tokens, every /v2/usercollection/*
// route with next_token paging and its single-document twin, the
// /v2/sandbox/usercollection/* mirror, the webhook subscription API with
// its verification challenge, and signed webhook events when the ground
// truth changes.
//
// Every document is rendered from internal/simulator/truth, so a connector
// test can compare what it stored with what the truth says: durations are
// seconds, sleep stages come from the truth's 30-second hypnogram, HRV is
// RMSSD and local timestamps carry the person's UTC offset. Values Oura
// reports but the truth does not model (stress minutes, tags, sessions,
// breathing disturbance index, ring hardware …) are derived
// deterministically from the truth and hashes of the seed, person and day,
// so they are reproducible and consistent with the truth's heart rate and
// hypnograms.
//
// The wire types here are written from the seed independently of the real
// connector in internal/provider/oura: the two share no code on purpose,
// so that a misreading of the format in one is caught by the other.
//
// # Date windows
//
// The seed names start_date/end_date but does not say whether they are
// inclusive. The simulator treats the window as half-open on a document's
// local day, [start_date, end_date), which is what clients observe against
// the real API (a date-only end_date is read as midnight, so that day's
// documents are not returned; see the-momentum/open-wearables#1161).
// Either parameter may also be a date-time; an end date-time later than
// midnight includes its own day. heartrate filters samples on
// [start_datetime, end_datetime); its timestamps are UTC ("+00:00") as the
// real API sends them, while every other local timestamp carries the
// person's offset.
//
// # Webhooks
//
// Subscriptions belong to the app and events go only to users who have
// authorized it (personal access tokens are outside any app). A day
// appearing creates its daily documents, the day ending updates those
// still accumulating (activity, stress, resilience), a main sleep being
// scored updates sleep, daily_sleep and daily_readiness, and sleeps and
// workouts are created and deleted with the truth. The truth never deletes
// a daily document, so tests call RemoveDocument to delete any document
// (or to mark a sleep period type "deleted") and send its event. The
// signature is upper-case hex HMAC-SHA256(client secret, x-oura-timestamp
// ‖ body) over the raw body; the seed's example signs JSON.stringify of
// the parsed body, which is the same bytes for the compact JSON sent here.
package oura
