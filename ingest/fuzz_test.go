package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkDocument asserts what must hold of any Document Parse returns.
func checkDocument(t *testing.T, doc *Document) {
	t.Helper()
	ids := map[string]bool{}
	for _, task := range doc.Tasks {
		if task.Seq <= 0 || task.Text == "" || task.ID == "" || ids[task.ID] {
			t.Fatalf("bad task %+v", task)
		}
		ids[task.ID] = true
		for _, names := range [][]string{task.Leaders, task.Units, task.CoUnits, task.UnitGroups} {
			for _, n := range names {
				if n == "" || strings.HasSuffix(n, "?") {
					t.Fatalf("bad name %q in %+v", n, task)
				}
			}
		}
		if strings.HasSuffix(task.Text, "?") {
			t.Fatalf("stray marker in %q", task.Text)
		}
		switch task.Via {
		case ViaColumn, ViaKey, ViaKeyless, ViaHeading, ViaLeadRule:
		default:
			t.Fatalf("task %d: via %q", task.Seq, task.Via)
		}
		if task.Due != "" {
			if _, err := time.Parse("2006-01-02", task.Due); err != nil {
				t.Fatalf("task %d: due %q", task.Seq, task.Due)
			}
		}
	}
	if doc.Report == nil || doc.Report.TasksMade != len(doc.Tasks) {
		t.Fatalf("report %+v for %d tasks", doc.Report, len(doc.Tasks))
	}
}

func fuzzParse(t *testing.T, data []byte) {
	doc, err := Parse("fuzz", bytes.NewReader(data))
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			t.Fatalf("untyped error: %v", err)
		}
		return
	}
	checkDocument(t, doc)
}

// Fuzz seeds are kept small (a few hundred bytes to 2 KB): the fuzzer
// mutates and minimises every input it keeps, and with the whole seed notice
// in every format as seeds a minute ran a dozen executions. Run the targets
// with -fuzzminimizetime set (README).

// smallDOCX and smallXLSX are a notice of two tasks as a Word file and as a
// spreadsheet, with a merged title and a span.
func smallDOCX() []byte {
	return docxFile(`<w:p><w:r><w:t>2019年任务分解表</w:t></w:r></w:p><w:tbl>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr><w:p><w:r><w:t>一、创新发展</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr>` + wordCell("序号") + wordCell("重点工作任务") + wordCell("牵头领导") + wordCell("牵头单位") + `</w:tr>` +
		`<w:tr>` + wordCell("1") + wordCell("推进“最多跑一次”改革。") + `<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>王艳勤</w:t></w:r></w:p></w:tc>` + wordCell("区城管局") + `</w:tr>` +
		`<w:tr>` + wordCell("2") + wordCell("建设公园。") + `<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>` + wordCell("区林水局") + `</w:tr></w:tbl>`)
}

func smallXLSX() []byte {
	return xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "2019年任务分解表") + `</row><row r="2">` +
		inlineCells(2, "序号", "重点工作任务", "牵头领导", "牵头单位") + `</row>` +
		`<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>推进垃圾分类。</t></is></c><c r="C3" t="inlineStr"><is><t>王艳勤</t></is></c><c r="D3" t="inlineStr"><is><t>区城管局</t></is></c></row>` +
		`<row r="4"><c r="A4"><v>2</v></c><c r="B4" t="inlineStr"><is><t>建设公园。</t></is></c><c r="D4" t="inlineStr"><is><t>区林水局</t></is></c></row>` +
		`</sheetData><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="C3:C4"/></mergeCells>`)
}

// FuzzRead feeds any bytes to Read and Parse: text in any encoding, HTML,
// DOCX and XLSX. Seeded with the layout fixtures and a small notice as DOCX
// and XLSX.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/layout_*.*")
	for _, file := range files {
		if !strings.HasSuffix(file, ".json") {
			data, _ := os.ReadFile(file)
			f.Add(data)
		}
	}
	f.Add(smallDOCX())
	f.Add(smallXLSX())
	f.Fuzz(fuzzParse)
}

// FuzzHTML fuzzes the HTML reader with page text.
func FuzzHTML(f *testing.F) {
	data, _ := os.ReadFile("testdata/layout_page.html")
	f.Add(string(data))
	f.Add(`<table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th></tr><tr><td rowspan="999">1</td><td colspan="3">x</td></tr></table>`)
	f.Fuzz(func(t *testing.T, page string) { fuzzParse(t, []byte("<html>"+page)) })
}

// FuzzDOCX fuzzes document.xml inside a well-formed zip.
func FuzzDOCX(f *testing.F) {
	zr, _ := zip.NewReader(bytes.NewReader(smallDOCX()), int64(len(smallDOCX())))
	rc, _ := zr.Open("word/document.xml")
	var body bytes.Buffer
	body.ReadFrom(rc)
	f.Add(body.String())
	f.Add(`<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`)
	f.Fuzz(func(t *testing.T, xml string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write([]byte(xml))
		zw.Close()
		fuzzParse(t, buf.Bytes())
	})
}
