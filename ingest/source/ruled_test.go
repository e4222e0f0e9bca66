package source

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Inner rules inside one gap of the opening line (narrow columns with no
// text on it) each make a gutter; a border stroked twice is one rule.
func TestSplitRuledGaps(t *testing.T) {
	rules := []rule{{x0: 34}, {x0: 34.5}, {x0: 51}, {x0: 51.5}, {x0: 367}, {x0: 389}, {x0: 578}}
	bs := borders(rules, 12)
	if len(bs) != 5 {
		t.Fatalf("borders %v", bs)
	}
	got := splitRuledGaps([]gutter{{x0: 47, x1: 368}, {x0: 380, x1: 551}}, bs[1:4])
	if len(got) != 3 || got[0].x1 > 53 || got[1].x0 < 365 || got[2] != (gutter{x0: 380, x1: 551}) {
		t.Errorf("gutters %+v", got)
	}
}

// A bordered table whose leader cell spans three rows: its name wraps (王建
// / 国) and its last character, centred in the span, straddles the border
// between two rows; a text cell runs to within 2pt of the leader's. The
// borders part the columns and the rows (each row keeps its own text), and
// the spanning cell's lines are one cell, given to each row. The same
// where each cell draws its own borders a little apart (a web page's plain
// <table border="1">): two rules 2.2pt apart are one border.
func TestRuledCellSpanningRows(t *testing.T) {
	for _, apart := range []float64{0, 2.2} {
		t.Run(fmt.Sprintf("rules %gpt apart", apart), func(t *testing.T) { ruledCellSpanningRows(t, apart) })
	}
}

func ruledCellSpanningRows(t *testing.T, apart float64) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("序号", 44, 400)
	put("工作任务", 92, 400)
	put("领导", 302, 400)
	put("1", 44, 430)
	put(strings.Repeat("甲", 18), 83.5, 425) // ends at 299.5
	put("王建", 301.5, 425)
	put("乙乙。", 83.5, 440)
	put("2", 44, 470)
	put("丙丙丙。", 83.5, 470)
	put("国", 301.5, 496) // its middle below the border at 490, its top above
	put("3", 44, 510)
	put("丁丁。", 83.5, 510)
	var rules []rule
	ys := []float64{390, 410, 450, 490, 530}
	for i := 1; i < len(ys); i++ {
		for _, x := range []float64{40, 80, 300, 328} {
			rules = append(rules, rule{x - apart/2, ys[i-1], x - apart/2, ys[i]}, rule{x + apart/2, ys[i-1], x + apart/2, ys[i]})
		}
	}
	for _, y := range ys {
		right := 328.0
		if y == 450 || y == 490 {
			right = 300 // not across the leader's cell
		}
		rules = append(rules, rule{40, y, right, y})
	}
	rows := tableRows(t, gs, rules)
	want := [][]string{
		{"序号", "工作任务", "领导"},
		{"1", strings.Repeat("甲", 18) + "乙乙。", "王建国"},
		{"2", "丙丙丙。", "王建国"},
		{"3", "丁丁。", "王建国"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}

// A section row (一、…) spanning a bordered table's columns: the inner
// borders stop at it, the outer ones run on, so the table stays one and
// the heading fills each column it spans, as a colspan does in HTML.
func TestRuledRowSpanningColumns(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("序号", 44, 404)
	put("工作任务", 92, 404)
	put("领导", 302, 404)
	put("一、加快产业转型升级", 44, 424)
	put("1", 44, 444)
	put("建设城市书房5个。", 83.5, 444)
	put("王芳", 302, 444)
	var rules []rule
	for _, x := range []float64{40, 328} {
		rules = append(rules, rule{x, 390, x, 450})
	}
	for _, x := range []float64{80, 300} {
		rules = append(rules, rule{x, 390, x, 410}, rule{x, 430, x, 450})
	}
	for _, y := range []float64{390, 410, 430, 450} {
		rules = append(rules, rule{40, y, 328, y})
	}
	var rows [][]string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: rules}}) {
		if b.Cells == nil || b.Table != 1 {
			t.Errorf("block %+v outside the table", b)
			continue
		}
		rows = append(rows, b.Cells)
	}
	want := [][]string{
		{"序号", "工作任务", "领导"},
		{"一、加快产业转型升级", "一、加快产业转型升级", "一、加快产业转型升级"},
		{"1", "建设城市书房5个。", "王芳"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}

// putGlyphs lays s out on a line at (x, y) as 12-point glyphs 12 wide, one
// a character, as a PDF's text shows it to the positioned path.
func putGlyphs(gs []glyph, s string, x, y float64) []glyph {
	for i, r := range []rune(s) {
		gs = append(gs, glyph{x: x + 12*float64(i), y: y, w: 12, size: 12, s: string(r)})
	}
	return gs
}

// tableRows lays out one A4 page of glyphs and rules and returns its
// table's rows; a line outside the table is an error.
func tableRows(t *testing.T, gs []glyph, rules []rule) [][]string {
	t.Helper()
	var rows [][]string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: rules}}) {
		if b.Cells == nil {
			t.Errorf("text %q outside the table", b.Text)
			continue
		}
		rows = append(rows, b.Cells)
	}
	return rows
}

