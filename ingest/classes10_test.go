package ingest

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/internal/officetest"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// An assignment written before the item's text, in the sentence that goes
// on with it (issue 26, round t10).
func TestLeadingSentenceClause(t *testing.T) {
	tests := []struct {
		name, in, rest     string
		leaders, units, co []string
	}{
		{"leader, unit and co-units", "由副县长叶明川同志牵头，县供销社负责，县商务局、城关街道配合，推进县域商业体系建设，新建乡镇商贸中心3个。",
			"推进县域商业体系建设，新建乡镇商贸中心3个。", []string{"叶明川"}, []string{"县供销社"}, []string{"县商务局", "城关街道"}},
		{"no leader: 由X牵头 names the lead unit", "由县发改局牵头，县财政局配合，争取中央预算内投资项目12个以上。",
			"争取中央预算内投资项目12个以上。", nil, []string{"县发改局"}, []string{"县财政局"}},
		{"a party title before 、", "由县委常委、常务副县长郝立群同志牵头，县发改局负责，县财政局配合，全年实施重点项目18个。",
			"全年实施重点项目18个。", []string{"郝立群"}, []string{"县发改局"}, []string{"县财政局"}},
		{"without 由", "区委常委、常务副区长蒋文博同志牵头，区住建局负责，各街道办事处配合，完成老旧小区改造42个。",
			"完成老旧小区改造42个。", []string{"蒋文博"}, []string{"区住建局"}, []string{"各街道办事处"}},
		{"two units responsible", "区水务局、区农业农村局负责，完成农村供水管网改造120公里。",
			"完成农村供水管网改造120公里。", nil, []string{"区水务局", "区农业农村局"}, nil},
		{"title after the name", "由杭雪梅副区长牵头，区教育局负责，开展视力筛查。", "开展视力筛查。", []string{"杭雪梅"}, []string{"区教育局"}, nil},
		{"a list closed by 等", "由县商务局牵头，县供销社、城关街道等配合，推进县域商业体系建设。", "推进县域商业体系建设。", nil, []string{"县商务局"}, []string{"县供销社", "城关街道"}},
		{"parts apart by semicolons", "由副县长叶明川同志牵头；县供销社负责；县商务局配合；新建村级便民网点40个。", "新建村级便民网点40个。", []string{"叶明川"}, []string{"县供销社"}, []string{"县商务局"}},
		{"the assignment a sentence of its own", "由县发改局牵头，县财政局配合。争取专项债券项目12个。", "争取专项债券项目12个。", nil, []string{"县发改局"}, []string{"县财政局"}},
		{"a title before 、 and a title", "由县委书记、县长罗永平同志牵头，县发改局负责，争取项目资金5亿元。", "争取项目资金5亿元。", []string{"罗永平"}, []string{"县发改局"}, nil},
		{"a government title, 、, an office head's title", "由副县长、县公安局局长徐志军同志牵头，县公安局负责，县司法局配合，深化派出所创建。", "深化派出所创建。", []string{"徐志军"}, []string{"县公安局"}, []string{"县司法局"}},
		{"two leaders", "由副县长甘立新同志、副县长鲁晓红同志牵头，县发改局负责，实施重点项目18个。", "实施重点项目18个。", []string{"甘立新", "鲁晓红"}, []string{"县发改局"}, nil},
		{"a heading that only assigns", "区教育局牵头，各镇街配合（2项）", "区教育局牵头，各镇街配合（2项）", nil, nil, nil},
		{"the text must follow", "由县发改局牵头，县财政局配合。", "由县发改局牵头，县财政局配合。", nil, nil, nil},
		{"a verb that carries out is text", "县住建局组织实施，完成棚户区改造500户。", "县住建局组织实施，完成棚户区改造500户。", nil, nil, nil},
		{"a unit that only appears in the text", "由县财政局负责资金保障，确保项目顺利实施。", "由县财政局负责资金保障，确保项目顺利实施。", nil, nil, nil},
		{"co-operating first is no assignment", "县财政局配合，做好资金保障。", "县财政局配合，做好资金保障。", nil, nil, nil},
		{"a sentence of text", "加快推进城乡融合发展，完善基础设施。", "加快推进城乡融合发展，完善基础设施。", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, c := leadingSentenceClause(tt.in)
			if rest != tt.rest {
				t.Errorf("rest = %q, want %q", rest, tt.rest)
			}
			var leaders, units, co []string
			if c != nil {
				c.resolve(false)
				leaders, units, co = c.leaders, c.units, c.coUnits
			}
			if !slices.Equal(leaders, tt.leaders) || !slices.Equal(units, tt.units) || !slices.Equal(co, tt.co) {
				t.Errorf("leaders %q units %q co %q, want %q %q %q", leaders, units, co, tt.leaders, tt.units, tt.co)
			}
		})
	}
}

