package source

import (
	"slices"
	"strings"
	"testing"
)

// gridCard is a task card of a grid: its badge, its text's lines and its
// keys with their values (a value's wrapped lines after a "/").
type gridCard struct {
	badge string
	text  []string
	keys  [][2]string
}

// cardGlyphs sets a card from x, top at y: the badge, the text, then each
// key at x and its value 6 characters right of it (a value's lines after
// "/" under the value). It returns the glyphs and the height below the
// card's last line.
func cardGlyphs(c gridCard, x, y float64) ([]glyph, float64) {
	var gs []glyph
	gs = append(gs, colText(c.badge, x, y)...)
	y += 20
	for _, s := range c.text {
		gs = append(gs, colText(s, x, y)...)
		y += 15
	}
	y += 5
	for _, kv := range c.keys {
		gs = append(gs, colText(kv[0], x, y)...)
		for i, part := range strings.Split(kv[1], "/") {
			if i > 0 {
				y += 15
			}
			gs = append(gs, colText(part, x+60, y)...)
		}
		y += 18
	}
	return gs, y
}

// cardGrid lays cards two abreast (x 50 and 310, 20 characters wide each)
// in rows 30 points apart, under a title and a lead paragraph across the
// page, and returns the page and each card's top and bottom.
func cardGrid(cards []gridCard) (layoutPage, [][2]float64) {
	var gs []glyph
	gs = append(gs, colText("关于印发营商环境攻坚行动任务卡的通知", 150, 60)...)
	gs = append(gs, colText("各乡镇、县直各单位：现将攻坚行动任务卡印发给你们，请牵头单位抓好落实按月报送进展。", 50, 85)...)
	var spans [][2]float64
	y := 120.0
	for i := 0; i < len(cards); i += 2 {
		bottom := y
		for j, x := range []float64{50, 310} {
			if i+j >= len(cards) {
				break
			}
			g, b := cardGlyphs(cards[i+j], x, y)
			gs = append(gs, g...)
			spans = append(spans, [2]float64{y, b})
			bottom = max(bottom, b)
		}
		y = bottom + 30
	}
	return layoutPage{width: 595, height: 842, glyphs: gs}, spans
}

func sampleCards() []gridCard {
	return []gridCard{
		{"任务卡01", []string{"推行企业开办全流程网上办理营业执照公章", "刻制一日内办结。"}, [][2]string{{"包抓领导", "谭红梅"}, {"牵头单位", "县市场监管局"}, {"协同单位", "县公安局、县税务局"}}},
		{"任务卡02", []string{"对社会投资工业项目推行带方案出让实现拿", "地即开工。"}, [][2]string{{"包抓领导", "谭红梅"}, {"牵头单位", "县自然资源局"}, {"协同单位", "县住建局"}}},
		// a value wrapped late, into the gutter (reaching x 270)
		{"任务卡03", []string{"低压小微企业用电报装实现零上门零审批。"}, [][2]string{{"包抓领导", "周德胜"}, {"牵头单位", "县发改局"}, {"协同单位", "国网水源县供电公司、县自来水公司"}, {"完成时限", "2024年9月底"}}},
		{"任务卡04", []string{"推行综合查一次联合执法同一部门对同一企。"}, [][2]string{{"包抓领导", "周德胜"}, {"牵头单位", "县司法局"}, {"协同单位", "县市场监管局、县应急管理局"}}},
	}
}

// readOrder reads a page through stage 1 and returns its lines' texts
// (segments apart by "|").
func readOrder(p layoutPage) []string {
	var out []string
	for _, l := range pageLines(0, p) {
		var segs []string
		for _, s := range l.segs {
			segs = append(segs, s.text())
		}
		out = append(out, strings.Join(segs, "|"))
	}
	return out
}

