package ingest

import (
	"slices"
	"testing"
)

// A 责任分工 cell of key lines (or a clause, or a bare list) gives the
// leaders, the lead units and the co-units it names.
func TestDutyCell(t *testing.T) {
	for _, tt := range []struct {
		cell                 string
		leaders, units, coUs []string
	}{
		{"省领导：庞立新\n牵头单位：省发展改革委\n配合单位：省财政厅、省自然资源厅", []string{"庞立新"}, []string{"省发展改革委"}, []string{"省财政厅", "省自然资源厅"}},
		{"牵头：区教育局\n配合：区财政局", nil, []string{"区教育局"}, []string{"区财政局"}},
		{"区住建局牵头，区城管局、各街道配合", nil, []string{"区住建局"}, []string{"区城管局", "各街道"}},
		{"区水利局", nil, []string{"区水利局"}, nil},
	} {
		c := dutyCell(tt.cell)
		if !slices.Equal(c.leaders, tt.leaders) || !slices.Equal(c.units, tt.units) || !slices.Equal(c.coUnits, tt.coUs) {
			t.Errorf("dutyCell(%q) = %q %q %q, want %q %q %q", tt.cell, c.leaders, c.units, c.coUnits, tt.leaders, tt.units, tt.coUs)
		}
	}
	if classifyHeader("责任分工") != colDuty || classifyHeader("责任单位") != colUnits {
		t.Error("责任分工 is a duty column, 责任单位 a units column")
	}
}

// A row opened by 合计/小计/总计 is no task; one whose text only mentions a
// total is.
func TestTotalRow(t *testing.T) {
	for cells, want := range map[[3]string]bool{
		{"合  计", "共4项任务", ""}:     true,
		{"", "小计", "1180"}:        true,
		{"总计：", "", ""}:           true,
		{"合　计：12项", "", "860"}:    true,
		{"3", "合计新建学校5所", "区教育局"}: false,
		{"合计划", "x", ""}:          false,
	} {
		if got := totalRow(cells[:]); got != want {
			t.Errorf("totalRow(%q) = %v, want %v", cells, got, want)
		}
	}
}

// A title of an office's head written apart before a name is no leader;
// a name followed by another name stays.
func TestLeaderCellOfficeTitle(t *testing.T) {
	for cell, want := range map[string][]string{
		"副县长 韩若溪\n县政府办主任 孔令杰": {"韩若溪", "孔令杰"},
		"区发改局局长 秦川":           {"秦川"},
		"王主任 李敏":              {"王主任", "李敏"}, // not an office: kept as before
	} {
		if got := leaderValue(cell); !slices.Equal(got, want) {
			t.Errorf("leaderValue(%q) = %q, want %q", cell, got, want)
		}
	}
}
