package ingest

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Class 1 of round t12 (issue 26): leaders named by group rows inside a
// task table with no leader column; class 2: a contact list after the task
// table. Fixtures n186–n190; the unit tests of each reader below.

// spanCell is a DOCX cell spanning cols grid columns (gridSpan).
func spanCell(cols int, s string) string {
	return `<w:tc><w:tcPr><w:gridSpan w:val="` + strconv.Itoa(cols) + `"/></w:tcPr><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>`
}

// n187: a DOCX task table 序号 | 工作内容 | 责任单位 | 配合单位 | 时间节点
// without a leader column: rows spanning the table (gridSpan) name the
// leaders — above the sections, so a section heading keeps them (牵头区领
// 导：副区长 郑国栋 over 一、and 二、) — with the titles before or after
// the name, two leaders in one row, and a key with a space and no colon.
func n187DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	cell := paraCell
	row := func(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
	task := func(seq, text, unit, co, due string) string {
		return row(cell(seq), cell(text), cell(unit), cell(co), cell(due))
	}
	body := p("青湖区人民政府办公室") + p("关于印发青湖区2024年重点工作任务清单的通知") + p("青政办发〔2024〕7号") +
		p("各镇人民政府、街道办事处，区政府各部门：") + p("　　经区政府同意，现将2024年重点工作任务清单印发给你们，请对照时间节点抓好落实。") +
		"<w:tbl>" +
		row(cell("编号"), cell("工作内容"), cell("责任单位"), cell("配合单位"), cell("时间节点")) +
		row(spanCell(5, "牵头区领导：副区长 郑国栋")) +
		row(spanCell(5, "一、产业发展")) +
		task("1", "推进青湖经济开发区扩区调位，新增工业用地1200亩。", "区发展和改革局", "区自然资源分局", "2024年10月") +
		task("2", "培育国家级专精特新“小巨人”企业3家。", "区工业和信息化局", "", "2024年12月") +
		row(spanCell(5, "二、项目建设")) +
		task("3", "完成重点项目投资85亿元。", "区发展和改革局", "各镇街", "2024年12月") +
		row(spanCell(5, "责任领导：林晓梅（区委常委、副区长）、黄志远副区长")) +
		row(spanCell(5, "三、社会事业")) +
		task("4", "新建区人民医院门诊综合楼，年内主体封顶。", "区卫生健康局", "区住房和城乡建设局", "2024年11月") +
		task("5", "实施“一老一小”服务提升工程，新增托位400个。", "区民政局", "区卫生健康局、区妇联", "2024年12月") +
		row(spanCell(5, "联系领导 许文斌")) +
		task("6", "开展城乡环境综合整治，创建美丽乡村示范村6个。", "区农业农村局", "各镇人民政府", "2024年10月") +
		"</w:tbl>" +
		p("青湖区人民政府办公室") + p("2024年2月2日")
	return docxFile(body)
}

// n190: a workbook whose one sheet holds the task table — its leaders in
// merged rows (分管区领导：X, 包保领导：X) under merged sections — and below
// it, after a merged 附：各牵头单位联络员 row, the contact list 序号 | 单位 |
// 姓名 | 职务 | 联系电话 | 手机 in the same six columns as the tasks.
func n190XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"任务清单", [][]any{
		{"2025年度区政府重点工作任务分解表"},
		{"序号", "工作任务", "责任单位", "协办单位", "完成时限", "备注"},
		{"分管区领导：曹立新"},
		{1, "全年引进亿元以上项目25个，实际到位资金80亿元。", "区投资促进局", "区商务局", "2025年12月底", ""},
		{2, "推动外贸进出口总额增长5%。", "区商务局", "", "2025年12月底", ""},
		{"包保领导：韩雪（副区长）、宋健（区政府党组成员）"},
		{3, "新改建农村公路45公里，完成危桥改造8座。", "区交通运输局", "各镇人民政府", "2025年11月底", "续建"},
		{4, "建成区级应急物资储备库。", "区应急管理局", "区发展和改革局", "2025年9月底", ""},
		{"附：各牵头单位联络员"},
		{"序号", "单位", "姓名", "职务", "联系电话", "手机"},
		{1, "区投资促进局", "陶敏", "综合科科长", "0734-8812345", "13907341234"},
		{2, "区商务局", "于海", "办公室主任", "0734-8826677", "15873400001"},
		{3, "区交通运输局", "冯丽娟", "科员", "0734-8834521", "18692011122"},
		{4, "区应急管理局", "蒋涛", "副主任", "0734-8841100", "13317340099"},
	}, [][2]string{{"A1", "F1"}, {"A3", "F3"}, {"A6", "F6"}, {"A9", "F9"}}})
}

