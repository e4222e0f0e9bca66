package ingest

import (
	"os"
	"strings"
	"testing"
)

// A table says a cell repeats the one above only in writing: a 同上 cell,
// or a note that its blanks are merges (naming the column or not). Without
// the note a blank stays blank.
func TestSameAboveCellsAndNote(t *testing.T) {
	table := "序号,重点任务,责任领导,牵头单位,配合单位\n1,新建厂房12万平方米。,何家栋,县工业园区管委会,县自然资源局\n2,完成土地收储600亩。,,县自然资源局,同上\n3,改造农村公路120公里。,,县交通运输局,\n"
	cases := []struct {
		name, note string
		leaders    []string // of task 2 and 3
		co3        string
	}{
		{"no note", "", []string{"", ""}, ""},
		{"note naming the leader column", "注：责任领导栏为合并单元格导出，空白处同上。,,,,\n", []string{"何家栋", "何家栋"}, ""},
		{"note naming no column", "说明：表中空白单元格与上行相同。,,,,\n", []string{"何家栋", "何家栋"}, ""},
	}
	for _, c := range cases {
		doc := mustParseText(t, "x.csv", table+c.note)
		if len(doc.Tasks) != 3 {
			t.Fatalf("%s: %d tasks", c.name, len(doc.Tasks))
		}
		for i, want := range c.leaders {
			got := strings.Join(doc.Tasks[i+1].Leaders, "、")
			if got != want {
				t.Errorf("%s: task %d leaders %q, want %q", c.name, i+2, got, want)
			}
		}
		if got := strings.Join(doc.Tasks[1].CoUnits, "、"); got != "县自然资源局" {
			t.Errorf("%s: 同上 gives %q, want the co-unit above", c.name, got)
		}
		if got := strings.Join(doc.Tasks[2].CoUnits, "、"); got != c.co3 {
			t.Errorf("%s: a blank co-unit became %q", c.name, got)
		}
	}
	for _, s := range []string{"同上", "同上。", " 同上 "} {
		if !sameAboveCell(s) {
			t.Errorf("sameAboveCell(%q) = false", s)
		}
	}
	for _, s := range []string{"同上级部门", "", "县财政局"} {
		if sameAboveCell(s) {
			t.Errorf("sameAboveCell(%q) = true", s)
		}
	}
}

// Header names: an indicator column is the task's; a bracket naming the
// task beside a problem column makes it the task's; a project's name
// before a task column joins the text, a category 项目 does not.
func TestHeaderNamesOfIndicatorsAndProblems(t *testing.T) {
	for cell, want := range map[string]column{
		"考核指标及目标值": colText, "主要指标": colText, "指标序号": colExtra,
		"反馈问题（整改任务）": colText, "存在问题（整改内容）": colText, "反馈问题": colExtra,
		"备注（其他）": colExtra,
	} {
		if got := classifyHeader(cell); got != want {
			t.Errorf("classifyHeader(%q) = %v, want %v", cell, got, want)
		}
	}
	doc := mustParseText(t, "y.txt", "序号 | 项目名称 | 年度目标任务 | 牵头单位 |\n1 | 冷链物流园 | 完成一期冷库建设。 | 县商务局 |\n")
	if len(doc.Tasks) != 1 || doc.Tasks[0].Text != "冷链物流园\n完成一期冷库建设。" {
		t.Errorf("项目名称 | 年度目标任务: %+v", doc.Tasks)
	}
	doc = mustParseText(t, "z.txt", "序号 | 年度目标任务 | 项目名称 | 牵头单位 |\n1 | 完成一期冷库建设。 | 冷链物流园 | 县商务局 |\n")
	if len(doc.Tasks) != 1 || doc.Tasks[0].Text != "完成一期冷库建设。" {
		t.Errorf("a name after a task column joins nothing: %+v", doc.Tasks)
	}
}

