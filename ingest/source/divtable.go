package source

// Tables written without <table>. Government sites build grids from CSS:
// <div style="display:table"> with display:table-row and display:table-cell
// children, the same given by classes in a <style> block
// (.tbl{display:table} .tr{display:table-row} .td{display:table-cell}),
// ARIA roles (role="table"/"row"/"cell"), or flex rows whose class names
// say what they are (<div class="row"><div class="cell">…). A reader sees
// a table, so it is read as one: its rows of cells, an empty cell kept as
// an empty cell (the columns do not shift), a bar between rows that spans
// the whole row (（一）优化营商环境) a row whose text fills every column, as
// an HTML colspan does.

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cssKind is what an element is in a table built from CSS.
type cssKind int

const (
	cssNone cssKind = iota
	cssTable
	cssGroup // a group of rows: display:table-row-group, role="rowgroup"
	cssRow
	cssCell
	cssBlock // display:block, flex, list-item: a line of its own
	cssHidden
)

// pageStyle is what a page's <style> blocks say of its classes: the
// display each class name is given, and a grid's columns
// (grid-template-columns) and a grid item's (grid-column).
type pageStyle struct {
	kinds      map[string]cssKind
	gridCols   map[string]string
	gridColumn map[string]string
}

var (
	// cssRuleRe is one rule of a style sheet: its selectors and its
	// declarations (a rule nested in @media is found inside it).
	cssRuleRe = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	// displayRe is the display a declaration list gives.
	displayRe = regexp.MustCompile(`(?i)(?:^|[;\s])display\s*:\s*([a-z-]+)`)
	// classRe is a class in a selector.
	classRe = regexp.MustCompile(`\.([A-Za-z_][\w-]*)`)
	// gridColsRe and gridColumnRe are a grid's columns and the columns a
	// grid item takes.
	gridColsRe   = regexp.MustCompile(`(?i)(?:^|[;\s])grid-template-columns\s*:\s*([^;]+)`)
	gridColumnRe = regexp.MustCompile(`(?i)(?:^|[;\s])grid-column\s*:\s*([^;]+)`)
)

// maxStyleBytes bounds the style sheet text read for classes.
const maxStyleBytes = 256 << 10