func TestLeaderGroupRow(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"包保领导：孙卫东（副区长）", []string{"孙卫东"}},
		{"责任领导：江立新（区委常委、常务副区长）", []string{"江立新"}},
		{"分管区领导：王芳、李强", []string{"王芳", "李强"}},
		{"联系领导 张三", []string{"张三"}},
		{"牵头区领导:副区长 郑国栋", []string{"郑国栋"}},
		{"联系县领导：陈红（县委常委、副县长）、赵明", []string{"陈红", "赵明"}},
		// not leader rows: a section, units, a note, a task's text
		{"一、稳增长", nil},
		{"责任单位：区民政局", nil},
		{"牵头单位：区发展改革委、区财政局", nil},
		{"备注：各单位每月25日前报送进展", nil},
		{"责任领导要亲自研究部署，确保各项任务按期完成。", nil},
		{"包保领导：", nil},
		{"责任人：各单位主要负责人", nil},
		{"分管领导：各分管副区长", nil},
		{"联系人：市政府督查室 林静", nil},
	} {
		got, ok := leaderGroupRow(c.in)
		if ok != (c.want != nil) || !slices.Equal(got, c.want) {
			t.Errorf("leaderGroupRow(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// TestGroupRowsInTable: a spanned leader row leads the rows below it to the
// next one; under sections opened first, the next section ends it; the
// row is never a task nor the section.
func TestGroupRowsInTable(t *testing.T) {
	row := func(cells ...string) block {
		return block{row: true, cells: cells, text: strings.Join(cells, " | "), table: 1}
	}
	span := func(s string) block { return row(s, s, s, s) }
	// 联系领导 | 张三 below: the key and the names in two spans
	blocks := []block{
		row("序号", "工作任务", "责任单位", "完成时限"),
		span("一、稳增长"),
		span("包保领导：孙卫东（副区长）"),
		row("1", "任务甲。", "区发改委", "2025年6月"),
		span("责任领导：江立新"),
		row("2", "任务乙。", "区商务局", "2025年7月"),
		span("二、惠民生"),
		row("3", "任务丙。", "区民政局", "2025年8月"),
		row("联系领导", "张三", "张三", "张三"),
		row("4", "任务丁。", "区教育局", "2025年9月"),
	}
	for i := range blocks {
		blocks[i].line = i + 1
	}
	rep := &Report{}
	tasks := parseTable(blocks, 0, rep, false)
	want := [][]string{{"孙卫东"}, {"江立新"}, nil, {"张三"}}
	if len(tasks) != len(want) {
		t.Fatalf("%d tasks, want %d: %+v", len(tasks), len(want), tasks)
	}
	for i, tk := range tasks {
		if !slices.Equal(tk.Leaders, want[i]) {
			t.Errorf("task %d leaders %q, want %q", tk.Seq, tk.Leaders, want[i])
		}
		if strings.Contains(tk.Section, "领导") {
			t.Errorf("task %d section %q holds the leader row", tk.Seq, tk.Section)
		}
	}
	if tasks[3].Section != "二、惠民生" {
		t.Errorf("task 4 section %q", tasks[3].Section)
	}
	// task 3 stands under no leader row: said, not guessed
	warned := slices.ContainsFunc(rep.Warnings, func(w Warning) bool {
		return w.Code == WarnNoLeader && slices.Equal(w.Seqs, []int{3})
	})
	if !warned {
		t.Errorf("no warning of the task under no leader row: %+v", rep.Warnings)
	}
	// the leader rows above the sections: a section keeps them
	outer := []block{blocks[0], span("包保领导：孙卫东"), span("一、稳增长"), blocks[3], span("二、惠民生"), blocks[7]}
	rep = &Report{}
	tasks = parseTable(outer, 0, rep, false)
	if len(tasks) != 2 || !slices.Equal(tasks[1].Leaders, []string{"孙卫东"}) {
		t.Errorf("leader above the sections: %+v", tasks)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings where every task has its leader: %+v", rep.Warnings)
	}
}

// TestGroupRowsAsText: in a table copied as text (tabs) or one cell per
// line, a line 包保领导：X between the rows is a group row; where the
// table has a leader column such a line is no group row.
func TestGroupRowsAsText(t *testing.T) {
	tabs := "关于分解重点工作的通知\n\n序号\t工作任务\t牵头单位\t完成时限\n责任领导：副县长 刘建国\n1\t任务甲。\t县农业农村局\t2024年底\n" +
		"联系县领导：陈红（县委常委、副县长）\n2\t任务乙。\t县住建局\t2024年11月\n"
	perLine := "关于分解重点工作的通知\n\n序号\n重点工作\n责任单位\n完成时间\n包保领导：周海峰（副市长）\n1\n任务甲。\n市交通运输局\n2023年12月\n" +
		"2\n任务乙。\n市发展改革委\n2023年9月\n牵头市领导：吴静\n3\n任务丙。\n市人社局\n2023年12月\n"
	for _, c := range []struct {
		name, text string
		want       [][]string
	}{
		{"tabs.txt", tabs, [][]string{{"刘建国"}, {"陈红"}}},
		{"cells.txt", perLine, [][]string{{"周海峰"}, {"周海峰"}, {"吴静"}}},
	} {
		doc, err := Parse(c.name, strings.NewReader(c.text))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(doc.Tasks) != len(c.want) {
			t.Fatalf("%s: %d tasks, want %d", c.name, len(doc.Tasks), len(c.want))
		}
		for i, tk := range doc.Tasks {
			if !slices.Equal(tk.Leaders, c.want[i]) || strings.Contains(tk.Deadline, "领导") {
				t.Errorf("%s task %d: leaders %q deadline %q, want %q", c.name, tk.Seq, tk.Leaders, tk.Deadline, c.want[i])
			}
		}
	}
	if !leaderless(&header{cols: []column{colSeq, colText, colUnits}}) || leaderless(&header{cols: []column{colSeq, colText, colLeaders}}) {
		t.Error("leaderless")
	}
}

func TestContactShapes(t *testing.T) {
	for _, c := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"序号", "单位", "联络员", "电话"}, true},
		{[]string{"姓名", "职务", "联系电话", "手机"}, true},
		{[]string{"序号", "单位名称", "联系人", "联系方式"}, true},
		// a task table that gives each task's contact and number
		{[]string{"序号", "工作任务", "责任单位", "责任人", "联系电话"}, false},
		{[]string{"序号", "单位", "电话"}, false},
	} {
		if got := contactHeader(c.cells); got != c.want {
			t.Errorf("contactHeader(%q) = %v", c.cells, got)
		}
	}
	for _, c := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"1", "市工业和信息化局", "王晓明", "0377-63152210"}, true},
		{[]string{"2", "区商务局", "于海", "办公室主任", "0734-8826677", "15873400001"}, true},
		{[]string{"3", "区民政局", "陈丽", "138 3771 2345"}, true},
		{[]string{"4", "县工信局", "何志强", "（0851）22345678转8012"}, true},
		// a task's row: a text, a unit, a date; a slash is no phone
		{[]string{"3", "新增省级企业研究院8家。", "区科技局", "/", "2019年11月"}, false},
		{[]string{"5", "新建5G基站300个。", "县工信局", "20241231"}, false},
		{[]string{"6", "市工业和信息化局", "0377-63152210"}, false},
	} {
		if got := contactRow(c.cells); got != c.want {
			t.Errorf("contactRow(%q) = %v", c.cells, got)
		}
	}
}

