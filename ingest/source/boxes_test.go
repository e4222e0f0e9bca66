package source

import (
	"slices"
	"strings"
	"testing"
)

// cardRules draws a task card from x0 to x1, its key column ending at
// mid, its rows' borders at ys; the first row is a title bar across both
// columns.
func cardRules(x0, mid, x1 float64, ys []float64) []rule {
	var rs []rule
	for _, y := range ys {
		rs = append(rs, rule{x0, y, x1, y})
	}
	for i := 1; i < len(ys); i++ {
		rs = append(rs, rule{x0, ys[i-1], x0, ys[i]}, rule{x1, ys[i-1], x1, ys[i]})
		if i > 1 {
			rs = append(rs, rule{mid, ys[i-1], mid, ys[i]})
		}
	}
	return rs
}

// Two task cards side by side (a web page's grid printed to PDF): lines at
// the same height in both are two lines, each card read whole before the
// next, its title bar a line of text and its key | value rows a table of
// two columns (a value wrapping in its cell, two names on two lines).
func TestBoxesSideBySide(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	ys := []float64{390, 410, 450, 490, 510}
	put("No.01", 44, 404)
	put("工作内容", 44, 424)
	put(strings.Repeat("甲", 15), 104, 424) // ends at 284, its cell at 290
	put("乙乙。", 104, 438)
	put("责任领导", 44, 464)
	put("王芳", 104, 464)
	put("牵头单位", 44, 504)
	put("市住建局", 104, 504)
	put("No.02", 314, 404)
	put("工作内容", 314, 424)
	put("丙丙丙。", 374, 424)
	put("责任领导", 314, 464)
	put("李强", 374, 464)
	put("赵敏", 374, 478)
	put("牵头单位", 314, 504)
	put("市城管局", 374, 504)
	rules := append(cardRules(40, 100, 290, ys), cardRules(310, 370, 560, ys)...)
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: rules}}) {
		if b.Cells != nil {
			got = append(got, strings.Join(b.Cells, " | "))
		} else {
			got = append(got, b.Text)
		}
	}
	want := []string{
		"No.01", "工作内容 | " + strings.Repeat("甲", 15) + "乙乙。", "责任领导 | 王芳", "牵头单位 | 市住建局",
		"No.02", "工作内容 | 丙丙丙。", "责任领导 | 李强\n赵敏", "牵头单位 | 市城管局",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

// Boxes one above the other, or one table alone, are no boxes side by
// side; a card's table inside the card's own border is the card.
func TestSideBySideOnlyBeside(t *testing.T) {
	ys := []float64{390, 410, 450}
	if b, _ := sideBySide(append(cardRules(40, 100, 290, ys), cardRules(40, 100, 290, []float64{500, 520, 560})...)); b != nil {
		t.Errorf("stacked boxes read as side by side: %v", b)
	}
	if b, _ := sideBySide(cardRules(40, 100, 560, ys)); b != nil {
		t.Errorf("one table read as boxes: %v", b)
	}
	frame := func(x0, y0, x1, y1 float64) []rule {
		return []rule{{x0, y0, x1, y0}, {x0, y1, x1, y1}, {x0, y0, x0, y1}, {x1, y0, x1, y1}}
	}
	rules := append(frame(36, 380, 294, 460), cardRules(40, 100, 290, ys)...)
	rules = append(rules, frame(306, 380, 564, 460)...)
	rules = append(rules, cardRules(310, 370, 560, ys)...)
	boxes, band := sideBySide(rules)
	if len(boxes) != 2 || boxes[0] != (box{36, 380, 294, 460}) || boxes[1] != (box{306, 380, 564, 460}) || band[0] != band[1] {
		t.Errorf("boxes %v bands %v", boxes, band)
	}
}

// A table whose first column is a category merged over three rows beside
// the 序号 column: the rules across 序号 (and the other columns) part the
// rows though none crosses the category's cell, which is given to each
// row; a leader cell's two names stay in their row. Without rules, a row
// starts where the 序号 column does.
func TestMergedFirstColumnRows(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("类别", 44, 404)
	put("序号", 92, 404)
	put("工作任务", 130, 404)
	put("领导", 304, 404)
	put("经济", 44, 424)
	put("1", 98, 424)
	put(strings.Repeat("甲", 13), 130, 424)
	put("乙。", 130, 438)
	put("王芳", 304, 424)
	put("李强", 304, 438)
	put("2", 98, 464)
	put("丙丙。", 130, 464)
	put("赵敏", 304, 464)
	put("3", 98, 484)
	put("丁丁。", 130, 484)
	put("赵敏、钱进", 304, 484) // the leaders' column reaches past 李强
	want := [][]string{
		{"类别", "序号", "工作任务", "领导"},
		{"经济", "1", strings.Repeat("甲", 13) + "乙。", "王芳\n李强"},
		{"经济", "2", "丙丙。", "赵敏"},
		{"经济", "3", "丁丁。", "赵敏、钱进"},
	}
	var rules []rule
	ys := []float64{390, 410, 450, 470, 490}
	for i := 1; i < len(ys); i++ {
		for _, x := range []float64{40, 88, 126, 300, 380} {
			rules = append(rules, rule{x, ys[i-1], x, ys[i]})
		}
	}
	for _, y := range ys {
		left := 40.0
		if y == 450 || y == 470 {
			left = 88 // not across the category's cell
		}
		rules = append(rules, rule{left, y, 380, y})
	}
	if rows := tableRows(t, gs, rules); !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("ruled rows\n%q\nwant\n%q", rows, want)
	}
	want[2][0], want[3][0] = "", ""
	if rows := tableRows(t, gs, nil); !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("unruled rows\n%q\nwant\n%q", rows, want)
	}
}

