package index

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/duban/duban/ingest"
)

// A bulk ingest streams: notices are parsed on all cores a few ahead of
// the indexer, gathered into chunks of at most chunkTasks tasks and
// chunkBytes bytes of task text, and each chunk goes to ReplaceMany while
// the next is parsed. At most one chunk is being indexed and one gathered,
// so memory is bounded by the chunk, not by the input: an earlier ingest
// held every parsed notice until the last was indexed.
const (
	// chunkTasks and chunkBytes make a chunk four batches: ReplaceMany
	// runs two at a time, so a chunk keeps both cores busy but at its end.
	chunkTasks = 4 * batchTasks
	chunkBytes = 4 * batchBytes
)

// IngestMemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit)
// a bulk ingest runs under (LimitIngestMemory). A chunk's analysis is
// garbage once its segments are built, and with the collector's default
// headroom the heap grows to twice what is live (about 250 MB at the
// peak of a 100,000-task ingest): near the limit the collector runs
// sooner instead.
const IngestMemoryLimit = 400 << 20

// LimitIngestMemory sets IngestMemoryLimit unless the environment sets
// GOMEMLIMIT, and returns a function that puts back the limit before. It
// changes the whole process: duban ingest calls it, a server does not.
func LimitIngestMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	before := debug.SetMemoryLimit(IngestMemoryLimit)
	return func() { debug.SetMemoryLimit(before) }
}

// Source is one notice of a bulk ingest: the name it is parsed under and
// how to read it.
type Source struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// IngestResult is what became of one Source.
type IngestResult struct {
	Doc     *ingest.Document // nil when it could not be read or parsed
	Outcome Outcome          // empty when it was not indexed
	Err     error            // why it could not be read or parsed
}

// Ingest parses sources and indexes them (ReplaceMany), streaming a chunk
// at a time. report is called once per source, in their order, when its
// chunk is indexed (at once for a source that could not be parsed); it is
// called from one goroutine at a time. A source that cannot be parsed is
// reported and skipped. Ingest stops at the first failed write and returns
// its error: the chunks before it are indexed whole, the sources after it
// are not reported.
func (s *Store) Ingest(sources []Source, report func(i int, r IngestResult)) error {
	return s.ingest(sources, report, chunkTasks, chunkBytes)
}

// ingest is Ingest with chunks of at most maxTasks tasks and maxBytes
// bytes (a notice larger than that is a chunk of its own).
func (s *Store) ingest(sources []Source, report func(i int, r IngestResult), maxTasks, maxBytes int) error {
	type item struct {
		i   int
		doc *ingest.Document
		err error
	}
	// Parse in order, on all cores, a few notices ahead.
	workers := runtime.NumCPU()
	parsed := make(chan chan item, 2*workers)
	stop := make(chan struct{})
	var parsing sync.WaitGroup
	parsing.Add(1)
	go func() {
		defer parsing.Done()
		defer close(parsed)
		sem := make(chan struct{}, workers)
		for i, src := range sources {
			c := make(chan item, 1)
			select {
			case parsed <- c:
			case <-stop:
				return
			}
			sem <- struct{}{}
			select {
			case <-stop:
				return
			default:
			}
			parsing.Add(1)
			go func() {
				defer parsing.Done()
				defer func() { <-sem }()
				doc, err := parseSource(src)
				c <- item{i, doc, err}
			}()
		}
	}()
	// Index chunk by chunk, while the next chunk is gathered.
	chunks := make(chan []item)
	indexed := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var werr error
		for chunk := range chunks {
			if werr != nil {
				continue // a write failed: the rest is not indexed
			}
			var docs []*ingest.Document
			for _, it := range chunk {
				if it.doc != nil {
					docs = append(docs, it.doc)
				}
			}
			var outcomes []Outcome
			if len(docs) > 0 {
				outcomes, werr = s.ReplaceMany(docs)
			}
			k := 0
			for _, it := range chunk {
				r := IngestResult{Doc: it.doc, Err: it.err}
				if it.doc != nil {
					if k < len(outcomes) {
						r.Outcome = outcomes[k]
					}
					k++
				}
				report(it.i, r)
			}
			if werr != nil {
				failed.Store(true)
			}
		}
		indexed <- werr
	}()
	var (
		chunk         []item
		tasks, nbytes int
	)
	send := func() {
		if len(chunk) > 0 {
			chunks <- chunk
		}
		chunk, tasks, nbytes = nil, 0, 0
	}
	for c := range parsed {
		if failed.Load() {
			chunk = nil
			break
		}
		it := <-c
		if it.doc != nil {
			n, b := len(it.doc.Tasks), docBytes(it.doc)
			if len(chunk) > 0 && (tasks+n > maxTasks || nbytes+b > maxBytes) {
				send()
			}
			tasks, nbytes = tasks+n, nbytes+b
		}
		chunk = append(chunk, it)
	}
	send()
	close(chunks)
	close(stop)
	for range parsed { // let the parser see stop
	}
	parsing.Wait()
	return <-indexed
}

// parseSource reads and parses one source.
func parseSource(src Source) (*ingest.Document, error) {
	r, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return ingest.Parse(src.Name, r)
}

// docBytes is about the bytes of doc's tasks that analysis reads.
func docBytes(doc *ingest.Document) int {
	n := 0
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		n += len(t.Text) + len(t.Section)
		for _, names := range [][]string{t.Leaders, t.Units, t.CoUnits} {
			for _, v := range names {
				n += len(v)
			}
		}
	}
	return n
}
