package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/duban/duban/ingest"
)

// Backup copies the index as one consistent snapshot into dir (which must
// be empty or absent), with bleve's online copy: searches go on, writes
// wait until it is done. The copy is a whole index a Store opens. The data
// dir's format marker is copied beside it.
//
// A segment file the snapshot holds is hard-linked into dir rather than
// copied when dir is on the index's disk (a segment is never changed once
// written), so a backup costs the data disk no more than the index's
// small root file, however large the index; the bytes bleve streams for
// it are compared with the linked file's, so a link is only kept when it
// is exactly what bleve copies. On another disk, or where links are not
// allowed, the files are copied.
func (s *Store) Backup(dir string) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.idxMu.RLock()
	defer s.idxMu.RUnlock()
	if s.idx == nil {
		return ingest.Errorf(ingest.ECORRUPT, "索引没有打开,无法备份")
	}
	c, ok := s.idx.(bleve.IndexCopyable)
	if !ok {
		return fmt.Errorf("the index cannot be copied online")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the backup dir: %w", err)
	}
	d := &linkingDir{src: filepath.Join(s.dir, indexDirName), dst: filepath.Join(dir, indexDirName)}
	if err := c.CopyTo(d); err != nil {
		return fmt.Errorf("cannot copy the index: %w", err)
	}
	if err := d.check(); err != nil {
		return fmt.Errorf("cannot copy the index: %w", err)
	}
	f, err := ReadFormat(s.dir)
	if err != nil {
		return err
	}
	if f.Format == 0 || f.Format == 1 {
		f.Format = FormatVersion
	}
	return checkFormatCopy(dir, f)
}

// checkFormatCopy writes a format marker into a copy of a data dir.
func checkFormatCopy(dir string, f DataFormat) error {
	raw := fmt.Sprintf(`{"format":%d,"written_by":%q}`, f.Format, f.WrittenBy)
	return os.WriteFile(filepath.Join(dir, formatFile), []byte(raw), 0o644)
}

// linkingDir is the bleve Directory a backup copies the index into: a
// segment file that exists in the live index is hard-linked, every other
// file (root.bolt, the index's metadata, a segment not yet on disk) is
// written.
type linkingDir struct {
	src, dst string
	mu       sync.Mutex
	linked   []*linkedFile
}

func (d *linkingDir) GetWriter(name string) (io.WriteCloser, error) {
	dst := filepath.Join(d.dst, name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	if strings.HasSuffix(name, ".zap") {
		if err := os.Link(filepath.Join(d.src, name), dst); err == nil {
			f, err := os.Open(dst)
			if err != nil {
				return nil, err
			}
			l := &linkedFile{path: dst, f: f}
			d.mu.Lock()
			d.linked = append(d.linked, l)
			d.mu.Unlock()
			return l, nil
		}
	}
	return os.Create(dst)
}

// check says whether every linked file received exactly its own bytes
// (bleve ignores the errors of Close, so a short copy shows only here).
func (d *linkingDir) check() error {
	var errs []error
	for _, l := range d.linked {
		errs = append(errs, l.finish())
	}
	return errors.Join(errs...)
}

// linkedFile is the writer of a segment hard-linked into the copy: what
// bleve writes is compared with what the file holds.
type linkedFile struct {
	path string
	f    *os.File
	n    int64
	err  error
	buf  []byte
}

func (l *linkedFile) Write(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if cap(l.buf) < len(p) {
		l.buf = make([]byte, len(p))
	}
	got := l.buf[:len(p)]
	if _, err := io.ReadFull(l.f, got); err != nil || !bytes.Equal(got, p) {
		l.err = fmt.Errorf("the linked segment %s differs from what the index copies", filepath.Base(l.path))
		return 0, l.err
	}
	l.n += int64(len(p))
	return len(p), nil
}

func (l *linkedFile) Close() error { return nil }

// finish closes the file and says whether it was copied whole.
func (l *linkedFile) finish() error {
	defer l.f.Close()
	if l.err != nil {
		return l.err
	}
	st, err := l.f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != l.n {
		return fmt.Errorf("the linked segment %s has %d bytes, the index copied %d", filepath.Base(l.path), st.Size(), l.n)
	}
	return nil
}
