package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// Section headings: 一、… (一)… 【一】… ——… 第一部分…
	headingRe = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十百]+\s*[、.\x{FF0E}]|[(\x{FF08}][一二三四五六七八九十]+[)\x{FF09}]|【[一二三四五六七八九十]+】|——|—|第[一二三四五六七八九十]+(?:部分|章|节|篇))`)
	// A sub-heading (一)… nests under a top heading 一、…
	subHeadingRe = regexp.MustCompile(`^\s*[(\x{FF08}][一二三四五六七八九十]+[)\x{FF09}]`)
	// A number starting a new row: 12, 12., 12、
	seqCellRe = regexp.MustCompile(`^\s*(\d{1,5})\s*[.、\x{FF0E}]?\s*$`)
)

// numeralSeqRe is a section's number in a seq column: 一, 二、, (三).
var numeralSeqRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]+\s*[、.\x{FF0E}]?|[(\x{FF08}][一二三四五六七八九十]+[)\x{FF09}])$`)

// numeralHeadingRow reports a section row written in the table's columns:
// a Chinese numeral in the seq column and at most a title beside it, no
// leader, unit or deadline (tasks carry digits).
func numeralHeadingRow(cells []string, hdr *header) bool {
	at := hdr.index(colSeq)
	if at < 0 || at >= len(cells) || !numeralSeqRe.MatchString(cells[at]) {
		return false
	}
	filled := 0
	for i, c := range cells {
		if c == "" || i == at {
			continue
		}
		filled++
		if i < len(hdr.cols) {
			switch hdr.cols[i] {
			case colLeaders, colUnits, colCoUnits, colDeadline, colDuty:
				return false
			}
		}
	}
	return filled <= 1
}

// noteLabelRe is the label of a table's note row: 备注, 注, 附注, 说明.
var noteLabelRe = regexp.MustCompile(`^(?:备\s*注|注|附\s*注|说\s*明|填表说明)\s*[:\x{FF1A}]?$`)

// noteRow: a row whose first filled cell is a note's label and whose other
// filled cells are one text (a cell merged across the rest of the row): 备注
// | 项目进展情况实行月报制度… A task's row has a text, a unit and a deadline
// that differ; a 备注 column's value stands after the task's cells.
//
// A note written whole in one cell (说明：协办单位要主动配合…, the only
// filled cell of its row) is one too.
func noteRow(cells []string) bool {
	label, rest := -1, ""
	for i, c := range cells {
		switch {
		case c == "":
		case label < 0:
			if loc := closingNoteRe.FindStringIndex(c); loc != nil && strings.TrimSpace(c[loc[1]:]) != "" {
				label, rest = i, c
				continue
			}
			if !noteLabelRe.MatchString(c) {
				return false
			}
			label = i
		case rest == "":
			rest = c
		case c != rest:
			return false
		}
	}
	return label >= 0 && rest != ""
}

func isHeading(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && utf8.RuneCountInString(s) <= 80 && headingRe.MatchString(s)
}

// sections tracks the headings the rows stand under and who they name
// (一、于会游市长主抓重点工作, (一)区教育局牵头:): a sub-heading that names
// nobody keeps its top heading's.
type sections struct {
	top, sub       string
	topWho, subWho *clause
	// lead is the last leader group row's leaders (包保领导：孙卫东); nest
	// says how such rows nest with the section headings, from the first:
	// one before any heading stands above them (leadOuter, a heading
	// keeps it), one under a heading stands within it (leadInner, the
	// next top heading ends it).
	lead *clause
	nest int
}

const (
	leadOuter = 1 + iota
	leadInner
)

func (s *sections) set(h string) {
	h = strings.TrimSpace(h)
	who := sectionClause(h)
	if !subHeadingRe.MatchString(h) {
		s.top, s.topWho = h, who
		s.sub, s.subWho = "", nil
		if s.nest == leadInner {
			s.lead = nil
		}
		return
	}
	s.sub, s.subWho = h, who
}

// setLead starts the group of rows a leader group row leads.
// sectionClause is what a section row of a table assigns: a heading naming
// its leader or unit (headingClause), or keys after its title — in a
// bracket (一、经济发展（分管领导：韦志成、蒋红梅）, （包联领导　谭玉兰）) or after
// a dash (二、城市建设管理 ——分管领导：邱少华（副主任）). nil when it names
// nobody.
func sectionClause(h string) *clause {
	if c, ok := headingClause(h); ok {
		return c
	}
	if _, c := trailingClause(h); c != nil {
		return c
	}
	if m := sectionKeysRe.FindStringSubmatch(h); m != nil {
		keys := strings.TrimSpace(m[1])
		if !strings.ContainsAny(keys, ":\uFF1A") {
			// 包联领导　谭玉兰: the key apart from its value by a space
			if i := strings.IndexAny(keys, " \u3000"); i > 0 {
				keys = keys[:i] + "：" + strings.TrimLeft(keys[i:], " \u3000")
			}
		}
		if c, ok := parseKeyed(keys); ok {
			c.resolve(false)
			return c
		}
	}
	return nil
}

// sectionKeysRe finds keys after a section's title: after a dash, or in
// its closing bracket with the key apart from its value by a space.
var sectionKeysRe = regexp.MustCompile(`(?:——|—|[(\x{FF08}])\s*(\p{Han}{2,8}(?:[:\x{FF1A}]|[ \x{3000}]+)[^()\x{FF08}\x{FF09}]+?(?:[(\x{FF08}][^()\x{FF08}\x{FF09}]*[)\x{FF09}])?)[)\x{FF09}]?$`)

func (s *sections) setLead(leaders []string) {
	if s.nest == 0 {
		s.nest = leadOuter
		if s.top != "" || s.sub != "" {
			s.nest = leadInner
		}
	}
	s.lead = &clause{leaders: leaders, via: ViaHeading}
}

