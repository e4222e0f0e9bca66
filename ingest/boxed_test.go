package ingest

import (
	"slices"
	"testing"
)

// A table drawn with box-drawing characters: the lines between two rules
// are one row, a cell's wrapped lines joined, a names cell's line that ends
// short of its box parted from the next; a lone rule (above 抄送) and a box
// around one paragraph are no table.
func TestBoxRows(t *testing.T) {
	lines := []string{
		"┌──────────────────────────────┐",
		"│请各单位于每月5日前报送进展。 │",
		"└──────────────────────────────┘",
		"┌────┬────────────────┬──────┬────────────┐",
		"│序号│工作任务        │责任  │责任单位    │",
		"│    │                │领导  │            │",
		"├────┼────────────────┼──────┼────────────┤",
		"│1   │推进城区雨污分流│陈立军│市住房和城乡│",
		"│    │改造。          │何晓梅│建设局（牵头│",
		"│    │                │      │）          │",
		"│    │                │      │市水务局    │",
		"├────┼────────────────┼──────┼────────────┤",
		"│2   │新增停车泊位2000│何晓梅│市公安局    │",
		"│    │个。            │      │            │",
		"└────┴────────────────┴──────┴────────────┘",
		"──────────────────────────────",
		"抄送：市委办公室。",
	}
	bs := lineBlocks(lines)
	rows, used := boxRows(bs, 1)
	want := map[int][]string{
		4:  {"序号", "工作任务", "责任领导", "责任单位"},
		7:  {"1", "推进城区雨污分流改造。", "陈立军\n何晓梅", "市住房和城乡建设局（牵头）\n市水务局"},
		12: {"2", "新增停车泊位2000个。", "何晓梅", "市公安局"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i].cells, w) || rows[i].table != 1 {
			t.Errorf("row %d = %q (table %d), want %q", i, rows[i].cells, rows[i].table, w)
		}
	}
	for i := range lines {
		if used[i] != (i >= 3 && i <= 14) {
			t.Errorf("line %d used = %v", i+1, used[i])
		}
	}
	doc, err := ParseSource(&Source{Name: "t.txt", Format: FormatText, Blocks: bs})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 {
		t.Fatalf("tasks = %+v", doc.Tasks)
	}
	got := doc.Tasks[0]
	if !slices.Equal(got.Units, []string{"市住房和城乡建设局"}) || !slices.Equal(got.CoUnits, []string{"市水务局"}) ||
		!slices.Equal(got.Leaders, []string{"陈立军", "何晓梅"}) {
		t.Errorf("task 1: leaders %q units %q co %q", got.Leaders, got.Units, got.CoUnits)
	}
}

// Below a rule, '|' parts a box table's cells too; a markdown alignment row
// is a rule; with no rule between the rows, each line is a row.
func TestBoxRowsPipesBelowARule(t *testing.T) {
	lines := []string{
		"──────────────────────",
		"| 序号 | 工作任务 | 责任领导 | 牵头单位 |",
		"|:---:|---|---|---|",
		"| 1 | 推进甲乙工程。 | 张明华 | 县工信局 |",
		"| 2 | 新增市场主体3000户。 | 李红 | 县市场监管局 |",
	}
	bs := lineBlocks(lines)
	rows, _ := boxRows(bs, 1)
	want := map[int][]string{
		1: {"序号", "工作任务", "责任领导", "牵头单位"},
		3: {"1", "推进甲乙工程。", "张明华", "县工信局"},
		4: {"2", "新增市场主体3000户。", "李红", "县市场监管局"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i].cells, w) {
			t.Errorf("row %d = %q, want %q", i, rows[i].cells, w)
		}
	}
}
