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
	"unicode"
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
	// fullWidthShare: a line of one segment this share of the text's width is across
	// it, not counted where the gutters are looked for.
	fullWidthShare = 0.85
)

// span is an interval across the page.
type span struct{ x0, x1 float64 }

// textColumns returns the gutters between a page's text columns, left to
// right, or nil when the page does not stand in columns. lines are the
// page's lines as groupLines builds them (two columns' lines at one height
// are one line of two segments); rules are the page's drawn rules.
func textColumns(lines []*pline, rules []rule) []span {
	// (a row of cards alone on a page is few lines of a segment in each)
	segs := 0
	for _, l := range lines {
		segs += len(l.segs)
	}
	if segs < 2*columnMinLines {
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
	// the gutters are looked for between the first and the last line
	// standing apart in segments (columns side by side are one line of a
	// segment each): a masthead, a title and a lead paragraph above the
	// columns, a signature below them, cross no gutter there
	apart := lines
	if i := slices.IndexFunc(lines, func(l *pline) bool { return len(l.segs) > 1 }); i >= 0 {
		j := len(lines) - 1
		for len(lines[j].segs) < 2 {
			j--
		}
		apart = lines[i : j+1]
	}
	for _, l := range apart {
		if len(l.segs) == 1 && l.right-l.left >= fullWidthShare*width {
			// a line across the whole text crosses every gutter and
			// tells none (a paragraph over the columns)
			continue
		}
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
	find := func(limit int) (gutters, cols []span) {
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
			return nil, nil
		}
		// the columns between the gutters, each wide and as wide as the
		// others
		cols = make([]span, len(gutters)+1)
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
			return nil, nil
		}
		return gutters, cols
	}
	// (on a page of few lines, one line that leaves a card's key apart
	// from its value opens a gap no more lines cover: the gutters are
	// then the gaps no line covers)
	limit := len(apart) / 6
	gutters, cols := find(limit)
	if gutters == nil && limit > 0 {
		gutters, cols = find(0)
	}
	if gutters == nil {
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
	// no table's borders: no rule across a gutter between the columns'
	// lines, no rule down one that rules across the page cross or meet
	// from both sides (a table's inner border; a card's coloured bar or
	// its own right border down its side meets only the card's rules)
	if tableBorders(lines, rules, gutters, cols, em) {
		return nil
	}
	return gutters
}

// tableBorders reports whether the page draws a table's borders over the
// gutters: a vertical rule down a gutter that a horizontal rule crosses
// or that rules from both sides meet at one height (a table's inner
// border), or a horizontal rule across a gutter with column text above
// and below it on both sides (a row's border). A frame around the
// masthead above the columns, its text in one column only, is no table's.
func tableBorders(lines []*pline, rules []rule, gutters, cols []span, em float64) bool {
	long := func(r rule) bool { return r.x1-r.x0 > 2*em }
	// the heights of each column's lines (those in no line across)
	ys := make([][]float64, len(cols))
	for _, l := range lines {
		if crossesAny(l, gutters) {
			continue
		}
		for c, col := range cols {
			for _, s := range l.segs {
				if mid := (s.x0 + s.x1) / 2; mid >= col.x0 && mid <= col.x1 {
					ys[c] = append(ys[c], l.y)
					break
				}
			}
		}
	}
	aboveBelow := func(c int, y float64) bool {
		up, down := false, false
		for _, v := range ys[c] {
			up, down = up || v < y, down || v > y
		}
		return up && down
	}
	for _, r := range rules {
		for gi, g := range gutters {
			vertical := r.x1-r.x0 < r.y1-r.y0
			if vertical && r.x0 >= g.x0-boxTouch && r.x1 <= g.x1+boxTouch && r.y1-r.y0 > 2*em {
				for _, h := range rules {
					if !long(h) || h.y0 < r.y0-boxTouch || h.y0 > r.y1+boxTouch {
						continue
					}
					if h.x0 < r.x0-boxTouch && h.x1 > r.x1+boxTouch {
						return true
					}
					if math.Abs(h.x1-r.x0) <= boxTouch && slices.ContainsFunc(rules, func(o rule) bool {
						return long(o) && math.Abs(o.x0-r.x1) <= boxTouch && math.Abs(o.y0-h.y0) <= boxTouch
					}) {
						return true
					}
				}
			}
			if !vertical && r.x0 < g.x0 && r.x1 > g.x1 && aboveBelow(gi, r.y0) && aboveBelow(gi+1, r.y0) {
				return true
			}
		}
	}
	return false
}

// crossesAny reports whether a line runs into one of the gutters (a
// column's line may reach into it a little, less than half a character:
// the gutter is where few lines stand). Lines stand at their column's left
// edge and end where they wrap, so a column's line may reach further into
// the gutter from the left (a card's line wrapped late: 协同单位 X、Y、县),
// up to the gutter's middle, when it starts left of the gutter.
func crossesAny(l *pline, gutters []span) bool {
	for _, s := range l.segs {
		for _, g := range gutters {
			if min(s.x1, g.x1)-max(s.x0, g.x0) <= 0.5*l.size {
				continue
			}
			if s.x0 < g.x0 && s.x1 < (g.x0+g.x1)/2 {
				continue
			}
			return true
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
func columnLines(page int, lines []*pline, gutters []span, rules []rule, first int) []*pline {
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
		for _, band := range gridBands(page, parts, rules) {
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
// A line under the grid (联系人, in the first column alone) needs a gap
// of only gridTailPitch line pitches above it, below every other
// column's last line; so do the other columns' cards where the first
// column's card starts after a wide gap at the same height (a longer
// card above leaves its neighbours less room).
const (
	gridGapPitch  = 1.8
	gridTailPitch = 1.4
)

// keyOpens reports whether a line opens with a key (牵头单位：, or a bare
// key apart from its value: 包抓领导 | 周德胜).
func keyOpens(l *pline) bool {
	if keyOpenRe.MatchString(l.text()) {
		return true
	}
	if len(l.segs) != 2 {
		return false
	}
	key := []rune(l.segs[0].text())
	return len(key) >= 2 && len(key) <= 8 && !slices.ContainsFunc(key, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
}

// gridBands parts the columns' glyphs into bands of a grid (task cards in
// rows of two): where every column leaves a gap much wider than its line
// pitch at the same height and the columns' next lines start at one
// height (a row of cards), the band above is read before the band below,
// so the cards keep their order 01 02 / 03 04. Text flowing down one
// column into the next (an article in columns) leaves no such gap in
// every column at once and is one band.
func gridBands(page int, parts [][]glyph, rules []rule) [][][]glyph {
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
	// the heights where a column starts a line after a wide gap (gap
	// times its line pitch)
	startsAfter := func(c colLines, gap float64) []float64 {
		var ys []float64
		for i := 1; i < len(c.lines); i++ {
			if c.lines[i].y-c.lines[i-1].y >= gap*c.pitch {
				ys = append(ys, c.lines[i].y)
			}
		}
		return ys
	}
	starts := func(c colLines) []float64 { return startsAfter(c, gridGapPitch) }
	// Where the cards are framed (a rule across a column between two of
	// its lines, as wide as half the column), a row of cards ends at the
	// frames: a gap inside a card (its key lines set apart below its
	// text) is no cut. A card never opens with its key lines.
	framed := func(c colLines, above, below float64) bool {
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, l := range c.lines {
			x0, x1 = min(x0, l.left), max(x1, l.right)
		}
		for _, r := range rules {
			if r.y1-r.y0 < 1 && r.y0 > above && r.y0 < below && r.x1-r.x0 >= 0.5*(x1-x0) && r.x0 < x1 && r.x1 > x0 {
				return true
			}
		}
		return false
	}
	frames := false
	for i := 1; i < len(cols[0].lines); i++ {
		if framed(cols[0], cols[0].lines[i-1].y, cols[0].lines[i].y-cols[0].lines[i].size) {
			frames = true
			break
		}
	}
	var cuts []float64
	for i := 1; i < len(cols[0].lines); i++ {
		l, prev := cols[0].lines[i], cols[0].lines[i-1]
		y := l.y
		if y-prev.y < gridTailPitch*cols[0].pitch {
			continue
		}
		// (every other column ended above y, its last card done: a line
		// under the grid in the first column alone, the notice's 联系人,
		// is read after the last row of cards, not inside its first)
		under := true
		for _, c := range cols[1:] {
			under = under && c.lines[len(c.lines)-1].y+c.pitch <= y
		}
		if !under && (keyOpens(l) || frames && !framed(cols[0], prev.y, y-l.size)) {
			continue
		}
		all := slices.Contains(starts(cols[0]), y)
		for _, c := range cols[1:] {
			tol := 0.3 * c.lines[0].size
			ended := c.lines[len(c.lines)-1].y+c.pitch <= y
			if !ended && !slices.ContainsFunc(startsAfter(c, gridTailPitch), func(v float64) bool { return math.Abs(v-y) <= tol }) {
				all = false
			}
		}
		if all || under {
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
