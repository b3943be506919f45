package oura

import (
	"strings"
	"unicode"
)

// activityTypes maps Oura workout activity names (snake_cased; Oura sends
// lower-case names such as "walking", "cycling", "strength_training") to
// wearhouse's unified workout types, which follow Open Wearables'
// WorkoutType names.
var activityTypes = map[string]string{
	"walking":              "walking",
	"running":              "running",
	"treadmill_running":    "treadmill",
	"trail_running":        "trail_running",
	"cycling":              "cycling",
	"indoor_cycling":       "indoor_cycling",
	"mountain_biking":      "mountain_biking",
	"hiking":               "hiking",
	"swimming":             "swimming",
	"rowing":               "rowing",
	"kayaking":             "kayaking",
	"paddling":             "paddleboarding",
	"surfing":              "surfing",
	"strength_training":    "strength_training",
	"weightlifting":        "strength_training",
	"cross_training":       "functional_fitness",
	"crossfit":             "functional_fitness",
	"functional_fitness":   "functional_fitness",
	"hiit":                 "hiit",
	"yoga":                 "yoga",
	"pilates":              "pilates",
	"stretching":           "stretching",
	"meditation":           "meditation",
	"dance":                "dance",
	"dancing":              "dance",
	"elliptical":           "elliptical",
	"stair_climbing":       "stair_climbing",
	"climbing":             "climbing",
	"bouldering":           "climbing",
	"boxing":               "boxing",
	"martial_arts":         "martial_arts",
	"tennis":               "tennis",
	"squash":               "squash",
	"padel":                "padel",
	"pickleball":           "pickleball",
	"badminton":            "badminton",
	"table_tennis":         "table_tennis",
	"golf":                 "golf",
	"baseball":             "baseball",
	"basketball":           "basketball",
	"volleyball":           "volleyball",
	"soccer":               "soccer",
	"football":             "american_football",
	"american_football":    "american_football",
	"rugby":                "rugby",
	"hockey":               "ice_hockey",
	"ice_hockey":           "ice_hockey",
	"skiing":               "downhill_skiing",
	"downhill_skiing":      "downhill_skiing",
	"cross_country_skiing": "cross_country_skiing",
	"snowboarding":         "snowboarding",
	"skating":              "skating",
	"ice_skating":          "skating",
	"horseback_riding":     "horseback_riding",
	"other":                "other",
}

// workoutType maps an activity to the unified type; unknown activities
// (Oura adds them) become "other" and keep their name on the event.
func workoutType(activity string) string {
	if t, ok := activityTypes[snake(activity)]; ok {
		return t
	}
	return "other"
}

// snake lower-cases a name and turns camelCase, spaces and hyphens into
// underscores ("strengthTraining", "Strength training" → "strength_training").
func snake(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('_')
		case unicode.IsUpper(r):
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "__", "_")
}
