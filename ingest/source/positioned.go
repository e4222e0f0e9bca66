package source

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Positioned text: PDF and OFD pages are glyphs placed at coordinates, with
// no paragraphs, no rows and no cells. layoutBlocks rebuilds them in stages:
//
//  1. lines: glyphs whose baselines agree are one line, ordered by x; a gap
//     wider than a character splits a line into segments. Where a page
//     draws boxes side by side (task cards two abreast, boxes.go), each
//     box's glyphs are lines of their own, read box by box, and no table or
//     paragraph runs from one box into another;
//  2. running headers and footers: the lines at the top or bottom edge of
//     a page, outside any drawn cell, that read the same at the same height
//     on most pages (digits aside), or that are a page number (`— 3 —`,
//     `第3页`, `3/12`), are dropped (running.go);
//  3. tables: a line of three or more segments opens a table; the gaps
//     between its segments are the gutters between columns, and where the
//     page draws the table's borders, an inner vertical rule across that line
//     in no gap is a gutter too (a narrow column whose header cell wraps:
//     完成时 / 限), its cell's line above joining the table (and the lines
//     of header rows above it joined to its row by a cell spanning both: a
//     group's name over the sub-columns the line names). Every following
//     line that leaves each gutter open (no glyph bridges it) is a line of
//     the table, and narrows the gutters; the first line that bridges one
//     closes the table. A gutter that holds one drawn inner border is that
//     border: it stays open while the border runs down across the line and
//     no glyph crosses it (cells side by side may leave less than a gap),
//     or while the table's outer borders run past a line its inner border
//     stops at (a section row across the table, whose text then fills each
//     column its cell spans). A header cell spanning sub-columns (分工 over
//     牵头领导 | 牵头单位 | 协同单位) has their borders start at its bottom,
//     below the opening line: each such rule is a ruled gutter too
//     (subColumns, ruled.go), the group's name given to each sub-column.
//     The table stays open across a page break, so a table that runs over
//     pages is one table; a row that repeats the table's header on a new
//     page is dropped (both rows of a two-row header). Without inner borders, the columns are at last the
//     gaps no line of the table puts text in (the opening line of a header
//     whose letters stack shows only some columns);
//  4. rows (rows.go): where the page draws horizontal rules, a rule across
//     the first column, across the number column (序号, when a merged
//     考核项目 stands left of it) or across most columns parts the rows;
//     elsewhere a row begins at a line with text in the number column (the
//     first column when there is none). A row's part at the top of a new
//     page with that column empty is the rest of the row broken by the
//     page, and is joined to it. Two lines one of which stands in a cell
//     spanning columns the other's cells part (a header's two rows) are
//     rows apart where a rule stands between them. Where rules part the
//     rows but none crosses a column between two rows, that column's cell
//     spans both rows (a merged cell): its lines, on whichever rows of the
//     span they stand, are one cell, given to each row; a merged cell goes
//     on over a page break into the rows that leave it empty there, or
//     whose first line goes on with its text cut by the page;
//  5. cells and paragraphs: a cell's lines are joined without a separator
//     where the line ran to the column's right edge (the text wrapped), with
//     a line break where it ended short (a break the author made, as between
//     two leaders' names; short: the next line's first character would have
//     fitted, as far as another line of the column reached). Text lines outside tables are joined the same way
//     into paragraphs: a line that runs to the right margin continues on the
//     next line when that one is not indented (a line of keys apart by wide
//     spaces too: 责任领导：X　　责任单位：A、B…). A line of two segments with
//     three borders drawn across it (a task card's 责任领导 | X) is a row of
//     a two-column table.

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
	// region is the box of boxes side by side the line stands in (0:
	// none), on its page (boxes.go), and clip that box: the rules the line
	// is read with are the box's.
	region int
	clip   box
}

// sees reports whether a vertical rule at x belongs to the line's box
// (every rule does when it stands in none).
func (l *pline) sees(x float64) bool {
	return l.region == 0 || x >= l.clip.x0-boxTouch && x <= l.clip.x1+boxTouch
}

