package source

// Task cards built of divs (issue 26, round t11c): a page that gives each
// task as a card (<div class="card">) whose fields are label and value
// side by side — <span class="label">牵头领导</span><span>…</span>,
// <dt>牵头单位</dt><dd>…</dd>, <label>完成时限</label><span>…</span> — and a
// sidebar of links to other notices beside it. A reader sees a key and its
// value, so each pair is one line, the key with a colon (牵头领导：副区长 X),
// the value's own line breaks as spaces; the sidebar's numbered links
// (1. 关于做好…的通知) are the site's, not the notice's, and are not read.

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// labelClassRe is a class naming an element a field's label: label, lbl,
// key, item-label, field_key, card-label.
var labelClassRe = regexp.MustCompile(`^(?:label|lbl|key|[a-z]+[-_](?:label|lbl|key))$`)

// labelKeyRe is a label's text: a short name, a colon at its end or not.
var labelKeyRe = regexp.MustCompile(`^\p{Han}[\p{Han}（）()/、]{1,11}[:\x{FF1A}]?$`)

// fieldLabel is the key an element gives as a field's label (<dt>, <label>
// or an element classed as a label), without its colon; "" when it is none.
func fieldLabel(n *html.Node) string {
	if n.Type != html.ElementNode {
		return ""
	}
	labelled := n.DataAtom == atom.Dt || n.DataAtom == atom.Label
	if !labelled {
		for _, c := range strings.Fields(strings.ToLower(htmlAttr(n, "class"))) {
			if labelClassRe.MatchString(c) {
				labelled = true
				break
			}
		}
	}
	if !labelled {
		return ""
	}
	t := strings.Join(strings.Fields(nodeText(n, 64)), "")
	if utf8.RuneCountInString(t) > 13 || !labelKeyRe.MatchString(t) {
		return ""
	}
	return strings.TrimRight(t, ":\uFF1A")
}

// fieldValue is the element after a label that holds its value (the next
// element among its siblings, a <dd> after a <dt>); nil when there is none
// or the next is a label itself.
func fieldValue(label *html.Node) *html.Node {
	for c := label.NextSibling; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			continue
		case c.Type != html.ElementNode:
			return nil
		case fieldLabel(c) != "":
			return nil
		case label.DataAtom == atom.Dt && c.DataAtom != atom.Dd:
			return nil
		}
		return c
	}
	return nil
}

// field writes a label and its value as one line: 牵头领导：副区长 X.
func (w *htmlWalker) field(key string, value *html.Node) {
	w.flush()
	w.line.WriteString(key + "：")
	w.inValue++
	w.walk(value)
	w.inValue--
	w.flush()
}

// siteChromeClassRe is a class or id naming a page's sidebar, menu or top
// bar.
var siteChromeClassRe = regexp.MustCompile(`^(?:[a-z]*[-_]?)?(?:sidebar|side|aside|menu|related|nav|header|top|topbar)(?:[-_][a-z]+)?$`)

// linkList reports whether an element is the site's list of links beside
// the notice: an <aside>, <nav> or <header>, or an element whose class or
// id names a sidebar, menu, related list or top bar (sidebar, side-list,
// left-nav, top-bar), holding
// two links or more and no table, its text outside the links short (a
// heading: 相关文件).
func linkList(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	named := n.DataAtom == atom.Aside || n.DataAtom == atom.Nav || n.DataAtom == atom.Header
	for _, c := range append(strings.Fields(strings.ToLower(htmlAttr(n, "class"))), strings.ToLower(htmlAttr(n, "id"))) {
		named = named || siteChromeClassRe.MatchString(c)
	}
	if !named || hasDescendant(n, atom.Table) {
		return false
	}
	links, outside := 0, 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.TextNode && !inLink {
			outside += utf8.RuneCountInString(strings.TrimSpace(n.Data))
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			links++
			inLink = true
		}
		for c := n.FirstChild; c != nil && outside <= 20; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return links >= 2 && outside <= 20
}
