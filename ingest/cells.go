package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cellPerLine is a table copied out of a web page: one cell per line, cells
// apart by blank lines or a lone '|' (or not at all). It is turned into rows
// for parseTable.
type cellPerLine struct {
	start  int     // index of the header's first line in the blocks
	blocks []block // the header row, then the rows and headings
	// apart are rows of several cells after the header, which the layout
	// does not read: they go to the report.
	apart []block
}

type token struct {
	line int
	text string
	sep  bool // a blank line or lone '|' stood before it
	// blanks counts the blank lines right before it: where no blank line
	// parts the cells, each is an empty cell
	blanks int
}

// findCellPerLine looks for a header written one cell per line and builds
// the rows below it; nil when there is none. Rows of several cells and
// page chrome stand apart from the cells (reported, never a cell).
func findCellPerLine(its []block) *cellPerLine {
	var toks []token
	var idx []int // block index of each token
	var rows []int
	sep, footer, blanks := false, false, 0
	for i, it := range its {
		text := cleanCell(it.text)
		if footer = inFooter(footer, text); footer {
			// a site's footer, to the next blank line, is no cell
			rows = append(rows, i)
			sep = true
			continue
		}
		if it.row && len(it.cells) == 1 {
			text = cleanCell(it.cells[0])
		} else if it.row {
			// a row of several cells (a '|' menu, a tab-separated line of
			// metadata) stands apart from this layout's cells
			rows = append(rows, i)
			sep = true
			continue
		}
		if text == "" || strings.Trim(text, "|") == "" {
			sep = true
			if text == "" {
				blanks++
			}
			continue
		}
		if isPageChrome(text) || isDistribution(text) || sep && tableNoteRe.MatchString(text) {
			// the page around a copied table: its footer ends the cells;
			// so does the table's note below it, apart by a blank line
			// (注：责任单位中排在第一位的为牵头单位)
			rows = append(rows, i)
			sep = true
			continue
		}
		toks = append(toks, token{line: it.line, text: text, sep: sep, blanks: blanks})
		blanks = 0
		idx = append(idx, i)
		sep = false
	}
	// the issuer and the date that sign the notice, apart from the last
	// row by a blank line, are no cells of it (where no blank line parts
	// the cells themselves)
	end, parted := len(toks), 0
	for end > 0 && isSignature(toks[end-1].text) {
		end--
	}
	for _, t := range toks[:end] {
		if t.sep {
			parted++
		}
	}
	if end > 0 && end < len(toks) && toks[end].sep && 4*parted < end {
		rows = append(rows, idx[end:]...)
		slices.Sort(rows)
		toks, idx = toks[:end], idx[:end]
	}
	for i := range toks {
		h, names, j, separated := headerRun(toks, i)
		if h == nil {
			continue
		}
		out := &cellPerLine{start: idx[i]}
		for _, r := range rows {
			if r > idx[i] {
				out.apart = append(out.apart, its[r])
			}
		}
		// every table of the document (附件1, 附件2 …): a later header
		// run ends the cells of the table before it, and the headings just
		// above it (附件2, the table's title) stand between them
		for h != nil {
			out.blocks = append(out.blocks, block{line: toks[i].line, text: strings.Join(names, " | "), cells: names, row: true, closed: true})
			next, nh, nnames, nj, nsep := len(toks), (*header)(nil), []string(nil), 0, false
			for k := j; k < len(toks); k++ {
				if hh, nn, jj, ss := headerRun(toks, k); hh != nil {
					next, nh, nnames, nj, nsep = k, hh, nn, jj, ss
					break
				}
			}
			// a contact list (序号 单位 联络员 电话) ends the table's cells
			// too: its header and its lines are one row each, which the
			// table reading sets aside (contactHeader)
			contacts := next
			var cnames []string
			for k := j; k < next; k++ {
				if cn, _ := contactRun(toks, k); cn != nil {
					contacts, cnames = k, cn
					break
				}
			}
			body, heads := toks[j:contacts], 0
			for heads < len(body) && (nh != nil && contacts == next && tableTitle(body[len(body)-1-heads].text) ||
				cnames != nil && (tableTitle(body[len(body)-1-heads].text) || contactTitleRe.MatchString(body[len(body)-1-heads].text))) {
				heads++
			}
			out.blocks = append(out.blocks, cellRows(h, body[:len(body)-heads], separated)...)
			for _, t := range body[len(body)-heads:] {
				out.blocks = append(out.blocks, block{line: t.line, text: t.text, cells: []string{t.text}, row: true, closed: true})
			}
			if cnames != nil {
				out.blocks = append(out.blocks, block{line: toks[contacts].line, text: strings.Join(cnames, " | "), cells: cnames, row: true, closed: true})
				for _, t := range toks[contacts+len(cnames) : next] {
					out.blocks = append(out.blocks, block{line: t.line, text: t.text, cells: []string{t.text}, row: true, closed: true})
				}
			}
			i, h, names, j, separated = next, nh, nnames, nj, nsep
		}
		return out
	}
	return nil
}

