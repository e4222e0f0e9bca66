package api

import (
	"bytes"
	"encoding/csv"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/duban/duban/library"
	"github.com/duban/duban/seeds"
)

const correctToken = "correct-token-0123456789"

func jsonBody(s string) *strings.Reader { return strings.NewReader(s) }

var withToken = map[string]string{"Authorization": "Bearer " + correctToken, "Content-Type": "application/json"}

// TestCorrectTaskThroughTheAPI: a PATCH of task 49's units is searched at
// once (unit= finds it under the new unit, the old unit's filter loses
// it), is a version with who, when and the fields before and after, is
// refused with a stale expect (409), and a restore of the version before
// it undoes it.
func TestCorrectTaskThroughTheAPI(t *testing.T) {
	_, h := MustOpenServer(t, correctToken, true)
	doc := seedID(t)
	id := doc + "-49"
	search := func(unit string) []int {
		return hitSeqs(decode[searchBody](t, do(t, h, "GET", "/api/search?size=100&unit="+url.QueryEscape(unit), nil, nil)))
	}
	if !slices.Contains(search("区城管局"), 49) || slices.Contains(search("区环保局"), 49) {
		t.Fatal("seed: task 49 not under 区城管局 alone")
	}
	hist := decode[library.History](t, do(t, h, "GET", "/api/documents/"+doc+"/versions", nil, nil))
	seen := hist.Current

	// writes need the token, from this page only
	body := `{"units":["区环保局"],"co_units":"区城管局、区财政局","expect":` + strconv.Itoa(seen) + `}`
	if r := do(t, h, "PATCH", "/api/tasks/"+id, jsonBody(body), map[string]string{"Content-Type": "application/json"}); r.status != 401 {
		t.Errorf("without the token: %d", r.status)
	}
	if r := do(t, h, "PATCH", "/api/tasks/"+id, jsonBody(body), map[string]string{"Authorization": "Bearer " + correctToken, "Origin": "http://evil.example"}); r.status != 403 {
		t.Errorf("from another origin: %d", r.status)
	}
	// co_units as one string is a type error, said in Chinese
	r := do(t, h, "PATCH", "/api/tasks/"+id, jsonBody(body), withToken)
	if e := decode[ErrorBody](t, r); r.status != 400 || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "co_units") {
		t.Errorf("co_units as a string: %d %s", r.status, r.body)
	}
	body = `{"units":["区环保局"],"co_units":["区城管局、区财政局"],"by":"李四","expect":` + strconv.Itoa(seen) + `}`
	r = do(t, h, "PATCH", "/api/tasks/"+id, jsonBody(body), withToken)
	if r.status != 200 {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	e := decode[library.Edited](t, r)
	if e.Version != seen+1 || len(e.Tasks) != 1 || !slices.Equal(e.Tasks[0].CoUnits, []string{"区城管局", "区财政局"}) ||
		!slices.Equal(e.Tasks[0].Corrected, []string{"units", "co_units"}) {
		t.Fatalf("edited: %s", r.body)
	}
	if !slices.Contains(search("区环保局"), 49) {
		t.Error("unit=区环保局 does not find the corrected task 49")
	}
	if slices.Contains(search("区城管局"), 49) {
		t.Error("unit=区城管局 still finds task 49")
	}
	task := decode[map[string]any](t, do(t, h, "GET", "/api/tasks/"+id, nil, nil))
	if c, _ := task["corrected"].([]any); len(c) != 2 {
		t.Errorf("GET task: corrected %v", task["corrected"])
	}

	hist = decode[library.History](t, do(t, h, "GET", "/api/documents/"+doc+"/versions", nil, nil))
	v := hist.Versions[0]
	if hist.Current != seen+1 || v.Action != library.ActionEdit || v.Who != library.WhoToken || v.By != "李四" || v.At.IsZero() ||
		v.Correction == nil || !slices.Equal(v.Correction.Before.Units, []string{"区城管局"}) || !slices.Equal(v.Correction.After.Units, []string{"区环保局"}) {
		t.Errorf("versions: %+v", v)
	}

	// a stale expect: 409 JSON
	r = do(t, h, "PATCH", "/api/tasks/"+id, jsonBody(`{"deadline":"2018年底","expect":`+strconv.Itoa(seen)+`}`), withToken)
	if e := decode[ErrorBody](t, r); r.status != 409 || e.Error.Code != "conflict" || !strings.Contains(e.Error.Message, "更新的版本") {
		t.Errorf("stale expect: %d %s", r.status, r.body)
	}

	// the ledger marks it
	r = do(t, h, "GET", "/api/export?format=csv&q="+url.QueryEscape("垃圾分类"), nil, nil)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.body), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("export: %v %d", err, len(rows))
	}
	col := slices.Index(rows[0], "人工校正")
	if col < 0 || !strings.Contains(rows[1][col], "已人工校正") || !strings.Contains(rows[1][col], "牵头单位") {
		t.Errorf("export: %v / %v", rows[0], rows[1])
	}

	// restoring the version before the edit undoes it
	r = do(t, h, "POST", "/api/documents/"+doc+"/restore?version="+strconv.Itoa(seen)+"&expect="+strconv.Itoa(seen+1), nil, withToken)
	if r.status != 200 {
		t.Fatalf("restore: %d %s", r.status, r.body)
	}
	if !slices.Contains(search("区城管局"), 49) || slices.Contains(search("区环保局"), 49) {
		t.Error("restore did not undo the correction")
	}
}

