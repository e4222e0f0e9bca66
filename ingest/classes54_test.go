package ingest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// Classes found by blind sets #54–#56 after their one scoring.

// A 批示件 table whose task column is named 批示要点 reads as a table of
// tasks; a form that keeps 批示内容 beside its 督办事项 still takes the
// 督办事项 as the task (n209's golden).
func TestInstructionPointsColumn(t *testing.T) {
	doc := mustParseText(t, "x.txt", "市委督查室批示件转办单\n"+
		"| 序号 | 批示件编号 | 批示领导 | 批示要点 | 主办单位 | 协办单位 | 反馈时限 |\n"+
		"| 1 | 委批〔2026〕3号 | 市委书记林兆恒 | 关于化工园区异味扰民的来信，请迅速查明原因，依法处置。 | 市生态环境局 | 青禾区人民政府、市应急管理局 | 3月10日前 |\n"+
		"| 2 | 委批〔2026〕5号 | 市长周立群 | 关于农贸市场改造的建议，请统筹推进。 | 市商务局 | 市市场监管局 | 3月20日前 |\n")
	checkTasks(t, doc, textAndFields, "关于化工园区异味扰民的来信，请迅速查明原因，依法处置。#林兆恒|市生态环境局|青禾区人民政府、市应急管理局",
		"关于农贸市场改造的建议，请统筹推进。#周立群|市商务局|市市场监管局")
}

// 总农艺师, 总畜牧师, 总督学 are titles as 总工程师 is: the leader is the
// name before them.
func TestChiefTitles(t *testing.T) {
	for _, title := range []string{"总农艺师", "总畜牧师", "总兽医师", "总督学", "总建筑师", "总审计师"} {
		if got := leaderValue("韦国强（" + title + "）"); !slices.Equal(got, []string{"韦国强"}) {
			t.Errorf("%s: leaders %q", title, got)
		}
		if got := leaderValue(title + "韦国强"); !slices.Equal(got, []string{"韦国强"}) {
			t.Errorf("title before the name, %s: leaders %q", title, got)
		}
	}
}

// A leader's key line standing between groups of items each numbered ①
// again (◆分管领导：曾德祥（办事处主任）) heads the items below it; it is
// never a key of the item above. One such line above the items names the
// leader of them all, as before.
func TestLeaderKeyLinesOverGroups(t *testing.T) {
	text := "西山街道2024年班子成员重点工作任务清单\n说明：【牵头】为牵头科室，【配合】为配合科室。\n\n" +
		"◆分管领导：龚䶮（党工委书记）\n　①统筹推进片区综合开发。【牵头】街道规划建设办【配合】街道经济发展办\n　②抓好意识形态工作。【牵头】街道宣传统战办\n\n" +
		"◆分管领导：曾德祥（办事处主任）\n　①全年新增市场主体800户。【牵头】街道经济发展办\n　②做好企业帮扶。【牵头】街道企业服务中心【配合】街道劳动保障所\n\n" +
		"◆分管领导：方红（党工委副书记）\n　①推进社区服务阵地建设。【牵头】街道社区治理办\n"
	doc := mustParseText(t, "x.txt", text)
	checkTasks(t, doc, taskFields, "龚䶮|街道规划建设办|街道经济发展办", "龚䶮|街道宣传统战办|", "曾德祥|街道经济发展办|",
		"曾德祥|街道企业服务中心|街道劳动保障所", "方红|街道社区治理办|")
	for _, task := range doc.Tasks {
		if strings.Contains(task.Text, "分管领导") {
			t.Errorf("a group's leader line in task %d's text: %q", task.Seq, task.Text)
		}
	}
	if n := len(leaderGroupLines(blocksOfText(t, "责任领导：副县长 沈冰\n一、年度目标任务\n1．新建村卫生室12个。\n"))); n != 0 {
		t.Errorf("one leader line above the items read as %d group heads", n)
	}
}

