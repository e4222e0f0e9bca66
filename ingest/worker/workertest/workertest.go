// Package workertest holds what tests of contained parsing share: hostile
// files that blow the memory or the time of today's readers, built in code
// (nothing hostile is kept on disk), and the hook that lets a test binary
// serve as the parse worker.
package workertest

import (
	"bytes"
	"fmt"
	"github.com/duban/duban/internal/officetest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban/duban/ingest/worker"
)

// ServeIfChild runs the parse worker and exits when this test binary was
// started as one (worker.ChildEnv); call it first in TestMain, so a Parser
// whose Exe is the test binary (os.Executable) works.
func ServeIfChild() {
	if worker.IsChild() {
		os.Exit(worker.Main(os.Stdin, os.Stdout))
	}
}

// Hanging is a stand-in child that never answers: a shell script that
// reads the first line of its file, then starts a long sleep (a grandchild
// in a process group of its own, as LibreOffice is) and waits
// for it, so a test can see that a parse the parent stops leaves no process
// behind, whatever the readers' own budgets make of any real file.
type Hanging struct {
	// Exe is the script, for worker.Config.Exe.
	Exe string
	dir string
}

// NewHanging writes the stand-in into a temporary dir of tb.
func NewHanging(tb testing.TB) *Hanging {
	tb.Helper()
	dir := tb.TempDir()
	exe := filepath.Join(dir, "hang.sh")
	// perl (Debian's perl-base is essential) moves the sleep to a
	// process group of its own, then writes its pid (the sleep's: exec
	// keeps it), then runs it: once the pid is there, so is the group (the
	// shell writing $! at once let a loaded machine read the group first)
	sleepPid := filepath.Join(dir, "sleep.pid")
	script := "#!/bin/sh\nread header || exit 1\n" +
		"perl -e 'setpgrp(0, 0); open(my $f, \">\", \"$ARGV[0].tmp\") or die; print $f \"$$\\n\"; close $f; rename(\"$ARGV[0].tmp\", $ARGV[0]) or die; exec \"sleep\", \"300\"' " + sleepPid + " &\n" +
		"echo $$ > " + filepath.Join(dir, "shell.pid") + "\nwait\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		tb.Fatal(err)
	}
	return &Hanging{Exe: exe, dir: dir}
}

// Started waits (up to 10 s) until the stand-in runs and returns the pids
// of the child (the shell) and of its grandchild (the sleep).
func (h *Hanging) Started(tb testing.TB) (child, grandchild int) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s, err1 := os.ReadFile(filepath.Join(h.dir, "shell.pid"))
		g, err2 := os.ReadFile(filepath.Join(h.dir, "sleep.pid"))
		if err1 == nil && err2 == nil {
			child, _ = strconv.Atoi(strings.TrimSpace(string(s)))
			grandchild, _ = strconv.Atoi(strings.TrimSpace(string(g)))
			if child > 0 && grandchild > 0 {
				return child, grandchild
			}
		}
	}
	tb.Fatal("the stand-in child did not start")
	return 0, 0
}

// Alive reports whether the process pid runs (a zombie does not).
func Alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state …: the state follows the last ')'
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	return b[i+2] != 'Z' && b[i+2] != 'X'
}

// Group returns the process group of pid, or 0 when it does not run.
func Group(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 {
		return 0
	}
	g, _ := strconv.Atoi(string(f[2]))
	return g
}

// Gone waits (up to 5 s) until none of pids runs and says whether so.
func Gone(pids ...int) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		alive := false
		for _, p := range pids {
			alive = alive || Alive(p)
		}
		if !alive {
			return true
		}
	}
	return false
}

// XrefPDF is a PDF of a few hundred bytes whose cross-reference subsection
// header starts at object 1,000,000,000: a reader that sizes its table by
// the highest object number allocates tens of gigabytes.
func XrefPDF() []byte {
	body := "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
	xref := len(body)
	return []byte(body + "xref\n1000000000 1\n0000000000 65535 f \n" +
		"trailer\n<< /Size 1000000000 /Root 1 0 R >>\nstartxref\n" + fmt.Sprint(xref) + "\n%%EOF\n")
}

// SpanHTML is an HTML page of about 70 KB whose table has one large cell
// spanning 990 rows and 200 columns: a reader that copies the cell into
// every grid position it covers builds gigabytes.
func SpanHTML() []byte {
	var b strings.Builder
	b.WriteString("<html><body><table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr>\n")
	b.WriteString(`<tr><td rowspan="990" colspan="200">`)
	b.WriteString(strings.Repeat("推进重点工作任务落实", 2100))
	b.WriteString("</td></tr>\n")
	for range 989 {
		b.WriteString("<tr></tr>")
	}
	b.WriteString("</table></body></html>\n")
	return []byte(b.String())
}

// FormPDF is a PDF of about 8 KB whose page draws a form XObject that
// draws itself a thousand times, at every level a reader follows: a reader
// that interprets every drawing runs millions of operators, for minutes.
func FormPDF() []byte {
	form := strings.Repeat("/X0 Do\n", 1000)
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X0 5 0 R >> >> >>",
		stream("", "/X0 Do\n"),
		stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X0 5 0 R >> >>", form),
	})
}

// stream is a PDF stream object with dict's entries and data.
func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// buildPDF lays objects out as objects 1…n with a cross-reference table
// that points at each.
func buildPDF(objects []string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}

// MergeXLSX is an XLSX of about 2 KB whose one sheet merges a cell of 60 KB
// over 100 columns × 1,980 rows, under the readers' cap on cells (it
// counts cells, not the bytes copied into them): a reader that copies the
// cell into each builds 12 GB.
func MergeXLSX() []byte {
	big := strings.Repeat("推进重点工作任务落实", 2000)
	sheet := `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + big + `</t></is></c></row></sheetData>` +
		`<mergeCells count="1"><mergeCell ref="A1:CV1980"/></mergeCells>`
	return officetest.XLSX(sheet)
}

// SpanDOCX is a DOCX of about 2 KB whose table has one cell of 60 KB
// spanning 200 grid columns (gridSpan) and merged down 990 rows (vMerge):
// a reader that copies the cell into every position it covers builds
// 12 GB.
func SpanDOCX() []byte {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>`)
	b.WriteString(strings.Repeat("推进重点工作任务落实", 2000))
	b.WriteString(`</w:t></w:r></w:p></w:tc></w:tr>`)
	for range 989 {
		b.WriteString(`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return officetest.DOCX(b.String())
}

// Bomb is one hostile file, by the name it is uploaded under.
type Bomb struct {
	Name string
	Data []byte
}

// Bombs are the hostile files every containment test sends: each blows a
// reader's memory or time another way.
func Bombs() []Bomb {
	return []Bomb{
		{"xref.pdf", XrefPDF()},
		{"span.html", SpanHTML()},
		{"form.pdf", FormPDF()},
		{"merge.xlsx", MergeXLSX()},
		{"span.docx", SpanDOCX()},
	}
}
