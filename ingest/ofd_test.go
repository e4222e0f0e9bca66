package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// ofdWriter typesets the seed onto A4 pages as OFD XML by hand: a
// CJK character advances one font size, any other half of one; text wraps
// at a cell's or the page's width; a row that does not fit the rest of a
// page is broken and goes on at the top of the next one, under the repeated
// header; borders are PathObjects; the issuer heads every page and
// `— N —` foots it, as text objects (not templates) so the reader must drop
// them itself.
type ofdWriter struct {
	pages []*strings.Builder
	y     float64 // the next line's top on the current page, mm
	id    int
}

const (
	ofdSize    = 3.7 // mm, about 10.5 pt
	ofdLine    = 5.8 // mm between baselines
	ofdLeft    = 20.0
	ofdTop     = 25.0
	ofdBottom  = 272.0
	ofdWidth   = 170.0
	ofdPadding = 1.5
)

var ofdCols = []float64{12, 100, 22, 36}

func (w *ofdWriter) page() *strings.Builder { return w.pages[len(w.pages)-1] }

func (w *ofdWriter) newPage() {
	w.pages = append(w.pages, &strings.Builder{})
	w.y = ofdTop
	w.text(ofdLeft+ofdWidth/2-6.5*ofdSize/2*1.0, 15, "杭州市余杭区人民政府办公室", 3.2)
	w.text(ofdLeft+ofdWidth/2-8, 285, fmt.Sprintf("— %d —", len(w.pages)), 3.5)
}

func advance(r rune, size float64) float64 {
	if r < 0x2E80 {
		return size / 2
	}
	return size
}

// text writes one line of text with its baseline at y.
func (w *ofdWriter) text(x, y float64, s string, size float64) {
	if s == "" {
		return
	}
	w.id++
	var deltas []string
	width := 0.0
	rs := []rune(s)
	for i, r := range rs {
		if i < len(rs)-1 {
			deltas = append(deltas, fmt.Sprintf("%.2f", advance(r, size)))
		}
		width += advance(r, size)
	}
	var esc bytes.Buffer
	xmlEscape(&esc, s)
	fmt.Fprintf(w.page(), `<ofd:TextObject ID="%d" Boundary="%.2f %.2f %.2f %.2f" Font="2" Size="%.2f"><ofd:TextCode X="0" Y="%.2f" DeltaX="%s">%s</ofd:TextCode></ofd:TextObject>`+"\n",
		w.id, x, y-size, width, size*1.4, size, size, strings.Join(deltas, " "), esc.String())
}

func (w *ofdWriter) line(x0, y0, x1, y1 float64) {
	w.id++
	fmt.Fprintf(w.page(), `<ofd:PathObject ID="%d" Boundary="%.2f %.2f %.2f %.2f" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L %.2f %.2f</ofd:AbbreviatedData></ofd:PathObject>`+"\n",
		w.id, x0, y0, max(x1-x0, 0.1), max(y1-y0, 0.1), x1-x0, y1-y0)
}

// wrap breaks text into lines no wider than width, keeping hard breaks.
func wrap(s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var cur []rune
		x := 0.0
		for _, r := range para {
			if a := advance(r, ofdSize); x+a > width && len(cur) > 0 {
				out = append(out, string(cur))
				cur, x = nil, 0
			}
			cur = append(cur, r)
			x += advance(r, ofdSize)
		}
		out = append(out, string(cur))
	}
	return out
}

func (w *ofdWriter) paragraph(s string) {
	for _, l := range wrap(s, ofdWidth) {
		if w.y+ofdLine > ofdBottom {
			w.newPage()
		}
		w.y += ofdLine
		w.text(ofdLeft, w.y, l, ofdSize)
	}
	w.y += 1.5
}

// row writes a table row, breaking it over pages; header is repeated on
// each new page.
func (w *ofdWriter) row(cells []string, header []string) {
	lines := make([][]string, len(cells))
	n := 0
	for c, s := range cells {
		lines[c] = wrap(s, ofdCols[c]-2*ofdPadding)
		n = max(n, len(lines[c]))
	}
	for from := 0; from < n; {
		room := int((ofdBottom - w.y - 2*ofdPadding) / ofdLine)
		if room < 1 {
			w.newPage()
			if header != nil {
				w.row(header, nil)
			}
			continue
		}
		to := min(n, from+room)
		top, h := w.y, float64(to-from)*ofdLine+2*ofdPadding
		x := ofdLeft
		for c := range cells {
			for i := from; i < to && i < len(lines[c]); i++ {
				w.text(x+ofdPadding, top+ofdPadding+float64(i-from+1)*ofdLine-1.2, lines[c][i], ofdSize)
			}
			w.line(x, top, x, top+h)
			x += ofdCols[c]
		}
		w.line(x, top, x, top+h)
		w.line(ofdLeft, top, x, top)
		w.line(ofdLeft, top+h, x, top+h)
		w.y = top + h
		from = to
	}
}

// seedOFD is the seed as an OFD written by hand.
func seedOFD(t testing.TB) []byte {
	doc := MustParseSeed(t)
	w := &ofdWriter{}
	w.newPage()
	for _, p := range []string{"各镇人民政府、街道办事处,区直各单位:", doc.Preamble[strings.Index(doc.Preamble, "\n")+1:],
		"附件:2018年《政府工作报告》工作任务分解表", doc.Issuer, "2018年3月18日", "附件", doc.Title} {
		w.paragraph(p)
	}
	header := []string{"序号", "重点工作任务", "牵头领导", "牵头单位"}
	w.row(header, nil)
	for _, task := range doc.Tasks {
		w.row([]string{fmt.Sprint(task.Seq), task.Text, strings.Join(task.Leaders, "\n"), strings.Join(task.Units, "、")}, header)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, content string) {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	const ns = `xmlns:ofd="http://www.ofdspec.org/2016"`
	put("OFD.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD `+ns+` Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>seed</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`)
	var pages strings.Builder
	for i := range w.pages {
		fmt.Fprintf(&pages, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, 1000+i, i)
	}
	put("Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Document `+ns+`><ofd:CommonData><ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>`+pages.String()+`</ofd:Pages></ofd:Document>`)
	put("Doc_0/PublicRes.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Res `+ns+` BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`)
	for i, p := range w.pages {
		put(fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i), `<?xml version="1.0" encoding="UTF-8"?><ofd:Page `+ns+`><ofd:Content><ofd:Layer ID="1">`+"\n"+p.String()+`</ofd:Layer></ofd:Content></ofd:Page>`)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The seed's task table, typeset over many OFD pages, gives every row once:
// the header repeated on each page is dropped and a row broken by a page is
// joined (as source's TestPositionedTableRowsOnce for the PDFs).
func TestOFDTableRowsOnce(t *testing.T) {
	src, err := Read("seed.ofd", bytes.NewReader(seedOFD(t)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	headers := 0
	for _, b := range src.Blocks {
		if b.Cells == nil {
			continue
		}
		if strings.Contains(b.Cells[0], "序") {
			headers++
			continue
		}
		if b.Cells[0] == "" {
			t.Errorf("row without a number (a page's part not joined): %q", b.Cells)
		}
		seen[b.Cells[0]]++
	}
	if headers != 1 {
		t.Errorf("%d header rows, want 1", headers)
	}
	for i := 1; i <= 83; i++ {
		if n := seen[fmt.Sprint(i)]; n != 1 {
			t.Errorf("row %d seen %d times", i, n)
		}
	}
	if len(seen) != 83 {
		t.Errorf("%d distinct rows, want 83", len(seen))
	}
}
