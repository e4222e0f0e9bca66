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
	"sync"
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

// File is one file of WriteAll: where it goes and its bytes.
type File struct {
	Path string
	Data []byte
}

// syncsAtOnce bounds the syncs WriteAll has running at once.
const syncsAtOnce = 16

// WriteAll writes files as Write writes each, for a caller that writes
// many at a time (a bulk import keeps three files a notice): every file
// goes to its temporary name, the temporary files are synced together,
// renamed in their order, and each directory is synced once. Write syncs
// every file and its directory in turn, and each sync waits for a commit
// of the file system's journal of its own (on ext4 a commit also flushes
// what the index wrote meanwhile); syncs made together share commits.
// When it fails, the files not yet renamed are removed and the error
// names the first that failed; the files renamed before stay, as they
// would after Write called for each in turn.
func WriteAll(files []File) error {
	if len(files) == 0 {
		return nil
	}
	tmps := make([]*os.File, len(files))
	defer func() {
		for _, f := range tmps {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	for i, file := range files {
		f, err := os.CreateTemp(filepath.Dir(file.Path), filepath.Base(file.Path)+".tmp-*")
		if err != nil {
			return Failed(file.Path, err)
		}
		tmps[i] = f
		if _, err := f.Write(file.Data); err != nil {
			return Failed(file.Path, err)
		}
	}
	errs := make([]error, len(files))
	sem := make(chan struct{}, syncsAtOnce)
	var wg sync.WaitGroup
	for i, f := range tmps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f.Sync()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return Failed(files[i].Path, err)
		}
	}
	var dirs []string
	seen := map[string]bool{}
	for i, f := range tmps {
		err := f.Close()
		if err == nil {
			err = os.Rename(f.Name(), files[i].Path)
		}
		if err != nil {
			return Failed(files[i].Path, err)
		}
		tmps[i] = nil
		if dir := filepath.Dir(files[i].Path); !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	errs = errs[:len(dirs)]
	for i, dir := range dirs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = SyncDir(dir)
		}()
	}
	wg.Wait()
	return errors.Join(errs[:len(dirs)]...)
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