// tableNoteRe opens a table's note written below it: 注：, 说明：, 备注：.
var tableNoteRe = regexp.MustCompile(`^(?:注|附注|说明|备注|填表说明)\s*[:\x{FF1A}]`)

// headerRun reads a header written one cell per line from toks[i]: nil
// when the names there do not make one. j is the index after it.
func headerRun(toks []token, i int) (h *header, names []string, j int, separated bool) {
	// a header cell wrapped over two lines (区政府办 / 协管责任人) is one
	// name when the two together name a column and the first alone does not
	for j = i; j < len(toks); j++ {
		t := toks[j].text
		if isHeaderName(t) {
			names = append(names, t)
			separated = separated || (j > i && toks[j].sep)
			continue
		}
		if len(names) > 0 && j+1 < len(toks) && utf8.RuneCountInString(t) <= 6 && !strings.ContainsAny(t, "0123456789") && isHeaderName(t+toks[j+1].text) {
			names = append(names, t+toks[j+1].text)
			j++
			continue
		}
		break
	}
	if len(names) < 2 {
		return nil, nil, 0, false
	}
	h, ok := parseHeader(names)
	if !ok {
		return nil, nil, 0, false
	}
	return h, names, j, separated
}

// tableTitleRe: the lines above a table that name it (附件2, 2025年县级民生
// 实事项目责任分工表).
var tableTitleRe = regexp.MustCompile(`^附件\s*\d{0,2}\s*[:：]?$|(?:表|清单|一览表|分解|分工|方案)$`)

func tableTitle(s string) bool {
	s = strings.TrimSpace(s)
	return utf8.RuneCountInString(s) <= 60 && tableTitleRe.MatchString(s)
}

// isHeaderName: a short cell that names a column (a bracketed note does
// not count towards its length: 重点工作任务(杭州市2项配合工作)).
func isHeaderName(s string) bool {
	name := headerName(s)
	return utf8.RuneCountInString(name) <= 12 && (classifyHeader(s) != colExtra || groupingNames[name] || isProgressName(name))
}