// who is what the headings and leader group rows above a row assign, nil
// for nothing; a group row's leaders before a heading's.
func (s *sections) who() *clause {
	w := s.topWho
	if s.subWho != nil {
		w = mergeClause(s.subWho, s.topWho)
	}
	if s.lead != nil {
		return mergeClause(s.lead, w)
	}
	return w
}

func (s *sections) String() string {
	switch {
	case s.top != "" && s.sub != "":
		return s.top + " / " + s.sub
	case s.sub != "":
		return s.sub
	}
	return s.top
}

// logicalRow is a task row after continuations were merged into it.
type logicalRow struct {
	// inherited are the columns the row took from the row above through
	// a blank in copied text (alignCells), for the report's warning.
	inherited []int
	line      int
	cells     []string
	raw       string
	closed    bool
	section   string
	// who is what the headings above assign: the leaders (and units) of a
	// table that has no column for them.
	who *clause
	// text: the row was written as text ('|', tabs, one cell per line),
	// not read from a real table.
	text bool
	// exact: the row's tabs part it into exactly the header's cells, so
	// each cell stands in its column as written (never placed anew).
	exact bool
	hdr   *header
	// overPage are the columns a PDF's merged cell was read to go on into
	// from the page before, where the row's own cell is empty (a guess,
	// warned of).
	overPage []int
}

// parseTable reads the rows after the header at its[at]: task rows, rows
// continuing the row above (a text line broken inside a cell, a repeated
// seq, a row with no seq whose text goes on), section headings, repeated
// headers (page breaks), and lines it cannot use, which go to the report.
// leadRule: the text above the table states a lead rule (排在第一位的为牵头
// 单位), so a units column that has no co-units column beside it holds the
// lead unit first and the co-operating ones after it.
func parseTable(its []block, at int, rep *Report, leadRule bool) []Task {
	return readTable(its, at, rep, false, leadRule)
}

