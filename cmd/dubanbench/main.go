// Command dubanbench measures duban against the baseline a Go developer
// would otherwise pick, bleve's built-in cjk analyzer, on the same
// deterministic synthetic corpus in the same run.
//
//	dubanbench [-n 100000] [-json FILE]   ingest, size, query latency, HTTP, RSS, cold start
//	dubanbench seed [-restarts 5]         the seed server alone: start and RSS (footprint.go)
//	dubanbench corpus -out DIR [-n N]     the corpus as notice files, for duban ingest DIR/*
//	dubanbench relevance                  recall, MRR and nDCG@10 of seeds/queries.json
//	dubanbench suggest -dir W/duban       GET /api/suggest percentiles on a store built by -dir W
//
// Each engine runs in child processes of its own, so peak RSS and cold
// start are that engine's alone.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// Result is one engine's figures; the JSON names are the bench's contract.
type Result struct {
	Name            string  `json:"name"`
	IngestTasksPerS float64 `json:"ingest_tasks_per_s"`
	IndexTasksPerS  float64 `json:"index_tasks_per_s"`
	IndexBytes      int64   `json:"index_bytes"`
	// KeptBytes are what duban keeps beside its index (DATA/history: each
	// document's version and original file); 0 for bleve-cjk.
	KeptBytes   int64   `json:"kept_bytes"`
	QueryP50MS  float64 `json:"query_p50_ms"`
	QueryP95MS  float64 `json:"query_p95_ms"`
	QueryP99MS  float64 `json:"query_p99_ms"`
	HTTPQPS     float64 `json:"http_qps"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	ColdStartMS float64 `json:"cold_start_ms"`
	// The footprint (footprint.go): the ingesting process's peak up to
	// the index at rest; a fresh process serving the built store, at rest
	// after a first answer and at its peak under the query load; a
	// process serving the seed notice, from its start to the first answer
	// (a first start ingests the seed; the others are restarts, median)
	// and its RSS after 100 searches.
	IngestPeakRSSMB  float64 `json:"ingest_peak_rss_mb"`
	IdleRSSMB        float64 `json:"idle_rss_mb"`
	LoadRSSMB        float64 `json:"load_rss_mb"`
	LoadAnonMB       float64 `json:"load_anon_mb"`
	LoadFileMB       float64 `json:"load_file_mb"`
	LoadHeapMB       float64 `json:"load_heap_mb"`
	SeedFirstStartMS float64 `json:"seed_first_start_ms"`
	SeedStartMS      float64 `json:"seed_start_ms"`
	SeedRSSMB        float64 `json:"seed_rss_mb"`
	Tasks            int     `json:"-"`
}

// Report is what -json writes.
type Report struct {
	Tasks   int      `json:"tasks"`
	Cores   int      `json:"cores"`
	Engines []Result `json:"engines"`
}

func main() {
	sub := ""
	if len(os.Args) > 1 {
		sub = os.Args[1]
	}
	var err error
	switch sub {
	case "run":
		err = childRun(os.Args[2:])
	case "coldstart":
		err = childColdStart(os.Args[2:])
	case "serve":
		err = childServe(os.Args[2:])
	case "seedserve":
		err = childSeedServe(os.Args[2:])
	case "seed":
		err = seedOnly(os.Args[2:], os.Stdout)
	case "corpus":
		err = writeCorpus(os.Args[2:])
	case "relevance":
		err = relevance(os.Args[2:], os.Stdout)
	case "suggest":
		err = suggestBench(os.Args[2:], os.Stdout)
	default:
		err = bench(os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dubanbench:", err)
		os.Exit(1)
	}
}

type benchFlags struct {
	n, queries, clients, requests int
	slowest                       int
	seed                          uint64
	httpFor                       time.Duration
}

func (f *benchFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.n, "n", 100000, "tasks in the synthetic corpus (10k to 1M)")
	fs.IntVar(&f.queries, "queries", 2000, "queries for the latency percentiles")
	fs.IntVar(&f.clients, "clients", 8, "concurrent HTTP clients")
	fs.IntVar(&f.requests, "requests", 4000, "HTTP requests in all (bounded by -http-for too)")
	fs.DurationVar(&f.httpFor, "http-for", 20*time.Second, "longest the HTTP load runs")
	fs.Uint64Var(&f.seed, "seed", 1, "corpus seed")
}

func (f *benchFlags) args() []string {
	return []string{"-n", strconv.Itoa(f.n), "-queries", strconv.Itoa(f.queries), "-clients", strconv.Itoa(f.clients),
		"-requests", strconv.Itoa(f.requests), "-http-for", f.httpFor.String(), "-seed", strconv.FormatUint(f.seed, 10)}
}

func bench(args []string) error {
	fs := flag.NewFlagSet("dubanbench", flag.ExitOnError)
	var f benchFlags
	f.register(fs)
	jsonOut := fs.String("json", "", "write the figures as JSON to this file")
	engines := fs.String("engines", engineDuban+","+engineBleveCJK, "engines to measure")
	keep := fs.String("dir", "", "work directory (default: a temp dir, removed after)")
	restarts := fs.Int("restarts", 5, "restarts of the seed server")
	fs.Parse(args)
	work := *keep
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "dubanbench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	report := Report{Tasks: f.n, Cores: runtime.NumCPU()}
	for _, name := range strings.Split(*engines, ",") {
		dir := filepath.Join(work, name)
		os.RemoveAll(dir)
		fmt.Fprintf(os.Stderr, "== %s: %d tasks\n", name, f.n)
		cmd := exec.Command(self, append([]string{"run", "-engine", name, "-dir", dir}, f.args()...)...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s run: %w", name, err)
		}
		var r Result
		if err := json.Unmarshal(out, &r); err != nil {
			return fmt.Errorf("%s run printed %q: %w", name, out, err)
		}
		if r.ColdStartMS, err = coldStart(self, name, dir); err != nil {
			return err
		}
		serve, err := measureServe(self, name, dir, f)
		if err != nil {
			return err
		}
		r.IdleRSSMB, r.LoadRSSMB = serve.IdleRSSMB, serve.LoadRSSMB
		r.LoadAnonMB, r.LoadFileMB, r.LoadHeapMB = serve.LoadAnonMB, serve.LoadFileMB, serve.LoadHeapMB
		seed, err := measureSeed(self, name, filepath.Join(work, name+"-seed"), *restarts)
		if err != nil {
			return err
		}
		r.SeedFirstStartMS, r.SeedStartMS, r.SeedRSSMB = seed.FirstStartMS, seed.StartMS, seed.RSSMB
		report.Engines = append(report.Engines, r)
	}
	printTable(os.Stdout, report)
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(report, "", "  ")
		return os.WriteFile(*jsonOut, append(b, '\n'), 0o644)
	}
	return nil
}

// coldStart runs a fresh process that opens the built index and answers one
// query; the time is from starting the process to the answer, best of 3.
func coldStart(self, name, dir string) (float64, error) {
	best := 0.0
	for range 3 {
		start := time.Now()
		cmd := exec.Command(self, "coldstart", "-engine", name, "-dir", dir)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			return 0, err
		}
		if err := cmd.Start(); err != nil {
			return 0, err
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		elapsed := float64(time.Since(start).Microseconds()) / 1000
		if err := cmd.Wait(); err != nil || !strings.HasPrefix(line, "answered") {
			return 0, fmt.Errorf("%s cold start: %q %v", name, line, err)
		}
		if best == 0 || elapsed < best {
			best = elapsed
		}
	}
	return best, nil
}

func childColdStart(args []string) error {
	fs := flag.NewFlagSet("coldstart", flag.ExitOnError)
	name := fs.String("engine", engineDuban, "engine")
	dir := fs.String("dir", "", "index dir")
	fs.Parse(args)
	e, err := openEngine(*name, *dir)
	if err != nil {
		return err
	}
	defer e.close()
	if _, err := e.search(query{Q: "垃圾分类"}, 20); err != nil {
		return err
	}
	fmt.Println("answered")
	return nil
}

func childRun(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	var f benchFlags
	f.register(fs)
	name := fs.String("engine", engineDuban, "engine")
	dir := fs.String("dir", "", "index dir")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the indexing to this file")
	queryProfile := fs.String("queryprofile", "", "write a CPU profile of the timed queries to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile of the indexing, taken when its heap was largest (with -query-only: of the heap after the queries), to this file")
	fs.IntVar(&f.slowest, "slowest", 0, "print the N slowest queries and their totals to stderr")
	queryOnly := fs.Bool("query-only", false, "time the queries on the index already in -dir (built by an earlier run with the same -n and -seed)")
	fs.Parse(args)
	c := newCorpus(f.seed)
	if *queryOnly {
		e, err := openEngine(*name, *dir)
		if err != nil {
			return err
		}
		defer e.close()
		r, err := timeQueries(e, c, f, *queryProfile)
		if err != nil {
			return err
		}
		if *memProfile != "" {
			// what the heap holds once the query load is over
			if err := writeHeapProfile(*memProfile); err != nil {
				return err
			}
		}
		r.Name, r.Tasks = *name, f.n
		return json.NewEncoder(os.Stdout).Encode(r)
	}
	raw := c.documents(f.n)
	e, err := openEngine(*name, *dir)
	if err != nil {
		return err
	}
	defer e.close()
	if d, ok := e.(*dubanEngine); ok {
		if err := d.stage(raw); err != nil {
			return err
		}
		defer os.RemoveAll(d.dir + "-corpus")
		runtime.GC()
	}
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(pf)
	}
	if *memProfile != "" {
		defer watchHeap(*memProfile)()
	}
	start := time.Now()
	st, err := e.ingest(raw, newPace(os.Stderr, f.n))
	if err != nil {
		return err
	}
	ingestDur := time.Since(start)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	raw = nil
	tasks := st.tasks
	if st.indexDur > 0 {
		fmt.Fprintf(os.Stderr, "   ingested in %v: parsed in %v, indexed in %v\n", ingestDur.Round(time.Millisecond),
			st.parseDur.Round(time.Millisecond), st.indexDur.Round(time.Millisecond))
	} else {
		fmt.Fprintf(os.Stderr, "   ingested in %v, parsing and indexing at once\n", ingestDur.Round(time.Millisecond))
	}
	// Both engines keep merging and persisting segments for a while after
	// the last batch; queries are timed on the index at rest, as a server
	// runs most of its life.
	fmt.Fprintf(os.Stderr, "   at rest after %v more\n", waitIdle(2*time.Second, 10*time.Minute).Round(100*time.Millisecond))
	ingestPeak := peakRSSMB()
	r := Result{Name: *name, Tasks: tasks,
		IngestTasksPerS: float64(tasks) / ingestDur.Seconds(),
		IndexBytes:      indexSize(*dir),
		KeptBytes:       dirSize(filepath.Join(*dir, "history")),
		IngestPeakRSSMB: ingestPeak,
	}
	if st.indexDur > 0 {
		r.IndexTasksPerS = float64(tasks) / st.indexDur.Seconds()
	}
	q, err := timeQueries(e, c, f, *queryProfile)
	if err != nil {
		return err
	}
	r.QueryP50MS, r.QueryP95MS, r.QueryP99MS, r.HTTPQPS = q.QueryP50MS, q.QueryP95MS, q.QueryP99MS, q.HTTPQPS
	r.PeakRSSMB = peakRSSMB()
	return json.NewEncoder(os.Stdout).Encode(r)
}

func pct(sorted []float64, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(len(sorted)-1, max(0, i-1))]
}

// httpLoad serves h on loopback and sends it the queries from clients
// goroutines until requests are done or the time is up. It counts answers
// per second; any non-200 answer is an error.
func httpLoad(h http.Handler, qs []query, clients, requests int, limit time.Duration) (float64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/search?"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 10 * time.Second}
	var (
		next, done, failed atomic.Int64
		firstErr           atomic.Value // string: what the first failed request got
	)
	deadline := time.Now().Add(limit)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				i := next.Add(1) - 1
				if i >= int64(requests) {
					return
				}
				q := qs[int(i)%len(qs)]
				v := url.Values{}
				if q.Q != "" {
					v.Set("q", q.Q)
				}
				if q.Leader != "" {
					v.Set("leader", q.Leader)
				}
				if q.Unit != "" {
					v.Set("unit", q.Unit)
				}
				resp, err := client.Get(base + v.Encode())
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %s %.200s", v.Encode(), resp.Status, body))
					continue
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		return 0, fmt.Errorf("%d HTTP requests failed, the first with %v", failed.Load(), firstErr.Load())
	}
	return float64(done.Load()) / time.Since(start).Seconds(), nil
}

// timeQueries measures query latency one at a time, then HTTP throughput.
func timeQueries(e engine, c *corpus, f benchFlags, profile string) (Result, error) {
	var r Result
	qs := c.queries(f.queries)
	if profile != "" {
		pf, err := os.Create(profile)
		if err != nil {
			return r, err
		}
		pprof.StartCPUProfile(pf)
	}
	lat := make([]float64, 0, len(qs))
	type timed struct {
		q    query
		ms   float64
		hits int
	}
	var all []timed
	for _, q := range qs {
		t0 := time.Now()
		ids, err := e.search(q, 20)
		if err != nil {
			return r, fmt.Errorf("query %+v: %w", q, err)
		}
		ms := float64(time.Since(t0).Microseconds()) / 1000
		lat = append(lat, ms)
		all = append(all, timed{q, ms, len(ids)})
	}
	if profile != "" {
		pprof.StopCPUProfile()
	}
	slices.SortFunc(all, func(a, b timed) int { return cmp.Compare(b.ms, a.ms) })
	for _, t := range all[:min(f.slowest, len(all))] {
		fmt.Fprintf(os.Stderr, "   %8.2f ms  %+v\n", t.ms, t.q)
	}
	slices.Sort(lat)
	r.QueryP50MS, r.QueryP95MS, r.QueryP99MS = pct(lat, 50), pct(lat, 95), pct(lat, 99)
	var err error
	r.HTTPQPS, err = httpLoad(e.handler(), qs, f.clients, f.requests, f.httpFor)
	return r, err
}

// watchHeap writes a heap profile to file whenever the heap in use is the
// largest seen so far, sampled every 200 ms, until the returned stop is
// called.
func watchHeap(file string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var most uint64
		var ms runtime.MemStats
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > most {
				most = ms.HeapInuse
				if f, err := os.Create(file); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// waitIdle waits until this process has used less than a tenth of a core
// for quiet on end (at most limit), and returns how long it waited.
func waitIdle(quiet, limit time.Duration) time.Duration {
	start := time.Now()
	const step = 250 * time.Millisecond
	calm := time.Duration(0)
	last := cpuTime()
	for calm < quiet && time.Since(start) < limit {
		time.Sleep(step)
		now := cpuTime()
		if now-last < step/10 {
			calm += step
		} else {
			calm = 0
		}
		last = now
	}
	return time.Since(start)
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// indexSize is the bytes of the index in dir: duban's index.bleve, or the
// whole dir of an engine without one.
func indexSize(dir string) int64 {
	if n := dirSize(filepath.Join(dir, "index.bleve")); n > 0 {
		return n
	}
	return dirSize(dir)
}

// peakRSSMB reads the process's peak resident set (VmHWM) from /proc.
func peakRSSMB() float64 {
	mb, _ := procStatusMB(os.Getpid(), "VmHWM:")
	return mb
}

func printTable(w io.Writer, r Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%d tasks, %d cores\t\t\t\t\t\t\t\t\t\t\n", r.Tasks, r.Cores)
	fmt.Fprintln(tw, "engine\tingest tasks/s\tindex-only tasks/s\tindex MB\tp50 ms\tp95 ms\tp99 ms\tHTTP qps\tpeak RSS MB\tcold start ms\t")
	for _, e := range r.Engines {
		indexOnly := "-" // streamed: parsing and indexing overlap
		if e.IndexTasksPerS > 0 {
			indexOnly = fmt.Sprintf("%.0f", e.IndexTasksPerS)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%.0f\t\n", e.Name, e.IngestTasksPerS, indexOnly,
			float64(e.IndexBytes)/(1<<20), e.QueryP50MS, e.QueryP95MS, e.QueryP99MS, e.HTTPQPS, e.PeakRSSMB, e.ColdStartMS)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tingest peak RSS MB\tserving: idle RSS MB\tunder load MB\tafter it: own / files mapped / Go heap MB\tseed: first start ms\tstart ms\tRSS MB\tkept beside the index MB\t")
	for _, e := range r.Engines {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.0f / %.0f / %.0f\t%.0f\t%.0f\t%.0f\t%.1f\t\n", e.Name, e.IngestPeakRSSMB, e.IdleRSSMB, e.LoadRSSMB,
			e.LoadAnonMB, e.LoadFileMB, e.LoadHeapMB, e.SeedFirstStartMS, e.SeedStartMS, e.SeedRSSMB, float64(e.KeptBytes)/(1<<20))
	}
	tw.Flush()
}

// writeHeapProfile writes the heap's profile as it is now, after a
// collection (what stays live).
func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
