package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/duban/duban/api"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
)

// engine is one search configuration under test.
type engine interface {
	// index adds parsed documents.
	index(docs []*ingest.Document) error
	// ingest parses and indexes notices, as the engine's bulk ingest
	// would, a bounded part at a time.
	ingest(raw [][]byte, p *pace) (ingestStats, error)
	// search runs one query with the three facets and returns the hit ids
	// (size 20, or all up to 100 for relevance).
	search(q query, size int) ([]string, error)
	handler() http.Handler
	close() error
}

const (
	engineDuban    = "duban"
	engineBleveCJK = "bleve-cjk"
)

func openEngine(name, dir string) (engine, error) {
	switch name {
	case engineDuban:
		s, err := index.Open(dir, index.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			return nil, err
		}
		return &dubanEngine{s: s, dir: dir}, nil
	case engineBleveCJK:
		return openBleveCJK(dir)
	}
	return nil, fmt.Errorf("unknown engine %q", name)
}

// dubanEngine is duban's real configuration: index.Store and the api.
type dubanEngine struct {
	s   *index.Store
	dir string // the data dir: the index and the library beside it
	// files are the corpus written out by stage, which ingest reads as
	// duban ingest DIR/* does.
	files []string
}

// stage writes the corpus as notice files beside the data dir, before the
// ingest is timed, and lets go of raw: duban ingest reads its files as it
// needs them, under its soft memory limit (index.IngestMemoryLimit), and
// a corpus held in the heap (205 MB at 1M tasks) counted toward that
// limit, which made the collector run without pause at 1M.
func (e *dubanEngine) stage(raw [][]byte) error {
	dir := e.dir + "-corpus"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	e.files = make([]string, len(raw))
	for i, r := range raw {
		e.files[i] = filepath.Join(dir, fmt.Sprintf("notice-%05d.txt", i))
		if err := os.WriteFile(e.files[i], r, 0o644); err != nil {
			return err
		}
		raw[i] = nil
	}
	return nil
}

// ingestStats are what an ingest did: its tasks, and the time spent
// parsing and indexing when they did not overlap (zero when they did).
type ingestStats struct {
	tasks              int
	parseDur, indexDur time.Duration
}

// ingest streams the notices through the library (library.ImportFiles)
// under the same memory limit, as duban ingest --as-new does: versions and
// originals kept, every notice a document of its own (the corpus's
// notices share titles and years, which an import would otherwise offer
// as versions of each other).
func (e *dubanEngine) ingest(raw [][]byte, p *pace) (ingestStats, error) {
	defer index.LimitIngestMemory()()
	var st ingestStats
	lib, err := library.Open(e.dir, e.s, library.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return st, err
	}
	sources := make([]index.Source, len(raw))
	for i, r := range raw {
		sources[i] = index.Source{Name: fmt.Sprintf("notice-%d.txt", i), Open: func() (io.ReadCloser, error) {
			if e.files != nil {
				return os.Open(e.files[i])
			}
			return io.NopCloser(bytes.NewReader(r)), nil
		}}
	}
	var first error
	err = lib.ImportFiles(context.Background(), sources, library.ImportOptions{AsNew: true, Who: library.WhoLocal}, func(i int, r library.FileResult) {
		if r.Err != nil && first == nil {
			first = fmt.Errorf("notice %d: %w", i, r.Err)
		}
		if r.Preview != nil {
			st.tasks += len(r.Preview.Document.Tasks)
			p.add(len(r.Preview.Document.Tasks))
		}
	})
	return st, errors.Join(err, first)
}

// index hands every document to ReplaceMany, which batches them itself.
func (e *dubanEngine) index(docs []*ingest.Document) error {
	_, err := e.s.ReplaceMany(docs)
	return err
}

// batchTasks is about how many tasks go into one bleve-cjk batch: a batch
// costs a durable write whatever its size. (duban's ReplaceMany made
// batches of this size too, until its batches were bounded for memory.)
const batchTasks = 5000

