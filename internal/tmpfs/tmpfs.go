// Package tmpfs gives the failure tests a small disk of their own: a tmpfs
// they can fill, or remount read-only, to see what duban does when a write
// is refused. Mounting needs root (.ci/run runs the tests as root);
// without it the test fails, saying so, rather than skipping.
package tmpfs

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Mount mounts a tmpfs of size (mount's syntax: 3m, 16k) on a new
// directory and unmounts it when the test ends.
func Mount(tb testing.TB, size string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		tb.Fatalf("cannot mount a tmpfs (the test needs root, as .ci/run has): %s %v", out, err)
	}
	tb.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// Remount changes a mounted tmpfs's options: "ro", "rw", "rw,size=64m".
func Remount(tb testing.TB, dir, opts string) {
	tb.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput(); err != nil {
		tb.Fatalf("remount %s: %s %v", opts, out, err)
	}
}

// Fill writes a file into dir until the disk is full, and returns a
// function that removes it (the disk has room again).
func Fill(tb testing.TB, dir string) (free func()) {
	tb.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	for chunk := make([]byte, 64<<10); ; {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	return func() {
		if err := os.Remove(name); err != nil {
			tb.Fatal(err)
		}
	}
}
