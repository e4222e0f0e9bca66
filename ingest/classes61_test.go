package ingest

import "testing"

// Classes found by blind sets #61–#64 after their one scoring.

// A column named for the measures to take (具体举措, 改革举措, 主要措施)
// holds the task; a 改革领域 beside it is the row's category.
func TestMeasuresColumn(t *testing.T) {
	doc := mustParseText(t, "x.txt", "营商环境改革任务清单\n"+
		"| 序号 | 改革领域 | 具体举措 | 牵头单位 | 责任单位 | 完成时限 |\n"+
		"| 1 | 开办企业 | 推行企业开办一网通办。 | 区行政审批局 | 区市场监管局、区税务局 | 6月底 |\n"+
		"| 2 | 涉企执法检查 | 推行柔性执法。 | 区司法局 | 区城管局 | 持续 |\n"+
		"填报人：周倩 | | 审核人：刘春阳 | | 联系电话：0571-88625530 | |\n")
	checkTasks(t, doc, textAndFields, "推行企业开办一网通办。#|区行政审批局|区市场监管局、区税务局", "推行柔性执法。#|区司法局|区城管局")
	for _, name := range []string{"具体举措", "改革举措", "主要措施"} {
		if classifyName(name) != colText {
			t.Errorf("%s: %v", name, classifyName(name))
		}
	}
	if fillerRow([]string{"1", "推行柔性执法。", "区司法局"}) || !fillerRow([]string{"制表：县政府办公室督查股", "", ""}) {
		t.Error("a filler's row misread")
	}
}

// A sentence under a heading naming the leader who oversees the items
// below (以下整改任务由副县长吴斌统筹督办。) gives every item that leader.
func TestOverseerSentence(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于二季度安全生产明查暗访情况的通报\n各乡镇：\n"+
		"一、发现的主要问题\n（一）部分企业主体责任悬空。\n"+
		"二、整改任务\n以下整改任务由副县长吴斌统筹督办。各项任务中标注“（牵头）”的为牵头单位，其余为配合单位。\n"+
		"（一）对违规存放危险化学品的门店立即查封。\n责任单位：县应急管理局（牵头）、县公安局\n"+
		"（二）开展九小场所消防安全排查。\n责任单位：县消防救援大队（牵头）、各乡镇人民政府\n"+
		"三、工作要求\n各责任单位要于7月31日前报县安委办。\n")
	checkTasks(t, doc, taskFields, "吴斌|县应急管理局|县公安局", "吴斌|县消防救援大队|各乡镇人民政府")
}

// Records of a proposal list or a petition drive: a numbered line's label
// naming the text (1．案由：…) is no part of it; the record's own fields
// before its keys (信访人, 基本情况) are kept aside, the field naming the
// task (化解任务) is its text; a closing 有关要求：… after the last block is
// the notice's, not that block's text.
func TestRecordFieldsAndLabels(t *testing.T) {
	doc := mustParseText(t, "x.txt", "关于交办政协提案的通知\n各有关单位：\n"+
		"1．案由：关于加强县城停车设施建设的提案\n提案号：第8号\n提案人：刘海涛（县政协委员）\n主办单位：县住房和城乡建设局\n会办单位：县城市管理局\n督办县领导：张宏伟\n"+
		"2．案由：关于扶持本土农产品品牌培育的提案\n提案号：第15号\n主办单位：县农业农村局\n督办县领导：李春生\n")
	checkTasks(t, doc, textAndFields, "关于加强县城停车设施建设的提案#张宏伟|县住房和城乡建设局|县城市管理局", "关于扶持本土农产品品牌培育的提案#李春生|县农业农村局|")
	doc = mustParseText(t, "x.txt", "关于开展信访积案化解百日攻坚行动的通知\n各镇：\n现将化解任务通知如下：\n"+
		"第1件\n案件编号：XF-2024-007\n信访人：赵某某（河湾镇）\n基本情况：反映征地补偿款分配不公。\n化解任务：依法复核补偿款分配方案。\n包案领导：副市长 韩立新\n牵头单位：市自然资源和规划局\n配合单位：市司法局\n"+
		"第2件\n案件编号：XF-2024-012\n信访人：钱某某等23人\n基本情况：反映商品房办证难问题。\n化解任务：分类推进交房即交证。\n包案领导：副市长 韩立新\n牵头单位：市住房和城乡建设局\n\n"+
		"有关要求：各牵头单位要建立工作台账，实行销号管理。\n")
	checkTasks(t, doc, func(task Task) string { return textAndFields(task) + "#" + task.Extra["基本情况"] },
		"依法复核补偿款分配方案。#韩立新|市自然资源和规划局|市司法局#反映征地补偿款分配不公。",
		"分类推进交房即交证。#韩立新|市住房和城乡建设局|#反映商品房办证难问题。")
}

// A 批示件 ledger naming both the leader who wrote the instruction
// (批示领导) and the one who answers for it (责任区领导): the latter leads,
// the former is kept aside.
func TestInstructingLeaderAside(t *testing.T) {
	doc := mustParseText(t, "x.txt", "领导批示件督办台账\n"+
		"| 督办编号 | 批示领导 | 批示件名称 | 督办事项 | 责任区领导 | 承办单位 | 协办单位 |\n"+
		"| PS-2025-031 | 区委书记 郑国栋 | 群众反映违建餐饮污染水体 | 对违建餐饮场所开展联合执法。 | 区长 方建明；副区长 邱海 | 区城市管理局 | 湖滨街道 |\n")
	if len(doc.Tasks) != 1 {
		t.Fatalf("tasks %q", taskTexts(doc.Tasks))
	}
	task := doc.Tasks[0]
	if got := taskFields(task); got != "方建明、邱海|区城市管理局|湖滨街道" || task.Extra["批示领导"] == "" {
		t.Errorf("task %q, extra %q", got, task.Extra)
	}
}
