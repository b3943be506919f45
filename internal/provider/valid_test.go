package provider

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/timeseries"
)

func TestDropMissingReadings(t *testing.T) {
	t.Parallel()
	recs := Records{Series: []Series{
		{TypeCode: "breathing_disturbance_index", Samples: []timeseries.Sample{{T: 1, V: -1}}},
		{TypeCode: "heart_rate", Samples: []timeseries.Sample{{T: 1, V: 0}, {T: 2, V: 61}, {T: 3, V: 255}, {T: 4, V: 62}}},
		{TypeCode: "steps", Samples: []timeseries.Sample{{T: 1, V: 0}, {T: 2, V: 120}}},
		{TypeCode: "not_a_type", Samples: []timeseries.Sample{{T: 1, V: -1}}},
	}}
	require.Equal(t, 3, recs.DropMissingReadings())
	require.Equal(t, []Series{
		{TypeCode: "heart_rate", Samples: []timeseries.Sample{{T: 2, V: 61}, {T: 4, V: 62}}},
		{TypeCode: "steps", Samples: []timeseries.Sample{{T: 1, V: 0}, {T: 2, V: 120}}},
		{TypeCode: "not_a_type", Samples: []timeseries.Sample{{T: 1, V: -1}}},
	}, recs.Series)
}
