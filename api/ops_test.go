package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/duban/duban/backup"
	"github.com/duban/duban/buildinfo"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
	"github.com/duban/duban/vocab"
)

// opsServer is a server over a store holding the seed, with what running
// it needs (backups, disk usage, the build) set before its Handler.
type opsServer struct {
	*Server
	h     http.Handler
	dir   string
	store *index.Store
	lib   *library.Library
	book  *progress.Book
	vocab *vocab.Store
}

func (o *opsServer) WriteBackup(w io.Writer) (*backup.Manifest, error) {
	return backup.Write(w, backup.Store{DataDir: o.dir, Index: o.store, Holders: []backup.Holder{o.lib, o.book, o.vocab},
		Dirs: []string{"history", "progress"}, Files: []string{vocab.FileName}, Verify: library.VerifyFile}, "test", index.FormatVersion)
}

func mustOpenOpsServer(tb testing.TB, configure func(*Server)) *opsServer {
	tb.Helper()
	dir := tb.TempDir()
	store, err := index.Open(dir, index.Options{Version: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	book, err := progress.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	lib, err := library.Open(dir, store, library.Options{Annotator: book})
	if err != nil {
		tb.Fatal(err)
	}
	v, err := vocab.Open(dir, false)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.Import(context.Background(), doc, seeds.Notice(), library.ImportOptions{Who: library.WhoSeed}); err != nil {
		tb.Fatal(err)
	}
	o := &opsServer{dir: dir, store: store, lib: lib, book: book, vocab: v}
	o.Server = &Server{Store: store, Library: lib, Progress: &progress.Desk{Book: book, Notices: lib}, Vocabulary: v,
		WritesAllowed: true, Logger: slog.New(slog.DiscardHandler), MaxUploadBytes: 1 << 20,
		Backups: o, Disk: store, StartUp: 1500 * time.Millisecond,
		Build: buildinfo.Info{Version: "1.2.3", Commit: "abcdef", Date: "2026-01-02T03:04:05Z", Go: "go1.26"}}
	if configure != nil {
		configure(o.Server)
	}
	o.h = o.Handler()
	return o
}

// fromLoopback is a request as a client on this machine sends it.
func fromLoopback(r *http.Request) *http.Request {
	r.RemoteAddr = "127.0.0.1:50000"
	return r
}

// scrape reads /metrics as Prometheus does, from this machine.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	r := serve(h, fromLoopback(httptest.NewRequest("GET", "/metrics", nil)))
	if r.status != 200 {
		t.Fatalf("/metrics: %d %s", r.status, r.body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v\n%s", err, r.body)
	}
	return fams
}

// metricValue is the value of the family's series whose labels include
// labels (counter, gauge or untyped; a histogram's count); ok false when
// there is none.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

// TestMetrics scrapes /metrics after searches, uploads and a backup: every
// family the README lists is there with the counts the requests made;
// routes are gin's patterns, never raw paths; only this machine may read
// it unless MetricsPublic says otherwise.
func TestMetrics(t *testing.T) {
	o := mustOpenOpsServer(t, nil)
	h := o.h
	for range 3 {
		if r := do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil, nil); r.status != 200 {
			t.Fatal(r.status)
		}
	}
	taskID := seedTaskID(t, h) // a fourth search
	do(t, h, "GET", "/api/tasks/"+taskID, nil, nil)
	do(t, h, "GET", "/api/tasks/no-such-task-42", nil, nil)
	if r := upload(t, h, "edited.txt", editedSeed(), nil); r.status != 200 && r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	upload(t, h, "empty.txt", []byte("   \n"), nil)
	if r := uploadTo(t, h, "dry_run=true", "h1.txt", readFixture(t, "../ingest/testdata/progress/seed_h1.txt")); r.status != 200 {
		t.Fatalf("progress dry run: %d %s", r.status, r.body)
	}
	r := serve(h, fromLoopback(httptest.NewRequest("GET", "/api/backup", nil)))
	if r.status != 200 {
		t.Fatalf("backup: %d %s", r.status, r.body[:min(len(r.body), 300)])
	}
	fams := scrape(t, h)

	checks := []struct {
		name   string
		labels map[string]string
		want   func(float64) bool
	}{
		{"duban_http_requests_total", map[string]string{"route": "/api/search", "method": "GET", "status": "200"}, eq(4)},
		{"duban_http_requests_total", map[string]string{"route": "/api/tasks/:id", "status": "200"}, eq(1)},
		{"duban_http_requests_total", map[string]string{"route": "/api/tasks/:id", "status": "404"}, eq(1)},
		{"duban_http_request_duration_seconds", map[string]string{"route": "/api/search", "method": "GET"}, eq(4)},
		{"duban_search_duration_seconds", nil, eq(4)},
		{"duban_ingests_total", map[string]string{"kind": "notice", "dry_run": "false", "result": "ok"}, eq(1)},
		{"duban_ingests_total", map[string]string{"kind": "unknown", "result": ingest.EINVALID}, eq(1)},
		{"duban_ingests_total", map[string]string{"kind": "progress", "dry_run": "true", "result": "ok"}, eq(1)},
		{"duban_ingest_duration_seconds", map[string]string{"kind": "notice"}, eq(1)},
		{"duban_documents", nil, eq(1)},
		{"duban_tasks", nil, eq(83)},
		{"duban_index_bytes", nil, func(v float64) bool { return v > 10_000 }},
		{"duban_parse_running", nil, eq(0)},
		{"duban_parse_waiting", nil, eq(0)},
		{"duban_parse_capacity", nil, eq(DefaultMaxParses + DefaultMaxQueued)},
		{"duban_startup_duration_seconds", nil, eq(1.5)},
		{"duban_backups_total", map[string]string{"trigger": "api", "result": "ok"}, eq(1)},
		{"duban_backups_total", map[string]string{"trigger": "schedule", "result": "failed"}, eq(0)},
		{"duban_backup_duration_seconds", nil, eq(1)},
		{"duban_last_backup_bytes", nil, eq(float64(len(r.body)))},
		{"duban_last_backup_timestamp_seconds", nil, func(v float64) bool { return time.Since(time.Unix(int64(v), 0)) < time.Hour }},
		{"duban_build_info", map[string]string{"version": "1.2.3", "commit": "abcdef"}, eq(1)},
		{"go_goroutines", nil, func(v float64) bool { return v > 0 }},
		{"process_resident_memory_bytes", nil, func(v float64) bool { return v > 0 }},
	}
	for _, c := range checks {
		v, ok := metricValue(fams, c.name, c.labels)
		if !ok || !c.want(v) {
			t.Errorf("%s%v = %v (found %v)", c.name, c.labels, v, ok)
		}
	}
	// the uploads' route is its pattern too; no series names a raw path
	raw := serve(h, fromLoopback(httptest.NewRequest("GET", "/metrics", nil))).body
	if bytes.Contains(raw, []byte(taskID)) || bytes.Contains(raw, []byte("no-such-task")) {
		t.Error("a raw path is a label value")
	}
	// unmatched paths are one series, and an odd method is OTHER
	do(t, h, "BREW", "/api/coffee/1", nil, nil)
	do(t, h, "GET", "/api/coffee/2", nil, nil)
	fams = scrape(t, h)
	if v, _ := metricValue(fams, "duban_http_requests_total", map[string]string{"route": "unmatched", "method": "GET", "status": "404"}); v != 1 {
		t.Errorf("unmatched GET: %v", v)
	}
	if _, ok := metricValue(fams, "duban_http_requests_total", map[string]string{"method": "BREW"}); ok {
		t.Error("a client's method became a label value")
	}

	// only this machine reads the metrics, unless they are made public
	r = do(t, h, "GET", "/metrics", nil, nil) // httptest's client is 192.0.2.1
	if b := decode[ErrorBody](t, r); r.status != 403 || b.Error.Code != ingest.EFORBIDDEN {
		t.Errorf("/metrics from another machine: %d %s", r.status, r.body)
	}
	public := mustOpenOpsServer(t, func(s *Server) { s.MetricsPublic = true })
	if r := do(t, public.h, "GET", "/metrics", nil, nil); r.status != 200 || !bytes.Contains(r.body, []byte("duban_documents 1")) {
		t.Errorf("public /metrics: %d", r.status)
	}
}

func eq(want float64) func(float64) bool { return func(v float64) bool { return v == want } }

func seedTaskID(t *testing.T, h http.Handler) string {
	t.Helper()
	b := decode[searchBody](t, do(t, h, "GET", "/api/search?size=1&sort=order", nil, nil))
	if len(b.Hits) == 0 {
		t.Fatal("no task")
	}
	return b.Hits[0]["id"].(string)
}

// TestMetricsParseQueue: the gauges of the upload gate show an upload
// being parsed and one waiting, and the rejected third as a 503.
func TestMetricsParseQueue(t *testing.T) {
	o := mustOpenOpsServer(t, func(s *Server) { s.MaxParses, s.MaxQueued = 1, 1 })
	bs := &blockingLibrary{Library: o.Library, entered: make(chan struct{}, 8), release: make(chan struct{})}
	o.Library = bs
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			serve(o.h, uploadRequest(t, "x.txt", editedSeed()))
		}()
		if i == 0 {
			<-bs.entered
		}
	}
	for deadline := time.Now().Add(10 * time.Second); len(o.gate.tickets) < 2; {
		if time.Now().After(deadline) {
			t.Fatal("the second upload never queued")
		}
		time.Sleep(time.Millisecond)
	}
	serve(o.h, uploadRequest(t, "x.txt", editedSeed())) // busy
	fams := scrape(t, o.h)
	close(bs.release)
	wg.Wait()
	for name, want := range map[string]float64{"duban_parse_running": 1, "duban_parse_waiting": 1, "duban_parse_capacity": 2} {
		if v, _ := metricValue(fams, name, nil); v != want {
			t.Errorf("%s = %v, want %v", name, v, want)
		}
	}
	if v, _ := metricValue(fams, "duban_http_requests_total", map[string]string{"route": "/api/documents", "method": "POST", "status": "503"}); v != 1 {
		t.Errorf("busy uploads counted %v", v)
	}
}

