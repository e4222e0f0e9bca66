package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"

	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
)

// loadOpenAPI loads and validates the embedded description.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi.json is OpenAPI %s, not 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// ginParam matches gin's path parameters, :id and *filepath.
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// TestOpenAPICoversEveryRoute: every route the server serves is in
// openapi.json, with its method, and the document names no route the
// server does not serve.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	s, _ := MustOpenServer(t, "", true)
	engine, ok := s.Handler().(*gin.Engine)
	if !ok {
		t.Fatal("Handler is not a gin engine")
	}
	var served []string
	for _, r := range engine.Routes() {
		served = append(served, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	var documented []string
	for p, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+p)
		}
	}
	slices.Sort(served)
	slices.Sort(documented)
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(served, r) {
			t.Errorf("openapi.json documents %s, which the server does not serve", r)
		}
	}
	if len(served) < 30 {
		t.Errorf("only %d routes found: %v", len(served), served)
	}
	// every operation documents its answers and its errors
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Responses.Status(200) == nil {
				t.Errorf("%s %s has no 200 answer", method, p)
			}
			if strings.HasPrefix(p, "/api/") && op.Responses.Status(500) == nil {
				t.Errorf("%s %s documents no error answer", method, p)
			}
		}
	}
	// and it is served as it is embedded
	_, h := MustOpenServer(t, "", true)
	if r := do(t, h, "GET", "/api/openapi.json", nil, nil); r.status != 200 || !bytes.Equal(r.body, OpenAPI) {
		t.Errorf("GET /api/openapi.json: %d", r.status)
	}
}

