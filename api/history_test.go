package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
	"github.com/duban/duban/vocab"
)

// openServerAt opens a server on the data dir dir with the seed in it,
// its vocabulary too.
func openServerAt(t *testing.T, dir string) (*library.Library, http.Handler, *ingest.Document) {
	t.Helper()
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
	voc, err := vocab.Open(dir, false)
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
	s := &Server{Store: store, Library: lib, Progress: &progress.Desk{Book: book, Notices: lib}, Vocabulary: voc, WritesAllowed: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxUploadBytes: 1 << 20}
	return lib, s.Handler(), doc
}

// TestFullDiskSaysSo: on a full data disk every write fails saying
// 磁盘空间不足 — an upload (its original), a progress report, the
// vocabulary, a delete, a restore — and the server answers as before.
func TestFullDiskSaysSo(t *testing.T) {
	mnt := tmpfs.Mount(t, "32m")
	_, h, doc := openServerAt(t, filepath.Join(mnt, "data"))
	if r := uploadTo(t, h, "replace="+doc.ID, "少了20项.txt", fewerTasks()); r.status != 200 {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	before := snapshot(t, h)
	tmpfs.Fill(t, mnt)
	for _, tt := range []struct {
		name string
		do   func() response
	}{
		{"upload", func() response { return uploadTo(t, h, "as_new=true", "2019.txt", noticeOf(2019)) }},
		{"progress report", func() response {
			return uploadTo(t, h, "", "1-6月推进情况.txt", readFixture(t, "../ingest/testdata/progress/seed_h1.txt"))
		}},
		{"vocabulary", func() response {
			return do(t, h, "PUT", "/api/vocabulary", strings.NewReader("[单位]\n区生态环境分局 = 区环保局\n"), map[string]string{"Content-Type": "text/plain"})
		}},
		{"restore", func() response { return do(t, h, "POST", "/api/documents/"+doc.ID+"/restore?version=1", nil, nil) }},
		{"delete", func() response { return do(t, h, "DELETE", "/api/documents/"+doc.ID, nil, nil) }},
	} {
		r := tt.do()
		if b := decode[ErrorBody](t, r); r.status != 500 || !strings.Contains(b.Error.Message, "磁盘空间不足") {
			t.Errorf("%s on a full disk: %d %s", tt.name, r.status, r.body)
		}
	}
	if after := snapshot(t, h); after != before {
		t.Error("a failed write changed what the server answers")
	}
}

// noticeOf is the seed retitled for another year: another document.
func noticeOf(year int) []byte {
	return []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》", fmt.Sprintf("%d年《政府工作报告》", year), 1))
}

// TestDamagedOriginalNotServed: an original whose bytes are no longer
// those its SHA-256 name says is answered with a corrupt error naming it,
// in Chinese, never as the file.
func TestDamagedOriginalNotServed(t *testing.T) {
	dir := t.TempDir()
	_, h, doc := openServerAt(t, dir)
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