// A keyed block whose text came under its label keeps a second labelled
// field after its keys (整改目标) aside; the head's keys of a form assign
// the items, never the requirements closing it.
func TestGoalAfterKeysAndClosingRequirements(t *testing.T) {
	doc := mustParseText(t, "a.txt", "第一项\n整改任务：完成村庄污水处理设施建设。\n牵头单位：县住建局\n配合单位：县生态环境分局\n整改目标：收集率达到90%。\n第二项\n整改任务：清理违规养殖场所。\n牵头单位：县农业农村局\n整改目标：全部清零。\n")
	if len(doc.Tasks) != 2 {
		t.Fatalf("%d tasks", len(doc.Tasks))
	}
	if doc.Tasks[0].Text != "完成村庄污水处理设施建设。" || doc.Tasks[0].Extra["整改目标"] != "收集率达到90%。" {
		t.Errorf("goal after the keys: %q %v", doc.Tasks[0].Text, doc.Tasks[0].Extra)
	}
	doc = mustParseText(t, "b.txt", "督办通知单\n承办单位：县住建局等有关单位\n事项一：加快安置小区建设。\n督办领导：彭立新\n承办单位：县住建局\n事项二：推进农贸市场改造。\n督办领导：曾慧玲\n承办单位：县商务局\n办理要求：\n1.承办单位主要负责同志为第一责任人。\n2.协办单位要主动配合。\n")
	if len(doc.Tasks) != 2 {
		for _, tk := range doc.Tasks {
			t.Logf("%d %q %v", tk.Seq, tk.Text, tk.Units)
		}
		t.Errorf("办理要求 items inherit the head's 承办单位: %d tasks, want 2", len(doc.Tasks))
	}
}

// Titles and headings met by sets #25 and #26: 县长助理 is a title, a
// heading 共同领衔推进事项 names its leaders, 问题及整改措施 is the task's
// column.
func TestAssistantTitlesJointHeadingsMeasures(t *testing.T) {
	for cell, want := range map[string][]string{
		"县长助理、县公安局局长石磊": {"石磊"}, "区长助理方明": {"方明"}, "副区长唐佳": {"唐佳"},
	} {
		if got := cleanLeaders(splitNames(cell)); strings.Join(got, "、") != strings.Join(want, "、") {
			t.Errorf("leaders of %q = %v, want %v", cell, got, want)
		}
	}
	for h, want := range map[string][]string{
		"王建国、吴芳同志共同领衔推进事项":    {"王建国", "吴芳"},
		"邹立群、钱晓芸同志共同领衔推进重点工作": {"邹立群", "钱晓芸"},
	} {
		if got := jointLeaders(h); strings.Join(got, "、") != strings.Join(want, "、") {
			t.Errorf("jointLeaders(%q) = %v, want %v", h, got, want)
		}
	}
	for cell, want := range map[string]column{"问题及整改措施": colText, "具体整改措施": colText, "整改措施落实情况": colExtra, "工作措施": colText} {
		if got := classifyHeader(cell); got != want {
			t.Errorf("classifyHeader(%q) = %v, want %v", cell, got, want)
		}
	}
}

// Readings met by sets #27 and #28: keys in brackets after an item's last
// sentence, codes where a 序号 stands, co-operation marks, an issuer
// signing a sheet inside its table, township titles, tables of keys
// numbered by their 序号.
func TestBracketKeysCodesMarksSignatures(t *testing.T) {
	for in, want := range map[string]string{
		"推进改造。【责任站所】党政办公室、财政所（牵头）": "推进改造。责任站所：党政办公室、财政所（牵头）",
		"推进改造。【责任领导】王五【牵头单位】县财政局":  "推进改造。责任领导：王五；牵头单位：县财政局",
		"【区商务局】推进改造。":              "【区商务局】推进改造。",
		"推进【重点项目】改造。":              "推进【重点项目】改造。",
	} {
		if got := trailingBracketKeys(in); got != want {
			t.Errorf("trailingBracketKeys(%q) = %q, want %q", in, got, want)
		}
	}
	for c, want := range map[string]cellShape{"JJ-01": shapeSeq, "GX2025-03": shapeSeq, "12": shapeSeq} {
		if got := shapeOf(c); got != want {
			t.Errorf("shapeOf(%q) = %v, want %v", c, got, want)
		}
	}
	marked, others := takeLeadMarks([]string{"县住建局(主办)", "县民政局(协办)", "县财政局(配合)", "县统计局"})
	if strings.Join(marked, "、") != "县住建局" || strings.Join(others, "、") != "县民政局、县财政局、县统计局" {
		t.Errorf("takeLeadMarks: %v %v", marked, others)
	}
	for l, want := range map[string]bool{"青川市人民政府办公室　2024年2月6日": true, "青川市人民政府办公室": false, "完成改造2024年2月6日": false} {
		if got := signedLine(l); got != want {
			t.Errorf("signedLine(%q) = %v", l, got)
		}
	}
	for cell, want := range map[string][]string{"党委委员、政法委员潘永胜": {"潘永胜"}, "武装部长贺勇": {"贺勇"}} {
		if got := cleanLeaders(splitNames(cell)); strings.Join(got, "、") != strings.Join(want, "、") {
			t.Errorf("leaders of %q = %v, want %v", cell, got, want)
		}
	}
	if s, ok := seqRow([]string{"指标序号", "指标3"}); !ok || !seqCode(formCode(s)) {
		t.Errorf("seqRow: %q %v", s, ok)
	}
	if _, ok := seqRow([]string{"考核内容", "指标3"}); ok {
		t.Error("seqRow took a row that is no 序号")
	}
}