// TestAddDeleteSplitMergeThroughTheAPI: the other corrections, and their
// bad input answered 4xx in Chinese.
func TestAddDeleteSplitMergeThroughTheAPI(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	doc := seedID(t)
	json := map[string]string{"Content-Type": "application/json"}
	r := do(t, h, "POST", "/api/documents/"+doc+"/tasks", jsonBody(`{"section":"补充","text":"推进数字化改革。","units":["区数据资源局"],"deadline":"2018年9月底"}`), json)
	if r.status != 201 {
		t.Fatalf("add: %d %s", r.status, r.body)
	}
	added := decode[library.Edited](t, r).Tasks[0]
	if added.Seq != 84 || added.Due != "2018-09-30" || added.ID != doc+"-84" {
		t.Errorf("added: %+v", added)
	}
	if got := hitSeqs(decode[searchBody](t, do(t, h, "GET", "/api/search?q="+url.QueryEscape("数字化改革"), nil, nil))); !slices.Equal(got, []int{84}) {
		t.Errorf("the added task is not searched: %v", got)
	}
	if r := do(t, h, "DELETE", "/api/tasks/"+doc+"-84", nil, nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/tasks/"+doc+"-84", nil, nil); r.status != 404 {
		t.Errorf("deleted task: %d", r.status)
	}
	r = do(t, h, "POST", "/api/tasks/"+doc+"-70/split", jsonBody(`{"texts":["实施旅游惠民工程。","推进全域旅游。"]}`), json)
	if r.status != 200 || len(decode[library.Edited](t, r).Tasks) != 2 {
		t.Fatalf("split: %d %s", r.status, r.body)
	}
	r = do(t, h, "POST", "/api/tasks/"+doc+"-1/merge", jsonBody(`{"with":"`+doc+`-2"}`), json)
	if m := decode[library.Edited](t, r); r.status != 200 || !slices.Equal(m.Removed, []string{doc + "-2"}) {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	for _, tt := range []struct {
		method, target, body string
		status               int
		message              string
	}{
		{"PATCH", "/api/tasks/" + doc + "-999", `{"text":"x"}`, 404, "没有编号"},
		{"PATCH", "/api/tasks/" + doc + "-3", `{"text":"  "}`, 400, "任务内容不能为空"},
		{"PATCH", "/api/tasks/" + doc + "-3", `{"units":[]}`, 400, "牵头单位不能为空"},
		{"PATCH", "/api/tasks/" + doc + "-3", `{"unit":["区财政局"]}`, 400, "没有字段"},
		{"PATCH", "/api/tasks/" + doc + "-3", `{"text":`, 400, "JSON"},
		{"PATCH", "/api/tasks/" + doc + "-3", ``, 400, "为空"},
		{"PATCH", "/api/tasks/" + doc + "-3", `{}`, 400, "没有要修改"},
		{"POST", "/api/documents/" + doc + "/tasks", `{"text":"新任务"}`, 400, "牵头单位"},
		{"POST", "/api/documents/" + doc + "/tasks", `{"seq":5,"text":"新任务","units":["区财政局"]}`, 409, "第 5 项已有任务"},
		{"POST", "/api/documents/nothing/tasks", `{"text":"新任务","units":["区财政局"]}`, 404, "没有"},
		{"POST", "/api/tasks/" + doc + "-3/split", `{"texts":["一"]}`, 400, "两段"},
		{"POST", "/api/tasks/" + doc + "-3/merge", `{}`, 400, "with"},
		{"POST", "/api/tasks/" + doc + "-3/merge", `{"with":"` + doc + `-2"}`, 404, "没有编号"},
		{"DELETE", "/api/tasks/" + doc + "-2", ``, 404, "没有编号"},
		{"DELETE", "/api/tasks/" + doc + "-3?expect=1", ``, 409, "更新的版本"},
	} {
		r := do(t, h, tt.method, tt.target, jsonBody(tt.body), json)
		e := decode[ErrorBody](t, r)
		if r.status != tt.status || !strings.Contains(e.Error.Message, tt.message) {
			t.Errorf("%s %s %s: %d %s", tt.method, tt.target, tt.body, r.status, r.body)
		}
	}
	if r := do(t, h, "PATCH", "/api/tasks/"+doc+"-3", jsonBody(`{"text":"x"}`), map[string]string{"Content-Type": "text/plain"}); r.status != 400 {
		t.Errorf("text/plain: %d", r.status)
	}
}

// TestCorrectionsWithTheUpload: the upload's corrections field (made in
// the preview) shows in the dry run and lands with the confirmed import.
func TestCorrectionsWithTheUpload(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	doc := seedID(t)
	send := func(query, corrections string) response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "seed-again.txt")
		fw.Write(append(seeds.Notice(), '\n'))
		mw.WriteField("corrections", corrections)
		mw.WriteField("by", "张三")
		mw.Close()
		req := httptest.NewRequest("POST", "/api/documents?"+query, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return serve(h, req)
	}
	edits := `[{"seq":49,"units":["区数据资源局"]},{"kind":"delete","seq":83}]`
	r := send("dry_run=true", edits)
	if r.status != 200 {
		t.Fatalf("dry run: %d %s", r.status, r.body)
	}
	dry := decode[UploadResult](t, r)
	if len(dry.Document.Tasks) != 82 || !slices.Equal(dry.Document.Tasks[48].Units, []string{"区数据资源局"}) || len(dry.Diff.Changed) != 1 || len(dry.Diff.Removed) != 1 {
		t.Fatalf("dry run: %d tasks, diff %+v", len(dry.Document.Tasks), dry.Diff)
	}
	if got := hitSeqs(decode[searchBody](t, do(t, h, "GET", "/api/search?unit="+url.QueryEscape("区数据资源局"), nil, nil))); len(got) != 0 {
		t.Fatalf("the dry run wrote: %v", got)
	}
	if r := send("", edits); r.status != 200 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	if got := hitSeqs(decode[searchBody](t, do(t, h, "GET", "/api/search?unit="+url.QueryEscape("区数据资源局"), nil, nil))); !slices.Equal(got, []int{49}) {
		t.Errorf("after the import: %v", got)
	}
	hist := decode[library.History](t, do(t, h, "GET", "/api/documents/"+doc+"/versions", nil, nil))
	if v := hist.Versions[0]; v.Action != library.ActionImport || v.Corrections != 2 {
		t.Errorf("version: %+v", v)
	}
	for _, bad := range []string{`{"seq":1}`, `[{"seq":999,"text":"x"}]`, `[{"seq":1,"unit":["x"]}]`, `[{"kind":"split","seq":1}]`} {
		if r := send("dry_run=true", bad); r.status != 400 || !strings.Contains(string(r.body), "校正") {
			t.Errorf("corrections %s: %d %s", bad, r.status, r.body)
		}
	}
}
