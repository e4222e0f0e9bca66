package ingest

import (
	"slices"
	"strings"
	"testing"
)

// taskFields is a task's leaders, units and co-units written out, for
// comparing a parse with what a reader of the notice sees.
func taskFields(t Task) string {
	return strings.Join(t.Leaders, "、") + "|" + strings.Join(t.Units, "、") + "|" + strings.Join(t.CoUnits, "、")
}

// textAndFields is a task's text, then its taskFields.
func textAndFields(t Task) string { return t.Text + "#" + taskFields(t) }

// checkTasks compares each task of doc, written out by show, with want.
func checkTasks(t *testing.T, doc *Document, show func(Task) string, want ...string) {
	t.Helper()
	var got []string
	for _, task := range doc.Tasks {
		got = append(got, show(task))
	}
	if !slices.Equal(got, want) {
		t.Errorf("tasks\n got %q\nwant %q", got, want)
	}
}

// A leader's heading whose title carries a note in brackets and spaces
// around the name (三、副区长（挂职） 韩东 牵头（2 项）) names the leader of
// the items under it, as 二、副区长 许雅琴 牵头（1 项） does.
func TestLeaderHeadingWithTitleNote(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于明确重点任务领办责任的通知\n各街道：\n现将领办任务通知如下：\n"+
		"一、副区长 许雅琴 牵头（1 项）\n1. 推进海绵城市建设。\n牵头单位：区住建局\n配合单位：区水利局\n"+
		"二、副区长（挂职） 韩东 牵头（1 项）\n2. 推进智慧城市建设。\n牵头单位：区数据局\n配合单位：区城管局\n")
	want := []string{"许雅琴|区住建局|区水利局", "韩东|区数据局|区城管局"}
	var got []string
	for _, task := range doc.Tasks {
		got = append(got, taskFields(task))
	}
	if !slices.Equal(got, want) {
		t.Errorf("tasks %q, want %q", got, want)
	}
}

// A lead rule written with its verb (各项工作均由括号中第一个单位牵头，其余
// 单位配合) is a lead rule: the first unit of each bracket leads.
func TestLeadRuleWithVerb(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于印发提振消费工作要点的通知\n各街道：\n现将工作要点印发给你们。各项工作均由括号中第一个单位牵头，其余单位配合。\n"+
		"1.打造特色商业街区。（区商务局、区文旅局、区市场监管局）\n2.扩大文旅消费。（区文旅局、区商务局）\n3.推动家电换新。（区商务局）\n")
	want := []string{"|区商务局|区文旅局、区市场监管局", "|区文旅局|区商务局", "|区商务局|"}
	var got []string
	for _, task := range doc.Tasks {
		got = append(got, taskFields(task))
	}
	if !slices.Equal(got, want) {
		t.Errorf("tasks %q, want %q", got, want)
	}
	for _, s := range []string{"由括号中第一个单位牵头", "排在第一位的部门负责牵头"} {
		if !leadRuleRe.MatchString(s) {
			t.Errorf("%q is no lead rule", s)
		}
	}
	for _, s := range []string{"第一个项目开工", "单位牵头负责"} {
		if leadRuleRe.MatchString(s) {
			t.Errorf("%q taken for a lead rule", s)
		}
	}
}

// A note after the last item (说明：未列明配合单位的任务…) is no part of
// that item's text, nor a task; in a table, a note written whole in one
// cell of its row is the table's note. A note stating the lead rule still
// states it.
func TestClosingNotes(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于分解任务的通知\n（一）省市场监管局牵头的任务（2项）\n1.开展假冒伪劣食品专项整治。（配合单位：省公安厅）\n2.推进县域放心消费创建。\n\n说明：未列明配合单位的任务，由牵头单位根据工作需要商请有关部门配合。\n")
	if len(doc.Tasks) != 2 || doc.Tasks[1].Text != "推进县域放心消费创建。" {
		t.Fatalf("tasks %+v", doc.Tasks)
	}
	if !slices.ContainsFunc(doc.Report.Unused, func(u UnusedLine) bool { return strings.HasPrefix(u.Text, "说明：") }) {
		t.Errorf("the note is not reported as unused: %+v", doc.Report.Unused)
	}
	csv := "序号,工作任务,责任领导,牵头单位,协办单位\nZD-01,新增高标准农田3.5万亩。,谢红梅,县农业农村局,县财政局\nZD-02,新建示范基地5000亩。,谢红梅,县农业农村局,\n,说明：协办单位要主动配合牵头单位工作，不得推诿。,,,\n"
	if doc := mustParseText(t, "x.csv", csv); len(doc.Tasks) != 2 {
		t.Errorf("a note row read as a task: %d tasks", len(doc.Tasks))
	}
	doc = mustParseText(t, "x.txt", "关于分解任务的通知\n一、重点任务\n说明：各项任务中排在第一位的为牵头单位。\n1.推进甲。（县发改局、县财政局）\n2.推进乙。（县财政局、县统计局）\n")
	if len(doc.Tasks) != 2 || taskFields(doc.Tasks[0]) != "|县发改局|县财政局" {
		t.Errorf("the rule in a note is lost: %+v", doc.Tasks)
	}
}

