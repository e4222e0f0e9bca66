package ingest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestParseMarker(t *testing.T) {
	tests := []struct {
		in     string
		kind   numbering
		number int
		rest   string
	}{
		{"一、加快发展", numCnComma, 1, "加快发展"},
		{"督办事项（三）", numKeyed, 3, ""},
		{"重点任务(2)：建设平台", numKeyed, 2, "建设平台"},
		{"三十、对落实", numCnComma, 30, "对落实"},
		{"（十五）指导企业", numCnParen, 15, "指导企业"},
		{"(一)加快建设", numCnParen, 1, "加快建设"},
		{"1.拓展两个市场。", numArabic, 1, "拓展两个市场。"},
		{"12、推进", numArabic, 12, "推进"},
		{"3．推进", numArabic, 3, "推进"},
		{"（2）全面推行", numArabicPar, 2, "全面推行"},
		{"2）全面推行", numArabicHalf, 2, "全面推行"},
		{"⑫建设", numCircled, 12, "建设"},
		{"第三条 各单位", numArticle, 3, "各单位"},
		{"第六项 落实计划生育", numArticle, 6, "落实计划生育"},
		{"第12项 新建学校", numArticle, 12, "新建学校"},
		{"第二项：新建学校", numArticle, 2, "新建学校"},
		{"序号：3", numKeyed, 3, ""},
		{"No.01", numKeyed, 1, ""},
		{"NO. 12", numKeyed, 12, ""},
		{"第三项", numArticle, 3, ""},
		{"第二部分 重点任务", numPart, 2, "重点任务"},
		{"一百零五、推进", numCnComma, 105, "推进"},
	}
	for _, tt := range tests {
		mk, rest, ok := parseMarker(tt.in)
		if !ok || mk.kind != tt.kind || mk.number != tt.number || rest != tt.rest {
			t.Errorf("parseMarker(%q) = %+v %q %v, want kind %d number %d rest %q", tt.in, mk, rest, ok, tt.kind, tt.number, tt.rest)
		}
	}
	for _, s := range []string{"1.5亿元的投资", "2019年工作", "一是加强领导", "12", "（2019年）", "十分重要", "序号：3　督办事项：新建学校", "No.1 推进改革", "Nov.3"} {
		if mk, _, ok := parseMarker(s); ok {
			t.Errorf("parseMarker(%q) = %+v, want no numbering", s, mk)
		}
	}
}

// outlineOf builds the outline of text lines.
func outlineOf(lines ...string) *outline {
	var bs []block
	for i, l := range lines {
		bs = append(bs, block{line: i + 1, text: l})
	}
	return buildOutline(bs)
}

