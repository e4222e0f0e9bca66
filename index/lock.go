package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Held reports whether a duban process holds dir (serve, ingest, or a
// command reading it), and the PID the lock file names. It only looks: the
// lock is let go at once.
func Held(dir string) (pid string, held bool) {
	f, err := os.Open(filepath.Join(dir, lockFileName))
	if err != nil {
		return "", false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		raw, _ := os.ReadFile(filepath.Join(dir, lockFileName))
		return strings.TrimSpace(string(raw)), true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return "", false
}

// HoldDir takes dir's lock as a writer does, so no duban opens the dir
// until release is called (duban restore holds it while it moves the dir
// aside). A dir that has never held a store (no lock file) is not locked,
// and nothing is written into it; one a process holds is an ECONFLICT
// error naming its PID.
func HoldDir(dir string) (release func(), err error) {
	if _, err := os.Stat(filepath.Join(dir, lockFileName)); errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	f, err := lockDir(dir, false)
	if err != nil {
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
