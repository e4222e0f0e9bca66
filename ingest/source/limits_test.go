package source

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"github.com/duban/duban/internal/officetest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// limitFixtures are the small files that once took the process down (a few
// kilobytes describing gigabytes of cells). They are written to testdata by
// go test -run TestLimitFixtures -update and checked to match this code.
func limitFixtures() map[string][]byte {
	header := `<tr><th>序号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th></tr>`
	var spans strings.Builder
	spans.WriteString(`<html><body><table>` + header)
	for i := range 100 {
		fmt.Fprintf(&spans, `<tr><td rowspan="1000" colspan="1000">%d</td></tr>`, i+1)
	}
	spans.WriteString(`</table></body></html>`)

	docxRow := func(cells int, props string) string {
		var b strings.Builder
		b.WriteString(`<w:tr>`)
		for i := range cells {
			fmt.Fprintf(&b, `<w:tc><w:tcPr>%s</w:tcPr><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc>`, props, i)
		}
		b.WriteString(`</w:tr>`)
		return b.String()
	}
	docxHeader := `<w:tr>` + wordCell("序号") + wordCell("重点工作任务") + wordCell("牵头领导") + wordCell("牵头单位") + `</w:tr>`
	gridSpan := docxFile(`<w:tbl>` + docxHeader + docxRow(1000, `<w:gridSpan w:val="1000"/>`) + `</w:tbl>`)
	bigText := docxFile(`<w:tbl>` + docxHeader + `<w:tr>` + wordCell("1") + wordCell(strings.Repeat("任", 1<<20)) + `</w:tr></w:tbl>`)

	merge := xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "序号", "重点工作任务", "牵头领导", "牵头单位") + `</row></sheetData>` +
		`<mergeCells count="1"><mergeCell ref="A1:ALM100000"/></mergeCells>`)
	var far strings.Builder
	far.WriteString(`<sheetData><row r="1">` + inlineCells(1, "序号", "重点工作任务", "牵头领导", "牵头单位") + `</row>`)
	for r := 2; r <= 2000; r++ {
		fmt.Fprintf(&far, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r-1, r)
	}
	far.WriteString(`</sheetData>`)
	return map[string][]byte{
		"limit_spans.html":    []byte(spans.String()),
		"limit_gridspan.docx": gridSpan,
		"limit_text.docx":     bigText,
		"limit_merge.xlsx":    merge,
		"limit_far.xlsx":      xlsxFile(far.String()),
	}
}

func wordCell(text string) string                  { return officetest.WordCell(text) }
func docxFile(body string) []byte                  { return officetest.DOCX(body) }
func xlsxFile(sheet string) []byte                 { return officetest.XLSX(sheet) }
func inlineCells(row int, values ...string) string { return officetest.InlineCells(row, values...) }
func zipFiles(files map[string]string) []byte      { return officetest.Zip(files) }

var update = flag.Bool("update", false, "rewrite testdata/limit_* from limitFixtures")

// TestLimitFixtures keeps testdata/limit_* the files limitFixtures makes,
// and small.
func TestLimitFixtures(t *testing.T) {
	for name, data := range limitFixtures() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./ingest/source -run TestLimitFixtures -update)", err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s differs from limitFixtures; run go test ./ingest/source -run TestLimitFixtures -update", path)
		}
		if len(got) > 64<<10 {
			t.Errorf("%s is %d bytes: a fixture must stay small", path, len(got))
		}
	}
}

