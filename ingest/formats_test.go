package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The seed's content written in every format a notice comes in. Each must
// give the same 83 tasks as the text seed.

func seedLines(t testing.TB) []string {
	return strings.Split(strings.TrimSuffix(string(seedBytes()), "\n"), "\n")
}

func encodeWith(t testing.TB, tr transform.Transformer, s string) []byte {
	out, _, err := transform.Bytes(tr, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seedHTML is the seed as a government web page: navigation and footer
// tables around it, the metadata in paragraphs, the task table with a
// header of <th>, leaders apart by <br>, entities, and rowspan where
// neighbouring tasks share their leaders.
func seedHTML(t testing.TB, charset string) string {
	doc := MustParseSeed(t)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="%s"><title>关于印发任务分解的通知</title><style>td{border:1px}</style><script>var x="<table>";</script></head><body>`, charset)
	b.WriteString(`<table class="nav"><tr><td><a href="/">首页</a></td><td>政务公开</td><td>通知公告</td></tr></table>`)
	b.WriteString(`<div class="content">`)
	for _, p := range []string{"各镇人民政府、街道办事处,区直各单位:", html.EscapeString(doc.Preamble[strings.Index(doc.Preamble, "\n")+1:]),
		"附件:2018年《政府工作报告》工作任务分解表", doc.Issuer, "2018年3月18日", "附件", doc.Title} {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`<table border="1"><thead><tr><th>序 号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th></tr></thead><tbody>`)
	for i := 0; i < len(doc.Tasks); i++ {
		task := doc.Tasks[i]
		span := 1
		for i+span < len(doc.Tasks) && slices.Equal(doc.Tasks[i+span].Leaders, task.Leaders) && span < 3 {
			span++
		}
		for j := 0; j < span; j++ {
			tj := doc.Tasks[i+j]
			fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td>", tj.Seq, strings.ReplaceAll(html.EscapeString(tj.Text), "“", "&ldquo;"))
			if j == 0 {
				fmt.Fprintf(&b, `<td rowspan="%d">%s</td>`, span, strings.Join(tj.Leaders, "<br/>"))
			}
			fmt.Fprintf(&b, "<td>%s</td></tr>\n", html.EscapeString(strings.Join(tj.Units, "、")))
		}
		i += span - 1
	}
	b.WriteString(`</tbody></table></div><table class="footer"><tr><td colspan="2">版权所有:杭州市余杭区人民政府</td></tr></table></body></html>`)
	return b.String()
}

// seedDOCX is the seed as a Word file: metadata paragraphs, a title row
// spanning the table (gridSpan), and leader cells merged down (vMerge)
// where neighbouring tasks share leaders.
func seedDOCX(t testing.TB) []byte {
	doc := MustParseSeed(t)
	esc := func(s string) string { var b bytes.Buffer; xmlEscape(&b, s); return b.String() }
	para := func(s string) string { return `<w:p><w:r><w:t xml:space="preserve">` + esc(s) + `</w:t></w:r></w:p>` }
	cell := func(s, props string) string {
		var runs []string
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				runs = append(runs, `<w:r><w:br/></w:r>`)
			}
			runs = append(runs, `<w:r><w:t>`+esc(line)+`</w:t></w:r>`)
		}
		return `<w:tc><w:tcPr>` + props + `</w:tcPr><w:p>` + strings.Join(runs, "") + `</w:p></w:tc>`
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range seedLines(t)[:6] {
		b.WriteString(para(strings.TrimSuffix(l, "?")))
	}
	b.WriteString(`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>`)
	b.WriteString(`<w:tr>` + cell(doc.Title, `<w:gridSpan w:val="4"/>`) + `</w:tr>`)
	b.WriteString(`<w:tr>` + cell("序号", "") + cell("重点工作任务", "") + cell("牵头领导", "") + cell("牵头单位", "") + `</w:tr>`)
	for i, task := range doc.Tasks {
		merge := ""
		if i > 0 && slices.Equal(doc.Tasks[i-1].Leaders, task.Leaders) {
			merge = `<w:vMerge/>`
		} else if i+1 < len(doc.Tasks) && slices.Equal(doc.Tasks[i+1].Leaders, task.Leaders) {
			merge = `<w:vMerge w:val="restart"/>`
		}
		leaders := strings.Join(task.Leaders, "\n")
		if merge == `<w:vMerge/>` {
			leaders = ""
		}
		b.WriteString(`<w:tr>` + cell(fmt.Sprint(task.Seq), "") + cell(task.Text, "") + cell(leaders, merge) + cell(strings.Join(task.Units, "、"), "") + `</w:tr>`)
	}
	b.WriteString(`</w:tbl>` + para("抄送:区委办") + `</w:body></w:document>`)
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   b.String(),
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	return zbuf.Bytes()
}

func xmlEscape(b *bytes.Buffer, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	b.WriteString(r.Replace(s))
}

// seedXLSX is the seed as a spreadsheet: another sheet before the task
// sheet, a title merged across A1:D1, issuer and date, and leader cells
// merged down where neighbouring tasks share leaders.
func seedXLSX(t testing.TB) []byte {
	doc := MustParseSeed(t)
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "说明")
	f.SetCellValue("说明", "A1", "本表由督查考评办整理")
	f.NewSheet("任务")
	f.SetCellValue("任务", "A1", doc.Title)
	f.MergeCell("任务", "A1", "D1")
	f.SetCellValue("任务", "A2", doc.Issuer)
	f.SetCellValue("任务", "B3", "2018年3月18日")
	f.SetSheetRow("任务", "A4", &[]any{"序号", "重点工作任务", "牵头领导", "牵头单位"})
	for i, task := range doc.Tasks {
		row := i + 5
		f.SetSheetRow("任务", fmt.Sprintf("A%d", row), &[]any{task.Seq, task.Text, strings.Join(task.Leaders, "、"), strings.Join(task.Units, "、")})
		if i > 0 && slices.Equal(doc.Tasks[i-1].Leaders, task.Leaders) {
			f.SetCellValue("任务", fmt.Sprintf("C%d", row), "")
			// extend the merge that started above
			start := row - 1
			for start > 5 && slices.Equal(doc.Tasks[start-6].Leaders, task.Leaders) {
				start--
			}
			f.MergeCell("任务", fmt.Sprintf("C%d", start), fmt.Sprintf("C%d", row))
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sameTasks compares the fields a format must carry over.
func sameTasks(t *testing.T, got, want *Document) {
	t.Helper()
	if len(got.Tasks) != len(want.Tasks) {
		t.Fatalf("%d tasks, want %d (unused: %+v)", len(got.Tasks), len(want.Tasks), got.Report.Unused)
	}
	for i := range want.Tasks {
		g, w := got.Tasks[i], want.Tasks[i]
		if g.Seq != w.Seq || g.Text != w.Text || !slices.Equal(g.Leaders, w.Leaders) || !slices.Equal(g.Units, w.Units) {
			t.Errorf("task %d:\n got %d %q %q %q\nwant %d %q %q %q", i+1, g.Seq, g.Text, g.Leaders, g.Units, w.Seq, w.Text, w.Leaders, w.Units)
		}
	}
	if got.Title != want.Title || got.Year != want.Year {
		t.Errorf("title %q year %d, want %q %d", got.Title, got.Year, want.Title, want.Year)
	}
	if got.ID != want.ID {
		t.Errorf("id %s, want %s: the same notice in another format should keep its id", got.ID, want.ID)
	}
}

func TestEveryFormatGivesTheSeedTasks(t *testing.T) {
	want := MustParseSeed(t)
	seed := string(seedBytes())
	gbk := simplifiedchinese.GBK.NewEncoder()
	utf16 := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder()
	tests := []struct {
		name, format string
		data         []byte
	}{
		{"utf-8 with BOM", FormatText, append([]byte("\xef\xbb\xbf"), seed...)},
		{"windows line ends", FormatText, []byte(strings.ReplaceAll(seed, "\n", "\r\n"))},
		{"old mac line ends", FormatText, []byte(strings.ReplaceAll(seed, "\n", "\r"))},
		{"gbk without BOM", FormatText, encodeWith(t, gbk, seed)},
		{"gb18030", FormatText, encodeWith(t, simplifiedchinese.GB18030.NewEncoder(), seed)},
		{"utf-16 with BOM", FormatText, encodeWith(t, utf16, strings.ReplaceAll(seed, "\n", "\r\n"))},
		{"html page", FormatHTML, []byte(seedHTML(t, "utf-8"))},
		{"gbk html page", FormatHTML, encodeWith(t, gbk, seedHTML(t, "gbk"))},
		{"docx", FormatDOCX, seedDOCX(t)},
		{"xlsx", FormatXLSX, seedXLSX(t)},
		// Made once by real producers (fixtures_test.go).
		{"pdf printed by chromium", FormatPDF, mustRead(t, "source/testdata/seed_chromium.pdf")},
		{"pdf exported by libreoffice", FormatPDF, mustRead(t, "source/testdata/seed_libreoffice.pdf")},
		{"pdf locked against copying", FormatPDF, mustRead(t, "source/testdata/nocopy_libreoffice.pdf")},
		{"ofd written by hand", FormatOFD, seedOFD(t)},
		{"doc converted by libreoffice", FormatDOC, mustRead(t, "source/testdata/seed.doc")},
		{"xls converted by libreoffice", FormatXLS, mustRead(t, "source/testdata/seed.xls")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Read("seed", bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if src.Format != tt.format {
				t.Errorf("format %s, want %s", src.Format, tt.format)
			}
			got, err := ParseSource(src)
			if err != nil {
				t.Fatal(err)
			}
			sameTasks(t, got, want)
			if os.Getenv("DUBAN_WRITE_FORMATS") != "" {
				os.WriteFile(filepath.Join(os.Getenv("DUBAN_WRITE_FORMATS"), strings.ReplaceAll(tt.name, " ", "_")), tt.data, 0o644)
			}
		})
	}
}

func TestLayoutGoldens(t *testing.T) {
	files, _ := filepath.Glob("testdata/layout_*.*")
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".json") })
	if len(files) < 5 {
		t.Fatalf("layout fixtures: %v", files)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := Parse(filepath.Base(file), f)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".golden.json", doc)
		})
	}
}

func TestReadRejects(t *testing.T) {
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:p/>"), (MaxZipEntryBytes/6)+100)) // inflates past the entry cap
	zw.Close()
	truncated := seedDOCX(t)
	truncated = truncated[:len(truncated)/2]
	truncXLSX := seedXLSX(t)
	truncXLSX = truncXLSX[:len(truncXLSX)/2]
	var notOffice bytes.Buffer
	zw = zip.NewWriter(&notOffice)
	w, _ = zw.Create("hello.txt")
	w.Write([]byte("hi"))
	zw.Close()
	tests := []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"zip bomb", bomb.Bytes(), ETOOLARGE, "解压后过大"},
		{"truncated docx", truncated, EINVALID, ""},
		{"truncated xlsx", truncXLSX, EINVALID, ""},
		{"zip of something else", notOffice.Bytes(), EINVALID, "既不是 DOCX、XLSX 也不是 OFD"},
		{"latin-1 text", []byte("caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve \xe0 la carte"), EINVALID, "编码"},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00garbage"), EINVALID, "二进制"},
		{"over the size cap", bytes.Repeat([]byte("a"), MaxFileBytes+1), ETOOLARGE, "上限"},
		{"html without a task table", []byte("<html><body><table><tr><td>首页</td><td>新闻</td></tr></table><p>欢迎</p></body></html>"), EINVALID, "没有找到任务表"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x", bytes.NewReader(tt.data))
			if ErrorCode(err) != tt.code || !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("err = %v (%s), want %s with %q", err, ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

func TestHTMLCells(t *testing.T) {
	page := `<html><body><p>2019年任务分解表</p><table>
<tr><th>序号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th><th>完成时限</th></tr>
<tr><td colspan="5">一、创新发展</td></tr>
<tr><td>1</td><td>推进A&amp;B项目,<br>完成&lt;一期&gt;工程。</td><td rowspan="2">张三<br>李四</td><td>区科技局</td><td rowspan="2">年底</td></tr>
<tr><td>2</td><td>建设实验室。</td><td>区发改局</td></tr>
</table></body></html>`
	doc, err := Parse("x.html", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 {
		t.Fatalf("tasks = %+v", doc.Tasks)
	}
	t1, t2 := doc.Tasks[0], doc.Tasks[1]
	if t1.Text != "推进A&B项目,\n完成<一期>工程。" || !slices.Equal(t1.Leaders, []string{"张三", "李四"}) || t1.Section != "一、创新发展" {
		t.Errorf("task 1 = %+v", t1)
	}
	if !slices.Equal(t2.Leaders, []string{"张三", "李四"}) || t2.Deadline != "年底" || t2.Units[0] != "区发改局" {
		t.Errorf("rowspan not expanded: %+v", t2)
	}
}