// Task cards printed one under the other (issue 26, 督办通知单): each card
// its own bordered table whose first row has four cells sized to its own
// text (督办编号 | code | 办结时限 | date), the rows below a key and a value
// spanning the three columns right of it. The gap between two cards parts
// their tables, so the second card's columns are its own; a value across
// columns keeps its text in order.
func TestStackedCardsEachTheirColumns(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	var rules []rule
	hline := func(y float64) { rules = append(rules, rule{60, y, 540, y}) }
	vlines := func(y0, y1 float64, xs ...float64) {
		for _, x := range xs {
			rules = append(rules, rule{x, y0, x, y1})
		}
	}
	// card one
	put("督办编号", 64, 104)
	put("锦督〔2025〕3-01", 134, 104)
	put("办结时限", 304, 104)
	put("2025年12月底前", 374, 104)
	put("督办事项", 64, 134)
	put("持续推进城市燃气管道老化更新改造全年完成改造管网四十二公", 134, 134)
	put("里同步建立监测平台。", 134, 152)
	put("主办单位", 64, 174)
	put("区住房和城乡建设局", 134, 174)
	for _, y := range []float64{85, 115, 160, 180} {
		hline(y)
	}
	vlines(85, 115, 60, 130, 300, 370, 540)
	vlines(115, 160, 60, 130, 540)
	vlines(160, 180, 60, 130, 540)
	// card two, 20pt below
	put("督办编号", 64, 219)
	put("锦督〔2025〕3-02", 134, 219)
	put("办结时限", 324, 219)
	put("2025年9月30日", 394, 219)
	put("督办事项", 64, 249)
	put("新建公办幼儿园三所。", 134, 249)
	put("主办单位", 64, 274)
	put("区教育局", 134, 274)
	for _, y := range []float64{200, 230, 260, 280} {
		hline(y)
	}
	vlines(200, 230, 60, 130, 320, 390, 540)
	vlines(230, 260, 60, 130, 540)
	vlines(260, 280, 60, 130, 540)
	rows := tableRows(t, gs, rules)
	if len(rows) != 6 {
		t.Fatalf("rows %q, want six", rows)
	}
	text := "持续推进城市燃气管道老化更新改造全年完成改造管网四十二公里同步建立监测平台。"
	for i, want := range [][]string{
		{"督办编号", "锦督〔2025〕3-01", "办结时限", "2025年12月底前"},
		{"督办事项", text, text, text},
		{"主办单位", "区住房和城乡建设局", "区住房和城乡建设局", "区住房和城乡建设局"},
		{"督办编号", "锦督〔2025〕3-02", "办结时限", "2025年9月30日"},
	} {
		if !slices.Equal(rows[i], want) {
			t.Errorf("row %d %q, want %q", i, rows[i], want)
		}
	}
}
