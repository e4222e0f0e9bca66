package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
)

// bigNotice is a notice too large for a 3 MB disk once indexed.
func bigNotice(id string, year int) *ingest.Document {
	return manyTasks(id, year, ingest.MaxTasks, "并持续推进各项配套措施落实到位,形成可复制可推广的经验做法,及时总结")
}

// TestFailedWriteLeavesStoreUsable: a write the disk refuses — full, or
// read-only — returns an error that says so, and the store goes on at its
// last committed state: every search answers as before (no panic on a
// background goroutine), later writes succeed once the disk allows them,
// and a reopen finds the same.
func TestFailedWriteLeavesStoreUsable(t *testing.T) {
	mnt := tmpfs.Mount(t, "3m")
	dir := filepath.Join(mnt, "data")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	seed := MustParseSeed(t)
	if _, err := s.Replace(seed); err != nil {
		t.Fatal(err)
	}
	before, _ := judgedAnswers(t, s)
	docsBefore := s.Documents()
	same := func(when string) {
		t.Helper()
		after, _ := judgedAnswers(t, s)
		for i := range before {
			if after[i] != before[i] {
				t.Fatalf("%s: query %d answers differently", when, i)
			}
		}
		if got := s.Documents(); len(got) != len(docsBefore) {
			t.Fatalf("%s: documents %v", when, got)
		}
	}

	// A full disk.
	for round := range 2 {
		_, err = s.Replace(bigNotice("2020-big", 2020))
		if err == nil || ingest.ErrorCode(err) != ingest.EINTERNAL || !strings.Contains(ingest.ErrorMessage(err), "磁盘空间不足") {
			t.Fatalf("round %d: replace on a full disk: %v (%s)", round, err, ingest.ErrorMessage(err))
		}
		same("after a write failed on a full disk")
		same("searching again")
	}
	// A small write fits once the failed write's files are gone.
	small := manyTasks("2021-small", 2021, 3, "")
	if _, err := s.Replace(small); err != nil {
		t.Fatalf("a small write after the failure: %v", err)
	}
	if err := s.Delete(small.ID); err != nil {
		t.Fatal(err)
	}
	same("after a small write and its delete")

	// Space freed: the big write succeeds.
	tmpfs.Remount(t, mnt, "size=128m")
	if _, err := s.Replace(bigNotice("2020-big", 2020)); err != nil {
		t.Fatalf("once space is freed: %v", err)
	}

	if _, err := s.Replace(small); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Documents()); n != 3 {
		t.Errorf("after a reopen: %d documents, want 3", n)
	}
	if r, err := s.Search(context.Background(), Request{Docs: []string{"2020-big"}, Size: 1}); err != nil || r.Total != ingest.MaxTasks {
		t.Errorf("the big notice after a reopen: %v %v", r, err)
	}
}

// TestWriteToUnwritableDirFails: a write into a data dir that became
// read-only under the server (its permissions taken away) returns an error
// that says so; searches answer as before, and writes succeed once the
// permissions are back. Root writes through permissions, so the store runs
// in a child process as nobody.
func TestWriteToUnwritableDirFails(t *testing.T) {
	base, err := os.MkdirTemp("", "duban-unwritable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	bin := filepath.Join(base, "index.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "data")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{base} {
		os.Chmod(p, 0o755)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const nobody = 65534
	if err := os.Chown(dir, nobody, nobody); err != nil {
		t.Fatalf("chown (the test needs root, as .ci/run has): %v", err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=unwritable:"+dir, "HOME="+base)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ok") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// runUnwritableChild is TestWriteToUnwritableDirFails's child: it returns
// the exit code, printing what went wrong or "ok".
func runUnwritableChild(dir string) int {
	fail := func(format string, args ...any) int {
		fmt.Printf(format+"\n", args...)
		return 1
	}
	s, err := Open(dir, Options{})
	if err != nil {
		return fail("open: %v", err)
	}
	defer s.Close()
	if _, err := s.Replace(MustParseSeed(nil)); err != nil {
		return fail("seed: %v", err)
	}
	answers := func() string {
		var b strings.Builder
		for _, q := range []string{"垃圾分类", "未来科技城", "美丽 乡村", ""} {
			r, err := s.Search(context.Background(), Request{Query: q, Size: MaxSize})
			if err != nil {
				return "error: " + err.Error()
			}
			r.TookMS = 0
			raw, _ := json.Marshal(r)
			b.Write(raw)
		}
		return b.String()
	}
	before := answers()
	store := filepath.Join(dir, indexDirName, "store")
	for _, p := range []string{store, filepath.Join(dir, indexDirName)} {
		if err := os.Chmod(p, 0o555); err != nil {
			return fail("chmod: %v", err)
		}
	}
	small := manyTasks("2021-small", 2021, 3, "")
	for round := range 2 {
		_, err := s.Replace(small)
		if err == nil || !strings.Contains(ingest.ErrorMessage(err), "不可写") {
			return fail("round %d: replace in an unwritable dir: %v (%s)", round, err, ingest.ErrorMessage(err))
		}
		if got := answers(); got != before {
			return fail("round %d: answers changed after the failed write: %s", round, got[:min(len(got), 200)])
		}
	}
	for _, p := range []string{store, filepath.Join(dir, indexDirName)} {
		os.Chmod(p, 0o755)
	}
	if _, err := s.Replace(small); err != nil {
		return fail("once writable again: %v", err)
	}
	if n := len(s.Documents()); n != 2 {
		return fail("%d documents, want 2", n)
	}
	fmt.Println("ok")
	return 0
}

// TestReadOnlyDataDir: a data dir that cannot be written (a read-only
// mount) can still be searched; writes are refused with a clear error.
func TestReadOnlyDataDir(t *testing.T) {
	mnt := tmpfs.Mount(t, "16m")
	dir := filepath.Join(mnt, "data")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	want, _ := judgedAnswers(t, s)
	s.Close()
	tmpfs.Remount(t, mnt, "ro")
	if _, err := Open(dir, Options{}); err == nil {
		t.Error("opened a read-only dir for writing")
	}
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	if got, _ := judgedAnswers(t, ro); !slices.Equal(got, want) {
		t.Error("a read-only store answers differently")
	}
	if _, err := ro.Replace(manyTasks("2021-x", 2021, 1, "")); ingest.ErrorCode(err) != ingest.EFORBIDDEN {
		t.Errorf("write to a read-only store: %v", err)
	}
	if _, err := Open(filepath.Join(mnt, "missing"), Options{ReadOnly: true}); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("read-only open of a dir without an index: %v", err)
	}
	var e *ingest.Error
	_ = errors.As(err, &e)
}
