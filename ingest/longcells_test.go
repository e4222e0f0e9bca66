package ingest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestLongCellsAreNotHeaders: every row of a table is tried as a header
// (a header repeated on each page), and trying one simplified and matched
// its cells whole. A progress report of 3,000 rows of 2,600-character cells
// written in traditional characters (8.9 MB) took 52 s of CPU to parse,
// past the parse child's deadline. A cell far longer than any column's name
// is not tried, so what the parse allocates stays a small multiple of the
// file.
func TestLongCellsAreNotHeaders(t *testing.T) {
	// traditional characters, so simplifying a cell converts it
	long := strings.Repeat("開發區進展東華", 300)
	var b strings.Builder
	b.WriteString(`<html><meta charset="utf-8"><body><p>2025年1-6月政府工作报告重点工作任务推进情况</p><table>` +
		`<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>1-6月进展情况</td><td>是否序时推进</td></tr>`)
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&b, `<tr><td>%d</td><td>加快推进第%d项%s</td><td>区发改局</td><td>已完成%s</td><td>是</td></tr>`, i, i, long, long)
	}
	b.WriteString(`</table></body></html>`)
	data := b.String()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	src, err := Read("report.html", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	pr, ok := ParseProgress(src)
	runtime.ReadMemStats(&after)
	if !ok || len(pr.Rows) != 300 {
		t.Fatalf("not read as a progress report of 300 rows: %v", ok)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	if bound := uint64(40 * len(data)); alloc > bound {
		t.Errorf("parsing a %d KB report allocated %d MB, want under %d MB", len(data)>>10, alloc>>20, bound>>20)
	}
	t.Logf("%d KB: %d MB allocated", len(data)>>10, alloc>>20)
}
