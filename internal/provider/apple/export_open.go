package apple

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
)

// ErrNoExportXML means a zip archive holds no export.xml.
var ErrNoExportXML = errors.New("the archive holds no export.xml")

// Export is an opened export file: its Reader, the XML's size (for
// progress against Reader.Offset) and what to close.
type Export struct {
	*Reader
	// Size is the XML's uncompressed size in bytes.
	Size  int64
	close func() error
}

// Close releases the file.
func (e *Export) Close() error { return e.close() }

// Open opens an export: the Health app's export.zip (its
// apple_health_export/export.xml is streamed out of the archive, never
// copied) or a bare export.xml.
func Open(name string) (*Export, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("apple health export: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("apple health export: %w", err)
	}
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		_ = f.Close()
		return nil, fmt.Errorf("apple health export: %w", err)
	}
	if !bytes.Equal(head, []byte("PK\x03\x04")) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("apple health export: %w", err)
		}
		return &Export{Reader: NewReader(bufio.NewReaderSize(f, 256<<10)), Size: st.Size(), close: f.Close}, nil
	}
	e, err := openZip(f, st.Size())
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return e, nil
}

// openZip streams the export.xml entry of the archive in f.
func openZip(f *os.File, size int64) (*Export, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("apple health export: %w: %w", ErrBadArchive, err)
	}
	entry := exportEntry(zr.File)
	if entry == nil {
		return nil, fmt.Errorf("apple health export: %w", ErrNoExportXML)
	}
	rc, err := entry.Open()
	if err != nil {
		return nil, fmt.Errorf("apple health export: %s: %w", entry.Name, err)
	}
	closeAll := func() error { return errors.Join(rc.Close(), f.Close()) }
	return &Export{Reader: NewReader(bufio.NewReaderSize(rc, 256<<10)), Size: int64(entry.UncompressedSize64), close: closeAll}, nil
}

// exportEntry finds export.xml in the archive: at its root or in the
// apple_health_export folder the Health app writes (not export_cda.xml,
// the clinical document).
func exportEntry(files []*zip.File) *zip.File {
	var found *zip.File
	for _, f := range files {
		if path.Base(f.Name) != "export.xml" {
			continue
		}
		if found == nil || len(f.Name) < len(found.Name) {
			found = f
		}
	}
	return found
}

// ErrBadArchive means a file that starts like a zip archive is not one
// that can be read.
var ErrBadArchive = errors.New("not a readable zip archive")

// FromReader streams a bare export.xml from r as it arrives (a request
// body): nothing is copied, memory stays that of one element. size is
// the XML's length if known, else -1.
func FromReader(r io.Reader, size int64) *Export {
	return &Export{Reader: NewReader(bufio.NewReaderSize(r, 256<<10)), Size: size, close: func() error { return nil }}
}
