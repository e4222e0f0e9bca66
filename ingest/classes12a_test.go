package ingest

// Issue 26, "reading the unseen": items whose assignment bracket comes
// before the text on the same line, the bracket mixing verbs for the units
// with keys for the leader (任务3  【县交通运输局牵头，县财政局配合；联系县
// 领导：王建华】加快…). Fixtures n181–n185.

import (
	"slices"
	"testing"
)

// parseMixed reads a bracket's text whose parts mix verbs and keys, in
// any order, apart by ；，; or spaces; it proposes nothing when only one
// grammar is there (parseKeyed and parseKeyless read those).
func TestParseMixed(t *testing.T) {
	tests := []struct {
		in                      string
		leaders, units, coUnits []string
		deadline                string
	}{
		{"县交通运输局牵头，县财政局、县自然资源局配合；联系县领导：王建华",
			[]string{"王建华"}, []string{"县交通运输局"}, []string{"县财政局", "县自然资源局"}, ""},
		{"县医保局牵头；联系县领导：李红梅", []string{"李红梅"}, []string{"县医保局"}, nil, ""},
		{"由县教育局牵头，县住建局配合；责任领导：李红梅、周晓峰",
			[]string{"李红梅", "周晓峰"}, []string{"县教育局"}, []string{"县住建局"}, ""},
		{"县发展改革局负责 协办：县财政局 包联领导：王建华", []string{"王建华"}, []string{"县发展改革局"}, []string{"县财政局"}, ""},
		{"县卫生健康局负责　县医保局配合　分管领导：孙丽", []string{"孙丽"}, []string{"县卫生健康局"}, []string{"县医保局"}, ""},
		// keys first
		{"分管领导：赵志强 县水利局牵头 县农业农村局、县财政局配合",
			[]string{"赵志强"}, []string{"县水利局"}, []string{"县农业农村局", "县财政局"}, ""},
		// a co-unit key's value goes on after a comma
		{"由县城管局牵头，配合单位：县公安局，县交通运输局；分管领导：刘洪涛",
			[]string{"刘洪涛"}, []string{"县城管局"}, []string{"县公安局", "县交通运输局"}, ""},
		// the keys give only the deadline
		{"县民政局牵头，县卫健委配合；完成时限：2024年10月底前", nil, []string{"县民政局"}, []string{"县卫健委"}, "2024年10月底前"},
	}
	for _, tt := range tests {
		c, ok := parseMixed(tt.in)
		if !ok {
			t.Errorf("parseMixed(%q): not read", tt.in)
			continue
		}
		c.resolve(false)
		if !slices.Equal(c.leaders, tt.leaders) || !slices.Equal(c.units, tt.units) || !slices.Equal(c.coUnits, tt.coUnits) || c.deadline != tt.deadline {
			t.Errorf("parseMixed(%q) = leaders %q units %q co %q deadline %q; want %q %q %q %q",
				tt.in, c.leaders, c.units, c.coUnits, c.deadline, tt.leaders, tt.units, tt.coUnits, tt.deadline)
		}
	}
	for _, s := range []string{
		"牵头单位：县住建局；配合单位：县财政局", // keys only: parseKeyed's
		"县住建局牵头，县财政局配合",       // verbs only: parseKeyless's
		"含技工院校",
		"县住建局牵头；说明：按季度报送",  // a key that names nobody and no deadline
		"设在县发改局；联系县领导：王建华", // where an office sits is no unit
	} {
		if c, ok := parseMixed(s); ok {
			t.Errorf("parseMixed(%q) = %+v, want nothing", s, c)
		}
	}
}

// The bracket before the text is taken off the text and assigns the item;
// the same bracket after the text does too (trailingClause), and a bracket
// that only explains the text stays in it.
func TestMixedBracketAtEitherEnd(t *testing.T) {
	const bracket = "【县交通运输局牵头，县财政局配合；联系县领导：王建华副县长】"
	const text = "加快推进农村公路提档升级，完成改造120公里。"
	check := func(how, rest string, c *clause) {
		t.Helper()
		if c == nil {
			t.Fatalf("%s: no clause", how)
		}
		if rest != text || !slices.Equal(c.leaders, []string{"王建华"}) || !slices.Equal(c.units, []string{"县交通运输局"}) || !slices.Equal(c.coUnits, []string{"县财政局"}) {
			t.Errorf("%s: %q leaders %q units %q co %q", how, rest, c.leaders, c.units, c.coUnits)
		}
	}
	rest, c := leadingClause(bracket + text)
	check("leading", rest, c)
	rest, c = trailingClause(text + bracket)
	check("trailing", rest, c)
	for _, br := range []string{"〔县交通运输局牵头，县财政局配合；联系县领导：王建华副县长〕", "[县交通运输局牵头 县财政局配合 联系县领导：王建华副县长]"} {
		rest, c = leadingClause(br + text)
		check("leading "+br, rest, c)
	}
	// one bracket of verbs and one of keys side by side are one clause
	const pair = "【县交通运输局牵头，县财政局配合】【联系县领导：王建华副县长】"
	rest, c = leadingClause(pair + text)
	check("leading pair", rest, c)
	rest, c = trailingClause(text + pair)
	check("trailing pair", rest, c)
	if rest, c := leadingClause("【含技工院校】" + text); c != nil {
		t.Errorf("a bracket of text read as an assignment: %q %+v", rest, c)
	}
}

