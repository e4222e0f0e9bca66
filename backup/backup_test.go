package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
)

var ctx = context.Background()

// open is a data dir's store, library and book, as duban serve opens them.
type open struct {
	dir   string
	store *index.Store
	lib   *library.Library
	book  *progress.Book
}

func mustOpen(t *testing.T, dir string) *open {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	s, err := index.Open(dir, index.Options{Logger: quiet, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := progress.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := library.Open(dir, s, library.Options{Logger: quiet, Annotator: b})
	if err != nil {
		t.Fatal(err)
	}
	return &open{dir, s, l, b}
}

func (o *open) backupStore() Store {
	return Store{DataDir: o.dir, Index: o.store, Holders: []Holder{o.lib, o.book}, Dirs: []string{"history", "progress"}, Files: []string{"vocabulary.txt"}}
}

func parse(t *testing.T, name string, data []byte) *ingest.Document {
	t.Helper()
	d, err := ingest.Parse(name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// state is everything a reader sees of a data dir: documents, their tasks,
// every kept version, the progress reports.
func state(t *testing.T, o *open) string {
	t.Helper()
	var b strings.Builder
	for _, d := range o.store.Documents() {
		fmt.Fprintf(&b, "doc %s v%d %d %s\n", d.ID, d.Version, d.TaskCount, d.Checksum)
		o.store.ScanAll(ctx, index.Request{Docs: []string{d.ID}, Sort: index.SortOrder}, nil, func(t ingest.Task) error {
			fmt.Fprintf(&b, "  %s %s %v %s\n", t.ID, t.Text, t.Units, t.Status)
			return nil
		})
		h, err := o.lib.Versions(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range h.Versions {
			fmt.Fprintf(&b, "  version %d %s %d %s %v %v\n", v.Version, v.Source, v.Tasks, v.Checksum, v.Original, v.Current)
		}
	}
	for _, r := range o.book.Reports() {
		fmt.Fprintf(&b, "report %s v%d\n", r.ID, r.Version)
	}
	return b.String()
}

func TestBackupWhileWorkingAndRestore(t *testing.T) {
	o := mustOpen(t, filepath.Join(t.TempDir(), "data"))
	lines := strings.Split(string(seeds.Notice()), "\n")
	fewer := []byte(strings.Join(lines[:70], "\n") + "\n")
	for _, f := range []struct {
		name string
		data []byte
	}{{"seed.txt", seeds.Notice()}, {"fewer.txt", fewer}} {
		if _, err := o.lib.Import(ctx, parse(t, f.name, f.data), f.data, library.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	src, _ := ingest.Read("h1.txt", bytes.NewReader(raw))
	pr, _ := ingest.ParseProgress(src)
	desk := &progress.Desk{Book: o.book, Notices: o.lib}
	if _, err := desk.Take(ctx, pr, false); err != nil {
		t.Fatal(err)
	}
	// a backup while searches and an upload run
	next := []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(2)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := o.store.Search(ctx, index.Request{Query: "垃圾分类"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var uploaded error
	go func() {
		defer wg.Done()
		_, uploaded = o.lib.Import(ctx, parse(t, "2019.txt", next), next, library.ImportOptions{})
	}()
	var archive bytes.Buffer
	m, err := Write(&archive, o.backupStore(), "test", index.FormatVersion)
	close(stop)
	wg.Wait()
	if err != nil || uploaded != nil {
		t.Fatalf("backup %v, upload %v", err, uploaded)
	}
	if len(m.Files) < 5 || m.DataFormat != index.FormatVersion {
		t.Fatalf("manifest %+v", m)
	}
	// the archive holds a consistent state: either with the 2019 notice or
	// without it, and whole
	restored := filepath.Join(t.TempDir(), "restored")
	got, aside, err := Restore(bytes.NewReader(archive.Bytes()), restored, false, index.FormatVersion)
	if err != nil || aside != "" || got.Bytes() != m.Bytes() {
		t.Fatalf("restore: %v %q", err, aside)
	}
	r := mustOpen(t, restored)
	defer r.store.Close()
	o.store.Close()
	want := state(t, mustOpenAgain(t, o))
	if have := state(t, r); have != want && !(strings.Count(want, "doc ") == 2 && strings.Count(have, "doc ") == 1) {
		t.Errorf("restored state differs:\n%s\nwant\n%s", have, want)
	}
	if !strings.Contains(state(t, r), "report 2018-H1-") {
		t.Error("the progress report was not restored")
	}
	if f, _ := index.ReadFormat(restored); f.Format != index.FormatVersion {
		t.Errorf("restored format %+v", f)
	}
}

// mustOpenAgain reopens a closed data dir.
func mustOpenAgain(t *testing.T, o *open) *open {
	n := mustOpen(t, o.dir)
	t.Cleanup(func() { n.store.Close() })
	return n
}

func TestRefusesDamagedAndForeignArchives(t *testing.T) {
	o := mustOpen(t, filepath.Join(t.TempDir(), "data"))
	defer o.store.Close()
	if _, err := o.lib.Import(ctx, parse(t, "seed.txt", seeds.Notice()), seeds.Notice(), library.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	if _, err := Write(&archive, o.backupStore(), "test", index.FormatVersion); err != nil {
		t.Fatal(err)
	}
	good := archive.Bytes()
	// one file's bytes changed, the gzip rewritten so only the checksum
	// can tell
	tampered := rewrite(t, good, func(name string, data []byte) []byte {
		if strings.HasSuffix(name, ".doc.json.gz") {
			data = append([]byte(nil), data...)
			data[len(data)/2] ^= 0xff
		}
		return data
	})
	var foreign bytes.Buffer
	zw := gzip.NewWriter(&foreign)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "hello.txt", Mode: 0o644, Size: 2})
	tw.Write([]byte("hi"))
	tw.Close()
	zw.Close()
	newer := rewrite(t, good, func(name string, data []byte) []byte {
		if name == manifestName {
			out := bytes.Replace(data, fmt.Appendf(nil, `"data_format": %d`, index.FormatVersion), []byte(`"data_format": 99`), 1)
			if bytes.Equal(out, data) {
				t.Fatalf("no data_format in the manifest:\n%s", data)
			}
			return out
		}
		return data
	})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "备份文件无法使用"},
		{"a flipped byte", tampered, "校验和与清单不符"},
		{"a file missing", rewrite(t, good, func(name string, data []byte) []byte {
			if strings.HasSuffix(name, "index_meta.json") {
				return nil
			}
			return data
		}), "缺少"},
		{"not a backup", foreign.Bytes(), "不是 duban 的备份"},
		{"not even gzip", []byte("plain text"), "不是 duban 的备份"},
		{"from a newer duban", newer, "比本程序能读的格式"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "data")
			_, _, err := Restore(bytes.NewReader(tt.data), target, false, index.FormatVersion)
			if err == nil || !strings.Contains(ingest.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Errorf("a refused restore left %s", target)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".data.restore-*"))
			if len(leftovers) != 0 {
				t.Errorf("staging left behind: %v", leftovers)
			}
		})
	}
	// a data dir in use is not overwritten without --replace
	if _, _, err := Restore(bytes.NewReader(good), o.dir, false, index.FormatVersion); ingest.ErrorCode(err) != ingest.ECONFLICT {
		t.Errorf("over a full data dir: %v", err)
	}
}

// rewrite rebuilds an archive with each entry's data passed through fn (nil
// drops the entry).
func rewrite(t *testing.T, archive []byte, fn func(name string, data []byte) []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		name := strings.TrimPrefix(h.Name, "data/")
		if data = fn(name, data); data == nil {
			continue
		}
		h.Size = int64(len(data))
		tw.WriteHeader(h)
		tw.Write(data)
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}

// TestPrune: only archives a scheduled backup named are pruned, the newest
// first kept, and at least one whatever keep says; other files, however
// alike their names, a directory and a link are left alone.
func TestPrune(t *testing.T) {
	backups := []string{"duban-20261101-000000.tar.gz", "duban-20261102-000000.tar.gz", "duban-20261103-000000.tar.gz"}
	others := []string{"other.txt", "duban-before-upgrade.tar.gz", "duban-0.tar.gz", "duban-20261101-000000.tar.gz.bak",
		"duban-20261101-0000001.tar.gz", ".duban-123.tmp", "duban-2026110-000000.tar.gz"}
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		for _, n := range append(backups, others...) {
			os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
		}
		os.Mkdir(filepath.Join(dir, "duban-20261001-000000.tar.gz"), 0o755)
		os.Symlink(filepath.Join(dir, backups[2]), filepath.Join(dir, "duban-20261002-000000.tar.gz"))
		return dir
	}
	for _, tt := range []struct {
		keep int
		want []string
	}{
		{2, backups[:1]},
		{3, nil},
		{1, backups[:2]},
		{0, backups[:2]},
		{-5, backups[:2]},
	} {
		dir := setup(t)
		removed, err := Prune(dir, tt.keep)
		if err != nil || !slices.Equal(removed, tt.want) {
			t.Errorf("keep %d: pruned %v %v, want %v", tt.keep, removed, err, tt.want)
		}
		for _, n := range append(others, "duban-20261001-000000.tar.gz", "duban-20261002-000000.tar.gz", backups[2]) {
			if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
				t.Errorf("keep %d: pruned %s, which is not a scheduled backup", tt.keep, n)
			}
		}
	}
}