// readTable is parseTable; with progress, a progress report's header
// (readHeader) heads the table.
func readTable(its []block, at int, rep *Report, progress, leadRule bool) []Task {
	hdr, _ := readHeader(its[at].cells, progress)
	hdrTable := its[at].table
	if at+1 < len(its) && its[at+1].row {
		if h, ok := subHeader(hdr, its[at].cells, subHeaderCells(its[at+1])); ok {
			hdr, at = h, at+1
		}
	}
	if leadRule {
		hdr.applyLeadRule()
	}
	var (
		rows []*logicalRow
		sec  sections
		last *logicalRow
		// prevCells are the cells of the table row before, to tell a
		// merged cell carried into a heading row
		prevCells []string
		// spanned are the rows of one text across the table since the
		// last task row
		spanned []block
		// contacts: the rows are a contact list's (contactHeader), not
		// tasks, until the next task header
		contacts bool
		// groupLeaders: a leader group row was read (包保领导：X)
		groupLeaders bool
	)
	if h := groupHeadingAbove(its, at); h != "" {
		// 一、陈立新副县长分管工作 right above the first header: the
		// leader of the table's rows
		sec.set(h)
	}
	unused := func(it block, reason string) {
		rep.Unused = append(rep.Unused, UnusedLine{Line: it.line, Text: it.text, Reason: reason})
	}
	sheet := its[at].sheet
	for i := at + 1; i < len(its); i++ {
		it := its[i]
		if it.sheet != sheet {
			// the next sheet of a workbook: its headings are its own
			sheet, sec, last = it.sheet, sections{}, nil
		}
		if !it.row {
			text := cleanCell(it.text)
			switch {
			case strings.Trim(text, "| \t") == "" && strings.Contains(text, "|"):
				unused(it, reasonEmptyRow)
			case text == "":
				rep.BlankLines++
				if hdrTable != 0 {
					// a real table's empty row: what comes under it (the
					// issuer and date signing a sheet) does not go on in the
					// row above
					last = nil
				}
			case isHeading(text):
				sec.set(text)
				last = nil
			case leaderless(hdr) && leaderGroupLine(text):
				// 包保领导：孙卫东 on a line of its own between the rows of
				// a table copied as text: the leader of the rows below
				leaders, _ := leaderGroupRow(text)
				sec.setLead(leaders)
				groupLeaders = true
				last = nil
			case isPageChrome(text) || isSiteFooter(text):
				// print/share buttons, 上一篇/下一篇, a site's footer
				// (主办单位：…　网站标识码：…) after the table
				unused(it, reasonChrome)
			case last != nil && !last.closed && len(last.cells) < len(last.hdr.cols):
				// a cell broken over lines: the row has not all its cells
				// yet, so the text goes on in its last cell
				last.cells[len(last.cells)-1] += text
				last.raw += "\n" + it.text
			case it.table == 0 && hdrTable == 0 && len(rows) > 0:
				unused(it, reasonNotRow)
			default:
				unused(it, reasonAfterTable)
			}
			continue
		}
		if h, ok := readHeader(it.cells, progress); ok {
			if i+1 < len(its) && its[i+1].row {
				// a header of two rows again (the next sheet's)
				if h2, ok := subHeader(h, it.cells, subHeaderCells(its[i+1])); ok {
					h = h2
					i++
				}
			}
			if leadRule {
				h.applyLeadRule()
			}
			hdr, hdrTable, last, contacts = h, it.table, nil, false
			continue
		}
		if contactHeader(it.cells) {
			// 序号 | 单位 | 联络员 | 电话: a contact list, its rows no tasks
			// until a task header again
			contacts, last = true, nil
			unused(it, reasonContacts)
			continue
		}
		if contacts {
			unused(it, reasonContacts)
			continue
		}
		if it.table != 0 && it.table != hdrTable && len(it.cells) != len(hdr.cols) {
			unused(it, reasonOtherTable)
			continue
		}
		raw := tabCells(it, len(hdr.cols))
		cells := make([]string, len(raw))
		filled, first := 0, ""
		allSame := true
		for i, c := range raw {
			cells[i] = cleanCell(c)
			if cells[i] != "" {
				if filled == 0 {
					first = cells[i]
				} else if cells[i] != first {
					allSame = false
				}
				filled++
			}
		}
		switch {
		case filled == 0:
			unused(it, reasonEmptyRow)
			continue
		case fillerRow(cells):
			// 填报人：周倩 | 审核人：刘春阳 | 联系电话：…: who filled in the
			// sheet, under its table
			unused(it, reasonContacts)
			last = nil
			continue
		case !phoneColumn(hdr) && contactRow(cells):
			// 市工业和信息化局 | 王晓明 | 0377-63152210: a contact list's
			// row, whatever header it stands under
			unused(it, reasonContacts)
			last = nil
			continue
		case (isPageChrome(first) || isDistribution(first)) && writtenSeq(first) == 0:
			// the page around the table: 加入收藏 | 繁體中文, 网站地图 | 联系我们
			unused(it, reasonChrome)
			last = nil
			continue
		case filled == 1 && (signedLine(first) || isSignature(first)):
			// | 青川市人民政府办公室　2024年2月6日 | | |: the sheet signed
			// under its table, in whichever cell, is no task
			note := it
			note.text = first
			unused(note, reasonAfterTable)
			last = nil
			continue
		case totalRow(cells):
			// 合计 | 共12项 | | | 2140: the table's total, not a task
			unused(it, reasonTotalRow)
			last = nil
			continue
		case noteRow(cells):
			// 备注 | 项目进展实行月报制度…(merged across the rest): the
			// table's note, not a task
			unused(it, reasonNoteRow)
			last = nil
			continue
		case numeralHeadingRow(cells, hdr):
			// 一 | 着力稳增长促发展 | | |: a section's numeral in the seq
			// column and its title beside it
			sec.set(strings.Join(slices.DeleteFunc(slices.Clone(cells), func(c string) bool { return c == "" }), " "))
			last = nil
			continue
		case groupRowText(cells, filled, allSame) != "":
			// 包保领导：孙卫东（副区长） across the table (or 包保领导 |
			// 孙卫东 in two spans): the leader of the rows below it, until
			// the next such row
			text := groupRowText(cells, filled, allSame)
			leaders, _ := leaderGroupRow(text)
			sec.setLead(leaders)
			groupLeaders = true
			last = nil
			note := it
			note.text = text
			spanned = append(spanned, note)
			continue
		case (filled == 1 || allSame && filled > 1) && !seqCellRe.MatchString(first) && (isHeading(first) || filled > 1 || len(cells) == 1 || cells[0] == first && hdr.index(colSeq) == 0):
			// a heading row: one cell, or one cell spanned across the table
			sec.set(first)
			last = nil
			note := it
			note.text = first // its text once, not once a column
			spanned = append(spanned, note)
			continue
		case it.table != 0 && !seqCellRe.MatchString(first) && isHeading(first) && headingUnderMerge(cells, prevCells, first, hdr):
			// （二）公共服务 across its own columns, a leader's cell merged
			// over the rows above and below it carried into it: a heading
			sec.set(first)
			last = nil
			prevCells = cells
			continue
		}
		prevCells = cells
		if last != nil && continues(last, cells, it, hdr) {
			mergeRow(last, cells, hdr)
			last.raw += "\n" + it.text
			last.closed = it.closed
			continue
		}
		exact := it.table == 0 && len(raw) == len(hdr.cols) && len(hdr.cols) > 2 && strings.Count(it.text, "\t") == len(hdr.cols)-1 && !strings.Contains(it.text, "|")
		last = &logicalRow{line: it.line, cells: cells, raw: it.text, closed: it.closed, section: joinSheet(sheet, sec.String()), who: sec.who(), hdr: hdr, text: it.table == 0, overPage: it.carried, exact: exact}
		rows = append(rows, last)
		spanned = nil
	}
	for _, it := range spanned {
		// a row of one text across the table after its last task (各牵头
		// 处室每月底前…, 附件：…清单, the issuer signing the sheet): the
		// table's note or what follows it, heading no row
		unused(it, reasonAfterTable)
	}
	for i, r := range rows {
		var above *logicalRow
		if i > 0 {
			above = rows[i-1]
		}
		if !r.exact {
			r.cells, r.inherited = alignCells(r.hdr, r.cells, above, r.text)
		}
	}
	carrySameAbove(rows, its)
	joinStackedNames(rows)
	tasks := rowsToTasks(rows, rep)
	named := slices.ContainsFunc(tasks, func(t Task) bool { return len(t.Leaders) > 0 })
	switch {
	case groupLeaders && named:
		groupLeaderless(tasks, rep)
	case leaderless(hdr) && !named:
		// (a group line under the last row heads no row)
		if !soleLeaderLine(its, tasks, rep) && groupLeaders {
			groupLeaderless(tasks, rep)
		}
	}
	return tasks
}

// soleLeaderLine gives every task of a table without a leaders column the
// leader one line outside the table names (分管领导：管委会副主任 冯立强, above
// the header or under the last row), when the document has exactly one
// such line; the line is then used, not left over.
func soleLeaderLine(its []block, tasks []Task, rep *Report) bool {
	var leaders []string
	line := 0
	for _, it := range its {
		text := it.text
		if it.row {
			one, only := onlyCell(it.cells)
			if !only {
				continue
			}
			text = one
		}
		ls, ok := leaderGroupRow(text)
		if !ok {
			continue
		}
		if line != 0 && !slices.Equal(ls, leaders) {
			return false // two leaders named apart: whose rows are whose is not said
		}
		leaders, line = ls, it.line
	}
	if line == 0 || len(tasks) == 0 {
		return false
	}
	for i := range tasks {
		tasks[i].Leaders = slices.Clone(leaders)
	}
	rep.Unused = slices.DeleteFunc(rep.Unused, func(u UnusedLine) bool { return u.Line == line })
	return true
}

