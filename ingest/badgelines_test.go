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
