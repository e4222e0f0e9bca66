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
	// batchTasks is about how many tasks ReplaceMany puts in one batch.
	batchTasks = 5000
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
}

// Store is the index of every ingested document's tasks. Reads may run
// concurrently with each other and with one writer; writers are serialised.
type Store struct {
	dir  string
	idx  bleve.Index
	seg  *Segmenter
	log  *slog.Logger
	lock *os.File

	cjk  analysis.Analyzer // the text_cjk analyzer, for cutting query words
	cols columnCache       // per-segment columns searches count and sort by
	bufs buffers           // large slices lent from one search to the next

	writeMu sync.Mutex   // one writer (ReplaceMany, Delete) at a time
	mu      sync.RWMutex // guards docs, which writers swap for a new map
	docs    map[string]*storedDocument
}

// Open opens the store in dir, creating dir and an empty index when there is
// none. Only one process may hold a data dir: a second Open fails at once
// with an ECONFLICT error naming the process that holds it.
func Open(dir string, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create data dir: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, log: logger, lock: lock, docs: map[string]*storedDocument{}}
	if err := s.open(opts); err != nil {
		s.unlock()
		return nil, err
	}
	return s, nil
}

func (s *Store) open(opts Options) error {
	seg, err := SharedSegmenter()
	if err != nil {
		return err
	}
	s.seg = seg
	if opts.UserDict != "" {
		f, err := os.Open(opts.UserDict)
		if err != nil {
			return fmt.Errorf("cannot open user dictionary: %w", err)
		}
		n, err := seg.LoadUserDict(f)
		f.Close()
		if err != nil {
			return err
		}
		s.log.Info("user dictionary loaded", slog.String("file", opts.UserDict), slog.Int("words", n))
	}
	path := filepath.Join(s.dir, indexDirName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		s.idx, err = bleve.New(path, newMapping())
		if err != nil {
			return fmt.Errorf("cannot create index: %w", err)
		}
		s.cjk = s.idx.Mapping().AnalyzerNamed(CJKAnalyzerName)
		return nil
	}
	s.idx, err = bleve.Open(path)
	if err != nil {
		return fmt.Errorf("cannot open index %s: %w", path, err)
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
	if err := s.loadDocuments(); err != nil {
		s.idx.Close()
		return err
	}
	return nil
}

// loadDocuments finds every document through the doc_id values of its tasks
// and reads its metadata.
func (s *Store) loadDocuments() error {
	v, err := s.acquire()
	if err != nil {
		return err
	}
	counts, err := v.termCounts(fieldDocID)
	v.release()
	if err != nil {
		return fmt.Errorf("cannot list documents: %w", err)
	}
	for _, t := range topValues(counts, maxDocuments) {
		id := t.Value.(string)
		raw, err := s.idx.GetInternal([]byte(docKeyPrefix + id))
		if err != nil {
			return fmt.Errorf("cannot read document %s: %w", id, err)
		}
		var d storedDocument
		if err := json.Unmarshal(raw, &d); err != nil || d.ID != id {
			s.log.Warn("tasks without readable document metadata", slog.String("doc", id), slog.Any("err", err))
			continue
		}
		s.docs[d.ID] = &d
	}
	return nil
}

// lockDir takes an exclusive, non-blocking lock on dir's lock file and
// writes this process's id into it.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		pid := strings.TrimSpace(string(holder))
		if pid == "" {
			pid = "未知"
		}
		return nil, ingest.Errorf(ingest.ECONFLICT, "数据目录 %s 正被另一个 duban 进程使用(PID %s);请先停止它或换一个 --data 目录", dir, pid)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.idx != nil {
		err = s.idx.Close()
		s.idx = nil
	}
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
	outcomes := make([]Outcome, len(docs))
	var todo []*ingest.Document
	// The same notice twice in one call: the later version wins, and the
	// earlier is not written at all (two batches must never race for the
	// same task ids).
	last := map[string]int{}
	for i, doc := range docs {
		if doc == nil || doc.ID == "" {
			return nil, ingest.Errorf(ingest.EINVALID, "文档没有 id")
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
		case old != nil && doc.Checksum != "" && old.Checksum == doc.Checksum:
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
	n := 0
	for i, doc := range todo {
		cur = append(cur, i)
		n += len(doc.Tasks)
		if n >= batchTasks {
			groups, cur, n = append(groups, cur), nil, 0
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

	s.mu.Lock()
	defer s.mu.Unlock()
	next := make(map[string]*storedDocument, len(s.docs)+len(todo))
	for k, v := range s.docs {
		next[k] = v
	}
	var failed []error
	for g, group := range groups {
		if errs[g] != nil {
			failed = append(failed, errs[g])
			for _, i := range group {
				for j, doc := range docs {
					if doc == todo[i] {
						outcomes[j] = ""
					}
				}
			}
			continue
		}
		for _, i := range group {
			next[todo[i].ID] = stored[i]
		}
	}
	s.docs = next
	if len(failed) > 0 {
		return outcomes, fmt.Errorf("cannot write index: %w", errors.Join(failed...))
	}
	return outcomes, nil
}

// writeGroup indexes the documents todo[group] in one batch: their tasks,
// the deletion of tasks an earlier version had and this one has not, and
// their metadata.
func (s *Store) writeGroup(todo []*ingest.Document, stored []*storedDocument, group []int) error {
	batch := s.idx.NewBatch()
	for _, i := range group {
		doc := todo[i]
		words := foldedDomainWords(doc)
		for j := range doc.Tasks {
			t := &doc.Tasks[j]
			raw, err := json.Marshal(t)
			if err != nil {
				return fmt.Errorf("cannot encode task %s: %w", t.ID, err)
			}
			if err := batch.Index(t.ID, newIndexedTask(t, raw, words)); err != nil {
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
	s.mu.RLock()
	old := s.docs[id]
	s.mu.RUnlock()
	if old == nil {
		return ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文档", id)
	}
	batch := s.idx.NewBatch()
	for _, seq := range old.Seqs {
		batch.Delete(taskID(id, seq))
	}
	batch.DeleteInternal([]byte(docKeyPrefix + id))
	if err := s.idx.Batch(batch); err != nil {
		return fmt.Errorf("cannot write index: %w", err)
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
	return DocumentInfo{}, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文档", id)
}

// Segmenter returns the segmenter the store's analyzers use.
func (s *Store) Segmenter() *Segmenter { return s.seg }