// A problem column stands for the task only in a header's shape: a task's
// row naming its category (审计发现问题) beside a unit is no header.
func TestProblemColumnOnlyInAHeader(t *testing.T) {
	if h, ok := readHeader([]string{"序号", "存在问题", "督办县领导", "整改责任单位", "整改时限"}, false); !ok || h.index(colText) != 1 {
		t.Errorf("problem header: %v %+v", ok, h)
	}
	if _, ok := readHeader([]string{"1", "审计发现问题", "县本级专项资金结转结余1.36亿元未及时统筹盘活。", "谢永福", "县财政局", "县审计局、相关预算单位"}, false); ok {
		t.Error("a task's row read as a header")
	}
	if h, ok := readHeader([]string{"序号", "存在问题", "工作任务", "牵头单位"}, false); !ok || h.index(colText) != 2 {
		t.Errorf("beside a task column the problem stays aside: %+v", h)
	}
}

// A borderless form: a key alone on its line with its value below, keys
// stacked in one cell beside as many values, and a form's number in a row
// of its own.
func TestBareKeysStackedPairsOrdinalOpeners(t *testing.T) {
	for text, want := range map[string]bool{
		"督办内容": true, "协办单位": true, "责任市领导": true, "组织领导": false, "二、组织领导": false, "工作要求": false, "主要任务": false,
	} {
		if got := bareKeyAbove(text, block{text: "加快城西快速通道建设。"}); got != want {
			t.Errorf("bareKeyAbove(%q) = %v, want %v", text, got, want)
		}
	}
	if bareKeyAbove("主办单位", block{text: "协办单位"}) {
		t.Error("a key above another key took it as its value")
	}
	got := stackedPairs([]string{"责任市领导\n主办单位\n协办单位", "蒋丽（副市长）\n市住建局\n市水利局", "办结时限", "2026年5月31日"})
	want := []string{"责任市领导", "蒋丽（副市长）", "主办单位", "市住建局", "协办单位", "市水利局", "办结时限", "2026年5月31日"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("stackedPairs = %q", got)
	}
	if got := stackedPairs([]string{"督办内容\n责任市领导", "推动…\n扩面\n许天乐"}); len(got) != 2 {
		t.Errorf("unequal lines split: %q", got)
	}
	for s, want := range map[string]bool{"督办事项第3项": true, "任务第五项": true, "督办事项第3项加快建设": false, "第3项": false} {
		if got := keyedOpener(s); got != want {
			t.Errorf("keyedOpener(%q) = %v, want %v", s, got, want)
		}
	}
}