// A leader's bracket that adds an assisting leader written with a title
// spaced from the name (副区长 何蔓（区委常委、副区长 孙立成协助）) gives two
// leaders, no title among them.
func TestCoLeaderWithSpacedTitle(t *testing.T) {
	if got := leaderValue("副区长 何蔓（区委常委、副区长 孙立成协助）"); !slices.Equal(got, []string{"何蔓", "孙立成"}) {
		t.Errorf("leaders %q", got)
	}
}

// A、B会同C负责: with no lead rule both lead and C co-operates; under a
// stated rule the first leads and B co-operates before C.
func TestTogetherUnderLeadRule(t *testing.T) {
	items := "1.推行综合查一次。（市场监管总局、司法部会同有关部门负责）\n2.推行非现场检查。（国家数据局、市场监管总局负责）\n"
	doc := mustParseText(t, "x.txt", "关于规范检查的意见\n一、重点任务\n"+items)
	if got := taskFields(doc.Tasks[0]); got != "|市场监管总局、司法部|有关部门" {
		t.Errorf("without a rule: %q", got)
	}
	doc = mustParseText(t, "x.txt", "关于规范检查的意见\n排在第一位的为牵头部门。\n一、重点任务\n"+items)
	if got := taskFields(doc.Tasks[0]); got != "|市场监管总局|司法部、有关部门" {
		t.Errorf("under the rule: %q", got)
	}
	if got := taskFields(doc.Tasks[1]); got != "|国家数据局|市场监管总局" {
		t.Errorf("under the rule, a plain list: %q", got)
	}
}

// A text copied out of a PDF, hard-wrapped, with the page's number on a
// line of its own (blank lines around it) inside a cut: the item goes on
// after it, the number is no part of it.
func TestHardWrapAcrossPageNumber(t *testing.T) {
	const width = 27
	wrap := func(s string) []string {
		rs := []rune(s)
		var lines []string
		for len(rs) > width {
			lines = append(lines, string(rs[:width]))
			rs = rs[width:]
		}
		return append(lines, string(rs))
	}
	var lines []string
	lines = append(lines, "关于印发优化营商环境重点任务分工的通知", "（一）提升政务服务效能（责任区领导：何振华）")
	lines = append(lines, wrap("1.全面推行高效办成一件事，年内新增企业开办、员工录用等重点事项集成服务15项。（牵头单位：区数据局；责任单位：区市场监管局、区人社局、区税务局）")...)
	item := wrap("2.实施水电气网联合报装，低压小微企业办电时间压减至10个工作日以内。（牵头单位：区住建局；责任单位：国网清川供电公司、区水务集团）")
	if !strings.HasSuffix(item[0], "压减至1") {
		t.Fatalf("the cut falls elsewhere: %q", item[0])
	}
	lines = append(lines, item[0], "", "— 2 —", "")
	lines = append(lines, item[1:]...)
	lines = append(lines, wrap("3.建立重点企业用工监测机制，全年组织专场招聘会30场，帮助重点企业招工3000人以上。（牵头单位：区人社局；责任单位：区总工会、区工商联）")...)
	doc := mustParseText(t, "x.txt", strings.Join(lines, "\n")+"\n")
	if len(doc.Tasks) != 3 {
		t.Fatalf("%d tasks", len(doc.Tasks))
	}
	if got := doc.Tasks[1].Text; got != "实施水电气网联合报装，低压小微企业办电时间压减至10个工作日以内。" {
		t.Errorf("text %q", got)
	}
	if got := taskFields(doc.Tasks[1]); got != "何振华|区住建局|国网清川供电公司、区水务集团" {
		t.Errorf("fields %q", got)
	}
}

// A table without a leaders column, its leader named once on a line of
// its own under (or above) it: every row's leader, the line used.
func TestSoleLeaderLineOfTable(t *testing.T) {
	table := "序号\t项目名称\t责任单位（牵头）\t配合单位\nCY-1\t建设封装测试厂房。\t高新区经济发展局\t南屿产业投资集团\nCY-2\t建设中试车间。\t高新区科技创新局\t\n"
	leader := "分管领导：南屿高新区管委会副主任 冯立强\n"
	for name, text := range map[string]string{
		"under": "南屿高新区2025年重点项目责任分解表\n\n" + table + "\n" + leader + "联系人：许佳\n",
		"above": "南屿高新区2025年重点项目责任分解表\n" + leader + "\n" + table,
	} {
		doc := mustParseText(t, "x.tsv", text)
		if len(doc.Tasks) != 2 {
			t.Fatalf("%s: %d tasks", name, len(doc.Tasks))
		}
		for _, task := range doc.Tasks {
			if got := strings.Join(task.Leaders, "、"); got != "冯立强" {
				t.Errorf("%s: task %d leaders %q", name, task.Seq, got)
			}
		}
		if slices.ContainsFunc(doc.Report.Unused, func(u UnusedLine) bool { return strings.HasPrefix(u.Text, "分管领导") }) {
			t.Errorf("%s: the leader's line is reported unused", name)
		}
	}
	two := "南屿高新区2025年重点项目责任分解表\n分管领导：冯立强\n\n" + table + "\n分管领导：许佳\n"
	for _, task := range mustParseText(t, "x.tsv", two).Tasks {
		if len(task.Leaders) > 0 {
			t.Errorf("two leaders named apart: task %d got %q", task.Seq, task.Leaders)
		}
	}
}
