package source

import (
	"slices"
	"testing"
)

// drawing draws a bordered table a cell at a time, as LibreOffice exports a
// Word or Calc table: each row's vertical borders from its top to its
// bottom, and each horizontal border only across the columns it parts.
type drawing struct{ rules []rule }

func (g *drawing) h(x0, x1, y float64) { g.rules = append(g.rules, rule{x0, y, x1, y}) }
func (g *drawing) v(x, y0, y1 float64) { g.rules = append(g.rules, rule{x, y0, x, y1}) }

// row draws the vertical borders at xs from y0 to y1.
func (g *drawing) row(y0, y1 float64, xs ...float64) {
	for _, x := range xs {
		g.v(x, y0, y1)
	}
}

// A two-row header whose group cell (分工) spans three sub-columns: the
// rules between the sub-columns start at the header's second row, below
// the line that opens the table, and part every row below it; the group's
// name is given to each sub-column on the first header row and the
// sub-columns' names are the second. A leader merged over three task rows
// (no rule across its column between them) is one cell, its name cut by
// the wrap across the rows joined, given to each; the section row across
// the table stays one cell across it.
func TestGroupHeaderSubColumns(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	// columns: 40 序号 80 工作任务 250 牵头领导 310 牵头单位 400 协同单位 480 时间 540
	put("序号", 44, 404)
	put("工作任务", 130, 404)
	put("分工", 352, 404)
	put("时间", 488, 404)
	put("领导", 256, 424)
	put("牵头单位", 316, 424)
	put("协同单位", 404, 424)
	put("（一）科技创新", 44, 444)
	put("1", 56, 464)
	put("甲甲。", 84, 464)
	put("县委常委", 252, 464) // runs to the column's edge: cut by the wrap
	put("区科技局", 316, 464)
	put("区财政局", 404, 464)
	put("12月", 488, 464)
	put("2", 56, 484)
	put("乙乙。", 84, 484)
	put("常务副县", 252, 484)
	put("区统计局", 316, 484)
	put("区税务局", 404, 484)
	put("11月", 488, 484)
	put("3", 56, 504)
	put("丙丙。", 84, 504)
	put("长林凡", 252, 504)
	put("区科技局", 316, 504)
	put("10月", 488, 504)
	var g drawing
	for _, y := range []float64{390, 430, 450, 470, 490, 510} {
		g.h(40, 540, y)
	}
	g.h(250, 480, 410) // the group cell's bottom: the sub-columns begin
	g.row(390, 430, 40, 80, 250, 480, 540)
	g.row(410, 430, 310, 400)
	g.row(430, 450, 40, 540) // the section row: no inner borders
	g.row(450, 510, 40, 80, 250, 310, 400, 480, 540)
	// the leader's cell is merged over the three rows: the rules at 470
	// and 490 stop at its borders
	g.rules = slices.DeleteFunc(g.rules, func(r rule) bool { return r.y0 == r.y1 && (r.y0 == 470 || r.y0 == 490) })
	for _, y := range []float64{470, 490} {
		g.h(40, 250, y)
		g.h(310, 540, y)
	}
	leader := "县委常委常务副县长林凡"
	want := [][]string{
		{"序号", "工作任务", "分工", "分工", "分工", "时间"},
		{"序号", "工作任务", "领导", "牵头单位", "协同单位", "时间"},
		{"（一）科技创新", "（一）科技创新", "（一）科技创新", "（一）科技创新", "（一）科技创新", "（一）科技创新"},
		{"1", "甲甲。", leader, "区科技局", "区财政局", "12月"},
		{"2", "乙乙。", leader, "区统计局", "区税务局", "11月"},
		{"3", "丙丙。", leader, "区科技局", "", "10月"},
	}
	if rows := tableRows(t, gs, g.rules); !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}

