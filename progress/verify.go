package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// oldReportFile is an earlier version of a report Save kept.
var oldReportFile = regexp.MustCompile(`^([0-9A-Za-z-]+)\.v(\d+)\.old$`)

// CheckDir reads every progress report kept in dataDir without changing
// anything and returns, per damaged file (its path in the data dir), why.
// A report has no checksum of its own: it must be whole JSON and name the
// id its file is named by. It returns how many files it read.
func CheckDir(dataDir string) (int, map[string]string, error) {
	dir := filepath.Join(dataDir, "progress")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("cannot list the progress reports: %w", err)
	}
	damaged := map[string]string{}
	n := 0
	for _, e := range entries {
		id := ""
		if m := reportFile.FindStringSubmatch(e.Name()); m != nil {
			id = m[1]
		} else if m := oldReportFile.FindStringSubmatch(e.Name()); m != nil {
			id = m[1]
		} else {
			continue
		}
		n++
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return n, nil, err
		}
		var r Report
		rel := filepath.Join("progress", e.Name())
		switch {
		case json.Unmarshal(raw, &r) != nil:
			damaged[rel] = "内容不是完整的 JSON"
		case r.ID != id:
			damaged[rel] = fmt.Sprintf("记录的报告 id %q 与文件名不符", r.ID)
		}
	}
	return n, damaged, nil
}