// 任务3 numbers an item when spaces part it from its text or a bracket
// follows it at once; a count (任务 3 项) is no numbering.
func TestTaskNumberBeforeBracket(t *testing.T) {
	for _, tt := range []struct {
		in     string
		number int
		rest   string
	}{
		{"任务3  【县医保局牵头】推进改革。", 3, "【县医保局牵头】推进改革。"},
		{"任务12【县医保局牵头】推进改革。", 12, "【县医保局牵头】推进改革。"},
		{"重点任务5　推进改革。", 5, "推进改革。"},
		{"事项二 〔县医保局牵头〕推进改革。", 2, "〔县医保局牵头〕推进改革。"},
	} {
		mk, rest, ok := parseMarker(tt.in)
		if !ok || mk.kind != numKeyed || mk.number != tt.number || rest != tt.rest {
			t.Errorf("parseMarker(%q) = %+v %q %v; want number %d rest %q", tt.in, mk, rest, ok, tt.number, tt.rest)
		}
	}
	for _, s := range []string{"新增任务 3 项", "全年任务 80%", "任务3项已完成"} {
		if mk, _, ok := parseMarker(s); ok {
			t.Errorf("parseMarker(%q) = %+v, want no numbering", s, mk)
		}
	}
}

// A notice of such items reads whole: every item with its units and
// leaders, a text wrapped by hand onto the next line going on with it, the
// 说明 line and the closing line no tasks.
func TestBracketFirstNotice(t *testing.T) {
	doc := parseText(t, "关于分解落实2025年县政府工作报告重点任务的通知\n"+
		"说明：每项任务前【】内为责任分工，各牵头单位要主动对接联系县领导。\n"+
		"任务1  【县发展改革局牵头，县财政局配合；联系县领导：王建华】全力推进重大项目建设。\n"+
		"任务2  【县医保局牵头；联系县领导：李红梅副县长】推进医保支付方式改革，\n"+
		"实现DRG付费全覆盖。\n"+
		"各单位要高度重视，确保按期完成。\n")
	if len(doc.Tasks) != 2 {
		t.Fatalf("tasks %q", taskTexts(doc.Tasks))
	}
	want := []struct{ text, leader, unit string }{{"全力推进重大项目建设。", "王建华", "县发展改革局"}, {"推进医保支付方式改革，实现DRG付费全覆盖。", "李红梅", "县医保局"}}
	for i, w := range want {
		got := doc.Tasks[i]
		if got.Seq != i+1 || got.Text != w.text || !slices.Equal(got.Leaders, []string{w.leader}) || !slices.Equal(got.Units, []string{w.unit}) {
			t.Errorf("task %d: %d %q %q %q", i+1, got.Seq, got.Text, got.Leaders, got.Units)
		}
	}
	if !slices.Equal(doc.Tasks[0].CoUnits, []string{"县财政局"}) || len(doc.Tasks[1].CoUnits) != 0 {
		t.Errorf("co-units %q %q", doc.Tasks[0].CoUnits, doc.Tasks[1].CoUnits)
	}
}

// n184: a DOCX whose items are paragraphs 任务N with a tab or spaces before
// the bracket, brackets 【】 and 〔〕, the leader key with a title after or
// before the name.
func n184DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t xml:space="preserve">` + s + `</w:t></w:r></w:p>` }
	tab := func(a, b string) string {
		return `<w:p><w:r><w:t xml:space="preserve">` + a + `</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">` + b + `</w:t></w:r></w:p>`
	}
	body := p("石门县人民政府办公室") + p("关于2023年县政府工作报告重点任务责任分解的通知") + p("石政办函〔2023〕21号") +
		p("县直各单位，各乡镇人民政府：") +
		p("　　为抓好县政府工作报告的贯彻落实，现将重点任务责任分解如下。") +
		p("　　说明：任务前括号内依次为牵头单位、配合单位和责任领导。") +
		tab("任务1", "【县商务局牵头，县市场监管局配合；责任领导：何俊峰副县长】建成县域电商公共服务中心，网络零售额增长15%。") +
		tab("任务2", "〔县文化旅游广电局牵头；责任领导：副县长马晓燕〕创建国家AAAA级旅游景区1个。") +
		p("任务3  【县林业局负责，各乡镇人民政府配合，责任领导：何俊峰】完成人工造林1.2万亩，森林覆盖率稳定在62%以上。") +
		tab("任务4", "【县退役军人事务局牵头；协办：县人社局、县财政局；责任领导：马晓燕、何俊峰】建成县乡村三级退役军人服务站点全覆盖。") +
		p("任务5【由县应急管理局牵头，县消防救援大队配合；责任领导：马晓燕】开展安全生产专项整治，生产安全事故起数下降10%。") +
		p("　　各责任单位要细化工作措施，每月底前报送进展。") +
		p("石门县人民政府办公室") + p("2023年3月15日")
	return docxFile(body)
}

// A leader's key left in a task's text (a bracket that was not read, [ ]
// holding no 牵头单位：) is residue the check warns of and the score counts.
func TestLeaderKeyIsResidue(t *testing.T) {
	for _, s := range []string{"[县发展改革局负责 包联领导：王建华]推进项目建设。", "推进项目建设。联系县领导：王建华", "分管县领导:赵明 推进改革"} {
		if !residueRe.MatchString(s) {
			t.Errorf("%q: no residue found", s)
		}
	}
	for _, s := range []string{"加强领导：成立工作专班。", "推进项目建设，由县领导带队督导。"} {
		if residueRe.MatchString(s) {
			t.Errorf("%q: residue found", s)
		}
	}
	doc := &Document{Tasks: []Task{{Seq: 1, Text: "[县发展改革局负责 包联领导：王建华]推进项目建设。", Units: []string{"县发展改革局"}}}}
	if ws := Check(doc); !slices.ContainsFunc(ws, func(w Warning) bool { return w.Code == WarnAssignmentInText }) {
		t.Errorf("no %s warning: %v", WarnAssignmentInText, ws)
	}
}
