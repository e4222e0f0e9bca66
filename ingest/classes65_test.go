package ingest

import (
	"slices"
	"testing"
)

// Classes found by blind sets #65–#68 after their one scoring.

// A leader's role written alone as its key (【包联：吴志华 牵头：应急办】),
// as 牵头 alone names the lead unit.
func TestBareLeaderRoleKey(t *testing.T) {
	doc := mustParseText(t, "x.txt", "【白沙镇党政办通知】\n各站所：\n春节前重点工作分解如下：\n"+
		"1、立即开展安全生产大检查。【包联：吴志华 牵头：应急办 配合：派出所、各村】\n"+
		"2、全面完成冬春水利建设任务。【包联：许国栋、吴志华 牵头：水利站】\n")
	checkTasks(t, doc, taskFields, "吴志华|应急办|派出所、各村", "许国栋、吴志华|水利站|")
	if assignKind("包联") != colLeaders || assignKind("督办") == colLeaders {
		t.Errorf("包联 %v, 督办 %v", assignKind("包联"), assignKind("督办"))
	}
}

// The preamble naming the leader of every item (以下任务的分管区领导均为区委
// 常委、常务副区长周振国同志), and a closing note stating the lead rule after
// the last item's keys (说明：以上各事项“责任单位”中排在首位的为牵头单位).
func TestPreambleLeaderAndRuleAfterItems(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于印发2026年财政重点工作任务分工的通知\n局机关各科室：\n"+
		"现将任务分工印发给你们。以下任务的分管区领导均为区委常委、常务副区长周振国同志。\n"+
		"1．严格落实过紧日子要求。（牵头科室：预算科；配合科室：综合科）\n2．盘活存量资产资金。（牵头科室：国库科）\n")
	checkTasks(t, doc, taskFields, "周振国|预算科|综合科", "周振国|国库科|")
	doc = mustParseText(t, "x.txt", "区安委会全体会议议定事项\n区委督查考评办：\n会议议定：\n"+
		"一、完成开工复产安全检查。\n督办领导：方敬尧\u3000责任单位：区应急管理局、区住建局、各街道办事处\n"+
		"二、开展城镇燃气瓶改管攻坚。\n督办领导：韩立新\u3000责任单位：区城管局、区消防救援大队\n\n"+
		"说明：以上各事项“责任单位”中排在首位的为牵头单位。\n")
	checkTasks(t, doc, taskFields, "方敬尧|区应急管理局|区住建局、各街道办事处", "韩立新|区城管局|区消防救援大队")
}

// A unit cell a narrow column wrapped inside its names (a PDF's cell):
// the lines join where a bracket is open, a separator ends the line, or
// the line's last name is not whole; one whole name a line stays apart.
func TestUnwrapUnitLines(t *testing.T) {
	for in, want := range map[string]string{
		"县住建局（牵\n头）、县城管局、\n县自然资源局、城\n关镇": "县住建局（牵头）、县城管局、县自然资源局、城关镇",
		"县住建局、县水务\n局（牵头）、市生\n态环境局金平分局":   "县住建局、县水务局（牵头）、市生态环境局金平分局",
		"县财政局\n县税务局":      "县财政局\n县税务局",
		"县财政局、县税务局\n县统计局": "县财政局、县税务局\n县统计局",
		"牵头：省政务服务和数据管理局\n配合：省司法厅、省市场监管局": "牵头：省政务服务和数据管理局\n配合：省司法厅、省市场监管局",
	} {
		if got := unwrapUnitLines(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	doc := mustParseText(t, "x.txt", "任务分工表\n| 序号 | 工作内容 | 责任单位 |\n| 1 | 开展背街小巷综合整治。 | 县住建局（牵<br>头）、县城管局、城<br>关镇 |\n")
	if len(doc.Tasks) != 1 || !slices.Equal(doc.Tasks[0].Units, []string{"县住建局"}) || !slices.Equal(doc.Tasks[0].CoUnits, []string{"县城管局", "城关镇"}) {
		t.Errorf("tasks %+v", doc.Tasks)
	}
}
