package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The binary fixtures under source/testdata/ (PDF, .doc, .xls: the format
// readers' tests read them too) are made once from the seed by real
// producers and committed, so the tests need neither Chromium nor
// LibreOffice:
//
//	go test ./ingest -run TestMakeFixtures -fixtures
//
// writes the print pages under source/testdata/print/ and prints them to
// PDF with headless Chromium, converts the seed's DOCX and XLSX to .doc and
// .xls with LibreOffice, and exports the DOCX to PDF with LibreOffice (a
// second PDF producer: TrueType subset fonts, Identity-H), plainly and with
// an open password. It also prints the hand-written pages under
// testdata/notices/print/ to testdata/notices/NAME.pdf (whole notices read
// against their truth by TestNoticesAgainstTruth), as the office would:
//
//	chromium --headless --no-pdf-header-footer --print-to-pdf=NAME.pdf print/NAME.html
//
// and exports the flat ODF documents there (a landscape Writer table), and
// the Word and Excel files there, with LibreOffice:
//
//	soffice --headless --convert-to pdf print/NAME.fodt (or .docx, .xlsx)
//
// The OFD fixture is written by hand (seedOFD), not generated.
var makeFixtures = flag.Bool("fixtures", false, "regenerate the PDF, .doc and .xls fixtures with chromium and soffice")

// fixtureDir holds the binary fixtures, beside the readers they test.
const fixtureDir = "source/testdata"

// seedPrintHTML is the seed as the office prints it: the issuer on every
// page's top, `— N —` at every page's foot, the task table's header
// repeated on each page, leaders merged down (rowspan) where neighbouring
// tasks share them, and rows left free to break across pages.
func seedPrintHTML(t testing.TB) string {
	doc := MustParseSeed(t)
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发任务分解的通知</title><style>
@page { size: A4; margin: 25mm 20mm;
  @top-center { content: "杭州市余杭区人民政府办公室"; font-size: 9pt; }
  @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; } }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #000; padding: 3px; vertical-align: top; }
th:nth-child(1) { width: 7%; } th:nth-child(2) { width: 58%; } th:nth-child(3) { width: 13%; }
</style></head><body>
`)
	for _, p := range []string{"各镇人民政府、街道办事处,区直各单位:", doc.Preamble[strings.Index(doc.Preamble, "\n")+1:],
		"附件:2018年《政府工作报告》工作任务分解表", doc.Issuer, "2018年3月18日", "附件", doc.Title} {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("<table><thead><tr><th>序 号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th></tr></thead><tbody>\n")
	for i := 0; i < len(doc.Tasks); i++ {
		span := 1
		for i+span < len(doc.Tasks) && slices.Equal(doc.Tasks[i+span].Leaders, doc.Tasks[i].Leaders) && span < 3 {
			span++
		}
		for j := 0; j < span; j++ {
			tj := doc.Tasks[i+j]
			fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td>", tj.Seq, html.EscapeString(tj.Text))
			if j == 0 {
				fmt.Fprintf(&b, `<td rowspan="%d">%s</td>`, span, strings.Join(tj.Leaders, "<br>"))
			}
			fmt.Fprintf(&b, "<td>%s</td></tr>\n", html.EscapeString(strings.Join(tj.Units, "、")))
		}
		i += span - 1
	}
	b.WriteString("</tbody></table></body></html>\n")
	return b.String()
}

// scanPrintHTML is a page that is only a picture (a scan has no text).
func scanPrintHTML(t testing.TB) string {
	img := image.NewGray(image.Rect(0, 0, 400, 560))
	for y := 0; y < 560; y++ {
		for x := 0; x < 400; x++ {
			img.SetGray(x, y, color.Gray{Y: uint8(255 - (x*y)%40)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return `<!DOCTYPE html><html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,` +
		base64.StdEncoding.EncodeToString(buf.Bytes()) + `"></body></html>`
}

