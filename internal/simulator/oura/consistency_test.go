package oura

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// TestSleepMatchesTruth checks every sleep document against its truth
// record: durations in seconds adding up, stage strings as long as the
// period, heart rate and HRV series agreeing with the summary values, and
// local timestamps with the person's offset.
func TestSleepMatchesTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{World: testWorld(t, 2, 10)})
	for who := range 2 {
		p := b.world.Person(who)
		truthByID := map[string]truth.Sleep{}
		for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
			truthByID[DocumentID(b.world.Seed(), p.OuraUserID, DataSleep, s.ID)] = s
		}
		var page Page[Sleep]
		b.mustGet(t, b.pat(who), "/v2/usercollection/sleep", everything(b.world), &page)
		require.Len(t, page.Data, len(truthByID))
		for _, doc := range page.Data {
			s, ok := truthByID[doc.ID]
			require.True(t, ok, "sleep %s is not in the truth", doc.ID)
			stages := *doc.AwakeTime + *doc.LightSleepDuration + *doc.DeepSleepDuration + *doc.REMSleepDuration
			require.Equal(t, doc.TimeInBed, stages, "stage durations must add up to time in bed")
			require.Equal(t, *doc.TotalSleepDuration, stages-*doc.AwakeTime)
			require.Equal(t, int(s.InBed()/time.Second), doc.TimeInBed)
			require.Equal(t, int(s.DeepTime/time.Second), *doc.DeepSleepDuration)
			require.Equal(t, int(s.REMTime/time.Second), *doc.REMSleepDuration)
			require.Equal(t, int(s.Latency/time.Second), *doc.Latency)

			require.Len(t, *doc.Movement30Sec, doc.TimeInBed/30)
			phases := *doc.SleepPhase5Min
			require.Len(t, phases, (doc.TimeInBed+299)/300)
			for i, c := range []byte(phases) {
				// The 5-minute code is one of the stages in its 30-s epochs.
				var codes []byte
				for _, st := range s.Hypnogram[i*10 : min(i*10+10, len(s.Hypnogram))] {
					codes = append(codes, phaseChar(st))
				}
				require.Contains(t, string(codes), string(c))
			}

			require.Equal(t, 300.0, doc.HeartRate.Interval)
			require.Len(t, doc.HeartRate.Items, len(phases))
			lowest := math.Inf(1)
			for i, v := range doc.HeartRate.Items {
				require.NotNil(t, v)
				if (i+1)*300 <= doc.TimeInBed {
					lowest = math.Min(lowest, *v)
				}
			}
			require.Equal(t, float64(*doc.LowestHeartRate), lowest, "lowest_heart_rate is the lowest full 5-minute average")
			require.Len(t, doc.HRV.Items, len(s.HRV))
			for i, v := range doc.HRV.Items {
				require.Equal(t, s.HRV[i], *v, "hrv items are the truth's RMSSD")
			}
			require.Equal(t, int(math.Round(s.AvgHRV)), *doc.AverageHRV)

			off := s.Offset
			require.True(t, strings.HasSuffix(doc.BedtimeStart, off), "%s has offset %s", doc.BedtimeStart, off)
			start, err := time.Parse(time.RFC3339, doc.BedtimeStart)
			require.NoError(t, err)
			require.True(t, s.Start.Equal(start))
			require.Equal(t, !s.Nap, doc.Type == "long_sleep")
			require.Equal(t, s.State == truth.Scored && !s.Nap, doc.Readiness != nil)
		}
	}
}

// TestDailyActivityMatchesTruth checks that aggregating a finished day's
// minutes reproduces the truth's day (so the in-progress day, rendered
// from minutes, is consistent with it) and that the documents carry the
// truth's totals.
func TestDailyActivityMatchesTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{World: testWorld(t, 1, 8)})
	p := b.world.Person(0)
	var page Page[DailyActivity]
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_activity", everything(b.world), &page)
	days := p.Days()
	require.Len(t, page.Data, len(days))
	for i, d := range days {
		doc := page.Data[i]
		require.Equal(t, d.Date, doc.Day)
		a := aggregateDay(p, d)
		require.Len(t, doc.MET.Items, len(a.minutes))
		require.Len(t, *doc.Class5Min, (len(a.minutes)+4)/5)
		if d.State == truth.PendingScore {
			require.Nil(t, doc.Score, "a running day has no score")
			require.Equal(t, a.steps, doc.Steps)
			continue
		}
		require.Equal(t, d.Steps, a.steps)
		require.Equal(t, d.HighActivity, a.high)
		require.Equal(t, d.MediumActivity, a.medium)
		require.Equal(t, d.LowActivity, a.low)
		require.Equal(t, d.Sedentary, a.sedentary)
		require.Equal(t, d.Resting, a.resting)
		require.Equal(t, d.InactivityAlerts, a.alerts)
		require.InDelta(t, d.EnergyKJ, a.energy, 0.1)
		require.Equal(t, d.Steps, doc.Steps)
		require.Equal(t, d.Oura.Activity, *doc.Score)
		require.Equal(t, 86400, doc.HighActivityTime+doc.MediumActivityTime+doc.LowActivityTime+
			doc.SedentaryTime+doc.RestingTime+doc.NonWearTime, "a day's activity classes cover it")
		require.Equal(t, int(math.Round(d.EnergyKJ/4.184)), doc.TotalCalories)
	}
}

// TestDailyDocumentsMatchTruth spot-checks the other daily documents.
func TestDailyDocumentsMatchTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{World: testWorld(t, 1, 8)})
	p := b.world.Person(0)
	days := p.Days()
	var readiness Page[DailyReadiness]
	var sleep Page[DailySleep]
	var spo2 Page[DailySpO2]
	var stress Page[DailyStress]
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_readiness", everything(b.world), &readiness)
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_sleep", everything(b.world), &sleep)
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_spo2", everything(b.world), &spo2)
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_stress", everything(b.world), &stress)
	for i, d := range days {
		_, scored := mainSleep(p, d)
		if scored {
			require.Equal(t, d.Oura.Readiness, *readiness.Data[i].Score)
			require.Equal(t, d.SkinTempDeviationC, *readiness.Data[i].TemperatureDeviation)
			require.Equal(t, d.Oura.Sleep, *sleep.Data[i].Score)
			require.Equal(t, d.Oura.SleepContributors.DeepSleep, *sleep.Data[i].Contributors.DeepSleep)
		} else {
			require.Nil(t, readiness.Data[i].Score)
			require.Nil(t, sleep.Data[i].Score)
		}
		require.Equal(t, d.SpO2, spo2.Data[i].SpO2Percentage.Average)
		awake := 24*time.Hour - d.Resting
		require.LessOrEqual(t, time.Duration(*stress.Data[i].StressHigh+*stress.Data[i].RecoveryHigh)*time.Second, awake)
		require.Equal(t, d.State != truth.PendingScore, stress.Data[i].DaySummary != nil)
	}
}
