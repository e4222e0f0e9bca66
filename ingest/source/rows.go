package source

// Table rows and cells (positioned.go, stages 4 and 5): a table's lines
// parted into rows by the drawn rules or the first column, and each cell's
// lines joined where the text wrapped.

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// prow is a table row being rebuilt: its lines and, per column, the
// lines of its cell.
type prow struct {
	page  int
	first *pline
	last  *pline
	// carried are the columns whose merged cell the row was taken to go
	// on from the page before by a guess (Block.Carried)
	carried []int
	cells   [][]cellLine
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
	if namesApart(a.text, b.text) {
		return false
	}
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

// cutByPage reports whether a merged cell's text, cut by the page, goes
// on from line a, the last above the break, to line b, the first below it:
// b's first unit would not have fitted at the end of a within the
// column's drawn borders (stricter than wrapped: a name that ends a
// character short of the edge ends its cell).
func cutByPage(a, b cellLine) bool {
	return !a.guessed && !namesApart(a.text, b.text) && a.right+b.first > a.avail+0.1*a.size
}

// namesApart reports whether two lines of a cell are two names one a line,
// though the first came within a character of the column's edge: it is a
// body's whole name (no punctuation, ending as bodies' names end: 局, 委,
// 办, 处, 中心, 政府 …), and the next opens a name of its own — as the
// first does (县住房和城乡建设局 / 县交通运输局), with 各, or with the level
// or kind of a body (各街道办事处 / 区市场监管局, 县民政局 / 团县委). A name
// that wraps (市住房城乡建 / 设局, 区人民政府 / 办公室) goes on with no
// such opening.
func namesApart(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < 3 || len(rb) < 2 || strings.ContainsAny(a, "，。；：、,.;:（）()") {
		return false
	}
	if !strings.ContainsRune("局委办院会部府心司队所站厅处室社行团馆校台组联协", ra[len(ra)-1]) {
		return false
	}
	return rb[0] == ra[0] || strings.ContainsRune(unitOpenings, rb[0])
}

// unitOpenings are the characters a body's name opens with when it names
// its level (省, 市, 区, 县, 镇, 乡, 街道, 村, 各) or its kind (团县委, 中共…,
// 国网…): a cell's line opening with one starts a name of its own.
const unitOpenings = "各省市区县州盟旗镇乡街村团中国"

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
	// where a cell of a line spans columns (first[c] != c, or c is first
	// of others), found once
	spanning := map[*pline][]int{}
	for _, l := range t.lines {
		if g := t.spanGroups(lo.passingOf(l)); g != nil {
			spanning[l] = g
		}
	}
	across := func(l *pline, c int) bool {
		g := spanning[l]
		return g != nil && (g[c] != c || (c+1 < len(g) && g[c+1] == c))
	}
	for _, l := range t.lines {
		if _, ok := top[l.page]; !ok {
			top[l.page] = l.y - l.size
		}
		bottom[l.page] = l.y
		start := 0
		for i, g := range l.glyphs {
			k := pageCol{l.page, t.column(g.x + g.w/2)}
			if across(l, k.col) {
				// a cell across columns says nothing of how far one reaches
				start = i + 1
				continue
			}
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
	// The column that parts the rows: the first, or the number column
	// when a cell merged over rows stands left of it (考核项目 spanning
	// three rows beside 序号).
	key := t.seqColumn()
	// a row's boundary: a rule across the first column or the number
	// column, or across most columns (a merged cell spans the others)
	boundary := func(page int, y0, y1 float64) bool {
		if ruled(page, 0, y0, y1) || key > 0 && ruled(page, key, y0, y1) {
			return true
		}
		n := 0
		for c := 1; c < ncol; c++ {
			if ruled(page, c, y0, y1) {
				n++
			}
		}
		return ncol > 2 && 2*n > ncol
	}
	// a rule across some column: a spanning cell's bottom
	ruledSome := func(page int, y0, y1 float64) bool {
		for c := 0; c < ncol; c++ {
			if ruled(page, c, y0, y1) {
				return true
			}
		}
		return false
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
		if first := spanning[l]; first != nil {
			// a cell spanning columns: its text in each, as the HTML
			// reader gives a colspan
			// (left to right, so the cell's text keeps its order)
			for c := 1; c < len(byCol); c++ {
				if first[c] != c {
					byCol[first[c]] = append(byCol[first[c]], byCol[c]...)
				}
			}
			for c := range byCol {
				if first[c] != c {
					byCol[c] = byCol[first[c]]
				}
			}
		}
		for c, gs := range byCol {
			if len(gs) > 0 {
				last := gs[len(gs)-1]
				k := pageCol{l.page, c}
				reach := availOf(k, l.size)
				cl := cellLine{
					text: glyphText(gs), left: gs[0].x, right: last.x + last.w, first: firstUnit(gs),
					avail: reach.avail, guessed: reach.guessed, size: l.size,
					reached: maxRight[k], widest: widest[k],
				}
				if across(l, c) {
					cl.avail, cl.guessed, cl.reached, cl.widest = last.x+last.w, true, 0, 0
				}
				cur.cells[c] = append(cur.cells[c], cl)
			}
		}
		newRow := prev == nil
		if !newRow {
			if hasRules[l.page] {
				// (a cell spanning columns on one line and not on the
				// next: the rows of a header, a group cell over its
				// sub-columns' names)
				newRow = l.page != prev.page || boundary(l.page, prev.mid(), l.mid()) ||
					!slices.Equal(spanning[prev], spanning[l]) && ruledSome(l.page, prev.mid(), l.mid())
			} else {
				newRow = !cur.empty(key)
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
	// (a header of two rows repeats as two: each row after a repeated
	// first row that reads as the header's next row goes too)
	header := rows[0].texts()
	for i := 1; i < len(rows); i++ {
		if !slices.Equal(rows[i].texts(), header) {
			continue
		}
		n := 1
		for i+n < len(rows) && n < i && rows[i+n].page == rows[i].page && slices.Equal(rows[i+n].texts(), rows[n].texts()) {
			n++
		}
		rows = slices.Delete(rows, i, i+n)
		i--
	}
	for i := 1; i < len(rows); i++ {
		r, above := rows[i], rows[i-1]
		if r.page != above.last.page && r.empty(key) && hasRules[r.page] && !startsAnew(above, r) {
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
	// spans (the first column's too: a 类别 merged beside 序号).
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
	// merging: the column shows merged cells, a span from a row with
	// text in it to one without (not the header's: 序号 over its two
	// rows); blank counts the rows that leave it empty where no span
	// joins them to a neighbour.
	merging, blank := make([]bool, ncol), make([]int, ncol)
	for c := 0; c < ncol; c++ {
		for k, r := range rows {
			in := k > 0 && spans(k, c)
			if in && k > 1 && rows[k-1].empty(c) != r.empty(c) {
				merging[c] = true
			}
			if r.empty(c) && !in && !(k+1 < len(rows) && spans(k+1, c)) {
				blank[c]++
			}
		}
	}
	// A merged cell broken by the page: its text stays on the page it
	// starts on, its part at the top of the next page is empty, and rules
	// part it there from neither row (a span of two rows already above the
	// break, two empty rows still merged below it, or one row where the
	// column shows merged cells and no other row leaves it empty), unless
	// a row merged with that part below it has text (a cell of its own,
	// its name centred lower down). Or its
	// text, centred in the span, is cut by the page: its last line above
	// the break ran to the column's edge and goes on in the first row
	// below, in a column that shows merged cells.
	goesOver := func(i, j, c int, lines []cellLine) bool {
		r := rows[j]
		if r.page == rows[j-1].last.page || len(lines) == 0 || !hasRules[r.page] || acrossAll(spanning[r.first]) {
			// (a row of one cell across the table at the top of the page,
			// a section's heading, is no part of a merged cell above it)
			return false
		}
		if !r.empty(c) {
			return merging[c] && cutByPage(lines[len(lines)-1], r.cells[c][0])
		}
		// the rows merged with r below it on its page: a cell of its own
		// when one of them has text (a merged cell's name centred lower)
		k := j + 1
		for k < len(rows) && rows[k].page == r.page && spans(k, c) {
			if !rows[k].empty(c) {
				return false
			}
			k++
		}
		if j-i >= 2 || k > j+1 {
			return true
		}
		if merging[c] && blank[c] == 1 {
			// (a guess the reading warns of: the row's cell may be empty)
			r.carried = append(r.carried, c)
			return true
		}
		return false
	}
	for c := 0; c < ncol; c++ {
		for i := 0; i < len(rows); {
			lines := slices.Clone(rows[i].cells[c])
			j := i + 1
			for j < len(rows) && (spans(j, c) || goesOver(i, j, c, lines)) {
				lines = append(lines, rows[j].cells[c]...)
				j++
			}
			for _, r := range rows[i:j] {
				r.cells[c] = lines
			}
			i = j
		}
	}
	for _, r := range rows {
		lo.add(Block{Cells: r.texts(), Table: t.num, Carried: r.carried})
	}
}

// startsAnew reports whether r, at the top of a new page with its number
// column empty, is a row of its own and not the rest of the row above: a
// column holds a number alone in both (分值 10 above, 8 here: a merged
// 考核项目 left the first column empty), and a number is never broken over
// a page.
func startsAnew(above, r *prow) bool {
	lone := func(lines []cellLine) bool {
		if len(lines) != 1 {
			return false
		}
		_, err := strconv.ParseFloat(lines[0].text, 64)
		return err == nil
	}
	for c, lines := range r.cells {
		if lone(lines) && lone(above.cells[c]) {
			return true
		}
	}
	return false
}

// seqColumn is the column of a table's row numbers: the first whose lines
// holding only a number (1, 2, 3) count on by one more often than not, at
// least twice. 0 when none is (the first column then parts the rows).
func (t *ptable) seqColumn() int {
	nums := map[int][]int{}
	for _, l := range t.lines {
		byCol := map[int][]glyph{}
		for _, g := range l.glyphs {
			c := t.column(g.x + g.w/2)
			byCol[c] = append(byCol[c], g)
		}
		for c, gs := range byCol {
			if n, err := strconv.Atoi(glyphText(gs)); err == nil && n >= 0 && n < 1000 {
				nums[c] = append(nums[c], n)
			}
		}
	}
	for c := 0; c <= len(t.gutters); c++ {
		on := 0
		for i := 1; i < len(nums[c]); i++ {
			if nums[c][i] == nums[c][i-1]+1 {
				on++
			}
		}
		if on >= 2 && 2*on >= len(nums[c])-1 {
			return c
		}
	}
	return 0
}

// acrossAll: a line's cells, as spanGroups gives them, are one cell across
// every column.
func acrossAll(first []int) bool {
	if len(first) < 2 {
		return false
	}
	for _, f := range first {
		if f != 0 {
			return false
		}
	}
	return true
}
