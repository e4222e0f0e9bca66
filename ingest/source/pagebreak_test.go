package source

import (
	"slices"
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

// A leader merged over the last three rows of a page, and a section's
// heading in one cell across the table at the top of the next (a table
// LibreOffice printed): the heading is no part of the merged cell, which
// ends at the page's foot; the rows under the heading have their own
// leader.
func TestSectionRowAfterMergeOverPage(t *testing.T) {
	xs := []float64{40, 80, 250, 316, 480}
	header := func(gs []glyph, g *drawing, top float64) []glyph {
		gs = putGlyphs(gs, "序号", 44, top+14)
		gs = putGlyphs(gs, "重点任务", 84, top+14)
		gs = putGlyphs(gs, "领导", 256, top+14)
		gs = putGlyphs(gs, "责任单位", 320, top+14)
		g.h(40, 480, top)
		g.h(40, 480, top+20)
		g.row(top, top+20, xs...)
		return gs
	}
	var g1, g2 drawing
	p1 := header(nil, &g1, 700)
	for i, r := range [][2]string{{"4", "甲。"}, {"5", "乙。"}, {"6", "丙。"}} {
		y := 720 + 20*float64(i)
		p1 = putGlyphs(p1, r[0], 56, y+14)
		p1 = putGlyphs(p1, r[1], 84, y+14)
		p1 = putGlyphs(p1, "区交通局", 320, y+14)
		g1.row(y, y+20, xs...)
		if i < 2 {
			// the leader's cell merged over the three rows
			g1.h(40, 250, y+20)
			g1.h(316, 480, y+20)
		} else {
			g1.h(40, 480, y+20)
		}
	}
	p1 = putGlyphs(p1, "许振华", 256, 754)
	p2 := header(nil, &g2, 60)
	p2 = putGlyphs(p2, "三、自然灾害", 44, 94)
	g2.row(80, 100, 40, 480) // one cell across the table
	g2.h(40, 480, 100)
	p2 = putGlyphs(p2, "7", 56, 114)
	p2 = putGlyphs(p2, "丁。", 84, 114)
	p2 = putGlyphs(p2, "宋景明", 256, 114)
	p2 = putGlyphs(p2, "区水利局", 320, 114)
	g2.row(100, 120, xs...)
	g2.h(40, 480, 120)
	var rows [][]string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: p1, rules: g1.rules}, {width: 595, height: 842, glyphs: p2, rules: g2.rules}}) {
		if b.Cells != nil {
			rows = append(rows, b.Cells)
		}
	}
	want := [][]string{
		{"序号", "重点任务", "领导", "责任单位"},
		{"4", "甲。", "许振华", "区交通局"},
		{"5", "乙。", "许振华", "区交通局"},
		{"6", "丙。", "许振华", "区交通局"},
		{"三、自然灾害", "三、自然灾害", "三、自然灾害", "三、自然灾害"},
		{"7", "丁。", "宋景明", "区水利局"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}
