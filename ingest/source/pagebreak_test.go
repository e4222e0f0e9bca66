package source

import (
	"strings"
	"testing"
)

// putSized lays s out on a line at (x, y) in glyphs of the given size.
func putSized(gs []glyph, s string, x, y, size float64) []glyph {
	for i, r := range []rune(s) {
		gs = append(gs, glyph{x: x + size*float64(i), y: y, w: size, size: size, s: string(r)})
	}
	return gs
}

// A table in 9 pt that ends at the foot of a page, and the body going on
// at the top of the next page in 14 pt (三、工作要求, a browser's print): the
// heading is a line of its own, never the last cell's text. On one page a
// cell's line in another size (a key line in a smaller type) stays the
// cell's.
func TestBodyAfterTableOnNextPage(t *testing.T) {
	var p1, p2 []glyph
	p1 = putSized(p1, "序号", 50, 100, 9)
	p1 = putSized(p1, "重点任务", 120, 100, 9)
	p1 = putSized(p1, "牵头单位", 400, 100, 9)
	p1 = putSized(p1, "1", 50, 120, 9)
	p1 = putSized(p1, "推行企业开办一网通办。", 120, 120, 9)
	p1 = putSized(p1, "市市场监管局", 400, 120, 9)
	p1 = putSized(p1, "限时办结", 120, 131, 7)
	p1 = putSized(p1, "2", 50, 800, 9)
	p1 = putSized(p1, "开展营商环境体验官活动。", 120, 800, 9)
	p1 = putSized(p1, "市营商环境建设局", 400, 800, 9)
	p2 = putSized(p2, "三、工作要求", 120, 50, 14)
	p2 = putSized(p2, "（一）加强组织领导。各牵头单位要制定具体推进措施。", 68, 87, 14)
	var rows, text []string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: p1}, {width: 595, height: 842, glyphs: p2}}) {
		if b.Cells != nil {
			rows = append(rows, strings.Join(b.Cells, " | "))
		} else {
			text = append(text, b.Text)
		}
	}
	want := []string{"序号 | 重点任务 | 牵头单位", "1 | 推行企业开办一网通办。\n限时办结 | 市市场监管局", "2 | 开展营商环境体验官活动。 | 市营商环境建设局"}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
	if len(text) == 0 || text[0] != "三、工作要求" {
		t.Errorf("text after the table %q", text)
	}
}