// TestBackupEndpoint: GET /api/backup is a write-level operation (the
// token, the server's own page) and answers a whole archive that restores;
// a second backup at once is busy; a server without backups refuses.
func TestBackupEndpoint(t *testing.T) {
	const token = "0123456789abcdef0123"
	o := mustOpenOpsServer(t, func(s *Server) { s.Token = token })
	h := o.h
	cases := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"no token", nil, 401},
		{"wrong token", map[string]string{"Authorization": "Bearer 0123456789abcdef9999"}, 401},
		{"another site", map[string]string{"Authorization": "Bearer " + token, "Sec-Fetch-Site": "cross-site"}, 403},
		{"another origin", map[string]string{"Authorization": "Bearer " + token, "Origin": "http://evil.example"}, 403},
		{"the token", map[string]string{"Authorization": "Bearer " + token}, 200},
	}
	var archive []byte
	for _, c := range cases {
		r := do(t, h, "GET", "/api/backup", nil, c.header)
		if r.status != c.status {
			t.Errorf("%s: %d %s", c.name, r.status, r.body[:min(len(r.body), 200)])
			continue
		}
		if c.status != 200 {
			if b := decode[ErrorBody](t, r); b.Error.Code == "" {
				t.Errorf("%s: no error code", c.name)
			}
			continue
		}
		if r.header.Get("Content-Type") != "application/gzip" || !strings.Contains(r.header.Get("Content-Disposition"), "duban-") {
			t.Errorf("headers %v", r.header)
		}
		archive = r.body
	}
	m, err := backup.Verify(bytes.NewReader(archive))
	if err != nil {
		t.Fatalf("the archive does not verify: %v", err)
	}
	var hasIndex, hasHistory bool
	for _, f := range m.Files {
		hasIndex = hasIndex || strings.HasPrefix(f.Path, "index.bleve/")
		hasHistory = hasHistory || strings.HasPrefix(f.Path, "history/")
	}
	if !hasIndex || !hasHistory {
		t.Errorf("archive holds %v", m.Files)
	}
	// one backup at a time
	o.ops.backupMu.Lock()
	r := do(t, h, "GET", "/api/backup", nil, map[string]string{"Authorization": "Bearer " + token})
	o.ops.backupMu.Unlock()
	if b := decode[ErrorBody](t, r); r.status != 503 || b.Error.Code != ingest.EBUSY {
		t.Errorf("second backup at once: %d %s", r.status, r.body)
	}
	// a copy that fails before the archive begins is an error answer
	failing := mustOpenOpsServer(t, func(s *Server) { s.Backups = failingBackups{} })
	r = serve(failing.h, fromLoopback(httptest.NewRequest("GET", "/api/backup", nil)))
	if b := decode[ErrorBody](t, r); r.status != 500 || b.Error.Code != ingest.EINTERNAL || r.header.Get("Content-Disposition") != "" {
		t.Errorf("failed backup: %d %v %s", r.status, r.header, r.body)
	}
	if v, _ := metricValue(scrape(t, failing.h), "duban_backups_total", map[string]string{"trigger": "api", "result": "failed"}); v != 1 {
		t.Errorf("failed backups counted %v", v)
	}
	none := mustOpenOpsServer(t, func(s *Server) { s.Backups = nil })
	if r := do(t, none.h, "GET", "/api/backup", nil, nil); r.status != 403 {
		t.Errorf("server without backups: %d", r.status)
	}
}

