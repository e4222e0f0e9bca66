package ingest

// Stage 1 of the pipeline: blocks. Every reader gives the source as Blocks
// (lines, paragraphs, table rows); this stage makes them one sequence the
// later stages read alike, whatever the format:
//   - a text line with '|' or tabs is a row of cells (the seed's layout, a
//     table copied out of Word or Excel);
//   - a table laid out with spaces (spaced.go) is rows of cells too;
//   - a table that only lays out a page (each row one cell, however
//     spanned: a government site wraps the whole notice in one) is read as
//     the paragraphs its cells hold;
//   - in HTML and DOCX, where a block's number is its ordinal, blocks are
//     numbered again after that, so the report's line numbers count the
//     paragraphs a reader sees.

import (
	"regexp"
	"strings"
)

// block is one unit of the source as the stages see it: a row of cells (a
// table row, or a text line with '|') or a line of text.
type block struct {
	line  int
	text  string
	cells []string
	row   bool
	// closed: the row cannot continue on the next line (a table row, or a
	// text row ending in '|').
	closed bool
	table  int
	// bare: a numbered item that no range line (以上第1—3项：…) covers and
	// that assigns nothing itself, in a notice that assigns by ranges: a
	// task without an assignment, not a stray line (ranges.go).
	bare bool
	// sheet: the worksheet of a workbook with several sheets of tasks.
	sheet string
	// opens: the first row of a task card where no code numbers the cards
	// (cardlines.go): it opens a task of its own.
	opens bool
	// carried: a PDF table row's columns whose empty cell at a page's top
	// took the merged cell's text from the page before (Block.Carried).
	carried []int
}

// blocksOf turns a source into the blocks the stages read.
func blocksOf(src *Source) []block {
	if src.Format == FormatText {
		// a text saved "with line breaks": each cut line joined again
		if j := joinHardWraps(src.Blocks); len(j) != len(src.Blocks) {
			cp := *src
			cp.Blocks = j
			src = &cp
		}
	}
	layout := layoutTables(src.Blocks)
	tabs := tabTable(src.Blocks)
	var spaced map[int][]string
	var joined map[int]bool
	spacedTable := 1 // a table of its own: its cells were placed by position
	for _, b := range src.Blocks {
		spacedTable = max(spacedTable, b.Table+1)
	}
	if !tabs {
		spaced, joined = spacedRows(src.Blocks)
	}
	var quoted map[int]quotedRow
	if tabs {
		quoted = quotedTabRows(src.Blocks)
	}
	boxed, boxUsed := boxRows(src.Blocks, spacedTable+1)
	out := make([]block, 0, len(src.Blocks))
	for i := 0; i < len(src.Blocks); i++ {
		b := src.Blocks[i]
		if r, ok := boxed[i]; ok {
			out = append(out, block{line: b.Line, text: strings.Join(r.cells, " | "), cells: r.cells, row: true, closed: true, table: r.table})
			continue
		}
		if boxUsed[i] {
			continue // a box table's rule, or a cell's later line
		}
		if joined[i] {
			continue // a wrapped cell, joined to its row
		}
		if q, ok := quoted[i]; ok {
			// a row written as Excel writes it: its quoted cells may hold
			// line breaks, so it may run over several lines
			out = append(out, block{line: b.Line, text: strings.Join(q.cells, " | "), cells: q.cells, row: true, closed: true, table: b.Table})
			i += q.lines - 1
			continue
		}
		if cells, ok := spaced[i]; ok {
			out = append(out, block{line: b.Line, text: strings.Join(cells, " | "), cells: cells, row: true, closed: true, table: spacedTable})
			continue
		}
		if b.Cells != nil && layout[b.Table] {
			for _, c := range b.Cells {
				if c = strings.TrimSpace(c); c == "" {
					continue
				}
				for _, l := range strings.Split(c, "\n") {
					out = append(out, block{line: b.Line, text: l})
				}
				break // a spanned cell repeats: its text once
			}
			continue
		}
		it := block{line: b.Line, text: b.Text, table: b.Table, sheet: b.Sheet, carried: b.Carried}
		switch {
		case b.Cells != nil:
			it.cells, it.row, it.closed = b.Cells, true, true
			it.text = strings.Join(b.Cells, " | ")
		case alignmentRow(b.Text):
			continue // |:---:|:---|, a markdown table's rule under its header
		case bulletKeyRe.MatchString(b.Text):
			if t, ok := bulletKey(b.Text); ok {
				// ▶牵头单位丨县住建局, ■责任单位|区经信局: a key line, not a row
				it.text = t
				break
			}
			fallthrough
		default:
			if cells, ok := splitCells(b.Text, tabs); ok && strings.TrimSpace(strings.Trim(b.Text, "|? \t")) != "" {
				it.cells, it.row = cells, true
				// a '|' row is closed by a trailing '|'; a tab row never is (a
				// cell's text may go on on the next line)
				it.closed = strings.HasSuffix(strings.TrimRight(b.Text, " \t"), "|")
			}
		}
		out = append(out, it)
	}
	if src.Format == FormatHTML || src.Format == FormatDOCX {
		for i := range out {
			out[i].line = i + 1
		}
	}
	return out
}

