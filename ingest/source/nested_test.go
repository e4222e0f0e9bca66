package source

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// A Word table of groups, each row a leader's cell beside a table of the
// leader's tasks (as WPS writes a 分解表): read as one table, the outer
// header's name for the leader's column before the sub-tables' own header
// (given once), each task's row carrying its leader, vMerge inside a
// sub-table honoured. A table whose cell holds a table among plain rows is
// read as before: the inner table is its cell's text.
func TestDOCXTablesOfGroups(t *testing.T) {
	tc := func(s string) string {
		var b strings.Builder
		b.WriteString(`<w:tc>`)
		for _, p := range strings.Split(s, "\n") {
			b.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
		}
		b.WriteString(`</w:tc>`)
		return b.String()
	}
	tr := func(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }
	row := func(cells ...string) string {
		var tcs []string
		for _, c := range cells {
			tcs = append(tcs, tc(c))
		}
		return tr(tcs...)
	}
	inner := func(rows ...string) string {
		return `<w:tc><w:tbl>` + strings.Join(rows, "") + `</w:tbl><w:p/></w:tc>`
	}
	merged := `<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`
	head := row("序号", "工作任务", "牵头科室")
	body := `<w:tbl>` + row("分管领导", "重点工作任务") +
		tr(tc("李文彬\n（副主任）"), inner(head, row("1", "推进三大中心建设。", "医政医管科"), tr(tc("2"), tc("建成智慧药房5家。"), merged))) +
		tr(tc("赵敏（副主任）"), inner(head, row("3", "完成HPV疫苗接种。", "疾控科"))) +
		`</w:tbl>` +
		`<w:p><w:r><w:t>联系人：孙璐</w:t></w:r></w:p>` +
		`<w:tbl>` + row("序号", "说明") + tr(tc("1"), inner(row("甲", "乙"))) + row("2", "丙") + `</w:tbl>`
	src, err := Read("groups.docx", bytes.NewReader(docxFile(body)))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, b := range src.Blocks {
		if b.Cells != nil {
			got = append(got, b.Cells)
		} else {
			got = append(got, []string{"text", b.Text})
		}
	}
	want := [][]string{
		{"分管领导", "序号", "工作任务", "牵头科室"},
		{"李文彬\n（副主任）", "1", "推进三大中心建设。", "医政医管科"},
		{"李文彬\n（副主任）", "2", "建成智慧药房5家。", "医政医管科"},
		{"赵敏（副主任）", "3", "完成HPV疫苗接种。", "疾控科"},
		{"text", "联系人：孙璐"},
		{"序号", "说明"},
		{"1", "甲\n乙"},
		{"2", "丙"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}
