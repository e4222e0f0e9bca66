package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
)

// entry is one tar entry of a crafted archive.
type entry struct {
	hdr  tar.Header
	data []byte
}

func regular(name string, data []byte) entry {
	return entry{tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}, data}
}

func fileOf(p string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Path: p, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

func manifestOf(files ...File) Manifest {
	return Manifest{Magic: magic, Archive: ArchiveFormat, Created: time.Unix(1e9, 0).UTC(), Version: "test", DataFormat: 1, Files: files}
}

// craft writes an archive of m's manifest followed by entries, as an
// attacker would: nothing checks that they agree.
func craft(t *testing.T, m Manifest, entries ...entry) []byte {
	t.Helper()
	raw, _ := json.Marshal(m)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	all := append([]entry{regular(manifestName, raw)}, entries...)
	for _, e := range all {
		if err := tw.WriteHeader(&e.hdr); err != nil {
			t.Fatalf("%s: %v", e.hdr.Name, err)
		}
		if len(e.data) > 0 {
			if _, err := tw.Write(e.data); err != nil {
				t.Fatalf("%s: %v", e.hdr.Name, err)
			}
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// treeOf lists every path under dir with its type and content, to see
// that nothing changed.
func treeOf(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			b.WriteString("error " + err.Error() + "\n")
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + " " + d.Type().String())
		if d.Type().IsRegular() {
			raw, _ := os.ReadFile(p)
			sum := sha256.Sum256(raw)
			b.WriteString(" " + hex.EncodeToString(sum[:8]))
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}

// TestRefusesHostileArchives: an archive made to escape the target, to
// smuggle links or devices in, to contradict its manifest, or to unpack to
// far more than it is, is refused; nothing is written outside the target,
// a new target is not left behind and an existing data dir (--replace) is
// as it was.
func TestRefusesHostileArchives(t *testing.T) {
	hello := []byte("hello")
	ok := fileOf("vocabulary.txt", hello)
	good := craft(t, manifestOf(ok), regular("data/vocabulary.txt", hello))
	link := func(name, target string, flag byte) entry {
		return entry{tar.Header{Name: name, Linkname: target, Mode: 0o777, Typeflag: flag}, nil}
	}
	device := func(name string, flag byte) entry {
		return entry{tar.Header{Name: name, Mode: 0o666, Typeflag: flag, Devmajor: 1, Devminor: 3}, nil}
	}
	bigger := regular("data/vocabulary.txt", []byte("hello, and more"))
	newer := manifestOf(ok)
	newer.Archive = ArchiveFormat + 1
	older := manifestOf(ok)
	older.Archive = 0
	twice := manifestOf(ok, ok)
	negative := manifestOf(File{Path: "a", Size: -1, SHA256: ok.SHA256})
	overflow := manifestOf(File{Path: "a", Size: 1 << 62, SHA256: ok.SHA256}, File{Path: "b", Size: 1 << 62, SHA256: ok.SHA256})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"../ in an entry", craft(t, manifestOf(ok), regular("data/../escaped.txt", hello)), "清单之外"},
		{"../ in the manifest", craft(t, manifestOf(fileOf("../escaped.txt", hello)), regular("data/../escaped.txt", hello)), "不合法"},
		{"a/../../ in the manifest", craft(t, manifestOf(fileOf("history/../../escaped.txt", hello)), regular("data/history/../../escaped.txt", hello)), "不合法"},
		{"an absolute path", craft(t, manifestOf(fileOf("/tmp/escaped.txt", hello)), regular("data//tmp/escaped.txt", hello)), "不合法"},
		{"an absolute entry", craft(t, manifestOf(ok), regular("/tmp/escaped.txt", hello)), "清单之外"},
		{"the dir itself", craft(t, manifestOf(fileOf(".", hello)), regular("data/.", hello)), "不合法"},
		{"a backslash", craft(t, manifestOf(fileOf(`..\escaped.txt`, hello)), regular(`data/..\escaped.txt`, hello)), "不合法"},
		{"a symlink out", craft(t, manifestOf(ok), link("data/vocabulary.txt", "../../outside/victim.txt", tar.TypeSymlink)), "清单之外"},
		{"a symlink then a file through it", craft(t, manifestOf(ok, fileOf("evil/x", hello)),
			link("data/evil", "../../outside", tar.TypeSymlink), regular("data/evil/x", hello)), "清单之外"},
		{"a hard link out", craft(t, manifestOf(ok), link("data/vocabulary.txt", "/etc/passwd", tar.TypeLink)), "清单之外"},
		{"a character device", craft(t, manifestOf(ok), device("data/vocabulary.txt", tar.TypeChar)), "清单之外"},
		{"a block device", craft(t, manifestOf(ok), device("data/vocabulary.txt", tar.TypeBlock)), "清单之外"},
		{"a fifo", craft(t, manifestOf(ok), device("data/vocabulary.txt", tar.TypeFifo)), "清单之外"},
		{"a directory entry", craft(t, manifestOf(ok), entry{tar.Header{Name: "data/history/", Mode: 0o755, Typeflag: tar.TypeDir}, nil}, regular("data/vocabulary.txt", hello)), "清单之外"},
		{"an entry twice", craft(t, manifestOf(ok), regular("data/vocabulary.txt", hello), regular("data/vocabulary.txt", hello)), "清单之外"},
		{"a file twice in the manifest", craft(t, twice, regular("data/vocabulary.txt", hello)), "两次"},
		{"an entry larger than the manifest says", craft(t, manifestOf(ok), bigger), "大小与清单不符"},
		{"an entry smaller than the manifest says", craft(t, manifestOf(fileOf("vocabulary.txt", bigger.data)), regular("data/vocabulary.txt", hello)), "大小与清单不符"},
		{"a negative size", craft(t, negative, regular("data/a", nil)), "不合法"},
		{"sizes that overflow", craft(t, overflow), "不合法"},
		{"a file the archive lacks", craft(t, manifestOf(ok, fileOf("history/x", hello)), regular("data/vocabulary.txt", hello)), "缺少"},
		{"a file the manifest lacks", craft(t, manifestOf(ok), regular("data/vocabulary.txt", hello), regular("data/history/x", hello)), "清单之外"},
		{"a newer archive format", craft(t, newer, regular("data/vocabulary.txt", hello)), "备份格式"},
		{"an older archive format", craft(t, older, regular("data/vocabulary.txt", hello)), "备份格式"},
		{"the manifest not first", func() []byte {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			tw := tar.NewWriter(zw)
			tw.WriteHeader(&tar.Header{Name: "data/vocabulary.txt", Mode: 0o644, Size: 5})
			tw.Write(hello)
			tw.Close()
			zw.Close()
			return buf.Bytes()
		}(), "缺少 DUBAN-BACKUP.json"},
		{"a manifest that is a symlink", func() []byte {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			tw := tar.NewWriter(zw)
			tw.WriteHeader(&tar.Header{Name: manifestName, Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink})
			tw.Close()
			zw.Close()
			return buf.Bytes()
		}(), "缺少 DUBAN-BACKUP.json"},
	}
	for n := 1; n < len(good); n += max(1, len(good)/16) {
		tests = append(tests, struct {
			name string
			data []byte
			want string
		}{fmt.Sprintf("cut at %d of %d", n, len(good)), good[:n], "备份文件无法使用"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			outside := filepath.Join(root, "outside")
			os.Mkdir(outside, 0o755)
			os.WriteFile(filepath.Join(outside, "victim.txt"), []byte("victim"), 0o644)
			deep := filepath.Join(root, "a", "b")
			os.MkdirAll(deep, 0o755)
			before := treeOf(t, root)
			// a new target
			target := filepath.Join(deep, "data")
			_, _, err := Restore(bytes.NewReader(tt.data), target, false, 1)
			if err == nil || !strings.Contains(ingest.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if after := treeOf(t, root); after != before {
				t.Errorf("a refused restore changed the disk:\n%s\nwas\n%s", after, before)
			}
			if _, err := Verify(bytes.NewReader(tt.data)); err == nil {
				t.Error("Verify accepts it")
			}
			// over an existing data dir, with --replace
			os.MkdirAll(filepath.Join(target, "history"), 0o755)
			os.WriteFile(filepath.Join(target, "vocabulary.txt"), []byte("mine"), 0o644)
			before = treeOf(t, root)
			if _, _, err := Restore(bytes.NewReader(tt.data), target, true, 1); err == nil {
				t.Error("--replace: accepted")
			}
			if after := treeOf(t, root); after != before {
				t.Errorf("a refused --replace changed the disk:\n%s\nwas\n%s", after, before)
			}
		})
	}
	// the well-made one is restored, to show the cases fail for their own
	// reason
	target := filepath.Join(t.TempDir(), "data")
	if _, _, err := Restore(bytes.NewReader(good), target, false, 1); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(filepath.Join(target, "vocabulary.txt")); string(raw) != "hello" {
		t.Errorf("restored %q", raw)
	}
}

// TestDecompressionBombRefusedBeforeWriting: a small archive whose
// manifest declares more than the disk holds (here 96 MB of zeros, 100 KB
// compressed, onto a 16 MB disk) is refused before one byte of it is
// written, saying how much room it needs; an entry is never read past what
// the manifest declares, so a lying header cannot write more.
func TestDecompressionBombRefusedBeforeWriting(t *testing.T) {
	mnt := tmpfs.Mount(t, "16m")
	zeros := make([]byte, 96<<20)
	bomb := craft(t, manifestOf(fileOf("index.bleve/store/big", zeros)), regular("data/index.bleve/store/big", zeros))
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	// a reader that says how far the restore read: refused before it
	// reads the file
	r := &countingReader{r: bytes.NewReader(bomb)}
	_, _, err := Restore(r, filepath.Join(mnt, "data"), false, 1)
	if err == nil || ingest.ErrorCode(err) != ingest.ETOOLARGE || !strings.Contains(ingest.ErrorMessage(err), "可用空间") {
		t.Fatalf("err = %v (%s)", err, ingest.ErrorCode(err))
	}
	if r.n > 64<<10 {
		t.Errorf("read %d bytes of the archive before refusing", r.n)
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
	// what fits is restored on the same disk
	small := make([]byte, 4<<20)
	fits := craft(t, manifestOf(fileOf("index.bleve/store/small", small)), regular("data/index.bleve/store/small", small))
	withReserve := func() error {
		_, _, err := Restore(bytes.NewReader(fits), filepath.Join(mnt, "data"), false, 1)
		return err
	}
	if err := withReserve(); err == nil || ingest.ErrorCode(err) != ingest.ETOOLARGE {
		// 4 MB + the 64 MB reserve do not fit in 16 MB either
		t.Fatalf("4 MB onto 16 MB with the reserve: %v", err)
	}
	big := tmpfs.Mount(t, "80m")
	if _, _, err := Restore(bytes.NewReader(fits), filepath.Join(big, "data"), false, 1); err != nil {
		t.Fatalf("4 MB onto 80 MB: %v", err)
	}
	// Verify writes nothing, so it checks the bomb whatever the disk
	if _, err := Verify(bytes.NewReader(bomb)); err != nil {
		t.Errorf("Verify of a well-formed large archive: %v", err)
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestRestoreTargets: a target that is a file, or in a dir that cannot be
// written, is refused and left as it was; a data dir that something starts
// using while the archive is read is not moved aside; a link to the data
// dir is followed.
func TestRestoreTargets(t *testing.T) {
	hello := []byte("hello")
	good := craft(t, manifestOf(fileOf("vocabulary.txt", hello)), regular("data/vocabulary.txt", hello))
	t.Run("a file", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "data")
		os.WriteFile(target, []byte("not a dir"), 0o644)
		for _, replace := range []bool{false, true} {
			if _, _, err := Restore(bytes.NewReader(good), target, replace, 1); err == nil || !strings.Contains(ingest.ErrorMessage(err), "不是目录") {
				t.Errorf("replace %v: %v", replace, err)
			}
			if raw, err := os.ReadFile(target); err != nil || string(raw) != "not a dir" {
				t.Fatalf("the file was changed: %q %v", raw, err)
			}
		}
	})
	t.Run("a read-only parent", func(t *testing.T) {
		mnt := tmpfs.Mount(t, "8m")
		if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
			t.Fatalf("remount ro: %s %v", out, err)
		}
		_, _, err := Restore(bytes.NewReader(good), filepath.Join(mnt, "data"), false, 1)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a server starts meanwhile", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "data")
		// the archive is read while a duban starts on the empty dir
		r := &hookReader{r: bytes.NewReader(good), hook: func() {
			os.MkdirAll(filepath.Join(target, "index.bleve"), 0o755)
			os.WriteFile(filepath.Join(target, "duban.lock"), []byte("4242"), 0o644)
		}}
		_, aside, err := Restore(r, target, true, 1)
		if err == nil || ingest.ErrorCode(err) != ingest.ECONFLICT || aside != "" {
			t.Errorf("err = %v, aside %q", err, aside)
		}
		if _, err := os.Stat(filepath.Join(target, "duban.lock")); err != nil {
			t.Errorf("the running server's dir was moved: %v", err)
		}
	})
	t.Run("a link to the data dir", func(t *testing.T) {
		root := t.TempDir()
		real := filepath.Join(root, "disk", "data")
		os.MkdirAll(real, 0o755)
		os.WriteFile(filepath.Join(real, "vocabulary.txt"), []byte("old"), 0o644)
		link := filepath.Join(root, "data")
		os.Symlink(real, link)
		_, aside, err := Restore(bytes.NewReader(good), link, true, 1)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v %v", fi, err)
		}
		if raw, _ := os.ReadFile(filepath.Join(real, "vocabulary.txt")); string(raw) != "hello" {
			t.Errorf("restored %q where the link points", raw)
		}
		if filepath.Dir(aside) != filepath.Dir(real) {
			t.Errorf("the old dir went to %s", aside)
		}
	})
}

// hookReader calls hook once, after the first read.
type hookReader struct {
	r    io.Reader
	hook func()
	done bool
}

func (h *hookReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p[:min(len(p), 64)])
	if !h.done {
		h.done = true
		h.hook()
	}
	return n, err
}