// A list of proposals grouped under 一、X主办（3件，督办市领导：Y副市长）
// whose items carry a line of the record's metadata with their co-units on
// it (提案号：第113号　提案者：…　会办单位：…): the heading gives the lead
// unit and the leader, the line the co-units, the proposer no one.
func TestProposalGroups(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于交办市政协十五届五次会议提案的通知\n市政府各有关部门：\n现将重点提案交办如下。\n"+
		"一、市住房和城乡建设局主办（2件，督办市领导：何嘉树副市长）\n1.关于完善历史建筑保护利用机制的提案\n提案号：第113号　提案者：民盟澜州市委会　会办单位：市文化广电旅游局、市自然资源和规划局\n"+
		"2.关于推进住宅小区充电设施建设的提案\n提案号：第126号　提案者：王秋实委员　会办单位：国网澜州供电公司\n"+
		"二、市教育局主办（1件，督办市领导：孙若岚副市长）\n3.关于加强中小学生心理健康教育的提案\n提案号：第165号　提案者：陈静怡委员　会办单位：无\n"+
		"办理要求\n（一）主办单位要在收到提案后10个工作日内与提案者沟通联系。\n")
	checkTasks(t, doc, textAndFields, "关于完善历史建筑保护利用机制的提案#何嘉树|市住房和城乡建设局|市文化广电旅游局、市自然资源和规划局",
		"关于推进住宅小区充电设施建设的提案#何嘉树|市住房和城乡建设局|国网澜州供电公司",
		"关于加强中小学生心理健康教育的提案#孙若岚|市教育局|")
}

// A Markdown table writes a line break inside a cell as <br>: two leaders
// in one cell, and no markup left in any field.
func TestMarkdownCellBreak(t *testing.T) {
	doc := mustParseText(t, "x.md", "# 营商环境工作台账\n\n| 序号 | 工作任务 | 责任领导 | 牵头单位 | 配合单位 |\n|---|---|---|---|---|\n"+
		"| 1 | 设立企业诉求专线。 | 周立群<br>孙若岚 | 市热线中心 | 各区县人民政府<br/>市工信局 |\n"+
		"| 2 | 推行包容审慎监管。 | 邓启航 | 市司法局 | 市市场监管局 |\n")
	checkTasks(t, doc, textAndFields, "设立企业诉求专线。#周立群、孙若岚|市热线中心|各区县人民政府、市工信局", "推行包容审慎监管。#邓启航|市司法局|市市场监管局")
}

// A workbook's second sheet of tasks under a header of its own, numbered
// from 1 again after a first sheet numbered by codes (ZJ-01 …): its rows
// follow on, each with the number it was written with; none is dropped as
// a repeated number.
func TestSecondSheetNumberedAgain(t *testing.T) {
	book := buildXLSX(t,
		sheet{"重点工作", [][]any{{"住建局2026年度重点工作任务分解表"}, {"编号", "工作任务", "分管领导", "牵头股室", "协办股室（单位）"},
			{"ZJ-01", "完成城区雨污分流改造管网32公里。", "陈永福（副局长）", "城建股", "县排水管理所"},
			{"ZJ-02", "推进保障性住房建设。", "陈永福（副局长）", "住房保障股", ""}}, nil},
		sheet{"民生实事", [][]any{{"2026年住建领域民生实事项目"}, {"序号", "实事项目", "分管领导", "责任股室（牵头）", "协办单位"},
			{1, "改造城镇老旧小区18个。", "陈永福（副局长）", "城建股", "县房产服务中心"},
			{2, "新建改造城市公厕12座。", "黄启明（副局长）", "县环境卫生管理所", "城建股"},
			{3, "新建城市口袋公园8个。", "陈永福（副局长）", "县园林绿化服务中心", "城建股"}}, nil})
	doc, err := Parse("x.xlsx", bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	checkTasks(t, doc, func(task Task) string { return task.Text + "#" + task.Extra["原编号"] }, "完成城区雨污分流改造管网32公里。#", "推进保障性住房建设。#", "改造城镇老旧小区18个。#1", "新建改造城市公厕12座。#2", "新建城市口袋公园8个。#3")
	for _, u := range doc.Report.Unused {
		if u.Reason == reasonDupSeq {
			t.Errorf("dropped as a repeated number: %q", u.Text)
		}
	}
}

// Classes found by blind sets #57–#60 after their one scoring.

// A leader cell that writes the title in brackets after the name, though
// the name's last character ends units' names too (沈立行: 行 of a bank).
func TestTitledNameEndingLikeUnit(t *testing.T) {
	for _, c := range []string{"沈立行\n（常务副区长）", "沈立行（区委常委、常务副区长）", "沈立行"} {
		if got := leaderValue(c); !slices.Equal(got, []string{"沈立行"}) {
			t.Errorf("%q: leaders %q", c, got)
		}
	}
	if got := leaderValue("区委（书记）"); slices.Equal(got, []string{"区委"}) {
		t.Errorf("a body with a title in brackets read as a name: %q", got)
	}
}

// 有关事项 closing a notice of leader-headed groups: its 1. 2. are how the
// work is followed up, not tasks of the last leader.
func TestClosingMattersNoTasks(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于印发2027年重点工作任务领办方案的通知\n各街道：\n现将方案印发给你们。\n"+
		"【李明华同志（区委常委、常务副区长）领办】\n  1.推进国有企业整合重组。（牵头：区财政局）\n  2.建成一体化政务大数据体系。（牵头：区数据局；参与：区审批局）\n"+
		"【何振邦同志（副区长）领办】\n  1.培育规模以上服务业企业20家。（牵头：区发改局；参与：区商务局）\n\n"+
		"有关事项\n  1.各牵头单位要制定具体推进方案，于3月31日前报区政府办公室。\n  2.区政府督查室按季度开展督查。\n")
	checkTasks(t, doc, taskFields, "李明华|区财政局|", "李明华|区数据局|区审批局", "何振邦|区发改局|区商务局")
}

