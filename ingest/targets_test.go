package ingest

import (
	"slices"
	"testing"
)

// TestSeedTargets: every target of the seed, judged by eye once, in a
// golden file: task seq → its targets.
func TestSeedTargets(t *testing.T) {
	doc := MustParseSeed(t)
	got := map[int][]Target{}
	n := 0
	for _, task := range doc.Tasks {
		if len(task.Targets) > 0 {
			got[task.Seq] = task.Targets
			n += len(task.Targets)
		}
	}
	if n < 40 {
		t.Errorf("only %d targets in the seed", n)
	}
	checkGolden(t, "targets.golden.json", got)
}

func TestTargets(t *testing.T) {
	tests := []struct {
		text string
		want []Target
	}{
		{"力争规模工业增加值增长10%、实际利用外资3亿美元。", []Target{
			{"力争规模工业增加值增长10%", "规模工业增加值", 10, "%", "力争、增长"},
			{"实际利用外资3亿美元", "实际利用外资", 3, "亿美元", ""}}},
		{"力争新增上市企业6家以上。", []Target{{"力争新增上市企业6家以上", "上市企业", 6, "家", "力争、新增、以上"}}},
		{"新建学校一百所,建成两个示范区。", []Target{
			{"新建学校一百所", "学校", 100, "所", "新建"},
			{"建成两个示范区", "示范区", 2, "个", "建成"}}},
		{"城镇新增就业2.5万人,拆除违建三十五万平方米以上。", []Target{
			{"城镇新增就业2.5万人", "城镇新增就业", 2.5, "万人", ""},
			{"拆除违建三十五万平方米以上", "拆除违建", 35, "万平方米", "以上"}}},
		{"2018年3月完成,推行“四个平台”,深化“最多跑一次”改革,打造一个中心。", nil},
	}
	for _, tt := range tests {
		got := Targets(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Targets(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
		}
	}
	for in, want := range map[string]float64{"一百": 100, "两": 2, "三十五": 35, "十二": 12, "一千二百": 1200, "三万": 30000, "2.5": 2.5} {
		if got, ok := parseNumber(in); !ok || got != want {
			t.Errorf("parseNumber(%q) = %v", in, got)
		}
	}
}