// allocated returns the bytes fn allocates, whatever it frees again: the
// bound on what a reader builds, which does not depend on timing.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestBoundedParsing: files that describe far more than they hold — spans,
// merged areas, far columns, one huge run of text, more lines or tags than
// any notice — are refused as too large (413 over HTTP) before the reader
// builds them: what Read allocates stays within a small multiple of the
// file's own size.
func TestBoundedParsing(t *testing.T) {
	fixture := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tableText := func(rows int, cell string) []byte {
		var b strings.Builder
		b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 |\n")
		for i := 1; i <= rows; i++ {
			fmt.Fprintf(&b, "%d | %s%d。 | 王艳勤 | 区城管局 |\n", i, cell, i)
		}
		return []byte(b.String())
	}
	var shared strings.Builder
	shared.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`)
	shared.WriteString(strings.Repeat("任", 1<<20))
	shared.WriteString(`</t></si></sst>`)
	bigShared := zipFiles(map[string]string{"xl/workbook.xml": "<workbook/>", "xl/sharedStrings.xml": shared.String()})

	tests := []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"html rowspan and colspan 1000 on 100 cells", fixture("limit_spans.html"), "表格"},
		{"docx row of 1000 cells each gridSpan 1000", fixture("limit_gridspan.docx"), "一行过宽"},
		{"docx one 3 MB w:t", fixture("limit_text.docx"), "过长"},
		{"xlsx merged A1:ALM100000", fixture("limit_merge.xlsx"), "一行过宽"},
		{"xlsx cells in column XFD", fixture("limit_far.xlsx"), "一行过宽"},
		{"xlsx one 3 MB shared string", bigShared, "过长"},
		{"text line of 100,000 characters", tableText(1, strings.Repeat("推进", 50000)), "过长"},
		{"text of 30,000 lines", bytes.Repeat([]byte("段\n"), MaxBlocks+10000), "行数"},
		{"text of 32 MB of line ends", append([]byte("段"), bytes.Repeat([]byte("\r\n"), MaxFileBytes/2-2)...), "行数"},
		{"html of 2 million tags", []byte("<html><body>" + strings.Repeat("<b>", 2*MaxHTMLTokens)), "标签过多"},
		{"html cell of 100 KB", []byte("<table>" + "<tr><td>序号</td><td>重点工作任务</td><td>牵头单位</td></tr><tr><td>1</td><td>" + strings.Repeat("推进", 20000) + "</td><td>区城管局</td></tr></table>"), "过长"},
		{"docx of 30,000 paragraphs", docxFile(strings.Repeat(`<w:p><w:r><w:t>段</w:t></w:r></w:p>`, MaxBlocks+10000)), "段落过多"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			alloc := allocated(func() { _, err = Read("limit", bytes.NewReader(tt.data)) })
			if ErrorCode(err) != ETOOLARGE || !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("err = %v (%s), want %s saying %q", err, ErrorCode(err), ETOOLARGE, tt.want)
			}
			// Each reader copies what it reads a few times (the file, its
			// text, a zip entry's XML, the lines). A table within the line
			// cap is parsed whole before its tasks are counted: what that
			// builds is bounded by MaxBlocks, not by the file's size.
			size := inflated(tt.data)
			bound := 16<<20 + 6*size
			if strings.Contains(tt.name, "tasks") {
				bound = 256 << 20
			}
			if alloc > bound {
				t.Errorf("allocated %d MB reading %d KB (bound %d MB)", alloc>>20, size>>10, bound>>20)
			}
		})
	}
}

// inflated is the size of a file as its reader sees it: a zip's entries
// inflated, or the bytes.
func inflated(data []byte) uint64 {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return uint64(len(data))
	}
	var n uint64
	for _, f := range zr.File {
		n += f.UncompressedSize64
	}
	return n
}

// TestWithinLimitsStillReads: tables near the limits (wide title spans,
// merged areas, a long cell) still read as before.
func TestWithinLimitsStillReads(t *testing.T) {
	html := `<table><tr><td colspan="999">2019年重点工作任务分解表</td></tr>` +
		`<tr><th>序号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th></tr>` +
		`<tr><td>1</td><td>` + strings.Repeat("推进", 3000) + `</td><td rowspan="9999">王艳勤</td><td>区城管局</td></tr>` +
		`<tr><td>2</td><td>建设公园。</td><td>区林水局</td></tr></table>`
	xlsx := xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "2019年任务分解表") + `</row><row r="2">` +
		inlineCells(2, "序号", "重点工作任务", "牵头领导", "牵头单位") + `</row>` +
		`<row r="3"><c r="A3"><v>1</v></c>` + strings.TrimPrefix(inlineCells(3, "", "推进垃圾分类。", "王艳勤", "区城管局"), `<c r="A3" t="inlineStr"><is><t></t></is></c>`) + `</row>` +
		`<row r="4"><c r="A4"><v>2</v></c><c r="B4" t="inlineStr"><is><t>建设公园。</t></is></c><c r="D4" t="inlineStr"><is><t>区林水局</t></is></c></row>` +
		`</sheetData><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="C3:C4"/></mergeCells>`)
	for _, tt := range []struct {
		name string
		data []byte
	}{{"html", []byte(html)}, {"xlsx", xlsx}} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Read("ok", bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var rows [][]string
			for _, b := range src.Blocks {
				if b.Cells != nil {
					rows = append(rows, b.Cells)
				}
			}
			// the second task's row: its leader carried down from the
			// first's (rowspan, a merged area), its unit its own
			if len(rows) == 0 || !slices.Equal(rows[len(rows)-1], []string{"2", "建设公园。", "王艳勤", "区林水局"}) {
				t.Errorf("rows = %q", rows)
			}
		})
	}
}
