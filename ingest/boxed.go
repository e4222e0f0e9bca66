package ingest

// A table drawn with box-drawing characters, as a table copied out of some
// editors, a console or a mail client is left:
//
//	┌────┬──────────────────┬──────┬──────────────────┐
//	│序号│工作任务          │责任  │责任单位          │
//	│    │                  │领导  │                  │
//	├────┼──────────────────┼──────┼──────────────────┤
//	│1   │推进城区雨污分流改│陈立军│市住建局（牵头）、│
//	│    │造，新建管网32公里│      │市水务局          │
//	└────┴──────────────────┴──────┴──────────────────┘
//
// Border lines (─ ┼ ├ ┤ ┌ ┐ └ ┘ and the double ═ ╬ …, or ASCII +---+)
// separate the rows; the lines between two borders are one row, each cell's
// lines joined (a cell's text wraps inside its box). A cell of a names
// column whose line ends short of its box was broken by hand: the next line
// is another name (handBroken, as in a table laid out with spaces). In a
// table with no rule between its rows, a line whose first cell is empty
// goes on with the row above. Lines of a box table are never read as
// anything else: rules are dropped.

import (
	"strings"
	"unicode/utf8"
)

// boxRow is a row of a box table: its cells and the table it is in (from 1).
type boxRow struct {
	cells []string
	table int
}

// isBoxBorder reports a line drawn only of box-drawing characters (a
// rule), or of ASCII +, - and = opening with +.
func isBoxBorder(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" {
		return false
	}
	ascii := strings.HasPrefix(t, "+")
	for _, r := range t {
		switch {
		case r >= 0x2500 && r <= 0x257F && !isBoxBar(r):
		case r == ' ' || r == '\u3000':
		case ascii && (r == '+' || r == '-' || r == '='):
		default:
			return false
		}
	}
	return true
}

// isBoxBar is a vertical bar that parts the cells of a box table's line.
func isBoxBar(r rune) bool {
	switch r {
	case '│', '┃', '║', '╎', '╏', '┆', '┇', '┊', '┋':
		return true
	}
	return false
}

// boxCells splits a content line of a box table at its bars ('|' too when
// ascii), with where each cell's text ends, counted from its start; ok is
// false for a line that does not open with a bar.
func boxCells(line string, ascii bool) (cells []string, ends, widths []int, ok bool) {
	t := strings.TrimSpace(line)
	bar := func(r rune) bool { return isBoxBar(r) || ascii && r == '|' }
	first, _ := utf8.DecodeRuneInString(t)
	if t == "" || !bar(first) {
		return nil, nil, nil, false
	}
	parts := strings.FieldsFunc(t, bar)
	// FieldsFunc drops empty fields: split by hand to keep empty cells
	parts = parts[:0]
	cur := strings.Builder{}
	for i, r := range t {
		if bar(r) {
			if i > 0 {
				parts = append(parts, cur.String())
			}
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	if rest := cur.String(); strings.TrimSpace(rest) != "" {
		parts = append(parts, rest) // a line whose last bar is missing
	}
	for _, p := range parts {
		text := strings.TrimSpace(p)
		lead := len(p) - len(strings.TrimLeft(p, " \u3000"))
		cells = append(cells, text)
		ends = append(ends, displayWidth(p[:lead])+displayWidth(text))
		widths = append(widths, displayWidth(p))
	}
	return cells, ends, widths, true
}

// boxLine is one content line of a box table.
type boxLine struct {
	i      int
	cells  []string
	ends   []int
	border bool // a border line above it (a row starts here)
}

// boxRows finds the box tables among a text's blocks. It returns the
// cells of each row by the index of the block it starts at, and the blocks
// read into rows or dropped (the borders, a cell's later lines). first is
// the number the first table gets.
func boxRows(bs []Block, first int) (rows map[int]boxRow, used map[int]bool) {
	table := first
	for i := 0; i < len(bs); {
		if bs[i].Cells != nil || !isBoxBorder(bs[i].Text) && !boxContent(bs[i].Text) {
			i++
			continue
		}
		// the run of borders and content lines
		j, borders := i, 0
		var lines []boxLine
		border, bottom := true, false
		for ; j < len(bs) && bs[j].Cells == nil; j++ {
			if isBoxBorder(bs[j].Text) || borders > 0 && alignmentRow(bs[j].Text) {
				if bottom && j > i {
					break // a bottom rule closed the table before
				}
				borders++
				border = true
				bottom = strings.ContainsAny(bs[j].Text, "└╚┗╘╙")
				continue
			}
			// below a rule, '|' parts cells too (+---+ over | cells, or
			// ├──┤ over a '|' typed for │)
			cells, ends, _, ok := boxCells(bs[j].Text, borders > 0)
			if !ok {
				break
			}
			lines = append(lines, boxLine{i: j, cells: cells, ends: ends, border: border})
			border = false
		}
		if borders == 0 || len(lines) < 2 || !boxLinesShaped(lines) {
			i = max(j, i+1)
			continue
		}
		if rows == nil {
			rows, used = map[int]boxRow{}, map[int]bool{}
		}
		for k := i; k < j; k++ {
			used[k] = true
		}
		readBoxTable(lines, table, rows)
		table++
		i = j
	}
	return rows, used
}

// boxContent: a line that opens with a box's vertical bar.
func boxContent(line string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(line))
	return isBoxBar(r)
}

// boxLinesShaped: content lines of several cells (a box around one
// paragraph is no table).
func boxLinesShaped(lines []boxLine) bool {
	for _, l := range lines {
		if len(l.cells) >= 3 {
			return true
		}
	}
	return false
}

// readBoxTable makes the rows of one box table. The lines between two
// rules are one row; in a table ruled only under its header (two rules
// open a row), a line below the header opens a row when its first cell
// (序号) holds something, and else goes on with the row above; with one
// rule only (above a '|' table), so does every line.
func readBoxTable(lines []boxLine, table int, rows map[int]boxRow) {
	opened := 0
	for _, l := range lines {
		if l.border {
			opened++
		}
	}
	ruled := opened > 2
	headed := opened == 2 // a rule under the header only
	// the right edge of each column's text, from every line
	var edge []int
	for _, l := range lines {
		for k, e := range l.ends {
			if k >= len(edge) {
				edge = append(edge, 0)
			}
			edge[k] = max(edge[k], e)
		}
	}
	var h *header
	start := -1
	var cells []string
	var ends []int
	flush := func() {
		if start < 0 {
			return
		}
		if h == nil {
			h, _ = parseHeader(cells)
		}
		rows[start] = boxRow{cells: cells, table: table}
		start = -1
	}
	opened = 0
	for _, l := range lines {
		if l.border {
			opened++
		}
		if l.border || start < 0 || !ruled && (opened >= 2 || !headed) && l.cells[0] != "" {
			flush()
			start, cells, ends = l.i, append([]string(nil), l.cells...), append([]int(nil), l.ends...)
			continue
		}
		for k, c := range l.cells {
			if k >= len(cells) {
				cells, ends = append(cells, c), append(ends, l.ends[k])
				continue
			}
			if c == "" {
				continue
			}
			if cells[k] != "" && h != nil && k < len(h.cols) && handBroken(h.cols[k], cells[k], ends[k], c, edge[k]) {
				cells[k] += "\n"
			}
			cells[k] += c
			ends[k] = l.ends[k]
		}
	}
	flush()
}
