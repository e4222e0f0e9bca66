package ingest

import "testing"

// Classes found by blind sets #69–#72 after their one scoring.

// Blocks opened by a bracketed number with its kind (【督办事项第1项】), each
// with its key lines; a leader's heading whose portfolio stands in brackets
// before its verb (一、刘振华副县长（分管住建、应急）负责事项).
func TestBracketedBlocksAndPortfolioHeadings(t *testing.T) {
	doc := mustParseText(t, "x.txt", "重点督办事项\n说明：以下事项列入一季度县级重点督办。\n\n"+
		"【督办事项第1项】\n事项内容：持续推进万人助万企活动。\n责任领导：孙晓梅\n主办单位：县工信局\n协办单位：县发改局、县商务局\n\n"+
		"【督办事项第2项】\n事项内容：抓好春节后企业复工复产。\n责任领导：何建平\n主办单位：县人社局\n协办单位：无\n")
	checkTasks(t, doc, textAndFields, "持续推进万人助万企活动。#孙晓梅|县工信局|县发改局、县商务局", "抓好春节后企业复工复产。#何建平|县人社局|")
	doc = mustParseText(t, "x.txt", "城镇燃气安全专项整治任务清单\n各项任务责任单位中标注“（牵头）”的为牵头单位。\n"+
		"一、刘振华副县长（分管住建、应急）负责事项\n1.全面排查餐饮场所燃气使用安全隐患。\n责任单位：县住建局（牵头），县应急管理局\n"+
		"二、孙晓梅副县长（分管市场监管、行政审批）负责事项\n2.开展燃气具产品质量监督抽查。\n责任单位：县市场监管局（牵头）\n")
	checkTasks(t, doc, taskFields, "刘振华|县住建局|县应急管理局", "孙晓梅|县市场监管局|")
}

// A 督办通知单 whose form rows stand above the list: a form's value naming
// a document (承办单位 | 见《督办事项清单》) makes no header, so its rows
// (办理要求, 反馈方式) are no tasks; the list numbered from 1 under its own
// header keeps every row.
func TestNoticeFormAboveList(t *testing.T) {
	doc := mustParseText(t, "x.txt", "督 办 通 知 单\n"+
		"| 督办事项来源 | 县政府第12次常务会议 | 交办日期 | 2026年1月16日 |\n"+
		"| 承办单位 | 见《督办事项清单》 | 督办类别 | 重点督办（A类） |\n"+
		"| 办理要求 | 各承办单位接单后3个工作日内制定落实方案。 | 反馈方式 | 平台在线填报 |\n"+
		"督办事项清单\n"+
		"| 序号 | 督办事项 | 责任领导 | 主办单位 | 协办单位 |\n"+
		"| 1 | 加快推进县城第二水厂扩建工程。 | 何建平 | 县住建局 | 县水务集团 |\n"+
		"| 2 | 完成标准化厂房二期竣工验收。 | 何建平 | 岚溪工业园区管委会 | 县投资促进中心 |\n"+
		"| 3 | 全面排查拖欠中小企业账款情况。 | 孙晓梅 | 县工信局 | 县财政局 |\n")
	checkTasks(t, doc, taskFields, "何建平|县住建局|县水务集团", "何建平|岚溪工业园区管委会|县投资促进中心", "孙晓梅|县工信局|县财政局")
}
