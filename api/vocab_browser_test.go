package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserSuggestionsAndVocabulary drives the search box's suggestions
// by keyboard alone (type, ↓, Enter; Esc; Enter at once, the list not
// reopening when its answer comes late) and the 词表 page (accept a
// proposal, then search by the new name) in headless Chromium. Suggestions
// are answered suggestDelay late, as on a busy server.
func TestBrowserSuggestionsAndVocabulary(t *testing.T) {
	s, _ := MustOpenVocabularyServer(t, "", true, renamedYear(t))
	s.Hosts = LoopbackHosts
	const suggestDelay = 300 * time.Millisecond
	h := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/suggest" {
			time.Sleep(suggestDelay)
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	b := newBrowser(t)
	text := b.text
	clear := func() {
		if _, err := value(b, chromedp.Evaluate[bool](`(document.getElementById("q").value = "", true)`)); err != nil {
			t.Fatal(err)
		}
	}
	location := func() string {
		loc, _ := value(b, chromedp.Location())
		u, _ := url.Parse(loc)
		return u.Path + "?" + u.Query().Encode()
	}

	// zzw, ↓, Enter: every task of 祝振伟 under every title, both years.
	if err := b.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`li.hit`),
		chromedp.SendKeys(`#q`, "zzw"), chromedp.WaitVisible(`#suggest li`)); err != nil {
		t.Fatalf("suggestions for zzw: %v", err)
	}
	if first := text(`#suggest li:first-child`); !strings.Contains(first, "祝振伟") || !strings.Contains(first, "领导") || !strings.Contains(first, "首字母") {
		t.Errorf("first suggestion = %q", first)
	}
	if expanded, _ := value(b, chromedp.Evaluate[string](`document.getElementById("q").getAttribute("aria-expanded")`)); expanded != "true" {
		t.Errorf("aria-expanded = %q", expanded)
	}
	if err := b.do(chromedp.SendKeys(`#q`, kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`document.querySelector('#suggest li[aria-selected="true"]') !== null && document.getElementById("q").getAttribute("aria-activedescendant") === "suggest-0"`); err != nil {
		t.Fatalf("↓ selects nothing: %v", err)
	}
	if err := b.do(chromedp.SendKeys(`#q`, kb.Enter), chromedp.WaitVisible(`.filter-group[data-filter="leader"] .filter`)); err != nil {
		t.Fatalf("Enter: %v", err)
	}
	if loc := location(); loc != "/?"+(url.Values{"leader": {"祝振伟"}}).Encode() {
		t.Errorf("Enter went to %s", loc)
	}
	if err := b.waitFor(`document.getElementById("summary").textContent.includes("共 58 条")`); err != nil {
		t.Errorf("祝振伟 in both years: %q", text(`#summary`))
	}
	if hidden, _ := value(b, chromedp.Evaluate[bool](`document.getElementById("suggest").hidden`)); !hidden {
		t.Error("the list stays open after a choice")
	}

	// ljfl ↓↑↓ Enter: the term 垃圾分类 searched as text.
	clear()
	if err := b.do(chromedp.SendKeys(`#q`, "ljfl"), chromedp.WaitVisible(`#suggest li`),
		chromedp.SendKeys(`#q`, kb.ArrowDown+kb.ArrowDown+kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`document.querySelector('#suggest li[aria-selected="true"]') === document.querySelector('#suggest li:first-child')`); err != nil {
		t.Errorf("↓↓↑ is not back on the first: %v", err)
	}
	if err := b.do(chromedp.SendKeys(`#q`, kb.Enter), chromedp.WaitVisible(`li.hit[data-seq="49"]`)); err != nil {
		t.Fatalf("ljfl Enter: %v", err)
	}
	if loc := location(); loc != "/?"+(url.Values{"q": {"垃圾分类"}}).Encode() {
		t.Errorf("ljfl went to %s", loc)
	}

	// Esc closes the list; Enter without a choice searches what was typed.
	clear()
	if err := b.do(chromedp.SendKeys(`#q`, "区城"), chromedp.WaitVisible(`#suggest li`),
		chromedp.SendKeys(`#q`, kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`document.getElementById("suggest").hidden`); err != nil {
		t.Errorf("Esc leaves the list open: %v", err)
	}

	// The facet shows one unit with its spellings.
	if err := b.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`[data-facet="unit"] li`)); err != nil {
		t.Fatal(err)
	}
	if facet := text(`[data-facet="unit"]`); !strings.Contains(facet, "区城管局") || !strings.Contains(facet, "区城市管理局(2)") {
		t.Errorf("unit facet = %q", facet)
	}

	// The 词表 page: accept the rename 区环保局 → 区生态环境分局.
	if err := b.do(chromedp.Navigate(srv.URL+"/vocabulary"), chromedp.WaitVisible(`.proposals li`)); err != nil {
		t.Fatalf("vocabulary page: %v", err)
	}
	id, err := value(b, chromedp.Evaluate[string](`[...document.querySelectorAll(".proposals li")].find(li => li.textContent.includes("区环保局") && li.textContent.includes("区生态环境分局")).dataset.proposal`))
	if err != nil || id == "" {
		t.Fatalf("no proposal for 区环保局: %v", err)
	}
	if err := b.do(chromedp.Click(`button[data-accept="`+id+`"]`), chromedp.WaitVisible(`.state.done`)); err != nil {
		t.Fatalf("accept: %v", err)
	}
	if n, _ := value(b, chromedp.Evaluate[int](`document.querySelectorAll('[data-proposal="`+id+`"]').length`)); n != 0 {
		t.Error("the accepted proposal is still listed")
	}
	if file, _ := value(b, chromedp.Evaluate[string](`document.getElementById("vocab-text").value`)); !strings.Contains(file, "区生态环境分局 = 区环保局") {
		t.Errorf("the file after accepting: %q", file)
	}
	if err := b.do(chromedp.Navigate(srv.URL+"/?unit="+url.QueryEscape("区环保局")), chromedp.WaitVisible(`#summary`)); err != nil {
		t.Fatal(err)
	}
	if err := b.waitFor(`document.getElementById("summary").textContent.includes("共 6 条")`); err != nil {
		t.Errorf("区环保局 after the merge: %q", text(`#summary`))
	}

	// Typed and submitted with Enter at once: the results stay, and the
	// suggestions asked for on the way (answered late) never open over them.
	if err := b.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`li.hit`)); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.SendKeys(`#q`, "城管"+kb.Enter), chromedp.WaitVisible(`li.hit[data-seq="38"]`)); err != nil {
		t.Fatalf("城管 Enter: %v", err)
	}
	if err := b.do(chromedp.Sleep(3 * suggestDelay)); err != nil {
		t.Fatal(err)
	}
	if hidden, _ := value(b, chromedp.Evaluate[bool](`document.getElementById("suggest").hidden && document.getElementById("q").getAttribute("aria-expanded") === "false"`)); !hidden {
		t.Errorf("the list opened over the results after Enter: %q", text(`#suggest`))
	}
	if loc := location(); loc != "/?"+(url.Values{"q": {"城管"}}).Encode() {
		t.Errorf("城管 Enter went to %s", loc)
	}

	// The new name typed finds the old name's tasks of both years, the
	// unit's tasks first, each saying why.
	if err := b.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`li.hit`),
		chromedp.SendKeys(`#q`, "区生态环境分局"+kb.Enter), chromedp.WaitVisible(`li.hit[data-year="2018"][data-seq="29"]`)); err != nil {
		t.Fatalf("区生态环境分局 Enter: %v", err)
	}
	if err := b.waitFor(`document.getElementById("summary").textContent.includes("共 6 条")`); err != nil {
		t.Errorf("区生态环境分局 typed: %q", text(`#summary`))
	}
	if err := b.waitFor(`[...document.querySelectorAll("li.hit")].some(li => li.dataset.year === "2018" && li.textContent.includes("匹配单位:区环保局 → 区生态环境分局"))`); err != nil {
		t.Errorf("no hit of 2018 says why: %v", err)
	}
	if err := b.do(chromedp.Sleep(3 * suggestDelay)); err != nil {
		t.Fatal(err)
	}
	if hidden, _ := value(b, chromedp.Evaluate[bool](`document.getElementById("suggest").hidden`)); !hidden {
		t.Error("the list opened over the results after Enter")
	}
}
