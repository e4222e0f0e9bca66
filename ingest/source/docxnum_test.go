package source

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/duban/duban/internal/officetest"
)

// A paragraph numbered by Word gets the number Word shows before its text:
// counted per list and level, a deeper level restarting after a higher one
// (unless lvlRestart says 0), isLgl writing the higher levels in decimal,
// startOverride honoured, a paragraph numbered by its style (or the one it
// is based on) unless its own numPr says numId 0, bullets and lists
// numbering.xml does not define left without a number, cells numbered too.
func TestDOCXAutomaticNumbering(t *testing.T) {
	li := func(num, lvl int, s string) string {
		return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, lvl, num, s)
	}
	lvl := func(i, start int, format, text, extra string) string {
		return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>%s<w:lvlText w:val="%s"/></w:lvl>`, i, start, format, extra, text)
	}
	numbering := `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="7">` + lvl(0, 1, "chineseCounting", "%1、", "") + lvl(1, 1, "chineseCounting", "（%2）", "") +
		lvl(2, 1, "decimal", "%1.%3", `<w:lvlRestart w:val="0"/><w:isLgl/>`) + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="8">` + lvl(0, 1, "bullet", "●", "") + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="9">` + lvl(0, 1, "decimalEnclosedCircle", "%1", "") + `</w:abstractNum>` +
		`<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>` +
		`<w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>` +
		`<w:num w:numId="5"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/></w:lvlOverride></w:num>` +
		`<w:num w:numId="6"><w:abstractNumId w:val="9"/></w:num>` +
		`<w:abstractNum w:abstractNumId="10">` + lvl(0, 1, "decimal", "%1)", "") + `</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="10"/></w:num></w:numbering>`
	styles := `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:style w:type="paragraph" w:styleId="ListNumber"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="ListNumber"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style></w:styles>`
	styled := func(style, numPr, s string) string {
		return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + numPr + `</w:pPr><w:r><w:t>` + s + `</w:t></w:r></w:p>`
	}
	var body string
	for i := 0; i < 11; i++ {
		body += li(3, 1, fmt.Sprint("甲", i))
	}
	body += li(3, 0, "乙") + li(3, 1, "丙") + li(3, 2, "丁") + li(3, 0, "戊") + li(3, 2, "己") +
		li(4, 0, "要点") + li(99, 0, "无定义") + li(5, 0, "续") + li(0, 0, "不编号") +
		`<w:tbl><w:tr>` + `<w:tc>` + li(6, 0, "格一") + li(6, 0, "格二") + `</w:tc></w:tr></w:tbl>` +
		styled("ListNumber", "", "样式一") + styled("Item", "", "样式二") + styled("ListNumber", `<w:numPr><w:numId w:val="0"/></w:numPr>`, "关闭") + styled("Loop", "", "循环")
	data := officetest.Zip(map[string]string{
		"word/document.xml":  `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
		"word/numbering.xml": numbering,
		"word/styles.xml":    styles,
	})
	src, err := Read("n.docx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range src.Blocks {
		if b.Cells != nil {
			got = append(got, b.Cells...)
		} else {
			got = append(got, b.Text)
		}
	}
	want := []string{"（一）甲0", "（二）甲1", "（三）甲2", "（四）甲3", "（五）甲4", "（六）甲5", "（七）甲6", "（八）甲7", "（九）甲8", "（十）甲9", "（十一）甲10",
		"一、乙", "（一）丙", "1.1 丁", "二、戊", "2.2 己",
		"要点", "无定义", "十一、续", "不编号", "①格一\n②格二", "1)样式一", "2)样式二", "关闭", "循环"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}
