package source

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestRemoveStaleConversions: a conversion dir whose process is gone, or
// an unnamed one untouched for a day, is removed; one of a running
// process (this one, pid 1) and a fresh unnamed one are left alone, as is
// anything else in the temporary dir.
func TestRemoveStaleConversions(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	mk := func(name string, age time.Duration) string {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(p, "out"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "notice.doc"), []byte("x"), 0o600)
		when := time.Now().Add(-age)
		os.Chtimes(p, when, when)
		return p
	}
	dead := mk(convertPrefix+strconv.Itoa(gone.Process.Pid)+"-123", 0)
	oldUnnamed := mk(convertPrefix+"987654", 48*time.Hour)
	keep := []string{
		mk(convertPrefix+strconv.Itoa(os.Getpid())+"-1", 48*time.Hour),
		mk(convertPrefix+"1-2", 48*time.Hour),
		mk(convertPrefix+"555", time.Minute),
		mk("duban-other-1", 48*time.Hour),
	}
	removed := RemoveStaleConversions()
	slices.Sort(removed)
	want := []string{dead, oldUnnamed}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	for _, p := range want {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}