// A table over three pages, its two-row header repeated on each: both
// header rows repeated go. A leader merged over a row at the foot of a page
// and the first row of the next keeps its name on the first page: the row
// below the break takes it, as its column shows merged cells elsewhere and
// no other row leaves it empty. A leader's name cut by the page (区委常委、
// ran to the column's edge, 副区长钱进 goes on in the first row of the next
// page, merged on over the row below) is one cell given to all three rows.
func TestMergedLeaderOverPageBreaks(t *testing.T) {
	// columns: 40 序号 80 工作任务 250 领导 316 牵头单位 400 协同单位 480
	xs := []float64{40, 80, 250, 316, 400, 480}
	type cells struct {
		seq, text, leader, unit, co string
		merged                      bool // the leader's cell goes on into the row below
	}
	page := func(top float64, rows ...cells) layoutPage {
		var gs []glyph
		put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
		var g drawing
		put("序号", 44, top+14)
		put("工作任务", 130, top+14)
		put("分工", 340, top+14)
		put("领导", 256, top+34)
		put("牵头单位", 320, top+34)
		put("协同单位", 404, top+34)
		g.h(40, 480, top)
		g.h(250, 480, top+20)
		g.h(40, 480, top+40)
		g.row(top, top+40, 40, 80, 250, 480)
		g.row(top+20, top+40, 316, 400)
		y := top + 40
		for i, r := range rows {
			put(r.seq, 56, y+14)
			put(r.text, 84, y+14)
			put(r.leader, 252, y+14)
			put(r.unit, 320, y+14)
			put(r.co, 404, y+14)
			g.row(y, y+20, xs...)
			if r.merged && i+1 < len(rows) {
				g.h(40, 250, y+20)
				g.h(316, 480, y+20)
			} else {
				g.h(40, 480, y+20)
			}
			y += 20
		}
		return layoutPage{width: 595, height: 842, glyphs: gs, rules: g.rules}
	}
	pages := []layoutPage{
		page(390, cells{"1", "甲。", "王芳", "区科技局", "区财政局", false}, cells{"2", "乙。", "赵敏", "区统计局", "", true}),
		page(100, cells{"3", "丙。", "", "区税务局", "区财政局", false}, cells{"4", "丁。", "区委常委、", "区商务局", "", true}),
		page(100, cells{"5", "戊。", "副区长钱进", "区商务局", "区海关", true}, cells{"6", "己。", "", "区口岸办", "", false},
			cells{"7", "庚。", "孙丽", "区民政局", "各街道", false}),
	}
	leader := "区委常委、副区长钱进"
	want := [][]string{
		{"序号", "工作任务", "分工", "分工", "分工"},
		{"序号", "工作任务", "领导", "牵头单位", "协同单位"},
		{"1", "甲。", "王芳", "区科技局", "区财政局"},
		{"2", "乙。", "赵敏", "区统计局", ""},
		{"3", "丙。", "赵敏", "区税务局", "区财政局"},
		{"4", "丁。", leader, "区商务局", ""},
		{"5", "戊。", leader, "区商务局", "区海关"},
		{"6", "己。", leader, "区口岸办", ""},
		{"7", "庚。", "孙丽", "区民政局", "各街道"},
	}
	var rows [][]string
	var carried [][]int
	for _, b := range layoutBlocks(pages) {
		if b.Cells == nil {
			t.Errorf("text %q outside the table", b.Text)
			continue
		}
		rows = append(rows, b.Cells)
		carried = append(carried, b.Carried)
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
	// only the single row at the page's top took the leader by a guess,
	// which the reading warns of
	for i, c := range carried {
		if want := i == 4; want != slices.Equal(c, []int{2}) || !want && c != nil {
			t.Errorf("row %d carried %v", i, c)
		}
	}
	// a name a character short of the column's edge ends its cell, though
	// the text of a cell wrapping would be read as going on
	a := cellLine{text: "副区长钱", left: 252, right: 300, avail: 314, size: 12}
	b := cellLine{text: "市委常委", left: 252, right: 300, first: 12, size: 12}
	if cutByPage(a, b) || !wrapped(a, b) {
		t.Errorf("cutByPage(%q, %q) = %v, wrapped %v; want false, true", a.text, b.text, cutByPage(a, b), wrapped(a, b))
	}
	if a.right = 312; !cutByPage(a, b) {
		t.Errorf("cutByPage(%q…) false for a line that ran to the column's edge", a.text)
	}
}

// The line that opens a table under a header whose first two columns'
// names (序号, 工作任务) stand on the line above it, centred over two rows:
// the two inner borders left of its text, side by side with no text
// between them on the line, are two ruled gutters, not one gutter holding
// both.
func TestRuledGuttersSideBySide(t *testing.T) {
	var gs []glyph
	gs = putGlyphs(gs, "领导", 256, 424)
	gs = putGlyphs(gs, "单位", 320, 424)
	l := groupLines(0, gs, 0)[0]
	rules := []rule{{40, 390, 40, 500}, {80, 390, 80, 500}, {250, 390, 250, 500}, {316, 390, 316, 500}, {400, 390, 400, 500}}
	got := ruledGutters([]gutter{{x0: 280, x1: 320}}, l, rules)
	var xs []float64
	for _, g := range got {
		if !g.ruled {
			t.Errorf("gutter %+v holds no one border", g)
		}
		xs = append(xs, g.x)
	}
	if !slices.Equal(xs, []float64{80, 250, 316}) {
		t.Errorf("ruled gutters at %v, want [80 250 316]", xs)
	}
}

// A header whose names are centred over its two rows: the group's name
// (责任主体) and the first letter of a narrow column's (序) stand on the
// group row, 工作任务 straddles the group's bottom border, and the table
// opens on the line of the sub-columns' names (号 | 领导 | 单位 | 配合).
// The lines above it in the same table, parted from it only by the group
// cell's bottom (a rule short of the table's width), are its header rows,
// not text before the table.
func TestGroupNameAboveOpeningLine(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	// columns: 40 序号 62 工作任务 250 领导 316 单位 400 配合 480
	put("附件：任务清单", 40, 370)
	put("序", 44, 402)
	put("责任主体", 340, 402)
	put("工作任务", 130, 412)
	put("号", 44, 422)
	put("领导", 256, 422)
	put("单位", 320, 422)
	put("配合", 404, 422)
	put("1", 44, 444)
	put("甲甲。", 66, 444)
	put("王芳", 256, 444)
	put("区科技局", 320, 444)
	put("区财政局", 404, 444)
	var g drawing
	g.h(40, 480, 390)
	g.h(250, 480, 410)
	g.h(40, 480, 430)
	g.h(40, 480, 450)
	g.row(390, 450, 40, 62, 250, 480)
	g.row(410, 450, 316, 400)
	want := [][]string{
		{"序号", "工作任务", "责任主体", "责任主体", "责任主体"},
		{"序号", "工作任务", "领导", "单位", "配合"},
		{"1", "甲甲。", "王芳", "区科技局", "区财政局"},
	}
	var rows [][]string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: g.rules}}) {
		switch {
		case b.Cells != nil:
			rows = append(rows, b.Cells)
		case b.Text != "附件：任务清单":
			t.Errorf("text %q outside the table", b.Text)
		}
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}
