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

// The 词表 page adds a rename and a synonym by a form, lists the office's
// synonyms, and its file picker speaks Chinese.
func TestBrowserVocabularyForm(t *testing.T) {
	s, _ := MustOpenVocabularyServer(t, "", true)
	s.Hosts = LoopbackHosts
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	b := newBrowser(t)
	add := func(kind, name, others string) {
		t.Helper()
		err := b.do(chromedp.Navigate(srv.URL+"/vocabulary"), chromedp.WaitVisible(`#vocab-add`),
			chromedp.SetValue(`#vocab-add select[name=kind]`, kind),
			chromedp.SetValue(`#vocab-add input[name=name]`, name),
			chromedp.SetValue(`#vocab-add input[name=others]`, others),
			chromedp.Click(`#vocab-add button[type=submit]`))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.waitFor(`document.querySelector("#vocab-status .state.done") !== null`); err != nil {
			t.Fatalf("%s not saved: %v", kind, err)
		}
	}
	add("synonym", "规上", "规模以上工业")
	add("unit", "区生态环境分局", "区环保局")
	got, err := value(b, chromedp.Text(`#office-synonyms`))
	if err != nil || !strings.Contains(got, "规上 = 规模以上工业") {
		t.Errorf("the office's synonyms: %q %v", got, err)
	}
	file, _ := value(b, chromedp.Evaluate[string](`document.getElementById("vocab-text").value`))
	if !strings.Contains(file, "区生态环境分局 = 区环保局") || !strings.Contains(file, "规上 = 规模以上工业") {
		t.Errorf("the file after the form: %q", file)
	}
	if label, _ := value(b, chromedp.Text(`label.file-pick`)); !strings.Contains(label, "导入词表文件") || !strings.Contains(label, "未选择文件") {
		t.Errorf("file picker %q", label)
	}
}