// Only a numbered item may open with its assignment: a closing paragraph
// that opens so (由县政府督查室牵头，每月通报…) is no task, nor are items
// that name units only by their roles.
func TestAssignmentFirstOnlyOnItems(t *testing.T) {
	doc := parseText(t, "重点任务分解\n1．由县发改局牵头，县财政局配合，争取专项债券项目12个。\n2．县人社局负责，新增城镇就业2600人。\n由县政府督查室牵头，每月通报各项任务进展情况。\n督办要求\n1．各牵头单位负责，细化工作措施。\n2．由县政府督查室牵头，每月通报各项任务进展情况。\n")
	if got := taskTexts(doc.Tasks); !slices.Equal(got, []string{"争取专项债券项目12个。", "新增城镇就业2600人。"}) {
		t.Fatalf("tasks %q", got)
	}
	if u := doc.Tasks[1].Units; !slices.Equal(u, []string{"县人社局"}) {
		t.Errorf("units %q", u)
	}
	// an opening 总体要求 holds no closing requirements
	doc = parseText(t, "重点任务分解\n一、总体要求\n坚持稳中求进工作总基调。\n二、重点任务\n1．由县发改局牵头，县财政局配合，争取专项债券项目12个。\n")
	if got := taskTexts(doc.Tasks); !slices.Equal(got, []string{"争取专项债券项目12个。"}) {
		t.Errorf("after 总体要求: %q", got)
	}
}

// The same notice in UTF-8 and in GBK with CRLF reads the same.
func TestAssignmentFirstUTF8AndGBK(t *testing.T) {
	utf, err := os.ReadFile("testdata/notices/n130-assignment-first-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.ReplaceAll(utf, []byte("\n"), []byte("\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]Task
	for _, b := range [][]byte{utf, gbk} {
		doc, err := Parse("x.txt", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, doc.Tasks)
	}
	if len(got[0]) != 7 || len(got[1]) != len(got[0]) {
		t.Fatalf("tasks: %d UTF-8, %d GBK", len(got[0]), len(got[1]))
	}
	for i := range got[0] {
		a, b := got[0][i], got[1][i]
		if a.Text != b.Text || !slices.Equal(a.Leaders, b.Leaders) || !slices.Equal(a.Units, b.Units) || !slices.Equal(a.CoUnits, b.CoUnits) {
			t.Errorf("task %d: %+v / %+v", i+1, a, b)
		}
	}
}

