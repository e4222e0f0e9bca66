package source

// Ruled columns: where a PDF or OFD page draws a table's borders, the
// vertical rules say where its columns part even when the text leaves no
// gap there (positioned.go, stage 3).

import (
	"cmp"
	"math"
	"slices"
)

const (
	// ruleSlack: a glyph may reach this far over a border without
	// crossing it.
	ruleSlack = 1.5
	// borderEm: vertical rules closer than this many font sizes are one
	// border: stroked by both its cells, or each cell's own where cells
	// stand apart (border-collapse: separate, a web page's plain
	// <table border="1">). No column is that narrow.
	borderEm = 0.5
)

// border is one or more vertical rules standing together, from x0 to x1.
type border struct{ x0, x1 float64 }

// borders groups rules into borders, left to right.
func borders(rules []rule, size float64) []border {
	xs := make([]float64, 0, len(rules))
	for _, r := range rules {
		xs = append(xs, r.x0)
	}
	slices.Sort(xs)
	var out []border
	for _, x := range xs {
		if n := len(out); n > 0 && x-out[n-1].x1 < borderEm*size {
			out[n-1].x1 = x
			continue
		}
		out = append(out, border{x, x})
	}
	return out
}

// innerRules are the vertical rules drawn across line l, when there are at
// least three (a table's two outer borders and one inside).
// Only a page with at most maxColumnRules vertical rules is read so: a line
// that opens a table looks at each of them.
func (lo *layout) innerRules(l *pline) []rule {
	vs := lo.verticalOf(l.page)
	var across []rule
	top := l.y - 0.7*l.size
	for _, r := range vs {
		if min(r.y0, r.y1) <= top && max(r.y0, r.y1) >= l.y && l.sees(r.x0) {
			across = append(across, r)
		}
	}
	if l.region != 0 {
		// a card's frame around its table: the table's borders are the
		// columns, the frame's sides no column's
		var in []rule
		for _, r := range across {
			if r.x0 > l.clip.x0+boxTouch && r.x0 < l.clip.x1-boxTouch {
				in = append(in, r)
			}
		}
		if len(borders(in, l.size)) >= 3 {
			across = in
		}
	}
	if len(across) < 3 {
		return nil
	}
	return across
}

// verticalOf is a page's vertical rules (verticalRules), found once.
func (lo *layout) verticalOf(page int) []rule {
	if lo.vertical == nil {
		lo.vertical = map[int][]rule{}
	}
	return verticalRules(lo.vertical, lo.pages, page)
}

// crosses reports whether a glyph of line l crosses the border of ruled
// gutter g. The line's glyphs run left to right without overlapping, so
// only the last one starting left of the border can.
func crosses(g gutter, l *pline) bool {
	i, _ := slices.BinarySearchFunc(l.glyphs, g.b0-ruleSlack, func(gl glyph, x float64) int { return cmp.Compare(gl.x, x) })
	return i > 0 && l.glyphs[i-1].x+l.glyphs[i-1].w > g.b1+ruleSlack
}

// passing are the vertical rules that run down past a line: their x,
// sorted, and whether its page draws any. Borders are drawn a cell at a
// time, so one rule may end within the line's height: a rule need only
// pass the middle of its glyphs.
type passing struct {
	drawn bool
	xs    []float64
}

// passingOf is line l's passing rules, found once per line: a table's
// readers ask of each line for each border.
func (lo *layout) passingOf(l *pline) passing {
	if p, ok := lo.passing[l]; ok {
		return p
	}
	if lo.passing == nil {
		lo.passing = map[*pline]passing{}
	}
	vs := lo.verticalOf(l.page)
	p := passing{drawn: len(vs) > 0}
	mid := l.mid()
	for _, r := range vs {
		if min(r.y0, r.y1) <= mid+0.5 && max(r.y0, r.y1) >= mid-0.5 && l.sees(r.x0) {
			p.xs = append(p.xs, r.x0)
		}
	}
	slices.Sort(p.xs)
	lo.passing[l] = p
	return p
}