// sameRegion reports whether two lines stand in the same box of boxes side
// by side, or both in none.
func sameRegion(a, b *pline) bool {
	return a.region == b.region && (a.region == 0 || a.page == b.page)
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

// pageLines groups a page's glyphs into lines (stage 1). Where the page
// sets boxes side by side (boxes.go), each box's glyphs make lines of
// their own, read box by box.
func pageLines(page int, p layoutPage) []*pline {
	gs := slices.DeleteFunc(slices.Clone(p.glyphs), func(g glyph) bool {
		return strings.TrimSpace(g.s) == "" || g.size <= 0 || math.IsNaN(g.x+g.y+g.w+g.size) || math.IsInf(g.x+g.y+g.w+g.size, 0)
	})
	boxes, band := sideBySide(p.rules)
	if boxes == nil {
		lines := groupLines(page, gs, 0)
		if gutters := textColumns(lines, p.rules); gutters != nil {
			return columnLines(page, lines, gutters, p.rules, 1)
		}
		return lines
	}
	parts := make([][]glyph, len(boxes)+1)
	for _, g := range gs {
		k := boxOf(boxes, g) + 1
		parts[k] = append(parts[k], g)
	}
	parts = titlesAbove(page, boxes, band, parts)
	// reading order: a line outside the boxes by its height; a box's lines
	// at its band's top, after the boxes left of it in the band
	type keyed struct {
		l      *pline
		top, y float64
		box    int
	}
	bandTop := map[int]float64{}
	for i, b := range boxes {
		if t, ok := bandTop[band[i]]; !ok || b.y0 < t {
			bandTop[band[i]] = b.y0
		}
	}
	var ks []keyed
	for k, part := range parts {
		for _, l := range groupLines(page, part, k) {
			if k > 0 {
				l.clip = boxes[k-1]
			}
			if k == 0 {
				ks = append(ks, keyed{l, l.y, l.y, -1})
			} else {
				ks = append(ks, keyed{l, bandTop[band[k-1]], l.y, k})
			}
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.top, b.top), cmp.Compare(a.box, b.box), cmp.Compare(a.y, b.y))
	})
	lines := make([]*pline, len(ks))
	for i, k := range ks {
		lines[i] = k.l
	}
	return lines
}

// titlesAbove gives each box of a band the title standing just above it,
// outside its border (<h4>No.1</h4> over a card's table): a line at most
// two lines above the band's top whose glyphs all stand over the band's
// boxes, parted between them. A heading across the page above the boxes
// is left as it is.
func titlesAbove(page int, boxes []box, band []int, parts [][]glyph) [][]glyph {
	var flow []glyph
	var prev *pline
	for _, l := range groupLines(page, parts[0], 0) {
		if wrapsOver(prev, l, boxes) {
			// the last line of a paragraph across the page above the
			// boxes, not a title of one
			flow = append(flow, l.glyphs...)
			prev = l
			continue
		}
		prev = l
		over := make([]int, len(l.glyphs))
		ok := true
		for gi, g := range l.glyphs {
			over[gi] = -1
			x := g.x + g.w/2
			for i, b := range boxes {
				if x >= b.x0 && x <= b.x1 && b.y0 >= l.y-0.5*l.size && b.y0-l.y <= 2.5*l.size {
					over[gi] = i
					break
				}
			}
			ok = ok && over[gi] >= 0 && band[over[gi]] == band[over[0]]
		}
		if !ok {
			flow = append(flow, l.glyphs...)
			continue
		}
		for gi, g := range l.glyphs {
			parts[over[gi]+1] = append(parts[over[gi]+1], g)
		}
	}
	parts[0] = flow
	return parts
}

// wrapsOver reports whether l goes on from prev, the line just above it,
// that ran to the right edge of the boxes and past the edges of the box
// under l's start: a paragraph's last line, wrapped over the boxes.
func wrapsOver(prev, l *pline, boxes []box) bool {
	if prev == nil || l.y-prev.y > 2*max(l.size, prev.size) {
		return false
	}
	g := l.glyphs[0]
	k, x := -1, g.x+g.w/2
	for i, b := range boxes {
		if x >= b.x0 && x <= b.x1 {
			k = i
			break
		}
	}
	right := math.Inf(-1)
	for _, b := range boxes {
		right = max(right, b.x1)
	}
	if k < 0 || prev.right < right-fullLineEm*prev.size {
		return false // (the line above ended short: a paragraph's end)
	}
	return prev.left < boxes[k].x0-l.size || prev.right > boxes[k].x1+l.size
}

