package ingest

import (
	"slices"
	"strings"
	"testing"
)

// n192: 任务卡 forms of a 督办通知单, one small table per task: a code
// row that also holds the deadline (督办编号 | 蓉督〔2024〕5-02 | 完成时限 |
// …), then rows of key | value (the value merged across the row), the
// keys of a second wording (任务内容, 分管领导, 牵头单位, 配合单位).
func n192DOCX() []byte {
	card := func(no, due, text, leader, unit, co string) [][]string {
		return [][]string{{"督办编号", no, "完成时限", due}, {"任务内容", text, text, text},
			{"分管领导", leader, leader, leader}, {"牵头单位", unit, unit, unit}, {"配合单位", co, co, co}}
	}
	return formDOCX("关于交办2024年第五批县政府督办事项的通知", "蓉政督〔2024〕5号", "各承办单位：",
		"　　现将2024年第五批县政府督办事项以任务卡形式交办，请牵头单位抓紧落实，配合单位密切配合，于每月25日前将进展情况报县政府督查室。",
		card("蓉督〔2024〕5-01", "2024年10月底前", "完成县城北区雨污分流改造，新建污水管网9.6公里，消除城区内涝积水点5处。", "贺明远（副县长）", "县住房和城乡建设局", "县水务局、县财政局"),
		card("蓉督〔2024〕5-02", "2024年12月底前", "新增城镇就业岗位2200个，帮助就业困难人员实现就业300人以上。", "黎秋菊（副县长）", "县人力资源和社会保障局", "无"),
		card("蓉督〔2024〕5-03", "2024年11月30日", "推进县人民医院胸痛中心、卒中中心建设，通过省级认证评审。", "黎秋菊（副县长）", "县卫生健康局", "县医疗保障局"),
		card("蓉督〔2024〕5-05", "2024年9月30日", "开展校园周边交通秩序和食品安全集中整治，建立长效巡查机制。", "汪海涛（县委常委、常务副县长）", "县教育局", "县公安局、县市场监督管理局、各乡镇人民政府"),
		card("蓉督〔2024〕5-06", "2024年12月31日", "建成高标准农田1.5万亩，同步完善灌排配套设施。", "汪海涛（县委常委、常务副县长）", "县农业农村局", "县自然资源局"),
		"联系人：县政府督查室 曹雅琴　电话：028-86213570",
		"抄送：县委办公室，县人大常委会办公室，县政协办公室。")
}

// A form's code row that also gives a key of the task: the code is the
// record's metadata, the deadline a key; a row of keys alone, or of a code
// and a field no task has, is not one.
func TestRowMetaKeys(t *testing.T) {
	meta, keys, ok := rowMetaKeys([]string{"督办编号", "锦督〔2025〕3-01", "办结时限", "2025年12月底前"})
	if !ok || meta != "督办编号：锦督〔2025〕3-01" || keys != "办结时限：2025年12月底前" {
		t.Errorf("code and deadline: %q %q %v", meta, keys, ok)
	}
	if _, _, ok := rowMetaKeys([]string{"督办编号", "DB-07", "交办日期", "2025年5月6日"}); ok {
		t.Error("metadata alone is rowMeta's")
	}
	if _, _, ok := rowMetaKeys([]string{"责任领导", "孙卫东", "办结时限", "年底前"}); ok {
		t.Error("keys alone are rowKeys'")
	}
	if _, _, ok := rowMetaKeys([]string{"督办编号", "DB-07", "联系电话", "5126037"}); ok {
		t.Error("a phone number is neither")
	}
}

