package ingest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestMatrixHeader(t *testing.T) {
	for cells, want := range map[string]bool{
		"序号|重点任务|责任领导|县发改局|县财政局|县住建局":            true,
		"序号|工作任务|完成时限|县农业农村局|县乡村振兴局|县水利局|县交通运输局": true,
		"序号|重点任务|牵头单位|配合单位|完成时限":                 false, // column kinds, not units
		"序号|重点任务|责任领导|牵头单位|县发改局|县财政局":            false, // two units only
		"1|推进改革|张三|县发改局、县财政局|县住建局|县教育局|2024年":    false,
	} {
		if got := matrixHeader(block{row: true, cells: strings.Split(cells, "|")}); got != want {
			t.Errorf("%s: %v, want %v", cells, got, want)
		}
	}
}

func rowsOf(lines ...string) []block {
	var bs []block
	for i, l := range lines {
		if strings.Contains(l, "|") {
			bs = append(bs, block{line: i + 1, row: true, cells: strings.Split(l, "|"), text: l})
		} else {
			bs = append(bs, block{line: i + 1, text: l})
		}
	}
	return bs
}

func TestReadMatrices(t *testing.T) {
	out, warns := readMatrices(rowsOf(
		"★为牵头单位，☆为配合单位",
		"序号|重点任务|县发改局|县财政局|县住建局|县教育局",
		"1|建成县第三小学|☆|☆||★",
		"2|改造老旧小区|★||★|☆",
		"3|推进改革|||", // cut short: its empty cells dropped
		"4|新增学位|√|||★",
	))
	want := [][]string{
		{"序号", "重点任务", RoleUnits, RoleCoUnits},
		{"1", "建成县第三小学", "县教育局", "县发改局、县财政局"},
		{"2", "改造老旧小区", "县发改局、县住建局", "县教育局"},
		{"3", "推进改革", "", ""},
		{"4", "新增学位", "县教育局", ""},
	}
	for i, w := range want {
		if !slices.Equal(out[i+1].cells, w) {
			t.Errorf("row %d: %q, want %q", i, out[i+1].cells, w)
		}
	}
	// √ is in no legend: said, not guessed
	if len(warns) != 1 || !strings.Contains(warns[0].Message, "√") {
		t.Errorf("warnings: %+v", warns)
	}
	// marks without a legend: read by the usual ones, warned
	_, warns = readMatrices(rowsOf("序号|重点任务|县发改局|县财政局|县住建局", "1|推进|●|○|"))
	if len(warns) != 1 || !strings.Contains(warns[0].Message, "图例") {
		t.Errorf("no legend: %+v", warns)
	}
	// a task's row whose cells end like units heads no matrix: names, not
	// marks, stand under it
	rows := rowsOf("序号|督查事项|牵头负责领导|承办单位|协办单位",
		"3|创建国家全域旅游示范区|县文旅局|各乡镇|县林业局",
		"4|完成县城供水管网漏损改造|县城投公司|县住建局|县水利局")
	if out, _ := readMatrices(rows); !slices.Equal(out[1].cells, rows[1].cells) || !slices.Equal(out[2].cells, rows[2].cells) {
		t.Errorf("rows taken for a matrix: %q %q", out[1].cells, out[2].cells)
	}
	// words need no legend
	_, warns = readMatrices(rowsOf("序号|重点任务|县发改局|县财政局|县住建局", "1|推进|牵头|配合|"))
	if len(warns) != 0 {
		t.Errorf("words: %+v", warns)
	}
}

// An XLSX matrix under a two-row header (责任单位 merged over the units'
// names, 序号 and 重点任务 merged down), a leader column, and its legend
// in a row merged across the foot.
func TestMatrixXLSX(t *testing.T) {
	data := buildXLSX(t, sheet{"责任矩阵", [][]any{
		{"2025年城市更新重点任务责任矩阵"},
		{"序号", "重点任务", "分管领导", "责任单位", "", "", ""},
		{"", "", "", "市住建局", "市城管局", "市财政局", "市自然资源局"},
		{1, "完成城镇老旧小区改造30个", "齐卫东", "★", "", "☆", ""},
		{2, "新建口袋公园12个", "齐卫东", "☆", "★", "", "☆"},
		{3, "实施城市更新片区规划3个", "叶晓岚", "", "", "", "★"},
		{"注：★为牵头单位，☆为配合单位。"},
	}, [][2]string{{"A1", "G1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "G2"}, {"A7", "G7"}}})
	doc, err := Parse("matrix.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		leader    string
		units, co []string
	}{
		{"齐卫东", []string{"市住建局"}, []string{"市财政局"}},
		{"齐卫东", []string{"市城管局"}, []string{"市住建局", "市自然资源局"}},
		{"叶晓岚", []string{"市自然资源局"}, []string{}},
	}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
	}
	for i, w := range want {
		task := doc.Tasks[i]
		if task.Seq != i+1 || !slices.Equal(task.Leaders, []string{w.leader}) || !slices.Equal(task.Units, w.units) || !slices.Equal(task.CoUnits, w.co) {
			t.Errorf("task %d: %+v", i+1, task)
		}
	}
}
