package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/seeds"
)

// uploadTo posts a file to /api/documents with query parameters.
func uploadTo(t *testing.T, h http.Handler, query, name string, content []byte) response {
	t.Helper()
	req := uploadRequest(t, name, content)
	req.URL.RawQuery = query
	return serve(h, req)
}

// fewerTasks is the seed with its last 20 tasks gone.
func fewerTasks() []byte {
	lines := strings.Split(string(seeds.Notice()), "\n")
	return []byte(strings.Join(lines[:len(lines)-21], "\n") + "\n")
}

// headless is the seed's table without the notice around it, as a
// spreadsheet holds it: no issuer, no date, so another id.
func headless() []byte {
	lines := strings.Split(string(seeds.Notice()), "\n")
	return []byte(strings.Join(lines[6:], "\n"))
}

func seedID(t *testing.T) string {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

func TestDryRunWritesNothing(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	before := snapshot(t, h)
	r := uploadTo(t, h, "dry_run=true", "少了20项.txt", fewerTasks())
	up := decode[UploadResult](t, r)
	if r.status != 200 || !up.DryRun || up.Outcome != "replaced" || up.Version != 0 || up.Diff == nil ||
		len(up.Diff.Removed) != 20 || up.Diff.Same != 63 || up.Document == nil || len(up.Document.Tasks) != 63 {
		t.Fatalf("dry run: %d %+v", r.status, up)
	}
	if len(up.Warnings) == 0 || up.Warnings[0].Code != ingest.WarnTasksRemoved || len(up.Warnings[0].Seqs) != 20 ||
		!strings.Contains(up.Warnings[0].Message, "删除现有的 20 项任务") {
		t.Errorf("warnings: %+v", up.Warnings)
	}
	if after := snapshot(t, h); after != before {
		t.Error("a dry run changed what the API serves")
	}
	if h := decode[library.History](t, do(t, h, "GET", "/api/documents/"+seedID(t)+"/versions", nil, nil)); len(h.Versions) != 1 {
		t.Errorf("a dry run made a version: %+v", h)
	}
	// a dry run over the size cap is refused like an upload
	if r := uploadTo(t, h, "dry_run=true", "big.txt", bytes.Repeat([]byte("任务。"), 1<<19)); r.status != 413 {
		t.Errorf("dry run over the cap: %d %s", r.status, r.body)
	}
	if r := uploadTo(t, h, "dry_run=maybe", "x.txt", seeds.Notice()); r.status != 400 {
		t.Errorf("dry_run=maybe: %d", r.status)
	}
}

func TestSameNoticeAsksWhichItIs(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	r := uploadTo(t, h, "", "任务表.txt", headless())
	body := decode[struct {
		Error struct {
			Code    string `json:"code"`
			Details struct {
				Candidates []library.Candidate `json:"candidates"`
			} `json:"details"`
		} `json:"error"`
	}](t, r)
	if r.status != 409 || body.Error.Code != ingest.ECONFLICT || len(body.Error.Details.Candidates) != 1 || body.Error.Details.Candidates[0].ID != id {
		t.Fatalf("same notice: %d %s", r.status, r.body)
	}
	if r := uploadTo(t, h, "replace="+id+"&as_new=true", "任务表.txt", headless()); r.status != 400 {
		t.Errorf("replace and as_new together: %d", r.status)
	}
	if r := uploadTo(t, h, "replace=2018-0000000000", "任务表.txt", headless()); r.status != 404 {
		t.Errorf("replace of a missing document: %d", r.status)
	}
	r = uploadTo(t, h, "replace="+id, "任务表.txt", headless())
	up := decode[UploadResult](t, r)
	if r.status != 200 || up.ID != id || up.Version != 2 || !up.Replaced || len(up.Report.Notes) == 0 {
		t.Fatalf("replace: %d %+v", r.status, up)
	}
	docs := decode[[]map[string]any](t, do(t, h, "GET", "/api/documents", nil, nil))
	if len(docs) != 1 || docs[0]["issuer"] != "杭州市余杭区人民政府办公室" {
		t.Errorf("documents: %v", docs)
	}
	r = uploadTo(t, h, "as_new=true", "任务表.txt", headless())
	if up := decode[UploadResult](t, r); r.status != 201 || up.ID == id {
		t.Errorf("as new: %d %+v", r.status, up)
	}
}

func TestVersionsRestoreAndTrash(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	if r := uploadTo(t, h, "", "少了20项.txt", fewerTasks()); r.status != 200 {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	hist := decode[library.History](t, do(t, h, "GET", "/api/documents/"+id+"/versions", nil, nil))
	if hist.Current != 2 || len(hist.Versions) != 2 || hist.Versions[0].Source != "少了20项.txt" || hist.Versions[0].Tasks != 63 ||
		hist.Versions[1].Who != library.WhoSeed || hist.Versions[0].Who != library.WhoLocal || hist.Versions[0].Checksum == "" {
		t.Fatalf("history: %+v", hist)
	}
	for _, tt := range []struct {
		query  string
		status int
	}{
		{"version=9", 404},
		{"version=2", 409},
		{"version=1&expect=1", 409},
		{"version=x", 400},
		{"version=-3", 400},
	} {
		if r := do(t, h, "POST", "/api/documents/"+id+"/restore?"+tt.query, nil, nil); r.status != tt.status {
			t.Errorf("restore %s: %d, want %d (%s)", tt.query, r.status, tt.status, r.body)
		}
	}
	r := do(t, h, "POST", "/api/documents/"+id+"/restore?version=1&expect=2", nil, nil)
	if v := decode[library.Version](t, r); r.status != 200 || v.Version != 3 || v.From != 1 || !v.Current {
		t.Fatalf("restore: %d %s", r.status, r.body)
	}
	b := decode[searchBody](t, do(t, h, "GET", "/api/search?q=%E5%9E%83%E5%9C%BE%E5%88%86%E7%B1%BB", nil, nil))
	if b.Total != 1 || b.Hits[0]["id"] != id+"-49" {
		t.Errorf("垃圾分类 after the restore: %+v", b)
	}
	// the original of any version, as uploaded
	r = do(t, h, "GET", "/api/documents/"+id+"/original?version=2", nil, nil)
	if r.status != 200 || !bytes.Equal(r.body, fewerTasks()) || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("original of version 2: %d %d bytes %q", r.status, len(r.body), r.header.Get("Content-Disposition"))
	}
	if r := do(t, h, "GET", "/api/documents/"+id+"/original", nil, nil); !bytes.Equal(r.body, seeds.Notice()) {
		t.Errorf("original of the current version: %d", r.status)
	}
	// delete moves it to the trash; restore brings it back; emptying erases
	if r := do(t, h, "DELETE", "/api/documents/"+id, nil, nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/documents/"+id, nil, nil); r.status != 404 {
		t.Errorf("a deleted document is served: %d", r.status)
	}
	trash := decode[[]map[string]any](t, do(t, h, "GET", "/api/trash", nil, nil))
	if len(trash) != 1 || trash[0]["id"] != id || trash[0]["task_count"] != float64(83) {
		t.Fatalf("trash: %v", trash)
	}
	if r := do(t, h, "POST", "/api/documents/"+id+"/restore", nil, nil); r.status != 200 {
		t.Fatalf("restore from the trash: %d %s", r.status, r.body)
	}
	if d := decode[map[string]any](t, do(t, h, "GET", "/api/documents/"+id, nil, nil)); d["task_count"] != float64(83) {
		t.Errorf("back from the trash: %v", d)
	}
	do(t, h, "DELETE", "/api/documents/"+id, nil, nil)
	if r := do(t, h, "DELETE", "/api/trash?id=2018-0000000000", nil, nil); r.status != 404 {
		t.Errorf("emptying a document not in the trash: %d", r.status)
	}
	r = do(t, h, "DELETE", "/api/trash", nil, nil)
	if e := decode[map[string][]string](t, r); r.status != 200 || len(e["erased"]) != 1 {
		t.Errorf("empty the trash: %d %s", r.status, r.body)
	}
	if r := do(t, h, "GET", "/api/documents/"+id+"/versions", nil, nil); r.status != 404 {
		t.Errorf("history after emptying: %d", r.status)
	}
}

func TestLifecycleWritesNeedTheToken(t *testing.T) {
	token := strings.Repeat("k", 20)
	_, h := MustOpenServer(t, token, true)
	id := seedID(t)
	for _, req := range []struct{ method, path string }{
		{"POST", "/api/documents/" + id + "/restore?version=1"},
		{"DELETE", "/api/trash"},
		{"DELETE", "/api/documents/" + id},
	} {
		if r := do(t, h, req.method, req.path, nil, nil); r.status != 401 {
			t.Errorf("%s %s without the token: %d", req.method, req.path, r.status)
		}
	}
	r := do(t, h, "DELETE", "/api/documents/"+id, nil, map[string]string{"Authorization": "Bearer " + token})
	if r.status != 200 {
		t.Fatalf("delete with the token: %d %s", r.status, r.body)
	}
	trash := decode[[]map[string]any](t, do(t, h, "GET", "/api/trash", nil, nil))
	hist := decode[library.History](t, do(t, h, "GET", fmt.Sprintf("/api/documents/%s/versions", id), nil, nil))
	if len(trash) != 1 || !hist.Trashed {
		t.Errorf("trash %v history %+v", trash, hist)
	}
}

// seedAsXLSX is the seed's tasks in a spreadsheet: a title row, no issuer
// or date, so the notice gets another id.
func seedAsXLSX(t *testing.T) []byte {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", doc.Title)
	f.SetSheetRow("Sheet1", "A2", &[]any{"序号", "重点工作任务", "牵头领导", "牵头单位"})
	for i, task := range doc.Tasks {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+3), &[]any{task.Seq, task.Text, strings.Join(task.Leaders, "、"), strings.Join(task.Units, "、")})
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seedAsDOCX is the seed as a Word file with its issuer and date: the same
// notice, the same id.
func seedAsDOCX(t *testing.T) []byte {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	}
	cell := func(s string) string { return "<w:tc><w:p><w:r><w:t>" + esc(s) + "</w:t></w:r></w:p></w:tc>" }
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range []string{doc.Issuer, "2018年3月18日", doc.Title} {
		b.WriteString("<w:p><w:r><w:t>" + esc(p) + "</w:t></w:r></w:p>")
	}
	b.WriteString("<w:tbl><w:tr>" + cell("序号") + cell("重点工作任务") + cell("牵头领导") + cell("牵头单位") + "</w:tr>")
	for _, task := range doc.Tasks {
		b.WriteString("<w:tr>" + cell(fmt.Sprint(task.Seq)) + cell(task.Text) + cell(strings.Join(task.Leaders, "、")) + cell(strings.Join(task.Units, "、")) + "</w:tr>")
	}
	b.WriteString("</w:tbl></w:body></w:document>")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(b.String()))
	w, _ = zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	zw.Close()
	return zbuf.Bytes()
}

