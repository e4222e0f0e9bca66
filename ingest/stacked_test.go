package ingest

import (
	"slices"
	"testing"
)

// A web page printed to PDF with narrow columns: the header's names come
// stacked over three rows and a loose character; read together they head
// the table, and its rows are a notice's tasks.
func TestStackedHeaderPrintedFromPage(t *testing.T) {
	row := func(line int, cells ...string) block {
		return block{line: line, row: true, table: 1, cells: cells}
	}
	blocks := []block{
		{line: 1, text: "2019年区政府工作报告重点工作任务分解表"},
		row(2, "序", "", "牵头", "", "", "完成"),
		row(3, "", "重点工作任务", "", "牵头单位", "配合单位", ""),
		row(4, "号", "", "领", "", "", "时限"),
		{line: 5, text: "导"},
		row(6, "1", "新建学校2所。", "王建国", "区教育局", "区财政局", "2019年9月底"),
		row(7, "2", "新增就业3000人。", "王建国", "区人社局", "", ""),
	}
	joined := joinStackedHeaders(blocks)
	want := []string{"序号", "重点工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限"}
	if len(joined) != 4 || !slices.Equal(joined[1].cells, want) {
		t.Fatalf("header %q (blocks %d)", joined[1].cells, len(joined))
	}
	r := readByHeader(joined, Notice{Source: "x.pdf"})
	if r == nil || len(r.doc.Tasks) != 2 {
		t.Fatalf("reading %+v", r)
	}
	if tk := r.doc.Tasks[0]; !slices.Equal(tk.Leaders, []string{"王建国"}) || !slices.Equal(tk.Units, []string{"区教育局"}) || tk.Deadline != "2019年9月底" {
		t.Errorf("task 1 %+v", tk)
	}
	// rows of text are never stacked into a header
	plain := []block{row(1, "1", "新建学校2所。", "王建国"), row(2, "2", "新增就业。", "李华")}
	if got := joinStackedHeaders(plain); len(got) != 2 {
		t.Errorf("rows joined: %+v", got)
	}
}

// A leader's name in a narrow merged cell, printed one character per line,
// comes split over rows (王建, then 国 carried down the merge): mended.
func TestStackedNameMended(t *testing.T) {
	row := func(line int, cells ...string) block {
		return block{line: line, row: true, table: 1, cells: cells}
	}
	blocks := []block{
		row(1, "序号", "重点工作任务", "牵头领导", "牵头单位"),
		row(2, "1", "新建学校2所。", "王建", "区教育局"),
		row(3, "2", "新增就业3000人。", "国", "区人社局"),
		row(4, "3", "建成公园2个。", "国", "区城管局"),
		row(5, "4", "改造道路3条。", "李华", "区住建局"),
	}
	r := readByHeader(blocks, Notice{Source: "x.pdf"})
	if r == nil || len(r.doc.Tasks) != 4 {
		t.Fatalf("reading %+v", r)
	}
	for i, want := range []string{"王建国", "王建国", "王建国", "李华"} {
		if got := r.doc.Tasks[i].Leaders; !slices.Equal(got, []string{want}) {
			t.Errorf("task %d leaders %q, want %s", i+1, got, want)
		}
	}
}