// TestResponsesMatchOpenAPI runs the main routes' successes and errors
// through the real server and checks each answer (status, content type,
// body) against the description's schemas with kin-openapi. The schemas
// of the main objects allow no property they do not name, so a field
// added to an answer without documenting it fails here.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	o := mustOpenOpsServer(t, nil)
	h := o.h
	seed := seedTaskID(t, h)
	seedDoc := strings.TrimSuffix(seed, seed[strings.LastIndex(seed, "-"):])
	if r := upload(t, h, "2019.txt", nextYearSeed(), nil); r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	next := ""
	for _, d := range o.store.Documents() {
		if d.ID != seedDoc {
			next = d.ID
		}
	}
	report := readFixture(t, "../ingest/testdata/progress/seed_h1.txt")
	if r := upload(t, h, "h1.txt", report, nil); r.status != 201 {
		t.Fatalf("progress upload: %d %s", r.status, r.body)
	}
	reports := o.Progress.(*progress.Desk).Reports()
	if len(reports) != 1 {
		t.Fatal("no progress report")
	}
	reportID := reports[0].ID

	type call struct {
		method, target string
		body           []byte
		contentType    string
		status         int
	}
	multipartBody := func(name string, content []byte) ([]byte, string) {
		var buf bytes.Buffer
		ct := writeMultipart(&buf, name, content)
		return buf.Bytes(), ct
	}
	calls := []call{
		{"GET", "/healthz", nil, "", 200},
		{"GET", "/api/config", nil, "", 200},
		{"GET", "/api/openapi.json", nil, "", 200},
		{"GET", "/api/search?q=" + url.QueryEscape("垃圾分类"), nil, "", 200},
		{"GET", "/api/search?q=" + url.QueryEscape("城管局 垃圾分类"), nil, "", 200}, // matched: a unit named
		{"GET", "/api/search?leader=" + url.QueryEscape("祝振伟") + "&year=2018&sort=due&size=5", nil, "", 200},
		{"GET", "/api/search?size=0", nil, "", 200},
		{"GET", "/api/search?size=1000000", nil, "", 400},
		{"GET", "/api/search?year=18", nil, "", 400},
		{"GET", "/api/tasks/" + seed, nil, "", 200},
		{"PATCH", "/api/tasks/" + seedDoc + "-49", []byte(`{"units":["区环保局"],"deadline":"2018年底","by":"张三"}`), "application/json", 200},
		{"GET", "/api/tasks/" + seedDoc + "-49", nil, "", 200},
		{"GET", "/api/search?unit=" + url.QueryEscape("区环保局"), nil, "", 200},
		{"PATCH", "/api/tasks/" + seedDoc + "-49", []byte(`{"units":[]}`), "application/json", 400},
		{"PATCH", "/api/tasks/" + seedDoc + "-49", []byte(`{"text":"x","expect":1}`), "application/json", 409},
		{"PATCH", "/api/tasks/" + seedDoc + "-999", []byte(`{"text":"x"}`), "application/json", 404},
		{"POST", "/api/documents/" + seedDoc + "/tasks", []byte(`{"text":"推进数字化改革。","units":["区数据资源局"]}`), "application/json", 201},
		{"POST", "/api/tasks/" + seedDoc + "-70/split", []byte(`{"texts":["实施旅游惠民工程。","推进全域旅游。"]}`), "application/json", 200},
		{"POST", "/api/tasks/" + seedDoc + "-1/merge", []byte(`{"with":"` + seedDoc + `-2"}`), "application/json", 200},
		{"DELETE", "/api/tasks/" + seedDoc + "-3", nil, "", 200},
		{"DELETE", "/api/tasks/" + seedDoc + "-3", nil, "", 404},
		{"GET", "/api/tasks/no-such-task-1", nil, "", 404},
		{"GET", "/api/tasks/" + seedDoc + "-1/progress", nil, "", 200},
		{"GET", "/api/leaders", nil, "", 200},
		{"GET", "/api/units", nil, "", 200},
		{"GET", "/api/documents", nil, "", 200},
		{"GET", "/api/documents/" + seedDoc, nil, "", 200},
		{"GET", "/api/documents/nothing", nil, "", 404},
		{"GET", "/api/documents/" + seedDoc + "/versions", nil, "", 200},
		{"GET", "/api/documents/" + seedDoc + "/original", nil, "", 200},
		{"GET", "/api/documents/" + seedDoc + "/original?version=x", nil, "", 400},
		{"GET", "/api/compare?from=" + seedDoc + "&to=" + next, nil, "", 200},
		{"GET", "/api/compare?from=" + seedDoc + "&to=" + seedDoc, nil, "", 400},
		{"GET", "/api/compare/export?from=" + seedDoc + "&to=" + next + "&format=csv", nil, "", 200},
		{"GET", "/api/stats?unit=" + url.QueryEscape("区城管局"), nil, "", 200},
		{"GET", "/api/export?format=xlsx", nil, "", 200},
		{"GET", "/api/export?format=pdf", nil, "", 400},
		{"GET", "/api/progress", nil, "", 200},
		{"GET", "/api/progress/" + reportID, nil, "", 200},
		{"GET", "/api/progress/nothing", nil, "", 404},
		{"GET", "/api/progress/stats?year=2018", nil, "", 200},
		{"GET", "/api/chase?year=2018", nil, "", 200},
		{"GET", "/api/chase?year=2018&status=bogus", nil, "", 400},
		{"POST", "/api/tasks/" + seedDoc + "-4/progress", []byte(`{"period":"2018-H1","text":"征地受阻","status":"滞后","who":"张三"}`), "application/json", 200},
		{"POST", "/api/tasks/" + seedDoc + "-4/progress", []byte(`{"period":"上半年"}`), "application/json", 400},
		{"POST", "/api/chases", []byte(`{"unit":"区城管局","tasks":["` + seedDoc + `-4"],"date":"2018-07-15"}`), "application/json", 200},
		{"GET", "/api/chases?year=2018", nil, "", 200},
		{"GET", "/api/suggest?q=" + url.QueryEscape("垃圾"), nil, "", 200},
		{"GET", "/api/suggest?q=x&n=99", nil, "", 400},
		{"GET", "/api/vocabulary", nil, "", 200},
		{"GET", "/api/vocabulary?format=text", nil, "", 200},
		{"PUT", "/api/vocabulary", []byte("[单位]\n区生态环境分局 = 区环保局\n"), "text/plain; charset=utf-8", 200},
		{"PUT", "/api/vocabulary", []byte(`{"vocabulary":{"units":[{"name":"坏","names":[]}]}}`), "application/json", 400},
		{"GET", "/api/backup", nil, "", 200},
		{"GET", "/metrics", nil, "", 200},
		{"GET", "/", nil, "", 200},
		{"GET", "/static/app.js", nil, "", 200},
		{"DELETE", "/api/documents/" + next, nil, "", 200},
		{"GET", "/api/trash", nil, "", 200},
		{"POST", "/api/documents/" + next + "/restore", nil, "", 200},
		{"POST", "/api/documents/" + next + "/restore?version=1&expect=1", nil, "", 409},
		{"DELETE", "/api/progress/" + reportID, nil, "", 200},
		{"DELETE", "/api/trash?id=nothing", nil, "", 404},
	}
	notice, noticeCT := multipartBody("2020.txt", []byte(strings.Replace(string(nextYearSeed()), "2019年", "2020年", 1)))
	dry, dryCT := multipartBody("2021.txt", []byte(strings.Replace(string(nextYearSeed()), "2019年", "2021年", 1)))
	empty, emptyCT := multipartBody("empty.txt", []byte(" \n"))
	again, againCT := multipartBody("h1.txt", report)
	calls = append(calls,
		call{"POST", "/api/documents", notice, noticeCT, 201},
		call{"POST", "/api/documents?dry_run=true", dry, dryCT, 200},
		call{"POST", "/api/documents", empty, emptyCT, 400},
		call{"POST", "/api/documents?dry_run=maybe", notice, noticeCT, 400},
		call{"POST", "/api/documents", again, againCT, 201},
	)
	checked := 0
	for _, c := range calls {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.target, bytes.NewReader(c.body))
			req.RemoteAddr = "127.0.0.1:40000" // /metrics answers this machine
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, c.status, rec.Body.Bytes())
			}
			checkAgainstOpenAPI(t, router, c.method, c.target, rec)
			checked++
		})
	}
	if checked != len(calls) {
		t.Errorf("%d of %d calls checked", checked, len(calls))
	}
}