// A unit marked (牵头) or (主责) leads wherever it stands in its list, in a
// key line, an inline bracket or a table's cell; the others co-operate in
// their order; the mark is no part of a name; two marked both lead.
func TestLeadMarkAnywhere(t *testing.T) {
	tests := []struct {
		in        string
		units, co []string
	}{
		{"责任单位：市行政审批局、市政务服务中心（牵头）、市大数据局", []string{"市政务服务中心"}, []string{"市行政审批局", "市大数据局"}},
		{"责任领导：蔡明远；责任单位：市市场监管局、市税务局、市行政审批局(牵头)、市公安局", []string{"市行政审批局"}, []string{"市市场监管局", "市税务局", "市公安局"}},
		{"责任单位：市住建局（牵头）、市自然资源局（牵头）、市行政审批局", []string{"市住建局", "市自然资源局"}, []string{"市行政审批局"}},
		{"市财政局、市工信局（主责）、市发改委", []string{"市工信局"}, []string{"市财政局", "市发改委"}},
		{"县发改局、县卫健局 （牵头）", []string{"县卫健局"}, []string{"县发改局"}},
		{"配合单位：市城管局、市水务集团（牵头）", []string{"市水务集团"}, []string{"市城管局"}},
	}
	for _, tt := range tests {
		c, ok := parseClause(tt.in)
		if !ok {
			t.Errorf("%q: no clause", tt.in)
			continue
		}
		c.resolve(true) // a lead rule in force does not move a mark
		if !slices.Equal(c.units, tt.units) || !slices.Equal(c.coUnits, tt.co) {
			t.Errorf("%q: units %q co %q, want %q %q", tt.in, c.units, c.coUnits, tt.units, tt.co)
		}
	}
	// a lead rule stated after the units in the same bracket is no unit
	c, ok := parseClause("责任领导：邱文涛；责任单位：县农业农村局、县财政局、各乡镇人民政府，排在第一位的为牵头单位，下同")
	if !ok || !c.rule || !c.carry || !slices.Equal(c.names, []string{"县农业农村局", "县财政局", "各乡镇人民政府"}) {
		t.Errorf("rule after the units: %+v", c)
	}
	for in, want := range map[string][2][]string{
		"县水务局、县住建局（牵头）、县自然资源局":   {{"县住建局"}, {"县水务局", "县自然资源局"}},
		"县城投公司、县城管局（主责）":         {{"县城管局"}, {"县城投公司"}},
		"县发改局、县卫健局（牵头）、县中医院（牵头）": {{"县卫健局", "县中医院"}, {"县发改局"}},
	} {
		units, co := unitCell(in, false)
		if !slices.Equal(units, want[0]) || !slices.Equal(co, want[1]) {
			t.Errorf("unitCell(%q) = %q %q", in, units, co)
		}
	}
}

// Items written 一是…二是… are tasks only when each carries its own
// assignment.
func TestOrdinalItems(t *testing.T) {
	lead, items, ok := ordinalItems("稳定工业运行。一是新增规上工业企业35家。（责任领导：钟海平；责任单位：区工信局、区统计局）二是实施技改项目60个。（责任领导：钟海平；责任单位：区工信局、区发改局）")
	if !ok || lead != "稳定工业运行。" || len(items) != 2 || items[0].number != 1 || items[1].number != 2 ||
		!strings.HasPrefix(items[1].text, "实施技改项目60个。") {
		t.Errorf("split: %q %+v %v", lead, items, ok)
	}
	for _, in := range []string{
		// the ordinals enumerate one task's text
		"一是提高思想认识。二是加强协调配合。三是严格督查考核。",
		"加快产业升级，一是推进技改，二是培育集群。（牵头单位：区工信局）",
		// one bracket for the whole list
		"一是推进技改。二是培育集群。（责任单位：区工信局）",
		// an ordinal inside a word
		"坚持统一是前提。（责任单位：区工信局）",
	} {
		if _, items, ok := ordinalItems(in); ok {
			t.Errorf("%q split into %+v", in, items)
		}
	}
	// items a line each, their key lines below them
	doc := parseText(t, "重点工作\n一、春耕生产\n一是抓好粮食生产，播种面积稳定在42万亩以上。\n责任领导：邱文涛；牵头单位：县农业农村局；配合单位：县财政局\n二是强化森林防火。\n责任领导：柯丽娜；牵头单位：县林业局\n二、工作要求\n一是提高认识；\n二是加强配合。\n")
	if got := taskTexts(doc.Tasks); !slices.Equal(got, []string{"抓好粮食生产，播种面积稳定在42万亩以上。", "强化森林防火。"}) {
		t.Fatalf("tasks %q", got)
	}
	if task := doc.Tasks[1]; task.Seq != 2 || !slices.Equal(task.Leaders, []string{"柯丽娜"}) || !slices.Equal(task.Units, []string{"县林业局"}) || task.Section != "一、春耕生产" {
		t.Errorf("second item: %+v", task)
	}
	// lines 一是/二是/三是 over one key line enumerate one task's text
	if marked := ordinalLines(blocksOfText(t, "任务一：推进技改\n一是推进技改；\n二是培育集群；\n三是建设园区。\n牵头单位：区工信局\n")); len(marked) > 0 {
		t.Errorf("one task's ordinals marked as items: %v", marked)
	}
	// a line 三是… ending a list whose 一是 and 二是 carry nothing stays the
	// end of that text
	ps := []*para{newPara(1, "", "一是推进技改；"), newPara(2, "", "二是培育集群；"), newPara(3, "", "三是建设园区。（牵头单位：区工信局）")}
	if hasOrdinals(ordinalParas(ps)) {
		t.Errorf("三是 alone read as an item")
	}
}

