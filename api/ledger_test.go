package api

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// fillLedger fills an exported ledger as a clerk does in Excel: the progress
// column renamed to header (when not ""), and, per seq, the progress and
// status cells written.
func fillLedger(t *testing.T, body []byte, header string, fill map[int][2]string) []byte {
	t.Helper()
	f, sheet := openXLSX(t, body)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		i := slices.IndexFunc(rows[2], func(h string) bool { return strings.Contains(h, name) })
		if i < 0 {
			t.Fatalf("no %s column in %q", name, rows[2])
		}
		return i + 1
	}
	progressCol, statusCol, seqCol := col("进展情况"), col("状态"), col("序号")
	if header != "" {
		cell, _ := excelize.CoordinatesToCellName(progressCol, 3)
		f.SetCellValue(sheet, cell, header)
	}
	for r, row := range rows[3:] {
		var seq int
		fmt.Sscan(row[seqCol-1], &seq)
		if v, ok := fill[seq]; ok {
			p, _ := excelize.CoordinatesToCellName(progressCol, r+4)
			st, _ := excelize.CoordinatesToCellName(statusCol, r+4)
			f.SetCellValue(sheet, p, v[0])
			f.SetCellValue(sheet, st, v[1])
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The ledger both ways: an exported ledger, filled in and uploaded back,
// is a progress report of the period its progress column names, its rows
// matched by the ledger's task ids, and a row left as exported is no news.
func TestLedgerRoundTrip(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Now = func() time.Time { return exportDay }
	h := s.Handler()
	id := seedID(t)
	r := do(t, h, "GET", "/api/export?format=xlsx&year=2018", nil, nil)
	if r.status != 200 {
		t.Fatalf("export: %d", r.status)
	}
	f, sheet := openXLSX(t, r.body)
	rows, _ := f.GetRows(sheet)
	// a past year: the whole year, a period the clerk sees and may change
	if !slices.Contains(rows[2], "2018年1-12月进展情况") {
		t.Errorf("header %q: the progress column should name its period", rows[2])
	}
	idCol := slices.Index(rows[2], ingest.LedgerTaskID)
	if idCol < 0 || rows[3][idCol] != id+"-1" {
		t.Fatalf("header %q, first row %q: the task id column", rows[2], rows[3])
	}
	name, _ := excelize.ColumnNumberToName(idCol + 1)
	if visible, err := f.GetColVisible(sheet, name); err != nil || visible {
		t.Errorf("the task id column is visible (%v): it should print nothing", err)
	}

	// The clerk fills in two rows and names the half year.
	filled := fillLedger(t, r.body, "2018年1-6月进展情况", map[int][2]string{
		4:  {"已完成全部任务,项目已竣工", ""},
		10: {"受征地影响进度较慢", "滞后"},
	})
	r = uploadTo(t, h, "", "台账.xlsx", filled)
	taken := decode[ProgressResult](t, r)
	if r.status != 201 || taken.Report.Period != "2018-H1" || taken.Matched != 2 || taken.Unmatched != 0 || taken.Skipped != 81 {
		t.Fatalf("filled ledger: %d %s", r.status, r.body[:min(400, len(r.body))])
	}
	for _, e := range taken.Report.Entries {
		if e.MatchedBy != "id" {
			t.Errorf("entry %s matched by %s, want the ledger's id", e.TaskID, e.MatchedBy)
		}
	}
	task := func(seq int) ingest.Task {
		return decode[ingest.Task](t, do(t, h, "GET", fmt.Sprintf("/api/tasks/%s-%d", id, seq), nil, nil))
	}
	if t4 := task(4); t4.Status != progress.StatusDone || t4.Period != "2018-H1" {
		t.Errorf("task 4: %q %q", t4.Status, t4.Period)
	}
	if t10 := task(10); t10.Status != progress.StatusBehind {
		t.Errorf("task 10: %q", t10.Status)
	}

	// Exported again, it carries the half year's words; filled in for the
	// year, only the row written anew is news.
	r = do(t, h, "GET", "/api/export?format=xlsx&year=2018", nil, nil)
	f, sheet = openXLSX(t, r.body)
	rows, _ = f.GetRows(sheet)
	if !strings.HasPrefix(rows[3+3][slices.Index(rows[2], "2018年1-12月进展情况")], "2018 年上半年:已完成") {
		t.Fatalf("row of task 4 %q", rows[6])
	}
	r = uploadTo(t, h, "", "台账.xlsx", fillLedger(t, r.body, "", map[int][2]string{7: {"按计划推进", ""}}))
	taken = decode[ProgressResult](t, r)
	if r.status != 201 || taken.Report.Period != "2018" || taken.Matched != 1 || taken.Report.Entries[0].Seq != 7 {
		t.Fatalf("second round: %d %s", r.status, r.body[:min(400, len(r.body))])
	}

	// Named for another period but otherwise untouched, it says nothing
	// new: refused in Chinese. (For the same period it is the same report
	// again, and replaces it as it was.)
	r = do(t, h, "GET", "/api/export?format=xlsx&year=2018", nil, nil)
	r = uploadTo(t, h, "", "台账.xlsx", fillLedger(t, r.body, "2018年1-9月进展情况", nil))
	if r.status != 400 || !strings.Contains(string(r.body), "没有新填写的进展") {
		t.Errorf("untouched ledger: %d %s", r.status, r.body)
	}
}
