package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/duban/duban/internal/officetest"
)

// A title broken over lines inside one paragraph (<br>, Word's <w:br/>)
// is one line: the documents' list prints one document a line, and the
// scorer and the CLI read it so.
func TestTitleBrokenOverLinesIsOneLine(t *testing.T) {
	row := func(cells ...string) string {
		var b strings.Builder
		for _, c := range cells {
			b.WriteString(officetest.WordCell(c))
		}
		return "<w:tr>" + b.String() + "</w:tr>"
	}
	body := `<w:p><w:r><w:t>桐岭县2024年度乡村振兴</w:t><w:br/><w:t>目标管理责任书</w:t></w:r></w:p>` +
		`<w:tbl>` + row("序号", "重点任务", "牵头单位") + row("1", "新建高标准农田2.5万亩。", "县农业农村局") + `</w:tbl>`
	doc, err := Parse("t.docx", bytes.NewReader(officetest.DOCX(body)))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "桐岭县2024年度乡村振兴目标管理责任书" {
		t.Errorf("title %q", doc.Title)
	}
	for in, want := range map[string]string{
		"A\nB":              "A B",
		"关于印发\r\n  的通知":     "关于印发的通知",
		"2024 Work\nPlan 甲": "2024 Work Plan 甲",
		"一行":                "一行",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
