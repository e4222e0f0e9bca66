package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
)

func TestFormatMarker(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Version: "v9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := ReadFormat(dir)
	if err != nil || f.Format != FormatVersion || f.WrittenBy != "v9.9.9" {
		t.Fatalf("marker %+v %v", f, err)
	}
	// a data dir a newer duban wrote is refused, read-only too
	os.WriteFile(filepath.Join(dir, formatFile), []byte(`{"format":99,"written_by":"v10.0.0"}`), 0o644)
	for _, ro := range []bool{false, true} {
		_, err := Open(dir, Options{ReadOnly: ro})
		if ingest.ErrorCode(err) != ingest.ECONFLICT || !strings.Contains(ingest.ErrorMessage(err), "较新版本的 duban(v10.0.0)") {
			t.Errorf("read-only %v: %v", ro, err)
		}
	}
	// a damaged marker is said to be damaged
	os.WriteFile(filepath.Join(dir, formatFile), []byte(`{`), 0o644)
	if _, err := Open(dir, Options{}); ingest.ErrorCode(err) != ingest.ECORRUPT {
		t.Errorf("damaged marker: %v", err)
	}
	// a store from before the marker: read as format 1, marked on write
	os.Remove(filepath.Join(dir, formatFile))
	if f, _ := ReadFormat(dir); f.Format != 1 {
		t.Errorf("no marker: %+v", f)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if f, _ := ReadFormat(dir); f.Format != FormatVersion {
		t.Errorf("not marked on write: %+v", f)
	}
}

func TestBackupIsAWholeStore(t *testing.T) {
	s := MustOpenIndex(t)
	seed := MustParseSeed(t)
	if _, err := s.Replace(seed); err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(t.TempDir(), "copy")
	if err := s.Backup(copyDir); err != nil {
		t.Fatal(err)
	}
	c, err := Open(copyDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Search(context.Background(), Request{Query: "垃圾分类"})
	if err != nil || r.Total != 1 || r.Hits[0].Seq != 49 || len(c.Documents()) != 1 || c.Documents()[0].TaskCount != 83 {
		t.Errorf("the copy: %v %+v %+v", err, r, c.Documents())
	}
}
