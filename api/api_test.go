package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
)

// MustOpenServer returns the real router over a store holding the seed.
func MustOpenServer(tb testing.TB, token string, writes bool) (*Server, http.Handler) {
	tb.Helper()
	dir := tb.TempDir()
	store, err := index.Open(dir, index.Options{})
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
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.Import(context.Background(), doc, seeds.Notice(), library.ImportOptions{Who: library.WhoSeed}); err != nil {
		tb.Fatal(err)
	}
	s := &Server{Store: store, Library: lib, Progress: &progress.Desk{Book: book, Notices: lib}, Token: token, WritesAllowed: writes, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxUploadBytes: 1 << 20}
	return s, s.Handler()
}

type response struct {
	status int
	body   []byte
	header http.Header
}

func do(t *testing.T, h http.Handler, method, target string, body io.Reader, header map[string]string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.Bytes(), rec.Header()}
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("status %d, body %s: %v", r.status, r.body, err)
	}
	return v
}

func upload(t *testing.T, h http.Handler, name string, content []byte, header map[string]string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	if header == nil {
		header = map[string]string{}
	}
	header["Content-Type"] = mw.FormDataContentType()
	return do(t, h, http.MethodPost, "/api/documents", &buf, header)
}

type searchBody struct {
	Total  int                         `json:"total"`
	TookMS float64                     `json:"took_ms"`
	Hits   []map[string]any            `json:"hits"`
	Facets map[string][]map[string]any `json:"facets"`
}

func hitSeqs(b searchBody) []int {
	var out []int
	for _, h := range b.Hits {
		out = append(out, int(h["seq"].(float64)))
	}
	return out
}

