package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/duban/duban/ingest"
)

// FormatVersion is the format of a data dir this duban writes and reads:
// the index's fields and stored tasks, the history, the progress reports
// and the vocabulary beside it. A newer duban that changes any of them
// raises it; a data dir written by a newer format is refused, never
// misread. (Format 1 is a data dir from before the marker existed; 2 added
// the marker; 3 stores tasks in a binary form (taskcodec.go) and the
// task's number as the keyword seq_key, which a format-2 duban cannot
// read; 4 stores after a task the fields the office corrected by hand
// (ingest.Task.Corrected), which a format-3 duban would take for a damaged
// task, and keeps the office's corrections in the history's versions.
// This duban reads all four.)
const FormatVersion = 4

// formatFile is the data dir's marker of the format that wrote it.
const formatFile = "duban-format.json"

// DataFormat is what the marker holds.
type DataFormat struct {
	Format int `json:"format"`
	// WrittenBy is the version of duban that last opened the dir for
	// writing.
	WrittenBy string `json:"written_by,omitempty"`
}

// ReadFormat returns the format of a data dir: its marker's, 1 for a dir
// with an index and no marker, 0 for an empty dir.
func ReadFormat(dir string) (DataFormat, error) {
	raw, err := os.ReadFile(filepath.Join(dir, formatFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		if Exists(dir) {
			return DataFormat{Format: 1}, nil
		}
		return DataFormat{}, nil
	case err != nil:
		return DataFormat{}, fmt.Errorf("cannot read the data dir's format: %w", err)
	}
	var f DataFormat
	if err := json.Unmarshal(raw, &f); err != nil || f.Format <= 0 {
		return DataFormat{}, ingest.Errorf(ingest.ECORRUPT, "数据目录的格式标记 %s 已损坏", formatFile)
	}
	return f, nil
}

// checkFormat refuses a data dir a newer duban wrote and, when writing,
// marks it with this one's format.
func checkFormat(dir string, write bool, version string) error {
	f, err := ReadFormat(dir)
	if err != nil {
		return err
	}
	if f.Format > FormatVersion {
		by := ""
		if f.WrittenBy != "" {
			by = "(" + f.WrittenBy + ")"
		}
		return ingest.Errorf(ingest.ECONFLICT, "数据目录 %s 由较新版本的 duban%s 写入(数据格式 %d),本程序只能读写格式 %d;请升级 duban 后再打开,不要用旧版本打开以免读错",
			dir, by, f.Format, FormatVersion)
	}
	if !write || f.Format == FormatVersion && f.WrittenBy == version {
		return nil
	}
	raw, _ := json.Marshal(DataFormat{Format: FormatVersion, WrittenBy: version})
	tmp := filepath.Join(dir, formatFile+".tmp")
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("cannot mark the data dir's format: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, formatFile))
}