type failingBackups struct{}

func (failingBackups) WriteBackup(io.Writer) (*backup.Manifest, error) {
	return nil, errors.New("disk full")
}

// TestHealthzReportsTheBuild: /healthz says which duban answers.
func TestHealthzReportsTheBuild(t *testing.T) {
	o := mustOpenOpsServer(t, nil)
	h := decode[Health](t, do(t, o.h, "GET", "/healthz", nil, nil))
	if h.Status != "ok" || h.Documents != 1 || h.Version != "1.2.3" || h.Commit != "abcdef" || h.Date != "2026-01-02T03:04:05Z" {
		t.Errorf("healthz %+v", h)
	}
	// unstamped, it still names a version
	_, plain := MustOpenServer(t, "", true)
	if h := decode[Health](t, do(t, plain, "GET", "/healthz", nil, nil)); h.Version == "" || h.Commit == "" {
		t.Errorf("unstamped healthz %+v", h)
	}
}

// TestBackupEndpointRefusals: the archive holds everything, so it is given
// only as a write is, and without a token only to this machine: not to
// another machine, not through a proxy here, not to another site's page
// nor to a rebound host name.
func TestBackupEndpointRefusals(t *testing.T) {
	open := mustOpenOpsServer(t, func(s *Server) { s.Hosts = LoopbackHosts })
	tokened := mustOpenOpsServer(t, func(s *Server) { s.Token = "0123456789abcdef0123"; s.Hosts = []string{"duban.example"} })
	auth := "Bearer 0123456789abcdef0123"
	cases := []struct {
		name   string
		h      http.Handler
		remote string
		host   string
		header map[string]string
		status int
	}{
		{"no token, another machine", open.h, "192.0.2.1:40000", "127.0.0.1:8080", nil, 403},
		{"no token, another machine over IPv6", open.h, "[2001:db8::1]:40000", "127.0.0.1:8080", nil, 403},
		{"no token, a proxy here (X-Forwarded-For)", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"X-Forwarded-For": "192.0.2.1"}, 403},
		{"no token, a proxy here (Forwarded)", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"Forwarded": "for=192.0.2.1"}, 403},
		{"no token, a rebound name", open.h, "127.0.0.1:40000", "evil.example:8080", nil, 403},
		{"no token, another site", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"no token, a sibling site", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"no token, another origin", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"Origin": "http://127.0.0.1:9999"}, 403},
		{"no token, a null origin", open.h, "127.0.0.1:40000", "127.0.0.1:8080", map[string]string{"Origin": "null"}, 403},
		{"no token, this machine", open.h, "127.0.0.1:40000", "127.0.0.1:8080", nil, 200},
		{"no token, this machine over IPv6", open.h, "[::1]:40000", "localhost:8080", nil, 200},
		{"token, wrong host", tokened.h, "192.0.2.1:40000", "evil.example", map[string]string{"Authorization": auth}, 403},
		{"token, another origin", tokened.h, "192.0.2.1:40000", "duban.example", map[string]string{"Authorization": auth, "Origin": "http://evil.example"}, 403},
		{"token, no token sent from this machine", tokened.h, "127.0.0.1:40000", "duban.example", nil, 401},
		{"token, another machine", tokened.h, "192.0.2.1:40000", "duban.example", map[string]string{"Authorization": auth}, 200},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/api/backup", nil)
		req.RemoteAddr, req.Host = c.remote, c.host
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		r := serve(c.h, req)
		if r.status != c.status {
			t.Errorf("%s: %d %s", c.name, r.status, r.body[:min(len(r.body), 200)])
			continue
		}
		if c.status != 200 && (r.header.Get("Content-Disposition") != "" || bytes.HasPrefix(r.body, []byte{0x1f, 0x8b})) {
			t.Errorf("%s: refused, but an archive was sent", c.name)
		}
	}
}