// joinStackedNames mends a leader's name that a narrow merged cell printed
// one character per line split over rows (王建 on one row, 国 on the next,
// then 国 carried down the merge): a fragment that is no name followed by
// one that completes it gives the whole name to both and to the rows the
// second was carried into.
func joinStackedNames(rows []*logicalRow) {
	for i := 0; i+1 < len(rows); i++ {
		at := rows[i].hdr.index(colLeaders)
		if at < 0 || rows[i+1].hdr != rows[i].hdr || at >= len(rows[i].cells) || at >= len(rows[i+1].cells) {
			continue
		}
		a, b := rows[i].cells[at], rows[i+1].cells[at]
		// no leader has a one-character name: a single character is a
		// fragment of the name above it
		if a == "" || utf8.RuneCountInString(b) != 1 || utf8.RuneCountInString(a) > 3 || !isHan(a) || !isHan(b) ||
			!isPersonName(a+b) || utf8.RuneCountInString(a+b) > 4 {
			continue
		}
		name := a + b
		rows[i].cells[at] = name
		for j := i + 1; j < len(rows) && rows[j].hdr == rows[i].hdr && at < len(rows[j].cells) && rows[j].cells[at] == b; j++ {
			rows[j].cells[at] = name
		}
	}
}

// tabCells are a row's cells. A tab-separated line of text keeps, by its
// tabs, the empty cells at its ends (a category cell left empty under a
// merged one, an empty 配合单位 at the end) when the tabs give exactly one
// cell per column: the cells stay in their columns.
func tabCells(it block, cols int) []string {
	if it.table != 0 || strings.Contains(it.text, "|") || !strings.Contains(it.text, "\t") || len(it.cells) == cols {
		return it.cells
	}
	parts := strings.Split(strings.TrimRight(strings.TrimLeft(it.text, " "), " \r"), "\t")
	if len(parts) != cols {
		return it.cells
	}
	return parts
}

// groupHeadingAbove is the heading that stands right above the header at
// its[at] (blank lines apart): a section (一、经济发展) or one naming a
// leader (一、陈立新副县长分管工作), the section of the rows below and not
// the document's title. "" when there is none.
func groupHeadingAbove(its []block, at int) string {
	for i := at - 1; i >= 0; i-- {
		t := cleanCell(its[i].text)
		if its[i].row && len(its[i].cells) == 1 {
			t = cleanCell(its[i].cells[0])
		} else if its[i].row {
			return ""
		}
		if t == "" {
			continue
		}
		if isHeading(t) && (leaderHeading(t) || headingRe.MatchString(t) && titleLike(t)) {
			return t
		}
		return ""
	}
	return ""
}

// maxAlignCells bounds the rows placed by content (alignRow costs cells² ×
// columns); wider rows are read as written.
const maxAlignCells = 40

// alignCells places the cells of a row that has not one cell per column
// (alignRow); a column a merged cell left empty takes the row above's
// value, except the seq and the text, which are the row's own. A row of
// text (no real table behind it) as long as the header is placed anew only
// when that fits clearly better than as written and leaves a merged cell
// inside the row: one merged cell missing and one cell's two lines split
// make the count come out even.
//
// In text copied from a table (one cell per line, tabs, pipes) a blank is
// not a merge: a missing cell of a column that is often blank (配合单位,
// 完成时限, 备注) is empty. Only the columns a merge is written for (the
// leader, the lead unit, a category) take the value above, and the row
// records them (inherited) for the report's warning.
func alignCells(hdr *header, cells []string, above *logicalRow, text bool) (out []string, inherited []int) {
	filled := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			filled++
		}
	}
	if filled < 2 || len(cells) > maxAlignCells || len(hdr.cols) > maxAlignCells || len(cells) > len(hdr.cols) && !text {
		return cells, nil
	}
	if len(cells) == len(hdr.cols) && !text {
		return cells, nil
	}
	out, gaps, score := alignRow(hdr, cells)
	if len(cells) == len(hdr.cols) && (len(gaps) == 0 || score < positionalScore(hdr, cells)+3) {
		return cells, nil
	}
	for _, g := range gaps {
		c := hdr.cols[g]
		if above == nil || above.hdr != hdr || g >= len(above.cells) || c == colSeq || c == colText {
			continue
		}
		if text && c != colLeaders && c != colUnits && c != colDuty && c != colSection && !groupingNames[hdr.names[g]] {
			continue // a blank, not a merge
		}
		out[g] = above.cells[g]
		if text && out[g] != "" {
			inherited = append(inherited, g)
		}
	}
	return out, inherited
}

// continues reports whether a row goes on with the row before it rather
// than starting a task: a text row the line before left open, a row with the
// same seq (a merged seq cell over two rows), or a row with no seq whose
// text or names go on where the row before did not finish its sentence.
func continues(last *logicalRow, cells []string, it block, hdr *header) bool {
	if last.hdr != hdr {
		return false
	}
	seqAt := hdr.index(colSeq)
	seq := ""
	if seqAt >= 0 && seqAt < len(cells) {
		seq = cells[seqAt]
	}
	if !last.closed && len(last.cells) < len(hdr.cols) {
		return seq == "" || !seqCellRe.MatchString(seq) || len(cells) < len(hdr.cols)
	}
	if seqAt < 0 {
		return false
	}
	if seq != "" {
		// The same seq again is a seq cell merged over two rows; that only
		// happens in real tables (HTML, DOCX, XLSX), where spans were
		// expanded. In text it is a duplicate, for the report. A row of
		// its own text and its own units, leader or deadline under the
		// merged seq is a sub-row, a task of its own (5 | 建成门急诊楼 |
		// 县医院集团 / 5 | 推进设备更新 | 县财政局); a text going on with
		// nothing of its own beside it (推进…迭代升级, / 上线应用场景…)
		// continues the row above.
		if it.table == 0 || seqAt >= len(last.cells) || seq != last.cells[seqAt] {
			return false
		}
		return !ownSubRow(last.cells, cells, hdr)
	}
	textAt := hdr.index(colText)
	text := ""
	if textAt >= 0 && textAt < len(cells) {
		text = cells[textAt]
	}
	if text == "" {
		return true // names or a deadline going on
	}
	prev := ""
	if textAt < len(last.cells) {
		prev = last.cells[textAt]
	}
	return prev != "" && !strings.HasSuffix(prev, "。") && !strings.HasSuffix(prev, ";") && !strings.HasSuffix(prev, "\uFF1B")
}

