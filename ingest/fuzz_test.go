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

// FuzzRead feeds any bytes to Read and Parse: text in any encoding, HTML,
// DOCX and XLSX. Seeded with every fixture and the seed in every format.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/layout_*.*")
	for _, file := range files {
		if !strings.HasSuffix(file, ".json") {
			data, _ := os.ReadFile(file)
			f.Add(data)
		}
	}
	f.Add(seedDOCX(f))
	f.Add(seedXLSX(f))
	f.Add([]byte(seedHTML(f, "utf-8")))
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
	zr, _ := zip.NewReader(bytes.NewReader(seedDOCX(f)), int64(len(seedDOCX(f))))
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