// blockingBackups writes a little of an archive, then waits until release
// is closed.
type blockingBackups struct {
	started chan struct{}
	release chan struct{}
}

func (b blockingBackups) WriteBackup(w io.Writer) (*backup.Manifest, error) {
	w.Write([]byte{0x1f, 0x8b})
	close(b.started)
	<-b.release
	return &backup.Manifest{}, nil
}

// TestConcurrentBackups: a second backup while one runs is 503 busy, and
// the next after it is made.
func TestConcurrentBackups(t *testing.T) {
	b := blockingBackups{started: make(chan struct{}), release: make(chan struct{})}
	o := mustOpenOpsServer(t, func(s *Server) { s.Backups = b })
	srv := httptest.NewServer(o.h)
	defer srv.Close()
	first := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/api/backup")
		if err != nil {
			first <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-b.started
	resp, err := http.Get(srv.URL + "/api/backup")
	if err != nil || resp.StatusCode != 503 || resp.Header.Get("Content-Disposition") != "" {
		t.Errorf("a second backup at once: %v %v", resp, err)
	}
	resp.Body.Close()
	close(b.release)
	if code := <-first; code != 200 {
		t.Errorf("the first backup: %d", code)
	}
	o.Backups = o // the real one again
	resp, err = http.Get(srv.URL + "/api/backup")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the next backup: %v %v", resp, err)
	}
	if _, err := backup.Verify(resp.Body); err != nil {
		t.Errorf("the next backup: %v", err)
	}
	resp.Body.Close()
}

