package ingest

import (
	"strings"
	"testing"
)

// Numbering that visibly starts again at 1 in one table (no heading, no
// category column between the parts) gives tasks, not repeats; each keeps
// an id of its own and its written number in 原编号. A number repeated
// without a restart is still a repeat.
func TestSeqRestartAtOneInOneTable(t *testing.T) {
	rows := []string{"序号 | 重点工作任务 | 牵头单位 |"}
	for i, n := range []string{"1", "2", "1", "2", "3"} {
		rows = append(rows, n+" | 第"+string(rune('甲'+i))+"项任务。 | 区发改局 |")
	}
	doc, err := Parse("x.txt", strings.NewReader(strings.Join(rows, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 5 {
		t.Fatalf("%d tasks, want 5: %+v", len(doc.Tasks), doc.Tasks)
	}
	ids := map[string]bool{}
	for i, tk := range doc.Tasks {
		if ids[tk.ID] {
			t.Errorf("id %s repeated", tk.ID)
		}
		ids[tk.ID] = true
		if want := []string{"1", "2", "1", "2", "3"}[i]; tk.Extra["原编号"] != want {
			t.Errorf("task %d: 原编号 %q, want %q", i+1, tk.Extra["原编号"], want)
		}
	}

	repeat := "序号 | 重点工作任务 | 牵头单位 |\n1 | 甲任务。 | 区发改局 |\n2 | 乙任务。 | 区发改局 |\n2 | 丙任务。 | 区发改局 |\n3 | 丁任务。 | 区发改局 |"
	doc, err = Parse("y.txt", strings.NewReader(repeat))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 3 {
		t.Errorf("a repeated 2 without a restart: %d tasks, want 3", len(doc.Tasks))
	}
}

// Key names are read by what they end in and open with, not from a list:
// …领导 a leader; a lead word with 单位/部门/科室 the lead unit; 协办/协同/配合/
// 参与 the co-units; 时限/时间节点 the deadline; 内容/任务/要求 the text.
func TestKeyNameVariants(t *testing.T) {
	for key, want := range map[string]column{
		"联系市领导": colLeaders, "联系区领导": colLeaders, "联系县领导": colLeaders, "联系领导": colLeaders,
		"分管领导": colLeaders, "牵头负责领导": colLeaders, "县领导": colLeaders,
		"主办单位": colUnits, "承办单位": colUnits, "牵头部门": colUnits, "责任科室": colUnits, "牵头科室": colUnits,
		"协办单位": colCoUnits, "协办部门": colCoUnits, "协同单位": colCoUnits, "协同责任单位": colCoUnits, "参与单位": colCoUnits, "配合科室": colCoUnits, "协作单位": colCoUnits,
		"包联领导": colLeaders, "实施单位": colUnits,
		"完成时限": colDeadline, "时限要求": colDeadline, "时间节点": colDeadline,
		"建设内容": colText, "工作任务": colText, "具体要求": colText,
		// who scores a task, and where it comes from, are neither its
		// units nor its text
		"评分部门": colExtra, "考评单位": colExtra, "评分标准": colExtra, "任务来源": colExtra, "政策依据": colExtra,
	} {
		if got := classifyHeader(key); got != want {
			t.Errorf("%s: column %d, want %d", key, got, want)
		}
	}
	for _, open := range []string{"民生实事一：", "【事项一】", "事项1：", "重点项目3：", "【任务二】："} {
		mk, rest, ok := parseMarker(open + "老年助餐服务")
		if !ok || mk.kind != numKeyed || mk.number == 0 || rest != "老年助餐服务" {
			t.Errorf("%s: marker %+v rest %q ok %v", open, mk, rest, ok)
		}
	}
	// alone on its line, a numbered opener still opens a block; a bare
	// label or number does not
	for line, want := range map[string]bool{"事项1": true, "民生实事二": true, "项目名称：": false, "3": false} {
		if mk, _, ok := parseMarker(line); ok != want || ok && mk.kind != numKeyed {
			t.Errorf("%s: marker %+v ok %v, want %v", line, mk, ok, want)
		}
	}
}

// A unit cell under a header that names heads (责任单位及责任人) gives the
// unit and its head however the head is written; a unit's own part (a
// section, a bracketed sub-office) stays in the unit.
func TestUnitCellHeads(t *testing.T) {
	for cell, want := range map[string][2]string{
		"区民政局 伍泽国":   {"区民政局", "伍泽国"},
		"区民政局（伍泽国）":  {"区民政局", "伍泽国"},
		"区民政局：伍泽国":   {"区民政局", "伍泽国"},
		"区民政局伍泽国":    {"区民政局", "伍泽国"},
		"区住建局城建股":    {"区住建局城建股", ""},
		"区卫健局疾控科":    {"区卫健局疾控科", ""},
		"区住建局（市政分局）": {"区住建局（市政分局）", ""},
		"县政务服务中心":    {"县政务服务中心", ""},
		"国家统计局青川调查队": {"国家统计局青川调查队", ""},
		"区教育局基建科":    {"区教育局基建科", ""},
	} {
		units, _, heads := unitCellHeads(cell, false, true)
		head := ""
		if len(heads) > 0 {
			head = heads[0]
		}
		if len(units) != 1 || normText(units[0]) != normText(want[0]) || head != want[1] {
			t.Errorf("%s: units %q heads %q, want %q %q", cell, units, heads, want[0], want[1])
		}
	}
	// without such a header, a bracket after a unit is part of its name
	if units, _, heads := unitCellHeads("未来科技城(海创园)", false, false); len(heads) != 0 || units[0] != "未来科技城(海创园)" {
		t.Errorf("plain units column: units %q heads %q", units, heads)
	}
}

// One key line after a list of sub-items assigns the item above them; but a
// section (一、) over items closed by 。 keeps its items, the key line being
// the last item's.
func TestSubItemKeyLine(t *testing.T) {
	item := "2024年重点工作任务分解\n\n1.优化营商环境\n（1）推行企业开办一日办结。\n（2）开展涉企收费专项清理。\n牵头领导：张伟；牵头单位：区政务服务局；责任单位：区市场监管局\n2.推进乡村振兴。\n牵头领导：李强；牵头单位：区农业农村局\n"
	doc, err := Parse("a.txt", strings.NewReader(item))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || normText(doc.Tasks[0].Text) != normText("优化营商环境（1）推行企业开办一日办结。（2）开展涉企收费专项清理。") ||
		len(doc.Tasks[0].Leaders) != 1 || doc.Tasks[0].Leaders[0] != "张伟" {
		t.Errorf("sub-items under one key line: %+v", doc.Tasks)
	}

	section := "2024年重点工作任务分解\n\n一、产业发展\n1.实施技改项目30个。\n2.培育专精特新企业5家。\n牵头单位：区工信局\n二、民生保障\n3.城镇新增就业1.2万人。\n牵头单位：区人社局\n"
	doc, err = Parse("b.txt", strings.NewReader(section))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range doc.Tasks {
		if strings.Contains(tk.Text, "产业发展") {
			t.Errorf("a section's items read as one task: %q", tk.Text)
		}
	}
	if len(doc.Tasks) != 2 {
		t.Errorf("%d tasks, want 2 (the item without an assignment is reported): %+v", len(doc.Tasks), doc.Tasks)
	}
}

// A site's footer runs to the next blank line, so its 主办单位/承办单位 are
// never the last task's keys; a site's top bar followed at once by an item
// ending in its assignment does not swallow the item.
func TestSiteFooterRun(t *testing.T) {
	page := "2025年民生实事\n\n民生实事一：城区停车设施改造\n牵头单位：县住建局\n\n网站地图丨联系我们丨免责声明\n主办单位：某县人民政府办公室　承办单位：某县大数据中心\n"
	doc, err := Parse("a.txt", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 1 || len(doc.Tasks[0].Units) != 1 || len(doc.Tasks[0].CoUnits) != 0 {
		t.Errorf("footer keys read as the task's: %+v", doc.Tasks)
	}
	top := "网站地图 | 联系我们\n推进老旧小区改造20个（县住建局负责）\n新建口袋公园5个（县城管局负责）\n"
	doc, err = Parse("b.txt", strings.NewReader(top))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 {
		t.Errorf("%d tasks under a top bar, want 2: %+v", len(doc.Tasks), doc.Tasks)
	}
}

// Sub-items written by hand close with ； mostly and with 。 now and then:
// still one list, the key line after the last one the whole item's.
func TestSubItemsWithMixedEndings(t *testing.T) {
	doc, err := Parse("b.txt", strings.NewReader("某区2025年重点工作责任清单\n\n五、提升基层医疗服务能力。\n"+
		"（1）推进社区卫生服务中心标准化建设；\n（2）加强家庭医生签约服务；\n（3）完善分级诊疗制度。\n（4）开展65岁以上老年人健康体检。\n"+
		"牵头领导：王建国  牵头单位：区卫健局  责任单位：各镇街\n六、加强食品安全监管。\n（1）开展校园食品安全专项整治；\n（2）推进农贸市场改造。\n"+
		"牵头领导：李华  牵头单位：区市场监管局  责任单位：区教育局\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Seq != 5 || !strings.Contains(doc.Tasks[0].Text, "（1）推进社区卫生") || !strings.Contains(doc.Tasks[0].Text, "（4）开展65岁") ||
		len(doc.Tasks[0].Units) != 1 || doc.Tasks[0].Units[0] != "区卫健局" || len(doc.Report.Unused) != 0 {
		t.Errorf("tasks %+v, unused %+v", doc.Tasks, doc.Report.Unused)
	}
}

// A table's note row (备注 in the first cell, its text in one cell merged
// across the rest, or in the next cell of a text copy) is no task; a 备注
// column's value beside a task's cells stays the task's.
func TestNoteRowIsNoTask(t *testing.T) {
	tests := []struct{ name, last string }{
		{"merged across", "备注 | 项目进展实行月报制度。 | 项目进展实行月报制度。 | 项目进展实行月报制度。 | 项目进展实行月报制度。 |"},
		{"in the next cell", "备注： | 项目进展实行月报制度。 | | | |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := []string{"序号 | 民生实事项目 | 牵头单位 | 配合单位 | 备注 |",
				"1 | 新建公办幼儿园4所。 | 区教育局 | 区财政局 | 续建 |",
				"2 | 改造背街小巷30条。 | 区住建局 | | |",
				tt.last}
			doc, err := Parse("x.txt", strings.NewReader(strings.Join(rows, "\n")))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tasks) != 2 || doc.Tasks[0].Extra["备注"] != "续建" {
				t.Fatalf("%d tasks, want 2 (备注 kept on the first): %+v", len(doc.Tasks), doc.Tasks)
			}
		})
	}
	if noteRow([]string{"1", "备注", "区教育局"}) || noteRow([]string{"备注"}) || !noteRow([]string{"", "注：", "以上项目按季度调度。"}) {
		t.Error("noteRow: a task's row, a label alone or a note after an empty cell misread")
	}
}

// A header's second row naming only roles under a spanned 责任分工 (主办 |
// 协办) gives the unit columns: the first leads, the second co-operates.
func TestSubHeaderBareRoles(t *testing.T) {
	rows := []string{"| 序号 | 工作任务 | 责任领导 | 责任分工 | 责任分工 | 完成时限 |",
		"|  |  |  | 主办 | 协办 |  |",
		"| 1 | 建设应急指挥中心。 | 邓文斌 | 县应急管理局 | 县财政局 | 2024年底 |",
		"| 2 | 新建幼儿园2所。 | 邓文斌 | 县教育局 |  | 2024年底 |"}
	doc, err := Parse("x.txt", strings.NewReader(strings.Join(rows, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || len(doc.Tasks[0].Units) != 1 || doc.Tasks[0].Units[0] != "县应急管理局" ||
		len(doc.Tasks[0].CoUnits) != 1 || doc.Tasks[0].CoUnits[0] != "县财政局" || len(doc.Tasks[1].CoUnits) != 0 {
		t.Errorf("tasks: %+v", doc.Tasks)
	}
}