const (
	ordinalAnnexNotice = "关于做好春耕生产的通知\n各项任务的责任单位中，排在第一位的为牵头单位。\n一、重点工作\n一是抓好粮食生产，播种面积稳定在42万亩。（责任领导：邱文涛；责任单位：县农业农村局、县财政局）\n二是强化森林防火。（责任领导：柯丽娜；责任单位：县林业局、县应急管理局）\n二、工作要求\n一是提高认识。二是加强配合。\n\n附件\n\n民生项目责任分工表\n| 序号 | 项目名称 | 牵头单位 | 配合单位 |\n| 1 | 新建县城第二幼儿园 | 县教育局 | 县住建局 |\n| 2 | 改造农村公路45公里 | 县交通运输局 | |\n"
	pledgeNotice       = "2024年度安全生产目标责任书\n甲方：秀山县人民政府\n乙方：秀山县应急管理局\n第一条 责任领导\n乙方的责任领导为县人民政府副县长尹国强。\n第二条 目标任务\n（一）生产安全事故死亡人数下降10%。\n（二）重大隐患整改率达到100%。（配合单位：县工信局、县市场监管局）\n第三条 甲方责任\n（一）甲方负责对乙方目标任务完成情况进行考核。\n（二）甲方提供必要的经费保障。\n甲方（盖章）：秀山县人民政府\n代表（签字）：县长 龙振华\n"
)

// The notice's own items and its attachment's table are both read, the
// items first, numbered in order where the two numberings repeat.
func TestReadOutlineAndAnnex(t *testing.T) {
	file := Notice{Source: "x.txt"}
	r := readOutlineAndAnnex(blocksOfText(t, ordinalAnnexNotice), file)
	if r == nil {
		t.Fatal("no reading")
	}
	want := []string{"抓好粮食生产，播种面积稳定在42万亩。", "强化森林防火。", "新建县城第二幼儿园", "改造农村公路45公里"}
	if got := taskTexts(r.doc.Tasks); !slices.Equal(got, want) {
		t.Fatalf("tasks %q", got)
	}
	for i, task := range r.doc.Tasks {
		if task.Seq != i+1 {
			t.Errorf("task %d: seq %d", i+1, task.Seq)
		}
	}
	if r.doc.Tasks[2].Extra["原编号"] != "1" || r.doc.Tasks[0].Extra["原编号"] != "1" {
		t.Errorf("written numbers %v %v", r.doc.Tasks[0].Extra, r.doc.Tasks[2].Extra)
	}
	if u, co := r.doc.Tasks[0].Units, r.doc.Tasks[0].CoUnits; !slices.Equal(u, []string{"县农业农村局"}) || !slices.Equal(co, []string{"县财政局"}) {
		t.Errorf("lead rule: %q %q", u, co)
	}
	for _, o := range []string{tableNotice, cellsNotice, itemsNotice, mixedNotice, pledgeNotice} {
		if r := readOutlineAndAnnex(blocksOfText(t, o), file); r != nil && len(r.doc.Tasks) > 0 {
			t.Errorf("read another layout: %q", taskTexts(r.doc.Tasks))
		}
	}
	doc := parseText(t, ordinalAnnexNotice)
	if doc.Report.Reading != ReadingOutlineAnnex || len(doc.Tasks) != 4 {
		t.Errorf("chosen %s with %d tasks", doc.Report.Reading, len(doc.Tasks))
	}
}