// readPageStyle reads the classes the page's <style> blocks give a
// display. A selector's last compound names the element styled
// (.list .tr → tr); one with a single class maps that class.
func readPageStyle(doc *html.Node) pageStyle {
	var sheet strings.Builder
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Style {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode && sheet.Len()+len(c.Data) <= maxStyleBytes {
					sheet.WriteString(c.Data)
					sheet.WriteString("\n")
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if sheet.Len() == 0 {
		return pageStyle{}
	}
	style := pageStyle{kinds: map[string]cssKind{}, gridCols: map[string]string{}, gridColumn: map[string]string{}}
	for _, m := range cssRuleRe.FindAllStringSubmatch(sheet.String(), -1) {
		kind := cssNone
		if d := displayRe.FindStringSubmatch(m[2]); d != nil {
			kind = displayKind(d[1])
		}
		cols, column := gridColsRe.FindStringSubmatch(m[2]), gridColumnRe.FindStringSubmatch(m[2])
		if kind == cssNone && cols == nil && column == nil {
			continue
		}
		for _, sel := range strings.Split(m[1], ",") {
			sel = strings.TrimSpace(sel)
			if i := strings.LastIndexAny(sel, " >+~"); i >= 0 {
				sel = sel[i+1:]
			}
			if strings.ContainsAny(sel, ":[") {
				continue // :hover, [attr]: not the element itself
			}
			if cs := classRe.FindAllStringSubmatch(sel, -1); len(cs) == 1 {
				name := cs[0][1]
				if kind != cssNone {
					style.kinds[name] = kind
				}
				if cols != nil {
					style.gridCols[name] = cols[1]
				}
				if column != nil {
					style.gridColumn[name] = column[1]
				}
			}
		}
	}
	return style
}

// displayKind is the kind a CSS display value gives.
func displayKind(v string) cssKind {
	switch strings.ToLower(v) {
	case "table", "inline-table":
		return cssTable
	case "table-row-group", "table-header-group", "table-footer-group":
		return cssGroup
	case "table-row":
		return cssRow
	case "table-cell":
		return cssCell
	case "block", "flex", "grid", "list-item", "flow-root":
		return cssBlock
	case "none":
		return cssHidden
	}
	return cssNone
}

// declared is the kind an element's own style, role or classes declare.
func (s pageStyle) declared(n *html.Node) cssKind {
	if n.Type != html.ElementNode {
		return cssNone
	}
	var class string
	for _, a := range n.Attr {
		switch a.Key {
		case "style":
			if d := displayRe.FindStringSubmatch(a.Val); d != nil {
				if k := displayKind(d[1]); k != cssNone {
					return k
				}
			}
		case "role":
			switch strings.ToLower(strings.TrimSpace(a.Val)) {
			case "table", "grid", "treegrid":
				return cssTable
			case "rowgroup":
				return cssGroup
			case "row":
				return cssRow
			case "cell", "gridcell", "columnheader", "rowheader":
				return cssCell
			}
		case "class":
			class = a.Val
		}
	}
	if len(s.kinds) > 0 {
		for c := range strings.FieldsSeq(class) {
			if k, ok := s.kinds[c]; ok {
				return k
			}
		}
	}
	return cssNone
}

// gridProperty is the value of a grid property (re) in n's style, else in
// a rule of one of its classes (byClass).
func gridProperty(n *html.Node, re *regexp.Regexp, byClass map[string]string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	var class string
	for _, a := range n.Attr {
		switch a.Key {
		case "style":
			if !strings.Contains(a.Val, "grid") && !strings.Contains(a.Val, "GRID") {
				continue
			}
			if m := re.FindStringSubmatch(a.Val); m != nil {
				return m[1]
			}
		case "class":
			class = a.Val
		}
	}
	if len(byClass) > 0 {
		for c := range strings.FieldsSeq(class) {
			if v, ok := byClass[c]; ok {
				return v
			}
		}
	}
	return ""
}

// gridColumns is the number of columns of a CSS grid
// (grid-template-columns: 60px 3fr 1fr 2fr, repeat(4, 1fr)); 0 when n is
// none or its columns are not counted (repeat(auto-fill, …)).
func (s pageStyle) gridColumns(n *html.Node) int {
	v := strings.TrimSpace(gridProperty(n, gridColsRe, s.gridCols))
	if v == "" {
		return 0
	}
	return countTracks(strings.ToLower(v))
}

// countTracks counts the tracks of a grid-template-columns value: each
// top-level token one track, repeat(N, tracks) N times its tracks, a
// bracketed line name none.
func countTracks(v string) int {
	n, depth, start := 0, 0, -1
	for i := 0; i <= len(v); i++ {
		c := byte(' ')
		if i < len(v) {
			c = v[i]
		}
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '[' || c == ']':
			// a line's name: [first] 60px [second] …
		case (c == ' ' || c == '\t' || c == '\n') && depth == 0:
			if start >= 0 {
				tok := v[start:i]
				start = -1
				if strings.HasPrefix(tok, "[") {
					continue
				}
				if inner, ok := strings.CutPrefix(tok, "repeat("); ok {
					count, tracks, found := strings.Cut(strings.TrimSuffix(inner, ")"), ",")
					k, err := strconv.Atoi(strings.TrimSpace(count))
					if !found || err != nil || k < 1 || k > MaxRowCells {
						return 0 // auto-fill, auto-fit: as many as fit
					}
					n += k * countTracks(strings.TrimSpace(tracks))
					continue
				}
				n++
			}
			continue
		}
		if start < 0 && depth >= 0 && c != ' ' {
			start = i
		}
	}
	return min(n, MaxRowCells)
}

// gridSpan is the columns a grid item takes in a grid of cols columns:
// grid-column: 1 / -1 (all), span 2, 2 / 4, 1 / span 3; 1 when not said.
func (s pageStyle) gridSpan(n *html.Node, cols int) int {
	v := strings.ToLower(strings.Join(strings.Fields(gridProperty(n, gridColumnRe, s.gridColumn)), ""))
	if v == "" {
		return 1
	}
	from, to, two := strings.Cut(v, "/")
	if !two {
		to, from = from, ""
	}
	if k, ok := strings.CutPrefix(to, "span"); ok {
		if n, err := strconv.Atoi(k); err == nil && n > 0 {
			return min(n, cols)
		}
		return 1
	}
	a, errA := strconv.Atoi(from)
	b, errB := strconv.Atoi(to)
	switch {
	case errA != nil || errB != nil || a < 1:
		return 1
	case b < 0:
		return max(1, cols+2+b-a) // 1 / -1: to the last line
	case b > a:
		return min(b-a, cols)
	}
	return 1
}

// named is the kind an element's class names say, for flex rows of cells
// styled elsewhere: row, tr, tr2, list-row, row_item …; cell, td, th,
// td1, col-td, cell-name, th_title …. (col, col-md-6 and span6 are a
// layout grid's columns, not cells.)
func named(n *html.Node) cssKind {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		for c := range strings.FieldsSeq(strings.ToLower(a.Val)) {
			switch {
			case classWord(c, "tr", "row", "trow", "table-row"):
				return cssRow
			case classWord(c, "td", "th", "cell", "tcell", "table-cell"):
				return cssCell
			case classWord(c, "thead", "tbody", "tfoot"):
				return cssGroup
			case classWord(c, "table", "tbl"):
				return cssTable
			}
		}
	}
	return cssNone
}

