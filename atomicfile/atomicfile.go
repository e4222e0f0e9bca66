// Package atomicfile writes files so that a crash leaves them whole or
// absent: the data goes to a temporary file beside the target, which is
// synced, renamed over the target, and the directory synced. The library of
// versions, the progress book and the vocabulary all keep their files so.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write writes data to path atomically.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", filepath.Base(path), err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", filepath.Base(path), err)
	}
	return SyncDir(dir)
}

// SyncDir syncs a directory, so a rename in it is on disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("cannot sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("cannot sync %s: %w", dir, err)
	}
	return nil
}

// IsTemporary reports a file name Write leaves behind when a crash cuts it
// short; such files are removed when their directory is opened again.
func IsTemporary(name string) bool { return strings.Contains(name, ".tmp-") }