// TestSameNoticeAcrossFormats: the seed as TXT (already there), DOCX and
// XLSX. The DOCX names the same issuer, year and title: the same id, a new
// version. The XLSX names no issuer: it is offered as a version of the
// notice, never silently added beside it.
func TestSameNoticeAcrossFormats(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	r := uploadTo(t, h, "", "2018.docx", seedAsDOCX(t))
	if up := decode[UploadResult](t, r); r.status != 200 || up.ID != id || !up.Replaced || up.Version != 2 || up.Diff == nil || up.Diff.Same != 83 {
		t.Fatalf("docx: %d %s", r.status, r.body)
	}
	r = uploadTo(t, h, "dry_run=true", "2018.xlsx", seedAsXLSX(t))
	pv := decode[UploadResult](t, r)
	if r.status != 200 || pv.Outcome != "added" || pv.ID == id || len(pv.Candidates) != 1 || pv.Candidates[0].ID != id || len(pv.Warnings) == 0 {
		t.Fatalf("xlsx preview: %d %s", r.status, r.body)
	}
	if r := uploadTo(t, h, "", "2018.xlsx", seedAsXLSX(t)); r.status != 409 {
		t.Fatalf("xlsx without a choice: %d", r.status)
	}
	r = uploadTo(t, h, "replace="+id, "2018.xlsx", seedAsXLSX(t))
	up := decode[UploadResult](t, r)
	if r.status != 200 || up.ID != id || up.Version != 3 || up.Diff.Same != 83 || !slices.ContainsFunc(up.Report.Notes, func(n string) bool { return strings.Contains(n, "发文机关") }) {
		t.Fatalf("xlsx as a version: %d %s", r.status, r.body)
	}
	if docs := decode[[]map[string]any](t, do(t, h, "GET", "/api/documents", nil, nil)); len(docs) != 1 || docs[0]["date"] != "2018-03-18" {
		t.Errorf("one document with its date: %v", docs)
	}
}
