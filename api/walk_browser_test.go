package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEmptyAnswerOffersSuggestions: a clerk who types a unit's
// pinyin initials (cgj) and presses Enter at once gets no task, the list
// of suggestions stays closed, and the empty answer offers what the
// suggestions would have (区城管局) as a link to that unit's tasks.
func TestBrowserEmptyAnswerOffersSuggestions(t *testing.T) {
	s, _ := MustOpenServer(t, "", false)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	text := b.text
	for _, width := range []int64{390, 1400} {
		if err := b.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`#q`),
			chromedp.SendKeys(`#q`, "cgj\r"), chromedp.WaitVisible(`#did-you-mean`)); err != nil {
			t.Fatalf("%d px: no offer under the empty answer: %v (%s)", width, err, text(`#app`))
		}
		if offer := text(`#did-you-mean`); !strings.HasPrefix(offer, "您要找的是不是:") || !strings.Contains(offer, "区城管局") {
			t.Errorf("%d px: the offer reads %q", width, offer)
		}
		if open, _ := value(b, chromedp.Evaluate[bool](`!document.getElementById("suggest").hidden`)); open {
			t.Errorf("%d px: the suggestions are open over the answer", width)
		}
		b.shoot("empty-offer-" + map[int64]string{390: "phone", 1400: "desktop"}[width])
	}
	if err := b.do(chromedp.Click(`#did-you-mean a[data-kind="unit"]`), chromedp.WaitVisible(`li.hit`)); err != nil {
		t.Fatalf("the offered unit: %v", err)
	}
	if href, _ := value(b, chromedp.Evaluate[string](`location.search`)); !strings.Contains(href, "unit=") || strings.Contains(href, "q=cgj") {
		t.Errorf("the offered link opens %q, want the unit's filter without the pinyin", href)
	}
	if units := text(`li.hit`); !strings.Contains(units, "区城管局") {
		t.Errorf("the unit's first task: %q", units)
	}
}

// TestBrowserProgressWords: the words the page writes of a progress entry
// and of the periods a clerk picks from, read as the clerk reads them.
func TestBrowserProgressWords(t *testing.T) {
	s, _ := MustOpenServer(t, "", false)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	if err := b.do(chromedp.Navigate(srv.URL + "/")); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		v, err := value(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Errorf("%s: %v", js, err)
		}
		return v
	}
	// a status judged from the words though the report wrote another one
	// says both, not "按进展文字判断“序时推进”"
	if got := eval(`statusFromText({ status: "已完成", status_from: "words", reported: "序时推进" })`); got != "报告中填写“序时推进”,按进展文字判断为已完成" {
		t.Errorf("words over a reported status: %q", got)
	}
	if got := eval(`statusFromText({ status: "滞后", status_from: "words", reported: "" })`); got != "按进展文字判断" {
		t.Errorf("words alone: %q", got)
	}
	if got := eval(`statusFromText({ status: "序时推进", status_from: "column", reported: "是" })`); got != "报告中填写“是”" {
		t.Errorf("a 是否序时推进 column: %q", got)
	}
	// the periods: 1月, not 1-1 月
	labels := eval(`periodChoices(2021).map(([, l]) => l).join(",")`)
	if l := "," + labels + ","; !strings.Contains(l, ",1月,") || strings.Contains(l, ",1-1月,") || strings.Contains(l, " 月") || !strings.Contains(l, ",1-10月,") {
		t.Errorf("period choices: %s", labels)
	}
}

// TestBrowserChaseLinksOnAPhone: on the 催办 page at 390 px each unit's
// attachment link is one box, not broken across two lines.
func TestBrowserChaseLinksOnAPhone(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	// a task behind, recorded on its page, puts its unit on the 催办 page
	err := b.do(chromedp.EmulateViewport(390, 900), chromedp.Navigate(srv.URL+"/task/"+seedID(t)+"-4"), chromedp.WaitVisible(`#record-progress`),
		chromedp.SetValue(`#record-progress textarea`, "征地受阻,进度较慢"), chromedp.SetValue(`#record-progress select[name=status]`, "滞后"),
		chromedp.Click(`#record-progress button[type=submit]`))
	if err == nil {
		err = b.waitFor(`[...document.querySelectorAll("#timeline li")].some((li) => li.textContent.includes("征地受阻"))`)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.Navigate(srv.URL+"/chase?year=2018"), chromedp.WaitVisible(`.chase-record a.export`)); err != nil {
		t.Fatal(err)
	}
	got, err := value(b, chromedp.Evaluate[string](`(() => { const a = [...document.querySelectorAll(".chase-record a.export")];
	  return a.length + "/" + a.filter((x) => x.getClientRects().length > 1).length; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if n, broken, _ := strings.Cut(got, "/"); n == "0" || broken != "0" {
		t.Errorf("links/broken across lines: %s", got)
	}
	b.shoot("chase-phone")
}
