package api

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// exportDay is the date tests' exports are made on.
var exportDay = time.Date(2026, 11, 27, 15, 4, 0, 0, time.Local)

// openXLSX reads an export back.
func openXLSX(t *testing.T, body []byte) (*excelize.File, string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not an XLSX file: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, f.GetSheetList()[0]
}

// disposition returns the UTF-8 file name of a download.
func disposition(t *testing.T, r response) string {
	t.Helper()
	cd := r.header.Get("Content-Disposition")
	_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
	name, err := url.PathUnescape(enc)
	if !ok || err != nil || !strings.HasPrefix(cd, "attachment") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	return name
}

// TestExportXLSX reads the ledger back: a title row naming the notice once,
// a row with the filter, count and date, a bordered header with 所属部分 and
// the empty 进展情况 and 备注 columns, rows in the notice's order, print
// setup (A4 landscape, fit to width, header repeated), frozen panes, the
// right sheet dimension and a file name saying what it holds.
func TestExportXLSX(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Now = func() time.Time { return exportDay }
	h := s.Handler()
	r := do(t, h, "GET", "/api/export?format=xlsx&leader="+url.QueryEscape("祝振伟")+"&year=2018", nil, nil)
	if r.status != 200 {
		t.Fatalf("export: %d %s", r.status, r.body[:min(200, len(r.body))])
	}
	if name := disposition(t, r); name != "督办台账_祝振伟_2018_20261127.xlsx" {
		t.Errorf("file name %q", name)
	}
	f, sheet := openXLSX(t, r.body)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3+29 {
		t.Fatalf("%d rows, want title, filter, header and 29 tasks", len(rows))
	}
	if !strings.Contains(rows[0][0], "2018年《政府工作报告》工作任务分解表") || !strings.Contains(rows[0][0], "督办台账") {
		t.Errorf("title row %q", rows[0])
	}
	if about := rows[1][0]; !strings.Contains(about, "牵头领导:祝振伟") || !strings.Contains(about, "年度:2018年") ||
		!strings.Contains(about, "共 29 项") || !strings.Contains(about, "导出日期:2026年11月27日") {
		t.Errorf("filter row %q", about)
	}
	want := []string{"年度", "序号", "所属部分", "重点工作任务", "量化指标", "牵头领导", "牵头单位", "配合单位", "完成时限", "状态", "2018年1-12月进展情况", "备注", "人工校正", "任务编号"}
	if !slices.Equal(rows[2], want) {
		t.Errorf("header %q, want %q (one notice: no 文件 column; the progress column names its period)", rows[2], want)
	}
	merged, _ := f.GetMergeCells(sheet)
	if len(merged) != 2 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "N1" {
		t.Errorf("merged cells %v: the title should span A1:N1", merged)
	}
	// The notice's order: seq ascending, every row of the leader.
	var seqs []string
	for _, row := range rows[3:] {
		seqs = append(seqs, row[1])
		if !strings.Contains(row[5], "祝振伟") || len(row) > 10 && row[10] != "" {
			t.Errorf("row %q", row)
		}
	}
	if !slices.IsSortedFunc(seqs, func(a, b string) int { return len(a)*100 + strings.Compare(a, b) - len(b)*100 }) || seqs[0] != "1" {
		t.Errorf("seqs not in the notice's order: %v", seqs)
	}
	if dim, _ := f.GetSheetDimension(sheet); dim != "A1:N32" {
		t.Errorf("dimension %q, want A1:N32", dim)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v %v: want A4 (9), landscape, one page wide", layout, err)
	}
	if props, _ := f.GetSheetProps(sheet); props.FitToPage == nil || !*props.FitToPage {
		t.Error("fit to page is not on")
	}
	var printTitles string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			printTitles = dn.RefersTo
		}
	}
	if printTitles != "'督办台账'!$3:$3" {
		t.Errorf("print titles %q: the header row should repeat on every page", printTitles)
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v: want frozen below the header", panes)
	}
	for cell, check := range map[string]func(*excelize.Style) bool{
		"A3": func(st *excelize.Style) bool { return st.Font != nil && st.Font.Bold && len(st.Border) == 4 },
		"D4": func(st *excelize.Style) bool {
			return st.Alignment != nil && st.Alignment.WrapText && len(st.Border) == 4
		},
		"J4": func(st *excelize.Style) bool { return len(st.Border) == 4 },
		"A1": func(st *excelize.Style) bool { return st.Font != nil && st.Font.Bold && st.Font.Size >= 14 },
	} {
		id, _ := f.GetCellStyle(sheet, cell)
		if st, err := f.GetStyle(id); err != nil || !check(st) {
			t.Errorf("style of %s: %+v %v", cell, st, err)
		}
	}
	// Rows are as tall as their wrapped text: task 1 (over a hundred
	// characters) takes several lines, task 14 (a short text, two leaders
	// in a narrow column) two.
	for _, row := range []struct {
		seq      string
		min, max float64
	}{{"1", 3 * 14, 12 * 15}, {"14", 2 * 14, 2*15 + 4}} {
		for i, r := range rows {
			if i >= 3 && r[1] == row.seq {
				if ht, _ := f.GetRowHeight(sheet, i+1); ht < row.min || ht > row.max {
					t.Errorf("task %s: row height %v, want %v to %v", row.seq, ht, row.min, row.max)
				}
			}
		}
	}
	if w, _ := f.GetColWidth(sheet, "D"); w < 40 {
		t.Errorf("text column width %v", w)
	}
	if v, _ := f.GetCellType(sheet, "B4"); v != excelize.CellTypeNumber && v != excelize.CellTypeUnset {
		t.Errorf("seq is not a number: %v", v)
	}
}

