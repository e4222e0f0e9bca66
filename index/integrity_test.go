package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
)

// seededDir returns a closed data dir holding the seed and next year's
// notice, and the segment files of its index.
func seededDir(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceMany([]*ingest.Document{MustParseSeed(t), nextYear(t)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := committedSegments(filepath.Join(dir, indexDirName))
	if err != nil || len(files) == 0 {
		t.Fatalf("segments: %v %v", files, err)
	}
	return dir, files
}

// damage rewrites a file through fn.
func damage(t *testing.T, file string, fn func([]byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, fn(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func flip(at func(n int) int) func([]byte) []byte {
	return func(b []byte) []byte { b[at(len(b))] ^= 0x5a; return b }
}

// storedKey finds a byte of a stored task in a segment file: the second
// character of the first four characters of a seed task's text that stand
// as a literal among the stored fields (compressed, but what they hold
// once stays a literal), which a zap file holds first, before the offset
// its footer gives (the stored fields index). -1 when there is none.
func storedKey(b []byte) int {
	if len(b) < 32 {
		return -1
	}
	end := int(binary.BigEndian.Uint64(b[len(b)-28:])) // crc, version, chunk mode, sections index, then this
	for _, t := range seedTexts {
		r := []rune(t)
		for i := 0; i+4 <= len(r); i++ {
			w := []byte(string(r[i : i+4]))
			if at := bytes.Index(b, w); at >= 0 && at+len(w) <= end {
				return at + 3
			}
		}
	}
	return -1
}

// seedTexts are the seed notice's task texts.
var seedTexts = func() []string {
	var out []string
	for _, t := range MustParseSeed(nil).Tasks {
		out = append(out, t.Text)
	}
	return out
}()

// TestOpenRefusesDamagedSegments: a segment file with a byte changed
// anywhere, or cut short, is found by its checksum when the store opens:
// the store is refused with a message that says what to do, never served
// with changed text and never a panic.
func TestOpenRefusesDamagedSegments(t *testing.T) {
	tests := []struct {
		name string
		fn   func([]byte) []byte
	}{
		{"a byte of a stored task", flip(func(int) int { return -1 })}, // placeholder, set below
		{"a byte in the middle", flip(func(n int) int { return n / 2 })},
		{"a byte near the end (the footer)", flip(func(n int) int { return n - 12 })},
		{"the checksum itself", flip(func(n int) int { return n - 1 })},
		{"cut short", func(b []byte) []byte { return b[:len(b)-1000] }},
		{"cut to nothing", func([]byte) []byte { return nil }},
	}
	tests[0].fn = func(b []byte) []byte { b[max(0, storedKey(b))] ^= 0x20; return b }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, files := seededDir(t)
			damage(t, files[len(files)-1], tt.fn)
			_, err := Open(dir, Options{})
			if ingest.ErrorCode(err) != ingest.ECORRUPT || !strings.Contains(ingest.ErrorMessage(err), "duban repair") {
				t.Fatalf("open a damaged store: %v (%s)", err, ingest.ErrorCode(err))
			}
			rep, err := Check(dir, Options{})
			if err != nil || rep.OK() || len(rep.Damaged) == 0 {
				t.Errorf("check: %+v %v", rep, err)
			}
		})
	}
}

// TestDamagedTaskRefusedOnRead: a task whose stored bytes changed after the
// store was opened is an ECORRUPT error when it is read, not a hit with a
// garbled text or a lost leader; duban check names it and duban repair
// rebuilds the index from every task that is whole, listing the one lost.
func TestDamagedTaskRefusedOnRead(t *testing.T) {
	dir, files := seededDir(t)
	var damaged string
	for _, f := range files {
		if data, _ := os.ReadFile(f); storedKey(data) >= 0 {
			damaged = f
			damage(t, f, func(b []byte) []byte { b[storedKey(b)] ^= 0x01; return b }) // another character
			break
		}
	}
	if damaged == "" {
		t.Fatal("no stored task text found in the segments")
	}
	s, err := Open(dir, Options{SkipVerify: true}) // as if the byte changed after the store was opened
	if err != nil {
		t.Fatal(err)
	}
	var readErr error
	for _, d := range s.Documents() {
		for from := 0; from < d.TaskCount && readErr == nil; from += MaxSize {
			_, readErr = s.Search(context.Background(), Request{Docs: []string{d.ID}, From: from, Size: MaxSize})
		}
	}
	if ingest.ErrorCode(readErr) != ingest.ECORRUPT {
		t.Errorf("reading every task: %v, want a corrupt error", readErr)
	}
	s.Close()

	rep, err := Check(dir, Options{})
	if err != nil || rep.OK() || len(rep.Problems) == 0 {
		t.Fatalf("check: %+v %v", rep, err)
	}
	repaired, err := Repair(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if repaired.Tasks != 83+83-1 || len(repaired.Lost) == 0 || repaired.SetAside == "" {
		t.Errorf("repair: %+v", repaired)
	}
	if _, err := os.Stat(repaired.SetAside); err != nil {
		t.Errorf("the damaged index was not set aside: %v", err)
	}
	if rep, err := Check(dir, Options{}); err != nil || !rep.OK() {
		t.Errorf("check after repair: %+v %v", rep, err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("open after repair: %v", err)
	}
	defer s.Close()
	total := 0
	for _, d := range s.Documents() {
		total += d.TaskCount
		r, err := s.Search(context.Background(), Request{Docs: []string{d.ID}, Size: 1})
		if err != nil || int(r.Total) != d.TaskCount {
			t.Errorf("document %s after repair: %v %v", d.ID, r, err)
		}
	}
	if total != 165 {
		t.Errorf("%d tasks after repair, want 165", total)
	}
	if r := mustSearch(t, s, Request{Query: "垃圾分类"}); r.Total < 1 {
		t.Errorf("垃圾分类 after repair: %d", r.Total)
	}
}