// mergeRow appends a continuation to the row before. For an open text row
// the first cell goes on in the last cell; otherwise cell by cell, a value
// equal to the one above (a merged cell repeated) is not doubled.
func mergeRow(last *logicalRow, cells []string, hdr *header) {
	if !last.closed && len(last.cells) < len(hdr.cols) {
		last.cells[len(last.cells)-1] += cells[0]
		last.cells = append(last.cells, cells[1:]...)
		return
	}
	for i, c := range cells {
		if i >= len(last.cells) {
			last.cells = append(last.cells, c)
			continue
		}
		if c == "" || c == last.cells[i] {
			continue
		}
		switch {
		case i < len(hdr.cols) && hdr.cols[i] == colText:
			last.cells[i] += c
		case last.cells[i] == "":
			last.cells[i] = c
		default:
			last.cells[i] += "\n" + c
		}
	}
}

// leadMark marks the lead unit inside a unit cell, a key's value or a
// bracket's list: 区住建局(牵头), 区卫健局（主责）. Names are compared with
// their brackets folded to half width (splitNames).
var leadMark = regexp.MustCompile(`\s*\((?:牵头|牵头单位|牵头部门|主办|主办单位|主责|主责单位)\)$`)

// coMark is a unit's mark that it co-operates (县统计局（协办）), the
// counterpart of leadMark: never part of the name.
var coMark = regexp.MustCompile(`\s*\((?:配合|配合单位|协办|协办单位|协同|协同单位|参与|参与单位|会办|协助)\)$`)

// takeLeadMarks parts names into those marked (牵头) — the mark removed —
// and the others, each in written order. Two marked names both lead.
func takeLeadMarks(names []string) (marked, others []string) {
	for _, n := range names {
		if leadMark.MatchString(n) {
			if m := strings.TrimSpace(leadMark.ReplaceAllString(n, "")); m != "" {
				marked = append(marked, m)
				continue
			}
		}
		if coMark.MatchString(n) {
			if m := strings.TrimSpace(coMark.ReplaceAllString(n, "")); m != "" {
				n = m
			}
		}
		others = append(others, n)
	}
	return marked, others
}

// unitCell reads a unit cell: keys inside it (牵头单位:A;配合单位:B), a unit
// marked (牵头) leading the others, or, in a column for both (责任主体与协同
// 单位), the first unit leading; else every unit leads.
func unitCell(c string, mixed bool) (units, co []string) {
	units, co, _ = unitCellHeads(c, mixed, false)
	return units, co
}

// unitCellHeads is unitCell that also returns the persons named after a
// unit in the cell (区民政局 伍泽国, under 牵头单位及主要负责人): the unit
// is the task's, its head is the task's leader when no leader column, key
// or heading names one.
func unitCellHeads(c string, mixed, written bool) (units, co, heads []string) {
	if keys := topKeys(c); len(keys) > 0 && keys[0].start == 0 && cellKeyKind(keys[0].key) != colExtra || isKeyLine(c) {
		if k, ok := parseKeyedAs(c, cellKeyKind); ok {
			return k.units, k.coUnits, nil
		}
	}
	// 省卫生健康委牵头，省发展改革委、省财政厅配合
	if k, ok := parseKeyless(c); ok && len(k.names) == 0 && len(k.units) > 0 {
		return k.units, k.coUnits, nil
	}
	// 责任单位：市体育局负责 — the verb closes the list, it is no part of a name
	for _, v := range []string{"按职责分工负责", "牵头负责", "负责"} {
		if t := strings.TrimSuffix(c, v); t != c && t != "" {
			c = t
			break
		}
	}
	names, heads := splitHeads(splitUnitList(c), written)
	marked, others := takeLeadMarks(names)
	switch {
	case len(marked) > 0:
		return marked, others, heads
	case mixed && len(others) > 0:
		return others[:1], others[1:], heads
	}
	return others, nil, heads
}

// namesHeads: a units column whose name says each unit is written with its
// head (责任单位及责任人, 牵头单位及主要负责人, 牵头单位（责任人）).
func namesHeads(name string) bool {
	name = ToSimplified(name)
	return strings.Contains(name, "责任人") || strings.Contains(name, "负责人")
}