// bulletKeyRe is a line of a key and its value written as an article lays
// them out: a bullet before the key (▶ ■ ◆ ● ★ …) and a bar between the
// key and its value (丨 ｜ |) or a colon: ▶牵头县领导丨陈国栋（常务副县长）,
// ■责任单位|区经信局, ●牵头领导：程晓梅.
var bulletKeyRe = regexp.MustCompile(`^[ \t\x{3000}]*([▶►▸▷➤➢■□◆◇●○★☆▪◼•※◎]*)[ \t\x{3000}]*(\p{Han}{2,8}?)[ \t\x{3000}]*([丨｜|:\x{FF1A}])[ \t\x{3000}]*(\S.*)$`)

// bulletKey writes such a line as the key line the readers know (牵头单位：
// 县住建局): ok only when the key names a task's field (its text, leaders,
// units, co-units, deadline: classifyHeader) and a bullet or a bar marks
// it, so a line of prose with a colon, or 来源丨… under an article, stays as
// written.
func bulletKey(line string) (string, bool) {
	m := bulletKeyRe.FindStringSubmatch(line)
	if m == nil || m[1] == "" && (m[3] == ":" || m[3] == "\uFF1A" || m[3] == "|") {
		return line, false
	}
	if strings.ContainsAny(m[4], "|丨｜") {
		return line, false // a row of several cells
	}
	switch classifyHeader(m[2]) {
	case colLeaders, colUnits, colCoUnits, colDeadline, colText:
	default:
		return line, false
	}
	if !knownKeyName(m[2]) {
		return line, false
	}
	return m[2] + "：" + strings.TrimSpace(m[4]), true
}

// quotedRow is a row of a tab-separated table whose cells Excel quoted,
// and the lines it runs over.
type quotedRow struct {
	cells []string
	lines int
}

// maxQuotedLines bounds the lines one quoted cell may run over.
const maxQuotedLines = 50

// quotedTabRows reads the rows of a tab-separated table pasted from Excel
// that quote a cell: a cell holding a line break, a tab or a double quote
// is written in double quotes, a quote inside doubled (""), as Excel and
// encoding/csv write it, so one row may run over several lines. A line is
// read so only when its quoting is Excel's: a quote opening a cell closes
// at a tab or at the end of a line, every quote inside is doubled. Else
// (a cell of text that opens with a quote mark, "放管服"改革) the line is
// left as it is. The rows are keyed by the index of their first line.
func quotedTabRows(bs []Block) map[int]quotedRow {
	out := map[int]quotedRow{}
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		if b.Cells != nil || !strings.Contains(b.Text, "\t\"") && !strings.HasPrefix(b.Text, "\"") {
			continue
		}
		if cells, n, ok := readQuotedRow(bs[i:]); ok {
			out[i] = quotedRow{cells: cells, lines: n}
			i += n - 1
		}
	}
	return out
}

// readQuotedRow reads one row from the start of bs: its cells, unquoted,
// and the lines it took. ok is false when no cell is quoted as Excel
// quotes, or a quote is left open.
func readQuotedRow(bs []Block) (cells []string, lines int, ok bool) {
	line := bs[0].Text
	var cur strings.Builder
	quoted, inQuote := false, false
	lines = 1
	for k := 0; ; {
		if k >= len(line) {
			if !inQuote {
				cells = append(cells, cur.String())
				break
			}
			// a line break inside a quoted cell
			if lines >= maxQuotedLines || lines >= len(bs) || bs[lines].Cells != nil {
				return nil, 0, false
			}
			cur.WriteByte('\n')
			line, k = bs[lines].Text, 0
			lines++
			continue
		}
		c := line[k]
		switch {
		case inQuote && c == '"' && k+1 < len(line) && line[k+1] == '"':
			cur.WriteByte('"')
			k += 2
		case inQuote && c == '"':
			if k+1 < len(line) && line[k+1] != '\t' {
				return nil, 0, false // not Excel's quoting: a quote inside left single
			}
			inQuote = false
			k++
		case inQuote:
			cur.WriteByte(c)
			k++
		case c == '\t':
			cells = append(cells, cur.String())
			cur.Reset()
			k++
		case c == '"' && cur.Len() == 0 && (k == 0 || line[k-1] == '\t'):
			inQuote, quoted = true, true
			k++
		default:
			cur.WriteByte(c)
			k++
		}
	}
	if !quoted {
		return nil, 0, false
	}
	return cells, lines, true
}

