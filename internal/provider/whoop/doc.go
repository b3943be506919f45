// Package whoop connects wearhouse to the WHOOP developer API v2: OAuth
// (client_secret_post, rotating refresh tokens, the offline scope), the
// paginated cycle, sleep, recovery and workout collections, the profile and
// body measurement snapshots, signed webhooks, and the pure normalization
// of every document into domain records.
//
// The wire types here are written from WHOOP's published reference (seed
// documents 000 and 001) and share nothing with the WHOOP simulator, so a
// misreading in one is caught by the other. docs/providers/whoop.md holds
// the field-by-field mapping with units and formulas.
package whoop