// rowsToTasks makes a task of each logical row. Empty cells of grouping
// columns (项目, 板块) inherit the value above; unit and leader cells never
// do.
func rowsToTasks(rows []*logicalRow, rep *Report) []Task {
	var (
		tasks   []Task
		lastSeq int
		seen    = map[int]bool{}
		// seenHdr: the header each seq was first written under;
		// following: the headers whose rows follow on from the tables
		// before, numbered again from 1
		seenHdr   = map[int]*header{}
		following = map[*header]bool{}
		groups    = map[string]string{}
		section   string
		// for the warnings: values carried down, columns no task filled
		inherited    = map[inheritKey][]int{}
		inheritOrder []inheritKey
		// values a PDF's merged cell was read to carry over a page break
		overPage      = map[inheritKey][]int{}
		overPageOrder []inheritKey
		filledCol     = map[string]bool{}
		colOrder      []string
		colKind       = map[string]column{}
	)
	restarts := seqsRestart(rows) || subRows(rows)
	lastWritten := 0
	// a name column's value written on rows one after another (重点工作
	// merged over its tasks, 扩大有效投资 | 全年实施… / 扩大有效投资 | 争取…)
	// is the rows' category, not each one's title
	grouped := map[string]bool{}
	for k := 1; k < len(rows); k++ {
		a, b := rows[k-1], rows[k]
		if a.hdr == b.hdr && a.hdr.nameAt >= 0 && a.hdr.nameAt < len(a.cells) && a.hdr.nameAt < len(b.cells) &&
			a.cells[a.hdr.nameAt] != "" && a.cells[a.hdr.nameAt] == b.cells[b.hdr.nameAt] {
			grouped[a.cells[a.hdr.nameAt]] = true
		}
	}
	for _, r := range rows {
		if r.section != section {
			// a new heading starts new groups
			section, groups = r.section, map[string]string{}
		}
		h := r.hdr
		t := Task{Section: r.section}
		seqText, name := "", ""
		var heads, coLeaders []string
		for i, c := range r.cells {
			if i >= len(h.cols) {
				if c != "" {
					setExtra(&t, "列"+strconv.Itoa(i+1), c)
				}
				continue
			}
			if i == h.nameAt {
				// 项目名称 beside 建设内容: the name opens the task's text
				if c == "" && groupingNames[h.names[i]] {
					c = groups[h.names[i]]
				}
				groups[h.names[i]] = c
				if grouped[c] {
					// the category the rows share: their section
					if t.Section == "" {
						t.Section = c
					} else if !strings.HasSuffix(t.Section, c) {
						t.Section += " / " + c
					}
					continue
				}
				name = c
				continue
			}
			switch h.cols[i] {
			case colSeq:
				seqText = c
			case colText:
				// 15.推进…: the item's number written in its text cell is
				// no part of the task; it is the seq when the row has none
				if mk, rest, ok := parseMarker(c); ok && mk.number > 0 && (mk.kind == numArabic || mk.kind == numArabicPar || mk.kind == numCircled) {
					c = strings.TrimSpace(rest)
					if writtenSeq(seqText) == 0 && seqAtOrAfter(h, i) {
						seqText = strconv.Itoa(mk.number)
					}
				}
				if body, co, ok := trailingCoLeaders(c); ok {
					// …建设“平安校园”。（齐振宇副县长共同领办）: a leader
					// after the row's own
					c, coLeaders = body, co
				}
				t.Text = c
			case colLeaders:
				t.Leaders = leaderValue(c)
			case colUnits:
				c = unwrapUnitLines(c)
				units, co, hs := unitCellHeads(c, h.mixed[i], namesHeads(h.names[i]))
				heads = append(heads, hs...)
				t.Units = dedupe(append(t.Units, units...))
				t.CoUnits = dedupe(append(t.CoUnits, co...))
			case colCoUnits:
				t.CoUnits = dedupe(append(t.CoUnits, splitUnitList(unwrapUnitLines(c))...))
			case colDuty:
				if c == "" {
					break
				}
				d := dutyCell(c)
				t.Leaders = dedupe(append(t.Leaders, d.leaders...))
				t.Units = dedupe(append(t.Units, d.units...))
				t.CoUnits = dedupe(append(t.CoUnits, d.coUnits...))
				heads = append(heads, d.heads...)
				if t.Deadline == "" {
					t.Deadline = d.deadline
				}
				for k, v := range d.extra {
					setExtra(&t, k, v)
				}
			case colDeadline:
				t.Deadline = c
			case colSection:
				if c == "" {
					c = groups[h.names[i]]
				}
				groups[h.names[i]] = c
				if c != "" {
					t.Section = joinSection(t.Section, c)
				}
			default:
				if c == "" && groupingNames[h.names[i]] {
					c = groups[h.names[i]]
				}
				groups[h.names[i]] = c
				if c != "" {
					setExtra(&t, h.names[i], c)
				}
			}
		}
		t.Text = nameAndContent(name, t.Text)
		if r.who != nil && len(t.Leaders) == 0 {
			t.Leaders = dedupe(append(slices.Clip(r.who.leaders), r.who.coLeaders...))
		}
		if len(t.Leaders) == 0 && len(heads) > 0 {
			t.Leaders = cleanLeaders(dedupe(heads))
		}
		if len(coLeaders) > 0 {
			t.Leaders = dedupe(append(slices.Clip(t.Leaders), coLeaders...))
		}
		if r.who != nil && len(t.Units) == 0 && len(r.who.units) > 0 && (len(t.CoUnits) == 0 || h.index(colUnits) < 0 && h.index(colDuty) < 0) {
			// (beside a 协办单位 column, the group row 主办单位：X leads)
			t.Units = r.who.units
			t.Via = ViaHeading
		}
		if t.Text == "" {
			rep.Unused = append(rep.Unused, UnusedLine{Line: r.line, Text: r.raw, Reason: reasonNoText})
			continue
		}
		seq := lastSeq + 1
		if n := writtenSeq(seqText); n > 0 && !restarts {
			seq = n
		} else if n > 0 {
			setExtra(&t, "原编号", strconv.Itoa(n))
			lastWritten = n
		} else if restarts && lastWritten > 0 {
			// a sub-row under the 序号 above: its number is that one's
			setExtra(&t, "原编号", strconv.Itoa(lastWritten))
		}
		if n := writtenSeq(seqText); n > 0 && (following[h] || seen[seq] && seenHdr[seq] != h) {
			// a table of its own under its own header (a workbook's
			// 民生实事 sheet after its 重点工作 sheet) numbered from 1
			// again: its rows follow on, their numbers kept as written
			following[h] = true
			for seq = lastSeq + 1; seen[seq]; seq++ {
			}
			setExtra(&t, "原编号", strconv.Itoa(n))
		}
		if seen[seq] {
			rep.Unused = append(rep.Unused, UnusedLine{Line: r.line, Text: r.raw, Reason: reasonDupSeq})
			continue
		}
		seen[seq], seenHdr[seq], lastSeq = true, h, seq
		t.Seq = seq
		if t.Via == "" {
			t.Via = ViaColumn
		}
		tasks = append(tasks, t)
		for _, g := range r.inherited {
			if g < len(h.cols) {
				k := inheritKey{h.names[g], r.cells[g]}
				if inherited[k] == nil {
					inheritOrder = append(inheritOrder, k)
				}
				inherited[k] = append(inherited[k], t.Seq)
			}
		}
		for _, g := range r.overPage {
			if g < len(h.cols) && g < len(r.cells) && r.cells[g] != "" && fieldOf(h.cols[g]) != "" {
				k := inheritKey{h.names[g], r.cells[g]}
				if overPage[k] == nil {
					overPageOrder = append(overPageOrder, k)
				}
				overPage[k] = append(overPage[k], t.Seq)
			}
		}
		for i, c := range r.cells {
			if i < len(h.cols) && c != "" {
				filledCol[h.names[i]] = true
			}
		}
		for i, n := range h.names {
			if !slices.Contains(colOrder, n) && fieldOf(h.cols[i]) != "" {
				colOrder = append(colOrder, n)
				colKind[n] = h.cols[i]
			}
		}
	}
	for _, k := range inheritOrder {
		seqs := inherited[k]
		rep.Warnings = append(rep.Warnings, Warning{Code: WarnInherited, Field: fieldOf(colKindOf(rows, k.col)), Seqs: seqs,
			Message: fmt.Sprintf("“%s”栏的“%s”是从上一行沿用到 %d 项任务的(序号 %s):复制的表格里空格不一定是合并单元格,请核对", k.col, k.val, len(seqs), seqList(seqs))})
	}
	for _, k := range overPageOrder {
		seqs := overPage[k]
		rep.Warnings = append(rep.Warnings, Warning{Code: WarnInherited, Field: fieldOf(colKindOf(rows, k.col)), Seqs: seqs,
			Message: fmt.Sprintf("“%s”栏的“%s”按跨页的合并单元格读给了新页顶部的任务(序号 %s):该格在 PDF 中为空,也可能本无内容,请核对", k.col, k.val, seqList(seqs))})
	}
	for _, n := range colOrder {
		if !filledCol[n] && len(tasks) > 0 {
			rep.Warnings = append(rep.Warnings, Warning{Code: WarnEmptyColumn, Field: fieldOf(colKind[n]), Seqs: []int{},
				Message: fmt.Sprintf("“%s”栏没有一项任务读到内容,请核对表格是否读对了列", n)})
		}
	}
	return tasks
}

