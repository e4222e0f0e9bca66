package ingest

import (
	"slices"
	"testing"
)

// A form of key | value rows (督办单) whose value is merged across the
// row's other cells, a covering paragraph naming units by their roles
// with a bracketed qualifier, an office's second name in brackets, and
// a form's handling instructions: none of them is what the item is or who
// does it.
func TestFormRowsAndSecondNames(t *testing.T) {
	if got, ok := rowKeys([]string{"督办事项", "研究调整方案。", "研究调整方案。", "研究调整方案。"}); !ok || got != "督办事项：研究调整方案。" {
		t.Errorf("a value merged across the row: %q %v", got, ok)
	}
	if got, ok := rowKeys([]string{"主办部门", "集团投资发展部", "协办部门", "集团投资发展部"}); !ok || got != "主办部门：集团投资发展部；协办部门：集团投资发展部" {
		t.Errorf("two pairs with the same value are two pairs: %q %v", got, ok)
	}
	if c := classifyHeader("办理要求"); c != colExtra {
		t.Errorf("办理要求 read as %v", c)
	}
	for _, n := range []string{"主办部门（单位）", "协办部门(单位)", "各牵头单位"} {
		if !roleNameRe.MatchString(n) {
			t.Errorf("%s is a role, not a unit", n)
		}
	}
	for text, assigns := range map[string]bool{
		"办理结果于办结时限前报集团综合办公室（督办室）。": false,
		"材料报区委办（区政府办）。":            false,
		"推进城东片区道路建设。（县住建局）":        true,
		"加快推进城东片区道路建设（县住建局）":       true,
		"完善养老服务体系（县民政局、县卫健局）":      true,
	} {
		_, c := trailingClause(text)
		if (c != nil) != assigns {
			t.Errorf("%s: clause %+v, want one: %v", text, c, assigns)
		}
	}
}

// n119: 督办单 forms of four columns, a value merged across the row's other
// three cells (written out as Word's merge expands: the same text in each),
// 办理要求 under it, a covering paragraph that names the units by their
// roles (主办部门（单位）) and ends with an office's second name in brackets.
func n119DOCX() []byte {
	form := func(no, text, leader, due, unit, co string) [][]string {
		return [][]string{{"督办编号", no, "交办日期", "2025年5月6日"}, {"督办事项", text, text, text},
			{"督办领导", leader, "办结时限", due}, {"主办部门（单位）", unit, "协办部门（单位）", co},
			{"办理要求", "主办部门（单位）主要负责人为第一责任人，按时书面报送办理结果。", "主办部门（单位）主要负责人为第一责任人，按时书面报送办理结果。", "主办部门（单位）主要负责人为第一责任人，按时书面报送办理结果。"},
			{"办理情况", "", "", ""}}
	}
	note := "（本单一式两份，主办部门（单位）、督办室各执一份）"
	return formDOCX("滨湖城市建设集团有限公司", "关于交办2025年第二批集团领导督办事项的通知", "集团各部门，各子公司：",
		"　　现将2025年第二批集团领导督办事项以督办单形式交办，请主办部门（单位）抓紧办理，协办部门（单位）积极配合，办理结果报集团综合办公室（督办室）。",
		"附件：督办单（共3份）", "\f",
		"督　办　单", form("BH-DB-2025-011", "完成滨湖大道综合管廊一期主体工程，年底前具备通水条件。", "刘海川（总经理）", "2025年12月31日", "集团工程管理部", "集团财务部、集团安全环保部"), note, "\f",
		"督　办　单", form("BH-DB-2025-012", "清理历史遗留应收账款，年内回收率达到60%以上。", "邱雅婷（副总经理）", "2025年10月31日", "集团财务部", "集团法务合规部"), note, "\f",
		"督　办　单", form("BH-DB-2025-013", "推进集团数字化管理平台上线，覆盖全部二级子公司。", "邱雅婷（副总经理）", "2025年11月30日", "集团信息中心", ""), note)
}

// A card's title bar whose number runs into a category tag (two spans,
// 任务01 and 营商环境) opens the card as 任务01 alone does; a year or a
// count after 任务 is no card number.
func TestCardNumberWithTag(t *testing.T) {
	for line, want := range map[string]int{"任务01营商环境": 1, "任务 12 民生保障": 12, "事项003城市管理": 3} {
		mk, rest, ok := parseMarker(line)
		if !ok || mk.kind != numKeyed || mk.number != want || rest != "" {
			t.Errorf("%s: %+v %q %v", line, mk, rest, ok)
		}
	}
	for _, line := range []string{"任务2024年度安排", "任务01：推进营商环境改革。"} {
		if mk, rest, ok := parseMarker(line); ok && rest == "" {
			t.Errorf("%s read as a card's title: %+v", line, mk)
		}
	}
}

// 会办 (handled together with the lead) names the co-operating units, as a
// key, a column or a verb: 主办单位：A；会办单位：B、C (bare 主办： only in a
// unit cell, as ever).
func TestHuibanIsCoOperating(t *testing.T) {
	if c := classifyHeader("会办单位"); c != colCoUnits {
		t.Errorf("会办单位 read as %v", c)
	}
	c, ok := parseClause("主办单位：市住建局；会办单位：市财政局、市园林局")
	if !ok || !slices.Equal(c.units, []string{"市住建局"}) || !slices.Equal(c.coUnits, []string{"市财政局", "市园林局"}) {
		t.Errorf("主办/会办 keys: %+v %v", c, ok)
	}
}
