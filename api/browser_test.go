package api

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(expr string) error {
	_, err := value(b, chromedp.Poll[bool](expr))
	return err
}

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
	text := func(sel string) string {
		v, err := value(b, chromedp.Text(sel))
		if err != nil {
			t.Errorf("text of %s: %v", sel, err)
		}
		return v
	}

	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")), chromedp.WaitVisible(`li.hit[data-seq="49"]`)); err != nil {
		t.Fatalf("load /?q=垃圾分类: %v", err)
	}
	if appText := text(`#app`); !strings.Contains(appText, "区城管局") || !strings.Contains(appText, "第 49 项") || !strings.Contains(appText, "共 1 条") {
		t.Errorf("results page text: %q", appText)
	}
	if marked := text(`li.hit[data-seq="49"] mark`); marked != "垃圾分类" {
		t.Errorf("highlight = %q", marked)
	}

	if err := b.do(chromedp.Click(`li.hit[data-seq="49"] button[data-leader="王艳勤"]`)); err != nil {
		t.Fatalf("click 王艳勤: %v", err)
	}
	if err := b.waitFor(`document.querySelectorAll("li.hit").length === 6`); err != nil {
		t.Fatalf("after the 王艳勤 chip: %v", err)
	}
	location, _ := value(b, chromedp.Location())
	if summary := text(`#summary`); !strings.Contains(summary, "共 6 条") || !strings.Contains(location, "leader="+url.QueryEscape("王艳勤")) {
		t.Errorf("after the 王艳勤 chip: summary %q, url %s", summary, location)
	}
	screenshot, err := value(b, chromedp.FullScreenshot(100))
	shot := filepath.Join(t.TempDir(), "search.png")
	if err != nil || os.WriteFile(shot, screenshot, 0o644) != nil || len(screenshot) < 10000 {
		t.Errorf("screenshot %s: %d bytes, %v", shot, len(screenshot), err)
	}
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "search.png"), screenshot, 0o644)
	}

	// A bookmarked URL with a filter shows its results and the filter.
	err = b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")+"&unit="+url.QueryEscape("区城管局")), chromedp.WaitVisible(`li.hit[data-seq="49"]`))
	if filterText := text(`.filters`); err != nil || !strings.Contains(filterText, "单位:区城管局") {
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

	// Empty state, task page, leader page, unit page, documents page.
	checks := []struct {
		path, wait, want string
	}{
		{"/?q=" + url.QueryEscape("完全不存在的词语"), `.state.empty`, "没有找到"},
		{"/task/" + s.Store.Documents()[0].ID + "-49", `article.task`, "第 49 项任务"},
		{"/leader/" + url.PathEscape("王艳勤"), `li.hit`, "共 6 项"},
		{"/unit/" + url.PathEscape("区住建局"), `li.hit`, "共 11 项"},
		{"/documents", `table`, "杭州市余杭区人民政府办公室"},
		{"/task/nope", `.state.error`, "无法打开"},
	}
	for _, c := range checks {
		err := b.do(chromedp.Navigate(srv.URL+c.path), chromedp.WaitVisible(c.wait))
		if got := text(`#app`); err != nil || !strings.Contains(got, c.want) {
			t.Errorf("%s: want %q in %q (%v)", c.path, c.want, got, err)
		}
	}

	// Paging: all 83 tasks, 20 a page; the next page is in the URL.
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

	// Upload a notice from the page and see its report.
	notice := filepath.Join(t.TempDir(), "2019年通知.txt")
	os.WriteFile(notice, []byte("2019年《政府工作报告》工作任务分解表\n序号 | 重点工作任务 | 牵头领导 | 牵头单位\n1 | 全面推行垃圾分类。 | 王艳勤 | 区城管局\n这一行不是表格\n"), 0o644)
	err = b.do(chromedp.Navigate(srv.URL+"/documents"), chromedp.WaitVisible(`.upload form`),
		chromedp.SetUploadFiles(`.upload input[type=file]`, []string{notice}), chromedp.Click(`.upload button[type=submit]`),
		chromedp.WaitVisible(`#report`))
	if report := text(`#report`); err != nil || !strings.Contains(report, "生成 1 项任务") || !strings.Contains(report, "第 4 行") {
		t.Errorf("upload report: %q %v", report, err)
	}

	// Year over year: next year's notice with one target raised.
	nextYear, err := ingest.Parse("2019.txt", strings.NewReader(strings.Replace(strings.Replace(string(seeds.Notice()),
		"2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1), "达到80%", "达到95%", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.Replace(nextYear); err != nil {
		t.Fatal(err)
	}
	seedDoc, err := ingest.Parse(seeds.NoticeName, strings.NewReader(string(seeds.Notice())))
	if err != nil {
		t.Fatal(err)
	}
	seedID := seedDoc.ID
	err = b.do(chromedp.Navigate(srv.URL+"/compare?from="+seedID+"&to="+nextYear.ID), chromedp.WaitVisible(`details[data-class="changed"] li`))
	if summary := text(`#summary`); err != nil || !strings.Contains(summary, "变化 1 项") || !strings.Contains(summary, "延续 82 项") {
		t.Errorf("compare page: %q %v", summary, err)
	}
	if del, ins := text(`details[data-class="changed"] del`), text(`details[data-class="changed"] ins`); del != "80" || ins != "95" {
		t.Errorf("compare diff: del %q ins %q", del, ins)
	}
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		shot, _ := value(b, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(dir, "compare.png"), shot, 0o644)
	}
	// The year facet now offers both years.
	if err := b.do(chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("垃圾分类")), chromedp.WaitVisible(`details[data-facet="year"] li`)); err != nil {
		t.Fatal(err)
	}
	if years := text(`details[data-facet="year"]`); !strings.Contains(years, "2019") || !strings.Contains(years, "2018") {
		t.Errorf("year facet: %q", years)
	}

	// Export the current search as the office's ledger.
	if err := b.do(chromedp.Navigate(srv.URL+"/?unit="+url.QueryEscape("区住建局")), chromedp.WaitVisible(`a.export`)); err != nil {
		t.Fatal(err)
	}
	status, err := value(b, chromedp.Evaluate[string](`fetch(document.querySelector("a.export").href).then(r => r.status + " " + r.headers.get("content-type"))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(status, "200 application/vnd.openxmlformats") {
		t.Errorf("export link: %q %v", status, err)
	}
	if href, _ := value(b, chromedp.Evaluate[string](`document.querySelector("a.export").href`)); !strings.Contains(href, "unit="+url.QueryEscape("区住建局")) {
		t.Errorf("export link does not carry the search: %s", href)
	}

	// The overview draws bar charts; a bar opens its search.
	if err := b.do(chromedp.Navigate(srv.URL+"/stats"), chromedp.WaitVisible(`svg.chart`)); err != nil {
		t.Fatal(err)
	}
	leaderBars, _ := value(b, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart="各牵头领导的任务数"] rect.chart-bar').length`))
	if leaderBars < 16 {
		t.Errorf("leader chart has %d bars", leaderBars)
	}
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		shot, _ := value(b, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(dir, "stats.png"), shot, 0o644)
	}

	// Phone width: nothing scrolls sideways.
	err = b.do(chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape("建设")), chromedp.WaitVisible(`li.hit`))
	overflow, oerr := value(b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || oerr != nil || overflow {
		t.Errorf("phone width: overflow=%v err=%v %v", overflow, err, oerr)
	}
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		phone, _ := value(b, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(dir, "phone.png"), phone, 0o644)
	}
}