// A 目标责任书: 乙方 leads every target, the leader named once leads them,
// the other articles and the signature are no tasks.
func TestReadPledge(t *testing.T) {
	file := Notice{Source: "x.txt"}
	r := readPledge(blocksOfText(t, pledgeNotice), file)
	if r == nil {
		t.Fatal("no reading")
	}
	if got := taskTexts(r.doc.Tasks); !slices.Equal(got, []string{"生产安全事故死亡人数下降10%。", "重大隐患整改率达到100%。"}) {
		t.Fatalf("tasks %q", got)
	}
	for _, task := range r.doc.Tasks {
		if !slices.Equal(task.Units, []string{"秀山县应急管理局"}) || !slices.Equal(task.Leaders, []string{"尹国强"}) {
			t.Errorf("task %d: units %q leaders %q", task.Seq, task.Units, task.Leaders)
		}
	}
	if co := r.doc.Tasks[1].CoUnits; !slices.Equal(co, []string{"县工信局", "县市场监管局"}) {
		t.Errorf("co-units %q", co)
	}
	for _, o := range []string{tableNotice, cellsNotice, itemsNotice, mixedNotice, ordinalAnnexNotice,
		strings.Replace(pledgeNotice, "乙方：秀山县应急管理局", "乙方：秀山县各有关部门", 1)} {
		if r := readPledge(blocksOfText(t, o), file); r != nil && len(r.doc.Tasks) > 0 {
			t.Errorf("read another layout: %q", taskTexts(r.doc.Tasks))
		}
	}
	if doc := parseText(t, pledgeNotice); doc.Report.Reading != ReadingPledge {
		t.Errorf("chosen %s: %q", doc.Report.Reading, taskTexts(doc.Tasks))
	}
	// the unit's name in brackets under the title, both parties on one
	// line, the targets under 一、 numbered 1．, the signature's names no
	// leaders
	other := "县直单位2024年度目标管理责任书\n（县卫生健康局）\n甲方：青峰县人民政府　　乙方：青峰县卫生健康局\n责任领导：副县长 沈冰\n一、年度目标任务\n1．全县人均预期寿命达到79.5岁。\n2．新建标准化村卫生室12个。（配合单位：县财政局）\n二、考核办法\n1．年终由甲方组织考核。\n2．考核结果与绩效挂钩。\n甲方：青峰县人民政府（盖章）　乙方：青峰县卫生健康局（盖章）\n县长：王建国（签字）　局长：张明（签字）\n"
	doc := parseText(t, other)
	if doc.Report.Reading != ReadingPledge || len(doc.Tasks) != 2 {
		t.Fatalf("chosen %s: %q", doc.Report.Reading, taskTexts(doc.Tasks))
	}
	for _, task := range doc.Tasks {
		if !slices.Equal(task.Units, []string{"青峰县卫生健康局"}) || !slices.Equal(task.Leaders, []string{"沈冰"}) {
			t.Errorf("task %d: units %q leaders %q", task.Seq, task.Units, task.Leaders)
		}
	}
	signed := 0
	for _, u := range doc.Report.Unused {
		if u.Reason == reasonPledgeSignature {
			signed++
		}
		if strings.Contains(u.Text, "责任领导") || strings.HasPrefix(u.Text, "甲方：青峰县人民政府　") {
			t.Errorf("a line read is reported: %q", u.Text)
		}
	}
	if signed != 2 {
		t.Errorf("%d signature lines, want 2: %+v", signed, doc.Report.Unused)
	}
	// more clauses than targets under a leader named at the top: the
	// outline would make every clause a task of that leader, with no unit
	var clauses strings.Builder
	clauses.WriteString("2024年度科技创新目标责任书\n甲方：南江县人民政府\n乙方：南江县科学技术局\n责任领导：副县长 程思远\n一、目标任务\n（一）新增高新技术企业8家。\n（二）全社会研发经费投入增长12%。\n（三）新建省级以上创新平台2个。\n")
	for _, part := range []string{"二、甲方责任", "三、乙方责任", "四、考核奖惩"} {
		clauses.WriteString(part + "\n（一）按季度督促检查目标任务完成情况并通报结果。\n（二）提供必要的经费和政策保障以及工作条件。\n（三）协调解决工作中遇到的重大困难和问题。\n")
	}
	if doc := parseText(t, clauses.String()); doc.Report.Reading != ReadingPledge || len(doc.Tasks) != 3 {
		t.Errorf("more clauses than targets: %s %q", doc.Report.Reading, taskTexts(doc.Tasks))
	}
	// the leader named in the preamble's sentence
	preamble := strings.Replace(pledgeNotice, "第一条 责任领导\n乙方的责任领导为县人民政府副县长尹国强。\n", "", 1)
	preamble = strings.Replace(preamble, "乙方：秀山县应急管理局\n", "乙方：秀山县应急管理局\n经协商，乙方的责任领导为副县长尹国强。\n", 1)
	if doc := parseText(t, preamble); doc.Report.Reading != ReadingPledge || len(doc.Tasks) != 2 || !slices.Equal(doc.Tasks[0].Leaders, []string{"尹国强"}) {
		t.Errorf("leader in the preamble: %s %+v", doc.Report.Reading, doc.Tasks)
	}
	for in, want := range map[string][]string{"县人民政府副县长尹国强": {"尹国强"}, "副县长 罗红英": {"罗红英"}, "县长": nil} {
		if got := pledgeLeaderNames(in); !slices.Equal(got, want) {
			t.Errorf("pledgeLeaderNames(%q) = %q", in, got)
		}
	}
}

