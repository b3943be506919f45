package withings

// WorkoutCategory is one workout_object category: its Withings label and
// the unified workout type (Open Wearables' WorkoutType names, as the
// WHOOP and Oura connectors use them).
type WorkoutCategory struct {
	Code  int
	Label string
	Type  string
}

// workoutTable maps the seed's workout categories. Categories without a
// unified equivalent become "other"; their Withings label is kept as the
// workout's name, so nothing is lost.
func workoutTable() []WorkoutCategory {
	return []WorkoutCategory{
		{1, "Walk", "walking"}, {2, "Run", "running"}, {3, "Hiking", "hiking"}, {4, "Skating", "skating"},
		{5, "BMX", "cycling"}, {6, "Bicycling", "cycling"}, {7, "Swimming", "swimming"}, {8, "Surfing", "surfing"},
		{9, "Kitesurfing", "surfing"}, {10, "Windsurfing", "surfing"}, {11, "Bodyboard", "surfing"},
		{12, "Tennis", "tennis"}, {13, "Table tennis", "table_tennis"}, {14, "Squash", "squash"},
		{15, "Badminton", "badminton"}, {16, "Lift weights", "strength_training"}, {17, "Fitness", "functional_fitness"},
		{18, "Elliptical", "elliptical"}, {19, "Pilates", "pilates"}, {20, "Basket-ball", "basketball"},
		{21, "Soccer", "soccer"}, {22, "Football", "american_football"}, {23, "Rugby", "rugby"},
		{24, "Volley-ball", "volleyball"}, {25, "Waterpolo", "water_polo"}, {26, "Horse riding", "horseback_riding"},
		{27, "Golf", "golf"}, {28, "Yoga", "yoga"}, {29, "Dancing", "dance"}, {30, "Boxing", "boxing"},
		{31, "Fencing", "fencing"}, {32, "Wrestling", "wrestling"}, {33, "Martial arts", "martial_arts"},
		{34, "Skiing", "downhill_skiing"}, {35, "Snowboarding", "snowboarding"}, {36, "Other", "other"},
		{128, "No activity", "other"}, {187, "Rowing", "rowing"}, {188, "Zumba", "dance"}, {191, "Baseball", "baseball"},
		{192, "Handball", "other"}, {193, "Hockey", "field_hockey"}, {194, "Ice hockey", "ice_hockey"},
		{195, "Climbing", "climbing"}, {196, "Ice skating", "ice_skating"}, {272, "Multi-sport", "multisport"},
		{306, "Indoor walk", "walking"}, {307, "Indoor running", "treadmill_running"}, {308, "Indoor cycling", "indoor_cycling"},
		{455, "Standup Paddleboarding", "paddleboarding"}, {456, "Padel", "padel"}, {457, "Gaming", "other"},
		{490, "Beach volleyball", "volleyball"}, {491, "Stair Stepper", "stair_climbing"}, {492, "Skateboarding", "skating"},
		{493, "Parkour", "other"}, {494, "Kayaking", "kayaking"}, {495, "Canoeing", "paddling"}, {496, "Sailing", "sailing"},
		{497, "Fishing", "other"}, {498, "Trail Running", "trail_running"}, {499, "Snowshoeing", "hiking"},
		{500, "Paintball", "other"}, {501, "Archery", "other"}, {502, "Scuba Diving", "diving"},
		{503, "Baseball Training", "baseball"}, {504, "Biathlon", "cross_country_skiing"}, {505, "Bocce", "other"},
		{506, "Pétanque", "other"}, {507, "Paragliding", "other"}, {508, "Frisbee", "other"}, {509, "Skydiving", "other"},
		{510, "Pickleball", "pickleball"}, {511, "Cornhole", "other"}, {512, "Dodgeball", "other"}, {513, "Ultimate", "other"},
		{514, "Teqball", "other"}, {515, "Pushing a Wheelchair (Running Pace)", "other"},
		{516, "Pushing a Wheelchair (Walking Pace)", "other"}, {517, "Athletics", "track_and_field"},
		{518, "Track Cycling", "cycling"}, {519, "Pentathlon", "multisport"}, {520, "Sport Shooting", "other"},
		{521, "Triathlon", "triathlon"}, {522, "Diving", "diving"}, {523, "Mountain Biking", "mountain_biking"},
		{524, "Gravel Biking", "cycling"}, {525, "E-Biking", "cycling"}, {526, "E-Mountain Biking", "mountain_biking"},
		{527, "Handcycling", "cycling"}, {528, "Velomobile", "cycling"}, {529, "Backcountry Skiing", "cross_country_skiing"},
		{530, "Nordic Skiing", "cross_country_skiing"}, {531, "Roller Skiing", "cross_country_skiing"},
		{532, "Racquetball", "squash"}, {534, "Hip Hop", "dance"}, {535, "Muaythai", "martial_arts"},
		{536, "Taekwondo", "martial_arts"}, {537, "Judo", "martial_arts"}, {538, "Trampoline", "gymnastics"},
		{539, "Standing Frame", "other"}, {540, "Seated Strength", "strength_training"}, {541, "Seated Cardio", "other"},
		{542, "Walk With Walker", "walking"}, {543, "Walk With Cane", "walking"}, {544, "Breaking", "dance"},
		{545, "Chores", "other"}, {546, "Crossfit", "functional_fitness"}, {547, "Spinclass", "indoor_cycling"},
		{548, "Cricket", "other"}, {549, "Flamenco Dancing", "dance"}, {550, "HIIT", "hiit"},
		{551, "Meditation", "meditation"}, {552, "Stretching", "stretching"}, {553, "Yard Work Gardening", "other"},
		{554, "Cleaning", "other"}, {555, "Public Speaking", "other"}, {556, "Spikeball", "other"},
		{557, "Lacrosse", "lacrosse"}, {558, "Baby Wearing", "walking"}, {559, "Dog Walking", "walking"},
		{560, "Breathing excercises", "meditation"}, {561, "Balance Drills", "other"}, {562, "Pushing a Stroller", "walking"},
		{563, "Toddler Wearing", "walking"}, {564, "Bowling", "other"}, {565, "Lasertag", "other"},
		{566, "Nordic Walking", "walking"}, {567, "Sumo Wrestling", "wrestling"}, {568, "Cooking", "other"},
	}
}

// WorkoutCategories returns the category table in code order.
func WorkoutCategories() []WorkoutCategory { return workoutTable() }

// workoutCategory resolves a category code; unknown codes (Withings adds
// categories) are "other" with a generic label.
func workoutCategory(code int) WorkoutCategory {
	for _, c := range workoutTable() {
		if c.Code == code {
			return c
		}
	}
	return WorkoutCategory{Code: code, Label: "Unknown", Type: "other"}
}
