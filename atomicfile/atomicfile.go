// Package atomicfile writes files so that a crash leaves them whole or
// absent: the data goes to a temporary file beside the target, which is
// synced, renamed over the target, and the directory synced. The library of
// versions, the progress book and the vocabulary all keep their files so.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/duban/duban/ingest"
)

// Write writes data to path atomically. A write the disk refuses is an
// error that says why in the office's words (Failed).
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return Failed(path, err)
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
		return Failed(path, err)
	}
	return SyncDir(dir)
}

// Reason says in words why the disk refused a write: 磁盘空间不足 (no space
// or quota left), 数据目录不可写 (read-only, no permission), or 写入磁盘出错.
// Some libraries (bleve) report the cause as text only, so the text is
// read too.
func Reason(err error) string {
	has := func(errno syscall.Errno) bool {
		return errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error())
	}
	switch {
	case has(syscall.ENOSPC), has(syscall.EDQUOT):
		return "磁盘空间不足"
	case has(syscall.EROFS), has(syscall.EACCES), has(syscall.EPERM):
		return "数据目录不可写"
	default:
		return "写入磁盘出错"
	}
}

// Failed is the error of a write to path that the disk refused: an
// internal error (500, logged) whose message names the file and says why
// (写入 PATH 失败(磁盘空间不足)), wrapping the cause. nil stays nil.
func Failed(path string, err error) error {
	if err == nil {
		return nil
	}
	var we *WriteError
	if errors.As(err, &we) {
		return err // said already
	}
	return &WriteError{Msg: fmt.Sprintf("写入 %s 失败(%s)", path, Reason(err)), Err: err}
}

// WriteError is a write the disk refused: Msg says what and why, in the
// office's words.
type WriteError struct {
	Msg string
	Err error
}

func (e *WriteError) Error() string { return e.Msg + ": " + e.Err.Error() }

// Unwrap gives the application error (EINTERNAL, with Msg) and the cause.
func (e *WriteError) Unwrap() []error {
	return []error{ingest.Errorf(ingest.EINTERNAL, "%s", e.Msg), e.Err}
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