// nameAndContent is a task's text from a project's name and its content
// (项目名称 | 建设内容): the name first, a line break, then the content; a
// content that already opens with the name, or an empty one, is not
// doubled or padded.
func nameAndContent(name, content string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || writtenSeq(name) > 0:
		return content
	case content == "":
		return name
	case strings.HasPrefix(compact(content), compact(name)):
		return content
	}
	return name + "\n" + content
}

// inheritKey is a value one column carried down through blank cells.
type inheritKey struct{ col, val string }

// colKindOf is the kind of the column named col in the rows' headers.
func colKindOf(rows []*logicalRow, col string) column {
	for _, r := range rows {
		for i, n := range r.hdr.names {
			if n == col {
				return r.hdr.cols[i]
			}
		}
	}
	return colExtra
}

// fieldOf is the task's JSON field a column fills, "" for none that a
// warning names (seq, section, extra).
func fieldOf(c column) string {
	switch c {
	case colText:
		return "text"
	case colLeaders:
		return "leaders"
	case colUnits:
		return "units"
	case colCoUnits:
		return "co_units"
	case colDuty:
		return "units"
	case colDeadline:
		return "deadline"
	}
	return ""
}

// seqAtOrAfter: the header has no seq column before column i (whose value
// would have been read already), so a number in the text may stand for it.
func seqAtOrAfter(h *header, i int) bool {
	at := h.index(colSeq)
	return at < 0 || at > i
}

// writtenSeq is the number a seq cell holds, 0 when none.
func writtenSeq(cell string) int {
	if m := seqCellRe.FindStringSubmatch(cell); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			return n
		}
	}
	return 0
}

// ownSubRow: a row under a merged seq with a text and an assignment of its
// own: its text cell and one of its leader, unit, co-unit or deadline cells
// filled and unlike the row above (a merged cell repeats the value above).
func ownSubRow(above, cells []string, hdr *header) bool {
	textAt := hdr.index(colText)
	if textAt < 0 || textAt >= len(cells) || textAt >= len(above) || cells[textAt] == "" || cells[textAt] == above[textAt] {
		return false
	}
	for i, c := range cells {
		if i >= len(hdr.cols) || i >= len(above) || c == "" || c == above[i] {
			continue
		}
		switch hdr.cols[i] {
		case colLeaders, colUnits, colCoUnits, colDeadline, colDuty:
			return true
		}
	}
	return false
}

// subRows reports a table where some task rows have no number of their own
// under rows that have one (two sub-rows under one 序号): its tasks are
// numbered in order, so a later written number is not taken for a repeat.
func subRows(rows []*logicalRow) bool {
	written, bare := 0, 0
	for i, r := range rows {
		at := r.hdr.index(colSeq)
		if at < 0 || at >= len(r.cells) {
			continue
		}
		if n := writtenSeq(r.cells[at]); n > 0 && i > 0 && !r.text && rows[i-1].hdr == r.hdr && at < len(rows[i-1].cells) && writtenSeq(rows[i-1].cells[at]) == n && ownSubRow(rows[i-1].cells, r.cells, r.hdr) {
			// a sub-row under a 序号 merged over it in a real table
			bare++
		} else if n > 0 {
			written++
		} else if ti := r.hdr.index(colText); written > 0 && ti >= 0 && ti < len(r.cells) && r.cells[ti] != "" {
			bare++
		}
	}
	return written > 0 && bare > 0
}

