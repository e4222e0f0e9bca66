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

// A printout repeats its title and header at the top of each page, and a
// 合计 line ends the table: neither is a row, and the rows after the
// repeated header are the same table's.
func TestSpacedRepeatedHeaderAndTotal(t *testing.T) {
	lines := []string{
		"序号  工作任务                    责任领导  责任单位",
		"1     建成全民健身中心。          周敏      区文旅体局",
		"",
		"                 — 2 —",
		"某区2023年重点任务分解表",
		"序号  工作任务                    责任领导  责任单位",
		"2     新建口袋公园5个，改造绿道   陆建平    区城管局",
		"      10公里。                    梅若华",
		"合计  2项",
		"3     不是表格的行                某某      区某局",
	}
	bs := lineBlocks(lines)
	rows, joined := spacedRows(bs)
	want := map[int][]string{
		0: {"序号", "工作任务", "责任领导", "责任单位"},
		1: {"1", "建成全民健身中心。", "周敏", "区文旅体局"},
		6: {"2", "新建口袋公园5个，改造绿道10公里。", "陆建平\n梅若华", "区城管局"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	for _, i := range []int{4, 5, 7} {
		if !joined[i] {
			t.Errorf("line %d not taken into the table (joined %v)", i+1, joined)
		}
	}
	if joined[8] || joined[9] {
		t.Errorf("the 合计 line or a line after it went into the table: %v", joined)
	}
	// a printout's stamp between the title and the header again
	stamped := lineBlocks([]string{"序号  任务          单位", "1     修路。        区交通局", "某区任务表", "打印时间：2024-03-01 10:22    第 2 页", "序号  任务          单位", "2     建园。        区城管局"})
	if n := repeatedHeader(stamped, 2, 0); n != 3 {
		t.Errorf("repeatedHeader over a stamp = %d, want 3", n)
	}
	// a title line followed by anything but the header again ends nothing
	if n := repeatedHeader(lineBlocks([]string{"序号  任务  单位", "某区通知", "各单位："}), 1, 0); n != 0 {
		t.Errorf("repeatedHeader of a title over prose = %d", n)
	}
}

// A table without a 序号 column numbers its rows in the text (1.… 2.…):
// a line whose text opens with no number continues the row above, though
// it fills the first column; where the rows are not numbered, or a line
// without a number fills the deadline column, each line is a row.
func TestSpacedNumberedTextRows(t *testing.T) {
	lines := []string{
		"工作任务                       责任领导  责任单位      完成时限",
		"1.深化改革，新增集成服务事项   陆建平    区行政审批局  2024年12月",
		"20项。                         梅若华",
		"2.新建5G基站300个。            梅若华    区工信局      2024年11月",
	}
	rows, joined := spacedRows(lineBlocks(lines))
	if w := []string{"1.深化改革，新增集成服务事项20项。", "陆建平\n梅若华", "区行政审批局", "2024年12月"}; !slices.Equal(rows[1], w) {
		t.Errorf("row 1 = %q, want %q", rows[1], w)
	}
	if !joined[2] || rows[2] != nil {
		t.Errorf("the continuation is a row: rows %v joined %v", rows, joined)
	}
	unnumbered := []string{
		"工作任务                       责任领导  责任单位      完成时限",
		"深化改革，新增集成服务事项。   陆建平    区行政审批局  2024年12月",
		"新建5G基站300个。              梅若华    区工信局      2024年11月",
		"1.推进垃圾分类。               周敏      区城管局      2024年10月",
		"2.建成健身中心。               周敏      区文旅体局    2024年9月",
	}
	rows, _ = spacedRows(lineBlocks(unnumbered))
	if len(rows) != 5 {
		t.Errorf("an unnumbered row filling its deadline was joined: %v", rows)
	}
	// the leader column before the text: a second leader's line is no row
	leaderFirst := []string{
		"责任领导  工作任务                           责任单位",
		"陆建平    1.深化改革，新增集成服务事项       区行政审批局",
		"梅若华    20项。",
		"周敏      2.完成老旧小区改造12个。           区住建局",
		"陆建平",
	}
	rows, _ = spacedRows(lineBlocks(leaderFirst))
	if w := []string{"陆建平\n梅若华", "1.深化改革，新增集成服务事项20项。", "区行政审批局"}; !slices.Equal(rows[1], w) {
		t.Errorf("leader first: row 1 = %q, want %q", rows[1], w)
	}
	if w := []string{"周敏\n陆建平", "2.完成老旧小区改造12个。", "区住建局"}; !slices.Equal(rows[3], w) {
		t.Errorf("leader first: row 2 = %q, want %q", rows[3], w)
	}
	// numbers that do not run on, or an unnumbered line with a leader and
	// a unit of its own: the rows are not numbered in the text
	for name, ls := range map[string][]string{
		"jump": {
			"工作任务                       责任领导  责任单位",
			"15.推进新型工业化。            陆建平    区工信局",
			"加快数字政府建设。             梅若华    区数据局",
			"3.完成老旧小区改造12个。       周敏      区住建局",
		},
		"own row": {
			"工作任务                       责任领导  责任单位",
			"1.推进新型工业化。             陆建平    区工信局",
			"加快数字政府建设。             梅若华    区数据局",
			"2.完成老旧小区改造12个。       周敏      区住建局",
		},
	} {
		if rows, _ := spacedRows(lineBlocks(ls)); len(rows) != 4 {
			t.Errorf("%s: %d rows, want 4 (each line a row): %v", name, len(rows), rows)
		}
	}
}

// A leader column two characters wide under a header wrapped over two
// lines (责任 over 领导): its names wrap inside (陆建 / 平), and a name's
// last line that ends short of the column is followed by the next leader.
// The column's edge is its header's widest line, not the two lines joined.
func TestSpacedNarrowLeadersUnderWrappedHeader(t *testing.T) {
	lines := []string{
		"序号  工作任务                            责任  责任单位      完成时限",
		"                                          领导",
		"1     深化“一件事一次办”改革，新增集成    陆建  区行政审批局  2024年12月",
		"      服务事项20项。                      平",
		"                                          梅若",
		"                                          华",
		"2     新建5G基站300个，实现重点区域全     王芳  区工信局      2024年11月",
		"      覆盖。                              李强",
	}
	rows, _ := spacedRows(lineBlocks(lines))
	if got := rows[2][2]; got != "陆建平\n梅若华" {
		t.Errorf("row 1 leaders = %q, want 陆建平 and 梅若华", got)
	}
	if got := rows[6][2]; got != "王芳\n李强" {
		t.Errorf("row 2 leaders = %q, want 王芳 and 李强", got)
	}
}

// A line padded by GBK bytes counts “ ” — two columns: its cells start on
// the header's columns under that measure, and are read so; a line without
// them, or padded as Unicode counts, is read as before.
func TestRowPiecesGBKPadded(t *testing.T) {
	cols := []int{0, 8, 52, 64}
	gbk := "1       推进“一网通办”改革，新增“掌上办”事项    韩立群      区数据局"
	ps := rowPieces(gbk, cols)
	if len(ps) != 4 || ps[2].text != "韩立群" || ps[2].at != 52 || ps[3].at != 64 {
		t.Errorf("padded by GBK bytes: %+v", ps)
	}
	uni := "1       推进“一网通办”改革，新增“掌上办”事项        韩立群      区数据局"
	if ps := rowPieces(uni, cols); len(ps) != 4 || ps[2].at != 52 {
		t.Errorf("padded as Unicode counts: %+v", ps)
	}
}
