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
		g := gutter{x0: bs[i].x1, x1: bs[i+2].x0}
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
