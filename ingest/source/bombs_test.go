package source

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// The bombs of issue 29: small files that describe gigabytes or hours. Each
// is built here, not kept as a fixture, and must be refused as too large
// with a Chinese message naming what was too large, having allocated a
// bounded amount (TotalAlloc, which does not depend on timing).

// refused parses data and checks the error: ETOOLARGE, its message holding
// want, and at most bound bytes allocated.
func refused(t *testing.T, data []byte, want string, bound uint64) {
	t.Helper()
	var err error
	alloc := allocated(func() { _, err = Read("bomb", bytes.NewReader(data)) })
	if ErrorCode(err) != ETOOLARGE || !strings.Contains(ErrorMessage(err), want) {
		t.Errorf("err = %v (%s), want %s saying %q", err, ErrorCode(err), ETOOLARGE, want)
	}
	if alloc > bound {
		t.Errorf("allocated %d MB reading a %d KB file (bound %d MB)", alloc>>20, len(data)>>10, bound>>20)
	}
	t.Logf("%d bytes: %d MB allocated: %v", len(data), alloc>>20, err)
}

// deflated compresses s as a FlateDecode stream holds it.
func deflated(s string) string {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// pdfFile writes objects 1..n (objs[i] is object i+1) with a classic xref
// table and a trailer rooted at object 1.
func pdfFile(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// flateStream is a stream object of s, compressed, with extra entries.
func flateStream(s, extra string) string {
	d := deflated(s)
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream", len(d), extra, d)
}

// pagePDF is a one-page PDF: content (compressed), a Helvetica /F1 and
// more objects from 6 on, with the page's XObjects xobjects.
func pagePDF(content, font, xobjects string, more ...string) []byte {
	if font == "" {
		font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << " + xobjects + " >> >> /Contents 4 0 R >>",
		flateStream(content, ""),
		font,
	}
	return pdfFile(append(objs, more...)...)
}

func TestPDFBombs(t *testing.T) {
	// a subsection header claiming a billion entries, in 266 bytes
	var xrefHeader bytes.Buffer
	xrefHeader.WriteString("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	at := xrefHeader.Len()
	xrefHeader.WriteString("xref\n1000000000 1\n0000000009 00000 n \ntrailer\n<< /Size 1000000001 /Root 1 0 R >>\n")
	fmt.Fprintf(&xrefHeader, "startxref\n%d\n%%%%EOF\n", at)

	// an xref stream whose /Size is two billion
	xrefStream := func(extra, data string) []byte {
		var b bytes.Buffer
		b.WriteString("%PDF-1.5\n")
		at := b.Len()
		fmt.Fprintf(&b, "1 0 obj\n<< /Type /XRef /Size %s /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n", extra, len(data), data)
		fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", at)
		return b.Bytes()
	}
	size := xrefStream("2000000000", "")
	predictor := xrefStream("2 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 100000000000 >>", deflated("\x02\x01\x00\x09\x00"))

	// a ToUnicode map that inflates to 30 MB
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange " +
		"100 beginbfchar\n" + strings.Repeat("<41> <4E00>\n", 30<<20/12) + "endbfchar endcmap"
	toUnicode := pagePDF("BT /F1 12 Tf 72 720 Td (A) Tj ET", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>", "", flateStream(cmap, ""))

	// a 1 KB map whose one range gives each of 2,048 codes a 60 KB
	// destination: 120 MB built from a line (65,536 codes took the
	// child to its deadline)
	rangeCMap := "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <07FF> <" +
		strings.Repeat("4E00", 30000) + "> endbfrange endcmap"
	rangeMap := pagePDF("BT /F1 12 Tf 72 720 Td <0000> Tj ET", "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>", "", flateStream(rangeCMap, ""))

	// a 5 KB page naming one font, whose 40-code range builds 3.6 MB, by
	// 300 names: each name loaded the map again (500 such pages ran to the
	// parse's deadline)
	var names, shows strings.Builder
	for i := range 300 {
		fmt.Fprintf(&names, "/F%d 5 0 R ", i)
		fmt.Fprintf(&shows, "/F%d 12 Tf <0000> Tj ", i)
	}
	fortyCMap := "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <0027> <" +
		strings.Repeat("4E00", 30000) + "> endbfrange endcmap"
	reloaded := pdfFile(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "+names.String()+">> >> /Contents 4 0 R >>",
		flateStream("BT 72 720 Td "+shows.String()+"ET", ""),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>",
		flateStream(fortyCMap, ""))

	// one 30 MB string shown by Tj
	bigString := pagePDF("BT /F1 12 Tf 72 720 Td ("+strings.Repeat("A", 30<<20)+") Tj ET", "", "")
	// fifteen million operands before one operator
	operands := pagePDF(strings.Repeat("1 ", 15_000_000)+"Tj", "", "")

	// a form calling itself fifty times a level
	selfForm := pagePDF("/X1 Do", "", "/X1 6 0 R",
		flateStream(strings.Repeat("/X1 Do ", 50), "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >>"))
	// an 8 KB file showing a 60 KB string a million times: a form shows it
	// and calls the next, fifty times a level
	showForm := pagePDF("/X1 Do", "", "/X1 6 0 R",
		flateStream("BT /F1 1 Tf ("+strings.Repeat("A", 60<<10)+") Tj ET "+strings.Repeat("/X1 Do ", 50),
			"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>"))
	// the same with codes that map to no text (an Identity-H font without
	// ToUnicode): nothing is placed, the codes are still counted
	blankForm := pagePDF("/X1 Do", "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>", "/X1 6 0 R",
		flateStream("BT /F1 1 Tf ("+strings.Repeat("A", 60<<10)+") Tj ET "+strings.Repeat("/X1 Do ", 50),
			"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>"))
	// a page of 300,000 glyphs
	crowded := pagePDF("BT /F1 1 Tf "+strings.Repeat("(AAAAAAAAAA) Tj ", 30000)+"ET", "", "")

	tests := []struct {
		name  string
		data  []byte
		want  string
		bound uint64
	}{
		{"xref subsection of a billion entries", xrefHeader.Bytes(), "交叉引用表", 16 << 20},
		{"xref stream of Size 2000000000", size, "交叉引用表", 16 << 20},
		{"predictor of 100000000000 columns", predictor, "预测器", 16 << 20},
		{"ToUnicode map of 30 MB", toUnicode, "ToUnicode", 48 << 20},
		{"ToUnicode range of 60 KB destinations", rangeMap, "ToUnicode", 48 << 20},
		{"a font named 300 times whose map builds 3.6 MB", reloaded, "ToUnicode", 512 << 20},
		// the content stream is read whole (32 MB cap) before it is run
		{"one 30 MB string in a Tj", bigString, "字符串", 160 << 20},
		{"fifteen million operands", operands, "操作数", 160 << 20},
		{"a form calling itself", selfForm, "调用过多", 160 << 20},
		{"a 60 KB string shown a million times", showForm, "文字过多", 128 << 20},
		{"a 60 KB string of codes without text shown a million times", blankForm, "显示的文字过多", 128 << 20},
		{"a page of 300,000 glyphs", crowded, "一页的文字过多", 128 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "billion") && len(tt.data) > 300 {
				t.Errorf("the file is %d bytes, want under 300", len(tt.data))
			}
			refused(t, tt.data, tt.want, tt.bound)
		})
	}
}

// docxMerged is a DOCX table whose one large cell spans span grid columns
// and, by vMerge, rows more rows.
func docxMerged(text string, span, rows int) []byte {
	header := `<w:tr>` + wordCell("序号") + wordCell("重点工作任务") + wordCell("牵头领导") + wordCell("牵头单位") + `</w:tr>`
	cell := func(merge, text string) string {
		return fmt.Sprintf(`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="%d"/><w:vMerge%s/></w:tcPr><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc></w:tr>`, span, merge, text)
	}
	return docxFile(`<w:tbl>` + header + cell(` w:val="restart"`, text) + strings.Repeat(cell("", ""), rows) + `</w:tbl>`)
}

func TestMergeBombs(t *testing.T) {
	big := strings.Repeat("推进", 62<<10/6)
	// XLSX: one 62 KB cell merged over 198,000 cells (256 × 774)
	xlsx := xlsxFile(`<sheetData><row r="1">` + inlineCells(1, big) + `</row></sheetData>` +
		`<mergeCells count="1"><mergeCell ref="A1:IV774"/></mergeCells>`)
	// DOCX: gridSpan 200 and vMerge over 990 rows
	docx := docxMerged(big, 200, 990)
	// HTML: one large cell at rowspan=990 colspan=200
	html := `<html><body><table><tr><th>序号</th><th>重点工作任务</th></tr><tr><td rowspan="990" colspan="200">` + big + `</td></tr>` +
		strings.Repeat("<tr></tr>", 989) + `</table></body></html>`
	tests := []struct {
		name string
		data []byte
	}{
		{"xlsx", xlsx},
		{"docx", docx},
		{"html", []byte(html)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "html" && len(tt.data) > 4<<10 {
				t.Errorf("the file is %d bytes, want a few KB", len(tt.data))
			}
			refused(t, tt.data, "合并单元格展开后过大", 96<<20)
		})
	}
}

// ofdFile is an OFD whose Document.xml lists pages page entries, all at
// Pages/Page_0/Content.xml, which holds content.
func ofdFile(pages int, content string) []byte {
	var list strings.Builder
	for range pages {
		list.WriteString(`<ofd:Page BaseLoc="Pages/Page_0/Content.xml"/>`)
	}
	return zipFiles(map[string]string{
		"OFD.xml": `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"Doc_0/Document.xml": `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>` +
			list.String() + `</ofd:Pages></ofd:Document>`,
		"Doc_0/Pages/Page_0/Content.xml": `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>` +
			content + `</ofd:Layer></ofd:Content></ofd:Page>`,
	})
}

func ofdText(s string) string {
	return `<ofd:TextObject Boundary="20 20 170 10" Size="3.7"><ofd:TextCode X="0" Y="3">` + s + `</ofd:TextCode></ofd:TextObject>`
}

func TestOFDBombs(t *testing.T) {
	t.Run("one 8 MB TextCode", func(t *testing.T) {
		refused(t, ofdFile(1, ofdText(strings.Repeat("任", 8<<20/3))), "过长", 48<<20)
	})
	t.Run("500 pages sharing one crowded page", func(t *testing.T) {
		refused(t, ofdFile(500, strings.Repeat(ofdText(strings.Repeat("任", 1000)), 300)), "一页的文字过多", 96<<20)
	})
	t.Run("500 pages sharing one page, the document's glyphs", func(t *testing.T) {
		refused(t, ofdFile(500, strings.Repeat(ofdText(strings.Repeat("任", 1000)), 150)), "文件中的文字过多", 320<<20)
	})
}

func TestXLSXSheetBombs(t *testing.T) {
	sheets := func(n int, sheet string) []byte {
		var list, rels strings.Builder
		for i := range n {
			fmt.Fprintf(&list, `<sheet name="S%d" sheetId="%d" r:id="rId%d"/>`, i+1, i+1, i+1)
			fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`, i+1)
		}
		files := map[string]string{}
		zr := xlsxFile(sheet)
		_ = zr
		files["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
		files["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		files["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + list.String() + `</sheets></workbook>`
		files["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
		files["xl/worksheets/sheet1.xml"] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sheet + `</worksheet>`
		return zipFiles(files)
	}
	t.Run("2,000 sheets at one sheet", func(t *testing.T) {
		refused(t, sheets(2000, `<sheetData><row r="1">`+inlineCells(1, "说明")+`</row></sheetData>`), "工作表过多", 64<<20)
	})
	t.Run("255 sheets at one sheet of 400,000 elements", func(t *testing.T) {
		refused(t, sheets(255, `<sheetData><row r="1">`+inlineCells(1, "说明")+`</row>`+strings.Repeat(`<row/>`, 400_000)+`</sheetData>`), "元素过多", 640<<20)
	})
	t.Run("600,000 shared strings where the relationships put them", func(t *testing.T) {
		files := map[string]string{}
		zr := xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "说明") + `</row></sheetData>`)
		r, _ := zip.NewReader(bytes.NewReader(zr), int64(len(zr)))
		for _, f := range r.File {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			files[f.Name] = b.String()
		}
		files["xl/_rels/workbook.xml.rels"] = strings.Replace(files["xl/_rels/workbook.xml.rels"], "</Relationships>",
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings/s.xml"/></Relationships>`, 1)
		files["xl/strings/s.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			strings.Repeat(`<si><t>a</t></si>`, 600_000) + `</sst>`
		refused(t, zipFiles(files), "共享字符串过多", 256<<20)
	})
	// excelize loads a workbook's styles whole into a struct per element:
	// a 29 KB file of 3,800,000 <xf/> took the parse child past its 1.5 GB
	// and 2,000,000 number formats past its deadline
	t.Run("a styles part of 1,000,000 formats", func(t *testing.T) {
		files := map[string]string{}
		zr := xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "说明") + `</row></sheetData>`)
		r, _ := zip.NewReader(bytes.NewReader(zr), int64(len(zr)))
		for _, f := range r.File {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			files[f.Name] = b.String()
		}
		files["xl/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>` +
			strings.Repeat(`<xf/>`, 1_000_000) + `</cellXfs></styleSheet>`
		refused(t, zipFiles(files), "元素过多", 96<<20)
	})
	t.Run("a sheet of 600,000 elements", func(t *testing.T) {
		refused(t, sheets(1, `<sheetData>`+strings.Repeat(`<row/>`, 600_000)+`</sheetData>`), "元素过多", 96<<20)
	})
}

// TestDeadlineStopsAParse: a parse under a context stops when the context
// is done, inside the reader, with the deadline's message; an ordinary
// file under a live context reads as before.
func TestDeadlineStopsAParse(t *testing.T) {
	slow := map[string][]byte{
		"ofd":  ofdFile(500, strings.Repeat(`<ofd:PathObject Boundary="0 0 10 10"><ofd:AbbreviatedData>M 0 0 L 1 1</ofd:AbbreviatedData></ofd:PathObject>`, 3000)),
		"html": []byte("<html><body>" + strings.Repeat("<p>段</p>", 400000) + "</body></html>"),
		"pdf": pagePDF("/X1 Do", "", "/X1 6 0 R",
			flateStream(strings.Repeat("1 0 0 1 0 0 cm ", 100000), "/Type /XObject /Subtype /Form /BBox [0 0 595 842]")),
	}
	for name, data := range slow {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
			defer cancel()
			_, err := ReadContext(ctx, "slow."+name, bytes.NewReader(data))
			if ErrorCode(err) != ETOOLARGE || !strings.Contains(ErrorMessage(err), "时限") {
				t.Errorf("err = %v (%s), want the deadline's %s", err, ErrorCode(err), ETOOLARGE)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := ReadContext(ctx, "x.txt", strings.NewReader("1 | 推进 | 王 | 区城管局 |")); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "取消") {
			t.Errorf("err = %v, want 读取已取消", err)
		}
	})
	t.Run("live context reads", func(t *testing.T) {
		data, err := os.ReadFile("testdata/seed_libreoffice.pdf")
		if err != nil {
			t.Fatal(err)
		}
		src, err := ReadContext(context.Background(), "seed.pdf", bytes.NewReader(data))
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		rows := 0
		for _, b := range src.Blocks {
			if b.Cells != nil {
				rows++
			}
		}
		if rows < 80 {
			t.Errorf("%d table rows, want the seed's table", rows)
		}
	})
}

// TestOwnPassBombs: the bombs a second pass over the readers found beyond
// the list (issue 29, item 8).
func TestOwnPassBombs(t *testing.T) {
	// an object stream said to lie in itself: resolve recursed until the
	// stack overflowed (fatal)
	selfStream := func() []byte {
		var b bytes.Buffer
		b.WriteString("%PDF-1.5\n")
		objStm := b.Len()
		body := "1 0 << /Type /Catalog >>"
		fmt.Fprintf(&b, "2 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(body), body)
		// entries: 0 free; 1 in stream 2; 2 in stream 2 (itself)
		rows := []byte{0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 0, 2, 0, 0, 1, 0, 0, 0, 0}
		binaryOff := fmt.Sprint(objStm)
		_ = binaryOff
		at := b.Len()
		rows = append(rows[:15], 1, byte(at>>8), byte(at), 0, 0)
		fmt.Fprintf(&b, "3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(rows), rows)
		fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", at)
		return b.Bytes()
	}()
	// a zip entry whose header claims 10 bytes and inflates to 64 MB
	lying := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		var raw bytes.Buffer
		fw, _ := flate.NewWriter(&raw, flate.BestCompression)
		fw.Write(bytes.Repeat([]byte("<w:t>任</w:t>"), 64<<20/14))
		fw.Close()
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(raw.Len()), UncompressedSize64: 10, CRC32: 0})
		w.Write(raw.Bytes())
		zw.Close()
		return buf.Bytes()
	}()
	// five thousand empty entries
	many := map[string]string{"word/document.xml": "<w:document/>"}
	for i := range 5000 {
		many[fmt.Sprintf("e/%d", i)] = ""
	}
	// a ToUnicode range of four billion codes over a one-item array
	wideRange := pagePDF("BT /F1 12 Tf 72 720 Td (A) Tj ET", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>", "",
		flateStream("begincmap 1 beginbfrange <00000000> <FFFFFFFF> [<0041>] endbfrange endcmap", ""))
	// a CID font's widths: the same 69,999 codes 80,000 times
	widths := pagePDF("BT /F1 12 Tf 72 720 Td <0041> Tj ET",
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /W ["+
			strings.Repeat("0 69998 500 ", 80000)+"] >>] >>", "")
	tests := []struct {
		name  string
		data  []byte
		code  string
		want  string
		bound uint64
	}{
		{"pdf ToUnicode range of four billion codes", wideRange, ETOOLARGE, "范围过大", 64 << 20},
		{"pdf widths over the same codes 80,000 times", widths, EINVALID, "", 256 << 20},
		{"docx of 36 MB of paragraphs", docxFile(strings.Repeat(`<w:p><w:r><w:t>`+strings.Repeat("推进", 10000)+`</w:t></w:r></w:p>`, 600)), ETOOLARGE, "文件中的文字过多", 192 << 20},
		{"docx nested 100,000 deep", docxFile(strings.Repeat("<w:x>", 100000)), ETOOLARGE, "嵌套过深", 32 << 20},
		{"docx tag of 100 KB", docxFile(`<w:p w:x="` + strings.Repeat("a", 100<<10) + `"/>`), ETOOLARGE, "过长", 32 << 20},
		{"zip entry lying about its size", lying, EINVALID, "DOCX", 48 << 20},
		{"zip of 5,000 entries", zipFiles(many), ETOOLARGE, "条目过多", 32 << 20},
		{"pdf object stream in itself", selfStream, EINVALID, "PDF", 16 << 20},
		{"pdf dict begin 100,000 times", pagePDF(strings.Repeat("0 dict begin ", 100000), "", ""), ETOOLARGE, "字典栈", 32 << 20},
		{"html nested 100,000 deep", []byte("<html><body>" + strings.Repeat("<div>", 100000)), ETOOLARGE, "嵌套过深", 64 << 20},
		{"html attribute of 6 MB", []byte("<html><body><p a=\"" + strings.Repeat("a", 6<<20) + "\">x"), ETOOLARGE, "过长", 64 << 20},
		{"utf-16 of 30,000 lines", append([]byte("\xff\xfe"), bytes.Repeat([]byte("\n\x00"), MaxBlocks+10000)...), ETOOLARGE, "行数", 32 << 20},
		// read as a line of one replacement character (no task: ingest
		// refuses it), within its bound
		{"utf-16 cut in a character", []byte("\xff\xfe\x00\xd8\x00"), "", "", 8 << 20},
		{"gbk that is not", append([]byte("\xb0\xa1"), bytes.Repeat([]byte("\x81\x30\xff"), 1<<20)...), EINVALID, "编码", 64 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			alloc := allocated(func() { _, err = Read("bomb", bytes.NewReader(tt.data)) })
			if ErrorCode(err) != tt.code || !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("err = %v (%s), want %s saying %q", err, ErrorCode(err), tt.code, tt.want)
			}
			if alloc > tt.bound {
				t.Errorf("allocated %d MB reading a %d KB file (bound %d MB)", alloc>>20, len(tt.data)>>10, tt.bound>>20)
			}
			t.Logf("%d bytes: %d MB allocated: %v", len(tt.data), alloc>>20, err)
		})
	}
}
