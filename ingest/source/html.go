package source

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads an HTML page into blocks: the text of its paragraphs and
// headings, and the rows of every table that holds no other table (a layout
// table around the task table is read as text). rowspan and colspan are
// expanded; <br> inside a cell stays a line break; entities are decoded by
// the parser.
//
// What the page may expand to is bounded before it is built: the tokens of
// the page (MaxHTMLTokens, counted by a streaming tokenizer before the tree
// is parsed), the cells of a table with its spans (MaxRowCells,
// MaxTableCells, MaxDocumentCells), the text of a cell or line
// (MaxCellBytes) and the blocks (MaxBlocks).
func readHTML(text string, b *budget) ([]Block, error) {
	if err := countHTMLTokens(text, b); err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			// the parser's own cap on nesting (512)
			return nil, Errorf(ETOOLARGE, "HTML 页面的元素嵌套过深,可能已损坏或为恶意文件")
		}
		return nil, Errorf(EINVALID, "HTML 无法解析:%v", err)
	}
	if err := b.alive(); err != nil {
		return nil, err
	}
	if htmlDepth(doc) > maxXMLDepth {
		return nil, Errorf(ETOOLARGE, "HTML 页面的元素嵌套过深(超过 %d 层),可能已损坏或为恶意文件", maxXMLDepth)
	}
	style := readPageStyle(doc)
	w := &htmlWalker{cells: b, style: style, divs: style.findDivTables(doc)}
	w.walk(doc)
	w.flush()
	if w.err != nil {
		return nil, w.err
	}
	return w.blocks, nil
}

// countHTMLTokens refuses a page of more than MaxHTMLTokens tokens: a tree
// node costs a hundred bytes or more, so 32 MB of "<p>" would be gigabytes
// as a tree.
func countHTMLTokens(text string, b *budget) error {
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(maxHTMLTokenBytes)
	for n := 0; ; n++ {
		if z.Next() == html.ErrorToken {
			if errors.Is(z.Err(), html.ErrBufferExceeded) {
				return errHTMLTokenTooLong()
			}
			return nil
		}
		if err := b.tick(); err != nil {
			return err
		}
		// one tag or run of text over maxHTMLTokenBytes (a 30 MB attribute
		// was 450 MB and seconds in the parser)
		if len(z.Raw()) > maxHTMLTokenBytes {
			return errHTMLTokenTooLong()
		}
		if n >= MaxHTMLTokens {
			return Errorf(ETOOLARGE, "HTML 页面的标签过多(上限 %d 个)", MaxHTMLTokens)
		}
	}
}

func errHTMLTokenTooLong() error {
	return Errorf(ETOOLARGE, "HTML 页面中有一个标签或一段文字过长(上限 %d MB),可能已损坏或为恶意文件", maxHTMLTokenBytes>>20)
}

type htmlWalker struct {
	blocks []Block
	line   strings.Builder
	// number is a list item's number, waiting for the item's first line
	// of text (which a <p> inside the item may open)
	number string
	tables int
	cells  *budget
	err    error // the first limit hit; the walk stops there
	// style: the classes the page's style sheet gives a display; divs:
	// the tables built from CSS that hold no other table, with their rows
	// (divtable.go)
	style pageStyle
	divs  divTables
	// inValue: inside a field's value (htmlcards.go), whose line breaks
	// and blocks keep it on its key's line
	inValue int
}

func (w *htmlWalker) add(b Block) {
	if len(w.blocks) >= MaxBlocks {
		w.fail(errTooManyBlocks())
		return
	}
	b.Line = len(w.blocks) + 1
	// a row's cells were counted as they were placed (grid.place)
	if err := w.cells.text(len(b.Text)); err != nil {
		w.fail(err)
		return
	}
	w.blocks = append(w.blocks, b)
}

func (w *htmlWalker) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// flush ends the current line of running text.
func (w *htmlWalker) flush() {
	if t := strings.TrimSpace(w.line.String()); t != "" {
		w.add(Block{Text: w.number + t})
		w.number = ""
	}
	w.line.Reset()
}