func TestCardGridLineIntoGutter(t *testing.T) {
	p, _ := cardGrid(sampleCards())
	got := readOrder(p)
	at := func(s string) int { return slices.Index(got, s) }
	// card by card: 01 02 / 03 04, the long value in its own card
	for _, order := range [][]string{
		{"任务卡01", "包抓领导|谭红梅", "任务卡02", "牵头单位|县自然资源局", "任务卡03", "协同单位|国网水源县供电公司、县自来水公司", "完成时限|2024年9月底", "任务卡04", "协同单位|县市场监管局、县应急管理局"},
	} {
		for i := 1; i < len(order); i++ {
			if at(order[i-1]) < 0 || at(order[i]) < at(order[i-1]) {
				t.Fatalf("%q before %q: %q", order[i-1], order[i], got)
			}
		}
	}
	for _, s := range got {
		if strings.Count(s, "|") > 1 {
			t.Errorf("a line of two cards: %q", s)
		}
	}
	// a column's line wrapped late reaches into the gutter from the left,
	// short of its middle: still its column's
	l := groupLines(0, colText("国网水源县供电公司、县自", 160, 50), 0)[0]
	if crossesAny(l, []span{{250, 320}}) {
		t.Errorf("a line reaching into the gutter from the left read as across")
	}
	// a line from the right column reaching into the gutter from the
	// right is across it (a heading over the page), not a column's
	l = groupLines(0, append(colText("一二三", 100, 50), colText("四五六", 290, 50)...), 0)[0]
	if !crossesAny(l, []span{{280, 310}}) {
		t.Errorf("a segment starting inside the gutter not across")
	}
	// one from the left reaching past the gutter's middle is across too
	l = groupLines(0, colText("一二三四五六七八九十一二三四五六七八九十一二三四五", 50, 50), 0)[0]
	if !crossesAny(l, []span{{280, 310}}) {
		t.Errorf("a line to the gutter's middle not across")
	}
}

func TestCardGridUnderMastheadFrame(t *testing.T) {
	p, spans := cardGrid(sampleCards())
	// a masthead framed above the cards, its text at the left: the frame's
	// bottom rule crosses the gutter with no right column's text above it
	p.glyphs = append(p.glyphs, colText("县营商环境办公室", 50, 40)...)
	p.rules = []rule{{20, 25, 560, 25}, {20, 100, 560, 100}, {20, 25, 20, 100}, {560, 25, 560, 100}}
	gs := textColumns(groupLines(0, slices.Clone(p.glyphs), 0), p.rules)
	if len(gs) != 1 {
		t.Fatalf("a masthead's frame hid the columns: %+v", gs)
	}
	// a rule across the gutter between two rows of cards, with text of both
	// columns above and below it: a table's row border
	y := (spans[1][1] + spans[2][0]) / 2
	rules := append(slices.Clone(p.rules), rule{20, y, 560, y})
	if gs := textColumns(groupLines(0, slices.Clone(p.glyphs), 0), rules); gs != nil {
		t.Errorf("a row's border across the gutter read as columns: %+v", gs)
	}
}

func TestCardGridOwnBorders(t *testing.T) {
	p, spans := cardGrid(sampleCards())
	// each card framed: its right border down the gutter meets its own top
	// and bottom borders from the left only (the right card's from the
	// right, further on): columns
	var frames []rule
	for i, s := range spans {
		x0 := []float64{45, 305}[i%2]
		x1 := x0 + 250
		frames = append(frames, rule{x0, s[0] - 15, x1, s[0] - 15}, rule{x0, s[1] + 2, x1, s[1] + 2}, rule{x0, s[0] - 15, x0, s[1] + 2}, rule{x1, s[0] - 15, x1, s[1] + 2})
	}
	if gs := textColumns(groupLines(0, slices.Clone(p.glyphs), 0), frames); len(gs) != 1 {
		t.Fatalf("cards' own borders read as a table's: %+v", gs)
	}
	// a rule down the gutter that rules meet from both sides at one
	// height: a table's inner border
	table := []rule{{300, 110, 300, 400}, {40, 110, 300, 110}, {300, 110, 560, 110}, {40, 400, 300, 400}, {300, 400, 560, 400}}
	if gs := textColumns(groupLines(0, slices.Clone(p.glyphs), 0), table); gs != nil {
		t.Errorf("a table's inner border read as a gutter: %+v", gs)
	}
}

