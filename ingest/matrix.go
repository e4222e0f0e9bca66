package ingest

// Responsibility matrices: a table with one column per unit (县发改局 |
// 县财政局 | 县住建局 | …) and a mark in each cell — ● / ○, ★ / ☆, √, 牵头 /
// 配合 — with a legend under or over it (●为牵头单位，○为配合单位). Each row is
// a task: the columns marked as leading are its units, those marked as
// co-operating its co-units, the header's names as written. The matrix is
// rewritten as the table it stands for — its unit columns replaced by a
// 牵头单位 and a 配合单位 column — so the table readers read it as any
// other; its other columns (序号, the task, a leader column) stay.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// matrixLegendRe is a legend's entry: ●为牵头单位, ○表示配合单位, ★：牵头,
// √为责任单位.
var matrixLegendRe = regexp.MustCompile(`([●○◎◇◆★☆√✓✔△▲■□])\s*(?:为|表示|代表|是|[:\x{FF1A}=＝])?\s*(牵头|主办|主责|责任|配合|协办|协同|参与|配合)`)

// matrixRole is what a mark in a matrix's cell says: 1 leads, 2
// co-operates, 0 nothing.
type matrixRoles map[string]int

// matrixLegend reads the legends of a document: the words (牵头, 配合) always
// say what they say; the marks the legend names, or the usual ones when no
// legend names any. stated: a legend was found.
func matrixLegend(blocks []block) (matrixRoles, bool) {
	roles := matrixRoles{
		"牵头": 1, "主办": 1, "主责": 1, "牵头单位": 1, "责任": 1, "负责": 1,
		"配合": 2, "协办": 2, "协同": 2, "参与": 2, "配合单位": 2,
	}
	stated := false
	for _, b := range blocks {
		text := b.text
		if b.row {
			text = strings.Join(b.cells, " ")
		}
		for _, m := range matrixLegendRe.FindAllStringSubmatch(text, -1) {
			stated = true
			switch m[2] {
			case "配合", "协办", "协同", "参与":
				roles[m[1]] = 2
			default:
				roles[m[1]] = 1
			}
		}
	}
	if !stated {
		// the usual marks, when no legend names any; a tick alone marks
		// who is responsible: each ticked unit leads
		for m, r := range map[string]int{"●": 1, "★": 1, "○": 2, "☆": 2, "√": 1, "✓": 1, "✔": 1} {
			roles[m] = r
		}
	}
	return roles, stated
}

// matrixUnitColumn: a header cell naming a unit (县发改局), not a column
// kind (牵头单位, 序号).
func matrixUnitColumn(cell string) bool {
	c := cleanCell(cell)
	return c != "" && classifyHeader(c) == colExtra && isUnitName(c) && !strings.ContainsAny(c, "：:")
}

// matrixHeader reports whether a row heads a matrix: at least three of its
// cells name units, and they are at least as many as its other named
// columns but one (序号 | 重点任务 | 责任领导 | three units).
func matrixHeader(b block) bool {
	if !b.row {
		return false
	}
	units, others := 0, 0
	for _, c := range b.cells {
		switch {
		case matrixUnitColumn(c):
			units++
		case cleanCell(c) != "" && classifyHeader(c) != colSeq:
			others++
		}
	}
	return units >= 3 && units+1 >= others
}

// marksBelow reports whether the rows under a matrix's header hold marks,
// not names, in its unit columns: a cell of one to three characters
// (●, √, 牵头) in the first row that has any, and no longer cell in the
// first rows. A task's row whose cells happen to end like units (创建…
// 示范区 | 县文旅局 | 各乡镇) is no header.
func marksBelow(blocks []block, at int) bool {
	var unitCols []int
	for k, c := range blocks[at].cells {
		if matrixUnitColumn(c) {
			unitCols = append(unitCols, k)
		}
	}
	marks, rows := 0, 0
	for j := at + 1; j < len(blocks) && rows < 5; j++ {
		if !blocks[j].row || len(distinctCells(blocks[j].cells)) < 2 {
			continue // a note merged across the table's foot
		}
		rows++
		for _, k := range unitCols {
			if k >= len(blocks[j].cells) {
				continue
			}
			v := []rune(compact(cleanCell(blocks[j].cells[k])))
			if len(v) > 3 {
				return false
			}
			if len(v) > 0 {
				marks++
			}
		}
	}
	return marks > 0
}

