package source

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Positioned text: PDF and OFD pages are glyphs placed at coordinates, with
// no paragraphs, no rows and no cells. layoutBlocks rebuilds them in stages:
//
//  1. lines: glyphs whose baselines agree are one line, ordered by x; a gap
//     wider than a character splits a line into segments;
//  2. running headers and footers: the lines at the top or bottom edge of
//     a page, outside any drawn cell, that read the same at the same height
//     on most pages (digits aside), or that are a page number (`— 3 —`,
//     `第3页`, `3/12`), are dropped (running.go);
//  3. tables: a line of three or more segments opens a table; the gaps
//     between its segments are the gutters between columns, and where the
//     page draws the table's borders, an inner vertical rule across that line
//     in no gap is a gutter too (a narrow column whose header cell wraps:
//     完成时 / 限), its cell's line above joining the table. Every following
//     line that leaves each gutter open (no glyph bridges it) is a line of
//     the table, and narrows the gutters; the first line that bridges one
//     closes the table. A gutter that holds one drawn inner border is that
//     border: it stays open while the border runs down across the line and
//     no glyph crosses it (cells side by side may leave less than a gap).
//     The table stays open across a page break, so a table that runs over
//     pages is one table; a row that repeats the table's header on a new
//     page is dropped. Without inner borders, the columns are at last the
//     gaps no line of the table puts text in (the opening line of a header
//     whose letters stack shows only some columns);
//  4. rows: where the page draws horizontal rules across the first column,
//     the rules part the rows; elsewhere a row begins at a line with text in
//     the first column. A row's part at the top of a new page with an empty
//     first column is the rest of the row broken by the page, and is joined
//     to it. Where rules part the rows but none crosses a column between two
//     rows, that column's cell spans both rows (a merged cell): its lines,
//     on whichever rows of the span they stand, are one cell, given to
//     each row;
//  5. cells and paragraphs: a cell's lines are joined without a separator
//     where the line ran to the column's right edge (the text wrapped), with
//     a line break where it ended short (a break the author made, as between
//     two leaders' names). Text lines outside tables are joined the same way
//     into paragraphs: a line that runs to the right margin continues on the
//     next line when that one is not indented.

// glyph is text placed on a page: x is the left edge and y the baseline, in
// points from the page's top-left corner; w is the advance and size the font
// size.
type glyph struct {
	x, y, w, size float64
	s             string
}

// rule is a drawn line segment (a table border), in the same coordinates.
// Rectangles thinner than maxRuleThickness count as lines.
type rule struct{ x0, y0, x1, y1 float64 }

// layoutPage is one page of positioned text.
type layoutPage struct {
	width, height float64
	glyphs        []glyph
	rules         []rule
}

const (
	// segmentGapEm: a gap wider than this many font sizes parts a line into
	// segments (cells or columns).
	segmentGapEm = 0.9
	// spaceGapEm: a smaller gap wider than this is a space within a segment;
	// next to a Chinese character, a gap wider than cjkSpaceGapEm.
	spaceGapEm    = 0.2
	cjkSpaceGapEm = 0.6
	// edgeBand: running headers and footers stand within this share of the
	// page's height from its top or bottom edge.
	edgeBand = 0.15
	// minGutterEm: a gutter narrower than this is closed.
	minGutterEm = 0.25
	// fullLineEm: a line ending within this many font sizes of its column's
	// (or the page's) right edge ran to the edge and wrapped.
	fullLineEm = 1.6
	// maxRuleThickness: a filled rectangle at most this thick is a rule.
	maxRuleThickness = 2.5
	// maxLayoutGlyphs caps the glyphs of a whole document: the stages sort
	// and scan them, so the work is bounded by what was built, not only by
	// the file's bytes.
	maxLayoutGlyphs = 1_000_000
	maxLayoutRules  = 200_000
	// maxColumnRules: a page drawing more vertical rules than this (a
	// pattern, not a table's borders) is not read for ruled columns.
	maxColumnRules = 4096
)

// PageNumberPattern matches a line that is only a page number (— 3 —,
// 第3页, 3/12, 第 3 页 共 12 页): the layout drops it, and the reading of a
// table laid out with spaces leaves it as text.
const PageNumberPattern = `^[\s\-—–－―_·•]*(?:第\s*)?[0-9０-９]+\s*(?:页)?(?:\s*[/／]\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[\s\-—–－―_·•]*$`

