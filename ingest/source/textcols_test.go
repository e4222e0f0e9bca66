package source

import (
	"slices"
	"strings"
	"testing"
)

// colText sets s from x at baseline y, one 10-point character each 10
// points.
func colText(s string, x, y float64) []glyph {
	var gs []glyph
	for i, r := range []rune(s) {
		gs = append(gs, glyph{x: x + 10*float64(i), y: y, w: 10, size: 10, s: string(r)})
	}
	return gs
}

// pageTexts reads a page through stage 1 and returns its lines' texts.
func pageTexts(p layoutPage) []string {
	var out []string
	for _, l := range pageLines(0, p) {
		out = append(out, l.text())
	}
	return out
}

// twoColumns is a page with a title across it and two columns of
// wrapped text, 21 characters wide each, 30 points apart, whose lines
// stand at the same heights.
func twoColumns() layoutPage {
	var gs []glyph
	gs = append(gs, colText("关于做好民生实事项目推进工作的通知全文如下请各单位抓好落实", 60, 60)...)
	left := []string{"一、老旧小区改造提质", "完成老旧小区改造四十二个同步加装电梯六十", "部整治背街小巷十八条。", "联系领导：韩立新（副区长）", "牵头单位：区住房和城乡建设局", "二、托育服务扩容", "新增普惠性托位八百个建成社区嵌入式托育点", "十二处规范服务收费。"}
	right := []string{"联系领导：罗雅琴（副区长）", "牵头单位：区卫生健康局", "三、中小学校扩容建设", "新建改扩建中小学校五所新增学位四千五百个", "缓解大班额问题。", "联系领导：邵海峰（副区长）", "牵头单位：区教育局", "协办单位：区财政局"}
	for i, s := range left {
		gs = append(gs, colText(s, 50, 100+float64(i)*16)...)
	}
	for i, s := range right {
		gs = append(gs, colText(s, 310, 100+float64(i)*16)...)
	}
	return layoutPage{width: 595, height: 842, glyphs: gs}
}

func TestTextColumnsReadColumnByColumn(t *testing.T) {
	got := pageTexts(twoColumns())
	if len(got) != 17 || !strings.HasPrefix(got[0], "关于做好") {
		t.Fatalf("lines: %q", got)
	}
	// the title first, then the left column top to bottom, then the right
	if got[1] != "一、老旧小区改造提质" || got[8] != "十二处规范服务收费。" || got[9] != "联系领导：罗雅琴（副区长）" || got[16] != "协办单位：区财政局" {
		t.Errorf("order: %q", got)
	}
	for _, s := range got {
		if strings.Contains(s, " ") {
			t.Errorf("a line of both columns: %q", s)
		}
	}
	// and the paragraphs stay in their column: item two's text is whole
	var texts []string
	for _, b := range layoutBlocks([]layoutPage{twoColumns()}) {
		texts = append(texts, b.Text)
	}
	if !slices.Contains(texts, "新增普惠性托位八百个建成社区嵌入式托育点十二处规范服务收费。") {
		t.Errorf("blocks: %q", texts)
	}
}

func TestTextColumnsGutter(t *testing.T) {
	p := twoColumns()
	g := textColumns(groupLines(0, slices.Clone(p.glyphs), 0), nil)
	if len(g) != 1 || g[0].x0 < 250 || g[0].x1 > 310 || g[0].x0 > 280 {
		t.Fatalf("gutters: %+v", g)
	}
}

