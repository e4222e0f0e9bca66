package source

// Text columns (positioned.go, stage 1): a page whose text stands in two
// (or more) columns side by side without drawn borders — an article set
// with CSS multi-column, task cards in a grid with no frame — has lines of
// both columns at the same heights. Read in y order they interleave, the
// left column's item joined to the right column's. A page's columns are
// found by a vertical gutter that no line crosses over most of the page's
// height, with text left and right of it; the lines are then given column
// by column (the left column top to bottom, then the right), and a line
// across the gutter (a title over the page, a heading spanning the
// columns) stays in place, parting the columns above it from those below.
//
// A table's cells leave gaps between its columns too. A gutter is a text
// column's only when the columns are alike: each wide (columnMinShare of
// the text's width), about as wide as the others, their lines standing at
// one left edge (a paragraph's first-line indent aside), and the page
// draws no rule down the gutter or across it (a table's borders).

import (
	"math"
	"slices"
)

const (
	// columnBinPt: the width (points) of the strips the page's width is
	// cut into when looking for a gutter.
	columnBinPt = 0.5
	// columnMinLines: each column holds at least this many lines.
	columnMinLines = 4
	// columnMinShare: each column is at least this share of the text's
	// width; columnWidthRatio: the narrowest at least this share of the
	// widest.
	columnMinShare   = 0.25
	columnWidthRatio = 0.75
	// columnMinHeight: the columns stand over at least this share of the
	// height the page's text takes.
	columnMinHeight = 0.4
	// columnAligned: at least this share of a column's lines start at its
	// left edge (within columnIndentEm font sizes: a first-line indent).
	columnAligned  = 0.6
	columnIndentEm = 2.5
)

// span is an interval across the page.
type span struct{ x0, x1 float64 }