func TestCardGridFramedRowsKeysApart(t *testing.T) {
	// framed cards whose key lines stand apart below the text, at one
	// height in both cards: the gap inside the cards is no row of cards
	cards := sampleCards()
	var gs []glyph
	var rules []rule
	for row := range 2 {
		top := 100 + float64(row)*200
		for col, x := range []float64{50, 310} {
			c := cards[row*2+col]
			y := top
			gs = append(gs, colText(c.badge, x, y)...)
			for _, s := range c.text {
				y += 15
				gs = append(gs, colText(s, x, y)...)
			}
			y = top + 80 // the keys set apart
			for _, kv := range c.keys {
				gs = append(gs, colText(kv[0]+"："+strings.ReplaceAll(kv[1], "/", ""), x, y)...)
				y += 15
			}
			rules = append(rules, rule{x - 5, top - 15, x + 245, top - 15}, rule{x - 5, top + 150, x + 245, top + 150})
		}
	}
	got := readOrder(layoutPage{width: 595, height: 842, glyphs: gs, rules: rules})
	want := []string{"任务卡01", "牵头单位：县市场监管局", "任务卡02", "牵头单位：县自然资源局", "任务卡03", "任务卡04"}
	prev := -1
	for _, w := range want {
		i := slices.Index(got, w)
		if i < prev {
			t.Fatalf("%q out of order: %q", w, got)
		}
		prev = i
	}
	// unframed, a gap before key lines is no row of cards either
	got = readOrder(layoutPage{width: 595, height: 842, glyphs: gs})
	if slices.Index(got, "牵头单位：县市场监管局") > slices.Index(got, "任务卡02") {
		t.Errorf("a card's key lines read after its neighbour: %q", got)
	}
}

func TestCardGridLineUnderAndRowAlone(t *testing.T) {
	// one row of cards alone on a page (few lines), a contact line under
	// it in the left column only: the cards whole, the contact last
	var gs []glyph
	for col, x := range []float64{50, 310} {
		g, _ := cardGlyphs(sampleCards()[col], x, 60)
		gs = append(gs, g...)
	}
	gs = append(gs, colText("联系人：县营商办龙海", 50, 185)...)
	gs = append(gs, colText("电话：6713025", 160, 185)...)
	got := readOrder(layoutPage{width: 595, height: 842, glyphs: gs})
	if len(got) == 0 || got[len(got)-1] != "联系人：县营商办龙海|电话：6713025" || !slices.Contains(got, "任务卡02") || slices.Index(got, "任务卡02") < slices.Index(got, "协同单位|县公安局、县税务局") {
		t.Errorf("lines: %q", got)
	}
}

func TestCardValueWrapsUnderItself(t *testing.T) {
	// a leader's value wrapped under itself in a card: one block, the
	// name cut by the wrap made whole; the key line after a sentence run
	// to the card's edge is no part of it
	cards := sampleCards()
	cards[1].keys[0][1] = "副县长施彦；县委常委、部长欧/阳晓鸥"
	cards[1].text = []string{"推进农村集体产权制度改革健全农村产权流转", "交易市场体系完善农村产权交易规则制度。"}
	p, _ := cardGrid(cards)
	var texts []string
	for _, b := range layoutBlocks([]layoutPage{p}) {
		texts = append(texts, b.Text)
	}
	if !slices.Contains(texts, "副县长施彦；县委常委、部长欧阳晓鸥") {
		t.Errorf("wrapped value: %q", texts)
	}
	if !slices.Contains(texts, "推进农村集体产权制度改革健全农村产权流转交易市场体系完善农村产权交易规则制度。") || !slices.Contains(texts, "包抓领导") {
		t.Errorf("a key line joined to the card's text: %q", texts)
	}
}
