package ingest

// A table laid out with spaces: what `pdftotext -layout` and some copies out
// of Word leave, columns apart by runs of spaces, no '|' and no tab:
//
//	序号  项目名称        建设内容                      牵头单位    配合单位
//	1     新建公办幼儿园  新建、改扩建公办幼儿园12所    市教育局    市财政局、市自然资源局
//	2     校园食堂改造    完成中小学校食堂“明厨亮灶”改造  市教育局    市市场监管局
//	                      150所
//
// It is found by its header: a line whose parts, apart by two spaces or
// more, are a header (parseHeader). The header's parts fix where each column
// starts, counted in display columns (a Chinese character is two wide, as
// the layout was drawn). Every line after it is cut where two spaces or more
// part it, and each piece goes to the column it starts in. A line with
// nothing in the first column continues the row above it: a cell wrapped
// onto a second line (150所 under 改造, 人民政府 under 各区县（市）) is joined
// to its first line without a separator. The table ends at a line that fills
// only the first column and runs past it (a paragraph), and a page number
// inside it (— 3 —) is left as text.
//
// Tables are drawn in other hands too: columns only one space apart (a
// piece that runs across a column's start is cut at the space before it);
// names centred over their columns, right of the cells below (cellStarts);
// a header whose names wrap over two or three lines as the cells do (责任领
// over 导), joined column by column; a leader or unit cell holding one name
// a line (a line that ends short of its column's width was broken by hand,
// so the next holds another name, kept apart by a line break); and the
// issuer and date that sign the notice below a blank line, which continue
// no row.