// textColumns returns the gutters between a page's text columns, left to
// right, or nil when the page does not stand in columns. lines are the
// page's lines as groupLines builds them (two columns' lines at one height
// are one line of two segments); rules are the page's drawn rules.
func textColumns(lines []*pline, rules []rule) []span {
	if len(lines) < 2*columnMinLines {
		return nil
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	top, bottom := math.Inf(1), math.Inf(-1)
	var sizes []float64
	for _, l := range lines {
		x0, x1 = min(x0, l.left), max(x1, l.right)
		top, bottom = min(top, l.y-l.size), max(bottom, l.y)
		sizes = append(sizes, l.size)
	}
	slices.Sort(sizes)
	em := sizes[len(sizes)/2]
	width := x1 - x0
	if width < 10*em || bottom <= top {
		return nil
	}
	// how many lines cover each strip of the page's width (by differences:
	// each segment counted at its ends, not strip by strip)
	n := min(int(width/columnBinPt)+1, 1<<16)
	bin := width / float64(n-1)
	cover := make([]int, n+1)
	for _, l := range lines {
		for _, s := range l.segs {
			a, b := max(0, int((s.x0-x0)/bin)), min(n-1, int((s.x1-x0)/bin))
			cover[a]++
			cover[b+1]--
		}
	}
	for i := 1; i <= n; i++ {
		cover[i] += cover[i-1]
	}
	cover = cover[:n]
	// a gutter: a run of strips few lines cover (the lines across the
	// columns), as wide as a segment's gap, with text on either side
	limit := len(lines) / 6
	var gutters []span
	for i := 0; i < n; {
		if cover[i] > limit {
			i++
			continue
		}
		j := i
		for j < n && cover[j] <= limit {
			j++
		}
		g := span{x0 + float64(i)*bin, x0 + float64(j)*bin}
		if i > 0 && j < n && g.x1-g.x0 >= segmentGapEm*em {
			gutters = append(gutters, g)
		}
		i = j
	}
	if len(gutters) == 0 {
		return nil
	}
	// the columns between the gutters, each wide and as wide as the others
	cols := make([]span, len(gutters)+1)
	cols[0].x0 = x0
	for i, g := range gutters {
		cols[i].x1, cols[i+1].x0 = g.x0, g.x1
	}
	cols[len(cols)-1].x1 = x1
	lo, hi := math.Inf(1), 0.0
	for _, c := range cols {
		lo, hi = min(lo, c.x1-c.x0), max(hi, c.x1-c.x0)
	}
	if lo < columnMinShare*width || lo < columnWidthRatio*hi {
		return nil
	}
	// each column's lines: enough, most at its left edge, over most of
	// the text's height
	colTop, colBottom := math.Inf(1), math.Inf(-1)
	for _, c := range cols {
		var starts []float64
		for _, l := range lines {
			if crossesAny(l, gutters) {
				continue
			}
			for _, s := range l.segs {
				if mid := (s.x0 + s.x1) / 2; mid >= c.x0 && mid <= c.x1 {
					starts = append(starts, s.x0)
					colTop, colBottom = min(colTop, l.y-l.size), max(colBottom, l.y)
					break
				}
			}
		}
		if len(starts) < columnMinLines {
			return nil
		}
		edge := slices.Min(starts)
		aligned := 0
		for _, s := range starts {
			if s <= edge+columnIndentEm*em {
				aligned++
			}
		}
		if float64(aligned) < columnAligned*float64(len(starts)) {
			return nil
		}
	}
	if colBottom-colTop < columnMinHeight*(bottom-top) {
		return nil
	}
	// no table's borders: no rule across a gutter within the columns, no
	// rule down one that rules across the page meet (a table's inner
	// border; a card's coloured bar down its side meets none)
	long := func(r rule) bool { return r.x1-r.x0 > 2*em }
	for _, r := range rules {
		for _, g := range gutters {
			vertical := r.x1-r.x0 < r.y1-r.y0
			if vertical && r.x0 >= g.x0-boxTouch && r.x1 <= g.x1+boxTouch && r.y1-r.y0 > 2*em {
				for _, h := range rules {
					if long(h) && h.x0 <= r.x1+boxTouch && h.x1 >= r.x0-boxTouch && h.y0 >= r.y0-boxTouch && h.y0 <= r.y1+boxTouch {
						return nil
					}
				}
			}
			if !vertical && r.x0 < g.x0 && r.x1 > g.x1 && r.y0 > colTop && r.y0 < colBottom {
				return nil
			}
		}
	}
	return gutters
}

// crossesAny reports whether a line runs into one of the gutters (a
// column's line may reach into it a little, less than half a character:
// the gutter is where few lines stand).
func crossesAny(l *pline, gutters []span) bool {
	for _, s := range l.segs {
		for _, g := range gutters {
			if min(s.x1, g.x1)-max(s.x0, g.x0) > 0.5*l.size {
				return true
			}
		}
	}
	return false
}

// columnLines rebuilds a page's lines column by column: each run of lines
// between two lines across the gutters (or the page's edges) gives its
// columns' lines in turn, the left column's first, each column a region of
// its own (no paragraph or table runs from one column into another); a
// line across the gutters stays where it stands. regions are numbered
// from first.
func columnLines(page int, lines []*pline, gutters []span, first int) []*pline {
	var out []*pline
	var run []*pline
	region := first
	flush := func() {
		if len(run) == 0 {
			return
		}
		parts := make([][]glyph, len(gutters)+1)
		top, bottom := math.Inf(1), math.Inf(-1)
		for _, l := range run {
			top, bottom = min(top, l.y-l.size), max(bottom, l.y+0.2*l.size)
			for _, g := range l.glyphs {
				c := 0
				for c < len(gutters) && g.x+g.w/2 > (gutters[c].x0+gutters[c].x1)/2 {
					c++
				}
				parts[c] = append(parts[c], g)
			}
		}
		for _, band := range gridBands(page, parts) {
			for c, part := range band {
				if len(part) == 0 {
					continue
				}
				clip := box{x0: math.Inf(-1), y0: top, x1: math.Inf(1), y1: bottom}
				if c > 0 {
					clip.x0 = gutters[c-1].x0
				}
				if c < len(gutters) {
					clip.x1 = gutters[c].x1
				}
				for _, l := range groupLines(page, part, region) {
					l.clip = clip
					out = append(out, l)
				}
				region++
			}
		}
		run = nil
	}
	right := 0.0
	for _, l := range lines {
		right = max(right, l.right)
	}
	var across *pline
	for _, l := range lines {
		if crossesAny(l, gutters) || wrapsAcross(across, l, right) {
			flush()
			out = append(out, l)
			across = l
			continue
		}
		across = nil
		run = append(run, l)
	}
	flush()
	return out
}

// wrapsAcross reports whether l is the last line of a paragraph across the
// columns (over them, before the columns begin): the line above it runs
// across the gutters to the page's right margin, and l follows it at the
// next line's height, not indented from it.
func wrapsAcross(across, l *pline, right float64) bool {
	return across != nil && len(l.segs) == 1 && across.right >= right-fullLineEm*across.size &&
		l.y-across.y <= 2*max(l.size, across.size) && l.left <= across.left+0.5*l.size
}

// gridGapPitch: a gap between two lines of a column at least this many
// times the column's usual line pitch is a gap between cards.
const gridGapPitch = 1.8

// gridBands parts the columns' glyphs into bands of a grid (task cards in
// rows of two): where every column leaves a gap much wider than its line
// pitch at the same height and the columns' next lines start at one
// height (a row of cards), the band above is read before the band below,
// so the cards keep their order 01 02 / 03 04. Text flowing down one
// column into the next (an article in columns) leaves no such gap in
// every column at once and is one band.
func gridBands(page int, parts [][]glyph) [][][]glyph {
	type colLines struct {
		lines []*pline
		pitch float64
	}
	cols := make([]colLines, len(parts))
	for c, part := range parts {
		ls := groupLines(page, slices.Clone(part), 0)
		if len(ls) < 2 {
			return [][][]glyph{parts}
		}
		var pitches []float64
		for i := 1; i < len(ls); i++ {
			pitches = append(pitches, ls[i].y-ls[i-1].y)
		}
		slices.Sort(pitches)
		cols[c] = colLines{ls, pitches[len(pitches)/2]}
	}
	// the heights where a column starts a line after a wide gap
	starts := func(c colLines) []float64 {
		var ys []float64
		for i := 1; i < len(c.lines); i++ {
			if c.lines[i].y-c.lines[i-1].y >= gridGapPitch*c.pitch {
				ys = append(ys, c.lines[i].y)
			}
		}
		return ys
	}
	var cuts []float64
	for _, y := range starts(cols[0]) {
		all := true
		for _, c := range cols[1:] {
			tol := 0.3 * c.lines[0].size
			if !slices.ContainsFunc(starts(c), func(v float64) bool { return math.Abs(v-y) <= tol }) {
				all = false
				break
			}
		}
		if all {
			cuts = append(cuts, y-0.5*cols[0].lines[0].size)
		}
	}
	if len(cuts) == 0 {
		return [][][]glyph{parts}
	}
	bands := make([][][]glyph, len(cuts)+1)
	for i := range bands {
		bands[i] = make([][]glyph, len(parts))
	}
	for c, part := range parts {
		for _, g := range part {
			k := 0
			for k < len(cuts) && g.y > cuts[k] {
				k++
			}
			bands[k][c] = append(bands[k][c], g)
		}
	}
	return bands
}