// groupLines groups glyphs into lines; region names the box they stand in
// (0: none).
func groupLines(page int, gs []glyph, region int) []*pline {
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(a.y, b.y) })
	var lines []*pline
	for _, g := range gs {
		var l *pline
		if n := len(lines); n > 0 && math.Abs(lines[n-1].y-g.y) <= 0.35*max(g.size, lines[n-1].size) {
			l = lines[n-1]
		} else {
			l = &pline{page: page, y: g.y, size: g.size, region: region}
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
	// outer are the table's left and right borders, where it draws them.
	outer []border
}

// lastLine is the table's last line, nil for no table.
func (t *ptable) lastLine() *pline {
	if t == nil {
		return nil
	}
	return t.lines[len(t.lines)-1]
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
// (p: the rules that do; where the page draws none this is not asked) and
// no glyph crosses it, or the line is in a cell spanning it (openRule): in
// a bordered table the text of two cells side by side may come closer than
// minGutterEm (a cell that wraps runs to its padding), and a narrow column
// has no text on most lines.
func (t *ptable) admit(l *pline, p passing) bool {
	next := make([]gutter, len(t.gutters))
	for i, g := range t.gutters {
		if g.ruled {
			if !t.openRule(g, l, p) {
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
	// vertical holds each page's vertical rules, found once (innerRules);
	// passing each table line's rules that run past it (passingOf).
	vertical map[int][]rule
	passing  map[*pline]passing
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
		// nothing runs from one box of boxes side by side into another
		if last := tbl.lastLine(); tbl != nil && sameRegion(last, l) && !lo.apartFrom(tbl, last, l) && !resized(last, l) && tbl.admit(l, lo.passingOf(l)) {
			tbl.lines = append(tbl.lines, l)
			continue
		}
		closeTable()
		if len(text) > 0 && !sameRegion(text[len(text)-1], l) {
			flushText()
		}
		if len(l.segs) >= 3 && !lo.keyLine(l) || len(l.segs) <= 2 && lo.keyValueRow(l) {
			inner := lo.innerRules(l)
			// a header cell drawn over two lines (完成时 / 限) starts above
			// the line that opens the table, inside the same bordered row
			var above []*pline
			// (or in a header row joined to it by a cell spanning both:
			// a group's name above its sub-columns, sameBand)
			for len(text) > 0 && (lo.sameRow(inner, text[len(text)-1], l) || lo.sameBand(inner, text[len(text)-1], l)) {
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
			if bs := borders(inner, l.size); len(bs) >= 3 {
				tbl.outer = []border{bs[0], bs[len(bs)-1]}
			}
			if len(l.segs) >= 3 {
				lo.subColumns(tbl, l)
			}
			continue
		}
		text = append(text, l)
	}
	closeTable()
	flushText()
	return lo.out
}

// resized: the first line of the next page, of one part and set in a size
// far from the table's last line's (the body's 三、工作要求 in 14 pt after
// a table in 9 pt), is the body going on, no line of the table's cells. On
// one page a cell's lines may change size (a key line in a smaller type).
func resized(last, l *pline) bool {
	a, b := min(last.size, l.size), max(last.size, l.size)
	return l.page != last.page && len(l.segs) == 1 && a > 0 && b > a*1.3
}

// keyLine reports whether a line drawn in no table is keys apart by wide
// spaces (牵头领导：X　　　牵头单位：A　　　配合单位：B), a line of prose and
// no row of a table.
func (lo *layout) keyLine(l *pline) bool {
	for i, s := range l.segs {
		if i > 0 && s.x0-l.segs[i-1].x1 > maxKeyGapEm*l.size || !keyPart(s.text(), i > 0 && i == len(l.segs)-1) {
			return false
		}
	}
	return lo.innerRules(l) == nil
}

// keyValueRow reports whether a line of two segments is a row of a
// bordered table of two columns (a task card's 责任领导 | 郭振宇): the page
// draws three borders across it, the outer two around it and the inner
// one between its segments. In a box of boxes side by side, a line of one
// segment inside one of the two columns is one too (a value's first line
// above its key, centred in a cell of three lines).
func (lo *layout) keyValueRow(l *pline) bool {
	bs := borders(lo.innerRules(l), l.size)
	if len(bs) != 3 || bs[1].x0-bs[0].x1 < 2*l.size || bs[2].x0-bs[1].x1 < 2*l.size {
		// (two columns each at least two characters wide: a title bar's
		// shading inside a card's frame draws no column)
		return false
	}
	a, b := l.segs[0], l.segs[len(l.segs)-1]
	if bs[0].x1 > a.x0+ruleSlack || bs[2].x0 < b.x1-ruleSlack {
		return false
	}
	if len(l.segs) == 1 {
		return l.region != 0 && (a.x1 <= bs[1].x0+ruleSlack || a.x0 >= bs[1].x1-ruleSlack)
	}
	return bs[1].x0 >= a.x1-ruleSlack && bs[1].x1 <= b.x0+ruleSlack
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
	// hang: a card's line of a key and its value that ran to the card's
	// right edge, whose value may go on under it
	var hang *pline
	flush := func() {
		if t := joinWrapped(para); t != "" {
			lo.add(Block{Text: t})
		}
		para = nil
	}
	for _, l := range lines {
		if len(l.segs) > 1 && !cardKeyLine(l) && spacedProse(l, prev, left[l.page], right) {
			// （牵头单位：A　配合单位：B）: a full-width space in a
			// paragraph's line, not two columns
			l.segs = []segment{joinSegments(l.segs)}
		}
		if len(l.segs) > 1 {
			flush()
			for _, s := range l.segs {
				lo.add(Block{Text: s.text()})
			}
			prev, hang = nil, nil
			if keyValueWraps(l, right[l.page]) {
				hang = l
			}
			continue
		}
		text := l.text()
		if hang != nil && valueGoesOn(hang, l) {
			// a card's value wrapped under itself (包联领导 | X；管 / 委会副主任Y)
			lo.out[len(lo.out)-1].Text = joinWrapped([]string{lo.out[len(lo.out)-1].Text, text})
			if l.right < right[l.page]-fullLineEm*l.size {
				hang = nil
			} else {
				hang = &pline{y: l.y, size: l.size, left: hang.left, segs: []segment{{x0: hang.segs[len(hang.segs)-1].x0, x1: l.right}}}
			}
			continue
		}
		hang = nil
		key := keyLeadRe.MatchString(text)
		reach := fullLineEm
		if pushedDown(text) {
			// 牵 / 头，其余…: the typesetter carried the last character
			// down with the comma no line may open with, so the line
			// before stopped a character short of the edge
			reach += 1.2
		}
		if prev != nil && (!(prev.right >= right[prev.page]-reach*prev.size && l.left <= left[l.page]+0.5*l.size) ||
			key && strings.HasSuffix(prev.text(), "。") || outlineLead(text) && sentenceEnd(prev.text())) {
			// (a line of keys, or a numbered heading or item, after a
			// sentence or its bracket that ended at the margin starts a
			// paragraph of its own)
			flush()
		}
		if prev != nil && len(para) > 0 && keyLeadRe.MatchString(para[0]) && outlineLeadRe.MatchString(text) {
			// an item's number after its neighbour's key line that ran to
			// the (column's) margin starts the next item
			flush()
		}
		if key && len(para) > 0 && !keyStubEnd(para[len(para)-1]) && slices.ContainsFunc(para, keyAnyRe.MatchString) {
			// the next key of keys on a line (on their own or after
			// the item's last sentence), wrapped at the spaces before it
			// (not the rest of a key's name cut by the wrap: 配合 / 单位：)
			text = "\u3000" + text
		}
		para = append(para, text)
		prev = l
	}
	flush()
}

// pushedDown reports whether a line opens with one character and a
// punctuation mark no line may open with (头，其余…): Chinese line breaking
// carries the character down with the mark.
func pushedDown(s string) bool {
	rs := []rune(s)
	return len(rs) > 2 && unicode.Is(unicode.Han, rs[0]) && strings.ContainsRune("，。、；：！？）”』」》", rs[1])
}

// keyValueWraps reports whether a line of a box or text column is a key
// and its value (包联领导 | 党工委委员、管委会副主任罗成；管) whose value ran to
// the column's right edge: the value may wrap onto the next line, under
// itself.
func keyValueWraps(l *pline, right float64) bool {
	return cardKeyLine(l) && l.right >= right-fullLineEm*l.size
}

// cardKeyLine reports whether a line of a box or text column is a bare key
// and its value apart (包抓领导 | 周德胜): never a paragraph's line, though
// it follows one that ran to the edge or runs there itself.
func cardKeyLine(l *pline) bool {
	if l.region == 0 || len(l.segs) != 2 {
		return false
	}
	key := []rune(l.segs[0].text())
	if len(key) < 2 || len(key) > 8 {
		return false
	}
	for _, r := range key {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// valueGoesOn reports whether l, one segment, is the rest of hang's value:
// the next line, standing at the value's left edge, or at the key's (a
// card's key and value written inline, the value wrapping under the key).
func valueGoesOn(hang, l *pline) bool {
	if len(l.segs) != 1 || l.y <= hang.y || l.y-hang.y > 2*max(l.size, hang.size) {
		return false
	}
	return math.Abs(l.left-hang.segs[len(hang.segs)-1].x0) <= 0.5*l.size || math.Abs(l.left-hang.left) <= 0.5*l.size
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

// maxProseGapEm: a gap no wider than this many font sizes (a full-width
// space, with the letter spacing around it) inside a line of a paragraph
// is a space in the text, not a gutter between columns. Before a key
// (责任领导：X　　　责任单位：A、B) the gap may be as wide as maxKeyGapEm:
// keys on one line stand apart by two or three full-width spaces.
const (
	maxProseGapEm = 1.6
	maxKeyGapEm   = 4.5
)

// keyOpenRe: a segment opening with a key's name and its colon
// (责任单位：, 牵头领导:); keyStubRe: a line's last segment that is a key's
// name cut by the wrap (配合 / 单位：…).
var (
	keyOpenRe = regexp.MustCompile(`^\p{Han}{2,8}\s*[:：]`)
	keyAnyRe  = regexp.MustCompile(`\p{Han}{2,8}[:：]`)
	// keyLeadRe: a line opening with a whole key of an assignment (牵头单位：,
	// 责任领导：), not the rest of one cut by the wrap (配 / 合单位：)
	keyLeadRe = regexp.MustCompile(`^(?:牵头|配合|责任|协办|主办|承办|主责|分管|联系|协同|协助|参与|督办|办结|完成|时间|时限|工作|具体|建设|节点|包联|包抓|挂钩)\p{Han}{0,6}\s*[:：]`)
	keyStubRe = regexp.MustCompile(`^\p{Han}{1,7}$`)
	// outlineLeadRe: a line opening with an item's number (四、 （二） 3.)
	outlineLeadRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、])`)
)

// outlineLead: a line opening with an item's or heading's number (四、,
// （二）, 3.), not with a decimal (1.5亿元).
func outlineLead(s string) bool {
	m := outlineLeadRe.FindStringIndex(s)
	if m == nil {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[m[1]:])
	return !unicode.IsDigit(r)
}

// sentenceEnd: a line ends a sentence, the bracket of its assignment, or
// the colon that announces what follows (现将…通知如下：).
func sentenceEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, " \t\u3000"))
	return strings.ContainsRune("。；！？）)】：:", r)
}

// keyStubEnd: a line of keys ending in a key's name cut by the wrap (…　配合).
func keyStubEnd(s string) bool {
	i := strings.LastIndex(s, "\u3000")
	return i >= 0 && keyStubRe.MatchString(s[i+len("\u3000"):])
}

// keyPart: a segment of a line of keys, the last one maybe cut by the
// wrap.
func keyPart(s string, last bool) bool {
	return keyOpenRe.MatchString(s) || last && keyStubRe.MatchString(s)
}

// spacedProse: a line of segments parted only by gaps about a full-width
// space wide, which belongs to a paragraph: it runs to the right margin
// (the paragraph wraps after it), or goes on from a line above that ran
// there without being indented, or its gaps stand inside a bracket.
func spacedProse(l, prev *pline, left float64, right map[int]float64) bool {
	for i := 1; i < len(l.segs); i++ {
		gap := l.segs[i].x0 - l.segs[i-1].x1
		if gap > maxProseGapEm*l.size && (gap > maxKeyGapEm*l.size || !keyPart(l.segs[i].text(), i == len(l.segs)-1)) {
			return false
		}
	}
	runs := func(p *pline) bool { return p.right >= right[p.page]-fullLineEm*p.size }
	return runs(l) || prev != nil && runs(prev) && l.left <= left+0.5*l.size || insideBrackets(l.segs)
}

// insideBrackets: every gap between the segments stands inside a bracket
// opened before it (（牵头单位：A　配合单位：B） on a short line of its own).
func insideBrackets(segs []segment) bool {
	depth := 0
	for i, s := range segs {
		if i > 0 && depth <= 0 {
			return false
		}
		for _, r := range s.text() {
			switch r {
			case '（', '(', '【', '〔', '[':
				depth++
			case '）', ')', '】', '〕', ']':
				depth--
			}
		}
	}
	return true
}

// joinSegments makes one segment of a line's segments, a full-width space
// between them.
func joinSegments(segs []segment) segment {
	out := segment{x0: segs[0].x0, x1: segs[len(segs)-1].x1}
	for i, s := range segs {
		if i > 0 {
			g := s.glyphs[0]
			out.glyphs = append(out.glyphs, glyph{x: segs[i-1].x1, y: g.y, w: s.x0 - segs[i-1].x1, size: g.size, s: "\u3000"})
		}
		out.glyphs = append(out.glyphs, s.glyphs...)
	}
	return out
}