// TestExportSeveralNotices: an export across notices keeps a 文件 column
// and says how many notices; sort=due is honoured and named.
func TestExportSeveralNotices(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Now = func() time.Time { return exportDay }
	h := s.Handler()
	if r := upload(t, h, "2019.txt", []byte(dueNoticeText), nil); r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	r := do(t, h, "GET", "/api/export?unit="+url.QueryEscape("区城管局")+"&sort=due", nil, nil)
	f, sheet := openXLSX(t, r.body)
	rows, _ := f.GetRows(sheet)
	if len(rows) < 5 || !strings.Contains(rows[0][0], "2 份文件") || !strings.Contains(rows[1][0], "按完成时限排序") {
		t.Fatalf("rows %q", rows[:min(len(rows), 3)])
	}
	if rows[2][9] != "文件" || rows[3][0] != "2019" || !strings.Contains(rows[3][9], "2019") {
		t.Errorf("header %q, first row %q: the 2019 task with a due date comes first, its notice named", rows[2], rows[3])
	}
	if name := disposition(t, r); name != "督办台账_区城管局_20261127.xlsx" {
		t.Errorf("file name %q", name)
	}
}

func TestExportCSVAndStats(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	r := do(t, h, "GET", "/api/export?format=csv", nil, nil)
	if r.status != 200 || !bytes.HasPrefix(r.body, []byte("\xef\xbb\xbf")) {
		t.Fatalf("csv: %d", r.status)
	}
	records, err := csv.NewReader(bytes.NewReader(r.body[3:])).ReadAll()
	if err != nil || len(records) != 84 {
		t.Fatalf("csv: %d records, %v", len(records), err)
	}
	if want := LedgerHeader(); len(records[0]) != len(want) || records[0][3] != "重点工作任务" || records[0][11] != "2018年1-12月进展情况" || records[0][13] != "人工校正" || records[0][14] != "任务编号" {
		t.Errorf("csv header %q", records[0])
	}
	for i, rec := range records[1:] {
		if rec[1] != strconv.Itoa(i+1) {
			t.Fatalf("csv row %d has seq %s: a ledger lists the notice's order", i+1, rec[1])
		}
		if rec[1] == "49" && (rec[6] != "区城管局" || rec[4] != "全区垃圾分类覆盖面达到80%") {
			t.Errorf("task 49 = %q", rec)
		}
	}
	if r := do(t, h, "GET", "/api/export?format=pdf", nil, nil); r.status != 400 {
		t.Errorf("format=pdf: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/export?size=abc", nil, nil); r.status != 400 {
		t.Errorf("bad size: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/export?sort=newest", nil, nil); r.status != 400 {
		t.Errorf("bad sort: %d", r.status)
	}
	st := decode[index.Stats](t, do(t, h, "GET", "/api/stats", nil, nil))
	if st.Tasks != 83 || st.WithTargets == 0 || len(st.Leaders) != 16 || len(st.Pairs) == 0 {
		t.Errorf("stats = %+v", st)
	}
	st = decode[index.Stats](t, do(t, h, "GET", "/api/stats?leader="+url.QueryEscape("王艳勤"), nil, nil))
	if st.Tasks != 6 {
		t.Errorf("stats for 王艳勤: %d", st.Tasks)
	}
}

// TestExportComparison: the comparison's changed, new and dropped tasks,
// each with its leaders and units, as XLSX and CSV.
func TestExportComparison(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	s.Now = func() time.Time { return exportDay }
	h := s.Handler()
	seed := s.Store.Documents()[0]
	next := nextYearNotice(t)
	if _, err := s.Store.Replace(next); err != nil {
		t.Fatal(err)
	}
	path := "/api/compare/export?from=" + seed.ID + "&to=" + next.ID
	r := do(t, h, "GET", path, nil, nil)
	if r.status != 200 {
		t.Fatalf("compare export: %d %s", r.status, r.body)
	}
	if name := disposition(t, r); name != "年度对比_2018_2019_20261127.xlsx" {
		t.Errorf("file name %q", name)
	}
	f, sheet := openXLSX(t, r.body)
	rows, _ := f.GetRows(sheet)
	want := []string{"类别", "原序号", "新序号", "原任务", "新任务", "牵头领导", "牵头单位", "变化", "相似度"}
	if len(rows) != 3+3 || !slices.Equal(rows[2], want) {
		t.Fatalf("rows %q", rows)
	}
	if !strings.Contains(rows[0][0], "年度对比") || !strings.Contains(rows[1][0], "变化 1 项") || !strings.Contains(rows[1][0], "延续 81 项") {
		t.Errorf("title %q, about %q", rows[0][0], rows[1][0])
	}
	classes := map[string][]string{}
	for _, row := range rows[3:] {
		classes[row[0]] = row
	}
	if c := classes["变化"]; c == nil || c[1] != "49" || c[5] != "王艳勤" || c[6] != "区城管局" || c[7] != "80% → 95%" || c[8] != "高" {
		t.Errorf("changed row %q", c)
	}
	if n := classes["新增"]; n == nil || n[1] != "" || n[2] != "84" || n[5] != "王艳勤" || n[6] != "区民政局" {
		t.Errorf("new row %q", n)
	}
	if d := classes["取消"]; d == nil || d[1] != "83" || d[2] != "" || d[5] == "" || d[6] == "" {
		t.Errorf("dropped row %q", d)
	}
	if layout, _ := f.GetPageLayout(sheet); layout.Orientation == nil || *layout.Orientation != "landscape" {
		t.Errorf("comparison not laid out for printing: %+v", layout)
	}
	r = do(t, h, "GET", path+"&format=csv", nil, nil)
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(records) != 4 || records[1][0] != "变化" {
		t.Errorf("csv comparison: %q %v", records, err)
	}
	for _, bad := range []string{"/api/compare/export?from=" + seed.ID + "&to=" + seed.ID, path + "&format=pdf", "/api/compare/export?from=x&to=" + seed.ID} {
		if r := do(t, h, "GET", bad, nil, nil); r.status != 400 && r.status != 404 {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
}

// nextYearNotice is the seed as next year's notice: task 49's target raised,
// task 83 dropped, a task 84 added.
func nextYearNotice(t *testing.T) *ingest.Document {
	t.Helper()
	notice := string(seeds.Notice())
	notice = strings.Replace(notice, "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)
	notice = strings.Replace(notice, "全区垃圾分类覆盖面达到80%", "全区垃圾分类覆盖面达到95%", 1)
	lines := strings.Split(strings.TrimSuffix(notice, "\n"), "\n")
	lines = append(lines[:len(lines)-1], "84? | 建设未来社区试点10个,打造15分钟生活圈。? | 王艳勤? | 区民政局? |")
	doc, err := ingest.Parse("2019.txt", strings.NewReader(strings.Join(lines, "\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