func (w *htmlWalker) walk(n *html.Node) {
	if w.err != nil {
		return
	}
	if err := w.cells.tick(); err != nil {
		w.fail(err)
		return
	}
	switch n.Type {
	case html.TextNode:
		if w.line.Len()+len(n.Data) > MaxCellBytes {
			w.fail(errCellTooLong())
			return
		}
		w.line.WriteString(collapseSpace(n.Data))
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Head, atom.Template, atom.Iframe:
			return
		case atom.Br:
			if w.inValue > 0 {
				// a value's lines: names apart by a space, a sentence
				// broken after its comma goes on
				if l := strings.TrimRight(w.line.String(), " "); l != "" && !strings.ContainsRune("，、；：,;", lastRune(l)) {
					w.line.WriteString(" ")
				}
				return
			}
			w.flush()
			return
		case atom.Table:
			if !hasDescendant(n, atom.Table) && !w.divs.outer[n] {
				w.flush()
				w.table(n)
				return
			}
		case atom.Ol:
			w.list(n)
			return
		}
		if rows, ok := w.divs.rows[n]; ok {
			w.flush()
			w.divTable(rows)
			w.flush()
			return
		}
		// an element the page styles as a block (display:block, a CSS
		// table's parts) is a line of its own, as a <div> is
		if linkList(n) {
			return // the site's sidebar of links to other pages
		}
		if k := w.style.declared(n); w.inValue == 0 && (isBlockElement(n.DataAtom) || k != cssNone && k != cssHidden) {
			w.flush()
			defer w.flush()
		} else if l := strings.TrimRight(w.line.String(), " "); w.inValue > 0 && isBlockElement(n.DataAtom) && l != "" && !strings.ContainsRune("，、；：,;", lastRune(l)) {
			w.line.WriteString(" ") // a value's paragraphs, one line
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if key := fieldLabel(c); key != "" {
			if v := fieldValue(c); v != nil {
				w.field(key, v)
				c = v
				continue
			}
		}
		w.walk(c)
	}
}

// list reads an ordered list. A browser shows each item's number (from
// <ol start>, or an item's own value), which is not in the page's text, so
// the number is written before the item's text as a reader sees it: "5."
// for a list, "(5)" for a list inside another list's item. An item whose
// text already opens with its own numbering, and a list whose numbers are
// letters, roman numerals or hidden (list-style: none), get none.
func (w *htmlWalker) list(ol *html.Node) {
	w.flush()
	defer w.flush()
	n := 1
	if v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(ol, "start"))); err == nil {
		n = v
	}
	numbered := (htmlAttr(ol, "type") == "" || htmlAttr(ol, "type") == "1") &&
		!strings.Contains(strings.ReplaceAll(strings.ToLower(htmlAttr(ol, "style")), " ", ""), "list-style:none") &&
		!strings.Contains(strings.ReplaceAll(strings.ToLower(htmlAttr(ol, "style")), " ", ""), "list-style-type:none")
	nested := false
	for p := ol.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Li {
			nested = true
			break
		}
	}
	for c := ol.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			w.walk(c)
			continue
		}
		if v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(c, "value"))); err == nil {
			n = v
		}
		w.flush()
		if numbered && !ownNumberRe.MatchString(nodeText(c, 64)) {
			if nested {
				w.number = "(" + strconv.Itoa(n) + ")"
			} else {
				w.number = strconv.Itoa(n) + "."
			}
		}
		for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
			w.walk(cc)
		}
		w.flush()
		w.number = "" // an item without text
		n++
	}
}

// ownNumberRe opens a list item that writes its number itself: 1. 1、 （1）
// ① 一、 第一.
var ownNumberRe = regexp.MustCompile(`^[\s\x{3000}]*(?:[0-9０-９]{1,3}\s*[.、．)）]|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[\x{2460}-\x{2473}]|[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十0-9])`)

// htmlAttr is the value of a node's attribute, "" when it has none.
func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// table reads a leaf table's rows onto a grid, expanding spans.
func (w *htmlWalker) table(t *html.Node) {
	w.tables++
	var rows []*html.Node
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Tr {
				rows = append(rows, c)
			} else if c.Type == html.ElementNode {
				collect(c)
			}
		}
	}
	collect(t)
	if len(w.blocks)+len(rows) > MaxBlocks {
		w.fail(errTooManyBlocks())
		return
	}
	w.cells.newTable()
	g := newGrid(len(rows), w.cells)
	for r, tr := range rows {
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			if !w.placeCell(g, r, td, spanAttr(td, "rowspan"), spanAttr(td, "colspan")) {
				return
			}
		}
	}
	w.addRows(g, len(rows))
}

// placeCell puts a cell's text on the grid at row, spanning rows and
// columns; false when the table is too big to read (said by w.fail).
func (w *htmlWalker) placeCell(g *grid, row int, cell *html.Node, rowspan, colspan int) bool {
	text := w.cellText(cell)
	if len(text) > MaxCellBytes {
		w.fail(errCellTooLong())
		return false
	}
	if err := g.place(row, text, rowspan, colspan); err != nil {
		w.fail(err)
		return false
	}
	return true
}

