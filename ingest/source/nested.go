package source

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A table of groups, each row pairing a group's cells (its leader, its
// category) with a table of its own in one cell (WPS and Word both make
// them):
//
//	分管领导             | 重点工作任务
//	李文彬（副主任）     | 序号 | 工作任务 | 牵头科室 | 配合单位
//	                     | 1    | 推进…    | 医政医管科 | 区人民医院
//
// reads as one table whose rows are the sub-tables' rows, each with its
// group's cells where the sub-table stood, under one header: the outer
// header's names around the sub-tables' own header. A table whose cells
// hold tables in any other way (two in a row, a table among plain rows, a
// long text beside it) is read as before: the inner table is its cell's
// text.

// nestRow is a row of a top-level table: its values by grid column, and
// the table in one of its cells (at, span: the columns that cell covers;
// own: the cell's text outside that table).
type nestRow struct {
	cells  []string
	at     int // -1: no table in the row
	span   int
	nested [][]string
	own    string
	mixed  bool // more than one table in the row or in its cell
}

// nestOut is what a table reads out as: a row (flat: made of a group's
// cells and a sub-table's row) or a line of text.
type nestOut struct {
	cells []string
	flat  bool
	text  string
}

// maxGroupCell: a group's cell beside its sub-table is a name or a short
// label, never a paragraph.
const maxGroupCell = 60

// flattenNested reads out a top-level table's rows.
func flattenNested(rows []nestRow) []nestOut {
	first, ok := groupTable(rows)
	if !ok {
		out := make([]nestOut, len(rows))
		for i, r := range rows {
			out[i] = nestOut{cells: r.cells}
		}
		return out
	}
	// the row above the first group names the group's columns: it gives
	// way to the header joined with the sub-table's own
	var outerHdr []string
	pre := rows[:first]
	if first > 0 && len(rows[first-1].cells) == len(rows[first].cells) && headerLike(rows[first].nested[0]) {
		outerHdr, pre = rows[first-1].cells, rows[:first-1]
	}
	var out []nestOut
	for _, r := range pre {
		out = append(out, nestOut{cells: r.cells})
	}
	var lastHdr []string
	for _, r := range rows[first:] {
		if r.own != "" {
			out = append(out, nestOut{text: r.own})
		}
		around := func(with, inner []string) []string {
			row := make([]string, 0, len(with)-r.span+len(inner))
			row = append(row, with[:r.at]...)
			row = append(row, inner...)
			return append(row, with[r.at+r.span:]...)
		}
		for j, inner := range r.nested {
			if j == 0 && headerLike(inner) {
				with := outerHdr
				if len(with) != len(r.cells) {
					with = make([]string, len(r.cells))
				}
				if h := around(with, inner); !slices.Equal(h, lastHdr) {
					// (the same header again under the next group is read once)
					out = append(out, nestOut{cells: h, flat: true})
					lastHdr = h
				}
				continue
			}
			out = append(out, nestOut{cells: around(r.cells, inner), flat: true})
		}
	}
	return out
}

// groupTable reports whether rows pair groups with sub-tables: every row
// from the first that holds a table holds exactly one, in the same
// columns, beside short cells; the rows before it (a header, a title)
// hold none. first is that row.
func groupTable(rows []nestRow) (first int, ok bool) {
	first = slices.IndexFunc(rows, func(r nestRow) bool { return r.at >= 0 })
	if first < 0 {
		return 0, false
	}
	at, span := rows[first].at, rows[first].span
	for _, r := range rows[first:] {
		if r.at != at || r.span != span || r.mixed || len(r.nested) == 0 || utf8.RuneCountInString(r.own) > maxGroupCell {
			return 0, false
		}
		for i, c := range r.cells {
			if (i < at || i >= at+span) && utf8.RuneCountInString(c) > maxGroupCell {
				return 0, false
			}
		}
	}
	return first, true
}

// headerLike: a sub-table's first row names its columns (序号 | 工作任务 |
// 牵头科室): short labels, no number among them.
func headerLike(cells []string) bool {
	filled := 0
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		filled++
		if utf8.RuneCountInString(c) > 12 || strings.IndexFunc(c, unicode.IsDigit) >= 0 {
			return false
		}
	}
	return filled >= 2
}