// passes reports whether one of the rules stands between x0 and x1.
func (p passing) passes(x0, x1 float64) bool {
	i, _ := slices.BinarySearch(p.xs, x0-ruleSlack)
	return i < len(p.xs) && p.xs[i] <= x1+ruleSlack
}

// openRule reports whether a table's inner border g (a ruled gutter)
// leaves line l's cells apart, or l is in a cell spanning the columns on
// both sides (a section row 一、… across the table): the border stops at
// it. The border leaves the cells apart when one of its rules runs down
// past the line (or the page draws none) and no glyph crosses it; a cell
// spans it when no rule of it runs past the line while the table's outer
// borders do.
func (t *ptable) openRule(g gutter, l *pline, p passing) bool {
	if !p.drawn || p.passes(g.b0, g.b1) {
		return !crosses(g, l)
	}
	return t.boxes(p)
}

// boxes reports whether the table's outer borders both run down past a
// line.
func (t *ptable) boxes(p passing) bool {
	return t.outer != nil && p.passes(t.outer[0].x0, t.outer[0].x1) && p.passes(t.outer[1].x0, t.outer[1].x1)
}

// spanGroups tells, for a line of a table drawn with borders, which
// columns a cell of it spans: where a ruled gutter's border does not run
// past the line, the columns on both sides are one cell. first[c] is the
// first column of c's cell; nil when every cell is one column.
func (t *ptable) spanGroups(p passing) []int {
	if !p.drawn || t.outer == nil {
		return nil
	}
	var first []int
	for i, g := range t.gutters {
		if !g.ruled || p.passes(g.b0, g.b1) {
			continue
		}
		if first == nil {
			first = make([]int, len(t.gutters)+1)
			for c := range first {
				first[c] = c
			}
		}
		first[i+1] = first[i] // 0-1 and 1-2 joined: 2's cell starts at 0
	}
	return first
}

// sameRow reports whether line t, just above line l on its page, stands in
// the same bordered row as l: a vertical rule runs down both (or, where no
// inner borders are drawn, its cell's top rule stands just above t), and no
// horizontal rule parts them where t's text stands.
func (lo *layout) sameRow(rules []rule, t, l *pline) bool {
	if t.page != l.page || len(lo.pages[l.page].rules) > 4*maxColumnRules {
		return false
	}
	top := t.y - 0.7*t.size
	if len(rules) > 0 {
		if !slices.ContainsFunc(rules, func(r rule) bool { return min(r.y0, r.y1) <= top && max(r.y0, r.y1) >= l.y }) {
			return false
		}
	} else if !slices.ContainsFunc(lo.pages[l.page].rules, func(r rule) bool {
		return math.Abs(r.y0-r.y1) <= 0.5 && r.y0 <= top && r.y0 >= t.y-2*t.size && min(r.x0, r.x1) < t.right && max(r.x0, r.x1) > t.left
	}) {
		return false
	}
	for _, r := range lo.pages[l.page].rules {
		if math.Abs(r.y0-r.y1) <= 0.5 && r.y0 > t.y && r.y0 < l.y-0.7*l.size && min(r.x0, r.x1) < t.right && max(r.x0, r.x1) > t.left {
			return false
		}
	}
	return true
}

// sameBand reports whether line t, above line l on its page, stands in a
// header row of l's bordered table joined to l's row by a cell spanning
// both (序号 centred over two rows beside 责任主体 over its sub-columns):
// a vertical rule runs down both, and every horizontal rule between them
// across the table stops short of one of its outer borders (the bottom of
// a group cell, never a rule across the whole table, as under a title row
// inside the borders).
func (lo *layout) sameBand(rules []rule, t, l *pline) bool {
	bs := borders(rules, l.size)
	if t.page != l.page || len(bs) < 3 || len(lo.pages[l.page].rules) > 4*maxColumnRules {
		return false
	}
	top := t.y - 0.7*t.size
	if !slices.ContainsFunc(rules, func(r rule) bool { return min(r.y0, r.y1) <= top && max(r.y0, r.y1) >= l.y }) {
		return false
	}
	left, right := bs[0].x1+boxTouch, bs[len(bs)-1].x0-boxTouch
	partial := false
	for _, r := range lo.pages[l.page].rules {
		if math.Abs(r.y0-r.y1) > 0.5 || r.y0 <= t.y || r.y0 >= l.y-0.7*l.size || max(r.x0, r.x1) < left || min(r.x0, r.x1) > right {
			continue
		}
		if min(r.x0, r.x1) <= left && max(r.x0, r.x1) >= right {
			return false
		}
		partial = true
	}
	return partial
}

