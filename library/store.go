package library

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

// Files of a document's history: NNNNNN.json is a version's header (small,
// listed), NNNNNN.doc.json.gz its whole Document (read to restore or diff).
var versionFile = regexp.MustCompile(`^(\d{6})\.json$`)

const trashedFile = "trashed.json"

func (l *Library) docsDir() string            { return filepath.Join(l.dir, "docs") }
func (l *Library) originalsDir() string       { return filepath.Join(l.dir, "originals") }
func (l *Library) docDir(id string) string    { return filepath.Join(l.docsDir(), id) }
func (l *Library) trashPath(id string) string { return filepath.Join(l.docDir(id), trashedFile) }

func (l *Library) headerPath(id string, v int) string {
	return filepath.Join(l.docDir(id), fmt.Sprintf("%06d.json", v))
}

func (l *Library) bodyPath(id string, v int) string {
	return filepath.Join(l.docDir(id), fmt.Sprintf("%06d.doc.json.gz", v))
}

// records lists a document's version headers, oldest first.
func (l *Library) records(id string) ([]Version, error) {
	entries, err := os.ReadDir(l.docDir(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the history of %s: %w", id, err)
	}
	var out []Version
	for _, e := range entries {
		m := versionFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		// a header whose body is missing is a version a crash cut short
		if _, err := os.Stat(l.bodyPath(id, n)); err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(l.docDir(id), e.Name()))
		if err != nil {
			return nil, fmt.Errorf("cannot read version %d of %s: %w", n, id, err)
		}
		var v Version
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, ingest.Errorf(ingest.ECORRUPT, "文件 %s 的第 %d 版记录已损坏", id, n)
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// nextVersion is the number a document's next version gets.
func (l *Library) nextVersion(id string) (int, error) {
	recs, err := l.records(id)
	if err != nil {
		return 0, err
	}
	next := 1
	for _, v := range recs {
		next = max(next, v.Version+1)
	}
	if info, live := l.live(id); live {
		next = max(next, info.Version+1)
	}
	return next, nil
}

// versionBody is what a version's body holds: the Document as served, and
// the layer of corrections by hand that made it from what the parser read
// (correct.go). A body written before corrections were kept has none.
type versionBody struct {
	*ingest.Document
	Corrections []Correction `json:"corrections,omitempty"`
}

// writeVersion keeps a version: the Document and its corrections first,
// then its header, so a listed version always has its body.
func (l *Library) writeVersion(v Version, doc *ingest.Document, layer []Correction) error {
	if err := os.MkdirAll(l.docDir(doc.ID), 0o755); err != nil {
		return fmt.Errorf("cannot create the history of %s: %w", doc.ID, err)
	}
	var body bytes.Buffer
	zw := gzip.NewWriter(&body)
	if err := json.NewEncoder(zw).Encode(versionBody{Document: doc, Corrections: layer}); err != nil {
		return fmt.Errorf("cannot encode version %d of %s: %w", v.Version, doc.ID, err)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := atomicfile.Write(l.bodyPath(doc.ID, v.Version), body.Bytes()); err != nil {
		return err
	}
	v.Current, v.Original = false, false // derived when listed
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return atomicfile.Write(l.headerPath(doc.ID, v.Version), raw)
}

// document reads a kept version's whole Document.
func (l *Library) document(id string, v int) (*ingest.Document, error) {
	doc, _, err := l.body(id, v)
	return doc, err
}

// body reads a kept version's whole Document and its corrections.
func (l *Library) body(id string, v int) (*ingest.Document, []Correction, error) {
	f, err := os.Open(l.bodyPath(id, v))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, ingest.Errorf(ingest.ENOTFOUND, "文件 %s 没有第 %d 版", id, v)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read version %d of %s: %w", v, id, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, ingest.Errorf(ingest.ECORRUPT, "文件 %s 的第 %d 版已损坏", id, v)
	}
	b := versionBody{Document: &ingest.Document{}}
	if err := json.NewDecoder(zr).Decode(&b); err != nil {
		return nil, nil, ingest.Errorf(ingest.ECORRUPT, "文件 %s 的第 %d 版已损坏", id, v)
	}
	return b.Document, b.Corrections, nil
}

// trashed reports whether the document was deleted into the trash.
func (l *Library) trashed(id string) bool {
	_, err := os.Stat(l.trashPath(id))
	return err == nil
}

// removeTemporaries deletes the temporary files a crash left behind.
func (l *Library) removeTemporaries() {
	filepath.WalkDir(l.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && atomicfile.IsTemporary(d.Name()) {
			os.Remove(path)
		}
		return nil
	})
}

// Originals: the uploaded bytes, named by their SHA-256.

var checksumRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (l *Library) originalPath(sum string) string { return filepath.Join(l.originalsDir(), sum) }

func (l *Library) hasOriginal(sum string) bool {
	if !checksumRe.MatchString(sum) {
		return false
	}
	_, err := os.Stat(l.originalPath(sum))
	return err == nil
}

// Original opens the kept bytes of a file by checksum.
func (l *Library) Original(sum string) (io.ReadCloser, int64, error) {
	if !l.hasOriginal(sum) {
		return nil, 0, ingest.Errorf(ingest.ENOTFOUND, "原始文件没有保留(超出保留空间,或导入于保留原件之前)")
	}
	f, err := os.Open(l.originalPath(sum))
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open original: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

// keepOriginal stores data under its checksum within the budget: when it
// does not fit, originals that no current version needs go first (the
// document replacing is one that no longer needs its own), oldest first;
// when it still does not fit, it is not kept (false).
func (l *Library) keepOriginal(sum string, data []byte, replacing string) (bool, error) {
	if l.budget < 0 || int64(len(data)) > l.budget || !checksumRe.MatchString(sum) {
		return false, nil
	}
	if l.hasOriginal(sum) {
		return true, nil
	}
	type file struct {
		sum  string
		size int64
		mod  time.Time
	}
	entries, err := os.ReadDir(l.originalsDir())
	if err != nil {
		return false, fmt.Errorf("cannot list originals: %w", err)
	}
	var files []file
	var total int64
	for _, e := range entries {
		if !checksumRe.MatchString(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, file{e.Name(), info.Size(), info.ModTime()})
		total += info.Size()
	}
	if total+int64(len(data)) > l.budget {
		current := map[string]bool{}
		for _, d := range l.idx.Documents() {
			if d.ID != replacing {
				current[d.Checksum] = true
			}
		}
		slices.SortFunc(files, func(a, b file) int { return a.mod.Compare(b.mod) })
		for _, f := range files {
			if total+int64(len(data)) <= l.budget {
				break
			}
			if current[f.sum] {
				continue
			}
			if err := os.Remove(l.originalPath(f.sum)); err == nil {
				total -= f.size
			}
		}
		if total+int64(len(data)) > l.budget {
			return false, nil
		}
	}
	if err := atomicfile.Write(l.originalPath(sum), data); err != nil {
		return false, err
	}
	return true, nil
}