var pageNumberRe = regexp.MustCompile(PageNumberPattern)

// pline is a rebuilt line of text.
type pline struct {
	page        int
	y, size     float64
	left, right float64
	glyphs      []glyph
	segs        []segment
	dropped     bool
}

// segment is a run of a line's glyphs with no wide gap inside.
type segment struct {
	x0, x1 float64
	glyphs []glyph
}

func (s segment) text() string { return glyphText(s.glyphs) }

// glyphText joins glyphs in x order, with a space where a gap is wide.
func glyphText(gs []glyph) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			prev := gs[i-1]
			gap := spaceGapEm
			if isWide(prev.s) || isWide(g.s) {
				// Typesetters put a quarter em between Chinese and Latin
				// text; it is spacing, not a space.
				gap = cjkSpaceGapEm
			}
			if g.x-(prev.x+prev.w) > gap*max(g.size, prev.size) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.s)
	}
	return strings.TrimSpace(b.String())
}

// mid is the height of the middle of the line's glyphs (a Chinese
// character's em box stands 0.88 em above its baseline and 0.12 below).
// A rule above it parts the line from what is above: a line of a cell
// that spans rows, centred in it, may straddle the rule between two of
// them.
func (l *pline) mid() float64 { return l.y - 0.38*l.size }

func (l *pline) text() string {
	parts := make([]string, len(l.segs))
	for i, s := range l.segs {
		parts[i] = s.text()
	}
	return strings.Join(parts, " ")
}

// layoutBlocks turns positioned pages into blocks: text lines and paragraphs,
// and table rows with cells.
func layoutBlocks(pages []layoutPage) []Block {
	var lines []*pline
	for i, p := range pages {
		lines = append(lines, pageLines(i, p)...)
	}
	dropRunningLines(lines, pages)
	lines = slices.DeleteFunc(lines, func(l *pline) bool { return l.dropped })
	return (&layout{pages: pages}).blocks(lines)
}

// pageLines groups a page's glyphs into lines (stage 1).
func pageLines(page int, p layoutPage) []*pline {
	gs := slices.DeleteFunc(slices.Clone(p.glyphs), func(g glyph) bool {
		return strings.TrimSpace(g.s) == "" || g.size <= 0 || math.IsNaN(g.x+g.y+g.w+g.size) || math.IsInf(g.x+g.y+g.w+g.size, 0)
	})
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(a.y, b.y) })
	var lines []*pline
	for _, g := range gs {
		var l *pline
		if n := len(lines); n > 0 && math.Abs(lines[n-1].y-g.y) <= 0.35*max(g.size, lines[n-1].size) {
			l = lines[n-1]
		} else {
			l = &pline{page: page, y: g.y, size: g.size}
			lines = append(lines, l)
		}
		g.s = foldRadicals(g.s)
		l.glyphs = append(l.glyphs, g)
		l.size = max(l.size, g.size)
	}
	for _, l := range lines {
		slices.SortStableFunc(l.glyphs, func(a, b glyph) int { return cmp.Compare(a.x, b.x) })
		l.glyphs = dedupeGlyphs(l.glyphs)
		l.left = l.glyphs[0].x
		for _, g := range l.glyphs {
			l.right = max(l.right, g.x+g.w)
		}
		var seg *segment
		for _, g := range l.glyphs {
			if seg == nil || g.x-seg.x1 > segmentGapEm*g.size {
				l.segs = append(l.segs, segment{x0: g.x})
				seg = &l.segs[len(l.segs)-1]
			}
			seg.glyphs = append(seg.glyphs, g)
			seg.x1 = max(seg.x1, g.x+g.w)
		}
	}
	return lines
}

// dedupeGlyphs drops a glyph drawn again over itself (fake bold prints
// each character twice, a hair apart).
func dedupeGlyphs(gs []glyph) []glyph {
	out := gs[:0]
	for _, g := range gs {
		if n := len(out); n > 0 && out[n-1].s == g.s && math.Abs(out[n-1].x-g.x) < 0.2*g.size {
			continue
		}
		out = append(out, g)
	}
	return out
}

// gutter is an open interval between two columns of a table. A ruled
// gutter holds one of the table's drawn inner borders, at x: the border,
// not the space the text leaves, parts the columns.
type gutter struct {
	x0, x1 float64
	ruled  bool
	// x is the border's middle; b0 and b1 its outer rules (one rule, or
	// two where each cell draws its own).
	x, b0, b1 float64
}