// alignmentRe is one cell of a markdown table's alignment row: dashes,
// maybe a colon at either end.
var alignmentRe = regexp.MustCompile(`^\s*:?-{3,}:?\s*$`)

// alignmentRow reports a text line that is a markdown table's alignment row
// (|:---:|:---|, ---|---): a rule, never a row of cells.
func alignmentRow(line string) bool {
	if !strings.Contains(line, "|") {
		return false
	}
	cells, _ := splitCells(line, false)
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if !alignmentRe.MatchString(c) {
			return false
		}
		n++
	}
	return n > 0
}

// layoutTables returns the tables whose every row holds one value (a cell,
// or one cell spanned across the row) and at least one of which holds
// several lines: tables that lay out a page rather than list tasks.
func layoutTables(bs []Block) map[int]bool {
	one := map[int]bool{}
	lines := map[int]bool{}
	for _, b := range bs {
		if b.Cells == nil || b.Table == 0 {
			continue
		}
		if _, seen := one[b.Table]; !seen {
			one[b.Table] = true
		}
		first := ""
		for _, c := range b.Cells {
			c = strings.TrimSpace(c)
			switch {
			case c == "":
			case first == "":
				first = c
			case c != first:
				one[b.Table] = false
			}
		}
		if strings.Contains(first, "\n") {
			lines[b.Table] = true
		}
	}
	out := map[int]bool{}
	for t, ok := range one {
		if ok && lines[t] {
			out[t] = true
		}
	}
	return out
}

// tabTable reports a text with a tab-separated table: a line of at least
// three filled cells apart by tabs.
func tabTable(bs []Block) bool {
	for _, b := range bs {
		if b.Cells == nil && !strings.Contains(b.Text, "|") {
			if _, ok := splitCells(b.Text, false); ok {
				return true
			}
		}
	}
	return false
}

// splitCells splits a table line on '|' (or on tabs, for a table copied
// out of Word or Excel), dropping the empty cells that a leading or
// trailing separator leaves. ok is false for a line with neither, or with
// tabs that part fewer than three filled cells (two in a text that holds
// a tab table).
func splitCells(line string, tabs bool) (cells []string, ok bool) {
	if !strings.Contains(line, "|") {
		if !strings.Contains(strings.Trim(line, " \t"), "\t") {
			return nil, false
		}
		cells = strings.Split(strings.Trim(line, " \t"), "\t")
		filled := 0
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				filled++
			}
		}
		// "1.\t推进…" is a numbered paragraph that Word exported with a
		// tab; in a tab table, a row's first line may hold two cells
		return cells, filled >= 3 || tabs && filled >= 2
	}
	cells = strings.Split(line, "|")
	if strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[0]) == "" && strings.HasPrefix(strings.TrimSpace(line), "|") {
		cells = cells[1:]
	}
	for i, c := range cells {
		// 周立群<br>孙若岚: Markdown writes a line break inside a cell as
		// HTML, the break a Word cell keeps as a new line
		if strings.Contains(c, "<") {
			cells[i] = cellBreakRe.ReplaceAllString(c, "\n")
		}
	}
	return cells, true
}

// cellBreakRe is an HTML line break written inside a Markdown table's cell.
var cellBreakRe = regexp.MustCompile(`(?i)<br\s*/?>`)

// subHeaderCells are the cells of a row read as a header's second row. A
// tab-separated second row keeps its leading empty cells, which stand
// under the first row's spanned columns (序号 | 重点任务 over two empty
// cells); splitCells drops them for a row of data.
func subHeaderCells(b block) []string {
	if strings.Contains(b.text, "|") || !strings.HasPrefix(b.text, "\t") {
		return b.cells
	}
	return strings.Split(strings.TrimRight(b.text, " \t\r"), "\t")
}
