package api

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"

	"github.com/wearhouse/wearhouse/internal/imports"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
)

// importAppleXMLDirect implements POST
// /api/v1/users/{user_id}/import/apple/xml/direct: the export is the
// body, raw or as the multipart "file" part, streamed into the import.
func (s *Server) importAppleXMLDirect(w http.ResponseWriter, r *http.Request) {
	user, err := pathUser(r)
	if err == nil {
		_, err = s.store.User(r.Context(), user)
	}
	if err == nil {
		err = s.capBody(w, r, s.importMaxBody)
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	body, err := exportBody(r)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	e, cleanup, err := s.openExport(body, r.ContentLength)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	defer cleanup()
	res, err := imports.ImportAppleHealth(r.Context(), e, imports.AppleOptions{Store: s.store, UserID: user})
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, appleImportResult{Status: "completed", UserID: user, Bytes: res.Bytes,
		Elements: res.Elements, Samples: res.Samples, SleepRecords: res.SleepFragments, Workouts: res.Workouts,
		Sources: res.Sources, RecordsInserted: res.Created, RecordsUpdated: res.Updated, NotImported: res.NotMapped})
}

// appleImportResult is the AppleImportResult schema (its route is not
// generated: it streams its body).
type appleImportResult struct {
	Status          string           `json:"status"`
	UserID          string           `json:"user_id"`
	Bytes           int64            `json:"bytes"`
	Elements        int64            `json:"elements"`
	Samples         int64            `json:"samples"`
	SleepRecords    int64            `json:"sleep_records"`
	Workouts        int64            `json:"workouts"`
	Sources         int              `json:"sources"`
	RecordsInserted int64            `json:"records_inserted"`
	RecordsUpdated  int64            `json:"records_updated"`
	NotImported     map[string]int64 `json:"not_imported"`
}

// exportBody is the request's export: the "file" part of a multipart
// upload, or the body itself.
func exportBody(r *http.Request) (io.Reader, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return r.Body, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("invalid multipart body: %s", err)
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, badRequest(`the multipart body has no "file" part`)
		}
		if err != nil {
			return nil, badRequest("invalid multipart body: %s", err)
		}
		if p.FormName() == "file" {
			return p, nil
		}
	}
}

// openExport streams a bare export.xml as it arrives; a zip archive,
// whose directory is at its end, is spooled to a temporary file first
// (removed by cleanup) and its export.xml streamed out of that.
func (s *Server) openExport(body io.Reader, length int64) (*apple.Export, func(), error) {
	br := bufio.NewReaderSize(body, 256<<10)
	head, err := br.Peek(4)
	if err != nil && len(head) == 0 {
		return nil, nil, badRequest("the body is empty: send export.zip or export.xml")
	}
	if !bytes.Equal(head, []byte("PK\x03\x04")) {
		return apple.FromReader(br, length), func() {}, nil
	}
	f, err := os.CreateTemp(s.tempDir, "wearhouse-export-*.zip")
	if err != nil {
		return nil, nil, fmt.Errorf("api: spool export: %w", err)
	}
	remove := func() { _ = f.Close(); _ = os.Remove(f.Name()) }
	if _, err := io.Copy(f, br); err != nil {
		remove()
		return nil, nil, fmt.Errorf("api: spool export: %w", err)
	}
	e, err := apple.Open(f.Name())
	if err != nil {
		remove()
		return nil, nil, err
	}
	return e, func() { _ = e.Close(); remove() }, nil
}

// importError maps the import's errors on untrusted files to 400s.
func importError(err error) (*Error, bool) {
	if fe, ok := errors.AsType[*apple.FormatError](err); ok {
		return badRequest("%s", fe.Error()), true
	}
	switch {
	case errors.Is(err, apple.ErrNoExportXML), errors.Is(err, apple.ErrBadArchive), errors.Is(err, imports.ErrMalformed):
		return badRequest("%s", err.Error()), true
	}
	return nil, false
}
