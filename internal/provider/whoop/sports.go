package whoop

import "strings"

// sportTypes maps WHOOP v2 sport_name values (lowercase, hyphenated, as
// the API sends them) to wearhouse's unified workout types, which follow
// Open Wearables' WorkoutType names. The v2 names are the legacy sport
// list's names (research Part B.1) in WHOOP's spelling.
var sportTypes = map[string]string{
	"activity":               "other",
	"running":                "running",
	"cycling":                "cycling",
	"mountain-biking":        "mountain_biking",
	"spin":                   "indoor_cycling",
	"walking":                "walking",
	"hiking/rucking":         "hiking",
	"hiking":                 "hiking",
	"swimming":               "swimming",
	"rowing":                 "rowing",
	"kayaking":               "kayaking",
	"paddleboarding":         "paddleboarding",
	"surfing":                "surfing",
	"sailing":                "sailing",
	"diving":                 "diving",
	"water-polo":             "water_polo",
	"weightlifting":          "strength_training",
	"powerlifting":           "strength_training",
	"strength-trainer":       "strength_training",
	"functional-fitness":     "functional_fitness",
	"crossfit":               "functional_fitness",
	"hiit":                   "hiit",
	"yoga":                   "yoga",
	"pilates":                "pilates",
	"stretching":             "stretching",
	"meditation":             "meditation",
	"dance":                  "dance",
	"gymnastics":             "gymnastics",
	"elliptical":             "elliptical",
	"stairmaster":            "stair_climbing",
	"rock-climbing":          "climbing",
	"climber":                "climbing",
	"boxing":                 "boxing",
	"kickboxing":             "boxing",
	"martial-arts":           "martial_arts",
	"wrestling":              "wrestling",
	"fencing":                "fencing",
	"tennis":                 "tennis",
	"squash":                 "squash",
	"pickleball":             "pickleball",
	"badminton":              "badminton",
	"table-tennis":           "table_tennis",
	"golf":                   "golf",
	"baseball":               "baseball",
	"softball":               "softball",
	"basketball":             "basketball",
	"volleyball":             "volleyball",
	"soccer":                 "soccer",
	"football":               "american_football",
	"rugby":                  "rugby",
	"lacrosse":               "lacrosse",
	"ice-hockey":             "ice_hockey",
	"field-hockey":           "field_hockey",
	"skiing":                 "downhill_skiing",
	"cross-country-skiing":   "cross_country_skiing",
	"snowboarding":           "snowboarding",
	"skating":                "skating",
	"track-&-field":          "track_and_field",
	"triathlon":              "triathlon",
	"duathlon":               "multisport",
	"horseback-riding":       "horseback_riding",
	"operations---tactical":  "other",
	"operations---medical":   "other",
	"other":                  "other",
	"barry's":                "hiit",
	"assault-bike":           "indoor_cycling",
	"obstacle-course-racing": "running",
}

// workoutType maps a sport_name to the unified type. Unknown names (WHOOP
// adds sports) become "other"; the original name is kept in the event's
// name so nothing is lost.
func workoutType(sportName string) string {
	n := strings.ToLower(strings.TrimSpace(sportName))
	n = strings.ReplaceAll(n, " ", "-")
	if t, ok := sportTypes[n]; ok {
		return t
	}
	return "other"
}
