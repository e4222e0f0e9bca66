package index

import (
	"errors"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// IngestResult is what became of one Source of the test's ingest.
type IngestResult struct {
	Doc     *ingest.Document // nil when it could not be read or parsed
	Outcome Outcome          // empty when it was not indexed
	Err     error            // why it could not be read or parsed
}

// ingest runs Stream's pipeline with chunks of at most maxTasks tasks and
// maxBytes bytes straight into the store (ReplaceMany), as the library's
// ImportFiles runs it through versions.
func (s *Store) ingest(sources []Source, report func(i int, r IngestResult), maxTasks, maxBytes int) error {
	write := func(ps []*Parsed) ([]Outcome, error) {
		docs := make([]*ingest.Document, len(ps))
		for k, p := range ps {
			docs[k] = p.Doc
		}
		return s.ReplaceMany(docs)
	}
	parse := func(src Source) *Parsed {
		r, err := src.Open()
		if err != nil {
			return &Parsed{Err: err}
		}
		defer r.Close()
		doc, err := ingest.Parse(src.Name, r)
		return &Parsed{Doc: doc, Err: err}
	}
	return stream(sources, parse, write, func(i int, p *Parsed, o Outcome) {
		report(i, IngestResult{Doc: p.Doc, Outcome: o, Err: p.Err})
	}, maxTasks, maxBytes)
}

// seedSources are the seed notice as it is and again under other years
// (other titles: other documents), with a file that is no notice and one
// that cannot be opened among them.
func seedSources(years int) ([]Source, []bool) {
	var sources []Source
	var good []bool
	add := func(name, text string, ok bool) {
		sources = append(sources, Source{Name: name, Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(text)), nil
		}})
		good = append(good, ok)
	}
	notice := string(seeds.Notice())
	for i := range years {
		year := strconv.Itoa(2001 + i)
		add(year+".txt", strings.ReplaceAll(notice, "2018", year), true)
		switch i {
		case 2:
			add("noise.txt", "这不是一份通知。\n", false)
		case 4:
			sources = append(sources, Source{Name: "missing.txt", Open: func() (io.ReadCloser, error) { return nil, errors.New("no such file") }})
			good = append(good, false)
		}
	}
	return sources, good
}

// TestIngestStreams: every source is reported once, in order; those that
// cannot be parsed are reported and skipped; the rest are indexed across
// many chunks.
func TestIngestStreams(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sources, good := seedSources(12)
	next := 0
	err = s.ingest(sources, func(i int, r IngestResult) {
		if i != next {
			t.Errorf("source %d reported, want %d", i, next)
		}
		next = i + 1
		switch {
		case good[i] && (r.Err != nil || r.Outcome != Added || len(r.Doc.Tasks) != 83):
			t.Errorf("%s: %+v", sources[i].Name, r)
		case !good[i] && (r.Err == nil || r.Doc != nil || r.Outcome != ""):
			t.Errorf("%s should fail: %+v", sources[i].Name, r)
		}
	}, 200, 1<<20) // at most two notices a chunk
	if err != nil {
		t.Fatal(err)
	}
	if next != len(sources) {
		t.Errorf("%d of %d sources reported", next, len(sources))
	}
	if n := len(s.Documents()); n != 12 {
		t.Errorf("%d documents, want 12", n)
	}
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if r.Total != 12 {
		t.Errorf("垃圾分类 in %d tasks, want one a year", r.Total)
	}
	// Ingesting them again changes nothing.
	err = s.ingest(sources, func(i int, r IngestResult) {
		if good[i] && r.Outcome != Unchanged {
			t.Errorf("%s again: %+v", sources[i].Name, r)
		}
	}, 200, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
}

// TestIngestStopsAtFailedWrite: a write that fails ends the ingest with its
// error, and nothing after it is reported.
func TestIngestStopsAtFailedWrite(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	sources, _ := seedSources(12)
	reported := 0
	err = s.ingest(sources, func(i int, r IngestResult) {
		reported++
		if r.Outcome != "" {
			t.Errorf("%s indexed into a closed store", sources[i].Name)
		}
	}, 200, 1<<20)
	if err == nil {
		t.Fatal("ingest into a closed store succeeded")
	}
	if reported >= len(sources) {
		t.Errorf("all %d sources reported after the first write failed", reported)
	}
}

// TestIngestMemoryFollowsTheLiveHeap: a bulk ingest starts under
// IngestMemoryLimit, the limit rises once more stays live than the
// collector's room under it (a large store's segments), and restore puts
// back the limit before.
func TestIngestMemoryFollowsTheLiveHeap(t *testing.T) {
	if got := ingestLimitFor(100 << 20); got != IngestMemoryLimit {
		t.Errorf("limit for 100 MB live: %d, want %d", got, IngestMemoryLimit)
	}
	if got := ingestLimitFor(400 << 20); got != 1000<<20 {
		t.Errorf("limit for 400 MB live: %d, want 1000 MB", got)
	}
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	restore := LimitIngestMemory()
	if got := debug.SetMemoryLimit(-1); got != IngestMemoryLimit {
		t.Fatalf("limit %d, want %d", got, IngestMemoryLimit)
	}
	live := make([][]byte, 300)
	for i := range live {
		live[i] = make([]byte, 1<<20)
		live[i][0] = 1
	}
	raised := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !raised; {
		runtime.GC()
		time.Sleep(200 * time.Millisecond)
		raised = debug.SetMemoryLimit(-1) > IngestMemoryLimit
	}
	runtime.KeepAlive(live)
	restore()
	if !raised {
		t.Errorf("with 300 MB live the limit stayed at %d", debug.SetMemoryLimit(-1))
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after restore the limit is %d, want %d", got, before)
	}
}
