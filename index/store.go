package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

const (
	indexDirName = "index.bleve"
	lockFileName = "duban.lock"
	// docKeyPrefix + a document id is the bleve internal key holding that
	// document's metadata. It is written in the same batch as the document's
	// tasks, so metadata and tasks change together; one key per document lets
	// batches of different documents run at once.
	docKeyPrefix = "duban:doc:"
	// batchTasks and batchBytes bound the tasks ReplaceMany puts in one
	// batch, and the bytes of their text and names (docBytes): bleve
	// holds a batch's analysis in memory, about 16 KB a task, until its
	// segment is built, and two batches run at once.
	batchTasks = 2500
	batchBytes = 1 << 20
	// maxDocuments bounds the documents Open finds through the doc_id facet.
	maxDocuments = 1000000
)

// DocumentInfo is a document without its tasks, as listed by the store.
type DocumentInfo struct {
	ingest.Notice
	TaskCount  int            `json:"task_count"`
	Report     *ingest.Report `json:"report,omitempty"`
	IngestedAt time.Time      `json:"ingested_at"`
}

// storedDocument is a document's metadata as stored under its key. (Stores
// written before domain words left the segmenter also hold "words" here;
// they are ignored.)
type storedDocument struct {
	DocumentInfo
	// Seqs are the task numbers, so a replace knows which task ids to delete.
	Seqs []int `json:"seqs"`
}

// Options configure a Store.
type Options struct {
	// UserDict, when set, is a gse-format dictionary file whose words are
	// added to the segmenter before anything is indexed or searched.
	UserDict string
	// Logger receives the store's few log lines; nil means slog.Default().
	Logger *slog.Logger
	// ReadOnly opens an existing index for reading only: nothing is
	// written to the data dir (which may be read-only), its lock is shared
	// with other readers, and writes are refused.
	ReadOnly bool
	// SkipVerify opens the index without checking its segment files'
	// checksums first (duban repair reads what it can of a damaged store).
	SkipVerify bool
	// Version is the duban version opening the store, recorded in the
	// data dir's format marker when it writes.
	Version string
}

// Store is the index of every ingested document's tasks. Reads may run
// concurrently with each other and with one writer; writers are serialised.
//
// A failed write (a full disk, a directory made read-only) leaves bleve's
// in-memory state holding a batch that never reached the disk, and segments
// it has already closed: the next search would read them and panic. So the
// store closes the index after any failed write and opens it again from
// disk, where the last committed state is; searches wait for that behind
// idxMu. If it cannot be opened for writing, it is opened for reading, and
// the next write tries again.
type Store struct {
	dir      string
	opts     Options
	seg      *Segmenter
	log      *slog.Logger
	lock     *os.File
	readOnly bool // opened with Options.ReadOnly

	// idxMu guards idx, writable and broken: every search holds it for
	// reading while it uses the index's snapshot; reopen holds it for
	// writing.
	idxMu    sync.RWMutex
	idx      bleve.Index
	writable bool  // idx was opened for writing
	broken   error // why idx is nil after a failed reopen
	closed   bool  // Close was called: nothing reopens the index

	cjk  analysis.Analyzer // the text_cjk analyzer, for cutting query words
	cols columnCache       // per-segment columns searches count and sort by
	bufs buffers           // large slices lent from one search to the next

	writeMu sync.Mutex   // one writer (ReplaceMany, Delete) at a time
	mu      sync.RWMutex // guards docs, which writers swap for a new map
	docs    map[string]*storedDocument
}

// Open opens the store in dir, creating dir and an empty index when there is
// none. Only one process may hold a data dir for writing: a second Open fails
// at once with an ECONFLICT error naming the process that holds it. The
// segment files' checksums are verified first: a store whose files were
// damaged is refused with an ECORRUPT error, never served.
func Open(dir string, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	path := filepath.Join(dir, indexDirName)
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, ingest.Errorf(ingest.ENOTFOUND, "数据目录 %s 中没有索引", dir)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create data dir: %w", err)
	}
	lock, err := lockDir(dir, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	if err := checkFormat(dir, !opts.ReadOnly, opts.Version); err != nil {
		lock.Close()
		return nil, err
	}
	s := &Store{dir: dir, opts: opts, log: logger, lock: lock, readOnly: opts.ReadOnly, docs: map[string]*storedDocument{}}
	if err := s.open(); err != nil {
		s.unlock()
		return nil, err
	}
	return s, nil
}

