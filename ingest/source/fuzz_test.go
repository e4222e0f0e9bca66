package source

import (
	"bytes"
	"os"
	"testing"
)

// fuzzRead reads data: whatever it holds, Read neither panics nor fails
// with an untyped error, and what it builds is within MaxBuiltBytes.
func fuzzRead(t *testing.T, data []byte) {
	src, err := Read("fuzz", bytes.NewReader(data))
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			t.Fatalf("untyped error: %v", err)
		}
		return
	}
	var built int64
	for _, b := range src.Blocks {
		built += int64(len(b.Text))
		for _, c := range b.Cells {
			built += int64(len(c))
		}
	}
	if built > MaxBuiltBytes {
		t.Fatalf("%d bytes built, over MaxBuiltBytes", built)
	}
}

// FuzzPDF feeds any bytes that start like a PDF to Read.
func FuzzPDF(f *testing.F) {
	f.Add(tinyPDF("BT /F1 12 Tf 72 700 Td (序号) Tj ET", ""))
	f.Add(tinyPDF("0 0 m 100 0 l S BT /F1 12 Tf 72 700 Td [(a) -300 (b)] TJ ET", "self"))
	if data, err := os.ReadFile("testdata/nocopy_libreoffice.pdf"); err == nil {
		f.Add(data[:min(len(data), 64<<10)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, append([]byte("%PDF-1.4\n"), data...))
	})
}

// FuzzPDFContent fuzzes a page's content stream in a well-formed PDF: the
// interpreter, the text state and the rules.
func FuzzPDFContent(f *testing.F) {
	f.Add("BT /F1 12 Tf 72 700 Td (No. Task Unit) Tj 0 -14 Td [(1) -4000 (Build) -3000 (Office)] TJ ET")
	f.Add("q 1 0 0 1 10 10 cm 0 0 500 0.5 re f 72 690 m 500 690 l S Q BT /F1 12 Tf 2 0 0 2 0 0 Tm 3 Tz 1 Tc 2 Tw 14 TL T* (x) ' 1 2 (y) \" ET")
	f.Add("BT /F1 1e308 Tf 1e308 1e308 Td (x) Tj ET /Im1 Do BI /W 1 ID x EI")
	f.Fuzz(func(t *testing.T, content string) {
		fuzzRead(t, tinyPDF(content, ""))
	})
}
