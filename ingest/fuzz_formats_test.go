package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"
)

// FuzzPDF feeds any bytes that start like a PDF to Read and Parse.
func FuzzPDF(f *testing.F) {
	f.Add(tinyPDF("BT /F1 12 Tf 72 700 Td (序号) Tj ET", ""))
	f.Add(tinyPDF("0 0 m 100 0 l S BT /F1 12 Tf 72 700 Td [(a) -300 (b)] TJ ET", "self"))
	if data, err := os.ReadFile("testdata/nocopy_libreoffice.pdf"); err == nil {
		f.Add(data[:min(len(data), 64<<10)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzParse(t, append([]byte("%PDF-1.4\n"), data...))
	})
}

// FuzzPDFContent fuzzes a page's content stream in a well-formed PDF: the
// interpreter, the text state and the rules.
func FuzzPDFContent(f *testing.F) {
	f.Add("BT /F1 12 Tf 72 700 Td (No. Task Unit) Tj 0 -14 Td [(1) -4000 (Build) -3000 (Office)] TJ ET")
	f.Add("q 1 0 0 1 10 10 cm 0 0 500 0.5 re f 72 690 m 500 690 l S Q BT /F1 12 Tf 2 0 0 2 0 0 Tm 3 Tz 1 Tc 2 Tw 14 TL T* (x) ' 1 2 (y) \" ET")
	f.Add("BT /F1 1e308 Tf 1e308 1e308 Td (x) Tj ET /Im1 Do BI /W 1 ID x EI")
	f.Fuzz(func(t *testing.T, content string) {
		fuzzParse(t, tinyPDF(content, ""))
	})
}

// FuzzOFDPage fuzzes a page's Content.xml inside a well-formed OFD.
func FuzzOFDPage(f *testing.F) {
	seed := seedOFD(f)
	zr, _ := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	rc, _ := zr.Open("Doc_0/Pages/Page_1/Content.xml")
	var page bytes.Buffer
	page.ReadFrom(rc)
	f.Add(page.String())
	f.Add(`<ofd:Page><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 1e300 1" Size="-3" CTM="0 0 0 0 0 0"><ofd:TextCode X="NaN" Y="1" DeltaX="g 999999999 1">序号 重点工作任务 牵头单位</ofd:TextCode></ofd:TextObject><ofd:PathObject Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 1 0 C B 1 Q A</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer></ofd:Content></ofd:Page>`)
	f.Fuzz(func(t *testing.T, content string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			w, _ := zw.Create(zf.Name)
			if zf.Name == "Doc_0/Pages/Page_1/Content.xml" {
				w.Write([]byte(content))
				continue
			}
			r, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			w.Write(b.Bytes())
		}
		zw.Close()
		fuzzParse(t, buf.Bytes())
	})
}
