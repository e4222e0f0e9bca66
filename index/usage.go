package index

import (
	"io/fs"
	"path/filepath"
)

// DiskBytes is how many bytes the index takes on disk now. Files merged
// away while it counts are left out, not an error.
func (s *Store) DiskBytes() (int64, error) {
	var n int64
	err := filepath.WalkDir(s.indexPath(), func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && !d.IsDir() {
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n, err
}