// Office working documents met by sets #29 and #30: an OA ledger's own
// codes are no duban ledger, a row with its number is never a header, a
// group row names the lead unit, an export's record count is no task, a
// unit cut inside its name in a box-drawn cell is joined.
func TestOfficeLedgersGroupsAndCuts(t *testing.T) {
	f, err := os.Open("testdata/notices/n246-xlsx-oa-ledger-own-codes-2026.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := Read("n246.xlsx", f)
	if err != nil {
		t.Fatal(err)
	}
	pr, ok := ParseProgress(src)
	if !ok || pr.Ledger || !pr.Assigns() {
		t.Errorf("an OA ledger with its own 任务编号: ok %v ledger %v assigns %v", ok, pr != nil && pr.Ledger, pr != nil && pr.Assigns())
	}
	for _, id := range []string{"2025-856c869aa9-1", "0-ae81972d0c-12"} {
		if !ledgerTaskIDRe.MatchString(id) {
			t.Errorf("%s is duban's task id", id)
		}
	}
	if ledgerTaskIDRe.MatchString("QP-ZD-2026-01") {
		t.Error("an office's code read as duban's task id")
	}
	if _, ok := readHeader([]string{"9", "QH-ZD-2025-09", "完成政务服务事项套餐20项", "马俊峰", "区政务服务和数据管理局", "区有关部门"}, false); ok {
		t.Error("a numbered task row read as a header")
	}
	if c, ok := headingClause("主办单位：区农业农村局（2件）"); !ok || strings.Join(c.units, "") != "区农业农村局" {
		t.Errorf("group row of the lead unit: %v %+v", ok, c)
	}
	for _, c := range []string{"共4条记录", "共 12 项", "合计"} {
		if !totalRow([]string{c, "", ""}) {
			t.Errorf("%q is a total row", c)
		}
	}
	if totalRow([]string{"共建共享社区服务", ""}) {
		t.Error("a task opening with 共 read as a total")
	}
	for _, tc := range []struct {
		above, next string
		broken      bool
	}{
		{"县卫生健康局、市生", "态环境局石门分局", false},
		{"县自然资源局、各乡", "镇人民政府", false},
		{"县财政局", "县水利局", true},
	} {
		if got := handBroken(colCoUnits, tc.above, 8, tc.next, 40); got != tc.broken {
			t.Errorf("handBroken(%q, %q) = %v, want %v", tc.above, tc.next, got, tc.broken)
		}
	}
}

// Township notices met by sets #33 and #34: township titles, banners and
// bracketed unit headings, keys run together, short office names, rules
// that are no items.
func TestTownshipTitlesBannersGluedKeys(t *testing.T) {
	for cell, want := range map[string]string{
		"镇人大主席周海涛": "周海涛", "镇武装部长彭学军": "彭学军", "党工委委员钱玉梅": "钱玉梅", "办事处主任许文静": "许文静",
	} {
		if got := strings.Join(cleanLeaders(splitNames(cell)), "、"); got != want {
			t.Errorf("leaders of %q = %q, want %q", cell, got, want)
		}
	}
	for h, want := range map[string]string{"▶ 镇长 蔡明辉": "蔡明辉", "● 党委委员、副镇长 毛雪琴": "毛雪琴"} {
		if c, ok := headingClause(h); !ok || strings.Join(c.leaders, "") != want {
			t.Errorf("banner %q: %v %+v", h, ok, c)
		}
	}
	if c, ok := headingClause("【党政办牵头】（3项）"); !ok || strings.Join(c.units, "") != "党政办" {
		t.Errorf("bracketed unit heading: %v %+v", ok, c)
	}
	if bracketHeadingRe.MatchString("【县领导：曾庆华】") {
		t.Error("a bracketed key read as a heading")
	}
	c, ok := parseKeyed("牵头：文化旅游站配合：各村（社区）")
	if !ok || strings.Join(c.units, "") != "文化旅游站" || len(c.coUnits) != 1 {
		t.Errorf("glued keys: %v %+v", ok, c)
	}
	if k, ok := gluedRoleKey("配合单位"); ok {
		t.Errorf("a key as written split: %q", k)
	}
	for _, u := range []string{"经发办", "党政办", "财政所", "水利站"} {
		if !isUnitName(u) {
			t.Errorf("%s is a unit", u)
		}
	}
	for s, want := range map[string]bool{"— END —": false, "——推进改造。": true, "— 2 —": true} {
		if _, _, ok := parseMarker(s); ok != want {
			t.Errorf("parseMarker(%q) ok = %v, want %v", s, ok, want)
		}
	}
	for name, want := range map[string]column{"进度要求": colExtra, "工作要求": colText} {
		if got := classifyHeader(name); got != want {
			t.Errorf("classifyHeader(%q) = %v, want %v", name, got, want)
		}
	}
	if !totalRow([]string{"合计（10项）", "", "154400"}) {
		t.Error("合计（10项） is a total row")
	}
	if !isHeading("【一】教育与社会保障") {
		t.Error("【一】 opens a section")
	}
}

// Readings met by sets #35–#37: a role key naming an office, a key with a
// bracketed qualifier, prose verbs of co-operation, counted and 包案
// headings, 问题N items, a long row no header, 总工程师, a site's links.
func TestRoleKeysProseVerbsHeadingsLinks(t *testing.T) {
	if !knownKeyName("牵头科室") || !knownKeyName("协办股室") {
		t.Error("a role key naming an office read as a body's name")
	}
	c, ok := parseKeyed("牵头科室：医政医管股；协办科室（单位）：县人民医院、县中医院")
	if !ok || strings.Join(c.units, "") != "医政医管股" || strings.Join(c.coUnits, "、") != "县人民医院、县中医院" {
		t.Errorf("keys with a qualifier: %v %+v", ok, c)
	}
	if c, ok := parseKeyed("承办单位（盖章）：________　　负责人：________"); ok && len(c.units) > 0 {
		t.Errorf("a form's blank to stamp read as a unit: %+v", c)
	}
	if !noneValue("________") || noneValue("县财政局") {
		t.Error("noneValue: a blank to fill in names nobody")
	}
	_, tc := trailingClause("全年增长7%。此项工作由常务副区长唐伟负责，区工信局牵头，区发改局、区统计局协同推进。")
	if tc == nil || strings.Join(tc.leaders, "") != "唐伟" || strings.Join(tc.coUnits, "、") != "区发改局、区统计局" {
		t.Errorf("协同推进: %+v", tc)
	}
	_, tc = trailingClause("新增口袋公园12个。此项工作由副区长苏静负责，区城市管理局具体落实。")
	if tc == nil || strings.Join(append(tc.units, tc.names...), "") != "区城市管理局" || len(tc.coUnits) > 0 {
		t.Errorf("具体落实: %+v", tc)
	}
	for h, want := range map[string]string{"县发展和改革局牵头（共3项）": "县发展和改革局", "县住建局牵头（2项）": "县住建局"} {
		if hc, ok := headingClause(h); !ok || strings.Join(hc.units, "") != want {
			t.Errorf("headingClause(%q) = %v %+v", h, ok, hc)
		}
	}
	if hc, ok := headingClause("一、韦明同志包案事项"); !ok || strings.Join(hc.leaders, "") != "韦明" {
		t.Errorf("包案 heading: %v %+v", ok, hc)
	}
	if mk, rest, ok := parseMarker("问题3：部分信访积案化解不彻底。"); !ok || mk.kind != numKeyed || mk.number != 3 || rest != "部分信访积案化解不彻底。" {
		t.Errorf("问题N: %v %q %v", mk, rest, ok)
	}
	if _, ok := readHeader([]string{"DC2026-014", "落实“高效办成一件事”重点事项清单，开展企业和群众满意度回访", "周峰常务副省长", "省政务服务和大数据局", "省直有关单位"}, false); ok {
		t.Error("a task's row with a long text cell read as a header")
	}
	if got := cleanLeaders(splitNames("总工程师郭峰")); strings.Join(got, "") != "郭峰" {
		t.Errorf("总工程师: %v", got)
	}
	if !inFooter(false, "相关链接") || !inFooter(true, "1.关于做好2026年城镇老旧小区改造工作的通知") {
		t.Error("a site's related links are its footer")
	}
	if inFooter(true, "1.完成城区老旧小区改造12个。（牵头单位：县住建局）") {
		t.Error("an item read as a link")
	}
}

// Set #38 and #40: key lines parted by tabs read as one line of keys, and a
// table's section rows naming their leaders after the title.
func TestTabKeyLinesAndSectionLeaders(t *testing.T) {
	if kl, ok := keyLineCells([]string{"责任领导：周华", "牵头单位：县发展改革局", "配合单位：县财政局"}); !ok || kl != "责任领导：周华；牵头单位：县发展改革局；配合单位：县财政局" {
		t.Errorf("keyLineCells = %q, %v", kl, ok)
	}
	if _, ok := keyLineCells([]string{"1", "推进改造。", "县财政局"}); ok {
		t.Error("a task's row read as key lines")
	}
	for h, want := range map[string]string{
		"一、经济发展（分管领导：韦成、蒋梅）":      "韦成、蒋梅",
		"二、城市建设管理 ——分管领导：邱华（副主任）": "邱华",
		"三、社会事务（包联领导　谭兰）":         "谭兰",
	} {
		c := sectionClause(h)
		if c == nil || strings.Join(c.leaders, "、") != want {
			t.Errorf("sectionClause(%q) = %+v, want %s", h, c, want)
		}
	}
	if c := sectionClause("一、经济发展（45分）"); c != nil && len(c.leaders)+len(c.units) > 0 {
		t.Errorf("a section's score read as who: %+v", c)
	}
}

// Set #39 and #40: a 一级指标 column is the section, a salutation 各单位：
// assigns nothing, and 同志 after the last of joint leaders is no name.
func TestIndicatorLevelsSalutationsJointComrades(t *testing.T) {
	if classifyHeader("一级指标") != colSection || classifyHeader("二级指标及目标值") != colText {
		t.Error("一级指标 is the section, 二级指标 the task")
	}
	if isKeyLine("各单位：请按下面文件的分工抓紧制定推进措施。") {
		t.Error("a salutation read as a key line")
	}
	if _, c := leadingColonClause("各单位：请按分工落实。", "各单位：请按分工落实。"); c != nil {
		t.Errorf("a salutation read as who leads: %+v", c)
	}
	if got := jointLeaders("副区长马骁、副区长吴蔚同志共同牵头事项"); strings.Join(got, "、") != "马骁、吴蔚" {
		t.Errorf("jointLeaders = %v", got)
	}
}

// Set #38 and #40: a clause key holding a leader run into his level's key,
// a key qualified by （社区）, and a column of targets.
func TestClauseKeyLeaderTargetsColumn(t *testing.T) {
	c, ok := parseKeyed("责任分工：市领导石峰；牵头单位：市工信局；责任单位：市发改委、市统计局。")
	if !ok || strings.Join(c.leaders, "") != "石峰" || strings.Join(c.units, "") != "市工信局" {
		t.Errorf("clause key with a level's leader: %v %+v", ok, c)
	}
	if !isKeyLine("配合单位及村（社区）：东坪村、河湾村") {
		t.Error("a key qualified by （社区） read as no key")
	}
	for name, want := range map[string]column{"主要预期目标": colText, "年度目标": colText} {
		if got := classifyHeader(name); got != want {
			t.Errorf("classifyHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

// Set #46: emoji opening an article's lines, a column of the towns that
// lead, a lead rule on its own line under a heading.
func TestEmojiLinesTownsRuleLine(t *testing.T) {
	for in, want := range map[string]string{"👤包联领导：林宇": "包联领导：林宇", "🛣️ 背街小巷“微改造”": "背街小巷“微改造”", "建设口袋公园🌳5处": "建设口袋公园🌳5处", "🌟🌟🌟": "🌟🌟🌟"} {
		if got := trimPictographs(in); got != want {
			t.Errorf("trimPictographs(%q) = %q, want %q", in, got, want)
		}
	}
	if classifyHeader("责任乡镇（街道）") != colUnits || classifyHeader("牵头镇街") != colUnits || classifyHeader("乡镇") == colUnits {
		t.Error("a column of the towns that lead")
	}
	doc := mustParseText(t, "r.txt", "一、重点工作任务\n（各项任务责任单位中排在第一位的为牵头单位，其余为配合单位，下同）\n（一）推进通组道路硬化。（责任领导：郭明；责任单位：乡规划建设所、乡交通管理站）\n（二）新建大棚120座。（责任领导：郭明；责任单位：乡农业服务中心、各村委会）\n")
	if len(doc.Tasks) != 2 || strings.Join(doc.Tasks[0].Units, "") != "乡规划建设所" || strings.Join(doc.Tasks[1].CoUnits, "") != "各村委会" {
		t.Errorf("rule line under a heading: %+v", doc.Tasks)
	}
	doc = mustParseText(t, "s.txt", "一、产业\n1.实施梯度培育。（县工信局、县科技局负责，列第一位的为牵头单位）\n2.推进农业转移人口市民化。（县公安局、县发改局按职责分工负责）\n")
	if len(doc.Tasks) != 2 || len(doc.Tasks[1].Units) != 2 {
		t.Errorf("an item's own rule held for the next: %+v", doc.Tasks)
	}
}

// Set #48: a lead rule stated in a 说明 under a chapter's heading holds for
// the items below it.
func TestRuleNoteUnderChapter(t *testing.T) {
	doc := mustParseText(t, "k.txt", "第二章　考核指标及责任分工\n说明：各考核事项的“责任单位”栏中，排在第一位的为牵头单位，其余为配合单位。\n一、常务副县长韦强牵头考核事项\n1.固定资产投资增速不低于8%。\n责任单位：县发展和改革局、县统计局\n")
	if len(doc.Tasks) != 1 || strings.Join(doc.Tasks[0].Units, "") != "县发展和改革局" || strings.Join(doc.Tasks[0].CoUnits, "") != "县统计局" {
		t.Errorf("rule note under a chapter: %+v", doc.Tasks)
	}
}
