package ingest

// Same as above (table.go): a table tells its reader that a cell repeats
// the one above it in two ways. A cell reading 同上 (or 同上。) holds the
// value of the cell above in its column. And a note under or over the
// table (注：责任县领导栏为合并单元格导出，空白处同上) says that the blank cells
// are a merge flattened by an export: the blanks of the columns it names
// (or, naming none, of the leader and lead-unit columns) take the value
// above. Without such a note a blank in a table written as text stays
// blank (alignCells): blank is not merged unless the document says so.

import (
	"regexp"
	"slices"
	"strings"
)

// sameAboveNoteRe is a note saying blank cells repeat the one above:
// 空白处同上, 空格表示同上, 空白单元格与上行相同, 合并单元格导出.
var sameAboveNoteRe = regexp.MustCompile(`(?:空白|空格|空缺|未填)\p{Han}{0,6}(?:同上|与上(?:一)?[行栏格]相同|同上一?[行栏格])|合并单元格(?:导出|拆分|取消)`)

// sameAboveCell: a cell that says it repeats the one above.
func sameAboveCell(c string) bool {
	c = strings.TrimRight(strings.TrimSpace(c), "。.")
	return c == "同上" || c == "同上栏" || c == "同上行"
}

// sameAboveNote looks for such a note among a table's blocks: ok when one
// is written, with the header columns it names (none: every leader and
// lead-unit column).
func sameAboveNote(its []block, hdr *header) (cols map[int]bool, ok bool) {
	for _, it := range its {
		text := it.text
		if it.row {
			text = strings.Join(it.cells, " ")
		}
		if len(text) > 600 || !sameAboveNoteRe.MatchString(text) {
			continue
		}
		cols = map[int]bool{}
		for i, name := range hdr.names {
			if name != "" && hdr.cols[i] != colSeq && hdr.cols[i] != colText && strings.Contains(compact(text), name) {
				cols[i] = true
			}
		}
		if len(cols) == 0 {
			for i, c := range hdr.cols {
				if c == colLeaders || c == colUnits || c == colDuty {
					cols[i] = true
				}
			}
		}
		return cols, true
	}
	return nil, false
}

// carrySameAbove gives a cell that says 同上 the value above it, and, when
// a note among the document's blocks (its) says the table's blanks are
// merges, a blank cell of a column the note names; each carried value is
// recorded in the row's inherited columns, for the report's warning.
func carrySameAbove(rows []*logicalRow, its []block) {
	notes := map[*header]map[int]bool{}
	for i := 1; i < len(rows); i++ {
		r, above := rows[i], rows[i-1]
		if r.hdr != above.hdr {
			continue
		}
		noted, seen := notes[r.hdr]
		if !seen {
			noted, _ = sameAboveNote(its, r.hdr)
			notes[r.hdr] = noted
		}
		for g := range r.cells {
			if g >= len(above.cells) || g >= len(r.hdr.cols) || r.hdr.cols[g] == colSeq {
				continue
			}
			blank := strings.TrimSpace(r.cells[g]) == ""
			if !sameAboveCell(r.cells[g]) && !(blank && noted[g]) {
				continue
			}
			r.cells[g] = above.cells[g]
			if r.cells[g] != "" && !slices.Contains(r.inherited, g) {
				r.inherited = append(r.inherited, g)
			}
		}
	}
}