// TestContactListNoTasks: a contact list after the task table, in the
// table's own columns, as text with tabs and one cell per line: none of
// its rows is a task, and the rows go to the report as a contact list.
func TestContactListNoTasks(t *testing.T) {
	html := `<html><body><h1>关于分解重点工作的通知</h1><table border="1">` +
		`<tr><th>序号</th><th>重点工作</th><th>牵头单位</th><th>完成时限</th></tr>` +
		`<tr><td>1</td><td>新增规模以上工业企业80家。</td><td>市工业和信息化局</td><td>2024年12月</td></tr>` +
		`<tr><td>2</td><td>新增城镇就业4万人以上。</td><td>市人力资源社会保障局</td><td>2024年底</td></tr></table>` +
		`<p>附：各牵头单位联络员</p><table border="1"><tr><th>序号</th><th>单位</th><th>联络员</th><th>电话</th></tr>` +
		`<tr><td>1</td><td>市工业和信息化局</td><td>王晓明</td><td>0377-63152210</td></tr>` +
		`<tr><td>2</td><td>市人力资源社会保障局</td><td>赵建华</td><td>13837712345</td></tr></table></body></html>`
	tabs := "关于分解重点工作的通知\n\n序号\t工作任务\t责任单位\t完成时限\n1\t新建5G基站300个。\t县工信局\t2025年12月\n2\t改造农村公路80公里。\t县交通运输局\t2025年10月\n\n" +
		"通讯录\n序号\t单位\t姓名\t职务\t联系电话\n1\t县工信局\t何志强\t办公室主任\t0851-22345678\n2\t县交通运输局\t罗敏\t科员\t13985012345\n"
	perLine := "关于分解重点工作的通知\n\n序号\n工作任务\n责任单位\n完成时限\n1\n新建5G基站300个。\n县工信局\n2025年12月\n2\n改造农村公路80公里。\n县交通运输局\n2025年10月\n\n" +
		"附：联系人名单\n序号\n单位\n姓名\n职务\n联系电话\n1\n县工信局\n何志强\n办公室主任\n0851-22345678\n2\n县交通运输局\n罗敏\n科员\n13985012345\n"
	for name, text := range map[string]string{"a.html": html, "tabs.txt": tabs, "cells.txt": perLine} {
		doc, err := Parse(name, strings.NewReader(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(doc.Tasks) != 2 {
			t.Errorf("%s: %d tasks, want 2: %+v", name, len(doc.Tasks), doc.Tasks)
		}
		contacts := 0
		for _, u := range doc.Report.Unused {
			if u.Reason == reasonContacts {
				contacts++
			}
		}
		if contacts < 3 {
			t.Errorf("%s: %d lines reported as a contact list, want the header and both rows", name, contacts)
		}
		for _, tk := range doc.Tasks {
			if strings.ContainsAny(tk.Deadline, "-") || strings.Contains(tk.Text, "联系人") || strings.Contains(tk.Deadline, "附") {
				t.Errorf("%s: task %d %+v holds the contact list", name, tk.Seq, tk)
			}
		}
	}
}
