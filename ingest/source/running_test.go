package source

import (
	"fmt"
	"slices"
	"testing"
)

// Only the lines at a page's edge, outside drawn cells, go as running
// headers and footers. The last line of a wrapped cell (亿元。) stands in
// the bottom band of every page at the same height, and a stacked 2019
// reads like a page number, but borders box them; a short line (月底) at a
// different height on each page repeats no running line; and what stands
// between the body and the edge goes (the issuer, the page number).
func TestRunningLinesAtTheEdge(t *testing.T) {
	line := func(s string, x, y float64) []glyph {
		var gs []glyph
		for i, r := range []rune(s) {
			gs = append(gs, glyph{x: x + 10*float64(i), y: y, w: 10, size: 10, s: string(r)})
		}
		return gs
	}
	var pages []layoutPage
	for i := 1; i <= 3; i++ {
		var gs []glyph
		gs = append(gs, line("青禾县人民政府办公室", 100, 40)...)
		gs = append(gs, line(fmt.Sprintf("正文第%d页。", i), 100, 400)...)
		gs = append(gs, line("亿元。", 100, 740)...)
		gs = append(gs, line("2019", 100, 755)...)
		gs = append(gs, line("月底", 100, 770+4*float64(i))...)
		gs = append(gs, line(fmt.Sprintf("— %d —", i), 280, 810)...)
		// one cell's borders around 亿元。 and 2019
		rules := []rule{{90, 700, 90, 760}, {300, 700, 300, 760}, {90, 700, 300, 700}, {90, 760, 300, 760}}
		pages = append(pages, layoutPage{width: 595, height: 842, glyphs: gs, rules: rules})
	}
	var lines []*pline
	for i, p := range pages {
		lines = append(lines, pageLines(i, p)...)
	}
	dropRunningLines(lines, pages)
	var kept, dropped []string
	for _, l := range lines {
		if l.page != 1 {
			continue
		}
		if l.dropped {
			dropped = append(dropped, l.text())
		} else {
			kept = append(kept, l.text())
		}
	}
	if want := []string{"正文第2页。", "亿元。", "2019", "月底"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
	if want := []string{"青禾县人民政府办公室", "— 2 —"}; !slices.Equal(dropped, want) {
		t.Errorf("dropped %q, want %q", dropped, want)
	}
}
