package library

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
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
// With w, its two files are gathered there (in that order) for w.flush.
func (l *Library) writeVersion(v Version, doc *ingest.Document, layer []Correction, w *pendingWrites) error {
	if err := os.MkdirAll(l.docDir(doc.ID), 0o755); err != nil {
		return atomicfile.Failed(l.docDir(doc.ID), err)
	}
	var body bytes.Buffer
	zw := gzip.NewWriter(&body)
	if err := json.NewEncoder(zw).Encode(versionBody{Document: doc, Corrections: layer}); err != nil {
		return fmt.Errorf("cannot encode version %d of %s: %w", v.Version, doc.ID, err)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	v.Current, v.Original = false, false // derived when listed
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if w != nil {
		w.files = append(w.files, atomicfile.File{Path: l.bodyPath(doc.ID, v.Version), Data: body.Bytes()},
			atomicfile.File{Path: l.headerPath(doc.ID, v.Version), Data: raw})
		return nil
	}
	if err := atomicfile.Write(l.bodyPath(doc.ID, v.Version), body.Bytes()); err != nil {
		return err
	}
	return atomicfile.Write(l.headerPath(doc.ID, v.Version), raw)
}

// pendingWrites are the files of the versions and originals an import
// keeps, gathered to be written together (flush): a bulk import keeps
// three files a notice, and written one after another each waited for two
// syncs of its own (with the chunk's parse waiting behind them).
type pendingWrites struct {
	files     []atomicfile.File
	originals map[string]bool // the originals among files, by checksum
	counted   bool            // some of them count in l.originals already
}

// flush writes w's files (atomicfile.WriteAll): all synced at once, then
// renamed in the order they were gathered — an original before its
// version's body, a body before its header, as Write in turn would.
func (l *Library) flush(w *pendingWrites) error {
	err := atomicfile.WriteAll(w.files)
	w.files = nil
	return err
}

// flushFailed says that what w gathered may not all be on disk: the
// originals' running count is worked out again when next needed.
func (l *Library) flushFailed(w *pendingWrites) {
	if w.counted {
		l.countOriginalsAgain()
	}
}

// document reads a kept version's whole Document, checked (readBody): a
// damaged file is an ECORRUPT error naming it, never a document.
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
	b, why := readVersionBody(f, id)
	if why != "" {
		return nil, nil, ingest.Errorf(ingest.ECORRUPT, "文件 %s 的第 %d 版已损坏(%s:%s);请运行 duban check 查看", id, v, l.rel(l.bodyPath(id, v)), why)
	}
	return b.Document, b.Corrections, nil
}

// readBody reads a version's body to its end, so gzip checks its CRC-32
// and length (a flipped byte inside the stream may still decode as JSON:
// doc_id read as dodlid, and a document whose tasks name none), and checks
// that it is the document id's and its tasks are too. It returns why the
// body is damaged, or "".
func readBody(r io.Reader, id string) (*ingest.Document, string) {
	b, why := readVersionBody(r, id)
	if why != "" {
		return nil, why
	}
	return b.Document, ""
}

// readVersionBody is readBody with the body's corrections by hand.
func readVersionBody(r io.Reader, id string) (*versionBody, string) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, "不是完整的 gzip 文件"
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, "校验和不符或文件被截断(" + err.Error() + ")"
	}
	b := versionBody{Document: &ingest.Document{}}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, "内容不是完整的 JSON"
	}
	doc := b.Document
	if doc.ID != id {
		return nil, fmt.Sprintf("记录的文件 id %q 与所在目录不符", doc.ID)
	}
	for _, t := range doc.Tasks {
		if t.DocID != id {
			return nil, fmt.Sprintf("第 %d 项任务所属文件 %q 不符", t.Seq, t.DocID)
		}
	}
	return &b, ""
}

// rel names a file of the library as the office sees it: relative to the
// data dir (history/…).
func (l *Library) rel(path string) string {
	if r, err := filepath.Rel(filepath.Dir(l.dir), path); err == nil {
		return r
	}
	return path
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

// Original opens the kept bytes of a file by checksum, verified first
// against the SHA-256 that names them: a damaged original is an ECORRUPT
// error naming it, never served nor read again as if intact.
func (l *Library) Original(sum string) (io.ReadCloser, int64, error) {
	if !l.hasOriginal(sum) {
		return nil, 0, ingest.Errorf(ingest.ENOTFOUND, "原始文件没有保留(超出保留空间,或导入于保留原件之前)")
	}
	f, err := os.Open(l.originalPath(sum))
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open original: %w", err)
	}
	size, err := verifyOriginal(f, sum)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if size < 0 {
		f.Close()
		return nil, 0, l.damagedOriginal(sum)
	}
	return f, size, nil
}

// damagedOriginal is the error of an original whose bytes are not those
// its name's SHA-256 says.
func (l *Library) damagedOriginal(sum string) error {
	return ingest.Errorf(ingest.ECORRUPT, "原件已损坏:%s 的内容与其 SHA-256 名称不符,不能使用;请运行 duban check 查看", l.rel(l.originalPath(sum)))
}

// verifyOriginal reads r to its end and returns its size, or -1 when its
// SHA-256 is not sum.
func verifyOriginal(r io.Reader, sum string) (int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return 0, fmt.Errorf("cannot read original %s: %w", sum, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return -1, nil
	}
	return n, nil
}

// keepOriginal stores data under its checksum within the budget: when it
// does not fit, originals that no current version needs go first (the
// document replacing is one that no longer needs its own), oldest first;
// when it still does not fit, it is not kept (false).
//
// With w, an original that fits by the running count is gathered there for
// w.flush (and counted); one that needs the originals listed has w's files
// written first, so that the listing sees them.
func (l *Library) keepOriginal(sum string, data []byte, replacing string, w *pendingWrites) (bool, error) {
	if l.budget < 0 || int64(len(data)) > l.budget || !checksumRe.MatchString(sum) {
		return false, nil
	}
	if w != nil && w.originals[sum] || l.hasOriginal(sum) {
		return true, nil
	}
	l.origMu.Lock()
	defer l.origMu.Unlock()
	if l.originals >= 0 && l.originals+int64(len(data)) <= l.budget {
		// within the budget by the running count: no listing
		if w != nil {
			if w.originals == nil {
				w.originals = map[string]bool{}
			}
			w.files = append(w.files, atomicfile.File{Path: l.originalPath(sum), Data: data})
			w.originals[sum], w.counted = true, true
			l.originals += int64(len(data))
			return true, nil
		}
		if err := atomicfile.Write(l.originalPath(sum), data); err != nil {
			l.originals = -1
			return false, err
		}
		l.originals += int64(len(data))
		return true, nil
	}
	if w != nil && len(w.files) > 0 {
		if err := l.flush(w); err != nil {
			l.originals = -1
			return false, err
		}
	}
	l.originals = -1
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
			l.originals = total
			return false, nil
		}
	}
	if err := atomicfile.Write(l.originalPath(sum), data); err != nil {
		return false, err
	}
	l.originals = total + int64(len(data))
	return true, nil
}

// countOriginalsAgain forgets the running count of the originals' bytes
// (keepOriginal lists them again): after originals were removed outside it.
func (l *Library) countOriginalsAgain() {
	l.origMu.Lock()
	l.originals = -1
	l.origMu.Unlock()
}

// originalsListed reports whether the next keepOriginal within the budget
// will list the originals (for the test that a bulk import does not list
// them per file).
func (l *Library) originalsListed() bool {
	l.origMu.Lock()
	defer l.origMu.Unlock()
	return l.originals < 0
}
