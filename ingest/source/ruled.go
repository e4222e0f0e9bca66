package source

// Ruled columns: where a PDF or OFD page draws a table's borders, the
// vertical rules say where its columns part even when the text leaves no
// gap there (positioned.go, stage 3).

import (
	"cmp"
	"math"
	"slices"
)

// ruleSlack: rules this close are one border (stroked by both its cells),
// and a glyph may reach this far over a border without crossing it.
const ruleSlack = 1.5

// innerRules are the vertical rules drawn across line l, when there are at
// least three (a table's two outer borders and one inside).
// Only a page with at most maxColumnRules vertical rules is read so: a line
// that opens a table looks at each of them.
func (lo *layout) innerRules(l *pline) []rule {
	vs := lo.verticalOf(l.page)
	var across []rule
	top := l.y - 0.7*l.size
	for _, r := range vs {
		if min(r.y0, r.y1) <= top && max(r.y0, r.y1) >= l.y {
			across = append(across, r)
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

// openRule reports whether a table's inner border at x leaves line l's
// cells apart: a vertical rule within ruleSlack of x runs down past the
// line (when the page draws any), and no glyph crosses x.
func openRule(x float64, l *pline, vertical []rule) bool {
	for _, gl := range l.glyphs {
		if gl.x < x-ruleSlack && gl.x+gl.w > x+ruleSlack {
			return false
		}
	}
	if len(vertical) == 0 {
		return true
	}
	// Borders are drawn a cell at a time, so one rule may end within the
	// line's height: the rule need only pass the middle of its glyphs.
	mid := l.mid()
	return slices.ContainsFunc(vertical, func(r rule) bool {
		return math.Abs(r.x0-x) <= ruleSlack && min(r.y0, r.y1) <= mid+0.5 && max(r.y0, r.y1) >= mid-0.5
	})
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
// is the free space around the rule on that line, up to the rules beside
// it.
func ruledGutters(gutters []gutter, l *pline, rules []rule) []gutter {
	left, right := math.Inf(1), math.Inf(-1)
	for _, r := range rules {
		left, right = min(left, r.x0), max(right, r.x0)
	}
	gutters = splitRuledGaps(gutters, rules, left, right)
	for _, r := range rules {
		x := r.x0
		if x-left < 1 || right-x < 1 {
			// the table's outer border
			continue
		}
		if slices.ContainsFunc(gutters, func(g gutter) bool { return x >= g.x0-1 && x <= g.x1+1 }) {
			continue
		}
		g := gutter{x0: math.Inf(-1), x1: math.Inf(1)}
		inside := false
		for _, gl := range l.glyphs {
			switch {
			case gl.x+gl.w <= x:
				g.x0 = max(g.x0, gl.x+gl.w)
			case gl.x >= x:
				g.x1 = min(g.x1, gl.x)
			default:
				inside = true
			}
		}
		for _, o := range rules {
			if o.x0 < x {
				g.x0 = max(g.x0, min(o.x0, x))
			} else if o.x0 > x {
				g.x1 = min(g.x1, o.x0)
			}
		}
		if inside || math.IsInf(g.x0, 0) || math.IsInf(g.x1, 0) {
			continue
		}
		gutters = append(gutters, g)
	}
	slices.SortFunc(gutters, func(a, b gutter) int { return cmp.Compare(a.x0, b.x0) })
	// a gutter holding one inner rule is that rule
	for i, g := range gutters {
		var in []float64
		for _, r := range rules {
			if r.x0-left >= 1 && right-r.x0 >= 1 && r.x0 >= g.x0-1 && r.x0 <= g.x1+1 &&
				!slices.ContainsFunc(in, func(x float64) bool { return math.Abs(x-r.x0) < ruleSlack }) {
				in = append(in, r.x0)
			}
		}
		if len(in) == 1 {
			gutters[i].ruled, gutters[i].x = true, in[0]
		}
	}
	return gutters
}

// splitRuledGaps splits a gap of the opening line that holds two or more
// inner rules: the columns between them (narrow ones whose header letters
// stack one per line, 牵/头/领/导) have no text on that line, so the gap is
// as many gutters as rules, each the free space around its rule. Rules
// drawn a point apart (one border stroked by both its cells) are one.
func splitRuledGaps(gutters []gutter, rules []rule, left, right float64) []gutter {
	var xs []float64
	for _, r := range rules {
		if r.x0-left < 1 || right-r.x0 < 1 {
			continue
		}
		if !slices.ContainsFunc(xs, func(x float64) bool { return math.Abs(x-r.x0) < 1.5 }) {
			xs = append(xs, r.x0)
		}
	}
	slices.Sort(xs)
	var out []gutter
	for _, g := range gutters {
		var in []float64
		for _, x := range xs {
			if x >= g.x0-1 && x <= g.x1+1 {
				in = append(in, x)
			}
		}
		if len(in) < 2 {
			out = append(out, g)
			continue
		}
		for _, x := range in {
			out = append(out, gutter{x0: max(g.x0, x-ruleSlack), x1: min(g.x1, x+ruleSlack)})
		}
	}
	return out
}