// cellRows groups the tokens after the header into cells and the cells into
// rows: a row starts at its seq number when the first column is 序号, else
// every len(header) cells. Headings between rows stay single-cell rows.
func cellRows(h *header, toks []token, separated bool) []block {
	type cell struct {
		line   int
		text   string
		blanks int
	}
	var cells []cell
	for _, t := range toks {
		if separated && !t.sep && len(cells) > 0 {
			// one cell over lines: names one per line, text going on
			prev := &cells[len(cells)-1]
			if sh := shapeOf(t.text); (sh == shapePerson || sh == shapeUnits) && shapeOf(prev.text) == sh || oneCellLines(lastLine(prev.text), t.text) {
				prev.text += "\n" + t.text
			} else {
				prev.text += t.text
			}
			continue
		}
		cells = append(cells, cell{t.line, t.text, t.blanks})
	}
	k := len(h.cols)
	var out []block
	emit := func(row []cell) {
		if len(row) == 0 {
			return
		}
		vals := make([]string, 0, len(row))
		for _, c := range row {
			vals = append(vals, c.text)
		}
		out = append(out, block{line: row[0].line, text: strings.Join(vals, " | "), cells: vals, row: true, closed: true})
	}
	after := 0 // the blank lines after the row: its last cells, empty
	if !separated {
		// a cell run over two lines, with no blank line to say where
		// cells part: join what cannot stand as a cell of its own
		emit = func(row []cell) {
			if len(row) == 0 {
				return
			}
			texts := make([]string, len(row))
			empty := after
			for i, c := range row {
				texts[i] = c.text
				if i > 0 {
					empty += c.blanks
				}
			}
			texts = joinCellLines(texts, k, empty)
			out = append(out, block{line: row[0].line, text: strings.Join(texts, " | "), cells: texts, row: true, closed: true})
		}
	}
	// a leader group row only where no column holds the leaders: else
	// 责任领导：X is a cell of the row
	groupRows := leaderless(h)
	var row []cell
	if h.index(colSeq) == 0 {
		lastSeq := 0
		for _, c := range cells {
			if m := seqCellRe.FindStringSubmatch(c.text); m != nil {
				// a 1 after a full row starts the numbering again (1–3, 1–3
				// under the merged cells of a category column)
				if n, _ := strconv.Atoi(m[1]); n > lastSeq && (lastSeq == 0 || n <= lastSeq+5) || n == 1 && lastSeq > 0 && len(row) >= k-1 {
					after = c.blanks
					emit(row)
					row, lastSeq = []cell{c}, n
					continue
				}
			}
			if (isHeading(c.text) || groupRows && leaderGroupLine(c.text)) && (len(row) == 0 || len(row) >= k-1) {
				// a section's heading, or a leader group row (包保领导：X)
				// between the rows: a row of its own
				after = c.blanks
				emit(row)
				row = nil
				out = append(out, block{line: c.line, text: c.text, cells: []string{c.text}, row: true, closed: true})
				continue
			}
			row = append(row, c)
		}
		after = 0
		emit(row)
		return out
	}
	for _, c := range cells {
		if (isHeading(c.text) || groupRows && leaderGroupLine(c.text)) && len(row) == 0 {
			out = append(out, block{line: c.line, text: c.text, cells: []string{c.text}, row: true, closed: true})
			continue
		}
		row = append(row, c)
		if len(row) == k {
			emit(row)
			row = nil
		}
	}
	emit(row)
	return out
}

// joinCellLines joins the lines of a row copied one cell per line that
// are one cell's: a line ending in a list's separator (区自然资源局、, 推进
// 改革，) goes on on the next, whatever the row's length — no cell ends in
// one; and, in a row of more lines than the header has columns (its empty
// cells, the blank lines, counted), a line
// that cannot open a cell — a short piece no unit's name opens with (保障
// 局, 委员会, 房和城乡建设局) after a unit's name that it completes (区人力资源
// 和社会 / 保障局, 区自然资源局、区住 / 房和城乡建设局) — when exactly one line
// of the row is such a piece. empty counts the row's empty cells (blank
// lines) among its lines.
func joinCellLines(cells []string, k, empty int) []string {
	out := []string{}
	for _, c := range cells {
		if n := len(out); n > 0 && endsInSeparator(out[n-1]) {
			out[n-1] += c
			continue
		}
		if n := len(out); n > 0 && oneCellLines(lastLine(out[n-1]), c) {
			out[n-1] += "\n" + c
			continue
		}
		out = append(out, c)
	}
	for len(out)+empty > k {
		at := -1
		for j := 1; j+1 < len(out); j++ {
			if namePiece(out[j], out[j+1]) {
				if at >= 0 {
					return out // two places it could be: leave it to the alignment
				}
				at = j
			}
		}
		if at < 0 {
			break
		}
		out[at] += out[at+1]
		out = slices.Delete(out, at+1, at+2)
	}
	return out
}