// A card's line: key and value apart by spaces, a second key on the line
// when it stands as a word of its own; a line that does not open with a
// key and its value is none.
func TestCardLineCells(t *testing.T) {
	for line, want := range map[string][]string{
		"督办编号 澄督〔2025〕2-01 办结时限 2025年11月30日": {"督办编号", "澄督〔2025〕2-01", "办结时限", "2025年11月30日"},
		"  督办事项    持续推进城市燃气管道更新，新增66家以上":     {"督办事项", "持续推进城市燃气管道更新，新增66家以上"},
		"包联领导 江海波（副市长）":                      {"包联领导", "江海波（副市长）"},
		"协同单位　无":                             {"协同单位", "无"},
		"联系人 区政府督查室 丁文静":                     nil,
		"责任单位：市水利局":                          nil,
		"牵头单位":                               nil,
		"工作事项 开展 牵头单位 市水利局":                  {"工作事项", "开展", "牵头单位", "市水利局"},
	} {
		if got := cardLineCells(line); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
}

// Cards copied as text are rows only where they repeat one set of keys;
// a value's wrapped line joins it; a lone line of the shape, or cards whose
// keys differ, are left as they were.
func TestCardRows(t *testing.T) {
	lines := func(ls ...string) []block {
		var bs []block
		for i, l := range ls {
			bs = append(bs, block{line: i + 1, text: l})
		}
		return bs
	}
	cards := lines("各承办单位：",
		"督办编号 DB-01 办结时限 年底前", "交办事项 新建幼儿园3所，新增学位", "810个。", "分管领导 韩晓梅", "牵头单位 区教育局", "配合单位 无",
		"督办编号 DB-02 办结时限 9月底", "交办事项 整治占道经营。", "分管领导 邓建国", "牵头单位 区城市管理局", "配合单位 区公安分局",
		"联系人：区政府督查室 丁文静")
	rows, ok := cardRows(cards)
	if !ok || len(rows) != len(cards)-1 {
		t.Fatalf("%v: %d blocks, want %d", ok, len(rows), len(cards)-1)
	}
	if !rows[2].row || !slices.Equal(rows[2].cells, []string{"交办事项", "新建幼儿园3所，新增学位810个。"}) || rows[2].line != 3 {
		t.Errorf("the wrapped value: %+v", rows[2])
	}
	if rows[0].row || rows[len(rows)-1].row {
		t.Error("the lines around the cards are no rows")
	}
	if _, ok := cardRows(lines("工作任务 推进城市更新", "牵头单位 区住建局", "其他工作按计划推进。")); ok {
		t.Error("one card shows no repeated set")
	}
	changed := slices.Clone(cards)
	changed[10].text = "责任单位 区城市管理局"
	if _, ok := cardRows(changed); ok {
		t.Error("cards whose keys differ are no fixed set")
	}
	broken := slices.Concat(cards[:3], lines("", "— 2 —", ""), cards[3:])
	rows, ok = cardRows(broken)
	if !ok || !slices.Equal(rows[2].cells, []string{"交办事项", "新建幼儿园3所，新增学位810个。"}) || len(rows) != len(cards)-1 {
		t.Errorf("a page break inside a card: %v %+v", ok, rows)
	}
	tooLong := slices.Concat(cards[:3], lines("甲", "乙", "丙"), cards[3:])
	if _, ok := cardRows(tooLong); ok {
		t.Error("four lines between two keys are no value's wrapped lines")
	}
	noUnit := lines("督办编号 DB-01 办结时限 年底前", "交办事项 甲", "分管领导 韩晓梅", "督办编号 DB-02 办结时限 9月底", "交办事项 乙", "分管领导 邓建国")
	if _, ok := cardRows(noUnit); ok {
		t.Error("cards that name no unit are no tasks' cards")
	}
}

// The card reading of the copied text reads each card as a task numbered
// by its code, the deadline beside the code its key, and is the reading
// chosen; the contact under the cards is no leader.
func TestReadCardLines(t *testing.T) {
	text := "关于交办督办事项的通知\n各承办单位：\n" +
		"督办编号 锦督〔2025〕3-01 办结时限 2025年12月底前\n督办事项 持续推进城市燃气管道更新改造，新增接入用户\n66家以上。\n责任领导 孙卫东（副区长）\n主办单位 区住房和城乡建设局\n协办单位 区发展和改革局、区应急管理局\n" +
		"督办编号 锦督〔2025〕3-07 办结时限 2025年10月底前\n督办事项 开展老旧小区电梯加装攻坚。\n责任领导 邓建国（区委常委、常务副区长）\n主办单位 区住房和城乡建设局\n协办单位 无\n" +
		"联系人：区政府督查室 丁文静 电话：0831-5126037\n"
	doc, err := Parse("cards.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if rep := doc.Report; rep.Reading != ReadingCards || len(doc.Tasks) != 2 {
		t.Fatalf("reading %q, %d tasks", rep.Reading, len(doc.Tasks))
	}
	if l := readingLabel(ReadingCards); l != "任务卡" {
		t.Errorf("the office reads the reading as %q", l)
	}
	a, b := doc.Tasks[0], doc.Tasks[1]
	if a.Seq != 1 || a.Text != "持续推进城市燃气管道更新改造，新增接入用户66家以上。" || !slices.Equal(a.Leaders, []string{"孙卫东"}) ||
		!slices.Equal(a.Units, []string{"区住房和城乡建设局"}) || !slices.Equal(a.CoUnits, []string{"区发展和改革局", "区应急管理局"}) || a.Deadline != "2025年12月底前" {
		t.Errorf("card one: %+v", a)
	}
	if b.Seq != 7 || b.Extra["督办编号"] != "锦督〔2025〕3-07" || len(b.CoUnits) != 0 || !slices.Equal(b.Leaders, []string{"邓建国"}) {
		t.Errorf("card two: %+v", b)
	}
	for _, tk := range doc.Tasks {
		if slices.Contains(tk.Leaders, "丁文静") {
			t.Error("the contact is no leader")
		}
	}
}

// Cards with no code: each opens with the set's first key (督办事项 …), and
// that line or row opens its task, numbered in order; as text and as the
// rows of the file's own tables alike. A card whose first key is a key line
// (主办单位 …) opens with it.
func TestUncodedCards(t *testing.T) {
	text := "关于交办督办事项的通知\n现将督办事项交办如下。\n" +
		"督办事项 新建公办幼儿园3所，新增学位810个。\n责任领导 韩晓梅\n主办单位 区教育局\n协办单位 无\n" +
		"督办事项 整治城区占道经营和流动摊贩。\n责任领导 邓建国\n主办单位 区城市管理局\n协办单位 区公安分局、各街道办事处\n"
	doc, err := Parse("cards.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[1].Seq != 2 || doc.Tasks[1].Text != "整治城区占道经营和流动摊贩。" ||
		!slices.Equal(doc.Tasks[1].CoUnits, []string{"区公安分局", "各街道办事处"}) || !slices.Equal(doc.Tasks[0].Units, []string{"区教育局"}) {
		t.Errorf("text cards: %+v", doc.Tasks)
	}
	row := func(line, table int, cells ...string) block {
		return block{line: line, table: table, row: true, closed: true, cells: cells, text: strings.Join(cells, " | ")}
	}
	blocks := []block{{line: 1, text: "关于交办督办事项的通知"},
		row(2, 1, "主办单位", "区教育局", "协办单位", ""), row(3, 1, "工作事项", "新建公办幼儿园3所。", "新建公办幼儿园3所。", "新建公办幼儿园3所。"), row(4, 1, "分管领导", "韩晓梅", "韩晓梅", "韩晓梅"),
		row(5, 2, "主办单位", "区民政局", "协办单位", "区卫生健康局"), row(6, 2, "工作事项", "建成智慧养老服务平台。", "建成智慧养老服务平台。", "建成智慧养老服务平台。"), row(7, 2, "分管领导", "邓建国", "邓建国", "邓建国")}
	r := readCardLines(blocks, Notice{})
	if r == nil || len(r.doc.Tasks) != 2 {
		t.Fatalf("row cards: %+v", r)
	}
	if b := r.doc.Tasks[1]; b.Text != "建成智慧养老服务平台。" || !slices.Equal(b.Units, []string{"区民政局"}) || !slices.Equal(b.CoUnits, []string{"区卫生健康局"}) || !slices.Equal(b.Leaders, []string{"邓建国"}) {
		t.Errorf("row card two: %+v", b)
	}
	if a := r.doc.Tasks[0]; a.Text != "新建公办幼儿园3所。" || len(a.CoUnits) != 0 {
		t.Errorf("row card one: %+v", a)
	}
}
