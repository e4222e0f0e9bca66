package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/ingest/worker/workertest"
	"github.com/duban/duban/seeds"
)

// TestMain lets this test binary serve as the parse worker: a Server whose
// Parser has no Exe runs this binary as its child, as duban serve runs
// itself.
func TestMain(m *testing.M) {
	workertest.ServeIfChild()
	os.Exit(m.Run())
}

// httpUpload posts content as the file of an upload to the server at base,
// over a real connection, and returns the status and body.
func httpUpload(ctx context.Context, base, query, name string, content []byte) (int, []byte, error) {
	var buf bytes.Buffer
	ct := writeMultipart(&buf, name, content)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/documents"+query, &buf)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", ct)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, body, err
}

// TestUploadBombsAreContained: files that blow the memory or the time of
// the readers, uploaded to a real server, are each answered with a 4xx
// JSON error within the parse deadline while an ordinary upload beside them
// goes through in its usual time; afterwards the server still answers
// /healthz and searches. (Whether a reader's budget or the child's limits
// stop a file is not asserted: either is containment.)
func TestUploadBombsAreContained(t *testing.T) {
	const timeout = slowdown * 4 * time.Second
	s, h := MustOpenServer(t, "", true)
	s.Parser = worker.New(worker.Config{Timeout: timeout})
	t.Cleanup(s.Parser.Close)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, b := range workertest.Bombs() {
		t.Run(b.Name, func(t *testing.T) {
			type answer struct {
				status int
				body   []byte
				err    error
				took   time.Duration
			}
			bomb := make(chan answer, 1)
			start := time.Now()
			go func() {
				st, body, err := httpUpload(context.Background(), srv.URL, "", b.Name, b.Data)
				bomb <- answer{st, body, err, time.Since(start)}
			}()
			// an ordinary upload beside it (the gate runs two at once)
			time.Sleep(50 * time.Millisecond)
			ordStart := time.Now()
			st, body, err := httpUpload(context.Background(), srv.URL, "?dry_run=true", seeds.NoticeName, editedSeed())
			ordTook := time.Since(ordStart)
			if err != nil || st != http.StatusOK {
				t.Fatalf("the ordinary upload beside the bomb: %d %s %v", st, body, err)
			}
			a := <-bomb
			if a.err != nil {
				t.Fatal(a.err)
			}
			var eb ErrorBody
			if err := json.Unmarshal(a.body, &eb); err != nil || a.status < 400 || a.status > 499 || eb.Error.Code == "" || eb.Error.Message == "" {
				t.Fatalf("the bomb's answer: %d %s", a.status, a.body)
			}
			if a.took > timeout+5*time.Second {
				t.Fatalf("the bomb was answered after %v; the deadline is %v", a.took, timeout)
			}
			if ordTook > timeout {
				t.Fatalf("the ordinary upload took %v beside the bomb", ordTook)
			}
			t.Logf("%s: %d %s after %v; the ordinary upload beside it took %v", b.Name, a.status, eb.Error.Code,
				a.took.Round(time.Millisecond), ordTook.Round(time.Millisecond))
			for _, path := range []string{"/healthz", "/api/search?q=" + url.QueryEscape("垃圾分类")} {
				res, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s after the bomb: %d %s", path, res.StatusCode, body)
				}
				if path != "/healthz" {
					var sb searchBody
					if err := json.Unmarshal(body, &sb); err != nil || sb.Total == 0 {
						t.Fatalf("the search after the bomb found nothing: %s", body)
					}
				}
			}
		})
	}
}

// TestUploadClientGoneKillsTheChild: a client that goes away while its
// upload is parsed takes the parse with it: the child and what it started
// are killed, not left to spin (the stand-in child never answers, so the
// kill is the only way it ends).
func TestUploadClientGoneKillsTheChild(t *testing.T) {
	hang := workertest.NewHanging(t)
	s, h := MustOpenServer(t, "", true)
	s.Parser = worker.New(worker.Config{Exe: hang.Exe, Timeout: time.Minute})
	t.Cleanup(s.Parser.Close)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := httpUpload(ctx, srv.URL, "", seeds.NoticeName, seeds.Notice())
		done <- err
	}()
	child, grandchild := hang.Started(t)
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled upload was answered")
	}
	if !workertest.Gone(child, grandchild) {
		t.Fatalf("the child %d or its grandchild %d still runs after the client went away", child, grandchild)
	}
	if res, err := http.Get(srv.URL + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/healthz after: %v %v", res, err)
	}
}