func TestTextColumnsNotATable(t *testing.T) {
	lines := func(gs []glyph) []*pline { return groupLines(0, gs, 0) }
	// a table of three columns: a narrow 序号, a wide task, a unit
	var table []glyph
	for i := range 10 {
		y := 100 + float64(i)*16
		table = append(table, colText(string(rune('1'+i%9)), 50, y)...)
		table = append(table, colText("推进老旧小区改造提质工作任务", 90, y)...)
		table = append(table, colText("区住房和城乡建设局", 400, y)...)
	}
	if g := textColumns(lines(table), nil); g != nil {
		t.Errorf("a table read as text columns: %+v", g)
	}
	// two columns of equal width with a rule drawn down the gutter that
	// the table's top and bottom borders meet: a bordered table of two
	// columns
	p := twoColumns()
	rules := []rule{{x0: 290, y0: 85, x1: 290, y1: 230}, {x0: 40, y0: 85, x1: 540, y1: 85}, {x0: 40, y0: 230, x1: 540, y1: 230}}
	if g := textColumns(lines(slices.Clone(p.glyphs)), rules); g != nil {
		t.Errorf("a ruled gutter read as text columns: %+v", g)
	}
	// a card's coloured bar down its left side (a thin filled rectangle,
	// its four edges) stands in the gutter and meets no rule across: the
	// columns stay
	bar := []rule{{x0: 300, y0: 85, x1: 302, y1: 85}, {x0: 300, y0: 230, x1: 302, y1: 230}, {x0: 300, y0: 85, x1: 300, y1: 230}, {x0: 302, y0: 85, x1: 302, y1: 230}}
	if g := textColumns(lines(slices.Clone(p.glyphs)), bar); len(g) != 1 {
		t.Errorf("a card's bar hid the columns: %+v", g)
	}
	// rows with a rule across the gutter under each
	var across []rule
	for i := range 8 {
		across = append(across, rule{x0: 40, y0: 104 + float64(i)*16, x1: 540, y1: 104 + float64(i)*16})
	}
	if g := textColumns(lines(slices.Clone(p.glyphs)), across); g != nil {
		t.Errorf("rows parted by rules read as text columns: %+v", g)
	}
	// cells centred in their columns: no common left edge
	var centred []glyph
	for i := range 10 {
		y := 100 + float64(i)*16
		n := 2 + (i*7)%14
		centred = append(centred, colText(strings.Repeat("字", n), 165-5*float64(n), y)...)
		centred = append(centred, colText(strings.Repeat("文", n), 425-5*float64(n), y)...)
	}
	if g := textColumns(lines(centred), nil); g != nil {
		t.Errorf("centred cells read as text columns: %+v", g)
	}
	// one column whose key lines end short of the right margin
	var one []glyph
	for i := range 12 {
		s := "完成老旧小区改造四十二个同步加装电梯六十部整治背街小巷十八条改善居民出行"
		if i%3 == 2 {
			s = "牵头单位：区住建局"
		}
		one = append(one, colText(s, 50, 100+float64(i)*16)...)
	}
	if g := textColumns(lines(one), nil); g != nil {
		t.Errorf("one column read as two: %+v", g)
	}
}

func TestTextColumnsGridBands(t *testing.T) {
	// task cards in a grid of two: each row of cards after a wide gap,
	// the cards of a row starting at one height
	var gs []glyph
	card := func(no string, x, y float64, n int) {
		gs = append(gs, colText(no+"推进一项重点工作任务的具体内容写在这里", x, y)...)
		for i := range n {
			gs = append(gs, colText("包联领导：顾文清", x, y+16*float64(i+1))...)
		}
	}
	card("01", 50, 100, 4)
	card("02", 310, 100, 3)
	card("03", 50, 200, 3)
	card("04", 310, 200, 4)
	var firsts []string
	for _, s := range pageTexts(layoutPage{width: 595, height: 842, glyphs: gs}) {
		if !strings.HasPrefix(s, "包联") {
			firsts = append(firsts, s[:2])
		}
	}
	if strings.Join(firsts, ",") != "01,02,03,04" {
		t.Errorf("cards in order %q", firsts)
	}
	// an article in columns has no gap in every column at once: it is
	// read down the left column first
	got := pageTexts(twoColumns())
	if got[9] != "联系领导：罗雅琴（副区长）" {
		t.Errorf("article cut into bands: %q", got)
	}
}

func TestTextColumnsParagraphAcrossAbove(t *testing.T) {
	// a paragraph across the page whose last line is short stands above
	// the columns: that line stays with it, before the columns
	p := twoColumns()
	gs := slices.DeleteFunc(slices.Clone(p.glyphs), func(g glyph) bool { return g.y == 60 })
	first := "各街道办事处区政府各部门经区政府研究确定了二〇二五年十件民生实事项目现将有关事项通知"
	// (indented two characters, it runs to the columns' right edge)
	gs = append(gs, colText(first, 520-10*float64(len([]rune(first))), 60)...)
	gs = append(gs, colText("如下。", 50, 76)...)
	var texts []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		texts = append(texts, b.Text)
	}
	if len(texts) < 2 || !strings.HasSuffix(texts[0], "现将有关事项通知如下。") || texts[1] != "一、老旧小区改造提质" {
		t.Errorf("blocks: %q", texts)
	}
}

func TestBadgeAbovePageTop(t *testing.T) {
	badge := &pline{page: 1, y: 72, size: 13, left: 65, segs: []segment{{glyphs: colText("06", 65, 72)}}}
	text := &pline{page: 1, y: 91, size: 10.5, left: 65}
	if !badgeAbove(badge, text) {
		t.Error("a card's badge above its text taken for a page number")
	}
	apart := &pline{page: 1, y: 140, size: 10.5, left: 65}
	centred := &pline{page: 1, y: 91, size: 10.5, left: 250}
	if badgeAbove(badge, apart) || badgeAbove(badge, centred) {
		t.Error("a page number standing apart kept")
	}
	three := &pline{page: 1, y: 72, size: 13, left: 65, segs: []segment{{glyphs: colText("3", 65, 72)}}}
	if badgeAbove(three, text) {
		t.Error("a page number 3 kept")
	}
}
