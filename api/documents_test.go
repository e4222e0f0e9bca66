package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

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
	if len(up.Warnings) == 0 || !strings.Contains(up.Warnings[0], "删除现有的 20 项任务") {
		t.Errorf("warnings: %q", up.Warnings)
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