// oneCellLines: two lines copied one cell per line that are one cell's,
// whatever the blank lines say, as no cell stands alone as the first: a
// unit cell's labelled lines (牵头：A over 配合：B、C, 牵头单位：A over 协办
// 单位：B) and a leader's title over the name (副市长 over 韩永刚, 县教育局
// 局长 over 王建平).
func oneCellLines(above, next string) bool {
	switch labelKind(above) {
	case colUnits, colLeaders:
		k := labelKind(next)
		return k == colCoUnits || k == colUnits && labelKind(above) == colLeaders
	}
	if titleOnlyRe.MatchString(above) || officeTitleRe.MatchString(above) || committeeRe.MatchString(above) {
		return !titleOnlyRe.MatchString(next) && !deadlinePartRe.MatchString(next) && isPersonName(next)
	}
	return false
}

// labelKind is the field a line's opening key names (牵头：, 配合单位：,
// 责任领导：), colExtra when it opens with none.
func labelKind(line string) column {
	if keys := topKeys(line); len(keys) > 0 && keys[0].start == 0 {
		return cellKeyKind(keys[0].key)
	}
	return colExtra
}

// lastLine is the last line of a cell joined over lines.
func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// endsInSeparator: a line ending in a list's separator (、，,；;).
func endsInSeparator(s string) bool {
	for _, sep := range []string{"、", "，", ",", "；", ";"} {
		if strings.HasSuffix(s, sep) {
			return true
		}
	}
	return false
}

// unitOpenRe: how the name of a unit opens — its level or a body whose name
// is its own start (各, 中共, 共青团, 团县委).
var unitOpenRe = regexp.MustCompile(`^(?:各|区|县|市|省|州|盟|旗|镇|乡|街道|村|社区|中共|共青团|团|国家|国务院|全国|中国|自治)`)

// namePiece: next is the end of a unit's name begun on the line above: short,
// one name, opening as no unit does, and completing the line above into a
// name of a unit's shape.
func namePiece(above, next string) bool {
	if utf8.RuneCountInString(next) > 8 || unitOpenRe.MatchString(next) || strings.ContainsAny(next, "、，,；;。 ") || !isHan(next) {
		return false
	}
	if sh := shapeOf(above); sh != shapeUnits && sh != shapeOther && !(sh == shapePerson && unitOpenRe.MatchString(above)) {
		return false // a sentence, a person's name, a date (区民政 is begun, not 区红)
	}
	// the last name of the line above is begun: 区自然资源局、区住 / 房和城乡建设局
	names := splitNames(above)
	if len(names) == 0 {
		return false
	}
	last := names[len(names)-1]
	begun := isUnitName(last) || unitOpenRe.MatchString(last) && isHan(last)
	return begun && shapeOf(above+next) == shapeUnits
}

// distributionRe is a notice's closing lines: who else receives it (抄送：…)
// and who printed it when (…办公室 2024年2月20日印发).
var distributionRe = regexp.MustCompile(`^(?:抄送|抄报|分送|主送|发送)\s*[:\x{FF1A}]|印发\s*$`)

// isDistribution reports a closing line of distribution: never a cell, a
// row or a task.
func isDistribution(s string) bool { return distributionRe.MatchString(strings.TrimSpace(s)) }

// contactRe is a notice's contact line (联系人：…, 联系电话：…（区政府督查室）):
// whom to call, never part of a task nor its unit.
var contactRe = regexp.MustCompile(`^(?:联\s*系\s*人|联系电话|联系方式|咨询电话|监督电话|举报电话|联系单位)\s*[:\x{FF1A}]`)

// isContact reports a contact line.
func isContact(s string) bool { return contactRe.MatchString(strings.TrimSpace(s)) }