// shape writes a tree as "一、[（一）[1.,2.],（二）]": each node's
// numbering, its children in brackets.
func shape(ns []*node) string {
	var parts []string
	for _, n := range ns {
		s := n.text
		if n.kind == numNone {
			s = "¶"
		}
		if len(n.children) > 0 {
			s += "[" + shape(n.children) + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func TestOutlineLevels(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"three levels", []string{"一、甲", "（一）乙", "1.丙", "2.丁", "（二）戊", "二、己"}, "一、[（一）[1.,2.],（二）],二、"},
		{"a kind keeps its level", []string{"一、甲", "1、乙", "二、丙", "(1)丁", "3、戊"}, "一、[1、],二、[(1),3、]"},
		{"numbered across sections", []string{"一、甲", "（一）乙", "（二）丙", "二、丁", "（三）戊"}, "一、[（一）,（二）],二、[（三）]"},
		{"named headings", []string{"区教育局牵头：", "1.甲。", "2.乙。", "区卫健局牵头：", "3.丙。"}, "[1.,2.],[3.]"},
		{"paragraph items", []string{"各单位：", "推进甲。（区发改局负责）", "推进乙。（区财政局负责）"}, "¶"},
		{"sub-items numbered like their parent, indented", []string{"3.甲。", "4.乙。", "　　1.丙；", "　　2.丁。", "5.戊。"}, "3.,4.[1.,2.],5."},
		{"items numbered as in the report under leader headings", []string{"一、张三副区长分管工作", "3.甲。（区发改局）", "5.乙。（区财政局）", "二、李四副区长分管工作", "8.丙。（区教育局）"}, "一、[3.,5.],二、[8.]"},
		{"items numbered as in the report under unit headings", []string{"区教育局牵头：", "5.甲。", "8.乙。", "区卫健局牵头：", "11.丙。"}, "[5.,8.],[11.]"},
		{"a kind first met past 1 after an item is a top heading", []string{"任务一：甲", "牵头单位：区发改局", "二、乙"}, "任务一：,二、"},
		{"a restart at 1 not indented stays a sibling", []string{"一、甲", "1.乙。", "2.丙。", "1.丁。"}, "一、[1.,2.,1.]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shape(outlineOf(tt.lines...).roots); got != tt.want {
				t.Errorf("outline = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOutlineParagraphs(t *testing.T) {
	o := outlineOf("说明：", "1.推进网络覆盖。", "加快5G网络建设。", "（工业和信息化部、国家发展改革委负责）", "2.建设平台。", "牵头单位：农业农村部", "完成时限：年底", "不属于任何条目的一行。")
	if len(o.head) != 1 || len(o.roots) != 2 {
		t.Fatalf("head %d roots %d", len(o.head), len(o.roots))
	}
	first := o.roots[0]
	if len(first.paras) != 2 || first.paras[0].text != "推进网络覆盖。加快5G网络建设。" || first.paras[1].clause == nil {
		t.Errorf("item 1: continuation not joined or clause not its own paragraph: %+v", first.paras)
	}
	second := o.roots[1]
	if len(second.keys) != 2 || len(second.trailing) != 1 || second.trailing[0].line != 8 {
		t.Errorf("item 2: keys %q trailing %+v", second.keys, second.trailing)
	}
}

func TestBracketKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		{"【事项内容】推进城南污水处理厂扩建。", "事项内容：推进城南污水处理厂扩建。"},
		{"【督办领导】孟庆和副市长", "督办领导：孟庆和副市长"},
		{"【协办单位】无", "协办单位：无"},
		{"【牵头单位】县水务局【配合单位】县自然资源局、县财政局", "牵头单位：县水务局；配合单位：县自然资源局、县财政局"},
		{"【市领导】王强", "市领导：王强"},
		{"【备注】按季度报送", "备注：按季度报送"},
		// left as written: an assignment with its colons, a unit heading a
		// text, a block's number, a name without a value, a note in the text
		{"【牵头单位:区发改局】【配合单位:区财政局】推进项目。", "【牵头单位:区发改局】【配合单位:区财政局】推进项目。"},
		{"【区商务局】开展消费券发放。", "【区商务局】开展消费券发放。"},
		{"【市场监管部门】加强食品安全抽检。", "【市场监管部门】加强食品安全抽检。"},
		{"【事项三】老年助餐服务", "【事项三】老年助餐服务"},
		{"【工作要求】", "【工作要求】"},
		{"【典型经验】各地探索形成了一批做法。", "【典型经验】各地探索形成了一批做法。"},
	}
	for _, tt := range tests {
		if got := bracketKeys(tt.in); got != tt.want {
			t.Errorf("bracketKeys(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBracketKeyLinesAreKeys(t *testing.T) {
	o := outlineOf("督办事项（一）", "【承办单位】市城市管理局", "【事项内容】开展燃气安全专项整治。", "【协办单位】市应急管理局",
		"市住房城乡建设局", "【办结时限】2024年10月底", "督办事项（二）", "【事项内容】推进一网通办。")
	if len(o.roots) != 2 || o.roots[0].kind != numKeyed || o.roots[0].number != 1 || o.roots[1].number != 2 {
		t.Fatalf("roots: %s", shape(o.roots))
	}
	first := o.roots[0]
	if want := []string{"承办单位：市城市管理局", "协办单位：市应急管理局、市住房城乡建设局", "办结时限：2024年10月底"}; !slices.Equal(first.keys, want) {
		t.Errorf("keys %q, want %q", first.keys, want)
	}
	if first.paras[len(first.paras)-1].text != "开展燃气安全专项整治。" {
		t.Errorf("text %q", first.paras[len(first.paras)-1].text)
	}
}

// An unnumbered 有关要求 after the last keyed block heads the 1. 2. 3. below
// it: they are no sub-items of the block (which would make it a section
// and them tasks with its assignment).
func TestClosingHeadingAfterKeyedBlocks(t *testing.T) {
	lines := []string{"督办事项（一）", "【事项内容】开展燃气安全专项整治。", "【承办 单位】市城市管理局",
		"督办事项（二）", "【事项内容】推进一网通办。", "【承办单位】市政务服务管理局",
		"有关要求", "1.各承办单位要高度重视。", "2.每月25日前报送进展。"}
	o := outlineOf(lines...)
	if len(o.roots) != 3 || len(o.roots[1].children) != 0 || len(o.roots[2].children) != 2 {
		t.Fatalf("outline = %s", shape(o.roots))
	}
	doc, err := Parse("x.txt", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Units[0] != "市城市管理局" {
		t.Errorf("%d tasks, want the 2 blocks: %+v", len(doc.Tasks), doc.Tasks)
	}
}

// Bracketed key lines above the first block hold for every block, as key
// lines with colons do, and are never the title.
func TestBracketKeysAboveFirstBlock(t *testing.T) {
	doc, err := Parse("x.txt", strings.NewReader("区政府督办事项\n【督办领导】孟庆和副区长\n督办事项（一）\n【事项内容】开展燃气安全专项整治。\n【承办单位】区城管局\n督办事项（二）\n【事项内容】推进一网通办。\n【承办单位】区政务服务局\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || !slices.Equal(doc.Tasks[1].Leaders, []string{"孟庆和"}) || strings.Contains(doc.Notice.Title, "督办领导") {
		t.Errorf("title %q tasks %+v", doc.Notice.Title, doc.Tasks)
	}
}

// A block's opener may carry its first bracketed key on its line: the
// text's key is dropped, an assignment's key is the block's first key line.
func TestKeyedOpenerWithBracketKey(t *testing.T) {
	doc, err := Parse("x.txt", strings.NewReader("督办事项（一）【承办单位】市城管局\n【事项内容】开展燃气安全专项整治。\n"+
		"督办事项（二）【事项内容】推进一网通办。\n【承办单位】市政务服务局　【协办单位】市大数据中心\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ text, unit, co string }{{"开展燃气安全专项整治。", "市城管局", ""}, {"推进一网通办。", "市政务服务局", "市大数据中心"}}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
	}
	for i, w := range want {
		got := doc.Tasks[i]
		if got.Text != w.text || !slices.Equal(got.Units, []string{w.unit}) || strings.Join(got.CoUnits, "、") != w.co {
			t.Errorf("task %d: %q %q %q", i+1, got.Text, got.Units, got.CoUnits)
		}
	}
}

func TestSpacedKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"承办单位\t市城管局", "承办单位：市城管局"},
		{"事项内容　　开展燃气安全专项整治。", "事项内容：开展燃气安全专项整治。"},
		{"督办领导  孟庆和", "督办领导：孟庆和"},
		// left as written: one plain space, a name kept aside, a unit, a sentence
		{"承办单位 市城管局", "承办单位 市城管局"},
		{"联系电话\t12345678", "联系电话\t12345678"},
		{"市城管局\t负责燃气整治", "市城管局\t负责燃气整治"},
		{"加快推进城南污水处理厂建设\t年底前完成", "加快推进城南污水处理厂建设\t年底前完成"},
	}
	for _, tt := range tests {
		if got := spacedKey(tt.in); got != tt.want {
			t.Errorf("spacedKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRowKeys(t *testing.T) {
	tests := []struct {
		cells []string
		want  string
	}{
		{[]string{"承办单位", "市城管局"}, "承办单位：市城管局"},
		{[]string{"【事项内容】", "开展燃气安全专项整治。"}, "事项内容：开展燃气安全专项整治。"},
		{[]string{"督办领导", "孟庆和", "办结时限", "2024年10月底", ""}, "督办领导：孟庆和；办结时限：2024年10月底"},
		{[]string{"协办单位", ""}, "协办单位："},
		// a table's header or row is no form of keys
		{[]string{"工作任务", "牵头单位", "配合单位"}, ""},
		{[]string{"序号", "重点任务", "牵头单位"}, ""},
		{[]string{"1", "开展燃气整治。", "市城管局"}, ""},
		{[]string{"市城管局", "开展燃气整治。"}, ""},
	}
	for _, tt := range tests {
		got, ok := rowKeys(tt.cells)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("rowKeys(%q) = %q, %v; want %q", tt.cells, got, ok, tt.want)
		}
	}
}

// A DOCX that gives each block's keys and values in a small table of its
// own (督办事项（一） over 事项内容 | … / 承办单位 | …) reads as keyed blocks.
func TestKeyValueTablesPerBlock(t *testing.T) {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	row := func(k, v string) string { return "<w:tr>" + wordCell(k) + wordCell(v) + "</w:tr>" }
	body := p("关于交办市政府督办事项的通知") +
		p("督办事项（一）") + "<w:tbl>" + row("事项内容", "开展燃气安全专项整治。") + row("督办领导", "孟庆和") + row("承办单位", "市城管局") + row("协办单位", "无") + "</w:tbl>" +
		p("督办事项（二）") + "<w:tbl>" + row("【事项内容】", "推进一网通办。") + row("【承办单位】", "市政务服务局") + row("【督办领导】", "苏婉清") + row("【协办单位】", "市大数据中心、市司法局") + "</w:tbl>" +
		p("有关要求") + p("1.各承办单位要高度重视。")
	doc, err := Parse("x.docx", bytes.NewReader(docxFile(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Text != "开展燃气安全专项整治。" || !slices.Equal(doc.Tasks[0].Leaders, []string{"孟庆和"}) ||
		len(doc.Tasks[0].CoUnits) != 0 || !slices.Equal(doc.Tasks[1].CoUnits, []string{"市大数据中心", "市司法局"}) || !slices.Equal(doc.Tasks[1].Units, []string{"市政务服务局"}) {
		t.Errorf("tasks: %+v", doc.Tasks)
	}
}

// Digits right after an item's number are its text, not a decimal, where
// no quantity is written so: after 、, after a full-width stop between
// half-width digits; 1.5亿元, １．５亿元 and 1. 2024年 (a site's links) are
// not numbered.
func TestNumberBeforeDigits(t *testing.T) {
	for s, want := range map[string]int{
		"6．12345热线涉企诉求按期办结率偏低。": 6,
		"3、5G基站建设滞后。":           3,
		"2. 2024年度审计整改问题尚未销号。":  0,
		"1.5亿元专项债券资金已下达。":       0,
		"１．５亿元专项债券资金已下达。":       0,
		"一、2020年主要预期目标":         1,
	} {
		mk, _, ok := parseMarker(s)
		if got := mk.number; ok != (want > 0) || ok && got != want {
			t.Errorf("parseMarker(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
}