// A DOCX notice: its own paragraphs hold the items 一是…（…）, its
// attachment a Word table numbered from 1 — both are read.
func TestOutlineAndAnnexDOCX(t *testing.T) {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	row := func(cells ...string) string {
		var b strings.Builder
		for _, c := range cells {
			b.WriteString(officetest.WordCell(c))
		}
		return `<w:tr>` + b.String() + `</w:tr>`
	}
	body := p("关于做好2024年稳就业工作的通知") + p("责任单位排在第一位的为牵头单位。") + p("一、重点工作") +
		p("一是开展专项招聘活动20场次。（责任领导：许文杰；责任单位：县人社局、县总工会）") +
		p("二是新增创业担保贷款1亿元。（责任领导：许文杰；责任单位：县人社局、县财政局）") +
		p("二、工作要求") + p("一是压实责任。二是强化调度。") + p("附件") + p("重点就业项目清单") +
		`<w:tbl>` + row("序号", "项目名称", "责任领导", "责任单位") + row("1", "建设县级零工市场", "许文杰", "县财政局、县人社局（牵头）") +
		row("2", "开发公益性岗位500个", "许文杰", "县人社局") + `</w:tbl>`
	doc, err := Parse("x.docx", bytes.NewReader(officetest.DOCX(body)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"开展专项招聘活动20场次。", "新增创业担保贷款1亿元。", "建设县级零工市场", "开发公益性岗位500个"}
	if got := taskTexts(doc.Tasks); doc.Report.Reading != ReadingOutlineAnnex || !slices.Equal(got, want) {
		t.Fatalf("%s: %q", doc.Report.Reading, got)
	}
	if task := doc.Tasks[2]; !slices.Equal(task.Units, []string{"县人社局"}) || !slices.Equal(task.CoUnits, []string{"县财政局"}) {
		t.Errorf("marked cell: %q %q", task.Units, task.CoUnits)
	}
	if task := doc.Tasks[1]; !slices.Equal(task.Units, []string{"县人社局"}) || !slices.Equal(task.CoUnits, []string{"县财政局"}) || !slices.Equal(task.Leaders, []string{"许文杰"}) {
		t.Errorf("item: %+v", task)
	}
}

// A pledge may name its leader before what the leader is: 县人民政府分管
// 副县长X同志为上述目标任务的责任领导 (the name first, 为 after it).
func TestPledgeLeaderNamedFirst(t *testing.T) {
	for sentence, want := range map[string]string{
		"县人民政府分管副县长欧阳明同志为上述目标任务的责任领导，负责统筹协调。": "欧阳明",
		"副县长管志强同志为本责任书所列目标任务的责任领导。":           "管志强",
		"责任领导为副县长罗红英。":                        "罗红英",
	} {
		notice := "桐岭县2024年度目标管理责任书\n甲方：桐岭县人民政府\n乙方：桐岭县农业农村局\n第一条　乙方为第二条所列目标任务的牵头单位。" + sentence +
			"\n第二条　目标任务。\n（一）粮食播种面积稳定在42万亩以上。（配合单位：县统计局）\n（二）新建高标准农田2.5万亩。\n第三条　考核奖惩。\n（一）年终由甲方组织考核。\n甲方（盖章）：桐岭县人民政府　乙方（盖章）：桐岭县农业农村局\n"
		doc := parseText(t, notice)
		if len(doc.Tasks) != 2 {
			t.Fatalf("%s: tasks %q", sentence, taskTexts(doc.Tasks))
		}
		for _, task := range doc.Tasks {
			if !slices.Equal(task.Leaders, []string{want}) || !slices.Equal(task.Units, []string{"桐岭县农业农村局"}) {
				t.Errorf("%s: task %d leaders %q units %q", sentence, task.Seq, task.Leaders, task.Units)
			}
		}
	}
}