func (s *Store) indexPath() string { return filepath.Join(s.dir, indexDirName) }

// Exists reports whether dir holds an index.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, indexDirName))
	return err == nil
}

func (s *Store) open() error {
	seg, err := SharedSegmenter()
	if err != nil {
		return err
	}
	s.seg = seg
	if s.opts.UserDict != "" {
		f, err := os.Open(s.opts.UserDict)
		if err != nil {
			return fmt.Errorf("cannot open user dictionary: %w", err)
		}
		n, err := seg.LoadUserDict(f)
		f.Close()
		if err != nil {
			return err
		}
		s.log.Info("user dictionary loaded", slog.String("file", s.opts.UserDict), slog.Int("words", n))
	}
	path := s.indexPath()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		s.idx, err = bleve.New(path, newMapping())
		if err != nil {
			return fmt.Errorf("cannot create index: %w", err)
		}
		s.writable = true
		s.cjk = s.idx.Mapping().AnalyzerNamed(CJKAnalyzerName)
		return nil
	}
	if !s.opts.SkipVerify {
		if bad, err := VerifySegments(path); err != nil {
			return err
		} else if len(bad) > 0 {
			return corruptError(bad)
		}
	}
	if err := s.openIndex(!s.readOnly); err != nil {
		return err
	}
	if s.cjk = s.idx.Mapping().AnalyzerNamed(CJKAnalyzerName); s.cjk == nil {
		s.idx.Close()
		return fmt.Errorf("index %s has no %s analyzer: it was built by another program", path, CJKAnalyzerName)
	}
	if m, ok := s.idx.Mapping().(*mapping.IndexMappingImpl); ok && m.DefaultMapping != nil && m.DefaultMapping.Properties[fieldLength] == nil {
		s.log.Warn("index built by an earlier duban: tasks are ranked without their length until their documents are ingested again",
			slog.String("index", path))
	}
	if m, ok := s.idx.Mapping().(*mapping.IndexMappingImpl); ok && m.DefaultMapping != nil && m.DefaultMapping.Properties[fieldWords] == nil {
		s.log.Warn("index built by an earlier duban, whose notices changed how later tasks and queries were cut: run duban repair to index every task again the same way",
			slog.String("index", path))
	}
	if m, ok := s.idx.Mapping().(*mapping.IndexMappingImpl); ok && m.DefaultMapping != nil && m.DefaultMapping.Properties[fieldDue] == nil {
		s.log.Warn("index built by an earlier duban: tasks have no due date to filter, count or sort by until duban repair indexes them again",
			slog.String("index", path))
	}
	docs, err := s.readDocuments()
	if err != nil {
		s.idx.Close()
		return err
	}
	s.docs = docs
	return nil
}

// openIndex opens the bleve index, for writing or for reading only; a
// panic of bleve on a damaged file is an error.
func (s *Store) openIndex(write bool) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = corruptf("索引无法打开(%v)", v)
		}
	}()
	var idx bleve.Index
	if write {
		idx, err = bleve.Open(s.indexPath())
	} else {
		idx, err = bleve.OpenUsing(s.indexPath(), map[string]any{"read_only": true})
	}
	if err != nil {
		return fmt.Errorf("cannot open index %s: %w", s.indexPath(), err)
	}
	s.idx, s.writable, s.broken = idx, write, nil
	return nil
}