// ruledGutters adds to the gutters of the line that opens a table the
// columns its inner vertical rules draw where the line leaves no gap: a
// narrow column whose header cell wraps onto the line below. The gutter
// is the free space around the border on that line, up to the borders
// beside it. A gutter that holds one inner border is that border (ruled).
func ruledGutters(gutters []gutter, l *pline, rules []rule) []gutter {
	bs := borders(rules, l.size)
	if len(bs) < 3 {
		return gutters
	}
	// the first and the last are the table's outer borders
	inner := bs[1 : len(bs)-1]
	gutters = splitRuledGaps(gutters, inner)
	holds := func(g gutter, b border) bool { return b.x1 >= g.x0-1 && b.x0 <= g.x1+1 }
	for i, b := range inner {
		if slices.ContainsFunc(gutters, func(g gutter) bool { return holds(g, b) }) {
			continue
		}
		// (within the borders beside it, which are not its own: two
		// columns empty on the line side by side are two gutters)
		g := gutter{x0: bs[i].x1 + ruleSlack, x1: bs[i+2].x0 - ruleSlack}
		inside := false
		for _, gl := range l.glyphs {
			switch {
			case gl.x+gl.w <= b.x0:
				g.x0 = max(g.x0, gl.x+gl.w)
			case gl.x >= b.x1:
				g.x1 = min(g.x1, gl.x)
			default:
				inside = true
			}
		}
		if !inside {
			gutters = append(gutters, g)
		}
	}
	slices.SortFunc(gutters, func(a, b gutter) int { return cmp.Compare(a.x0, b.x0) })
	for i, g := range gutters {
		var in []border
		for _, b := range inner {
			if holds(g, b) {
				in = append(in, b)
			}
		}
		if len(in) == 1 {
			b := in[0]
			gutters[i].ruled, gutters[i].x, gutters[i].b0, gutters[i].b1 = true, (b.x0+b.x1)/2, b.x0, b.x1
		}
	}
	return gutters
}

// splitRuledGaps splits a gap of the opening line that holds two or more
// inner borders: the columns between them (narrow ones whose header
// letters stack one per line, 牵/头/领/导) have no text on that line, so the
// gap is as many gutters as borders, each the free space around its
// border.
func splitRuledGaps(gutters []gutter, inner []border) []gutter {
	var out []gutter
	for _, g := range gutters {
		var in []border
		for _, b := range inner {
			if b.x1 >= g.x0-1 && b.x0 <= g.x1+1 {
				in = append(in, b)
			}
		}
		if len(in) < 2 {
			out = append(out, g)
			continue
		}
		for _, b := range in {
			out = append(out, gutter{x0: max(g.x0, b.x0-ruleSlack), x1: min(g.x1, b.x1+ruleSlack)})
		}
	}
	return out
}

