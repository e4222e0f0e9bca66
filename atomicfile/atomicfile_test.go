package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.json")
	if err := Write(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if err := Write(filepath.Join(dir, "missing", "b"), nil); err == nil {
		t.Error("a write into a missing dir succeeded")
	}
	if !IsTemporary("a.json.tmp-123") || IsTemporary("a.json") {
		t.Error("IsTemporary")
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	files := []File{{filepath.Join(dir, "a"), []byte("one")}, {filepath.Join(sub, "b"), []byte("two")}, {filepath.Join(dir, "c"), nil}}
	if err := Write(files[0].Path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAll(files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if b, err := os.ReadFile(f.Path); err != nil || string(b) != string(f.Data) {
			t.Errorf("%s: %q %v, want %q", f.Path, b, err, f.Data)
		}
	}
	// a file that cannot be written: none is renamed, no temporary is left
	err := WriteAll([]File{{filepath.Join(dir, "a"), []byte("three")}, {filepath.Join(dir, "missing", "d"), []byte("four")}})
	if err == nil {
		t.Fatal("a write into a missing dir succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a")); string(b) != "one" {
		t.Errorf("a failed WriteAll renamed a file: %q", b)
	}
	for _, d := range []string{dir, sub} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if IsTemporary(e.Name()) {
				t.Errorf("left behind: %s", e.Name())
			}
		}
	}
}
