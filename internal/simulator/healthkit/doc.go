// Package healthkit writes what Apple Health and the mobile SDKs hand
// over, from the simulator's ground truth: the Health app's export.xml
// (its DTD, attribute names, units, sourceName and device strings, local
// times with their offset, across DST) and the Open Wearables SDK's sync
// payload. It shares no code with internal/provider/apple or
// internal/sdk — not even types — so a misreading of the formats on one
// side is caught by the other.
package healthkit
