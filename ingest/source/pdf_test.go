package source

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// tinyPDF builds a one-page PDF whose content stream is content, with a
// WinAnsi Helvetica as /F1, and xref offsets computed; prev, when not
// empty, is written as the trailer's /Prev.
func tinyPDF(content, prev string) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	if prev == "self" {
		prev = fmt.Sprint(xref)
	}
	if prev != "" {
		prev = " /Prev " + prev
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, prev, xref)
	return b.Bytes()
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPDFRejects(t *testing.T) {
	seed := mustRead(t, "testdata/seed_chromium.pdf")
	tests := []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"scan without a text layer", mustRead(t, "testdata/scan_chromium.pdf"), EINVALID, "扫描件"},
		{"open password", mustRead(t, "testdata/locked_libreoffice.pdf"), EINVALID, "密码"},
		{"truncated", seed[:len(seed)/2], EINVALID, "PDF"},
		{"no text and no image", tinyPDF("0 0 m 100 100 l S", ""), EINVALID, "没有文字"},
		{"xref that loops back on itself", tinyPDF("BT /F1 12 Tf 72 700 Td (x) Tj ET", "self"), EINVALID, "循环"},
		{"content stream of garbage", tinyPDF("BT ] ] >> /F1 Tf (x) TJ ET [[[ <<", ""), EINVALID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("x.pdf", bytes.NewReader(tt.data))
			if ErrorCode(err) != tt.code || !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("err = %v (%s), want %s with %q", err, ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

// A task table that runs over many pages gives every row once: the header
// repeated on each page is dropped, and a row broken by a page (task 24 in
// the Chromium print, several in the OFD: package ingest's
// TestOFDTableRowsOnce) is joined, not split in two.
func TestPositionedTableRowsOnce(t *testing.T) {
	for name, data := range map[string][]byte{
		"chromium pdf":    mustRead(t, "testdata/seed_chromium.pdf"),
		"libreoffice pdf": mustRead(t, "testdata/seed_libreoffice.pdf"),
	} {
		t.Run(name, func(t *testing.T) {
			src, err := Read(name, bytes.NewReader(data))
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
		})
	}
}

func TestRunningHeadersAndFooters(t *testing.T) {
	line := func(s string, y float64) []glyph {
		var gs []glyph
		for i, r := range []rune(s) {
			gs = append(gs, glyph{x: 100 + 10*float64(i), y: y, w: 10, size: 10, s: string(r)})
		}
		return gs
	}
	var pages []layoutPage
	for i := 1; i <= 3; i++ {
		var gs []glyph
		gs = append(gs, line("杭州市人民政府办公室", 40)...)
		gs = append(gs, line("一段正文排满了这一行,接着", 380)...)
		gs = append(gs, line(fmt.Sprintf("写到第%d页。", i), 400)...)
		gs = append(gs, line(fmt.Sprintf("— %d —", i), 810)...)
		pages = append(pages, layoutPage{width: 595, height: 842, glyphs: gs})
	}
	// A page number alone on a one-page document goes too; the issuer's
	// name once, mid-page, stays.
	one := append(line("杭州市人民政府办公室", 400), line("第1页 共1页", 820)...)
	pages = append(pages, layoutPage{width: 595, height: 842, glyphs: one})
	var texts []string
	for _, b := range layoutBlocks(pages) {
		texts = append(texts, b.Text)
	}
	want := []string{"一段正文排满了这一行,接着写到第1页。", "一段正文排满了这一行,接着写到第2页。",
		"一段正文排满了这一行,接着写到第3页。", "杭州市人民政府办公室"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("blocks %q, want %q", texts, want)
	}
}

func TestJoinCellLines(t *testing.T) {
	line := func(text string, right, first float64) cellLine {
		return cellLine{text: text, right: right, first: first, avail: 100, size: 10}
	}
	tests := []struct {
		name  string
		lines []cellLine
		want  string
	}{
		{"wrapped Chinese", []cellLine{line("推进国家", 95, 10), line("级项目", 30, 10)}, "推进国家级项目"},
		{"names each on a line", []cellLine{line("祝振伟", 30, 10), line("陈夏林", 30, 10)}, "祝振伟\n陈夏林"},
		{"a number that did not fit", []cellLine{line("增长", 80, 10), line("10%", 30, 25)}, "增长10%"},
		{"Latin words", []cellLine{line("smart", 95, 20), line("city", 40, 20)}, "smart city"},
		// a column four characters wide (its header 牵头县领 / 导 reached
		// 40), its borders' padding taking the rest: a name of three
		// with room for a fourth beside it is the author's break
		{"a name that just fits beside another", []cellLine{
			{text: "牵头县领", left: 0, right: 40, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
			{text: "导", left: 0, right: 10, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
			{text: "孙雅琴", left: 0, right: 30, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
			{text: "邓一鸣", left: 0, right: 30, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
		}, "牵头县领导\n孙雅琴\n邓一鸣"},
		// centred in the column: as wide as the widest line, or not
		{"centred names", []cellLine{
			{text: "孙雅琴", left: 5, right: 35, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
			{text: "邓一鸣", left: 5, right: 35, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
		}, "孙雅琴\n邓一鸣"},
		{"centred text that wrapped", []cellLine{
			{text: "推进国家", left: 0, right: 40, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
			{text: "级", left: 15, right: 25, first: 10, avail: 42, size: 10, reached: 40, widest: 40},
		}, "推进国家级"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &prow{cells: [][]cellLine{tt.lines}}
			if got := r.cell(0); got != tt.want {
				t.Errorf("cell = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFoldRadicals(t *testing.T) {
	if got := foldRadicals("\u2F08\u2EA0政府，\u6236籍，ＡＢ"); got != "人民政府，户籍，ＡＢ" {
		t.Errorf("foldRadicals = %q", got)
	}
	// the two-em dash glyph is the two dashes typed (a co-unit written
	// —— names nobody)
	if got := foldRadicals("\u2E3A"); got != "——" {
		t.Errorf("two-em dash = %q", got)
	}
}

// objStmPDF builds a PDF 1.5 whose catalog and page tree stand in an
// object stream (uncompressed) holding objStm after its header, with an
// xref stream; the page's content is content.
func objStmPDF(objStm, content string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	offs := map[int]int{}
	obj := func(n int, s string) {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, s)
	}
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	obj(4, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	header := "1 0 2 40 "
	body := fmt.Sprintf("%-40s%s", "<< /Type /Catalog /Pages 2 0 R >>", objStm)
	obj(5, fmt.Sprintf("<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n%s%s\nendstream", len(header), len(header)+len(body), header, body))
	xref := b.Len()
	var rows bytes.Buffer
	row := func(typ byte, a uint32, c uint16) {
		rows.Write([]byte{typ, byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a), byte(c >> 8), byte(c)})
	}
	row(0, 0, 65535)
	row(2, 5, 0)
	row(2, 5, 1)
	row(1, uint32(offs[3]), 0)
	row(1, uint32(offs[4]), 0)
	row(1, uint32(offs[5]), 0)
	row(1, uint32(xref), 0)
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", rows.Len())
	b.Write(rows.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// An object stream that ends inside an unclosed hex string made the PDF
// library's lexer loop for ever (fixed in third_party/pdf); Read returns,
// refusing it like any other damaged PDF or with the text it could read
// (which then holds no task: package ingest refuses it).
func TestPDFObjectStreamEndingInAHexString(t *testing.T) {
	good := objStmPDF("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "BT /F1 12 Tf 72 700 Td (x) Tj ET")
	if _, err := Read("good.pdf", bytes.NewReader(good)); err != nil && !strings.Contains(ErrorMessage(err), "没有文字") && ErrorCode(err) != EINVALID {
		t.Fatalf("the well-formed object stream PDF: %v", err)
	}
	bad := objStmPDF("<< /Type /Pages /Kids [3 0 R] /Count 1 /X <", "BT /F1 12 Tf 72 700 Td (x) Tj ET")
	src, err := Read("bad.pdf", bytes.NewReader(bad))
	switch {
	case err != nil && ErrorCode(err) != EINVALID:
		t.Errorf("err = %v (%s), want invalid", err, ErrorCode(err))
	case err == nil && (len(src.Blocks) != 1 || src.Blocks[0].Text != "x"):
		t.Errorf("blocks %+v, want the page's one line x", src.Blocks)
	}
}

// A bordered table whose narrow last column's header wraps (完成时 / 限) and
// whose cells stand closer than a character to their neighbours: the inner
// vertical rules give the column, and the header's first line joins it.
func TestRuledNarrowColumn(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("序号", 58, 490)
	put("工作任务", 170, 490)
	put("牵头单位", 316, 490)
	put("配合单位", 404, 490)
	put("完成时", 486, 481)
	put("限", 498, 500)
	put("1", 70, 540)
	put("完成河湖整治问题销号85处。", 94, 540)
	put("县水利局", 316, 540)
	put("县林业局、各乡", 384, 533)
	put("镇人民政府", 384, 548)
	put("年底前", 480, 540)
	var rules []rule
	for _, x := range []float64{50, 90, 300, 380, 476, 532} {
		rules = append(rules, rule{x, 463, x, 509}, rule{x, 509, x, 573})
	}
	for _, y := range []float64{463, 509, 573} {
		rules = append(rules, rule{50, y, 532, y})
	}
	var rows [][]string
	for _, b := range layoutBlocks([]layoutPage{{width: 595, height: 842, glyphs: gs, rules: rules}}) {
		if b.Cells != nil {
			rows = append(rows, b.Cells)
		}
	}
	if len(rows) != 2 {
		t.Fatalf("rows %q, want a header and one row", rows)
	}
	if want := []string{"序号", "工作任务", "牵头单位", "配合单位", "完成时限"}; !slices.Equal(rows[0], want) {
		t.Errorf("header %q, want %q", rows[0], want)
	}
	if len(rows[1]) != 5 || rows[1][3] != "县林业局、各乡镇人民政府" || rows[1][4] != "年底前" {
		t.Errorf("row %q", rows[1])
	}
}

// A table with rules between its rows but no inner borders, whose header
// letters stack one per line (牵/头/领/导, 序/号, 完成/时限): the line that
// opens it shows three of its six columns, and the columns are where no
// line of the table has text.
func TestColumnsWhereNoLineHasText(t *testing.T) {
	var gs []glyph
	put := func(s string, x, y float64) { gs = putGlyphs(gs, s, x, y) }
	put("牵", 368, 300)
	put("序", 35, 318)
	put("头", 368, 318)
	put("完成", 552, 318)
	put("重点工作任务", 52, 327)
	put("牵头单位", 391, 327)
	put("配合单位", 472, 327)
	put("号", 35, 336)
	put("领", 368, 336)
	put("时限", 552, 336)
	put("导", 368, 354)
	put("1", 35, 380)
	put("建设城市书房5个。", 52, 380)
	put("王", 368, 380)
	put("县文化局", 391, 380)
	put("县财政局", 472, 380)
	put("6月", 552, 380)
	put("2", 35, 420)
	put("送戏下乡200场。", 52, 420)
	put("李", 368, 420)
	put("县文化局", 391, 420)
	var rules []rule
	for _, y := range []float64{285, 362, 400, 440} {
		rules = append(rules, rule{33, y, 578, y})
	}
	rows := tableRows(t, gs, rules)
	want := [][]string{
		{"序号", "重点工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限"},
		{"1", "建设城市书房5个。", "王", "县文化局", "县财政局", "6月"},
		{"2", "送戏下乡200场。", "李", "县文化局", "", ""},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}