// apartFrom reports whether line l stands in a table of its own below the
// table t ends with (prev its last line, on the same page): t's left border
// is drawn, yet no rule of it runs down somewhere between the two lines (a
// gap between two bordered tables, as task cards printed one under the
// other leave; each card's columns are its own).
func (lo *layout) apartFrom(t *ptable, prev, l *pline) bool {
	if t.outer == nil || prev.page != l.page {
		return false
	}
	x0, x1 := t.outer[0].x0-ruleSlack, t.outer[0].x1+ruleSlack
	var spans [][2]float64
	for _, r := range lo.verticalOf(l.page) {
		if r.x0 >= x0 && r.x0 <= x1 {
			spans = append(spans, [2]float64{min(r.y0, r.y1), max(r.y0, r.y1)})
		}
	}
	slices.SortFunc(spans, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	// the border must run unbroken from prev's glyphs to l's
	from, to := prev.mid(), l.mid()
	reach := from
	for _, s := range spans {
		if s[1] < reach {
			continue
		}
		if s[0] > reach+ruleSlack {
			break
		}
		reach = s[1]
		if reach >= to {
			return false
		}
	}
	return reach < to
}

// subHeaderLines: the rules that part the columns under a header's
// spanning cell start within this many font sizes below the line that
// opens the table (the cell's own lines, its bottom border).
const subHeaderLines = 4.0

// subColumns adds the columns a spanning header cell parts below it (分工
// over 牵头领导 | 牵头单位 | 协同单位): their inner vertical rules start at
// the cell's bottom border, below the line that opens the table, so they
// do not cross it and ruledGutters does not see them. A vertical rule is
// such a column's border when it stands inside the table's outer borders,
// under a cell that has text on a line of the table so far (l, or the
// group's name centred above it in the same bordered row), apart from
// every gutter the table
// has; its top lies below the top of l's glyphs (a header cell centred
// over two rows may straddle the group's bottom border) and within
// subHeaderLines font sizes of it, on a horizontal rule that does not run the table's whole width
// (the spanning cell's bottom, where the cells beside it go on down); and
// it runs down at least a line. Each such border is a ruled gutter: the
// opening line, its cell spanning them, gives its text to each column
// (spanGroups), and the lines below are parted by them.
func (lo *layout) subColumns(t *ptable, l *pline) {
	if t.outer == nil || len(lo.pages[l.page].rules) > 4*maxColumnRules {
		return
	}
	left, right := t.outer[0].x1+borderEm*l.size, t.outer[1].x0-borderEm*l.size
	near := func(x float64) bool {
		return slices.ContainsFunc(t.gutters, func(g gutter) bool {
			return g.ruled && x >= g.b0-borderEm*l.size && x <= g.b1+borderEm*l.size
		})
	}
	// a T: the rule's top on a horizontal rule short of the table's width
	partial := func(x, y float64) bool {
		return slices.ContainsFunc(lo.pages[l.page].rules, func(h rule) bool {
			return h.y1-h.y0 <= 0.5 && math.Abs(h.y0-y) <= boxTouch && h.x0 <= x+boxTouch && h.x1 >= x-boxTouch &&
				(h.x0 > t.outer[0].x1+boxTouch || h.x1 < t.outer[1].x0-boxTouch)
		})
	}
	// under a cell of l that has text: a glyph of l between the borders
	// across l on either side of x
	underText := func(x float64) bool {
		x0, x1 := t.outer[0].x1, t.outer[1].x0
		for _, g := range t.gutters {
			if g.ruled && g.x < x {
				x0 = max(x0, g.x)
			}
			if g.ruled && g.x > x {
				x1 = min(x1, g.x)
			}
		}
		return slices.ContainsFunc(t.lines, func(l *pline) bool {
			return slices.ContainsFunc(l.glyphs, func(g glyph) bool { return g.x >= x0 && g.x+g.w <= x1 })
		})
	}
	var found []rule
	for _, r := range lo.verticalOf(l.page) {
		if !l.sees(r.x0) || r.x0 <= left || r.x0 >= right || near(r.x0) {
			continue
		}
		if r.y0 <= l.y-0.7*l.size || r.y0 > l.y+subHeaderLines*l.size || r.y1-r.y0 < l.size {
			continue
		}
		if partial(r.x0, r.y0) && underText(r.x0) {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return
	}
	for _, b := range borders(found, l.size) {
		t.gutters = append(t.gutters, gutter{x0: b.x0 - ruleSlack, x1: b.x1 + ruleSlack, ruled: true, x: (b.x0 + b.x1) / 2, b0: b.x0, b1: b.x1})
	}
	slices.SortFunc(t.gutters, func(a, b gutter) int { return cmp.Compare(a.mid(), b.mid()) })
}