// endlessBackups writes an archive far larger than the connection's
// buffers, as a large data dir does.
type endlessBackups struct{}

func (endlessBackups) WriteBackup(w io.Writer) (*backup.Manifest, error) {
	chunk := make([]byte, 64<<10)
	for range 1 << 14 { // 1 GB
		if _, err := w.Write(chunk); err != nil {
			return nil, err
		}
	}
	return &backup.Manifest{}, nil
}

// backupFreed waits up to d for the one backup at a time to be free.
func backupFreed(o *opsServer, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if o.ops.backupMu.TryLock() {
			o.ops.backupMu.Unlock()
			return true
		}
	}
	return false
}

// TestBackupClientThatStopsReading: a client that stops reading an
// archive but keeps its connection does not hold the one backup at a time
// (and so the scheduled backups) for ever: the write times out, the backup
// counts as failed, the next is made. One that hangs up mid-stream leaves
// no copy behind, and the library's and the vocabulary's writes were never
// held by the stream.
func TestBackupClientThatStopsReading(t *testing.T) {
	o := mustOpenOpsServer(t, func(s *Server) { s.Backups = endlessBackups{} })
	o.ops.backupStall = 300 * time.Millisecond
	srv := httptest.NewServer(o.h)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/backup HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
	head := make([]byte, 1024)
	if _, err := io.ReadFull(conn, head); err != nil || !bytes.HasPrefix(head, []byte("HTTP/1.1 200")) {
		t.Fatalf("%q %v", head, err)
	}
	// and reads no more
	if !backupFreed(o, 10*time.Second) {
		t.Fatal("a client that stopped reading holds the backup")
	}
	if v, _ := metricValue(scrape(t, o.h), "duban_backups_total", map[string]string{"trigger": "api", "result": "failed"}); v != 1 {
		t.Errorf("the stalled backup counted %v failed", v)
	}

	// the real archive, and a client that hangs up after its first bytes
	o.Backups = o
	for range 3 {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET /api/backup HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
		conn.Read(make([]byte, 100))
		conn.Close()
	}
	if !backupFreed(o, 10*time.Second) {
		t.Fatal("a client that hung up holds the backup")
	}
	if left, _ := filepath.Glob(filepath.Join(o.dir, "duban-backup-*")); len(left) != 0 {
		t.Errorf("copies left behind: %v", left)
	}
	r := do(t, o.h, "PUT", "/api/vocabulary", strings.NewReader("[单位]\n区生态环境分局 = 区环保局\n"), map[string]string{"Content-Type": "text/plain; charset=utf-8"})
	if r.status != 200 {
		t.Errorf("a vocabulary save after the backups: %d %s", r.status, r.body)
	}
	// a backup, then, past the stall time, another request on the same
	// connection: the backup's deadline is gone
	conn, err = net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	for _, p := range []string{"/api/backup", "/healthz"} {
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", p, srv.Listener.Addr())
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s after the backups: %v %v", p, resp, err)
		}
		if p == "/api/backup" {
			if _, err := backup.Verify(resp.Body); err != nil {
				t.Errorf("a backup after them: %v", err)
			}
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(2 * o.ops.backupStall)
	}
}

