package api

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/duban/duban/index"
	"github.com/duban/duban/seeds"
)

// TestBrowserCorrectsATask drives the task page in headless Chromium: the
// clerk corrects task 49's lead unit, the page marks it 已人工校正, the
// search answers change (the new unit finds it, the old one no longer
// does), the history shows the edit before → after; then adds a task to
// the document and deletes it.
func TestBrowserCorrectsATask(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	doc := seedID(t)
	text := b.text

	if err := b.do(chromedp.Navigate(srv.URL+"/task/"+doc+"-49"), chromedp.WaitVisible(`#edit-open`), chromedp.Click(`#edit-open`),
		chromedp.WaitVisible(`#edit-form`)); err != nil {
		t.Fatalf("open the correction form: %v", err)
	}
	if got, _ := value(b, chromedp.Evaluate[string](`document.getElementById("edit-units").value`)); got != "区城管局" {
		t.Errorf("the form shows units %q", got)
	}
	if err := b.do(chromedp.SetValue(`#edit-units`, "区数据资源局"), chromedp.SetValue(`#edit-by`, "张三"),
		chromedp.SetValue(`#edit-deadline`, "2018年6月底"), chromedp.Click(`#edit-save`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`!!document.getElementById("corrected") && !!document.querySelector("#edit-status .state.done")`); err != nil {
		t.Fatalf("after saving: %v (%s)", err, text(`#app`))
	}
	if page := text(`#app`); !strings.Contains(page, "已人工校正") || !strings.Contains(page, "区数据资源局") || !strings.Contains(page, "牵头单位、完成时限") {
		t.Errorf("the task page after the correction: %q", page)
	}
	// units set by hand are said to come from the correction, not from the
	// notice's column
	if via := text(`dd[data-field="牵头单位取自"]`); via != "人工校正" {
		t.Errorf("牵头单位取自 after a correction of the units: %q", via)
	}
	b.shoot("task-corrected")

	// the search answer changes at once
	if err := b.do(chromedp.Navigate(srv.URL+"/?unit="+url.QueryEscape("区数据资源局")), chromedp.WaitVisible(`li.hit[data-seq="49"]`)); err != nil {
		t.Fatalf("search the new unit: %v", err)
	}
	if summary := text(`#summary`); !strings.Contains(summary, "共 1 条") {
		t.Errorf("new unit: %q", summary)
	}
	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")+"&unit="+url.QueryEscape("区城管局")), chromedp.WaitVisible(`.state.empty`)); err != nil {
		t.Errorf("the old unit still finds task 49: %v", err)
	}

	// the history shows the edit: who, when, before → after; the task
	// page links to it
	if err := b.do(chromedp.Navigate(srv.URL+"/task/"+doc+"-49"), chromedp.WaitVisible(`#corrected-history`), chromedp.Click(`#corrected-history`),
		chromedp.WaitVisible(`tr[data-version="2"]`)); err != nil {
		t.Fatalf("history: %v", err)
	}
	if row := text(`tr[data-version="2"]`); !strings.Contains(row, "人工校正") || !strings.Contains(row, "本机操作(张三)") ||
		!strings.Contains(row, "牵头单位:区城管局 → 区数据资源局") || !strings.Contains(row, "完成时限:(空) → 2018年6月底") || !strings.Contains(row, "当前") {
		t.Errorf("history row: %q", row)
	}

	// add a task to the document, then delete it
	if err := b.do(chromedp.Navigate(srv.URL+"/task/"+doc+"-49"), chromedp.WaitVisible(`#add-open`), chromedp.Click(`#add-open`),
		chromedp.WaitVisible(`#add-form`), chromedp.SetValue(`#add-text`, "推进全区数字化改革。"), chromedp.SetValue(`#add-units`, "区数据资源局"),
		chromedp.Click(`#add-save`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`location.pathname.endsWith("-84") && !!document.getElementById("corrected")`); err != nil {
		t.Fatalf("after adding: %v (%s)", err, text(`#app`))
	}
	if page := text(`#app`); !strings.Contains(page, "推进全区数字化改革") || !strings.Contains(page, "人工新增") {
		t.Errorf("the added task's page: %q", page)
	}
	if _, err := value(b, chromedp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.Click(`#task-delete`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`location.pathname === "/" && location.search.includes("doc=") && !!document.querySelector('li.hit')`); err != nil {
		t.Fatalf("after deleting: %v", err)
	}
	if status, _ := value(b, chromedp.Evaluate[int](`fetch("/api/tasks/`+doc+`-84").then(r => r.status)`, chromedp.EvalAwaitPromise)); status != 404 {
		t.Errorf("the deleted task answers %d", status)
	}
}

// TestBrowserCorrectsInThePreview: the clerk corrects a task in an
// import's preview, sees the preview made again with it, confirms, and
// the search answer has the corrected task.
func TestBrowserCorrectsInThePreview(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	text := b.text
	again := filepath.Join(t.TempDir(), "再次导入.txt")
	os.WriteFile(again, append(seeds.Notice(), '\n'), 0o644)
	if err := b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{again}), chromedp.Click(`.upload button[type=submit]`),
		chromedp.WaitVisible(`#preview-corrections`), chromedp.Click(`#preview-corrections summary`), chromedp.WaitVisible(`#pc-seq`)); err != nil {
		t.Fatalf("preview: %v", err)
	}
	if _, err := value(b, chromedp.Evaluate[bool](`(() => { const s = document.getElementById("pc-seq"); s.value = "49"; s.dispatchEvent(new Event("change")); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	if got, _ := value(b, chromedp.Evaluate[string](`document.getElementById("pc-units").value`)); got != "区城管局" {
		t.Errorf("task 49's units in the form: %q", got)
	}
	if err := b.do(chromedp.SetValue(`#pc-units`, "区数据资源局"), chromedp.Click(`#pc-add`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`!!document.querySelector(".pending-corrections li") && document.getElementById("preview").textContent.includes("改动 1 项")`); err != nil {
		t.Fatalf("the preview with the correction: %v (%s)", err, text(`#preview`))
	}
	if pv := text(`#preview-corrections`); !strings.Contains(pv, "第 49 项:牵头单位 → 区数据资源局") {
		t.Errorf("pending corrections: %q", pv)
	}
	b.shoot("preview-corrected")
	if n := len(hitsOf(t, s, "区数据资源局")); n != 0 {
		t.Fatalf("the preview wrote: %d", n)
	}
	if err := b.do(chromedp.Click(`#confirm-import`), chromedp.WaitVisible(`#report`)); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.Navigate(srv.URL+"/?unit="+url.QueryEscape("区数据资源局")), chromedp.WaitVisible(`li.hit[data-seq="49"]`)); err != nil {
		t.Errorf("search after confirming: %v", err)
	}
}

// hitsOf are the tasks the unit filter finds in the server's store.
func hitsOf(t *testing.T, s *Server, unit string) []string {
	t.Helper()
	res, err := s.Store.Search(context.Background(), index.Request{Units: []string{unit}, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}
