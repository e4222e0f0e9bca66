package index

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/duban/duban/ingest"
)

// A bulk ingest streams: notices are parsed on all cores a few ahead of
// the indexer, gathered into chunks of at most chunkTasks tasks and
// chunkBytes bytes of task text, and each chunk goes to its writer (the library: versions, then ReplaceMany) while
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
// a bulk ingest starts under (LimitIngestMemory), and IngestGCPercent the
// collector's headroom under it. A chunk's analysis is garbage once its
// segments are built, while the ingest allocates about 90 KB a task. With
// the default headroom (100) the collector ran each time the heap doubled,
// about thirteen times per 10,000 tasks (six times bleve-cjk's); with 300
// it runs when the heap reaches the limit, a third as often.
//
// What stays live grows with the store, though (the index's segments and
// their dictionaries: 110–200 MB up to 300,000 tasks, 300–350 MB near a
// million), and under a fixed limit the room left for the garbage shrank
// with it: at a million tasks the collector ran 137 times a tenth of the
// run instead of 47 and the CPU per task rose by a third. So the limit
// follows the live heap (ingestLimitFor), checked every second:
// IngestMemoryLimit up to about 200 MB live, IngestLiveFactor times what
// is live beyond.
const (
	IngestMemoryLimit = 512 << 20
	IngestGCPercent   = 300
	IngestLiveFactor  = 2.5
)

// ingestLimitFor is the memory limit of an ingest whose heap holds live
// bytes live.
func ingestLimitFor(live uint64) int64 {
	return max(IngestMemoryLimit, int64(IngestLiveFactor*float64(live)))
}

// LimitIngestMemory sets IngestMemoryLimit and IngestGCPercent unless the
// environment sets GOMEMLIMIT (or GOGC, for the headroom), raises the limit
// as the live heap grows (ingestLimitFor) until restore is called, and
// returns restore, which puts back what was before. It changes the whole
// process: duban ingest and reparse call it, a server does not.
func LimitIngestMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	before := debug.SetMemoryLimit(IngestMemoryLimit)
	gc := -2 // not changed
	if os.Getenv("GOGC") == "" {
		gc = debug.SetGCPercent(IngestGCPercent)
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 {
					debug.SetMemoryLimit(ingestLimitFor(sample[0].Value.Uint64()))
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		debug.SetMemoryLimit(before)
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
	}
}

// Source is one file of a bulk ingest: the name it is parsed under and
// how to read it.
type Source struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// Parsed is one Source as a Stream's parse left it.
type Parsed struct {
	Doc *ingest.Document // the notice; nil when the source is not one
	// Data are the bytes read, when the parse keeps them (the library
	// keeps originals); they count toward the chunk's bytes.
	Data []byte
	// Other is what the parse recognised that is not a notice (a
	// progress report): reported in its place, never written.
	Other any
	Err   error // why the source could not be read or parsed
}

// Stream is a bulk ingest's pipeline: sources are parsed (parse) on all
// cores, a few ahead, in order; the notices among them are gathered into
// chunks of at most chunkTasks tasks and chunkBytes bytes (task text and
// kept data) and handed to write a chunk at a time while the next chunk is
// parsed. write answers one R per notice of its chunk. report is called
// once per source, in their order, when its chunk is written (with the
// zero R for a source that is no notice or could not be parsed), from one
// goroutine at a time. Stream stops at the first error write returns and
// returns it: the sources after that chunk are not reported.
func Stream[R any](sources []Source, parse func(Source) *Parsed, write func([]*Parsed) ([]R, error), report func(i int, p *Parsed, r R)) error {
	return stream(sources, parse, write, report, chunkTasks, chunkBytes)
}

func stream[R any](sources []Source, parse func(Source) *Parsed, write func([]*Parsed) ([]R, error), report func(i int, p *Parsed, r R), maxTasks, maxBytes int) error {
	type item struct {
		i int
		p *Parsed
	}
	// Parse in order, on all cores, a few sources ahead.
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
				p := parse(src)
				if p == nil {
					p = &Parsed{}
				}
				if p.Err != nil {
					p.Doc, p.Other = nil, nil
				}
				c <- item{i, p}
			}()
		}
	}()
	// Write chunk by chunk, while the next chunk is gathered.
	chunks := make(chan []item)
	written := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var werr error
		for chunk := range chunks {
			if werr != nil {
				continue // a write failed: the rest is not written
			}
			var notices []*Parsed
			for _, it := range chunk {
				if it.p.Doc != nil {
					notices = append(notices, it.p)
				}
			}
			var results []R
			if len(notices) > 0 {
				results, werr = write(notices)
			}
			if werr != nil {
				failed.Store(true)
			}
			k := 0
			for _, it := range chunk {
				var r R
				if it.p.Doc != nil {
					if k < len(results) {
						r = results[k]
					}
					k++
				}
				report(it.i, it.p, r)
			}
		}
		written <- werr
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
		if it.p.Doc != nil {
			n, b := len(it.p.Doc.Tasks), docBytes(it.p.Doc)+len(it.p.Data)
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
	return <-written
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