// readDocuments finds every document through the doc_id values of its tasks
// and reads its metadata. The caller holds idxMu or is opening the store.
func (s *Store) readDocuments() (_ map[string]*storedDocument, err error) {
	defer recoverRead(&err)
	v, err := s.snapshot()
	if err != nil {
		return nil, err
	}
	counts, err := v.termCounts(fieldDocID)
	v.reader.Close()
	if err != nil {
		return nil, fmt.Errorf("cannot list documents: %w", err)
	}
	docs := map[string]*storedDocument{}
	for _, t := range topValues(counts, maxDocuments) {
		id := t.Value.(string)
		raw, err := s.idx.GetInternal([]byte(docKeyPrefix + id))
		if err != nil {
			return nil, fmt.Errorf("cannot read document %s: %w", id, err)
		}
		var d storedDocument
		if err := json.Unmarshal(raw, &d); err != nil || d.ID != id {
			s.log.Warn("tasks without readable document metadata", slog.String("doc", id), slog.Any("err", err))
			continue
		}
		docs[d.ID] = &d
	}
	return docs, nil
}

// reopen closes the index after a failed write and opens it again from
// disk, where the last committed state is, with the documents read again.
// Searches wait for it. When the index cannot be opened for writing it is
// opened for reading (the next write tries again); when it cannot be opened
// at all, searches and writes fail with the reason until a write succeeds
// in opening it.
func (s *Store) reopen(cause error) {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	if s.closed {
		return
	}
	s.log.Error("write failed: reopening the index at its last committed state", slog.Any("err", cause))
	if s.idx != nil {
		closeQuietly(s.idx)
		s.idx = nil
	}
	s.cols.reset()
	err := s.openIndex(!s.readOnly)
	if err != nil && !s.readOnly {
		s.log.Warn("cannot open the index for writing; opening it for reading", slog.Any("err", err))
		err = s.openIndex(false)
	}
	if err != nil {
		s.broken = err
		s.log.Error("cannot open the index again", slog.Any("err", err))
		return
	}
	docs, err := s.readDocuments()
	if err != nil {
		closeQuietly(s.idx)
		s.idx, s.broken = nil, err
		return
	}
	s.mu.Lock()
	s.docs = docs
	s.mu.Unlock()
}

// closeQuietly closes an index whose state may be broken.
func closeQuietly(idx bleve.Index) {
	defer func() { recover() }()
	idx.Close()
}

// beginWrite makes sure the index can take a write: opened for writing
// (after a failed write it may have been opened for reading only). The
// caller holds writeMu.
func (s *Store) beginWrite() error {
	if s.readOnly {
		return ingest.Errorf(ingest.EFORBIDDEN, "索引以只读方式打开,不能写入")
	}
	s.idxMu.RLock()
	ok, closed := s.idx != nil && s.writable, s.closed
	s.idxMu.RUnlock()
	if ok {
		return nil
	}
	if closed {
		return ingest.Errorf(ingest.EINTERNAL, "索引已关闭")
	}
	s.reopen(errors.New("the last write failed"))
	s.idxMu.RLock()
	defer s.idxMu.RUnlock()
	if s.idx == nil || !s.writable {
		return writeFailed(errors.Join(s.broken, errors.New("index not writable")))
	}
	return nil
}

// writeFailed is the error a caller gets for a write the disk refused: what
// happened in words, and that nothing of it was kept.
func writeFailed(err error) error {
	return &writeError{msg: "写入索引失败(" + atomicfile.Reason(err) + "):这次写入没有保存,索引保持上一次成功写入时的内容", err: err}
}

// writeError is a write the disk refused: an internal error (500, logged)
// with a message that says what happened, wrapping the cause.
type writeError struct {
	msg string
	err error
}

func (e *writeError) Error() string { return e.msg + ": " + e.err.Error() }
func (e *writeError) Unwrap() []error {
	return []error{ingest.Errorf(ingest.EINTERNAL, "%s", e.msg), e.err}
}