// A line of keys apart by three full-width spaces (责任领导：X　　　责任单位：…)
// that runs to the right margin and wraps inside a unit's name: the keys are
// one line of the paragraph and the line below goes on with it.
func TestKeyLineWrapsInProse(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("（一）推进城镇老旧小区改造。", 68, 400)
	put("责任领导：陈立新", 68, 424)                   // ends at 164
	put("责任单位：市住建局、市自然资", 200, 424)            // a gap of three ems; ends at 368
	put("源和规划局、市财政局", 44, 448)                 // the left margin
	put("（二）加快地下管网更新改造，新建雨污管网八十五公里。", 44, 472) // ends at 368
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		got = append(got, b.Text)
	}
	want := []string{"（一）推进城镇老旧小区改造。", "责任领导：陈立新\u3000责任单位：市住建局、市自然资源和规划局、市财政局",
		"（二）加快地下管网更新改造，新建雨污管网八十五公里。"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
	// two segments far apart that are no keys stay apart
	gs = nil
	put("鹤川市人民政府办公室", 44, 400)
	put("2025年2月18日", 300, 400)
	got = nil
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		got = append(got, b.Text)
	}
	if len(got) != 2 {
		t.Errorf("issuer and date: %q", got)
	}
}

// Three keys on a line not indented, apart by three full-width spaces: no
// table's row, though it has three segments; the wrap cuts the last key's
// name (配合 / 单位：…), and a line of keys after an item that ended at
// the margin with its sentence starts a paragraph of its own.
func TestThreeKeysWrapInProse(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("1.推进高新技术企业培育，全年新认定高新技术企业八十家。", 44, 400) // ends at 368
	put("牵头领导：张启航", 44, 424)                     // ends at 140
	put("牵头单位：市科学技术局", 176, 424)                 // ends at 308
	put("配合", 344, 424)                          // ends at the margin
	put("单位：市财政局、市税务局", 44, 448)
	put("2.建设中试验证平台三个，支持企业联合高校院所开展攻关。", 44, 472) // ends at 368
	put("牵头领导：张启航　牵头单位：市科技局、鹤山高新区管委会", 44, 496)
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		if b.Cells != nil {
			t.Errorf("row %q", b.Cells)
		}
		got = append(got, b.Text)
	}
	want := []string{"1.推进高新技术企业培育，全年新认定高新技术企业八十家。",
		"牵头领导：张启航\u3000牵头单位：市科学技术局\u3000配合单位：市财政局、市税务局",
		"2.建设中试验证平台三个，支持企业联合高校院所开展攻关。",
		"牵头领导：张启航　牵头单位：市科技局、鹤山高新区管委会"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

// Two names one a line in a cell, the first a whole body's name within a
// character of the column's edge: apart, not wrapped.
func TestNamesApart(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"县住房和城乡建设局", "县交通运输局", true},
		{"市自然资源局", "各乡镇人民政府", true},
		{"推进县城污水处理厂提标改", "造，完成管网建设", false},
		{"县住房和城乡建设局、县", "交通运输局", false},
		{"市公安局", "交通管理支队", false},
		{"各街道办事处", "区市场监管局", true},
		{"县人民政府办公室", "团县委", true},
		{"区发展和改革委", "区数据局", true},
		{"区卫生健康局", "中国人民银行区支行", true},
		{"市住房城乡建", "设局", false},
		{"县妇联", "县残联", true},
		{"县委办", "县政府办", true},
		{"县委组", "织部", false},
		{"县住房", "城乡建设局", false},
		{"区人民政府", "办公室", false},
		{"区发展和改革委", "员会", false},
		{"县人社局、县", "民政局", false},
	} {
		if got := namesApart(tt.a, tt.b); got != tt.want {
			t.Errorf("namesApart(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// Cards whose titles stand above their borders (<h4>No.1</h4> over the
// table): each title goes with the card under it; a heading across both
// cards stays a line of its own above them. A value's first line above its
// key (the key centred in a cell of three lines) is a row's line too.
func TestTitlesAboveBoxes(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("二〇二五年民生实事任务书", 150, 350)
	put("No.1", 44, 382)
	put("No.2", 314, 382)
	put(strings.Repeat("甲", 15), 104, 404)
	put("具体内容", 44, 418)
	put("乙。", 104, 432)
	put("分管领导", 44, 464)
	put("王芳", 104, 464)
	put("具体内容", 314, 418)
	put("丙丙。", 374, 418)
	put("分管领导", 314, 464)
	put("李强", 374, 464)
	var rules []rule
	for _, c := range [][3]float64{{40, 100, 290}, {310, 370, 560}} {
		ys := []float64{390, 450, 480}
		for _, y := range ys {
			rules = append(rules, rule{c[0], y, c[2], y})
		}
		for i := 1; i < len(ys); i++ {
			for _, x := range c {
				rules = append(rules, rule{x, ys[i-1], x, ys[i]})
			}
		}
	}
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: rules}}) {
		if b.Cells != nil {
			got = append(got, strings.Join(b.Cells, " | "))
		} else {
			got = append(got, b.Text)
		}
	}
	want := []string{"二〇二五年民生实事任务书",
		"No.1", "具体内容 | " + strings.Repeat("甲", 15) + "乙。", "分管领导 | 王芳",
		"No.2", "具体内容 | 丙丙。", "分管领导 | 李强"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

// Keys after an item's last sentence, the wrap falling at the spaces
// before the next key: the key on the next line stays apart from the
// value before it.
func TestInlineKeysWrapAtSpaces(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("3．盘活低效工业用地五百亩。责任领导：副区长周文斌", 68, 400) // ends at the margin
	put("牵头单位：区自然资源分局", 44, 424)
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		got = append(got, b.Text)
	}
	want := []string{"3．盘活低效工业用地五百亩。责任领导：副区长周文斌\u3000牵头单位：区自然资源分局"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
	// a key's name cut by the wrap (配 / 合单位：) is joined as written
	gs = nil
	put("9．实施“制造英才”人才培育计划。〔牵头单位：市人社局；配", 68, 400) // ends at the margin
	put("合单位：市教育局、市总工会〕", 44, 424)
	put("10．强化能耗要素保障，新增能耗指标保障重大制造业项目。", 68, 448)
	got = nil
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		got = append(got, b.Text)
	}
	if len(got) == 0 || got[0] != "9．实施“制造英才”人才培育计划。〔牵头单位：市人社局；配合单位：市教育局、市总工会〕" {
		t.Errorf("cut key: %q", got)
	}
}
