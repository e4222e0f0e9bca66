package api

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/duban/duban/ingest"
)

// TestBrowserPreview drives the import preview in headless Chromium: a
// replacement by a file without its 完成时限 column shows every task with
// all seven fields, the unused line where it stood, the warning that the
// deadlines would be erased (a click marks its rows), the changes old →
// new, and no English field name, at 390 and 1400 px; then a column the
// reading did not place is taught as a [栏目] rule from the preview, which
// runs again.
func TestBrowserPreview(t *testing.T) {
	s, _, h := MustOpenRulesServer(t)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	if r := uploadTo(t, h, "", "2019分解表.txt", taskTable(10, true)); r.status != http.StatusCreated {
		t.Fatalf("first version: %d %s", r.status, r.body)
	}
	b := newBrowser(t)
	text := b.text
	eval := func(js string) string {
		v, err := value(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Errorf("%s: %v", js, err)
		}
		return v
	}
	dir := t.TempDir()
	replacement := filepath.Join(dir, "2019分解表(无时限).txt")
	os.WriteFile(replacement, append(taskTable(8, false), []byte("以上任务请各单位于每月5日前报送进展。\n")...), 0o644)

	for _, width := range []int64{1400, 390} {
		err := b.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
			chromedp.SetUploadFiles(`.upload input[type=file]`, []string{replacement}), chromedp.Click(`.upload button[type=submit]`),
			chromedp.WaitVisible(`#preview-tasks`))
		if err != nil {
			t.Fatalf("%d px: preview: %v", width, err)
		}
		// all seven columns, in Chinese, and every task
		if heads := eval(`[...document.querySelectorAll("#preview-tasks thead th")].map((th) => th.textContent).join(",")`); heads != "序号,所属部分,任务内容,牵头领导,牵头单位,配合单位,完成时限" {
			t.Errorf("%d px: columns %q", width, heads)
		}
		if n := eval(`String(document.querySelectorAll("#preview-tasks tr[data-seq]").length)`); n != "8" {
			t.Errorf("%d px: %s task rows, want 8", width, n)
		}
		if row := eval(`document.querySelector('#preview-tasks tr[data-seq="1"]').textContent`); !strings.Contains(row, "区住建局") || !strings.Contains(row, "区发改局") || !strings.Contains(row, "祝振伟") {
			t.Errorf("%d px: task 1 reads %q", width, row)
		}
		// the unused line after task 8, where it stood
		if after := eval(`(() => { const u = document.querySelector("#preview-tasks tr.unused"); const p = u && u.previousElementSibling; return p ? p.dataset.seq : ""; })()`); after != "8" {
			t.Errorf("%d px: the unused line stands after %q, want task 8", width, after)
		}
		// the warning that the deadlines would be erased, and the one of the
		// removed tasks
		warnings := text(`#preview-warnings`)
		if !strings.Contains(warnings, "完成时限") || !strings.Contains(warnings, "删除现有的 2 项任务") {
			t.Errorf("%d px: warnings %q", width, warnings)
		}
		// a click marks the 8 rows and their 完成时限 cells
		if err := b.do(chromedp.Click(`#preview-warnings li[data-code="` + ingest.WarnFieldErased + `"] button`)); err != nil {
			t.Fatalf("%d px: click: %v", width, err)
		}
		if got := eval(`document.querySelectorAll("#preview-tasks tr.marked").length + "/" + document.querySelectorAll('#preview-tasks td.marked[data-field="deadline"]').length`); got != "8/8" {
			t.Errorf("%d px: marked rows/cells %s, want 8/8", width, got)
		}
		// the unused lines' warning marks the line
		if err := b.do(chromedp.Click(`#preview-warnings li[data-code="` + ingest.WarnUnusedLines + `"] button`)); err != nil {
			t.Fatalf("%d px: click: %v", width, err)
		}
		if got := eval(`document.querySelectorAll("#preview-tasks tr.marked").length + "/" + document.querySelectorAll("#preview-tasks tr.unused.marked").length`); got != "1/1" {
			t.Errorf("%d px: marked rows/unused lines %s, want 1/1", width, got)
		}
		// the changes, field by field old → new
		if ch := text(`#preview details.changed`); !strings.Contains(ch, "第 1 项") || !strings.Contains(ch, "完成时限") || !strings.Contains(ch, "2019年2月底") {
			t.Errorf("%d px: changes %q", width, ch)
		}
		// no English field name anywhere the clerk reads
		if english := eval(`(document.querySelector("#preview").innerText.match(/\b(seq|section|text|leaders|units|co_units|deadline|field_erased|tasks_removed)\b/g) || []).join(",")`); english != "" {
			t.Errorf("%d px: English in the preview: %s", width, english)
		}
		if overflow := eval(`document.documentElement.scrollWidth > window.innerWidth ? "wider: " + document.documentElement.scrollWidth : ""`); overflow != "" {
			t.Errorf("%d px: the page scrolls sideways: %s", width, overflow)
		}
		if width == 390 {
			if label := eval(`getComputedStyle(document.querySelector("#preview-tasks td[data-field=deadline]"), "::before").content`); label != `"完成时限"` {
				t.Errorf("390 px: a cell's label is %s", label)
			}
		}
		b.shoot("preview-" + map[int64]string{390: "phone", 1400: "desktop"}[width])
	}

	// A column the reading did not place is taught from the preview: the
	// rule lands in the vocabulary's [栏目] and the preview runs again.
	other := filepath.Join(dir, "2020分解表.txt")
	os.WriteFile(other, []byte("关于印发2020年区政府重点工作任务分解表的通知\n杭州市余杭区人民政府办公室\n2020年3月1日\n"+
		"序号 | 重点工作任务 | 牵头领导 | 具体承办 | 完成时限\n1 | 推进垃圾分类工作。 | 祝振伟 | 区城管局 | 2020年6月底\n2 | 推进养老服务。 | 祝振伟 | 区民政局 | 2020年9月底\n"), 0o644)
	err := b.do(chromedp.EmulateViewport(1400, 900), chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{other}), chromedp.Click(`.upload button[type=submit]`),
		chromedp.WaitVisible(`#rule-card [data-candidate="具体承办"]`))
	if err != nil {
		t.Fatalf("the column is not offered: %v (%s)", err, text(`#preview`))
	}
	if w := text(`#preview-warnings`); !strings.Contains(w, "没有读到牵头单位") {
		t.Errorf("no warning of the tasks without a lead unit: %q", w)
	}
	err = b.do(chromedp.Click(`#rule-card [data-candidate="具体承办"]`), chromedp.SetValue(`#rule-role`, "牵头单位"), chromedp.Click(`#rule-add`))
	if err == nil {
		err = b.waitFor(`!!document.querySelector("#preview .state.done") && document.querySelector("#preview .state.done").textContent.includes("具体承办 = 牵头单位")`)
	}
	if err != nil {
		t.Fatalf("adding the rule: %v (%s)", err, text(`#upload-status`))
	}
	v, _ := s.Vocabulary.Get()
	if len(v.Columns) != 1 || v.Columns[0].Name != "具体承办" || v.Columns[0].Role != ingest.RoleUnits {
		t.Errorf("vocabulary columns after the preview's rule: %+v", v.Columns)
	}
	if n := len(s.Store.Documents()); n != 1 {
		t.Errorf("the previews wrote: %d documents", n)
	}

	// A table read both as a notice and as a progress report: the preview
	// warns, offers the report's reading, and that offers the way back;
	// nothing is written.
	both, err := filepath.Abs("../ingest/testdata/notices/n105-tabs-progress-columns-notice-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{both}), chromedp.Click(`.upload button[type=submit]`),
		chromedp.WaitVisible(`#preview #as-progress`))
	if err != nil {
		t.Fatalf("no choice of kind for a file read both ways: %v (%s)", err, text(`#upload-status`))
	}
	if w := text(`#preview-warnings`); !strings.Contains(w, "进度报告") {
		t.Errorf("the warning of a file read both ways: %q", w)
	}
	if err := b.do(chromedp.Click(`#as-progress`), chromedp.WaitVisible(`#preview #as-notice`)); err != nil {
		t.Fatalf("taking it as a progress report: %v (%s)", err, text(`#upload-status`))
	}
	if h := text(`#preview h2`); !strings.Contains(h, "进度报告预览") {
		t.Errorf("the progress preview's heading: %q", h)
	}
	if err := b.do(chromedp.Click(`#as-notice`), chromedp.WaitVisible(`#preview #as-progress`)); err != nil {
		t.Fatalf("back to the notice: %v (%s)", err, text(`#upload-status`))
	}
	if n := len(s.Store.Documents()); n != 1 {
		t.Errorf("choosing the kind wrote: %d documents", n)
	}

	// The 词表 page lists the rule.
	if err := b.do(chromedp.Navigate(srv.URL+"/vocabulary"), chromedp.WaitVisible(`#column-rules`)); err != nil {
		t.Fatal(err)
	}
	if r := text(`#column-rules`); !strings.Contains(r, "具体承办") || !strings.Contains(r, "牵头单位") {
		t.Errorf("the 词表 page's rules: %q", r)
	}
}