// readMatrices rewrites each matrix in blocks as a table with 牵头单位 and
// 配合单位 columns; blocks unchanged when there is none. A matrix of marks
// that no legend explains is read by the usual marks and warned.
func readMatrices(blocks []block) ([]block, []Warning) {
	var out []block
	var warns []Warning
	var roles matrixRoles
	stated := false
	for i := 0; i < len(blocks); i++ {
		if !matrixHeader(blocks[i]) || !marksBelow(blocks, i) {
			continue
		}
		if out == nil {
			out = append([]block(nil), blocks...)
			roles, stated = matrixLegend(blocks)
		}
		h := out[i]
		names := append([]string(nil), h.cells...)
		// a header over two rows: 序号 | 重点任务 | 责任单位 (spanned) over the
		// units' row, whose other cells are empty or repeat the row above
		if p := i - 1; p >= 0 && out[p].row && len(out[p].cells) == len(h.cells) {
			if _, ok := parseHeader(out[p].cells); ok {
				for k := range names {
					if !matrixUnitColumn(names[k]) && cleanCell(names[k]) == "" {
						names[k] = out[p].cells[k]
					}
				}
				out[p] = block{line: out[p].line}
			}
		}
		var unitCols []int
		var cells []string
		for k, c := range names {
			if matrixUnitColumn(c) {
				unitCols = append(unitCols, k)
				continue
			}
			cells = append(cells, c)
		}
		cells = append(cells, RoleUnits, RoleCoUnits)
		out[i] = block{line: h.line, row: true, closed: h.closed, table: h.table, cells: cells, text: strings.Join(cells, " | ")}
		marks, unknown := false, []string{}
		for j := i + 1; j < len(out) && (out[j].row || strings.TrimSpace(out[j].text) == ""); j++ {
			r := out[j]
			if r.row && len(r.cells) < len(h.cells) && len(r.cells) > unitCols[0] {
				// a text copy drops a row's empty cells at its end
				r.cells = append(append([]string(nil), r.cells...), make([]string, len(h.cells)-len(r.cells))...)
			}
			if !r.row || len(r.cells) != len(h.cells) || len(distinctCells(r.cells)) < 2 {
				continue // a note row merged across the table stays one
			}
			var lead, co []string
			var rest []string
			for k, c := range r.cells {
				if !isIn(unitCols, k) {
					rest = append(rest, c)
					continue
				}
				v := compact(cleanCell(c))
				if v == "" {
					continue
				}
				switch roles[v] {
				case 1:
					lead = append(lead, cleanCell(names[k]))
				case 2:
					co = append(co, cleanCell(names[k]))
				default:
					unknown = append(unknown, v)
				}
				marks = marks || !strings.ContainsAny(v, "牵配协主参")
			}
			rest = append(rest, strings.Join(lead, "、"), strings.Join(co, "、"))
			out[j] = block{line: r.line, row: true, closed: r.closed, table: r.table, cells: rest, text: strings.Join(rest, " | ")}
		}
		if marks && !stated {
			warns = append(warns, Warning{Code: WarnOddUnit, Field: "units", Seqs: []int{},
				Message: fmt.Sprintf("第%d行起的责任矩阵没有写明图例,已按“●/★为牵头单位、○/☆为配合单位”读取,请核对", h.line)})
		}
		if len(unknown) > 0 {
			warns = append(warns, Warning{Code: WarnOddUnit, Field: "units", Seqs: []int{},
				Message: fmt.Sprintf("第%d行起的责任矩阵中有看不懂的标记:%s(这些单元格没有读成牵头或配合单位),请核对", h.line, strings.Join(dedupe(unknown), "、"))})
		}
	}
	if out == nil {
		return blocks, nil
	}
	return out, warns
}

// distinctCells are a row's filled cells, each value once.
func distinctCells(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = cleanCell(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func isIn(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