func TestSearchEndpoint(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	r := do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil, nil)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	b := decode[searchBody](t, r)
	if b.Total != 1 || len(b.Hits) != 1 {
		t.Fatalf("body = %s", r.body)
	}
	hit := b.Hits[0]
	for _, field := range []string{"id", "doc_id", "year", "seq", "section", "text", "leaders", "units", "unit_groups", "co_units", "deadline", "score", "highlight"} {
		if _, ok := hit[field]; !ok {
			t.Errorf("hit lacks %q: %v", field, hit)
		}
	}
	if hit["seq"] != 49.0 || hit["units"].([]any)[0] != "区城管局" || !strings.Contains(hit["highlight"].(string), "<mark>垃圾分类</mark>") {
		t.Errorf("hit = %v", hit)
	}
	for _, f := range []string{"leader", "unit", "year"} {
		if len(b.Facets[f]) == 0 {
			t.Errorf("facet %s empty: %v", f, b.Facets)
		}
	}
	if b.Facets["year"][0]["value"] != 2018.0 {
		t.Errorf("year facet value should be a number: %v", b.Facets["year"])
	}

	b = decode[searchBody](t, do(t, h, "GET", "/api/search?leader="+url.QueryEscape("祝振伟")+"&size=100", nil, nil))
	if b.Total != 29 || len(b.Hits) != 29 {
		t.Errorf("leader 祝振伟: total %d hits %d", b.Total, len(b.Hits))
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search?unit="+url.QueryEscape("区住建局")+"&year=2018&size=5&from=5", nil, nil))
	if b.Total != 11 || len(b.Hits) != 5 {
		t.Errorf("unit 区住建局 page 2: total %d hits %d", b.Total, len(b.Hits))
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search", nil, nil))
	if b.Total != 83 || len(b.Hits) != 20 || hitSeqs(b)[0] != 1 {
		t.Errorf("empty q: total %d hits %d", b.Total, len(b.Hits))
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search?q="+url.QueryEscape("城管局"), nil, nil))
	if seqs := hitSeqs(b); !slices.Contains(seqs, 49) || !slices.Contains(seqs, 38) {
		t.Errorf("q=城管局: %v", seqs)
	}
}

func TestErrors(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	tests := []struct {
		name, method, target string
		status               int
		code                 string
	}{
		{"size too big", "GET", "/api/search?size=1000000", 400, ingest.EINVALID},
		{"size negative", "GET", "/api/search?size=-1", 400, ingest.EINVALID},
		{"unknown sort", "GET", "/api/search?sort=newest", 400, ingest.EINVALID},
		{"due not a month", "GET", "/api/search?due=2019-6", 400, ingest.EINVALID},
		{"due_before not a date", "GET", "/api/search?due_before=2019-06", 400, ingest.EINVALID},
		{"due bounds crossed", "GET", "/api/search?due_after=2019-07-01&due_before=2019-06-30", 400, ingest.EINVALID},
		{"compare a notice with itself", "GET", "/api/compare?from=a&to=a", 400, ingest.EINVALID},
		{"size not a number", "GET", "/api/search?size=abc", 400, ingest.EINVALID},
		{"from negative", "GET", "/api/search?from=-1", 400, ingest.EINVALID},
		{"from not a number", "GET", "/api/search?from=1e3", 400, ingest.EINVALID},
		{"window too deep", "GET", "/api/search?from=9999&size=100", 400, ingest.EINVALID},
		{"bad year", "GET", "/api/search?year=18", 400, ingest.EINVALID},
		{"query too long", "GET", "/api/search?q=" + strings.Repeat("垃", 600), 400, ingest.EINVALID},
		{"unknown task", "GET", "/api/tasks/2018-nope-1", 404, ingest.ENOTFOUND},
		{"task id with path characters", "GET", "/api/tasks/..%2F..%2Fetc%2Fpasswd", 404, ingest.ENOTFOUND},
		{"unknown document", "GET", "/api/documents/nope", 404, ingest.ENOTFOUND},
		{"delete unknown document", "DELETE", "/api/documents/nope", 404, ingest.ENOTFOUND},
		{"unknown api path", "GET", "/api/nothing", 404, ingest.ENOTFOUND},
		{"a file the page does not have", "GET", "/favicon.ico", 404, ingest.ENOTFOUND},
		{"upload without multipart", "POST", "/api/documents", 400, ingest.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, h, tt.method, tt.target, nil, nil)
			b := decode[ErrorBody](t, r)
			if r.status != tt.status || b.Error.Code != tt.code || b.Error.Message == "" {
				t.Errorf("%s %s = %d %s", tt.method, tt.target, r.status, r.body)
			}
		})
	}
	// Odd query text is searched, never an error.
	for _, q := range []string{`"垃圾分类`, `text:`, `(`, `*`, `\`} {
		if r := do(t, h, "GET", "/api/search?q="+url.QueryEscape(q), nil, nil); r.status != 200 {
			t.Errorf("q=%q: %d %s", q, r.status, r.body)
		}
	}
}

func TestUploadErrors(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	before := do(t, h, "GET", "/api/search?size=100", nil, nil).body
	tests := []struct {
		name    string
		content []byte
		status  int
		code    string
	}{
		{"empty file", nil, 400, ingest.EINVALID},
		{"binary", []byte("\x00\x01PK\x03\x04garbage\xff"), 400, ingest.EINVALID},
		{"no table", []byte("各镇人民政府:\n现将任务分解如下。\n"), 400, ingest.EINVALID},
		{"over the cap", bytes.Repeat([]byte("垃圾分类 | "), 200000), 413, ingest.ETOOLARGE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := upload(t, h, "bad.txt", tt.content, nil)
			b := decode[ErrorBody](t, r)
			if r.status != tt.status || b.Error.Code != tt.code {
				t.Errorf("= %d %s", r.status, r.body)
			}
		})
	}
	if after := do(t, h, "GET", "/api/search?size=100", nil, nil).body; !bytes.Equal(stripTook(before), stripTook(after)) {
		t.Error("a failed upload changed what search returns")
	}
}

// stripTook removes the took_ms field, the only part of a search answer that
// changes between two identical searches.
func stripTook(b []byte) []byte {
	var m map[string]any
	json.Unmarshal(b, &m)
	delete(m, "took_ms")
	out, _ := json.Marshal(m)
	return out
}

func TestUploadAndDeleteRoundTrip(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	notice := strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)
	notice = strings.Replace(notice, "全区垃圾分类覆盖面达到80%", "全区垃圾分类覆盖面达到95%", 1)
	r := upload(t, h, "../../2019 通知.txt", []byte(notice), nil)
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	up := decode[UploadResult](t, r)
	if up.Year != 2019 || up.TasksMade != 83 || up.LinesRead != 91 || up.Report == nil || up.Replaced || up.Source != "2019 通知.txt" {
		t.Errorf("upload result = %+v", up)
	}
	docs := decode[[]index.DocumentInfo](t, do(t, h, "GET", "/api/documents", nil, nil))
	if len(docs) != 2 || docs[0].Year != 2019 {
		t.Errorf("documents = %+v", docs)
	}
	b := decode[searchBody](t, do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil, nil))
	if b.Total != 2 || b.Facets["year"][0]["count"] != 1.0 {
		t.Errorf("two years: %s", do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil, nil).body)
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类")+"&year=2019", nil, nil))
	if b.Total != 1 || !strings.Contains(b.Hits[0]["text"].(string), "95%") {
		t.Errorf("year 2019: %v", b.Hits)
	}
	// The same bytes again change nothing.
	r = upload(t, h, "again.txt", []byte(notice), nil)
	if again := decode[UploadResult](t, r); r.status != 200 || !again.Unchanged || again.Outcome != "unchanged" || again.ID != up.ID {
		t.Errorf("same bytes again: %d %+v", r.status, again)
	}
	// The same notice, edited, replaces it and keeps its id.
	edited := strings.Replace(notice, "达到95%", "达到96%", 1)
	r = upload(t, h, "edited.txt", []byte(edited), nil)
	if again := decode[UploadResult](t, r); r.status != 200 || !again.Replaced || again.ID != up.ID {
		t.Errorf("re-upload: %d %+v", r.status, again)
	}
	doc := decode[index.DocumentInfo](t, do(t, h, "GET", "/api/documents/"+up.ID, nil, nil))
	if doc.Source != "edited.txt" || doc.TaskCount != 83 {
		t.Errorf("document = %+v", doc)
	}
	cmp := decode[index.Comparison](t, do(t, h, "GET", "/api/compare?from="+docs[1].ID+"&to="+up.ID, nil, nil))
	if cmp.Counts[index.Changed] != 1 || cmp.Counts[index.Carried] != 82 {
		t.Errorf("compare 2018 → 2019: %v", cmp.Counts)
	}
	for _, bad := range []string{"/api/compare", "/api/compare?from=" + up.ID, "/api/compare?from=x&to=" + up.ID} {
		if r := do(t, h, "GET", bad, nil, nil); r.status != 400 && r.status != 404 {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	if r := do(t, h, "DELETE", "/api/documents/"+up.ID, nil, nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search?q="+url.QueryEscape("垃圾分类"), nil, nil))
	if b.Total != 1 || b.Hits[0]["year"] != 2018.0 {
		t.Errorf("after delete: %v", b.Hits)
	}
}

func TestWriteAuthorization(t *testing.T) {
	_, h := MustOpenServer(t, "s3cret", true)
	r := upload(t, h, "x.txt", seeds.Notice(), nil)
	if b := decode[ErrorBody](t, r); r.status != 401 || b.Error.Code != ingest.EAUTH || !strings.HasPrefix(b.Error.Message, "需要管理口令") {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	r = upload(t, h, "x.txt", seeds.Notice(), map[string]string{"Authorization": "Bearer wrong"})
	if b := decode[ErrorBody](t, r); r.status != 401 || !strings.Contains(b.Error.Message, "管理口令不正确") {
		t.Errorf("wrong token: %d %s", r.status, r.body)
	}
	r = do(t, h, "DELETE", "/api/documents/any", nil, map[string]string{"Authorization": "s3cret"})
	if r.status != 401 {
		t.Errorf("token without Bearer: %d", r.status)
	}
	r = upload(t, h, "x.txt", seeds.Notice(), map[string]string{"Authorization": "Bearer s3cret"})
	if r.status != 200 {
		t.Errorf("right token: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/search?q=x", nil, nil); r.status != 200 {
		t.Errorf("reads need no token: %d", r.status)
	}

	// no token: writes for this machine's users, not through a proxy
	_, local := MustOpenServer(t, "", true)
	for _, hdr := range []string{"X-Forwarded-For", "Forwarded", "X-Real-IP"} {
		r = upload(t, local, "x.txt", seeds.Notice(), map[string]string{hdr: "203.0.113.7"})
		if b := decode[ErrorBody](t, r); r.status != 403 || b.Error.Code != ingest.EFORBIDDEN || !strings.Contains(b.Error.Message, "设置管理口令") || strings.Contains(b.Error.Message, "DUBAN_TOKEN") {
			t.Errorf("a write forwarded by a proxy (%s) without a token: %d %s", hdr, r.status, r.body)
		}
	}
	if r = upload(t, local, "x.txt", seeds.Notice(), nil); r.status != 200 {
		t.Errorf("a local write without a token: %d %s", r.status, r.body)
	}

	_, ro := MustOpenServer(t, "", false)
	r = upload(t, ro, "x.txt", seeds.Notice(), nil)
	if b := decode[ErrorBody](t, r); r.status != 403 || b.Error.Code != ingest.EFORBIDDEN {
		t.Errorf("writes off: %d %s", r.status, r.body)
	}
	cfg := decode[map[string]any](t, do(t, ro, "GET", "/api/config", nil, nil))
	if cfg["writes_allowed"] != false {
		t.Errorf("config = %v", cfg)
	}
}

func TestReadEndpoints(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	leaders := decode[[]index.NameCount](t, do(t, h, "GET", "/api/leaders", nil, nil))
	if len(leaders) != 16 || leaders[0].Name != "祝振伟" || leaders[0].Tasks != 29 {
		t.Errorf("leaders = %v", leaders)
	}
	units := decode[[]index.UnitGroup](t, do(t, h, "GET", "/api/units", nil, nil))
	found := false
	for _, u := range units {
		if u.Name == "区住建局" {
			found = u.Tasks == 11 && len(u.Variants) == 2
		}
	}
	if !found {
		t.Errorf("units lack 区住建局 with 11 tasks and 2 variants: %v", units)
	}
	docs := decode[[]index.DocumentInfo](t, do(t, h, "GET", "/api/documents", nil, nil))
	if len(docs) != 1 || docs[0].TaskCount != 83 || docs[0].Issuer != "杭州市余杭区人民政府办公室" {
		t.Fatalf("documents = %+v", docs)
	}
	if strings.Contains(string(do(t, h, "GET", "/api/documents", nil, nil).body), `"tasks":[`) {
		t.Error("documents list carries tasks")
	}
	task := decode[ingest.Task](t, do(t, h, "GET", "/api/tasks/"+docs[0].ID+"-49", nil, nil))
	if task.Seq != 49 || task.Leaders[0] != "王艳勤" {
		t.Errorf("task = %+v", task)
	}
	if r := do(t, h, "GET", "/healthz", nil, nil); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
	if r := do(t, h, "GET", "/", nil, nil); r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("page: %d %v", r.status, r.header)
	}
	// HEAD answers as GET does (monitors and link checkers ask it), and
	// the page has its icon.
	for _, path := range []string{"/", "/task/x", "/static/favicon.svg"} {
		if r := do(t, h, "HEAD", path, nil, nil); r.status != 200 {
			t.Errorf("HEAD %s: %d", path, r.status)
		}
	}
	if r := do(t, h, "GET", "/static/favicon.svg", nil, nil); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") {
		t.Errorf("favicon: %d %v", r.status, r.header.Get("Content-Type"))
	}
}
