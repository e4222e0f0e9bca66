package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The task page records a task's progress and shows it on the timeline;
// the 催办 page records a 催办 sent and the task page lists it; the pages
// print without the navigation bar.
func TestBrowserRecordsProgressAndChases(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	id := seedID(t) + "-4"
	err := b.do(chromedp.Navigate(srv.URL+"/task/"+id), chromedp.WaitVisible(`#record-progress`),
		chromedp.SetValue(`#record-progress textarea`, "征地受阻,进度较慢"),
		chromedp.SetValue(`#record-progress select[name=status]`, "滞后"),
		chromedp.SetValue(`#record-progress input[name=who]`, "张三"),
		chromedp.Click(`#record-progress button[type=submit]`))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`[...document.querySelectorAll("#timeline li")].some((li) => li.textContent.includes("征地受阻") && li.textContent.includes("张三"))`); err != nil {
		t.Fatalf("the recorded progress is not on the timeline: %v", err)
	}
	err = b.do(chromedp.Navigate(srv.URL+"/chase?year=2018"), chromedp.WaitVisible(`.chase-unit button.record-chase`),
		chromedp.Click(`.chase-unit button.record-chase`))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`[...document.querySelectorAll(".chase-last")].some((n) => n.textContent.startsWith("已记录"))`); err != nil {
		t.Fatalf("the 催办 was not recorded: %v", err)
	}
	printed, err := value(b, chromedp.Evaluate[bool](`[...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.media && r.media.mediaText === "print" && r.cssText.includes("header.top")))`))
	if err != nil || !printed {
		t.Errorf("no print style hiding the navigation bar (%v)", err)
	}
	if err := b.do(chromedp.Navigate(srv.URL+"/task/"+id), chromedp.WaitVisible(`#chased`)); err != nil {
		t.Fatalf("the task page lists no 催办: %v", err)
	}
	if got, _ := value(b, chromedp.Text(`#chased`)); !strings.Contains(got, "催办") {
		t.Errorf("催办记录 %q", got)
	}
}