// seqsRestart reports a table whose numbering starts again in each part:
// under each section heading (一、… 1 2 3, 二、… 1 2), under each value of
// a category column (a merged 类别 cell, blank below its first row), or
// visibly at 1 again (1–3, 1–3, 1–4 in one sheet). Its tasks are numbered
// in order, the written number kept in Extra["原编号"], so every task keeps
// a seq (and an id) of its own. A number repeated within one part is still
// a duplicate, for the report.
func seqsRestart(rows []*logicalRow) bool {
	first := map[int]int{}
	restart := false
	part, prev, section, category := 0, 0, "", ""
	for i, r := range rows {
		at := r.hdr.index(colSeq)
		if at < 0 || at >= len(r.cells) {
			continue
		}
		if ci := r.hdr.index(colSection); ci >= 0 && ci < len(r.cells) && r.cells[ci] != "" && r.cells[ci] != category {
			if category != "" {
				part++
			}
			category = r.cells[ci]
		}
		if i > 0 && r.section != section {
			part++
		}
		section = r.section
		n := writtenSeq(r.cells[at])
		if n == 0 {
			continue
		}
		if n == 1 && prev > 0 && nextSeq(rows[i+1:]) == 2 {
			// 1 2 3 1 2: numbering that starts again and runs on
			part++
		}
		prev = n
		p, seen := first[n]
		switch {
		case !seen || p < part:
			restart = restart || seen
			first[n] = part
		default:
			return false
		}
	}
	return restart
}

// nextSeq is the first number written in the seq cells of rows, 0 when
// none is.
func nextSeq(rows []*logicalRow) int {
	for _, r := range rows {
		if at := r.hdr.index(colSeq); at >= 0 && at < len(r.cells) {
			if n := writtenSeq(r.cells[at]); n > 0 {
				return n
			}
		}
	}
	return 0
}

// joinSheet puts a workbook's sheet name (when it has several sheets of
// tasks) before the headings a row stands under.
func joinSheet(sheet, section string) string {
	if sheet == "" || section == "" {
		return sheet + section
	}
	if _, title, ok := parseMarker(section); ok && strings.TrimSpace(title) == sheet {
		return section // sheet 民生保障 titled 二、民生保障: one section
	}
	return sheet + " / " + section
}

func joinSection(a, b string) string {
	if a == "" || a == b {
		return b
	}
	if _, title, ok := parseMarker(a); ok && strings.TrimSpace(title) == b {
		// 一、教育惠民 over rows whose 类别 cell is 教育惠民: one section
		return a
	}
	return a + " / " + b
}

// dutyCell reads a 责任分工 cell: key lines (省领导：X / 牵头单位：A、B /
// 配合单位：C, keys as in an item's assignment, a bare 牵头：/配合： too), a
// clause (A牵头，B、C配合), or else a plain list whose first unit leads.
func dutyCell(c string) *clause {
	if cl, ok := parseKeyedAs(c, cellKeyKind); ok {
		cl.resolve(false)
		return cl
	}
	if cl, ok := parseClause(strings.ReplaceAll(c, "\n", "；")); ok && !cl.empty() {
		cl.resolve(false)
		return cl
	}
	units, co, heads := unitCellHeads(c, true, false)
	return &clause{units: units, coUnits: co, heads: heads}
}

// totalLabelRe is the label of a table's total row: 合计, 总计, 小计, 共计,
// and an export's count of its records (共8条记录).
// A count may follow it in the same cell (合计：12项).
var totalLabelRe = regexp.MustCompile(`^(?:(?:合|总|小|共)[\s\x{3000}]*计[\s\x{3000}]*[:\x{FF1A}]?[\s\x{3000}]*(?:[0-9０-９]+[\s\x{3000}]*[项个件条]?|[(\x{FF08}][0-9０-９]+[\s\x{3000}]*[项个件条]?[)\x{FF09}])?|共[\s\x{3000}]*[0-9０-９]+[\s\x{3000}]*[项个件条](?:记录|数据|事项)?)$`)

// totalRow: a row whose first filled cell is 合计 (总计, 小计) counts the rows
// above; it is no task, whatever its other cells hold.
func totalRow(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return totalLabelRe.MatchString(c)
		}
	}
	return false
}

// headingUnderMerge: every filled cell of a row that opens with a heading
// is the heading (spanned over its columns) or the same as the row above
// (a merged cell carried down over the heading row), and the task's text
// column holds nothing else.
func headingUnderMerge(cells, above []string, heading string, hdr *header) bool {
	carried := 0
	for i, c := range cells {
		switch {
		case c == "" || c == heading:
		case i < len(above) && c == above[i] && (i >= len(hdr.cols) || hdr.cols[i] != colText && hdr.cols[i] != colSeq):
			carried++
		default:
			return false
		}
	}
	return carried > 0
}

// fillerCellRe is a cell naming who filled in, checked or signed a sheet
// (填报人：周倩, 审核人：刘春阳, 联系电话：…, 制表日期：…).
var fillerCellRe = regexp.MustCompile(`^\s*(?:填报人|填表人|审核人|审核|制表人|制表|联系人|联系电话|电话|填报单位|填报日期|制表日期|签发人|核稿人|统计人)\s*[:\x{FF1A}]`)

// fillerRow: a row whose every filled cell is a filler's field.
func fillerRow(cells []string) bool {
	filled := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if !fillerCellRe.MatchString(c) {
			return false
		}
		filled++
	}
	return filled > 0
}
