package main

import (
	"bufio"
	"bytes"
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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// Footprint: what a serving process costs. Each figure comes from a fresh
// child process, as a server runs after a restart:
//
//   - seed: the process serves the seed notice over loopback HTTP, as
//     `duban serve` does on a new data dir (first start: it ingests the
//     seed) and on that dir again (restarts). Start is from starting the
//     process to the first answered search; RSS is read from /proc after
//     100 more searches.
//   - serve: the process opens the store the run built, answers a first
//     query and comes to rest (idle RSS), then takes the bench's query
//     load, the timed queries and the HTTP load (peak RSS, VmHWM).

// seedSearches is how many searches the seed server answers before its RSS
// is read.
const seedSearches = 100

// SeedFigures are one engine's seed server figures.
type SeedFigures struct {
	FirstStartMS float64 // empty data dir: the seed is ingested first
	StartMS      float64 // median over the restarts
	StartsMS     []float64
	RSSMB        float64 // after seedSearches searches, the last restart
}

// measureSeed runs the seed server of engine name in dir: one first start
// and restarts more, each answering seedSearches searches.
func measureSeed(self, name, dir string, restarts int) (SeedFigures, error) {
	var fig SeedFigures
	os.RemoveAll(dir)
	for i := 0; i <= restarts; i++ {
		startMS, rss, err := runSeedServer([]string{self, "seedserve", "-engine", name, "-dir", dir})
		if err != nil {
			return fig, fmt.Errorf("%s seed server: %w", name, err)
		}
		if i == 0 {
			fig.FirstStartMS = startMS
			continue
		}
		fig.StartsMS = append(fig.StartsMS, startMS)
		fig.RSSMB = rss
	}
	sorted := slices.Clone(fig.StartsMS)
	slices.Sort(sorted)
	fig.StartMS = sorted[len(sorted)/2]
	return fig, nil
}

// runSeedServer starts argv, which prints "listening URL" once it serves,
// and times the first answered search from the process's start; then it
// sends seedSearches searches and reads the process's RSS.
func runSeedServer(argv []string) (startMS, rssMB float64, err error) {
	qs, err := seeds.Queries()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, 0, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		stdin.Close() // the server stops when its stdin closes
		if werr := cmd.Wait(); err == nil && werr != nil {
			err = werr
		}
	}()
	line, _ := bufio.NewReader(out).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		return 0, 0, fmt.Errorf("server printed %q", line)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(q seeds.Query) error {
		v := url.Values{}
		for k, s := range map[string]string{"q": q.Q, "leader": q.Leader, "unit": q.Unit} {
			if s != "" {
				v.Set(k, s)
			}
		}
		resp, err := client.Get(base + "/api/search?" + v.Encode())
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"hits"`)) {
			return fmt.Errorf("%s: %s %.200s", v.Encode(), resp.Status, body)
		}
		return nil
	}
	if err := get(seeds.Query{Q: "垃圾分类"}); err != nil {
		return 0, 0, err
	}
	startMS = float64(time.Since(start).Microseconds()) / 1000
	for i := range seedSearches {
		if err := get(qs[i%len(qs)]); err != nil {
			return 0, 0, err
		}
	}
	rssMB, err = procStatusMB(cmd.Process.Pid, "VmRSS:")
	return startMS, rssMB, err
}

// childSeedServe serves the seed notice with one engine: a new dir gets
// the seed first, as `duban serve` does. It prints "listening URL" and
// serves until its stdin closes.
func childSeedServe(args []string) error {
	fs := flag.NewFlagSet("seedserve", flag.ExitOnError)
	name := fs.String("engine", engineDuban, "engine")
	dir := fs.String("dir", "", "data dir")
	fs.Parse(args)
	_, statErr := os.Stat(*dir)
	e, err := openEngine(*name, *dir)
	if err != nil {
		return err
	}
	defer e.close()
	if os.IsNotExist(statErr) {
		doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
		if err != nil {
			return err
		}
		if err := e.index([]*ingest.Document{doc}); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: e.handler()}
	go srv.Serve(ln)
	defer srv.Close()
	fmt.Printf("listening http://%s\n", ln.Addr())
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// ServeFigures are the RSS of a fresh process serving a built store.
type ServeFigures struct {
	IdleRSSMB float64 `json:"idle_rss_mb"`
	LoadRSSMB float64 `json:"load_rss_mb"`
	// What holds the memory once the load is over: pages of the process's
	// own (RssAnon: the Go heap, stacks, the runtime) and pages of files
	// mapped (RssFile: the index's segments, which both engines map; the
	// kernel shares them with the page cache and takes them back under
	// pressure), and the Go heap in use (runtime.MemStats.HeapInuse).
	LoadAnonMB float64 `json:"load_anon_mb"`
	LoadFileMB float64 `json:"load_file_mb"`
	LoadHeapMB float64 `json:"load_heap_mb"`
}

// childServe opens the store in dir, answers one query, comes to rest and
// reads its RSS, then takes the bench's query load and reads its peak.
func childServe(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var f benchFlags
	f.register(fs)
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
	waitIdle(time.Second, time.Minute)
	var fig ServeFigures
	if fig.IdleRSSMB, err = procStatusMB(os.Getpid(), "VmRSS:"); err != nil {
		return err
	}
	if _, err := timeQueries(e, newCorpus(f.seed), f, ""); err != nil {
		return err
	}
	if fig.LoadRSSMB, err = procStatusMB(os.Getpid(), "VmHWM:"); err != nil {
		return err
	}
	if fig.LoadAnonMB, err = procStatusMB(os.Getpid(), "RssAnon:"); err != nil {
		return err
	}
	if fig.LoadFileMB, err = procStatusMB(os.Getpid(), "RssFile:"); err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fig.LoadHeapMB = float64(ms.HeapInuse) / (1 << 20)
	return json.NewEncoder(os.Stdout).Encode(fig)
}

// measureServe runs childServe for engine name on dir.
func measureServe(self, name, dir string, f benchFlags) (ServeFigures, error) {
	var fig ServeFigures
	cmd := exec.Command(self, append([]string{"serve", "-engine", name, "-dir", dir}, f.args()...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fig, fmt.Errorf("%s serve: %w", name, err)
	}
	if err := json.Unmarshal(out, &fig); err != nil {
		return fig, fmt.Errorf("%s serve printed %q: %w", name, out, err)
	}
	return fig, nil
}

// procStatusMB reads a kB field (VmRSS:, VmHWM:) of a process's
// /proc/PID/status in MB.
func procStatusMB(pid int, field string) (float64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// seedOnly measures the seed servers of both engines and prints their
// figures, every start included.
func seedOnly(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	restarts := fs.Int("restarts", 5, "restarts of the seed server")
	engines := fs.String("engines", engineDuban+","+engineBleveCJK, "engines to measure")
	fs.Parse(args)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "dubanbench-seed-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for _, name := range strings.Split(*engines, ",") {
		fig, err := measureSeed(self, name, filepath.Join(work, name), *restarts)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: first start %.0f ms, restarts %v ms (median %.0f), RSS after %d searches %.0f MB\n",
			name, fig.FirstStartMS, fig.StartsMS, fig.StartMS, seedSearches, fig.RSSMB)
	}
	return nil
}
