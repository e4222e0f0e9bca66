package index

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"

	"github.com/duban/duban/ingest"
)

// Backup copies the index as one consistent snapshot into dir (which must
// be empty or absent), with bleve's online copy: searches go on, writes
// wait until it is done. The copy is a whole index a Store opens. The data
// dir's format marker is copied beside it.
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
	if err := c.CopyTo(bleve.FileSystemDirectory(filepath.Join(dir, indexDirName))); err != nil {
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