// packagedDOCX is seedDOCX's document.xml in a package Word and
// LibreOffice open (content types and the package relationship).
func packagedDOCX(t testing.TB) []byte {
	data := seedDOCX(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	// Borders and column widths, as a notice's table has them.
	body = bytes.Replace(body, []byte(`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>`),
		[]byte(`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>`+
			`<w:tblGrid><w:gridCol w:w="700"/><w:gridCol w:w="5000"/><w:gridCol w:w="1200"/><w:gridCol w:w="2100"/></w:tblGrid>`), 1)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", string(body)},
	} {
		w, _ := zw.Create(part.name)
		w.Write([]byte(part.content))
	}
	zw.Close()
	return buf.Bytes()
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func TestMakeFixtures(t *testing.T) {
	if !*makeFixtures {
		t.Skip("fixtures are committed; -fixtures regenerates them with chromium and soffice")
	}
	tmp := t.TempDir()
	if err := os.MkdirAll(fixtureDir+"/print", 0o755); err != nil {
		t.Fatal(err)
	}
	printPDF := func(page, pdf string) {
		abs, _ := filepath.Abs(page)
		out, _ := filepath.Abs(pdf)
		run(t, tmp, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--no-first-run", "--user-data-dir="+t.TempDir(), "--no-pdf-header-footer",
			"--print-to-pdf="+out, abs)
	}
	for name, page := range map[string]string{"seed.html": seedPrintHTML(t), "scan.html": scanPrintHTML(t)} {
		path := filepath.Join(fixtureDir, "print", name)
		if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		printPDF(path, filepath.Join(fixtureDir, strings.TrimSuffix(name, ".html")+"_chromium.pdf"))
	}
	pages, _ := filepath.Glob("testdata/notices/print/*.html")
	for _, page := range pages {
		printPDF(page, filepath.Join("testdata/notices", strings.TrimSuffix(filepath.Base(page), ".html")+".pdf"))
	}
	// the flat ODF documents there are exported by LibreOffice, as an
	// office exports a landscape Writer table, and so are the Word and
	// Excel files there (tables with a two-row header and leaders merged
	// down, written by Word's and Excel's rules: n240–n244)
	var documents []string
	for _, ext := range []string{"fodt", "docx", "xlsx"} {
		found, _ := filepath.Glob("testdata/notices/print/*." + ext)
		documents = append(documents, found...)
	}
	for _, document := range documents {
		abs, _ := filepath.Abs(document)
		out, _ := filepath.Abs("testdata/notices")
		run(t, tmp, "soffice", "-env:UserInstallation=file://"+t.TempDir(), "--headless", "--convert-to", "pdf", "--outdir", out, abs)
	}
	if err := os.WriteFile(filepath.Join(tmp, "seed.docx"), packagedDOCX(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "seed.xlsx"), seedXLSX(t), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "-env:UserInstallation=file://" + t.TempDir()
	run(t, tmp, "soffice", profile, "--headless", "--convert-to", "doc", "seed.docx")
	run(t, tmp, "soffice", profile, "--headless", "--convert-to", "xls", "seed.xlsx")
	run(t, tmp, "soffice", profile, "--headless", "--convert-to", "pdf", "seed.docx")
	if err := os.Rename(filepath.Join(tmp, "seed.pdf"), filepath.Join(tmp, "seed_lo.pdf")); err != nil {
		t.Fatal(err)
	}
	run(t, tmp, "soffice", profile, "--headless", "--convert-to",
		`pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"duban"}}`, "seed.docx")
	if err := os.Rename(filepath.Join(tmp, "seed.pdf"), filepath.Join(tmp, "locked.pdf")); err != nil {
		t.Fatal(err)
	}
	run(t, tmp, "soffice", profile, "--headless", "--convert-to",
		`pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"duban"},"Printing":{"type":"long","value":"0"},"EnableCopyingOfContent":{"type":"boolean","value":"false"}}`, "seed.docx")
	for from, to := range map[string]string{
		"seed.doc": "seed.doc", "seed.xls": "seed.xls", "seed_lo.pdf": "seed_libreoffice.pdf",
		"locked.pdf": "locked_libreoffice.pdf", "seed.pdf": "nocopy_libreoffice.pdf",
	} {
		data, err := os.ReadFile(filepath.Join(tmp, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(fixtureDir, to), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
