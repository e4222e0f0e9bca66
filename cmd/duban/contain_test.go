package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/ingest/worker/workertest"
)

// TestMain lets this test binary serve as the parse worker: the commands
// run by the tests parse every file in a child, as duban does, and the
// child is this binary (os.Executable).
func TestMain(m *testing.M) {
	workertest.ServeIfChild()
	os.Exit(m.Run())
}

// uploadTo posts a file to a running server and returns the status and body.
func uploadTo(base, name string, data []byte) (int, []byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, err := http.Post(base+"/api/documents", mw.FormDataContentType(), &body)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// TestServeContainsABomb: the real program, as duban serve wires it, parses
// uploads in a child: a 211-byte PDF that makes the PDF reader allocate
// tens of gigabytes (which in this process would be Go's fatal
// out-of-memory, ending the test binary) is a 4xx, and the server answers
// /healthz and searches afterwards.
func TestServeContainsABomb(t *testing.T) {
	m := MustRunMain(t, t.TempDir())
	st, body, err := uploadTo(m.URL(), "xref.pdf", workertest.XrefPDF())
	if err != nil || st < 400 || st > 499 {
		t.Fatalf("the bomb: %d %s %v", st, body, err)
	}
	var health map[string]any
	if st := getJSON(t, m.URL()+"/healthz", &health); st != http.StatusOK {
		t.Fatalf("/healthz after the bomb: %d", st)
	}
	var hits searchAnswer
	if st := getJSON(t, m.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &hits); st != http.StatusOK || hits.Total == 0 {
		t.Fatalf("search after the bomb: %d, %d hits", st, hits.Total)
	}
}

// TestServeShutdownDoesNotWaitOnAParse: stopping the server kills a parse
// in progress (and what its child started) instead of waiting for it; the
// upload is answered 503. The stand-in child never answers by itself.
func TestServeShutdownDoesNotWaitOnAParse(t *testing.T) {
	hang := workertest.NewHanging(t)
	m := &Main{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Logger: quietLogger(),
		Parser: worker.New(worker.Config{Exe: hang.Exe, Timeout: 5 * time.Minute})}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		st, body, err := uploadTo(m.URL(), "x.txt", noticeOfYear(2021))
		done <- answer{st, body, err}
	}()
	child, grandchild := hang.Started(t)
	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	select {
	case <-closed:
	case <-time.After(8 * time.Second):
		t.Fatal("Close waits on the parse (the server's grace for requests is 10 s)")
	}
	a := <-done
	if a.err != nil || a.status != http.StatusServiceUnavailable {
		t.Fatalf("the upload under way: %d %s %v", a.status, a.body, a.err)
	}
	if !workertest.Gone(child, grandchild) {
		t.Fatalf("the child %d or its grandchild %d still runs", child, grandchild)
	}
}

// TestIngestContainsBombs: duban ingest parses each file in a child under
// --parse-timeout: a memory bomb and a time bomb fail with a message and
// the notice beside them is kept; the command ends within the deadline and
// says how many failed.
func TestIngestContainsBombs(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	var paths []string
	for name, data := range map[string][]byte{"xref.pdf": workertest.XrefPDF(), "form.pdf": workertest.FormPDF(), "notice.txt": noticeOfYear(2021)} {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	start := time.Now()
	out, errOut, err := runCLI(t, append([]string{"ingest", "--data", dir, "--parse-timeout", "2s"}, paths...)...)
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "3 个文件中有 2 个未能导入") {
		t.Fatalf("ingest: %v\n%s\n%s", err, out, errOut)
	}
	for _, name := range []string{"xref.pdf", "form.pdf"} {
		if !strings.Contains(errOut, name+":") {
			t.Fatalf("no word of %s:\n%s", name, errOut)
		}
	}
	if took > 20*time.Second {
		t.Fatalf("ingest took %v with a 2 s parse deadline", took)
	}
	out, _, err = runCLI(t, "documents", "--data", dir)
	if err != nil || !strings.Contains(out, "2021") {
		t.Fatalf("documents after: %v\n%s", err, out)
	}
}

// TestParseLimitsFromFlagsAndEnvironment: --parse-timeout and --parse-memory
// (or DUBAN_PARSE_TIMEOUT, DUBAN_PARSE_MEMORY) reach the parser; limits no
// parse could run under are refused.
func TestParseLimitsFromFlagsAndEnvironment(t *testing.T) {
	t.Setenv("DUBAN_PARSE_MEMORY", "512")
	root := newRootCommand(io.Discard, io.Discard)
	var got worker.Config
	for _, c := range root.Commands() {
		if c.Name() == "documents" {
			c.RunE = func(cmd *cobra.Command, _ []string) error { return nil }
		}
	}
	root.SetArgs([]string{"documents", "--parse-timeout", "7s"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	g := root.PersistentFlags()
	timeout, _ := g.GetDuration("parse-timeout")
	memory, _ := g.GetInt64("parse-memory")
	if timeout != 7*time.Second || memory != 512 {
		t.Fatalf("--parse-timeout %v, --parse-memory %d", timeout, memory)
	}
	got = (&globals{parseTimeout: timeout, parseMemory: memory, stderr: io.Discard}).main().parser().Config()
	if got.Timeout != 7*time.Second || got.Memory != 512<<20 || got.InProcess {
		t.Fatalf("the parser's config: %+v", got)
	}
	for _, args := range [][]string{{"documents", "--parse-timeout", "0s"}, {"documents", "--parse-memory", "10"}} {
		if _, _, err := runCLI(t, args...); err == nil || !strings.Contains(err.Error(), "parse-") {
			t.Fatalf("%v: %v", args, err)
		}
	}
}
