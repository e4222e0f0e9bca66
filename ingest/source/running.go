package source

// Running headers and footers (positioned.go, stage 2): what a page repeats
// at its edges (the issuer, the file's address, a page number) is not the
// notice's text.

import (
	"math"
	"strings"
	"unicode"
)

const (
	// maxRunningLines: a page's running header, or footer, is at most this
	// many lines (Chromium's header and footer are one each; Word's a few).
	maxRunningLines = 4
	// sameHeight: a running line stands at the same height on every page,
	// within this many points.
	sameHeight = 2
)

// runningKey is a line's text with digits and spaces left out, so `— 3 —`
// and `— 4 —` compare equal.
func runningKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// dropRunningLines marks running headers and footers (stage 2). A running
// line stands in a page's top or bottom band, outside the cells a table
// draws, and is a page number, or has at most two segments (not a table's
// header) and reads the same at the same height on at least half the pages
// (and two or more). Only the lines between the body and the page's edge
// go: a line with the body's text between it and the edge is the body's.
// A table's rows run into both bands, and the last line of a cell that
// wrapped (亿元。, 月底, a stacked 2019) is often alone on its line and
// repeats from page to page, but a cell's borders box it, and a running
// line is never inside the text.
func dropRunningLines(lines []*pline, pages []layoutPage) {
	inBand := func(l *pline) bool {
		h := pages[l.page].height
		return h > 0 && (l.y < edgeBand*h || l.y > (1-edgeBand)*h)
	}
	// pagesAt[key][h]: the pages where a line reading key stands at
	// height h (to the point).
	pagesAt := map[string]map[int]map[int]bool{}
	for _, l := range lines {
		if inBand(l) && len(l.segs) <= 2 {
			k, h := runningKey(l.text()), int(math.Round(l.y))
			if pagesAt[k] == nil {
				pagesAt[k] = map[int]map[int]bool{}
			}
			if pagesAt[k][h] == nil {
				pagesAt[k][h] = map[int]bool{}
			}
			pagesAt[k][h][l.page] = true
		}
	}
	type spot struct {
		key string
		h   int
	}
	repeats := map[spot]bool{}
	repeated := func(key string, h int) bool {
		if r, ok := repeats[spot{key, h}]; ok {
			return r
		}
		seen := map[int]bool{}
		for d := -sameHeight; d <= sameHeight; d++ {
			for p := range pagesAt[key][h+d] {
				seen[p] = true
			}
		}
		r := len(seen) >= 2 && 2*len(seen) >= len(pages)
		repeats[spot{key, h}] = r
		return r
	}
	vertical := map[int][]rule{}
	running := func(l *pline) bool {
		if !inBand(l) || boxed(l, verticalRules(vertical, pages, l.page)) {
			return false
		}
		t := l.text()
		if pageNumberRe.MatchString(t) {
			return true
		}
		return len(l.segs) <= 2 && len(pages) >= 2 && repeated(runningKey(t), int(math.Round(l.y)))
	}
	// lines come page by page, top to bottom
	for start := 0; start < len(lines); {
		end := start
		for end < len(lines) && lines[end].page == lines[start].page {
			end++
		}
		page := lines[start:end]
		top := 0
		for ; top < len(page) && top < maxRunningLines && running(page[top]) && !(top+1 < len(page) && badgeAbove(page[top], page[top+1])); top++ {
			page[top].dropped = true
		}
		for i := len(page) - 1; i >= top && len(page)-1-i < maxRunningLines && running(page[i]); i-- {
			page[i].dropped = true
		}
		start = end
	}
}

// verticalRules are a page's vertical rules, found once per page (none on
// a page drawing more than maxColumnRules: a pattern, not a table).
func verticalRules(cache map[int][]rule, pages []layoutPage, page int) []rule {
	vs, ok := cache[page]
	if !ok {
		for _, r := range pages[page].rules {
			if math.Abs(r.x0-r.x1) <= 0.5 {
				vs = append(vs, r)
			}
		}
		if len(vs) > maxColumnRules {
			vs = nil
		}
		cache[page] = vs
	}
	return vs
}

// boxed reports whether vertical rules stand left and right of line l
// across its height: it is inside a drawn cell.
func boxed(l *pline, vertical []rule) bool {
	var left, right bool
	top := l.y - 0.7*l.size
	for _, r := range vertical {
		if min(r.y0, r.y1) > top || max(r.y0, r.y1) < l.y {
			continue
		}
		left = left || r.x0 <= l.left
		right = right || r.x0 >= l.right
	}
	return left && right
}

// badgeAbove reports whether a line at a page's top that reads as a page
// number is a card's badge (06, zero-padded) standing right above the
// card's text, at its left edge: a page number stands apart.
func badgeAbove(l, next *pline) bool {
	t := strings.TrimSpace(l.text())
	return len(t) == 2 && t[0] == '0' && t[1] >= '1' && t[1] <= '9' &&
		next.page == l.page && next.y-l.y <= 2.5*max(l.size, next.size) && math.Abs(next.left-l.left) <= 0.5*l.size
}
