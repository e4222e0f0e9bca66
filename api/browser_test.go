package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// findChromium returns the browser to drive. The test fails, never skips,
// when there is none: .ci/run installs Debian's chromium.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DUBAN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium found: install it (apt-get install chromium) or set DUBAN_CHROMIUM")
	return ""
}

// browser drives one headless Chromium tab; every call has its own timeout.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// newBrowser starts headless Chromium with a fresh profile at 1366×768.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(findChromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser; it must not carry a timeout, which
	// would stop the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("cannot start Chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx}
}

// do runs steps with a 30 s limit.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// value runs one action that returns a value, with a 30 s limit.
func value[T any](b *browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// text is the text of the element sel; a failure to read it is the
// test's error, and the empty string.
func (b *browser) text(sel string) string {
	b.t.Helper()
	v, err := value(b, chromedp.Text(sel))
	if err != nil {
		b.t.Errorf("text of %s: %v", sel, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(expr string) error {
	_, err := value(b, chromedp.Poll[bool](expr))
	return err
}

// shoot writes a full-page screenshot to DUBAN_SCREENSHOTS (when set), to be
// looked at; the test checks it is an image of some size.
func (b *browser) shoot(name string) {
	b.t.Helper()
	shot, err := value(b, chromedp.FullScreenshot(100))
	if err != nil || len(shot) < 5000 {
		b.t.Errorf("screenshot %s: %d bytes, %v", name, len(shot), err)
		return
	}
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
	}
}

// linkProblemsJS checks every link of the page: its text is words, never a
// raw URL; its target is one of the page's routes or a download; a link to a
// task, leader or unit names what it opens (第 49 项 → /task/…-49, 王艳勤 →
// /leader/王艳勤), a filter chip names the filter it sets. It returns the
// problems and the downloads to fetch.
const linkProblemsJS = `(() => {
  const problems = [], downloads = [];
  const links = [...document.querySelectorAll("a[href]")];
  for (const a of links) {
    const text = a.textContent.trim();
    const where = " [" + text + " → " + a.getAttribute("href") + "]";
    if (!text) { problems.push("link without text" + where); continue; }
    if (/:\/\//.test(text) || /^\/?(leader|unit|task)\//.test(text)) problems.push("raw URL as text" + where);
    const u = new URL(a.href);
    if (u.origin !== location.origin) { problems.push("link off the site" + where); continue; }
    const path = decodeURIComponent(u.pathname), params = u.searchParams;
    let m;
    if ((m = path.match(/^\/task\/(.+)$/))) {
      const n = text.match(/第 ?(\d+) ?项/);
      if (!n || !m[1].endsWith("-" + n[1])) problems.push("task link names another task" + where);
    } else if ((m = path.match(/^\/(leader|unit)\/(.+)$/))) {
      if (!text.includes(m[2])) problems.push(m[1] + " link does not name " + m[2] + where);
    } else if (path === "/") {
      if (a.classList.contains("chip")) {
        const kind = a.classList.contains("leader") ? "leader" : "unit";
        if (params.getAll(kind).join() !== text) problems.push("chip sets another filter" + where);
      }
      if (a.dataset.sort && params.get("sort") !== a.dataset.sort) problems.push("sort link" + where);
      if (a.dataset.dueBefore && params.get("due_before") !== a.dataset.dueBefore) problems.push("due link" + where);
    } else if (path === "/api/export" || path === "/api/compare/export") {
      if (!["Excel", "CSV"].includes(text) || params.get("format") !== (text === "Excel" ? "xlsx" : "csv")) problems.push("download named wrong" + where);
      downloads.push(a.href);
    } else if (path === "/stats") {
      const y = params.get("year");
      if (y && !(text.includes(y) || (y === "all" && text === "全部年度"))) problems.push("year link" + where);
    } else if (path === "/chase") {
      if (params.has("year") && !/^\d{4}$/.test(params.get("year"))) problems.push("chase link with a bad year" + where);
    } else if (path === "/api/chase") {
      if (params.get("format") !== "xlsx" || !text.includes("Excel")) problems.push("chase export" + where);
      downloads.push(a.href);
    } else if ((m = path.match(/^\/documents\/([^/]+)\/history$/))) {
      if (text !== "历史版本") problems.push("history link named " + text + where);
    } else if ((m = path.match(/^\/api\/documents\/([^/]+)\/original$/))) {
      if (text !== "下载" || !params.get("version")) problems.push("original download" + where);
      downloads.push(a.href);
    } else if (!["/documents", "/compare", "/vocabulary"].includes(path)) {
      problems.push("link to an unknown page" + where);
    }
  }
  return { count: links.length, problems, downloads: [...new Set(downloads)] };
})()`

type linkReport struct {
	Count     int      `json:"count"`
	Problems  []string `json:"problems"`
	Downloads []string `json:"downloads"`
}

// checkLinks runs linkProblemsJS and fetches every download it found.
func (b *browser) checkLinks(page string) {
	b.t.Helper()
	r, err := value(b, chromedp.Evaluate[linkReport](linkProblemsJS))
	if err != nil {
		b.t.Errorf("%s: links: %v", page, err)
		return
	}
	if r.Count < 5 {
		b.t.Errorf("%s: only %d links", page, r.Count)
	}
	for _, p := range r.Problems {
		b.t.Errorf("%s: %s", page, p)
	}
	for _, d := range r.Downloads {
		status, err := value(b, chromedp.Evaluate[string](`fetch(`+strconv.Quote(d)+`).then(r => r.status + " " + r.headers.get("content-disposition"))`, chromedp.EvalAwaitPromise))
		if err != nil || !strings.HasPrefix(status, "200 attachment") {
			b.t.Errorf("%s: download %s: %q %v", page, d, status, err)
		}
	}
}

// TestBrowser drives the page in headless Chromium: the office's flows,
// then every page at a phone's width (390 px) and a desktop's (1400 px),
// checking every link's text and target, the labels each page must show,
// that nothing scrolls sideways, and taking a screenshot of each.
func TestBrowser(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	// A notice whose task text tries to run script: it must show as text.
	evil := &ingest.Document{Notice: ingest.Notice{ID: "2017-evil", Title: "测试", Year: 2017}, Tasks: []ingest.Task{{
		ID: "2017-evil-1", DocID: "2017-evil", Year: 2017, Seq: 1,
		Text:    `注入测试<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">。`,
		Leaders: []string{"<b>某领导</b>"}, Units: []string{"区<i>测试</i>局"}, UnitGroups: []string{"区<i>测试</i>局"},
	}}}
	if _, err := s.Store.Replace(evil); err != nil {
		t.Fatal(err)
	}
	// As the command serves it: only its own host names, and the page's
	// writes (the upload below) pass the same-origin check.
	s.Hosts = LoopbackHosts
	h = s.Handler()
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t)
	text := b.text
	eval := func(expr string) string {
		v, err := value(b, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Errorf("%s: %v", expr, err)
		}
		return v
	}

	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")), chromedp.WaitVisible(`li.hit[data-seq="49"]`)); err != nil {
		t.Fatalf("load /?q=垃圾分类: %v", err)
	}
	if appText := text(`#app`); !strings.Contains(appText, "区城管局") || !strings.Contains(appText, "第 49 项") || !strings.Contains(appText, "共 1 条") {
		t.Errorf("results page text: %q", appText)
	}
	if marked := text(`li.hit[data-seq="49"] .text mark`); marked != "垃圾分类" {
		t.Errorf("highlight = %q", marked)
	}

	if err := b.do(chromedp.Click(`li.hit[data-seq="49"] a[data-leader="王艳勤"]`)); err != nil {
		t.Fatalf("click 王艳勤: %v", err)
	}
	if err := b.waitFor(`document.querySelectorAll("li.hit").length === 6 && !document.querySelector(".layout.stale")`); err != nil {
		t.Fatalf("after the 王艳勤 chip: %v", err)
	}
	location, _ := value(b, chromedp.Location())
	if summary := text(`#summary`); !strings.Contains(summary, "共 6 条") || !strings.Contains(location, "leader="+url.QueryEscape("王艳勤")) {
		t.Errorf("after the 王艳勤 chip: summary %q, url %s", summary, location)
	}

	// A bookmarked URL with a filter shows its results and the filter.
	err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")+"&unit="+url.QueryEscape("区城管局")), chromedp.WaitVisible(`li.hit[data-seq="49"]`))
	if filterText := strings.Join(strings.Fields(text(`.filters`)), ""); err != nil || !strings.Contains(filterText, "牵头单位:区城管局") {
		t.Errorf("bookmarked URL: %q %v", filterText, err)
	}
	// Removing the filter keeps the query.
	if err := b.do(chromedp.Click(`.filter button`)); err != nil {
		t.Errorf("remove filter: %v", err)
	}
	if err := b.waitFor(`!document.querySelector(".filters") && location.search.indexOf("unit=") < 0 && !!document.querySelector('li.hit[data-seq="49"]')`); err != nil {
		t.Errorf("after removing the filter: %v", err)
	}

	// Notice text stays text.
	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("注入测试")), chromedp.WaitVisible(`li.hit`), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	evilText := text(`li.hit`)
	xss, err := value(b, chromedp.Evaluate[any](`window.__xss === undefined ? null : window.__xss`))
	if err != nil || xss != nil || !strings.Contains(evilText, "<script>window.__xss=1</script>") || !strings.Contains(evilText, "<b>某领导</b>") {
		t.Errorf("escaping: xss=%v text=%q err=%v", xss, evilText, err)
	}

	// Paging: all 83 tasks of 2018, 20 a page; the next page is in the URL.
	if err := b.do(chromedp.Navigate(srv.URL+"/?year=2018"), chromedp.WaitVisible(`li.hit[data-seq="1"]`), chromedp.Click(`.pager button:last-child`)); err != nil {
		t.Fatalf("paging: %v", err)
	}
	if err := b.waitFor(`location.search.indexOf("page=2") >= 0 && !!document.querySelector('li.hit[data-seq="21"]')`); err != nil {
		t.Errorf("page 2: %v (%s)", err, text(`#summary`))
	}

	// Typing a query in the box searches and puts it in the URL.
	if err := b.do(chromedp.SetValue(`#q`, "零直排"), chromedp.Click(`#search-form button`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`decodeURIComponent(location.search).indexOf("q=零直排") >= 0 && !!document.querySelector('li.hit[data-seq="47"]')`); err != nil {
		t.Errorf("search box: %v", err)
	}

	// While a new search loads, the old results stay, dimmed.
	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("建设")), chromedp.WaitVisible(`li.hit`)); err != nil {
		t.Fatal(err)
	}
	eval(`(() => { const f = window.fetch; window.fetch = (...a) => new Promise((r) => setTimeout(() => r(f(...a)), 1500)); return ""; })()`)
	if err := b.do(chromedp.Click(`details[data-facet="year"] li button`)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`(() => { const l = document.querySelector(".layout"); return (l && l.classList.contains("stale") ? "stale " : "") + document.querySelectorAll("li.hit").length; })()`); got != "stale 20" {
		t.Errorf("while loading: %q, want the 20 old results dimmed", got)
	}
	if err := b.waitFor(`location.search.indexOf("year=") >= 0 && !!document.querySelector(".layout:not(.stale)")`); err != nil {
		t.Errorf("after loading: %v", err)
	}

	// Upload a notice from the page: the Chinese file picker, the report
	// as a warning (a line went unused) with a link to 年度对比.
	notice := filepath.Join(t.TempDir(), "2019年通知.txt")
	os.WriteFile(notice, []byte(dueNoticeText+"这一行不是表格\n"), 0o644)
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`))
	if picker := text(`.upload label.file-pick`); err != nil || picker != "选择文件" || text(`#file-name`) != "未选择文件" {
		t.Errorf("file picker: %q %v", picker, err)
	}
	// The page previews first: nothing is written until it is confirmed.
	before := len(s.Store.Documents())
	err = b.do(chromedp.SetUploadFiles(`.upload input[type=file]`, []string{notice}), chromedp.Click(`.upload button[type=submit]`), chromedp.WaitVisible(`#preview`))
	if pv := text(`#preview`); err != nil || !strings.Contains(pv, "将作为新文件导入") || !strings.Contains(pv, "读出 6 项任务") || !strings.Contains(pv, "有 1 行文字未能读成任务") {
		t.Errorf("upload preview: %q %v", pv, err)
	}
	if n := len(s.Store.Documents()); n != before {
		t.Errorf("the preview wrote: %d documents, were %d", n, before)
	}
	err = b.do(chromedp.Click(`#confirm-import`), chromedp.WaitVisible(`#report`))
	if report := text(`#report`); err != nil || !strings.Contains(report, "生成 6 项任务") || !strings.Contains(report, "第 9 行") || !strings.Contains(report, "历史版本") {
		t.Errorf("upload report: %q %v", report, err)
	}
	if cls := eval(`document.querySelector("#report").className`); !strings.Contains(cls, "warning") {
		t.Errorf("a report with unused lines is not a warning: %q", cls)
	}

	// A new version of the seed with 20 tasks fewer: the preview warns
	// that tasks would go, the import keeps the old version, and the
	// history page brings it back.
	seedID := mustParse(t, seeds.NoticeName, string(seeds.Notice())).ID
	lines := strings.Split(string(seeds.Notice()), "\n")
	fewer := filepath.Join(t.TempDir(), "少了20项.txt")
	os.WriteFile(fewer, []byte(strings.Join(lines[:len(lines)-21], "\n")+"\n"), 0o644)
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{fewer}), chromedp.Click(`.upload button[type=submit]`), chromedp.WaitVisible(`#preview`))
	if pv := text(`#preview`); err != nil || !strings.Contains(pv, "将替换现有文件") || !strings.Contains(pv, "此次导入将删除现有的 20 项任务") ||
		!strings.Contains(pv, "将删除的任务(20)") || !strings.Contains(text(`#confirm-import`), "删除 20 项任务") {
		t.Errorf("replace preview: %q %v", pv, err)
	}
	if cls := eval(`document.querySelector("#preview").className`); !strings.Contains(cls, "warning") {
		t.Errorf("a preview that removes tasks is not a warning: %q", cls)
	}
	b.shoot("preview")
	err = b.do(chromedp.Click(`#confirm-import`), chromedp.WaitVisible(`#report`))
	if info, _ := s.Store.Document(seedID); err != nil || info.TaskCount != 63 || !strings.Contains(text(`#report`), "已替换(第 2 版)") {
		t.Errorf("after confirming: %d tasks, %q %v", info.TaskCount, text(`#report`), err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/documents/"+seedID+"/history"), chromedp.WaitVisible(`table.history`))
	if st := text(`#history-state`); err != nil || !strings.Contains(st, "当前为第 2 版") || eval(`String(document.querySelectorAll("table.history tbody tr").length)`) != "2" {
		t.Errorf("history: %q %v", st, err)
	}
	if _, err := value(b, chromedp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	err = b.do(chromedp.Click(`table.history tr[data-version="1"] button.restore`))
	if err == nil {
		err = b.waitFor(`((document.querySelector("#history-state") || {}).textContent || "").includes("当前为第 3 版")`)
	}
	if info, _ := s.Store.Document(seedID); err != nil || info.TaskCount != 83 {
		t.Errorf("restore from the history page: %d tasks, %v (%s)", info.TaskCount, err, text(`#app`))
	}
	if href := eval(`document.querySelector("table.history tr[data-version='2'] a").getAttribute("href")`); !strings.Contains(href, "/original?version=2") {
		t.Errorf("download link of version 2: %q", href)
	}

	// A progress report through the page: previewed (its period, the
	// tasks it matched, the row that matched nothing), confirmed; the task
	// page shows the timeline, the 催办 page who to chase.
	report := filepath.Join(t.TempDir(), "1-6月推进情况.txt")
	os.WriteFile(report, readFixture(t, "../ingest/testdata/progress/seed_h1.txt"), 0o644)
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{report}), chromedp.Click(`.upload button[type=submit]`), chromedp.WaitVisible(`#preview`))
	if pv := text(`#preview`); err != nil || !strings.Contains(pv, "2018 年上半年") || !strings.Contains(pv, "对应到 3 项任务") || !strings.Contains(pv, "有 1 行找不到对应的任务") {
		t.Errorf("progress preview: %q %v", pv, err)
	}
	err = b.do(chromedp.Click(`#confirm-import`), chromedp.WaitVisible(`#report`))
	if rep := text(`#report`); err != nil || !strings.Contains(rep, "已导入进度报告") || !strings.Contains(rep, "查看催办清单") {
		t.Errorf("progress report: %q %v", rep, err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/task/"+seedID+"-4"), chromedp.WaitVisible(`#timeline li`))
	if tl := text(`#timeline`); err != nil || !strings.Contains(tl, "2018 年上半年") || !strings.Contains(tl, "滞后") || !strings.Contains(tl, "征迁难度大") ||
		!strings.Contains(text(`article.task`), "进展状态") {
		t.Errorf("task timeline: %q %v", tl, err)
	}
	// the report is listed on the documents page, with its period and a delete button
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`#progress-reports`))
	if pr := text(`#progress-reports`); err != nil || !strings.Contains(pr, "2018 年上半年") || !strings.Contains(pr, "1-6月推进情况.txt") ||
		eval(`document.querySelector('#progress-reports tr[data-report] td[data-label="对应任务"]').textContent`) != "3" ||
		eval(`String(document.querySelectorAll("#progress-reports tr[data-report] button.danger").length)`) != "1" {
		t.Errorf("the progress reports on the documents page: %q %v", pr, err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/chase?year=2018"), chromedp.WaitVisible(`#summary`))
	if sum := text(`#summary`); err != nil || !strings.Contains(sum, "需要催办") || eval(`String(!!document.querySelector('.chase-unit[data-unit="良渚新城"] [data-status="滞后"]'))`) != "true" {
		t.Errorf("chase page: %q %v", sum, err)
	}
	// Filter the search by status: the facet lists the statuses; a click
	// on 滞后 leaves the late task, its progress shown on the card.
	err = b.do(chromedp.Navigate(srv.URL+"/?year=2018"), chromedp.WaitVisible(`details[data-facet="status"]`))
	if f := text(`details[data-facet="status"]`); err != nil || !strings.Contains(f, "滞后") || !strings.Contains(f, "未报送") {
		t.Errorf("status facet: %q %v", f, err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/?year=2018&status="+url.QueryEscape("滞后")), chromedp.WaitVisible(`li.hit`))
	if n := eval(`String(document.querySelectorAll("li.hit").length)`); err != nil || n != "1" || !strings.Contains(text(`li.hit`), "进度较慢") ||
		eval(`document.querySelector("li.hit").dataset.seq`) != "4" {
		t.Errorf("status=滞后: %s hits, %q %v", n, text(`#app`), err)
	}
	// the status and the period filters are shown, each with its ×
	err = b.do(chromedp.Navigate(srv.URL+"/?year=2018&status="+url.QueryEscape("滞后")+"&period=2018-H1"), chromedp.WaitVisible(`li.hit`))
	if f := text(`.filters`); err != nil || !strings.Contains(f, "进展状态:") || !strings.Contains(f, "滞后") || !strings.Contains(f, "进度报告:") || !strings.Contains(f, "2018 年上半年") ||
		eval(`String(document.querySelectorAll('.filters [data-filter="status"] button, .filters [data-filter="period"] button').length)`) != "2" {
		t.Errorf("the status and period filters: %q %v", f, err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/stats?year=2018"), chromedp.WaitVisible(`#progress-overview .stack`))
	if pv := text(`#progress-overview`); err != nil || !strings.Contains(pv, "滞后 1 项") {
		t.Errorf("progress overview: %q %v", pv, err)
	}

	// Next year's notice, the seed with one target raised, for 年度对比.
	nextYear := nextYearNotice(t)
	if _, err := s.Store.Replace(nextYear); err != nil {
		t.Fatal(err)
	}
	seedDoc, err := ingest.Parse(seeds.NoticeName, strings.NewReader(string(seeds.Notice())))
	if err != nil {
		t.Fatal(err)
	}
	compare := "/compare?from=" + seedDoc.ID + "&to=" + nextYear.ID
	err = b.do(chromedp.Navigate(srv.URL+compare), chromedp.WaitVisible(`details[data-class="changed"] li`))
	if summary := text(`#summary`); err != nil || !strings.Contains(summary, "变化 1 项") || !strings.Contains(summary, "延续 81 项") {
		t.Errorf("compare page: %q %v", summary, err)
	}
	if del, ins := text(`details[data-class="changed"] del`), text(`details[data-class="changed"] ins`); del != "80" || ins != "95" {
		t.Errorf("compare diff: del %q ins %q", del, ins)
	}
	// Without a choice, 年度对比 opens on the two most recent different
	// years, never a year against itself.
	err = b.do(chromedp.Navigate(srv.URL+"/compare"), chromedp.WaitVisible(`#summary`))
	if from, to := eval(`document.querySelector("select[name=from]").value`), eval(`document.querySelector("select[name=to]").value`); err != nil ||
		from != seedDoc.ID || !strings.HasPrefix(to, "2019-") {
		t.Errorf("compare opens on %s → %s (%v)", from, to, err)
	}

	// Every page, at a phone's width and a desktop's.
	taskPath := "/task/" + seedDoc.ID + "-49"
	count := func(req index.Request) string {
		req.FacetsOnly = true
		r, err := s.Store.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("共 %d 项", r.Total)
	}
	pages := []struct {
		name, path, wait string
		want             []string // texts the page shows
		absent           []string // texts it must not show
		check            string   // a JavaScript condition that must hold
	}{
		{"search", "/?q=" + url.QueryEscape("城管局"), `li.hit`,
			[]string{"相关度", "年度·序号", "完成时限", "牵头单位", "牵头领导", "年度", "同一栏可多选", "导出台账"}, nil,
			// A card found through its unit marks the unit.
			`[...document.querySelectorAll("a.chip.unit.matched")].some((a) => a.textContent === "区城管局") && document.querySelector('.sort a.on').dataset.sort === "relevance"`},
		{"search-due", "/?year=2019&sort=due", `li.hit`,
			[]string{"完成时限", "2019年6月", "截至6月底 3", "排序"}, nil,
			`document.querySelector('.sort a.on').dataset.sort === "due" && document.querySelector("li.hit").dataset.seq === "5"`},
		{"search-due-none", "/?year=2018&sort=due", `li.hit`,
			[]string{"都没有写明具体的完成时限"}, nil, `!!document.querySelector("#no-due")`},
		{"search-units-chosen", "/?unit=" + url.QueryEscape("区民政局") + "&unit=" + url.QueryEscape("区城管局"), `li.hit`,
			[]string{"区民政局", "区城管局"}, nil,
			// the chosen units lead their list, so they stay in sight
			`[...document.querySelectorAll('details[data-facet="unit"] li button')].slice(0, 2).every((b) => b.classList.contains("on"))`},
		{"search-leader", "/?q=" + url.QueryEscape("祝振伟"), `.offer a`,
			[]string{"“祝振伟”是牵头领导", "查看祝振伟牵头的全部任务"}, nil, ""},
		{"search-punctuation", "/?q=" + url.QueryEscape("，。"), `.state.empty`,
			[]string{"没有可以搜索的文字"}, []string{"与“，。”相关", "第 1 项"}, ""},
		{"task", taskPath, `article.task`,
			[]string{"第 49 项任务", "牵头领导", "王艳勤", "牵头单位", "区城管局", "量化指标", "全区垃圾分类覆盖面达到80%", "2018年《政府工作报告》工作任务分解表"},
			[]string{"http://", "%E"},
			`document.querySelector('dd[data-field="牵头领导"] a').getAttribute("href") === "/leader/" + encodeURIComponent("王艳勤") &&
			 document.querySelector('dd[data-field="牵头单位"] a').getAttribute("href") === "/unit/" + encodeURIComponent("区城管局") &&
			 document.querySelector("article.task").textContent.split("量化指标").length === 2`},
		{"leader", "/leader/" + url.PathEscape("祝振伟"), `li.hit`,
			[]string{"祝振伟 牵头的任务", count(index.Request{Leaders: []string{"祝振伟"}}), "按年度·序号排列"}, nil,
			`document.querySelector("li.hit").dataset.year === "2019"`},
		{"unit", "/unit/" + url.PathEscape("区住建局"), `li.hit`,
			[]string{"区住建局 牵头的任务", count(index.Request{Units: []string{"区住建局"}}), "区住建局(规划分局)"}, nil, ""},
		{"documents", "/documents", `table.docs`,
			[]string{"文件与导入", "杭州市余杭区人民政府办公室", "选择文件", "发文字号"}, []string{"文档"},
			`[...document.querySelectorAll("table.docs td")].every((td) => td.dataset.label !== undefined)`},
		{"history", "/documents/" + seedDoc.ID + "/history", `table.history`,
			[]string{"历史版本:2018年《政府工作报告》工作任务分解表", "当前为第 3 版", "恢复(第 1 版)", "少了20项.txt", "内置示例", "恢复此版本", "下载"}, nil,
			`[...document.querySelectorAll("table.history td")].every((td) => td.dataset.label !== undefined)`},
		{"chase", "/chase?year=2018", `.chase-unit`,
			[]string{"2018 年催办清单", "导出催办清单(Excel)", "未报送", "良渚新城", "涉及"}, nil,
			`!!document.querySelector('.year-select a.on[data-year="2018"]') && !!document.querySelector('.year-select a[data-year="2019"]')`},
		{"compare", compare, `details[data-class="new"] li`,
			[]string{"相似度高", "新增(1 项)", "取消(1 项)", "牵头领导:", "区民政局", "Excel"}, []string{"0.9"}, ""},
		{"compare-same", "/compare?from=" + seedDoc.ID + "&to=" + seedDoc.ID, `.state.empty`,
			[]string{"请选择两份不同的文件"}, nil, ""},
		{"overview", "/stats", `.bars`,
			[]string{"2019 年任务总览", "2019 年(", "2018 年(", "全部年度", "各牵头领导的任务数", "各牵头单位的任务数", "各月到期的任务数"}, nil,
			`document.querySelector('.year-select a.on').dataset.year === "2019" && !document.querySelector("svg")`},
		{"overview-2018", "/stats?year=2018", `.bars`,
			[]string{"2018 年任务总览", "共 83 项任务", "显示全部"}, nil,
			// Every leader, not a silent top 20.
			`document.querySelectorAll('[data-chart="各牵头领导的任务数"] li').length === 16`},
	}
	for _, width := range []int64{390, 1400} {
		if err := b.do(chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			name := fmt.Sprintf("%s-%d", pg.name, width)
			if err := b.do(chromedp.Navigate(srv.URL+pg.path), chromedp.WaitVisible(pg.wait)); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			// textContent: a phone folds the facets, and hides the table
			// header behind each cell's own label.
			all := eval(`document.body.textContent`)
			for _, w := range pg.want {
				if !strings.Contains(all, w) {
					t.Errorf("%s: %q not on the page", name, w)
				}
			}
			for _, w := range pg.absent {
				if strings.Contains(all, w) {
					t.Errorf("%s: %q on the page", name, w)
				}
			}
			if pg.check != "" {
				if ok, err := value(b, chromedp.Evaluate[bool](pg.check)); err != nil || !ok {
					t.Errorf("%s: %s: %v %v", name, pg.check, ok, err)
				}
			}
			b.checkLinks(name)
			// Nothing scrolls sideways; the nav marks where the page is.
			if overflow := eval(`document.documentElement.scrollWidth > window.innerWidth ? "wider: " + document.documentElement.scrollWidth : ""`); overflow != "" {
				t.Errorf("%s: %s", name, overflow)
			}
			section := map[string]string{"documents": "文件与导入", "history": "文件与导入", "chase": "催办", "compare": "年度对比", "compare-same": "年度对比", "overview": "总览", "overview-2018": "总览"}[pg.name]
			if section == "" {
				section = "任务搜索"
			}
			if cur := eval(`(document.querySelector('.nav a[aria-current="page"]') || {}).textContent || ""`); cur != section {
				t.Errorf("%s: nav marks %q, want %q", name, cur, section)
			}
			b.shoot(name)
		}
		// On a phone: the placeholder fits its box, the overview's labels
		// are readable and all charts share one font size, the documents
		// table labels its values.
		if width != 390 {
			continue
		}
		if err := b.do(chromedp.Navigate(srv.URL + "/stats?year=2018")); err != nil {
			t.Fatal(err)
		}
		b.waitFor(`!!document.querySelector(".bars")`)
		if sizes := eval(`[...new Set([...document.querySelectorAll(".bar-label, .bar-value")].map((e) => getComputedStyle(e).fontSize))].join()`); sizes != "14px" {
			t.Errorf("overview font sizes on a phone: %q, want one readable size", sizes)
		}
		fits := eval(`(() => { const q = document.querySelector("#q"), cs = getComputedStyle(q), c = document.createElement("canvas").getContext("2d");
			c.font = cs.fontSize + " " + cs.fontFamily;
			const room = q.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
			return c.measureText(q.placeholder).width <= room ? "" : "placeholder " + c.measureText(q.placeholder).width + "px in " + room + "px"; })()`)
		if fits != "" {
			t.Errorf("phone: %s", fits)
		}
		if err := b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`table.docs`)); err != nil {
			t.Fatal(err)
		}
		if label := eval(`getComputedStyle(document.querySelector("table.docs td"), "::before").content`); label != `"年度"` {
			t.Errorf("documents table on a phone: first cell labelled %s", label)
		}
	}

	// The same notice in another file (no salutation, issuer or date: its
	// own id) is offered as a new version; choosing that previews the
	// difference first, and only the confirmation writes.
	alike := filepath.Join(t.TempDir(), "任务分解-无落款.txt")
	os.WriteFile(alike, []byte(strings.Replace(strings.Join(lines[6:], "\n"), "全区垃圾分类覆盖面达到80%", "全区垃圾分类覆盖面达到95%", 1)), 0o644)
	hist, _ := s.Library.Versions(seedID)
	versionsBefore := fmt.Sprint(len(hist.Versions))
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{alike}), chromedp.Click(`.upload button[type=submit]`), chromedp.WaitVisible(`#preview [data-replace]`))
	if pv := text(`#preview`); err != nil || !strings.Contains(pv, "看起来与已有的文件是同一份通知") || strings.Contains(pv, "将作为新文件导入") {
		t.Errorf("a look-alike's preview: %q %v", pv, err)
	}
	err = b.do(chromedp.Click(`#preview [data-replace="`+seedID+`"]`), chromedp.WaitVisible(`#confirm-import`))
	if pv := text(`#preview`); err != nil || !strings.Contains(pv, "将替换现有文件") || !strings.Contains(pv, "改动 1 项") ||
		eval(`document.querySelector("#preview details.changed del").textContent.includes("80%") && document.querySelector("#preview details.changed ins").textContent.includes("95%") ? "yes" : "no"`) != "yes" {
		t.Errorf("the chosen version's preview: %q %v", pv, err)
	}
	if h, _ := s.Library.Versions(seedID); h == nil || fmt.Sprint(len(h.Versions)) != versionsBefore {
		t.Errorf("choosing a version wrote before the confirmation: %+v (were %s)", h, versionsBefore)
	}
	err = b.do(chromedp.Click(`#confirm-import`), chromedp.WaitVisible(`#report`))
	if h, _ := s.Library.Versions(seedID); err != nil || h == nil || fmt.Sprint(len(h.Versions)) == versionsBefore {
		t.Errorf("confirmed as a new version: %+v %v", h, err)
	}

	// The favicon and the page's HEAD answer.
	if got, err := value(b, chromedp.Evaluate[string](`fetch(document.querySelector("link[rel=icon]").href).then((r) => r.status + " " + r.headers.get("content-type"))`, chromedp.EvalAwaitPromise)); err != nil || !strings.HasPrefix(got, "200 image/svg+xml") {
		t.Errorf("favicon: %q %v", got, err)
	}
}

// TestBrowserTokenAndConfig: with a 管理口令 set, the documents page offers
// one field that upload and delete both use, and a write without it is
// refused in plain words; the search does not wait for /api/config.
func TestBrowserTokenAndConfig(t *testing.T) {
	const token = "0123456789abcdef-token"
	s, _ := MustOpenServer(t, token, true)
	if r := do(t, s.Handler(), "POST", "/api/documents", nil, nil); r.status != 401 {
		t.Fatalf("a write without the token: %d", r.status)
	}
	if _, err := s.Store.Replace(mustParse(t, "2019.txt", dueNoticeText)); err != nil {
		t.Fatal(err)
	}
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	text := b.text
	if err := b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`#token`)); err != nil {
		t.Fatal(err)
	}
	// Delete without the token: refused, in words, the cursor in the field.
	if _, err := value(b, chromedp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.Click(`table.docs tr:last-child button.danger`), chromedp.WaitVisible(`#write-status .state.error`)); err != nil {
		t.Fatal(err)
	}
	if msg := text(`#write-status`); !strings.Contains(msg, "需要管理口令") {
		t.Errorf("delete without the token: %q", msg)
	}
	if focused, _ := value(b, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "token" {
		t.Errorf("focus after a refused write: %q", focused)
	}
	// With the token, the same button deletes.
	if err := b.do(chromedp.SendKeys(`#token`, token), chromedp.Click(`table.docs tr:last-child button.danger`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`document.querySelectorAll("table.docs tbody tr").length === 1`); err != nil {
		t.Errorf("delete with the token: %v (%s)", err, text(`#app`))
	}
	if len(s.Store.Documents()) != 1 {
		t.Errorf("documents after delete: %d", len(s.Store.Documents()))
	}

	// The search does not wait for /api/config: with /api/config held
	// back, the results still come.
	err := b.do(chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			const realFetch = window.fetch;
			window.fetch = (u, o) => String(u).includes("/api/config")
				? new Promise((r) => setTimeout(() => { window.__configDone = true; r(realFetch(u, o)); }, 5000))
				: realFetch(u, o);`})
		return chromedp.Void{}, err
	}), chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")), chromedp.WaitVisible(`li.hit`))
	if err != nil {
		t.Fatal(err)
	}
	if done, _ := value(b, chromedp.Evaluate[bool](`window.__configDone === true`)); done {
		t.Error("the search waited for /api/config")
	}
}

// mustParse parses a notice given as text.
func mustParse(t *testing.T, name, text string) *ingest.Document {
	t.Helper()
	doc, err := ingest.Parse(name, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