// classWord reports a class name that is one of words, maybe numbered
// (td1, tr_2), or joined to another word by - or _ (list-row, cell-name).
func classWord(c string, words ...string) bool {
	for _, w := range words {
		rest, ok := strings.CutPrefix(c, w)
		if ok && (strings.Trim(rest, "0123456789") == "" || rest[0] == '-' || rest[0] == '_') {
			return true
		}
		if len(c) > len(w) && strings.HasSuffix(c, w) && (c[len(c)-len(w)-1] == '-' || c[len(c)-len(w)-1] == '_') {
			return true
		}
	}
	return false
}

// kind is an element's kind in a CSS table: declared, else named (a row
// styled display:flex is a row when its class says so).
func (s pageStyle) kind(n *html.Node) cssKind {
	k := s.declared(n)
	if k == cssNone || k == cssBlock {
		if nk := named(n); nk != cssNone {
			return nk
		}
	}
	return k
}

// divRow is one row of a CSS table: its cells, or (bar) one text across
// the whole row (a bar before the first row of cells or after the last is
// the text around the table: divTable reads it as text).
type divRow struct {
	cells []*html.Node
	spans []int // the columns each cell takes (a grid's items); nil: one each
	bar   *html.Node
}

// divTableRows returns the rows of n when n is a table built from CSS:
// element children (or children of row groups) that are rows of cells,
// two or more of them with two cells or more. A child between those rows
// that is no row but holds text (a category bar), or a row of one cell,
// is a bar row. nil when n is no such table. The work is bounded by n's
// children and theirs; the text of a bar is looked at only once n has its
// rows.
func (s pageStyle) divTableRows(n *html.Node) []divRow {
	if n.Type != html.ElementNode || tablePart(n) || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return nil
	}
	if cols := s.gridColumns(n); cols >= 2 {
		if rows, wide := s.gridRows(n, cols); wide >= 2 {
			return rows
		}
		// else a grid of rows, each a grid of its own
	}
	wide := 0
	// rowOf is c as a row, when it is a row with cells
	// (a row whose kind is not said — an <li>, a header group holding
	// its cells — is one when it holds two cells or more and no row)
	rowOf := func(c *html.Node) (divRow, bool) {
		k := s.kind(c)
		if tablePart(c) || k != cssRow && k != cssNone && k != cssGroup && k != cssBlock {
			return divRow{}, false
		}
		if k != cssRow && s.gridColumns(c) >= 2 {
			// a row laid out as a grid of its own: its items are its cells
			r, w := s.gridRows(c, s.gridColumns(c))
			if len(r) == 1 && w == 1 {
				wide++
				return r[0], true
			}
			return divRow{}, false
		}
		var cells []*html.Node
		for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
			if cc.Type != html.ElementNode {
				continue
			}
			switch s.kind(cc) {
			case cssCell:
				cells = append(cells, cc)
			case cssRow:
				if k != cssRow {
					return divRow{}, false // a group of rows
				}
			}
		}
		switch {
		case len(cells) == 0 || k != cssRow && len(cells) < 2:
			return divRow{}, false
		case len(cells) == 1:
			return divRow{bar: cells[0]}, true
		}
		wide++
		return divRow{cells: cells}, true
	}
	// items reads the children of c: rows, and the rest as bars (their
	// text is looked at below); with groups, a child holding rows (a row
	// group: thead, tbody) gives its own items. found: some child is a row.
	var items func(c *html.Node, groups bool) (rows []divRow, found bool)
	items = func(c *html.Node, groups bool) (rows []divRow, found bool) {
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type == html.TextNode {
				rows = append(rows, divRow{bar: ch})
				continue
			}
			if ch.Type != html.ElementNode {
				continue
			}
			if r, ok := rowOf(ch); ok {
				rows, found = append(rows, r), true
				continue
			}
			k := s.kind(ch)
			if k == cssHidden || k == cssCell {
				continue
			}
			if groups && k != cssTable {
				if g, ok := items(ch, false); ok {
					rows = append(rows, g...)
					continue
				}
			}
			rows = append(rows, divRow{bar: ch})
		}
		return rows, found
	}
	rows, _ := items(n, true)
	if wide < 2 && (wide == 0 || !s.headerAlone(n)) { // one row: see headerAlone
		return nil
	}
	out := rows[:0]
	for _, r := range rows {
		if r.cells == nil && s.kind(r.bar) != cssCell && strings.TrimSpace(nodeText(r.bar, 200)) == "" {
			continue // white space or an empty divider between rows
		}
		out = append(out, r)
	}
	return out
}