// addRows adds the grid's first n rows as the table's blocks; false when
// the table is too big to read (said by w.fail).
func (w *htmlWalker) addRows(g *grid, n int) bool {
	for r := range n {
		cells, err := g.row(r, w.cells)
		if err != nil {
			w.fail(err)
			return false
		}
		w.add(Block{Cells: cells, Table: w.tables})
	}
	return true
}

// grid places cells with spans: a spanned cell's text fills every slot it
// covers, the way a reader of the table sees it. Spans are clipped to the
// table's rows, and the slots filled are counted before they are filled, so
// a small page cannot describe a huge grid.
type grid struct {
	b      *budget
	cells  map[[2]int]string
	width  int
	height int // rows of the table: a rowspan past the last row fills nothing
	filled int
}

func newGrid(height int, b *budget) *grid {
	return &grid{b: b, cells: map[[2]int]string{}, height: height}
}

func (g *grid) place(row int, text string, rowspan, colspan int) error {
	col := 0
	for {
		if _, taken := g.cells[[2]int{row, col}]; !taken {
			break
		}
		col++
	}
	if col >= MaxRowCells {
		return errRowTooWide(col + 1)
	}
	// A span past the table's edge fills nothing a reader sees: a rowspan
	// is clipped to the table's rows, a colspan (a title row written
	// colspan="999") to the widest row read.
	rowspan = min(rowspan, g.height-row)
	colspan = min(colspan, MaxRowCells-col)
	if g.filled += rowspan * colspan; g.filled > MaxTableCells {
		return Errorf(ETOOLARGE, "表格展开合并单元格后过大(超过 %d 个单元格)", MaxTableCells)
	}
	// the text is repeated in every slot it fills: a 71 KB page with one
	// large cell at rowspan=990 colspan=200 is gigabytes once rows are
	// joined
	if rowspan*colspan > 1 {
		g.b.spans = true
	}
	if err := g.b.text(len(text) * rowspan * colspan); err != nil {
		return err
	}
	if err := g.b.tick(); err != nil {
		return err
	}
	for dr := 0; dr < rowspan; dr++ {
		for dc := 0; dc < colspan; dc++ {
			g.cells[[2]int{row + dr, col + dc}] = text
		}
	}
	g.width = max(g.width, col+colspan)
	return nil
}

// row returns row r of the grid, as wide as its last filled slot, after
// taking its cells from the budget.
func (g *grid) row(r int, budget *budget) ([]string, error) {
	if g.width == 0 {
		return nil, nil
	}
	last := -1
	for c := 0; c < g.width; c++ {
		if _, ok := g.cells[[2]int{r, c}]; ok {
			last = c
		}
	}
	if err := budget.row(last + 1); err != nil {
		return nil, err
	}
	cells := make([]string, last+1)
	for c := range cells {
		cells[c] = g.cells[[2]int{r, c}]
	}
	return cells, nil
}

// spanAttr reads rowspan or colspan, clamped to 1..1000.
func spanAttr(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if a.Key == name {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v > 1 {
				return min(v, 1000)
			}
		}
	}
	return 1
}

// cellText is a cell's text: <br> and block elements — <p>, <div>, <li>,
// and an inline element the page styles as a block (<span
// style="display:block">) — become line breaks, so two names written on
// two lines of a cell stay two names; runs of white space one space, each
// line trimmed.
func (w *htmlWalker) cellText(td *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		k := w.style.declared(n)
		switch {
		case n.Type == html.TextNode:
			b.WriteString(collapseSpace(n.Data))
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteString("\n")
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
		default:
			block := n.Type == html.ElementNode && (isBlockElement(n.DataAtom) || k != cssNone && k != cssHidden)
			if block {
				b.WriteString("\n")
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if block {
				b.WriteString("\n")
			}
		}
	}
	walk(td)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
	}), " ") + trailingSpace(s)
}

// trailingSpace keeps one space where text ended in white space, so words
// of adjacent inline elements stay apart.
func trailingSpace(s string) string {
	if s != "" && strings.ContainsAny(s[len(s)-1:], " \t\n\r") {
		return " "
	}
	return ""
}

func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasDescendant(c, a)) {
			return true
		}
	}
	return false
}

func isBlockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Tr, atom.Table, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Blockquote,
		atom.Pre, atom.Dd, atom.Dt, atom.Dl, atom.Center, atom.Form, atom.Title, atom.Body, atom.Main, atom.Aside:
		return true
	}
	return false
}

// htmlDepth is the deepest nesting of a parsed page, walked without
// recursion (the walks after it recurse, so a page nested a million deep
// is refused first).
func htmlDepth(root *html.Node) int {
	deepest, depth := 0, 0
	for n := root; n != nil; {
		if n.FirstChild != nil {
			n = n.FirstChild
			depth++
			deepest = max(deepest, depth)
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
			depth--
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	return deepest
}