// lockDir takes an exclusive, non-blocking lock on dir's lock file and
// writes this process's id into it; for reading only, a shared lock on the
// lock file if there is one (a read-only dir has no writer to exclude).
func lockDir(dir string, readOnly bool) (*os.File, error) {
	path := filepath.Join(dir, lockFileName)
	how := syscall.LOCK_EX
	var (
		f   *os.File
		err error
	)
	if readOnly {
		how = syscall.LOCK_SH
		if f, err = os.Open(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	} else {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		pid := strings.TrimSpace(string(holder))
		if pid == "" {
			pid = "未知"
		}
		return nil, ingest.Errorf(ingest.ECONFLICT, "数据目录 %s 正被另一个 duban 进程使用(PID %s);请先停止它或换一个 --data 目录", dir, pid)
	}
	if readOnly {
		return f, nil
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

func (s *Store) unlock() {
	if s.lock != nil {
		syscall.Flock(int(s.lock.Fd()), syscall.LOCK_UN)
		s.lock.Close()
		s.lock = nil
	}
}

// Close closes the index and releases the data dir.
func (s *Store) Close() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	var err error
	if s.idx != nil {
		err = s.idx.Close()
		s.idx = nil
	}
	s.broken, s.closed = ingest.Errorf(ingest.EINTERNAL, "索引已关闭"), true
	s.unlock()
	return err
}

// Outcome says what a Replace did.
type Outcome string

// Outcomes of Replace.
const (
	Added     Outcome = "added"     // a new document
	Replaced  Outcome = "replaced"  // a document with the same id, now in its new version
	Unchanged Outcome = "unchanged" // the same bytes again: nothing was written
)

// Replace indexes doc, replacing every task of an earlier document with the
// same id, in one batch: a search sees the old version or the new one, never
// a mix. The same file again (same checksum) changes nothing. When Replace
// returns, the batch is on disk.
func (s *Store) Replace(doc *ingest.Document) (Outcome, error) {
	outcomes, err := s.ReplaceMany([]*ingest.Document{doc})
	if err != nil {
		return "", err
	}
	return outcomes[0], nil
}

// ReplaceMany is Replace for several documents. Each document is wholly
// old or wholly new to a search; documents are grouped into batches of about
// batchTasks tasks, and the batches run two at a time, each a durable write,
// so a bulk ingest uses both cores. If a batch fails, the documents of the
// batches that landed stay, whole, and the error says so.
func (s *Store) ReplaceMany(docs []*ingest.Document) ([]Outcome, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.beginWrite(); err != nil {
		return nil, err
	}
	outcomes := make([]Outcome, len(docs))
	var todo []*ingest.Document
	// The same notice twice in one call: the later version wins, and the
	// earlier is not written at all (two batches must never race for the
	// same task ids).
	last := map[string]int{}
	for i, doc := range docs {
		if doc == nil || doc.ID == "" {
			return nil, ingest.Errorf(ingest.EINVALID, "文件没有 id")
		}
		if err := ingest.CheckDocumentLimits(doc); err != nil {
			return nil, err
		}
		last[doc.ID] = i
	}
	s.mu.RLock()
	for i, doc := range docs {
		if last[doc.ID] != i {
			outcomes[i] = Replaced
			continue
		}
		old := s.docs[doc.ID]
		switch {
		case old != nil && doc.Checksum != "" && old.Checksum == doc.Checksum && old.Version == doc.Version && old.Progress == doc.Progress:
			// the same file again; a new version of the same file (read
			// again by a better parser, or restored), or the same version
			// with other progress on its tasks, is written
			outcomes[i] = Unchanged
			continue
		case old != nil:
			outcomes[i] = Replaced
		default:
			outcomes[i] = Added
		}
		todo = append(todo, doc)
	}
	s.mu.RUnlock()

	now := time.Now().UTC().Truncate(time.Second)
	stored := make([]*storedDocument, len(todo))
	for i, doc := range todo {
		stored[i] = &storedDocument{
			DocumentInfo: DocumentInfo{Notice: doc.Notice, TaskCount: len(doc.Tasks), Report: doc.Report, IngestedAt: now},
			Seqs:         make([]int, 0, len(doc.Tasks)),
		}
		for _, t := range doc.Tasks {
			stored[i].Seqs = append(stored[i].Seqs, t.Seq)
		}
	}
	// Group whole documents into batches.
	var groups [][]int
	var cur []int
	n, size := 0, 0
	for i, doc := range todo {
		cur = append(cur, i)
		n += len(doc.Tasks)
		size += docBytes(doc)
		if n >= batchTasks || size >= batchBytes {
			groups, cur, n, size = append(groups, cur), nil, 0, 0
		}
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for g, group := range groups {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[g] = s.writeGroup(todo, stored, group)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		// What landed is on disk; the rest is not, and bleve's memory may
		// hold it still: read the committed state back.
		s.reopen(err)
		for g, group := range groups {
			if errs[g] == nil {
				continue
			}
			for _, i := range group {
				for j, doc := range docs {
					if doc == todo[i] || doc.ID == todo[i].ID {
						outcomes[j] = ""
					}
				}
			}
		}
		return outcomes, writeFailed(err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	next := make(map[string]*storedDocument, len(s.docs)+len(todo))
	for k, v := range s.docs {
		next[k] = v
	}
	for _, group := range groups {
		for _, i := range group {
			next[todo[i].ID] = stored[i]
		}
	}
	s.docs = next
	return outcomes, nil
}

// writeGroup indexes the documents todo[group] in one batch: their tasks,
// the deletion of tasks an earlier version had and this one has not, and
// their metadata. The caller holds writeMu, so idx is not reopened under it.
func (s *Store) writeGroup(todo []*ingest.Document, stored []*storedDocument, group []int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("index write panicked: %v", v)
		}
	}()
	batch := s.idx.NewBatch()
	for _, i := range group {
		doc := todo[i]
		words := foldedDomainWords(doc)
		for j := range doc.Tasks {
			t := &doc.Tasks[j]
			if err := batch.Index(t.ID, newIndexedTask(t, encodeTask(t), words)); err != nil {
				return fmt.Errorf("cannot index task %s: %w", t.ID, err)
			}
		}
		s.mu.RLock()
		old := s.docs[doc.ID]
		s.mu.RUnlock()
		if old != nil {
			for _, seq := range old.Seqs {
				if !slices.Contains(stored[i].Seqs, seq) {
					batch.Delete(taskID(doc.ID, seq))
				}
			}
		}
		raw, err := json.Marshal(stored[i])
		if err != nil {
			return fmt.Errorf("cannot encode document %s: %w", doc.ID, err)
		}
		batch.SetInternal([]byte(docKeyPrefix+doc.ID), raw)
	}
	return s.idx.Batch(batch)
}

// Delete removes a document and all its tasks in one batch.
func (s *Store) Delete(id string) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.beginWrite(); err != nil {
		return err
	}
	s.mu.RLock()
	old := s.docs[id]
	s.mu.RUnlock()
	if old == nil {
		return ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	batch := s.idx.NewBatch()
	for _, seq := range old.Seqs {
		batch.Delete(taskID(id, seq))
	}
	batch.DeleteInternal([]byte(docKeyPrefix + id))
	if err := s.idx.Batch(batch); err != nil {
		s.reopen(err)
		return writeFailed(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := make(map[string]*storedDocument, len(s.docs))
	for k, v := range s.docs {
		if k != id {
			next[k] = v
		}
	}
	s.docs = next
	return nil
}

func taskID(docID string, seq int) string { return docID + "-" + strconv.Itoa(seq) }

// Documents lists the documents, newest year first.
func (s *Store) Documents() []DocumentInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]DocumentInfo, 0, len(s.docs))
	for _, d := range s.docs {
		out = append(out, d.DocumentInfo)
	}
	slices.SortFunc(out, func(a, b DocumentInfo) int {
		if a.Year != b.Year {
			return b.Year - a.Year
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Document returns one document's info, or an ENOTFOUND error.
func (s *Store) Document(id string) (DocumentInfo, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d := s.docs[id]; d != nil {
		return d.DocumentInfo, nil
	}
	return DocumentInfo{}, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
}

// Segmenter returns the segmenter the store's analyzers use.
func (s *Store) Segmenter() *Segmenter { return s.seg }