// mid is where the gutter parts its columns.
func (g gutter) mid() float64 {
	if g.ruled {
		return g.x
	}
	return (g.x0 + g.x1) / 2
}

// ptable is a table being rebuilt from lines (stages 3 and 4).
type ptable struct {
	num     int
	gutters []gutter
	lines   []*pline
}

// column returns the column an x position falls in.
func (t *ptable) column(x float64) int {
	c := 0
	for _, g := range t.gutters {
		if x >= g.mid() {
			c++
		}
	}
	return c
}

// admit narrows the gutters by a line's glyphs and reports whether every
// gutter stays open; the gutters are left unchanged when one would close.
// A ruled gutter stays open while its border runs down across the line
// (vertical holds the line's page's vertical rules; none drawn at all, and
// this is not asked) and no glyph crosses it: in a bordered table the text
// of two cells side by side may come closer than minGutterEm (a cell that
// wraps runs to its padding), and a narrow column has no text on most lines.
func (t *ptable) admit(l *pline, vertical []rule) bool {
	next := make([]gutter, len(t.gutters))
	for i, g := range t.gutters {
		if g.ruled {
			if !openRule(g, l, vertical) {
				return false
			}
			next[i] = g
			continue
		}
		// The widest part of the gutter that no glyph covers.
		free := []gutter{g}
		for _, gl := range l.glyphs {
			x0, x1 := gl.x, gl.x+gl.w
			var out []gutter
			for _, f := range free {
				if x1 <= f.x0 || x0 >= f.x1 {
					out = append(out, f)
					continue
				}
				if x0 > f.x0 {
					out = append(out, gutter{x0: f.x0, x1: x0})
				}
				if x1 < f.x1 {
					out = append(out, gutter{x0: x1, x1: f.x1})
				}
			}
			free = out
		}
		best := gutter{}
		for _, f := range free {
			if f.x1-f.x0 > best.x1-best.x0 {
				best = f
			}
		}
		if best.x1-best.x0 < minGutterEm*l.size {
			return false
		}
		next[i] = best
	}
	t.gutters = next
	return true
}

// projectedGutters are the gaps no line of a table without drawn inner
// borders puts text in: the line that opened the table may not show every
// column (a narrow column's header stacks one letter per line, 牵/头/领/导,
// and its first line leaves other columns empty). Each gutter the lines
// left open lies within one of them; a table whose lines leave fewer keeps
// its gutters.
func projectedGutters(lines []*pline, gutters []gutter) []gutter {
	type span struct{ x0, x1, size float64 }
	var spans []span
	for _, l := range lines {
		for _, g := range l.glyphs {
			spans = append(spans, span{g.x, g.x + g.w, g.size})
		}
	}
	if len(spans) == 0 {
		return gutters
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.x0, b.x0) })
	var out []gutter
	for i, reach := 1, spans[0].x1; i < len(spans); i++ {
		if spans[i].x0-reach >= minGutterEm*spans[i].size {
			out = append(out, gutter{x0: reach, x1: spans[i].x0})
		}
		reach = max(reach, spans[i].x1)
	}
	if len(out) <= len(gutters) {
		return gutters
	}
	return out
}

// layout holds what the stages share while turning lines into blocks.
type layout struct {
	pages  []layoutPage
	out    []Block
	tables int
	// vertical holds each page's vertical rules, found once (innerRules).
	vertical map[int][]rule
}

func (lo *layout) add(b Block) {
	b.Line = len(lo.out) + 1
	lo.out = append(lo.out, b)
}

// blocks walks the lines in reading order, opening and closing tables.
func (lo *layout) blocks(lines []*pline) []Block {
	var text []*pline
	var tbl *ptable
	flushText := func() {
		lo.paragraphs(text)
		text = nil
	}
	closeTable := func() {
		if tbl != nil {
			lo.rows(tbl)
			tbl = nil
		}
	}
	for _, l := range lines {
		if tbl != nil && tbl.admit(l, lo.verticalOf(l.page)) {
			tbl.lines = append(tbl.lines, l)
			continue
		}
		closeTable()
		if len(l.segs) >= 3 {
			inner := lo.innerRules(l)
			// a header cell drawn over two lines (完成时 / 限) starts above
			// the line that opens the table, inside the same bordered row
			var above []*pline
			for len(text) > 0 && lo.sameRow(inner, text[len(text)-1], l) {
				above = append([]*pline{text[len(text)-1]}, above...)
				text = text[:len(text)-1]
			}
			flushText()
			lo.tables++
			tbl = &ptable{num: lo.tables, lines: append(above, l)}
			for i := 1; i < len(l.segs); i++ {
				tbl.gutters = append(tbl.gutters, gutter{x0: l.segs[i-1].x1, x1: l.segs[i].x0})
			}
			tbl.gutters = ruledGutters(tbl.gutters, l, inner)
			continue
		}
		text = append(text, l)
	}
	closeTable()
	flushText()
	return lo.out
}

