package source

import (
	"slices"
	"testing"
)

// Chinese line breaking in a PDF's paragraphs: a line may not open with a
// comma, so the typesetter carries the last character down with it (…第一
// 个单位牵 / 头，其余单位配合) and the line above stops short of the edge:
// still one paragraph. A numbered heading after a line that ran to the edge
// and closed with the colon announcing it (…通知如下：/ 一、…) starts a
// paragraph of its own. A line that stops short before any other line
// ends its paragraph.
func TestPDFParagraphsAcrossLineBreakingRules(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	// the column runs from 72 to 432: thirty characters of 12 points
	put("各项工作均由括号中第一个单位牵头其余单位配合甲乙丙丁戊己", 96, 100) // to 432
	put("庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙牵", 72, 120) // to 408: 头 carried down
	put("头，其余单位配合。", 72, 140)
	put("经区政府研究，现将领办任务及责任分工通知如下甲乙丙丁戊：", 96, 170) // to 432
	put("一、副区长张三牵头", 72, 190)
	put("推进甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙", 96, 220) // to 408
	put("丁戊己。", 72, 240)
	var got []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs}}) {
		got = append(got, b.Text)
	}
	want := []string{
		"各项工作均由括号中第一个单位牵头其余单位配合甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙牵头，其余单位配合。",
		"经区政府研究，现将领办任务及责任分工通知如下甲乙丙丁戊：",
		"一、副区长张三牵头",
		"推进甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙",
		"丁戊己。",
	}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs\n%q\nwant\n%q", got, want)
	}
}