// TestMetricsLabelsBounded: requests to any paths with any methods add no
// label series beyond the routes' patterns.
func TestMetricsLabelsBounded(t *testing.T) {
	o := mustOpenOpsServer(t, nil)
	series := func() (n int, values []string) {
		for _, f := range scrape(t, o.h) {
			if !strings.HasPrefix(f.GetName(), "duban_http_") {
				continue
			}
			for _, m := range f.Metric {
				n++
				for _, l := range m.Label {
					values = append(values, l.GetValue())
				}
			}
		}
		return n, values
	}
	round := func(i int) {
		id := fmt.Sprintf("r%08d", i)
		for _, p := range []string{"/api/" + id, "/api/tasks/" + id, "/api/documents/" + id + "/versions", "/task/" + id,
			"/" + id + ".js", "/" + id, "/api/search?q=" + id, "/healthz/" + id, "/metrics/" + id, "/%2e%2e/" + id} {
			for _, method := range []string{"GET", "POST", "HEAD", "DELETE", "X" + id} {
				serve(o.h, fromLoopback(httptest.NewRequest(method, p, nil)))
			}
		}
	}
	series() // the scrape's own series
	round(0)
	before, first := series()
	for i := 1; i <= 50; i++ {
		round(i)
	}
	after, values := series()
	if after != before {
		t.Errorf("%d series after one round, %d after fifty:\n%v\n%v", before, after, first, values)
	}
	for _, v := range values {
		if strings.Contains(v, "r000000") {
			t.Errorf("a label value from a request: %q", v)
		}
	}
}