// paragraphs joins text lines into paragraphs (stage 5) and adds them. A
// line of two segments far apart (an issuer and a date on one line) gives a
// block for each.
func (lo *layout) paragraphs(lines []*pline) {
	if len(lines) == 0 {
		return
	}
	left, right := map[int]float64{}, map[int]float64{}
	for _, l := range lines {
		if _, ok := left[l.page]; !ok || l.left < left[l.page] {
			left[l.page] = l.left
		}
		right[l.page] = max(right[l.page], l.right)
	}
	var para []string
	var prev *pline
	flush := func() {
		if t := joinWrapped(para); t != "" {
			lo.add(Block{Text: t})
		}
		para = nil
	}
	for _, l := range lines {
		if len(l.segs) > 1 {
			flush()
			for _, s := range l.segs {
				lo.add(Block{Text: s.text()})
			}
			prev = nil
			continue
		}
		if prev != nil && !(prev.right >= right[prev.page]-fullLineEm*prev.size && l.left <= left[l.page]+0.5*l.size) {
			flush()
		}
		para = append(para, l.text())
		prev = l
	}
	flush()
}

// joinWrapped joins the lines of a paragraph or cell that wrapped: no
// separator between Chinese characters, a space between Latin words.
func joinWrapped(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		if b.Len() > 0 && p != "" {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if isLatinLetter(last) && isLatinLetter(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return strings.TrimSpace(b.String())
}

// isWide reports whether a glyph is a full-width character (Chinese,
// full-width punctuation).
func isWide(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x2E80
}

func isLatinLetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// prow is a table row being rebuilt: its lines and, per column, the
// lines of its cell.
type prow struct {
	page  int
	first *pline
	last  *pline
	cells [][]cellLine
}

// cellLine is one line of a cell: its text, where it ends, how wide the
// unit that opens it is (a line cannot start with closing punctuation, nor
// break inside a Latin word or a number), and how far a line of its column
// can reach.
type cellLine struct {
	text               string
	left, right, first float64
	avail              float64
	size               float64
	// guessed: no borders showed how far the column reaches; avail is the
	// farthest any of its lines reached.
	guessed bool
	// reached and widest: how far right, and how wide, the column's
	// lines on this page ran.
	reached, widest float64
}

// wrapped reports whether the text ran on from line a to line b because
// b's first unit did not fit at the end of a. Without borders, the column
// is taken to reach as far as its farthest line.
func wrapped(a, b cellLine) bool {
	// Another line of the column shows b's first unit would have fitted
	// at the end of a: as far right, or, for lines centred in the column
	// (a leader's cell), as wide. A name that just fits beside another
	// (孙雅琴 in a column four characters wide) is the author's break.
	if a.reached > 0 && a.right+b.first <= a.reached+0.5 {
		return false
	}
	centred := math.Abs((a.left+a.right)/2-(b.left+b.right)/2) < 0.25*a.size
	if centred && a.widest > 0 && a.right-a.left+b.first <= a.widest+0.5 {
		return false
	}
	if a.guessed {
		return a.right+b.first > a.avail+0.3*a.size
	}
	return a.right+b.first > a.avail-0.3*a.size
}

func (r *prow) cell(c int) string {
	var parts []string
	lines := r.cells[c]
	var b strings.Builder
	for i, cl := range lines {
		if i > 0 && !wrapped(lines[i-1], cl) {
			b.WriteString(joinWrapped(parts))
			b.WriteByte('\n')
			parts = nil
		}
		parts = append(parts, cl.text)
	}
	b.WriteString(joinWrapped(parts))
	return strings.TrimSpace(b.String())
}

func (r *prow) empty(c int) bool { return len(r.cells[c]) == 0 }

func (r *prow) texts() []string {
	cells := make([]string, len(r.cells))
	for c := range cells {
		cells[c] = r.cell(c)
	}
	return cells
}

// Kinsoku: characters that cannot begin a line pull the one before them
// onto it; characters that cannot end one go with the one after.
const (
	noLineStart = "、，。；：？！）》」』】〉”’%‰,.;:?!)]…·"
	noLineEnd   = "（《「『【〈“‘([￥$"
)

// firstUnit is the width of what a line could not have broken inside:
// the first character (with the one after it, if it opens), a whole Latin
// word or number, and the closing punctuation that follows.
func firstUnit(gs []glyph) float64 {
	if len(gs) == 0 {
		return 0
	}
	i := 1
	if strings.Contains(noLineEnd, gs[0].s) && len(gs) > 1 {
		i = 2
	}
	isWord := func(s string) bool {
		r, _ := utf8.DecodeRuneInString(s)
		return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	if isWord(gs[0].s) {
		for i < len(gs) && isWord(gs[i].s) && gs[i].x-(gs[i-1].x+gs[i-1].w) < spaceGapEm*gs[i].size {
			i++
		}
	}
	for i < len(gs) && strings.Contains(noLineStart, gs[i].s) {
		i++
	}
	return gs[i-1].x + gs[i-1].w - gs[0].x
}

// rows splits a table's lines into rows and adds them (stage 4).
func (lo *layout) rows(t *ptable) {
	if !slices.ContainsFunc(t.gutters, func(g gutter) bool { return g.ruled }) {
		t.gutters = projectedGutters(t.lines, t.gutters)
	}
	ncol := len(t.gutters) + 1
	// Where each column's text starts and ends on each page, and so where
	// its borders stand and how far its lines can reach.
	type pageCol struct{ page, col int }
	minLeft, maxRight, widest := map[pageCol]float64{}, map[pageCol]float64{}, map[pageCol]float64{}
	top, bottom := map[int]float64{}, map[int]float64{}
	for _, l := range t.lines {
		if _, ok := top[l.page]; !ok {
			top[l.page] = l.y - l.size
		}
		bottom[l.page] = l.y
		start := 0
		for i, g := range l.glyphs {
			k := pageCol{l.page, t.column(g.x + g.w/2)}
			if v, ok := minLeft[k]; !ok || g.x < v {
				minLeft[k] = g.x
			}
			maxRight[k] = max(maxRight[k], g.x+g.w)
			// glyphs run left to right, a column at a time
			if i+1 == len(l.glyphs) || t.column(l.glyphs[i+1].x+l.glyphs[i+1].w/2) != k.col {
				widest[k] = max(widest[k], g.x+g.w-l.glyphs[start].x)
				start = i + 1
			}
		}
	}
	type reach struct {
		avail   float64
		guessed bool
	}
	avail := map[pageCol]reach{}
	availOf := func(k pageCol, size float64) reach {
		if v, ok := avail[k]; ok {
			return v
		}
		v := reach{maxRight[k], true}
		left, right := math.Inf(-1), math.Inf(1)
		limit := maxRight[k] + 12*size
		if next, ok := minLeft[pageCol{k.page, k.col + 1}]; ok {
			limit = next
		}
		for _, r := range lo.pages[k.page].rules {
			if math.Abs(r.x0-r.x1) > 0.5 || r.y1 < top[k.page] || r.y0 > bottom[k.page] {
				continue
			}
			if r.x0 <= minLeft[k]+0.1 && r.x0 >= minLeft[k]-3*size {
				left = max(left, r.x0)
			}
			if r.x0 >= maxRight[k]-0.1 && r.x0 <= limit {
				right = min(right, r.x0)
			}
		}
		if !math.IsInf(left, 0) && !math.IsInf(right, 0) {
			v = reach{right - (minLeft[k] - left), false}
		}

		avail[k] = v
		return v
	}
	// Where a column's text may stand: between the gutters beside it, or
	// the borders where they are ruled.
	colX := func(c int) (float64, float64) {
		x0, x1 := math.Inf(-1), math.Inf(1)
		if c > 0 {
			if g := t.gutters[c-1]; g.ruled {
				x0 = g.x
			} else {
				x0 = g.x0
			}
		}
		if c < len(t.gutters) {
			if g := t.gutters[c]; g.ruled {
				x1 = g.x
			} else {
				x1 = g.x1
			}
		}
		return x0, x1
	}
	// Horizontal rules crossing a column between two y positions of a page.
	ruled := func(page, c int, y0, y1 float64) bool {
		x0, x1 := colX(c)
		if math.IsInf(x0, -1) {
			x0 = x1 - 5
		}
		if math.IsInf(x1, 1) {
			x1 = x0 + 5
		}
		mid := (x0 + x1) / 2
		for _, r := range lo.pages[page].rules {
			if math.Abs(r.y0-r.y1) > 0.5 || r.y0 <= y0 || r.y0 >= y1 {
				continue
			}
			if min(r.x0, r.x1) <= mid && max(r.x0, r.x1) >= mid {
				return true
			}
		}
		return false
	}
	hasRules := map[int]bool{}
	for _, l := range t.lines {
		if _, seen := hasRules[l.page]; !seen {
			n := 0
			for _, r := range lo.pages[l.page].rules {
				if math.Abs(r.y0-r.y1) <= 0.5 && r.x1-r.x0 > 0 && r.y0 >= top[l.page]-20 && r.y0 <= bottom[l.page]+20 {
					n++
				}
			}
			hasRules[l.page] = n >= 2
		}
	}
	var rows []*prow
	var prev *pline
	for _, l := range t.lines {
		cur := &prow{page: l.page, first: l, last: l, cells: make([][]cellLine, ncol)}
		byCol := make([][]glyph, ncol)
		for _, g := range l.glyphs {
			c := t.column(g.x + g.w/2)
			byCol[c] = append(byCol[c], g)
		}
		for c, gs := range byCol {
			if len(gs) > 0 {
				last := gs[len(gs)-1]
				k := pageCol{l.page, c}
				reach := availOf(k, l.size)
				cur.cells[c] = append(cur.cells[c], cellLine{
					text: glyphText(gs), left: gs[0].x, right: last.x + last.w, first: firstUnit(gs),
					avail: reach.avail, guessed: reach.guessed, size: l.size,
					reached: maxRight[k], widest: widest[k],
				})
			}
		}
		newRow := prev == nil
		if !newRow {
			if hasRules[l.page] {
				newRow = l.page != prev.page || ruled(l.page, 0, prev.mid(), l.mid())
			} else {
				newRow = !cur.empty(0)
			}
		}
		if !newRow {
			r := rows[len(rows)-1]
			for c := range r.cells {
				r.cells[c] = append(r.cells[c], cur.cells[c]...)
			}
			r.last = l
		} else {
			rows = append(rows, cur)
		}
		prev = l
	}
	// The header repeated on a new page goes; then a row's part at the top
	// of a new page with nothing in the first column is the rest of the row
	// above it.
	header := rows[0].texts()
	rows = slices.DeleteFunc(rows, func(r *prow) bool { return r != rows[0] && slices.Equal(r.texts(), header) })
	for i := 1; i < len(rows); i++ {
		r, above := rows[i], rows[i-1]
		if r.page != above.page && r.empty(0) && hasRules[r.page] {
			for c := range above.cells {
				above.cells[c] = append(above.cells[c], r.cells[c]...)
			}
			above.last = r.last
			rows = slices.Delete(rows, i, i+1)
			i--
		}
	}
	// A merged cell: rules part these rows, but none crosses this column
	// between them. Its lines, wherever in the span they stand (at its top,
	// in its middle, some on each row), are one cell, given to every row it
	// spans. The first column parts the rows and is never merged.
	spans := func(i, c int) bool {
		above, r := rows[i-1], rows[i]
		// (a page drawing that many rules is a pattern, and each row and
		// column would look at all of them)
		if !hasRules[r.page] || len(lo.pages[r.page].rules) > 4*maxColumnRules {
			return false
		}
		if above.last.page == r.page {
			return !ruled(r.page, c, above.last.mid(), r.first.mid())
		}
		return !ruled(above.last.page, c, above.last.y, lo.pages[above.last.page].height)
	}
	for c := 1; c < ncol; c++ {
		for i := 0; i < len(rows); {
			j := i + 1
			for j < len(rows) && spans(j, c) {
				j++
			}
			var lines []cellLine
			for _, r := range rows[i:j] {
				lines = append(lines, r.cells[c]...)
			}
			for _, r := range rows[i:j] {
				r.cells[c] = lines
			}
			i = j
		}
	}
	for _, r := range rows {
		lo.add(Block{Cells: r.texts(), Table: t.num})
	}
}

// cjkRadicals maps the CJK Radicals Supplement's simplified forms to the
// ideographs they stand for. Chromium (Skia) writes a ToUnicode map that
// gives a glyph the first code point the font maps to it, and the Noto CJK
// fonts map radicals and ideographs to shared glyphs, so 人民 comes out as
// ⼈⺠. The Kangxi radicals and compatibility ideographs fold by NFKC.
var cjkRadicals = map[rune]rune{
	0x2E86: '冂', 0x2E87: '几', 0x2E8A: '卜', 0x2E8C: '小', 0x2E8D: '小', 0x2E8E: '兀', 0x2E90: '尢',
	0x2E92: '巳', 0x2E93: '幺', 0x2E94: '彑', 0x2E95: '彐', 0x2E96: '忄', 0x2E97: '心', 0x2E98: '扌',
	0x2E99: '攵', 0x2E9B: '旡', 0x2E9D: '月', 0x2E9E: '歺', 0x2E9F: '母', 0x2EA0: '民', 0x2EA1: '氵',
	0x2EA2: '氺', 0x2EA3: '灬', 0x2EA4: '爫', 0x2EA5: '爫', 0x2EA6: '丬', 0x2EA7: '牛', 0x2EA8: '犭',
	0x2EA9: '王', 0x2EAA: '疋', 0x2EAB: '目', 0x2EAC: '示', 0x2EAD: '礻', 0x2EAE: '竹', 0x2EAF: '糸',
	0x2EB0: '纟', 0x2EB1: '罒', 0x2EB2: '罒', 0x2EB6: '羊', 0x2EB7: '羊', 0x2EB9: '耂', 0x2EBA: '肀',
	0x2EBB: '聿', 0x2EBC: '月', 0x2EBD: '臼', 0x2EBE: '艹', 0x2EBF: '艹', 0x2EC0: '艹', 0x2EC1: '虎',
	0x2EC2: '衤', 0x2EC3: '覀', 0x2EC4: '西', 0x2EC5: '见', 0x2EC6: '角', 0x2EC8: '讠', 0x2EC9: '贝',
	0x2ECB: '车', 0x2ECC: '辶', 0x2ECD: '辶', 0x2ECE: '辶', 0x2ECF: '阝', 0x2ED0: '钅', 0x2ED1: '長',
	0x2ED2: '镸', 0x2ED3: '长', 0x2ED4: '门', 0x2ED6: '阝', 0x2ED7: '雨', 0x2ED8: '青', 0x2ED9: '韦',
	0x2EDA: '页', 0x2EDB: '风', 0x2EDC: '飞', 0x2EDD: '食', 0x2EDF: '飠', 0x2EE0: '饣', 0x2EE2: '马',
	0x2EE3: '骨', 0x2EE4: '鬼', 0x2EE5: '鱼', 0x2EE6: '鸟', 0x2EE7: '卤', 0x2EE8: '麦', 0x2EE9: '黄',
	0x2EEA: '黾', 0x2EEB: '斉', 0x2EEC: '齐', 0x2EED: '歯', 0x2EEE: '齿', 0x2EEF: '竜', 0x2EF0: '龙',
	0x2EF1: '龜', 0x2EF2: '亀', 0x2EF3: '龟', 0x2E85: '亻', 0x2E89: '刂',
	// Not a radical: Noto CJK SC draws 户 and 戶 with one glyph, and Skia
	// names it by the lower code point. Printing all 6,763 GB2312
	// characters from Chromium and reading them back showed this and the
	// radicals as the only changes.
	0x6236: '户',
}

// foldRadicals replaces radicals and compatibility ideographs that stand
// for ideographs; other text (full-width punctuation included) is kept.
func foldRadicals(s string) string {
	if !strings.ContainsFunc(s, isRadical) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case cjkRadicals[r] != 0:
			b.WriteRune(cjkRadicals[r])
		case isRadical(r):
			for _, f := range norm.NFKC.String(string(r)) {
				if cjkRadicals[f] != 0 {
					f = cjkRadicals[f]
				}
				b.WriteRune(f)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isRadical(r rune) bool {
	return r == 0x6236 || (r >= 0x2E80 && r <= 0x2FDF) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}
