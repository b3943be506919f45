// Package apple reads the data Apple Health hands over. Its first part is
// the Health app's export ("Export All Health Data": export.zip holding
// apple_health_export/export.xml): a streaming reader that yields one
// top-level element at a time — records, blood-pressure correlations,
// workouts, activity summaries — in constant memory whatever the file's
// size, and names the byte offset of anything malformed, so an import can
// stop on a broken element without storing a partial one.
//
// The types here are Apple's vocabulary (HKQuantityTypeIdentifier…,
// "count/min", "2024-03-10 01:59:59 -0800"); mapping them to wearhouse's
// series and events is a separate step.
package apple