// checkAgainstOpenAPI validates one answer against the operation the
// description gives for its request.
func checkAgainstOpenAPI(t *testing.T, router routers.Router, method, target string, rec *httptest.ResponseRecorder) {
	t.Helper()
	full, _ := http.NewRequest(method, "http://localhost"+target, nil)
	route, params, err := router.FindRoute(full)
	if err != nil {
		t.Fatalf("openapi.json has no operation for %s %s: %v", method, target, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: full, PathParams: params, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("the answer does not match openapi.json: %v\nbody: %.500s", err, rec.Body.Bytes())
	}
}

// TestOpenAPICatchesUndocumentedFields: the check is not vacuous: an
// answer with a field the schema does not name, or a status it does not
// list, fails it.
func TestOpenAPICatchesUndocumentedFields(t *testing.T) {
	doc := loadOpenAPI(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		status int
		body   string
	}{
		"an extra field":      {200, `{"status":"ok","documents":1,"version":"1","commit":"x","date":"","go":"go1","secret":1}`},
		"a missing field":     {200, `{"status":"ok","documents":1}`},
		"a wrong type":        {200, `{"status":"ok","documents":"one","version":"1","commit":"x","date":"","go":"go1"}`},
		"an unlisted status":  {418, `{"error":{"code":"teapot","message":"x"}}`},
		"an error badly made": {500, `{"error":"boom"}`},
	} {
		t.Run(name, func(t *testing.T) {
			full, _ := http.NewRequest("GET", "http://localhost/healthz", nil)
			route, params, err := router.FindRoute(full)
			if err != nil {
				t.Fatal(err)
			}
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: full, PathParams: params, Route: route},
				Status:                 c.status,
				Header:                 http.Header{"Content-Type": {"application/json; charset=utf-8"}},
				Options:                &openapi3filter.Options{IncludeResponseStatus: true},
			}
			in.SetBodyBytes([]byte(c.body))
			if err := openapi3filter.ValidateResponse(context.Background(), in); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// nextYearSeed is the seed notice retitled 2019: another document.
func nextYearSeed() []byte {
	return []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1))
}
