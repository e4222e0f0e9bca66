package ingest

import (
	"slices"
	"strings"
	"testing"
)

// A rectification list (巡察/审计整改清单) gives its tasks as measures
// beside the problem found: the measure (整改措施, 整改任务) is the text,
// the problem (存在问题, 反馈问题) is kept in extra, the 整改责任人 leads;
// a table of them is a notice, not a progress report.
func TestRectificationList(t *testing.T) {
	for _, c := range []struct {
		name string
		want column
	}{{"整改措施", colText}, {"整改任务", colText}, {"反馈问题", colExtra}, {"存在问题", colExtra}, {"整改责任人", colLeaders}, {"整改时限", colDeadline}} {
		if got := classifyHeader(c.name); got != c.want {
			t.Errorf("classifyHeader(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	table := "整改任务清单\n序号\t反馈问题\t整改措施\t整改责任人\t责任单位\t整改时限\n" +
		"1\t撂荒地复耕滞后\t完成撂荒地复耕1.2万亩。\t罗振邦\t县农业农村局\t2026年6月30日\n" +
		"2\t砂石场整治反弹\t关停取缔无证砂石场。\t温绍华\t县自然资源局\t2026年9月30日\n"
	doc := parseText(t, table)
	if len(doc.Tasks) != 2 || doc.Tasks[0].Text != "完成撂荒地复耕1.2万亩。" || doc.Tasks[0].Extra["反馈问题"] != "撂荒地复耕滞后" ||
		!slices.Equal(doc.Tasks[0].Leaders, []string{"罗振邦"}) {
		t.Fatalf("table: %+v", doc.Tasks)
	}
	src, err := Read("x.txt", strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ParseProgress(src); ok {
		t.Error("a rectification list read as a progress report")
	}
	blocks := "审计整改清单\n第一条　审计发现问题：部分专项资金闲置。\n　　整改任务：清理闲置资金，9月底前完成盘活。\n" +
		"　　整改责任人：副区长沈建华　　责任单位：区财政局（牵头）、区发改局　　整改时限：2026年9月30日\n"
	doc = parseText(t, blocks)
	if len(doc.Tasks) != 1 || doc.Tasks[0].Text != "清理闲置资金，9月底前完成盘活。" || doc.Tasks[0].Extra["审计发现问题"] != "部分专项资金闲置。" {
		t.Fatalf("blocks: %+v", doc.Tasks)
	}
}

// A list of deputies' proposals (建议标题, 提案名称) is a task list; the
// proposer (领衔代表, 第一提案人) is kept in extra, never a leader.
func TestProposalsHandled(t *testing.T) {
	doc := parseText(t, "代表建议办理分工\n序号\t建议标题\t领衔代表\t分管领导\t主办单位\t协办单位\n"+
		"1\t关于加快老旧管网改造的建议\t陈国栋\t林一鸣\t市住建局\t市财政局\n")
	if len(doc.Tasks) != 1 || doc.Tasks[0].Text != "关于加快老旧管网改造的建议" || !slices.Equal(doc.Tasks[0].Leaders, []string{"林一鸣"}) ||
		doc.Tasks[0].Extra["领衔代表"] != "陈国栋" {
		t.Fatalf("%+v", doc.Tasks)
	}
}

// A notice whose title, number, date and preamble name no year takes the
// year most of its deadlines name, and says so.
func TestYearFromDeadlines(t *testing.T) {
	doc := parseText(t, "整改任务清单\n序号\t整改措施\t责任单位\t整改时限\n1\t完成复耕。\t县农业农村局\t2026年6月30日\n"+
		"2\t关停砂石场。\t县自然资源局\t2026年9月30日\n3\t化解债务。\t县财政局\t2027年3月31日\n")
	if doc.Year != 2026 || !slices.ContainsFunc(doc.Report.Notes, func(n string) bool { return strings.Contains(n, "按任务完成时限取 2026 年") }) {
		t.Errorf("year %d, notes %q", doc.Year, doc.Report.Notes)
	}
	if y := deadlinesYear([]Task{{Deadline: "长期坚持"}}); y != 0 {
		t.Errorf("no year in the deadlines: %d", y)
	}
}

// A form's code row whose value ran over the cells after it (a card read
// into the table of the card before it keeps that card's columns) is the
// two pairs it holds, so it opens its own card.
func TestInnerPairs(t *testing.T) {
	v := "锦督〔2025〕3-05 办结时限 2025年12月底前"
	got := innerPairs([]string{"督办编号", v, v, v})
	if !slices.Equal(got, []string{"督办编号", "锦督〔2025〕3-05", "办结时限", "2025年12月底前"}) {
		t.Errorf("innerPairs = %q", got)
	}
	for _, cells := range [][]string{
		{"督办事项", "推进 老旧小区 改造", "推进 老旧小区 改造"}, // no key of a field inside
		{"督办编号", "A-01 办结时限 6月底", "另一格"},     // not one value over the cells
	} {
		if got := innerPairs(cells); !slices.Equal(got, cells) {
			t.Errorf("innerPairs(%q) = %q", cells, got)
		}
	}
}

// A key line's unit list cut by the page's width or a page break goes on
// on a short line: a bracket left open and closed there, a list ending in
// 、, a last name no unit's that the line finishes. 无 is never finished.
func TestKeyLineFinishedBelow(t *testing.T) {
	doc := parseText(t, "目标任务责任分解\n标注“（牵头）”的为牵头站办。\n"+
		"1．稳定粮食播种面积4.6万亩。\n责任领导：阮丽　　责任站办：镇农业综合服务中心（牵头）、镇自然资源所、各村（社\n区）\n"+
		"2．推进美丽乡村建设。\n责任领导：阮丽　　责任站办：镇规划建设办（牵头）、镇农业\n综合服务中心\n"+
		"3．深化森林防火网格化管理。\n责任领导：孔维　　责任站办：镇应急管理办（牵头）、镇林业站、\n\n— 1 —\n\n各村（社区）\n"+
		"4．推进矛盾纠纷化解。\n责任领导：孔维　　责任站办：镇综治中心（牵头）\n")
	want := [][]string{{"镇自然资源所", "各村(社区)"}, {"镇农业综合服务中心"}, {"镇林业站", "各村(社区)"}, nil} // names fold to half-width brackets
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	for i, w := range want {
		if got := doc.Tasks[i].CoUnits; len(got) != len(w) || len(w) > 0 && !slices.Equal(got, w) {
			t.Errorf("task %d co-units %q, want %q", i+1, got, w)
		}
	}
}

// Keys spaced out to a longer key's width (牵　头：, 责 任 单 位：) are the
// keys they spell; other spaced text is left as written.
func TestLetterSpacedKeys(t *testing.T) {
	for in, want := range map[string]string{
		"牵　头：县住建局":     "牵头：县住建局",
		"　　领　导：副县长　梁建": "　　领导：副县长　梁建",
		"责 任 单 位：县财政局": "责任单位：县财政局",
		"说　明：本表由督查室汇总": "说　明：本表由督查室汇总",
		"牵头：县住建局":      "牵头：县住建局",
	} {
		if got := compactKey(in); got != want {
			t.Errorf("compactKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// A key named by the leader's title with its role (分管副市长：, 联系副县长)
// names the leaders; a bare title heading a group (副区长　周海峰　牵头负责)
// is no key.
func TestLeaderTitleKeys(t *testing.T) {
	for _, k := range []string{"分管副市长", "联系副县长", "包联副区长"} {
		if classifyHeader(k) != colLeaders {
			t.Errorf("%s is no leaders' key", k)
		}
	}
	if classifyHeader("副区长") == colLeaders {
		t.Error("a bare title is a leaders' key")
	}
	c, ok := parseKeyed("联系副市长：邹凯、常务副市长：孟立新")
	if !ok || !slices.Equal(cleanLeaders(c.leaders), []string{"邹凯", "孟立新"}) {
		t.Errorf("two leaders, the second's title as a key: %+v", c)
	}
}

// A run of lines opening with a two-digit number (01 …, 02 …, 10 …) numbers
// its items though no stop follows the number; a quantity (12个乡镇) and a
// run that does not open with 01 do not.
func TestBadgeNumbers(t *testing.T) {
	lines := "标题\n01 新建学校\n正文。\n02提升卫生院\n正文。\n12个乡镇同步建立台账。\n"
	got := paddedNumberLines(blocksOfText(t, lines))
	if len(got) != 2 || got[1] != 1 || got[3] != 2 {
		t.Errorf("paddedNumberLines = %v", got)
	}
	if got := paddedNumberLines(blocksOfText(t, "标题\n10 家企业完成改造\n11 个项目开工\n")); got != nil {
		t.Errorf("quantities read as numbers: %v", got)
	}
}

// A leader's instruction a task answers (批示内容, 领导批示) is kept in
// extra, never the task's text, and a form's row of it keeps the form.
func TestInstructionIsNoText(t *testing.T) {
	for _, k := range []string{"批示内容", "领导批示", "批示意见"} {
		if classifyHeader(k) == colText {
			t.Errorf("%s is a text column", k)
		}
	}
	v := "林建国同志批示：请抓紧推进。"
	if m, ok := rowMeta([]string{"批示内容", v, v, v}); !ok || m != "批示内容："+v {
		t.Errorf("rowMeta = %q, %v", m, ok)
	}
}

// An assignment bracket wrapped over lines — inside its key (（责任 / 领导：),
// inside a name, before a key of its own (…服务中 / 心；配合单位：…) — is one
// bracket, and a page's number after an item is never its text.
func TestBracketWrappedAcrossLines(t *testing.T) {
	doc := parseText(t, "任务分解\n责任单位中排在第一位的为牵头单位。\n1.完成投资110亿元以上。（责任\n领导：程立新；责任单位：县发展和改革局、县重点项目建设服\n务中心）\n— 1 —\n"+
		"2.开展自建房安全整治。（责任领导：王海涛；牵头单位：镇村镇建设服务中\n心；配合单位：镇应急管理办公室、各村（社区））\n")
	if len(doc.Tasks) != 2 {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	a, b := doc.Tasks[0], doc.Tasks[1]
	if a.Text != "完成投资110亿元以上。" || !slices.Equal(a.Leaders, []string{"程立新"}) || !slices.Equal(a.CoUnits, []string{"县重点项目建设服务中心"}) {
		t.Errorf("task 1: %q %q %q %q", a.Text, a.Leaders, a.Units, a.CoUnits)
	}
	if !slices.Equal(b.Units, []string{"镇村镇建设服务中心"}) || !slices.Equal(b.CoUnits, []string{"镇应急管理办公室", "各村(社区)"}) {
		t.Errorf("task 2: %q %q %q", b.Text, b.Units, b.CoUnits)
	}
}

// Two offices issuing jointly, one a line of one paragraph, are one line
// of issuers (a line break in it broke `duban documents`' lines).
func TestJointIssuersOneLine(t *testing.T) {
	if got := issuersLine("中共青岚县委办公室\n青岚县人民政府办公室"); got != "中共青岚县委办公室、青岚县人民政府办公室" {
		t.Errorf("issuersLine = %q", got)
	}
	if got := issuersLine("青岚县人民政府办公室"); got != "青岚县人民政府办公室" {
		t.Errorf("one issuer: %q", got)
	}
}

// A heading that names a unit (一、区应急管理局（分管区领导：X）, 县教育局主办
// （3件）　联系县领导：Y) gives the items under it their lead unit and leader;
// an item's own （Z配合） adds co-units and keeps the heading's unit.
func TestUnitHeadings(t *testing.T) {
	for h, want := range map[string]string{"区应急管理局": "区应急管理局", "县教育体育局主办（3件）": "县教育体育局", "县财政局牵头": "县财政局", "加强组织领导": "", "区教育局、区财政局": ""} {
		if got := headingUnitName(h); got != want {
			t.Errorf("headingUnitName(%q) = %q, want %q", h, got, want)
		}
	}
	doc := parseText(t, "责任清单\n一、区应急管理局（分管区领导：韩立新）\n1.负责全区安全生产综合监管。\n2.组织事故调查处理。（区公安分局配合）\n"+
		"（二）县教育体育局主办（2件）　联系县领导：杨春梅\n3.关于加强学校管理的提案\n提案号：第026号　　提案人：刘建华\n会办单位：县财政局\n4.关于健身设施的提案\n提案号：第041号　　提案人：高明\n会办单位：无\n")
	want := []struct {
		leader, unit string
		co           []string
	}{{"韩立新", "区应急管理局", nil}, {"韩立新", "区应急管理局", []string{"区公安分局"}}, {"杨春梅", "县教育体育局", []string{"县财政局"}}, {"杨春梅", "县教育体育局", nil}}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	for i, w := range want {
		got := doc.Tasks[i]
		if !slices.Equal(got.Leaders, []string{w.leader}) || !slices.Equal(got.Units, []string{w.unit}) || len(got.CoUnits) != len(w.co) || len(w.co) > 0 && !slices.Equal(got.CoUnits, w.co) {
			t.Errorf("task %d: %q %q %q", i+1, got.Leaders, got.Units, got.CoUnits)
		}
	}
	if p := doc.Tasks[2]; p.Text != "关于加强学校管理的提案" || p.Extra["提案人"] != "刘建华" || p.Extra["提案号"] != "第026号" {
		t.Errorf("proposal's record: %q %v", p.Text, p.Extra)
	}
}

// A title column whose value is written on rows one after another (a
// 重点工作 cell merged over its tasks) is the rows' category, their
// section, not each one's title; a title on one row is the text's start.
func TestTitleColumnMergedIsCategory(t *testing.T) {
	doc := parseText(t, "责任清单\n序号\t重点工作\t具体任务\t牵头单位\n1\t扩大有效投资\t实施重点项目320个。\t市发改委\n2\t扩大有效投资\t发行专项债券60亿元。\t市财政局\n3\t数字经济\t新增上云企业300家。\t市数据局\n")
	if len(doc.Tasks) != 3 {
		t.Fatalf("%d tasks", len(doc.Tasks))
	}
	if a := doc.Tasks[0]; a.Text != "实施重点项目320个。" || !strings.Contains(a.Section, "扩大有效投资") {
		t.Errorf("task 1: %q in %q", a.Text, a.Section)
	}
	if c := doc.Tasks[2]; !strings.HasPrefix(c.Text, "数字经济") {
		t.Errorf("task 3: %q", c.Text)
	}
}

// An assessment item's score and scoring lines (分值：6分, 评分标准：…) are
// the record's, never its text; items under 附则 are no tasks.
func TestAssessmentRules(t *testing.T) {
	doc := parseText(t, "考核细则\n（一）营商环境（24分）\n责任领导：区政府副区长孙明\n1．企业开办时间压缩至1个工作日。\n分值：6分\n责任单位：区市场监管局（牵头）、区税务局\n评分标准：全面完成得满分。\n附则\n1．考核数据以统计部门公布的为准。\n")
	if len(doc.Tasks) != 1 {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	if a := doc.Tasks[0]; a.Text != "企业开办时间压缩至1个工作日。" || a.Extra["分值"] != "6分" || !slices.Equal(a.Units, []string{"区市场监管局"}) {
		t.Errorf("%q %v %q", a.Text, a.Extra, a.Units)
	}
	if looksLikeTitle("（区目标考核委员会办公室　2026年2月）") {
		t.Error("a bracketed note is a title")
	}
}

// An assessment's indicators (考核指标) are its tasks; a bonus table whose
// office certifies (认定单位) gives none.
func TestAssessmentIndicators(t *testing.T) {
	if classifyHeader("协责单位") != colCoUnits {
		t.Errorf("协责单位 (who shares the responsibility) is %v", classifyHeader("协责单位"))
	}
	if classifyHeader("考核指标") != colText || classifyHeader("认定单位") == colUnits {
		t.Errorf("考核指标 %v, 认定单位 %v", classifyHeader("考核指标"), classifyHeader("认定单位"))
	}
}

// A block's number in brackets alone on its line (【第1项】) opens the
// block; a minute's item is its topic (一、关于…) and its decision, the
// last sentence naming who (此项工作由X同志负责，A牵头落实，B配合).
func TestBracketedBlocksAndMinutes(t *testing.T) {
	doc := parseText(t, "责任分工\n【第1项】\n任务内容：建成污水处理厂。\n牵头单位：县住建局\n【第2项】\n任务内容：新建高标准农田。\n牵头单位：县农业农村局\n")
	if len(doc.Tasks) != 2 || doc.Tasks[1].Text != "新建高标准农田。" {
		t.Errorf("blocks: %q", taskTexts(doc.Tasks))
	}
	doc = parseText(t, "常务会议纪要\n〔2026〕第2期\n一、关于春季植树造林\n会议要求，3月底前完成植树造林8000亩。该项工作由蓝海同志负责，区林业局牵头落实，区财政局配合。\n")
	if len(doc.Tasks) != 1 {
		t.Fatalf("minutes: %q", taskTexts(doc.Tasks))
	}
	if a := doc.Tasks[0]; a.Text != "关于春季植树造林会议要求，3月底前完成植树造林8000亩。" || !slices.Equal(a.Leaders, []string{"蓝海"}) ||
		!slices.Equal(a.Units, []string{"区林业局"}) || !slices.Equal(a.CoUnits, []string{"区财政局"}) || doc.Title != "常务会议纪要" || doc.Year != 2026 {
		t.Errorf("minutes: %q %q %q %q, title %q year %d", a.Text, a.Leaders, a.Units, a.CoUnits, doc.Title, doc.Year)
	}
}

// A leader who coordinates (副县长卢峰负责协调) leads the item a bracket
// assigns; roles parted by a bar (A牵头｜B配合) are a clause; 【任务1】 with
// its title on the line opens the block.
func TestCoordinatorAndBarRoles(t *testing.T) {
	c, ok := parseKeyless("由县商务局牵头，县市场监管局配合，副县长卢峰负责协调")
	if !ok || !slices.Equal(cleanLeaders(c.leaders), []string{"卢峰"}) || !slices.Equal(c.units, []string{"县商务局"}) {
		t.Errorf("coordinator: %+v", c)
	}
	c, ok = parseKeyless("县水利局牵头｜县应急管理局、各乡镇配合")
	if !ok || !slices.Equal(c.units, []string{"县水利局"}) || !slices.Equal(c.coUnits, []string{"县应急管理局", "各乡镇"}) {
		t.Errorf("bar: %+v", c)
	}
	if m := bracketedOpenerRe.FindStringSubmatch("【任务1】水库安全度汛"); m == nil || m[1] != "任务1" || m[2] != "水库安全度汛" {
		t.Errorf("opener: %q", m)
	}
	if looksLikeTitle("梅江县人民政府办公室　　　　2026年5月8日") {
		t.Error("an issuer with its date is a title")
	}
	// a page's 【关闭】 is chrome; a sentence opening with 关闭 is text
	for line, chrome := range map[string]bool{"【关闭】": true, "关闭窗口": true, "【打印此页】【关闭窗口】": true, "打印此页": true, "打印 关闭": true, "关闭整合小型非煤矿山5座。": false, "打印机更新采购": false} {
		if isPageChrome(line) != chrome {
			t.Errorf("isPageChrome(%q) = %v", line, !chrome)
		}
	}
}

// A 目标责任书 whose targets stand in a table naming no lead unit gives
// each row to 乙方 and the pledge's leader; its other articles are none.
func TestPledgeTargetTable(t *testing.T) {
	doc := parseText(t, "目标管理责任书\n甲方：鹤溪县人民政府\n乙方：鹤溪县交通运输局\n分管县领导：蓝卫国\n一、目标任务\n序号\t目标任务\t分值\t配合单位\t完成时限\n"+
		"1\t完成农村公路提质改造120公里。\t15\t各乡镇人民政府\t2026年11月底\n2\t新开通城乡公交线路4条。\t10\t——\t2026年9月底\n二、考核办法\n由县考核办于2027年1月组织考核。\n")
	if len(doc.Tasks) != 2 {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	for _, task := range doc.Tasks {
		if !slices.Equal(task.Units, []string{"鹤溪县交通运输局"}) || !slices.Equal(task.Leaders, []string{"蓝卫国"}) {
			t.Errorf("%q: %q %q", task.Text, task.Units, task.Leaders)
		}
	}
	if !slices.Equal(doc.Tasks[0].CoUnits, []string{"各乡镇人民政府"}) || len(doc.Tasks[1].CoUnits) != 0 {
		t.Errorf("co-units %q %q", doc.Tasks[0].CoUnits, doc.Tasks[1].CoUnits)
	}
}
