// Package oura connects wearhouse to the Oura API v2: OAuth (rotating
// refresh tokens, revocation) or a personal access token, every
// /v2/usercollection/* route walked with next_token, signed webhooks and
// the app-level webhook subscriptions Oura requires, and the pure
// normalization of every document into domain records.
//
// The wire types here are written from Oura's published v2 reference (seed
// document 002, completed from the OpenAPI schema where the rendered
// samples show an empty {}) and share nothing with the Oura simulator, so
// a misreading in one is caught by the other. docs/providers/oura.md holds
// the setup steps and the field-by-field mapping with units.
//
// # Windows
//
// Date collections filter on the document's local day, which depends on
// the wearer's time zone, so a UTC window [start, end) is asked for as the
// local days from the day before start to the day after end: adjacent
// windows overlap by a day or two and no document falls between them;
// the overlap costs nothing because records are idempotent. heartrate is
// asked for by instant, in windows of at most 30 days (Oura refuses
// longer ones), aligned to UTC midnight so that each UTC day becomes one
// raw document that only ever grows.
package oura
