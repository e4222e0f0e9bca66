package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
)

// TestDamagedOriginalNotServed: an original whose bytes are no longer
// those its SHA-256 name says is answered with a corrupt error naming it,
// in Chinese, never as the file.
func TestDamagedOriginalNotServed(t *testing.T) {
	dir := t.TempDir()
	store, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	book, err := progress.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Open(dir, store, library.Options{Annotator: book})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Import(context.Background(), doc, seeds.Notice(), library.ImportOptions{Who: library.WhoSeed}); err != nil {
		t.Fatal(err)
	}
	s := &Server{Store: store, Library: lib, Progress: &progress.Desk{Book: book, Notices: lib}, WritesAllowed: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h := s.Handler()
	if r := do(t, h, "GET", "/api/documents/"+doc.ID+"/original", nil, nil); r.status != 200 || !bytes.Equal(r.body, seeds.Notice()) {
		t.Fatalf("the intact original: %d", r.status)
	}
	path := filepath.Join(dir, "history", "originals", doc.Checksum)
	raw, _ := os.ReadFile(path)
	raw[len(raw)/2] ^= 0x01
	os.WriteFile(path, raw, 0o644)
	r := do(t, h, "GET", "/api/documents/"+doc.ID+"/original", nil, nil)
	b := decode[ErrorBody](t, r)
	if r.status != 503 || b.Error.Code != ingest.ECORRUPT || !strings.Contains(b.Error.Message, "原件已损坏") || !strings.Contains(b.Error.Message, doc.Checksum) {
		t.Errorf("a damaged original: %d %s", r.status, r.body)
	}
	if bytes.Contains(r.body, raw[:64]) {
		t.Error("the damaged bytes were served")
	}
}
