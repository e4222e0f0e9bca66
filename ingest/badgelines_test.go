package ingest

import (
	"strings"
	"testing"
)

func badgeBlocks(lines ...string) []block {
	var bs []block
	for i, l := range lines {
		bs = append(bs, block{line: i + 1, text: l})
	}
	return bs
}

func TestLoneBadgeLines(t *testing.T) {
	// 01 / 02 alone above each card's sentence: each badge opens its item
	got := loneBadgeLines(badgeBlocks("云溪街道重点任务", "01", "完成云溪河沿岸环境综合整治。", "包联领导：孙明远", "牵头部门：城市管理办公室", "", "02", "", "推进老旧小区物业管理全覆盖。", "牵头部门：社区建设办公室"))
	if len(got) != 2 || got[1] != 2 || got[6] != 8 {
		t.Errorf("badges: %v", got)
	}
	for name, bs := range map[string][]block{
		// one number alone is no run (a page number left in a copy)
		"one":         badgeBlocks("12", "推进老旧小区物业管理全覆盖。", "牵头部门：社区建设办公室"),
		"not from 01": badgeBlocks("03", "推进老旧小区物业管理全覆盖。", "04", "建设街道新时代文明实践所。"),
		// a key line after the number is no task's sentence
		"key after": badgeBlocks("01", "牵头部门：社区建设办公室", "02", "牵头部门：财政所"),
	} {
		if got := loneBadgeLines(bs); got != nil {
			t.Errorf("%s: badges %v", name, got)
		}
	}
}

func TestLoneBadgeItems(t *testing.T) {
	text := strings.Join([]string{
		"云溪街道2023年重点任务包联分工表",
		"01",
		"完成云溪河沿岸环境综合整治，清理河道淤泥。",
		"包联领导：孙明远（街道党工委书记）",
		"牵头部门：城市管理办公室",
		"协同部门：规划建设办公室",
		"节点目标：5月底前完成",
		"02",
		"推进老旧小区物业管理全覆盖。",
		"包联领导：杜若兰（街道办事处主任）",
		"牵头部门：社区建设办公室",
		"协同部门：各社区居民委员会",
	}, "\n")
	doc, err := Parse("badges.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Seq != 1 || doc.Tasks[1].Seq != 2 ||
		doc.Tasks[0].Text != "完成云溪河沿岸环境综合整治，清理河道淤泥。" || strings.Join(doc.Tasks[1].Units, "、") != "社区建设办公室" {
		t.Errorf("tasks: %+v", doc.Tasks)
	}
}

func TestCardLabelBadges(t *testing.T) {
	for text, want := range map[string]int{"01": 1, "任务卡01": 1, "任务卡 03": 3, "No.3": 3, "NO. 12": 12, "no．7": 7} {
		if n, ok := badgeNumber(text); !ok || n != want {
			t.Errorf("%q: %d %v, want %d", text, n, ok, want)
		}
	}
	for _, text := range []string{"1", "2024", "任务卡", "No.3 推进", "第01", "卡01"} {
		if n, ok := badgeNumber(text); ok {
			t.Errorf("%q read as a badge %d", text, n)
		}
	}
	// 任务卡01 alone above each card's title, No.1 before a card's title:
	// each opens its card's task, the badge no part of the text
	for name, lines := range map[string][]string{
		"label alone": {"任务卡01", "企业开办“一日办结”", "推行企业开办全流程网上办理，一日内办结。", "包抓领导：谭红梅", "牵头单位：县市场监管局",
			"任务卡02", "项目审批“拿地即开工”", "对社会投资工业项目推行“带方案出让”。", "包抓领导：周德胜", "牵头单位：县自然资源局"},
		"No. before title": {"No.1 人居环境整治提升", "开展村庄清洁行动，完成农村户厕改造300户。", "分管领导：庞立军", "牵头部门：镇农业综合服务中心",
			"No.2 集体经济强村工程", "实施村级集体经济“清零消薄”行动。", "分管领导：柏慧琳", "牵头部门：镇经济发展办"},
	} {
		doc, err := Parse("cards.txt", strings.NewReader(strings.Join(lines, "\n")))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string]string{"label alone": "项目审批“拿地即开工”对社会投资工业项目推行“带方案出让”。", "No. before title": "集体经济强村工程实施村级集体经济“清零消薄”行动。"}[name]
		if len(doc.Tasks) != 2 || doc.Tasks[0].Seq != 1 || doc.Tasks[1].Seq != 2 || doc.Tasks[1].Text != want || len(doc.Tasks[1].Leaders) != 1 || !strings.Contains(strings.Join(lines, ""), "领导："+doc.Tasks[1].Leaders[0]) {
			t.Errorf("%s: tasks %+v", name, doc.Tasks)
		}
	}
}