// headerAlone reports whether n, a table of one row, is a piece of a table
// a page closed under each category bar: the header standing alone above
// the tables of its rows, or a last table of one row. n says it is a
// table, and before or after it, past at most two bars, stands another
// element that says so. A lone row elsewhere is a line of links.
func (s pageStyle) headerAlone(n *html.Node) bool {
	if s.kind(n) != cssTable {
		return false
	}
	near := func(next func(*html.Node) *html.Node) bool {
		bars := 0
		for c := next(n); c != nil; c = next(c) {
			if c.Type != html.ElementNode {
				continue
			}
			if s.kind(c) == cssTable {
				return true
			}
			if bars++; bars > 2 {
				return false
			}
		}
		return false
	}
	return near(func(c *html.Node) *html.Node { return c.NextSibling }) || near(func(c *html.Node) *html.Node { return c.PrevSibling })
}

// gridRows reads a CSS grid of cols columns (display:grid with
// grid-template-columns) as rows: its items fill a row's columns in turn,
// each as many as its grid-column takes; an item across every column
// (grid-column: 1 / -1) is a bar. wide counts the rows of two cells or
// more.
func (s pageStyle) gridRows(n *html.Node, cols int) (rows []divRow, wide int) {
	var cur divRow
	filled := 0
	end := func() {
		if len(cur.cells) > 0 {
			if len(cur.cells) > 1 {
				wide++
			}
			rows = append(rows, cur)
		}
		cur, filled = divRow{}, 0
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || s.declared(c) == cssHidden {
			continue
		}
		if s.gridColumns(c) >= 2 {
			return nil, 0 // a grid of rows, each a grid of its own
		}
		span := s.gridSpan(c, cols)
		if span >= cols {
			end()
			rows = append(rows, divRow{bar: c})
			continue
		}
		if filled+span > cols {
			end()
		}
		cur.cells = append(cur.cells, c)
		cur.spans = append(cur.spans, span)
		if filled += span; filled >= cols {
			end()
		}
	}
	end()
	return rows, wide
}

