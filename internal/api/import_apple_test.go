package api

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

const exportSample = "../provider/apple/testdata/export_small.xml"

// postRaw sends body with contentType and the bundle's key, validating
// the answer against the spec.
func (b *testBundle) postRaw(t *testing.T, path, contentType string, body []byte) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.http.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Open-Wearables-API-Key", b.key)
	res, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	b.validate(t, req, nil, res, out)
	return response{Status: res.StatusCode, Header: res.Header, Body: out}
}

func zipped(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestImportAppleXMLDirect: an export.xml streamed as the body, the same
// export zipped and as a multipart upload import once (the second and
// third change nothing); the API then serves its heart rate with each
// sample's own offset across the DST change, its night and its run. A
// truncated file, a broken zip, an empty body and an unknown user are
// clear 4xx.
func TestImportAppleXMLDirect(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		user := createUser(t, b, map[string]any{"first_name": "Ana"}).Id.String()
		path := "/api/v1/users/" + user + "/import/apple/xml/direct"
		xml, err := os.ReadFile(exportSample)
		require.NoError(t, err)

		res := b.postRaw(t, path, "application/xml", xml)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var got appleImportResult
		res.json(t, &got)
		require.Equal(t, int64(6), got.Samples)
		require.Equal(t, int64(1), got.SleepRecords)
		require.Equal(t, int64(1), got.Workouts)
		require.Equal(t, int64(8), got.RecordsInserted)
		require.Equal(t, int64(len(xml)), got.Bytes)

		res = b.postRaw(t, path, "application/zip", zipped(t, "apple_health_export/export.xml", xml))
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, &got)
		require.Zero(t, got.RecordsInserted+got.RecordsUpdated, "a re-import changes nothing")

		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		fw, err := mw.CreateFormFile("file", "export.zip")
		require.NoError(t, err)
		_, err = fw.Write(zipped(t, "apple_health_export/export.xml", xml))
		require.NoError(t, err)
		require.NoError(t, mw.Close())
		res = b.postRaw(t, path, mw.FormDataContentType(), mp.Bytes())
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, &got)
		require.Equal(t, int64(6), got.Samples)
		require.Zero(t, got.RecordsInserted)

		res = b.do(t, http.MethodGet, "/api/v1/users/"+user+"/timeseries?start_time=2024-03-10&end_time=2024-03-11&types=heart_rate", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var ts apigen.TimeSeriesPage
		res.json(t, &ts)
		require.Len(t, ts.Data, 2)
		require.Equal(t, float32(62), ts.Data[0].Value)
		require.Equal(t, "-08:00", ts.Data[0].ZoneOffset.MustGet(), "01:59:59 PST")
		require.Equal(t, "-07:00", ts.Data[1].ZoneOffset.MustGet(), "03:00:01 PDT, two seconds later")
		require.Equal(t, "apple", ts.Data[0].Source.MustGet().Provider)

		res = b.do(t, http.MethodGet, "/api/v1/users/"+user+"/events/sleep?start_date=2024-03-09&end_date=2024-03-12", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var sl apigen.SleepSessionPage
		res.json(t, &sl)
		require.Len(t, sl.Data, 1)
		require.Equal(t, 2400, sl.Data[0].DurationSeconds, "01:30 PST to 03:10 PDT")

		res = b.do(t, http.MethodGet, "/api/v1/users/"+user+"/events/workouts?start_date=2024-03-09&end_date=2024-03-12", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var wo apigen.WorkoutPage
		res.json(t, &wo)
		require.Len(t, wo.Data, 1)
		require.Equal(t, "running", wo.Data[0].Type)
		require.InDelta(t, 312.4, wo.Data[0].CaloriesKcal.MustGet(), 1e-3)
		require.Equal(t, 151, wo.Data[0].AvgHeartRateBpm.MustGet())

		cut := bytes.Index(xml, []byte(`value="1021"`))
		res = b.postRaw(t, path, "application/xml", xml[:cut])
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "byte ")
		res = b.postRaw(t, path, "application/zip", []byte("PK\x03\x04 not really a zip"))
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "zip")
		res = b.postRaw(t, path, "application/zip", zipped(t, "notes.txt", []byte("hi")))
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "export.xml")
		res = b.postRaw(t, path, "application/xml", nil)
		require.Equal(t, http.StatusBadRequest, res.Status)
		res = b.postRaw(t, path, "application/xml", []byte(`<html><body/></html>`))
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "HealthData")
		res = b.postRaw(t, "/api/v1/users/0190a1b2-0000-7000-8000-000000000000/import/apple/xml/direct", "application/xml", xml)
		require.Equal(t, http.StatusNotFound, res.Status)
		mp.Reset()
		mw = multipart.NewWriter(&mp)
		require.NoError(t, mw.WriteField("note", "no file"))
		require.NoError(t, mw.Close())
		res = b.postRaw(t, path, mw.FormDataContentType(), mp.Bytes())
		require.Equal(t, http.StatusBadRequest, res.Status)
	})
}
