package library

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Damage is a file of the history that failed its check: its path in the
// data dir and why.
type Damage struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// HistoryReport is what CheckHistory read.
type HistoryReport struct {
	Originals int      `json:"originals"`
	Versions  int      `json:"versions"`
	Damaged   []Damage `json:"damaged"`
}

// CheckHistory reads every file of the history in dataDir without changing
// anything: each kept original against the SHA-256 that names it, each
// version's body to its end (gzip's CRC-32, its id, its tasks' document),
// each version's header as JSON agreeing with its body. A data dir without
// a history has nothing to check.
func CheckHistory(dataDir string) (*HistoryReport, error) {
	l := &Library{dir: filepath.Join(dataDir, "history")}
	rep := &HistoryReport{Damaged: []Damage{}}
	bad := func(p, why string) { rep.Damaged = append(rep.Damaged, Damage{File: l.rel(p), Reason: why}) }
	originals, err := os.ReadDir(l.originalsDir())
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot list the originals: %w", err)
	}
	for _, e := range originals {
		if !checksumRe.MatchString(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		rep.Originals++
		if why, err := checkFile(l.originalPath(e.Name()), func(f io.Reader) string { return originalDamage(f, e.Name()) }); err != nil {
			return nil, err
		} else if why != "" {
			bad(l.originalPath(e.Name()), why)
		}
	}
	docs, err := os.ReadDir(l.docsDir())
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot list the history: %w", err)
	}
	for _, d := range docs {
		id := d.Name()
		if !d.IsDir() || checkID(id) != nil {
			continue
		}
		entries, err := os.ReadDir(l.docDir(id))
		if err != nil {
			return nil, fmt.Errorf("cannot read the history of %s: %w", id, err)
		}
		for _, e := range entries {
			m := versionFile.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			if _, err := os.Stat(l.bodyPath(id, n)); err != nil {
				continue // a version a crash cut short: never listed
			}
			rep.Versions++
			var body Version
			why, err := checkFile(l.bodyPath(id, n), func(f io.Reader) string {
				doc, why := readBody(f, id)
				if doc != nil {
					body = Version{Version: doc.Version, Checksum: doc.Checksum, Tasks: len(doc.Tasks)}
				}
				return why
			})
			if err != nil {
				return nil, err
			}
			if why != "" {
				bad(l.bodyPath(id, n), why)
				continue
			}
			raw, err := os.ReadFile(l.headerPath(id, n))
			if err != nil {
				return nil, fmt.Errorf("cannot read %s: %w", l.headerPath(id, n), err)
			}
			var head Version
			switch {
			case json.Unmarshal(raw, &head) != nil:
				bad(l.headerPath(id, n), "内容不是完整的 JSON")
			case head.Version != n || head.Tasks != body.Tasks || body.Version != 0 && body.Version != n ||
				head.Checksum != "" && body.Checksum != "" && head.Checksum != body.Checksum:
				bad(l.headerPath(id, n), fmt.Sprintf("与第 %d 版的内容不符(版本 %d,任务 %d 项,内容记录为 %d 项)", n, head.Version, head.Tasks, body.Tasks))
			}
		}
	}
	slices.SortFunc(rep.Damaged, func(a, b Damage) int { return strings.Compare(a.File, b.File) })
	return rep, nil
}

// checkFile opens a file and says what check finds wrong with it.
func checkFile(p string, check func(io.Reader) string) (string, error) {
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil // removed meanwhile (trash emptied, original let go)
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", p, err)
	}
	defer f.Close()
	return check(f), nil
}

// originalDamage says why r is not the original sum names, or "".
func originalDamage(r io.Reader, sum string) string {
	n, err := verifyOriginal(r, sum)
	switch {
	case err != nil:
		return "无法读取:" + err.Error()
	case n < 0:
		return "内容与其 SHA-256 名称不符"
	}
	return ""
}

// VerifyFile checks a file of the data dir by what it is, from its path
// relative to the data dir (slash-separated): a kept original against its
// SHA-256 name, a version's body read to its end. Any other file passes.
// It returns why the file is damaged, or "". A backup checks every file so
// before it goes into the archive, and a restore every file it installs.
func VerifyFile(rel string, r io.Reader) string {
	dir, name := path.Split(rel)
	switch {
	case dir == "history/originals/" && checksumRe.MatchString(name):
		return originalDamage(r, name)
	case strings.HasPrefix(dir, "history/docs/") && strings.HasSuffix(name, ".doc.json.gz"):
		id := strings.TrimSuffix(strings.TrimPrefix(dir, "history/docs/"), "/")
		if checkID(id) != nil {
			return ""
		}
		_, why := readBody(r, id)
		return why
	}
	return ""
}