// batches groups whole documents into batches of about batchTasks tasks.
func batches(docs []*ingest.Document) [][]*ingest.Document {
	var out [][]*ingest.Document
	var cur []*ingest.Document
	n := 0
	for _, d := range docs {
		cur = append(cur, d)
		n += len(d.Tasks)
		if n >= batchTasks {
			out, cur, n = append(out, cur), nil, 0
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (e *dubanEngine) search(q query, size int) ([]string, error) {
	req := index.Request{Query: q.Q, Size: size}
	if q.Leader != "" {
		req.Leaders = []string{q.Leader}
	}
	if q.Unit != "" {
		req.Units = []string{q.Unit}
	}
	res, err := e.s.Search(context.Background(), req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

func (e *dubanEngine) handler() http.Handler {
	return (&api.Server{Store: e.s, Logger: slog.New(slog.DiscardHandler)}).Handler()
}

func (e *dubanEngine) close() error { return e.s.Close() }

// bleveCJK is what a Go developer would otherwise pick: bleve's built-in
// cjk (bigram) analyzer on the task text, keyword fields for the facets, a
// match query.
type bleveCJK struct{ idx bleve.Index }

type cjkTask struct {
	Text       string   `json:"text"`
	Leaders    []string `json:"leaders"`
	Units      []string `json:"units"`
	UnitGroups []string `json:"unit_groups"`
	Year       string   `json:"year"`
	Seq        float64  `json:"seq"`
}

func openBleveCJK(dir string) (*bleveCJK, error) {
	path := filepath.Join(dir, "cjk.bleve")
	if _, err := os.Stat(path); err == nil {
		idx, err := bleve.Open(path)
		return &bleveCJK{idx}, err
	}
	text := mapping.NewTextFieldMapping()
	text.Analyzer = cjk.AnalyzerName
	kw := mapping.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.DocValues = true
	num := mapping.NewNumericFieldMapping()
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	for _, f := range []string{"leaders", "units", "unit_groups", "year"} {
		doc.AddFieldMappingsAt(f, kw)
	}
	doc.AddFieldMappingsAt("seq", num)
	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	idx, err := bleve.New(path, m)
	return &bleveCJK{idx}, err
}

func (e *bleveCJK) index(docs []*ingest.Document) error {
	for _, group := range batches(docs) {
		b := e.idx.NewBatch()
		for _, d := range group {
			for _, t := range d.Tasks {
				if err := b.Index(t.ID, cjkTask{t.Text, t.Leaders, t.Units, t.UnitGroups, strconv.Itoa(t.Year), float64(t.Seq)}); err != nil {
					return err
				}
			}
		}
		if err := e.idx.Batch(b); err != nil {
			return err
		}
	}
	return nil
}

// ingest parses and indexes the notices a part at a time, about
// 2 × batchTasks tasks each, so it holds no more parsed notices than
// duban's streamed ingest does.
func (e *bleveCJK) ingest(raw [][]byte, p *pace) (ingestStats, error) {
	var st ingestStats
	for len(raw) > 0 {
		n := min(len(raw), 2*batchTasks/200) // the corpus's notices hold about 200 tasks
		docs, parseDur, err := parseAll(raw[:n])
		if err != nil {
			return st, err
		}
		start := time.Now()
		if err := e.index(docs); err != nil {
			return st, err
		}
		st.parseDur += parseDur
		st.indexDur += time.Since(start)
		for _, d := range docs {
			st.tasks += len(d.Tasks)
			p.add(len(d.Tasks))
		}
		raw = raw[n:]
	}
	return st, nil
}

func (e *bleveCJK) request(q query, size int) *bleve.SearchRequest {
	var must []bq.Query
	if q.Q != "" {
		mq := bleve.NewMatchQuery(q.Q)
		mq.SetField("text")
		must = append(must, mq)
	}
	for field, v := range map[string]string{"leaders": q.Leader, "units": q.Unit} {
		if v != "" {
			tq := bleve.NewTermQuery(v)
			tq.SetField(field)
			must = append(must, tq)
		}
	}
	var qq bq.Query = bleve.NewMatchAllQuery()
	if len(must) > 0 {
		qq = bleve.NewConjunctionQuery(must...)
	}
	sr := bleve.NewSearchRequestOptions(qq, size, 0, false)
	sr.Fields = []string{"text"}
	sr.AddFacet("leader", bleve.NewFacetRequest("leaders", 50))
	sr.AddFacet("unit", bleve.NewFacetRequest("unit_groups", 100))
	sr.AddFacet("year", bleve.NewFacetRequest("year", 20))
	return sr
}

func (e *bleveCJK) search(q query, size int) ([]string, error) {
	res, err := e.idx.Search(e.request(q, size))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

func (e *bleveCJK) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := e.idx.Search(e.request(query{Q: r.URL.Query().Get("q"), Leader: r.URL.Query().Get("leader"), Unit: r.URL.Query().Get("unit")}, 20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(res)
	})
}

func (e *bleveCJK) close() error { return e.idx.Close() }

// parseAll parses notices with ingest.Parse on all cores, as duban ingest
// does; both engines get the same parse.
func parseAll(raw [][]byte) ([]*ingest.Document, time.Duration, error) {
	start := time.Now()
	docs := make([]*ingest.Document, len(raw))
	errs := make([]error, len(raw))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i, r := range raw {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			docs[i], errs[i] = ingest.Parse(fmt.Sprintf("notice-%d.txt", i), bytes.NewReader(r))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, 0, fmt.Errorf("notice %d: %w", i, err)
		}
	}
	return docs, time.Since(start), nil
}

// dirSize is the bytes of all files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