// Blocks of 批示件 whose numbered line names the document the leader wrote
// on and whose 督办要求 line says what is to be done: the requirement is
// the task's text as written (a unit it asks to lead stays in it), the
// document kept in Extra; the keys below give the assignment.
func TestInstructionBlocksRequirement(t *testing.T) {
	doc := mustParseText(t, "x.txt", "领导批示督办件清单\n各有关单位：\n现将县领导批示件交办如下。\n"+
		"1．批示件：《关于城南片区雨污管网混接情况的报告》（县住建局呈报）\n　　批示领导：刘志强（县长）\n　　督办要求：立即组织排查城南片区雨污混接点位，汛期前完成改造。\n　　主办单位：县住建局\n　　协办单位：县水利局\n　　办结时限：2024年6月30日\n"+
		"2．批示件：《网民反映樟树湾小区逾期交房问题》\n　　批示领导：县委书记 何国栋\n　　督办要求：请县住建局牵头，督促开发商制定复工计划。\n　　主办单位：县住建局\n　　协办单位：县信访局\n　　办结时限：2024年4月15日\n")
	checkTasks(t, doc, func(task Task) string { return task.Text + "#" + taskFields(task) + "#" + task.Extra["批示件"] }, "立即组织排查城南片区雨污混接点位，汛期前完成改造。#刘志强|县住建局|县水利局#《关于城南片区雨污管网混接情况的报告》（县住建局呈报）",
		"请县住建局牵头，督促开发商制定复工计划。#何国栋|县住建局|县信访局#《网民反映樟树湾小区逾期交房问题》")
	// a table's column that joins the instruction and the requirement
	// (批示事项及督办要求) holds the task
	if classifyName("批示事项及督办要求") != colText || classifyName("批示内容") == colText {
		t.Errorf("批示事项及督办要求 %v, 批示内容 %v", classifyName("批示事项及督办要求"), classifyName("批示内容"))
	}
}

// A message pasted from a chat signs off with a dash and its sender
// (——桃源镇党政办 3.17): no item led by a dash, no part of the last task.
func TestChatSignOff(t *testing.T) {
	doc := mustParseText(t, "x.txt", "@所有人 本周重点工作安排如下：\n"+
		"1、完成春耕物资摸底（包片领导：唐晓敏，牵头：农业站，配合：各村）\n"+
		"2、观摩点位环境卫生3月25日前整治到位（包片领导：欧阳春，牵头：经发办，配合：环卫所）\n\n"+
		"——桃源镇党政办 3.17\n")
	if len(doc.Tasks) != 2 || doc.Tasks[1].Text != "观摩点位环境卫生3月25日前整治到位" {
		t.Fatalf("tasks %q", taskTexts(doc.Tasks))
	}
	if !isSignOff("——桃源镇党政办 3.17") || isSignOff("——推进背街小巷整治") {
		t.Error("sign-off misread")
	}
}
