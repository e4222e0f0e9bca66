package ingest

import (
	"slices"
	"testing"
)

func TestSpacedRows(t *testing.T) {
	lines := []string{
		"          2022年民生实事项目表",
		"序号  项目名称      建设内容                      牵头单位      配合单位",
		"一    教育提质",
		"1     校园食堂改造  完成中小学校食堂“明厨亮灶”改造  市教育局      市市场监管局、各区县（市）",
		"                    150所                                         人民政府",
		"                                — 3 —",
		"2     城市书房      建成城市书房15家              市文广旅局",
		"　　各责任单位要按照分工抓紧落实，每季度末报送进展情况，确保按期完成全部项目。",
	}
	bs := lineBlocks(lines)
	rows, joined := spacedRows(bs)
	want := map[int][]string{
		1: {"序号", "项目名称", "建设内容", "牵头单位", "配合单位"},
		2: {"一", "教育提质", "", "", ""},
		3: {"1", "校园食堂改造", "完成中小学校食堂“明厨亮灶”改造150所", "市教育局", "市市场监管局、各区县（市）人民政府"},
		6: {"2", "城市书房", "建成城市书房15家", "市文广旅局", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	if !joined[4] || len(joined) != 1 {
		t.Errorf("joined = %v, want line 5 only", joined)
	}
}

// A table padded with one space between its columns, the header's names
// over two lines, a leader and a co-unit cell holding one name a line: the
// header is joined column by column, and a line broken by hand (it would
// have fitted after the line above) starts another name.
func TestSpacedOneSpaceTwoLineHeader(t *testing.T) {
	lines := []string{
		"序号 工作任务                 责任     牵头         配合",
		"                              领导     单位         单位",
		"1    推进城区雨污分流改造，新 陈立军   市住房和城乡 市水务局",
		"     建污水管网32公里。       何晓梅   建设局       市财政局",
		"2    新增公共停车泊位2000个。 何晓梅   市公安局     市城管局、市",
		"                                                    交通运输局",
		"",
		"                              某市人民政府",
	}
	bs := lineBlocks(lines)
	rows, joined := spacedRows(bs)
	want := map[int][]string{
		0: {"序号", "工作任务", "责任领导", "牵头单位", "配合单位"},
		2: {"1", "推进城区雨污分流改造，新建污水管网32公里。", "陈立军\n何晓梅", "市住房和城乡建设局", "市水务局\n市财政局"},
		4: {"2", "新增公共停车泊位2000个。", "何晓梅", "市公安局", "市城管局、市交通运输局"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	if !joined[1] || !joined[3] || !joined[5] || len(joined) != 3 {
		t.Errorf("joined = %v, want lines 2, 4 and 6", joined)
	}
}

// Header names centred over their columns, 序号 on the header's second
// line only: each column starts where the cells under its name start (the
// gutter blank on every row line), and 序号 is a column of its own.
func TestSpacedCentredHeader(t *testing.T) {
	lines := []string{
		"            工作任务              责任领导      牵头单位",
		"序号",
		"1     推进工业园区扩区，新增标    张明华    县工业和信息化局",
		"      准厂房10万平方米。",
		"2     新增市场主体3000户。        李红      县市场监督管理局",
	}
	bs := lineBlocks(lines)
	rows, _ := spacedRows(bs)
	want := map[int][]string{
		0: {"序号", "工作任务", "责任领导", "牵头单位"},
		2: {"1", "推进工业园区扩区，新增标准厂房10万平方米。", "张明华", "县工业和信息化局"},
		4: {"2", "新增市场主体3000户。", "李红", "县市场监督管理局"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
}

// A table laid out with spaces and ruled with dashes under its header, and
// with ═ below its last row, as a typist draws one: the rule under the
// header is part of the table, no row and no paragraph ending it (the
// table was read as no task before); the one below ends it.
func TestSpacedRuledWithDashes(t *testing.T) {
	lines := []string{
		"序号  工作任务                    责任领导  牵头单位      配合单位",
		"--------------------------------------------------------------------",
		"1     完成城北片区老旧小区改造12  周文涛    区住建局      区财政局、",
		"      个，惠及居民3200户。                                各街道办事处",
		"2     新建社区养老服务站8个。     罗美华    区民政局",
		"════════════════════════════════════",
		"",
		"抄送：区委办，区人大办。",
	}
	bs := lineBlocks(lines)
	rows, joined := spacedRows(bs)
	want := map[int][]string{
		0: {"序号", "工作任务", "责任领导", "牵头单位", "配合单位"},
		2: {"1", "完成城北片区老旧小区改造12个，惠及居民3200户。", "周文涛", "区住建局", "区财政局、各街道办事处"},
		4: {"2", "新建社区养老服务站8个。", "罗美华", "区民政局", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	if !joined[1] {
		t.Errorf("the rule under the header is not the table's: joined = %v", joined)
	}
	doc, err := ParseSource(&Source{Name: "分解表.txt", Format: "text", Blocks: bs})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[1].Units[0] != "区民政局" || len(doc.Tasks[0].CoUnits) != 2 {
		t.Errorf("tasks %+v", doc.Tasks)
	}
}

// lineBlocks are a text's lines as its blocks, numbered from 1.
func lineBlocks(lines []string) []Block {
	bs := make([]Block, len(lines))
	for i, l := range lines {
		bs[i] = Block{Line: i + 1, Text: l}
	}
	return bs
}
