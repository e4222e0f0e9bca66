package library

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// flipByte changes one byte of a file at offset (from the end when
// negative).
func flipByte(t *testing.T, path string, offset int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if offset < 0 {
		offset += len(raw)
	}
	raw[offset] ^= 0x01
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedHistoryIsNeverUsed: an original whose bytes are not its
// SHA-256 name is neither served nor read again; a version file whose gzip
// checksum fails, or whose tasks name another document (doc_id read as
// dodlid), is not restored; CheckHistory names each damaged file.
func TestDamagedHistoryIsNeverUsed(t *testing.T) {
	_, l, dir := MustOpen(t)
	first := mustImport(t, l, "notice.txt", seeds.Notice(), ImportOptions{})
	mustImport(t, l, "notice.txt", fewer(), ImportOptions{Replace: first.Document.ID})
	h, err := l.Versions(first.Document.ID)
	if err != nil || len(h.Versions) != 2 {
		t.Fatalf("versions: %+v %v", h, err)
	}
	if rep, err := CheckHistory(dir); err != nil || len(rep.Damaged) != 0 || rep.Originals != 2 || rep.Versions != 2 {
		t.Fatalf("whole history: %+v %v", rep, err)
	}
	v1 := h.Versions[1]
	original := filepath.Join(dir, "history", "originals", v1.Checksum)
	flipByte(t, original, 100)
	if f, _, err := l.Original(v1.Checksum); ingest.ErrorCode(err) != ingest.ECORRUPT ||
		!strings.Contains(ingest.ErrorMessage(err), "原件已损坏") || !strings.Contains(ingest.ErrorMessage(err), "history/originals/"+v1.Checksum) {
		if f != nil {
			f.Close()
		}
		t.Errorf("a damaged original opened: %v", err)
	}

	// version 1's body: the gzip trailer's CRC changed, the JSON intact
	body := filepath.Join(dir, "history", "docs", first.Document.ID, "000001.doc.json.gz")
	flipByte(t, body, -6)
	if _, err := l.Restore(first.Document.ID, 1, 0, WhoLocal); ingest.ErrorCode(err) != ingest.ECORRUPT || !strings.Contains(ingest.ErrorMessage(err), "000001.doc.json.gz") {
		t.Errorf("restore of a version failing its gzip checksum: %v", err)
	}
	// version 2's body: whole gzip, but its tasks' doc_id misspelt
	body2 := filepath.Join(dir, "history", "docs", first.Document.ID, "000002.doc.json.gz")
	rewriteGzip(t, body2, func(s string) string { return strings.Replace(s, `"doc_id"`, `"dodlid"`, 1) })
	if _, err := l.document(first.Document.ID, 2); ingest.ErrorCode(err) != ingest.ECORRUPT {
		t.Errorf("a version whose task names no document read: %v", err)
	}

	rep, err := CheckHistory(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"history/docs/" + first.Document.ID + "/000001.doc.json.gz", "history/docs/" + first.Document.ID + "/000002.doc.json.gz", "history/originals/" + v1.Checksum}
	if len(rep.Damaged) != len(want) {
		t.Fatalf("damaged = %+v, want %v", rep.Damaged, want)
	}
	for i, d := range rep.Damaged {
		if d.File != want[i] || d.Reason == "" {
			t.Errorf("damaged[%d] = %+v, want %s", i, d, want[i])
		}
	}
	for _, w := range want {
		f, _ := os.Open(filepath.Join(dir, w))
		if why := VerifyFile(w, f); why == "" {
			t.Errorf("VerifyFile(%s) passes", w)
		}
		f.Close()
	}
}

// TestReparseRefusesADamagedOriginal: reparse --apply never makes a
// damaged original a new version; it says which file.
func TestReparseRefusesADamagedOriginal(t *testing.T) {
	_, l, dir := MustOpen(t)
	p := mustImport(t, l, "notice.txt", seeds.Notice(), ImportOptions{})
	info, _ := l.live(p.Document.ID)
	// a byte of a task's text changed: parses, and differs
	path := filepath.Join(dir, "history", "originals", info.Checksum)
	raw, _ := os.ReadFile(path)
	raw = bytes.Replace(raw, []byte("垃圾分类"), []byte("垃圾分額"), 1)
	os.WriteFile(path, raw, 0o644)
	res, err := l.Reparse(ctx, nil, true)
	if err != nil || len(res) != 1 {
		t.Fatalf("reparse: %+v %v", res, err)
	}
	if r := res[0]; r.Applied || !strings.Contains(r.Error, "原件已损坏") || !strings.Contains(r.Error, info.Checksum) {
		t.Errorf("reparse of a damaged original: %+v", r)
	}
	if h, _ := l.Versions(p.Document.ID); len(h.Versions) != 1 {
		t.Errorf("a damaged original became a version: %+v", h.Versions)
	}
}

func rewriteGzip(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(edit(string(raw))))
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
