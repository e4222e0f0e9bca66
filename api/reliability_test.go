package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// snapshot is everything the API returns about the index: every task of
// every document and the document list (without volatile fields).
func snapshot(t *testing.T, h http.Handler) string {
	t.Helper()
	var b strings.Builder
	docs := decode[[]index.DocumentInfo](t, do(t, h, "GET", "/api/documents", nil, nil))
	for _, d := range docs {
		fmt.Fprintf(&b, "%s %s %d %s\n", d.ID, d.Title, d.TaskCount, d.Checksum)
		for from := 0; from < d.TaskCount; from += 100 {
			r := do(t, h, "GET", fmt.Sprintf("/api/search?doc=%s&size=100&from=%d", d.ID, from), nil, nil)
			b.Write(stripTook(r.body))
		}
	}
	for _, p := range []string{"/api/leaders", "/api/units"} {
		b.Write(do(t, h, "GET", p, nil, nil).body)
	}
	return b.String()
}

// TestBadInputChangesNothing: every bad upload and bad query gets a clear
// 4xx JSON error, and what the API returns about the index stays the same.
func TestBadInputChangesNothing(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	before := snapshot(t, h)

	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:p/>"), ingest.MaxZipEntryBytes/6+100))
	zw.Close()
	var docx bytes.Buffer
	zw = zip.NewWriter(&docx)
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号`))
	zw.Close()
	truncated := docx.Bytes()[:docx.Len()-30]
	noHeader := "1 | 推进垃圾分类。 | 王艳勤 | 区城管局 |\n"

	uploads := []struct {
		name string
		data []byte
		code int
	}{
		{"empty.txt", nil, 400},
		{"random.bin", []byte{0x00, 0x9f, 0x92, 0x96, 0xff, 0x00, 0x13, 0x37}, 400},
		{"bomb.docx", bomb.Bytes(), 413},
		{"truncated.docx", truncated, 400},
		{"truncated.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), 400},
		{"noheader.txt", []byte(noHeader), 400},
		{"../../../etc/passwd", []byte(noHeader), 400},
		{"big.txt", bytes.Repeat([]byte("一"), 2<<20), 413},
	}
	for _, u := range uploads {
		r := upload(t, h, u.name, u.data, nil)
		b := decode[ErrorBody](t, r)
		if r.status != u.code || b.Error.Message == "" {
			t.Errorf("upload %s: %d %s", u.name, r.status, r.body)
		}
	}
	queries := []string{
		"q=" + url.QueryEscape(`"垃圾分类`), "q=" + url.QueryEscape("text:"), "q=" + url.QueryEscape("+(垃圾 OR"),
		"size=1000000", "from=-1", "q=" + strings.Repeat("%E5%9E%83", 2000), "year=abc", "size=-5",
	}
	for _, q := range queries {
		r := do(t, h, "GET", "/api/search?"+q, nil, nil)
		if r.status != 200 && (r.status < 400 || r.status > 499) {
			t.Errorf("search %s: %d", q[:min(len(q), 40)], r.status)
		}
		if r.status != 200 {
			if b := decode[ErrorBody](t, r); b.Error.Code == "" {
				t.Errorf("search %s: no error code", q[:min(len(q), 40)])
			}
		}
	}
	for _, id := range []string{"..%2F..%2Fetc", "%00", strings.Repeat("x", 5000), "2018-ce61a2585d-49%2F..%2F1"} {
		for _, p := range []string{"/api/tasks/", "/api/documents/"} {
			if r := do(t, h, "GET", p+id, nil, nil); r.status != 404 && r.status != 400 {
				t.Errorf("GET %s%s: %d", p, id[:min(len(id), 30)], r.status)
			}
		}
		if r := do(t, h, "DELETE", "/api/documents/"+id, nil, nil); r.status != 404 && r.status != 400 {
			t.Errorf("DELETE %s: %d", id[:min(len(id), 30)], r.status)
		}
	}
	if after := snapshot(t, h); after != before {
		t.Error("bad input changed what the API returns")
	}
}

// TestLoadWhileWriting: concurrent searches on loopback, a fixed count,
// while one document is re-ingested again and again and another deleted.
// No request fails, and every answer holds a document wholly or not at all.
func TestLoadWhileWriting(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	seed, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	next := *seed
	next.Checksum = "v2"
	next.Tasks = append([]ingest.Task(nil), seed.Tasks[:50]...)
	gone, err := ingest.Parse("2019.txt", strings.NewReader(strings.Replace(string(seeds.Notice()),
		"2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.Replace(gone); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	const clients, perClient = 6, 60
	var failures atomic.Int64
	var mu sync.Mutex
	var problems []string
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				q := fmt.Sprintf("/api/search?size=1&doc=%s", seed.ID)
				if (c+i)%2 == 1 {
					q = fmt.Sprintf("/api/search?size=1&doc=%s", gone.ID)
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+q, nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					failures.Add(1)
					report("request: %v", err)
					continue
				}
				var body struct {
					Total int `json:"total"`
				}
				json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures.Add(1)
					report("status %d", resp.StatusCode)
					continue
				}
				if strings.Contains(q, seed.ID) && body.Total != 83 && body.Total != 50 {
					report("re-ingested document half there: %d tasks", body.Total)
				}
				if strings.Contains(q, gone.ID) && body.Total != 83 && body.Total != 0 {
					report("deleted document half there: %d tasks", body.Total)
				}
			}
		}()
	}
	for i := range 8 {
		d := seed
		if i%2 == 0 {
			d = &next
		}
		if r := uploadDoc(s, d); r != nil {
			t.Error(r)
		}
		if i == 3 {
			if err := s.Store.Delete(gone.ID); err != nil {
				t.Error(err)
			}
		}
	}
	wg.Wait()
	if failures.Load() > 0 || len(problems) > 0 {
		t.Errorf("%d failures: %v", failures.Load(), problems)
	}
}

func uploadDoc(s *Server, d *ingest.Document) error {
	_, err := s.Store.Replace(d)
	return err
}

// TestTokenNeverLogged: the request log has no header, and the token in a
// request never appears in it.
func TestTokenNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	s, _ := MustOpenServer(t, "very-secret-token", true)
	s.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := s.Handler()
	upload(t, h, "x.txt", seeds.Notice(), map[string]string{"Authorization": "Bearer very-secret-token"})
	upload(t, h, "x.txt", seeds.Notice(), map[string]string{"Authorization": "Bearer wrong-token-guess"})
	do(t, h, "GET", "/api/search?q=x", nil, map[string]string{"Authorization": "Bearer very-secret-token"})
	if strings.Contains(logs.String(), "secret") || strings.Contains(logs.String(), "guess") || !strings.Contains(logs.String(), "status=401") {
		t.Errorf("log:\n%s", logs.String())
	}
}