// tablePart: an element of a <table> (<tr role="row"> is read with the
// table, its spans expanded).
func tablePart(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Colgroup:
		return true
	}
	return false
}

// nodeText is up to max bytes of the text under n.
func nodeText(n *html.Node, max int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if b.Len() >= max {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// divTables are a page's tables built from CSS that hold no other table,
// with their rows, and the <table> elements that hold one (a page laid
// out in a table around a CSS table: the outer one is layout).
type divTables struct {
	rows  map[*html.Node][]divRow
	outer map[*html.Node]bool
}

// findDivTables finds the CSS tables of a page, in one walk after the
// page's depth is known to be bounded. A table's row groups (a tbody of
// two rows or more) are tables by themselves too; the table around them
// is the one read, so its header group is one of its rows.
func (s pageStyle) findDivTables(doc *html.Node) divTables {
	found := divTables{rows: map[*html.Node][]divRow{}, outer: map[*html.Node]bool{}}
	var walk func(*html.Node) (table, div bool)
	// walk reports whether n's subtree holds a table, and a CSS table
	walk = func(n *html.Node) (table, div bool) {
		// groups: the children read as CSS tables that may be row
		// groups; others: another child holds a table
		groups, others := []*html.Node(nil), false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t, d := walk(c)
			table, div = table || t, div || d
			if _, ok := found.rows[c]; ok && s.kind(c) != cssTable {
				groups = append(groups, c)
			} else if t {
				others = true
			}
		}
		if n.Type != html.ElementNode {
			return false, false
		}
		if n.DataAtom == atom.Table {
			if div {
				found.outer[n] = true
			}
			return true, div
		}
		// a table (by its display, role or name) is read with its row
		// groups; the table is no group, so it is read once more at most
		if !table || !others && len(groups) > 0 && s.kind(n) == cssTable {
			if rows := s.divTableRows(n); rows != nil {
				for _, g := range groups {
					delete(found.rows, g)
				}
				found.rows[n] = rows
				return true, true
			}
		}
		return table, div
	}
	walk(doc)
	return found
}

// divTable reads a CSS table's rows onto a grid: a row's cells in order,
// an empty cell empty; a bar between rows fills its row. The bars before
// the first row of cells and after the last (a caption, a note under the
// table, an attachment's link) are lines of text around the table.
func (w *htmlWalker) divTable(rows []divRow) {
	first, last := -1, -1
	width := 0
	for i, r := range rows {
		if r.cells != nil {
			if first < 0 {
				first = i
			}
			last = i
			width = max(width, len(r.cells))
		}
	}
	around := func(rs []divRow) {
		for _, r := range rs {
			for _, l := range strings.Split(w.cellText(r.bar), "\n") {
				if len(l) > MaxCellBytes {
					w.fail(errCellTooLong())
					return
				}
				w.line.WriteString(l)
				w.flush()
			}
		}
	}
	around(rows[:first])
	body := rows[first : last+1]
	w.tables++
	if len(w.blocks)+len(body) > MaxBlocks {
		w.fail(errTooManyBlocks())
		return
	}
	w.cells.newTable()
	g := newGrid(len(body), w.cells)
	for i, r := range body {
		if r.bar != nil {
			if !w.placeCell(g, i, r.bar, 1, width) {
				return
			}
			continue
		}
		for j, c := range r.cells {
			span := spanAttr(c, "colspan")
			if r.spans != nil {
				span = r.spans[j]
			}
			if !w.placeCell(g, i, c, 1, span) {
				return
			}
		}
	}
	if w.addRows(g, len(body)) {
		around(rows[last+1:])
	}
}