import (
	"golang.org/x/text/unicode/norm"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// spacedGap parts the cells of a line laid out with spaces.
var spacedGap = regexp.MustCompile(`[ \x{3000}]{2,}`)

// piece is a run of a line's text between gaps, and the display column it
// starts at.
type piece struct {
	at   int
	text string
}

// spacedPieces cuts a line where two spaces or more part it.
func spacedPieces(line string) []piece { return spacedPiecesBy(line, displayWidth) }

// rowPieces is a row's pieces under the header's columns. Unicode counts
// “ ” ‘ ’ — … one column, a system that pads its printout by GBK bytes two:
// a line holding one is measured both ways, and the measure under which
// more of its pieces start on a column's start is the line's.
func rowPieces(line string, cols []int) []piece {
	ps := splitAtColumns(spacedPieces(line), cols)
	if !strings.ContainsFunc(line, ambiguousWidth) {
		return ps
	}
	if wide := splitAtColumns(spacedPiecesBy(line, gbkWidth), cols); onColumns(wide, cols) > onColumns(ps, cols) {
		return wide
	}
	return ps
}

func ambiguousWidth(r rune) bool { return width.LookupRune(r).Kind() == width.EastAsianAmbiguous }

// gbkWidth is displayWidth with the ambiguous characters two columns.
func gbkWidth(s string) int {
	n := displayWidth(s)
	for _, r := range s {
		if ambiguousWidth(r) {
			n++
		}
	}
	return n
}

// onColumns counts the pieces that start on a column's start.
func onColumns(ps []piece, cols []int) int {
	n := 0
	for _, p := range ps {
		if slices.ContainsFunc(cols, func(c int) bool { return p.at >= c-1 && p.at <= c+1 }) {
			n++
		}
	}
	return n
}

// spacedPiecesBy is spacedPieces with a line's columns counted by measure.
func spacedPiecesBy(line string, measure func(string) int) []piece {
	var out []piece
	prev := 0
	add := func(end int) {
		if t := strings.TrimSpace(line[prev:end]); t != "" {
			lead := len(line[prev:end]) - len(strings.TrimLeft(line[prev:end], " \u3000"))
			out = append(out, piece{at: measure(line[:prev+lead]), text: t})
		}
	}
	for _, m := range spacedGap.FindAllStringIndex(line, -1) {
		add(m[0])
		prev = m[1]
	}
	add(len(line))
	return out
}

// displayWidth is the display width as Unicode's East Asian Width gives
// it: wide and full-width characters two columns, the rest (— and “”
// among them, ambiguous) one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// spacedRows finds a table laid out with spaces among a text's blocks. It
// returns the cells of each row by the index of the block it starts at, and
// the blocks that continue a row (joined into it) or the header (a header
// cell wrapped onto the line below).
func spacedRows(bs []Block) (rows map[int][]string, joined map[int]bool) {
	start, used := -1, 0
	var head []piece
	for i, b := range bs {
		if !spacedCandidate(b) {
			continue
		}
		if head, used = spacedHeader(bs, i); head != nil {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, nil
	}
	cols := make([]int, len(head))
	cells := make([]string, len(head))
	for k, p := range head {
		cols[k], cells[k] = p.at, p.text
	}
	cols = cellStarts(bs, start, used, head, cols)
	h, _ := parseHeader(cells)
	rows = map[int][]string{start: cells}
	joined = map[int]bool{}
	for j := 1; j <= used; j++ {
		joined[start+j] = true
	}
	// the right edge of each column's text, from every line of the table:
	// a cell's line that ends short of it was broken by hand, not wrapped
	edge := make([]int, len(cols))
	for k, p := range head {
		edge[k] = p.at + displayWidth(p.text)
	}
	if used > 0 {
		// a header wrapped over lines (责任 over 领导): its names' widest
		// line, not the lines joined, is how far the column reaches
		edge = make([]int, len(cols))
		for j := start; j <= start+used && j < len(bs); j++ {
			for _, p := range rowPieces(bs[j].Text, cols) {
				k := columnAt(cols, p.at)
				edge[k] = max(edge[k], p.at+displayWidth(p.text))
			}
		}
	}
	var lines []lineCells
	blank := false
	for i := start + used + 1; i < len(bs); i++ {
		b := bs[i]
		if !spacedCandidate(b) {
			break
		}
		if strings.TrimSpace(b.Text) == "" {
			blank = true
			continue
		}
		if t := strings.TrimSpace(b.Text); pageNumberRe.MatchString(t) || pageStamp(t) && len(spacedPieces(b.Text)) <= 2 {
			continue // — 3 —, 打印时间：… 第2页: the page's, no row
		}
		if n := repeatedHeader(bs, i, start); n > 0 {
			// the page's header printed again mid-list (the title, the
			// column names): no row; the header's wrapped lines go with it
			for j := i; j < i+n+used && j < len(bs); j++ {
				joined[j] = true
			}
			i += n + used - 1
			blank = false
			continue
		}
		if isRuleLine(b.Text) {
			// a rule drawn with dashes under the header or between rows
			// (-----, ═════): part of the table, no row
			joined[i] = true
			continue
		}
		ps := rowPieces(b.Text, cols)
		if len(ps) > 0 && ps[0].at < cols[1] && totalLabel(ps[0].text) {
			break // 合计 6项: the table's total ends it
		}
		if blank && len(ps) > 0 && ps[0].at >= cols[1]-1 {
			// a line below a blank one with nothing under the first
			// column continues no row: the issuer and date that sign
			break
		}
		blank = false
		if len(ps) == 1 && ps[0].at < cols[1] && ps[0].at+displayWidth(ps[0].text) > cols[1] {
			if isHeading(ps[0].text) && titleLike(ps[0].text) && spacedRowNext(bs, i+1) {
				// a section heading between rows (一、社会民生): the table
				// goes on under it; the heading stays a line of its own
				lines = append(lines, lineCells{i: i})
				continue
			}
			break // a paragraph after the table
		}
		lc := lineCells{i: i, cells: make([]string, len(cols)), ends: make([]int, len(cols))}
		for _, p := range ps {
			k := columnAt(cols, p.at)
			lc.cells[k] += p.text
			lc.ends[k] = p.at + displayWidth(p.text)
			edge[k] = max(edge[k], lc.ends[k])
		}
		lines = append(lines, lc)
	}
	numbered := numberedTextRows(h, lines) // the text column, when it numbers the rows
	last, lastEnds := -1, []int(nil)       // the row a continuation joins
	for _, lc := range lines {
		if lc.cells == nil {
			last = -1
			continue
		}
		if (lc.cells[0] == "" || numbered >= 0 && !itemNumberRe.MatchString(lc.cells[numbered])) && last >= 0 {
			for k, c := range lc.cells {
				if c == "" {
					continue
				}
				if rows[last][k] != "" && h != nil && k < len(h.cols) && handBroken(h.cols[k], rows[last][k], lastEnds[k], c, edge[k]) {
					rows[last][k] += "\n"
				}
				rows[last][k] += c
				lastEnds[k] = lc.ends[k]
			}
			joined[lc.i] = true
			continue
		}
		rows[lc.i], last, lastEnds = lc.cells, lc.i, lc.ends
	}
	return rows, joined
}

// lineCells is one line of a table laid out with spaces, cut into its
// columns (cells nil: a heading between rows).
type lineCells struct {
	i     int
	cells []string
	ends  []int // where each cell's text ends on this line
}

// spacedHeader reads the header of a table laid out with spaces at bs[i]:
// the line's pieces, apart by two spaces or more (or by one, when the
// columns stand that close), are a header — maybe with the line or two
// below it, where header cells too narrow for their names wrap (责任领 over
// 导, 牵头 over 单位). It returns the header's cells and where they start,
// and how many lines below it joins; nil when the line heads no table.
func spacedHeader(bs []Block, i int) (head []piece, used int) {
	bestKnown := 0
	for _, ps := range [][]piece{spacedPieces(bs[i].Text), singleSpacedPieces(bs[i].Text)} {
		if len(ps) < 3 {
			continue
		}
		// the cut that names more columns wins (序号 工作任务 one space
		// apart is two names, not one); a tie keeps the wider gaps
		if _, ok := parseHeader(pieceTexts(ps)); ok && knownColumns(pieceTexts(ps)) > bestKnown {
			head, bestKnown, used = ps, knownColumns(pieceTexts(ps)), 0
		}
		if knownColumns(pieceTexts(ps)) < 2 {
			continue // a header wraps some names, never all but one
		}
		cur := slices.Clone(ps)
		for j := i + 1; j <= i+2 && j < len(bs); j++ {
			next, ok := headerWrap(cur, bs[j])
			if !ok {
				break
			}
			cur = next
			if _, ok := parseHeader(pieceTexts(cur)); ok && knownColumns(pieceTexts(cur)) > max(bestKnown, 2) {
				head, bestKnown, used = cur, knownColumns(pieceTexts(cur)), j-i
			}
		}
	}
	return head, used
}

// cellStarts moves each column's start left to where its cells start: a
// name centred over its column (pdftotext, a header typed to look centred)
// stands right of the cells under it. Going left from the name, past what
// the lines below hold there, the first display column blank on every
// row line below the header (a line of one piece, a heading or a
// paragraph, not counted; at least two lines; a line more can only keep a
// start where it is) is the gutter
// before the column; the start never moves to the start of the column
// before it.
func cellStarts(bs []Block, start, used int, head []piece, cols []int) []int {
	var occupied []bool
	mark := func(text string) {
		for _, p := range singleSpacedPieces(text) {
			for x := p.at; x < p.at+displayWidth(p.text); x++ {
				for x >= len(occupied) {
					occupied = append(occupied, false)
				}
				occupied[x] = true
			}
		}
	}
	rowsSeen := 0
	for i := start + used + 1; i < len(bs) && rowsSeen < 200; i++ {
		b := bs[i]
		if !spacedCandidate(b) {
			break
		}
		if len(spacedPieces(b.Text)) < 2 {
			continue // blank, a heading, a paragraph, the signature
		}
		rowsSeen++
		if strings.ContainsFunc(b.Text, ambiguousWidth) && onColumns(spacedPiecesBy(b.Text, gbkWidth), cols) > onColumns(spacedPieces(b.Text), cols) {
			continue // padded by GBK bytes (rowPieces): its columns are the header's
		}
		mark(b.Text)
	}
	if rowsSeen < 2 {
		return cols
	}
	out := slices.Clone(cols)
	for k := 1; k < len(head); k++ {
		floor := max(head[k-1].at, out[k-1]) + 1
		x := cols[k] - 1
		for x > floor && x < len(occupied) && occupied[x] {
			x--
		}
		if x > floor && x < cols[k]-1 {
			out[k] = x + 1
		}
	}
	return out
}

// headerWrap joins the line b to the header cells above it, each piece to
// the cell it stands under, or as a cell of its own where the line above
// left a column's name blank. ok is false for a line that cannot go on a
// header: blank, a row (a number under the first column), or holding
// anything but short names.
func headerWrap(head []piece, b Block) ([]piece, bool) {
	if !spacedCandidate(b) || strings.TrimSpace(b.Text) == "" {
		return nil, false
	}
	out := slices.Clone(head)
	for _, p := range spacedPieces(b.Text) {
		if utf8.RuneCountInString(p.text) > 6 || strings.ContainsAny(p.text, "。，；、,;") || seqCellRe.MatchString(p.text) {
			return nil, false // a row's cell, not a column's name
		}
		// the name it goes on: the one its text overlaps (one column of
		// slack), else a column whose name stands on this line only
		// (序号 below the line of the others, centred on two lines)
		end := p.at + displayWidth(p.text)
		k := slices.IndexFunc(out, func(h piece) bool { return p.at <= h.at+displayWidth(h.text) && end >= h.at-1 })
		if k < 0 {
			at := slices.IndexFunc(out, func(h piece) bool { return h.at > p.at })
			if at < 0 {
				at = len(out)
			}
			out = slices.Insert(out, at, p)
			continue
		}
		out[k].text += p.text
	}
	return out, true
}

// handBroken: a line of a names cell (leaders, units, co-units) ended by
// hand rather than wrapped, so the next line holds another name. A wrapped
// line fills its column (edge): one whose next text would have fitted after
// it was broken on purpose. Leaders' names are never long: two names of two
// characters or more, one on each line, are two leaders whatever the width;
// and two whole units, one on each line, are two units.
func handBroken(col column, above string, end int, next string, edge int) bool {
	switch col {
	case colLeaders, colUnits, colCoUnits:
	default:
		return false
	}
	for _, sep := range []string{"、", "，", ",", "；", ";"} {
		if strings.HasPrefix(next, sep) || strings.HasSuffix(above, sep) {
			return false // the list's separator is written
		}
	}
	r, _ := utf8.DecodeRuneInString(next)
	lastLine := above[strings.LastIndexAny(above, "\n")+1:]
	if col != colLeaders {
		// 市生 / 态环境局石门分局: a piece that is no unit, completed by
		// the next line, was cut, however short the line
		piece := lastLine
		if i := strings.LastIndexAny(piece, unitSeparators); i >= 0 {
			_, size := utf8.DecodeRuneInString(piece[i:])
			piece = piece[i+size:]
		}
		if !isUnitName(piece) && isUnitName(piece+next) || cutCollective(piece, next) {
			return false
		}
	}
	if end+displayWidth(string(r)) <= edge {
		return true
	}
	if col == colLeaders {
		return isHan(lastLine) && utf8.RuneCountInString(lastLine) >= 2 && utf8.RuneCountInString(lastLine) <= 4 &&
			isHan(next) && utf8.RuneCountInString(next) >= 2 && utf8.RuneCountInString(next) <= 4
	}
	// 县自然资源局 / 城关镇: a whole unit on each line, the first the widest
	// of its column, are two units (县人力资源和社会 / 保障局, 市住房和城乡 /
	// 建设局 are one, cut)
	return wholeUnitEnd(lastLine) && isUnitName(next) && utf8.RuneCountInString(next) >= 3
}

// cutCollective: a collective cut inside its name (各乡 / 镇人民政府 is
// 各乡镇人民政府).
func cutCollective(piece, next string) bool {
	for _, c := range []string{"各乡镇", "各街道", "各镇街", "各县市", "各县区", "各区县", "各村社区"} {
		if len(piece) < len(c) && strings.HasPrefix(c, piece) && strings.HasPrefix(piece+next, c) {
			return true
		}
	}
	return false
}

// wholeUnitEnd: a name ending as only a whole body's name ends (…局, …委,
// …镇, …中心), not as a cut one may (…社会, …城乡).
func wholeUnitEnd(s string) bool {
	if utf8.RuneCountInString(s) < 3 || !isUnitName(s) {
		return false
	}
	for _, suf := range []string{"局", "委", "办", "院", "部", "厅", "中心", "公司", "集团", "镇", "街道", "办事处", "大队", "支队", "政府", "管委会"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// pieceTexts are the pieces' texts.
func pieceTexts(ps []piece) []string {
	out := make([]string, len(ps))
	for k, p := range ps {
		out[k] = p.text
	}
	return out
}

// singleSpacedPieces cuts a line at every space: a header whose columns
// stand one space apart (序号 工作任务 责任领导), as a table padded with
// one space between its columns leaves it.
func singleSpacedPieces(line string) []piece {
	var out []piece
	at := 0
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\u3000' }) {
		k := strings.Index(line[at:], f) + at
		out = append(out, piece{at: displayWidth(line[:k]), text: f})
		at = k + len(f)
	}
	return out
}

// splitAtColumns cuts a piece that runs across a column's start at the one
// space that stands just before that start: in a table padded with one
// space between its columns, a full cell touches the next one.
func splitAtColumns(ps []piece, cols []int) []piece {
	var out []piece
	for _, p := range ps {
		for {
			if !strings.ContainsAny(p.text, " \u3000") {
				out = append(out, p) // no space inside: nothing to cut at
				break
			}
			cut, end := -1, p.at+displayWidth(p.text)
			for _, c := range cols {
				if c <= p.at+1 || c >= end {
					continue
				}
				// the byte index of a space ending at display column c-1..c+1
				// (a full-width one too: a table typed with 全角 spaces)
				w := p.at
				for bi, r := range p.text {
					if end := w + displayWidth(string(r)); (r == ' ' || r == '\u3000') && end >= c-1 && end <= c+1 {
						cut = bi
						break
					}
					w += displayWidth(string(r))
					if w > c+1 {
						break
					}
				}
				if cut >= 0 {
					break
				}
			}
			if cut < 0 {
				out = append(out, p)
				break
			}
			left := strings.TrimRight(p.text[:cut], " \u3000")
			out = append(out, piece{at: p.at, text: left})
			rest := p.text[cut:]
			trimmed := strings.TrimLeft(rest, " \u3000")
			p = piece{at: p.at + displayWidth(p.text[:cut]) + displayWidth(rest[:len(rest)-len(trimmed)]), text: trimmed}
		}
	}
	return out
}

// spacedCandidate: a text line, not a row of a real table, '|' or tabs.
func spacedCandidate(b Block) bool {
	return b.Cells == nil && !strings.ContainsAny(b.Text, "|\t") && !boxContent(b.Text) && !isBoxBorder(b.Text)
}

// columnAt is the column a piece starting at display column at falls in:
// the last one that starts at or before it (one column of slack for a cell
// set a little to the left of its header).
func columnAt(cols []int, at int) int {
	k := 0
	for j, c := range cols {
		if c <= at+1 {
			k = j
		}
	}
	return k
}

// spacedRowNext reports whether the next line that is not blank, from
// bs[i], is laid out in three or more pieces (a row of the table).
func spacedRowNext(bs []Block, i int) bool {
	for ; i < len(bs); i++ {
		if !spacedCandidate(bs[i]) {
			return false
		}
		if strings.TrimSpace(bs[i].Text) != "" {
			return len(spacedPieces(bs[i].Text)) >= 3
		}
	}
	return false
}

// isRuleLine: a line drawn only of dashes or rule characters (at least
// three), as a table laid out with spaces is ruled under its header.
func isRuleLine(line string) bool {
	t := strings.TrimSpace(line)
	n := 0
	for _, r := range t {
		switch {
		case strings.ContainsRune("-—－_＿=＝~～", r), r >= 0x2500 && r <= 0x257F:
			n++
		case r == ' ' || r == '\u3000':
		default:
			return false
		}
	}
	return n >= 3
}

// totalLabel: a piece that opens with a table's total label (合计, 总计,
// 小计, 共计), maybe its count after it (合计：6项, 合计  6项 cut apart).
func totalLabel(text string) bool {
	f := strings.Fields(text)
	return len(f) > 0 && totalLabelRe.MatchString(f[0])
}

// repeatedHeader: the lines at bs[i] are the table's header (its first
// line at bs[start]) printed again at the top of a page (a printout
// repeats it on every page): the header's line itself, or a title line of
// one piece with the header's line next (a blank line, a page number or a
// printout's stamp between, pageStampRe). It returns how many lines that
// is, up to and with the header's first line; 0 when bs[i] is no repeat.
func repeatedHeader(bs []Block, i, start int) int {
	compact := func(t string) string { return strings.Join(strings.Fields(t), "") }
	want := compact(bs[start].Text)
	same := func(b Block) bool {
		return spacedCandidate(b) && len(spacedPieces(b.Text)) >= 2 && compact(b.Text) == want
	}
	if same(bs[i]) {
		return 1
	}
	if !spacedCandidate(bs[i]) || len(spacedPieces(bs[i].Text)) != 1 {
		return 0
	}
	for j := i + 1; j < len(bs) && j <= i+3; j++ {
		t := strings.TrimSpace(bs[j].Text)
		switch {
		case same(bs[j]):
			return j - i + 1
		case t == "" || pageNumberRe.MatchString(t) || pageStamp(t):
		default:
			return 0
		}
	}
	return 0
}

// pageStampRe is a line a printout stamps on each page between its title
// and its header: the page (第2页 共3页), when and by whom it was printed
// (打印时间：2024-03-01, 制表单位：…).
var pageStampRe = regexp.MustCompile(`^(?:.{0,30}第\s*[0-9]+\s*页.{0,30}|(?:打印|制表|填报|导出)(?:时间|日期|单位|人)[:：].{0,40})$`)

// pageStamp: a line is a printout's stamp (pageStampRe), its runs of
// spaces counted as one.
func pageStamp(line string) bool {
	return pageStampRe.MatchString(strings.Join(strings.Fields(line), " "))
}

// itemNumberRe opens a task's text with its number (1. 2、 （3） 4．), as a
// table without a 序号 column numbers its rows inside the text.
var itemNumberRe = regexp.MustCompile(`^(?:[0-9０-９]{1,3}[.、．]|[（(][0-9０-９]{1,3}[)）])`)

// numberedTextRows: the table has no 序号 column and the rows number
// themselves in the task's text (1.… 2.…): two lines or more open their
// text with a number, and no line without one fills the deadline column.
// Then a line whose text opens with no number (or is empty) continues the
// row above, though it fills the first column (成服务事项20项。 under
// 1.深化…新增集; a second leader 梅若华 in a leader column before the
// text). It returns the text column, -1 when the rows are not numbered so.
func numberedTextRows(h *header, lines []lineCells) int {
	if h == nil || h.index(colSeq) >= 0 {
		return -1
	}
	t := h.index(colText)
	if t < 0 {
		return -1
	}
	n, prev := 0, 0
	for _, lc := range lines {
		if lc.cells == nil || t >= len(lc.cells) {
			continue
		}
		if m := itemNumberRe.FindString(lc.cells[t]); m != "" {
			// the numbers run on (1. 2. 3.), as a list's do
			v, _ := strconv.Atoi(strings.Trim(norm.NFKC.String(m), ".、()（）"))
			if n > 0 && v != prev+1 {
				return -1
			}
			n, prev = n+1, v
			continue
		}
		// an unnumbered line that fills the deadline column, or both a
		// leader and a unit, is a row of its own: the rows are not all
		// numbered (a wrapped text, a name or a unit cut in two go on
		// under theirs)
		leader, unit := false, false
		for k, c := range lc.cells {
			if k == t || c == "" || k >= len(h.cols) {
				continue
			}
			switch h.cols[k] {
			case colDeadline:
				return -1
			case colLeaders:
				leader = true
			case colUnits:
				unit = true
			}
		}
		if leader && unit {
			return -1
		}
	}
	if n < 2 {
		return -1
	}
	return t
}
