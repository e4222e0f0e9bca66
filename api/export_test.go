package api

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/index"
)

func TestExportXLSX(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	r := do(t, h, "GET", "/api/export?format=xlsx&unit="+url.QueryEscape("区住建局"), nil, nil)
	if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v %s", r.status, r.header, r.body[:min(200, len(r.body))])
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet)
	if len(rows) != 12 || strings.Join(rows[0], ",") != strings.Join(exportHeader, ",") {
		t.Fatalf("rows = %d, header %q", len(rows), rows[0])
	}
	style, _ := f.GetCellStyle(sheet, "A1")
	st, _ := f.GetStyle(style)
	if st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("header is not bold")
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	if w, _ := f.GetColWidth(sheet, "C"); w < 40 {
		t.Errorf("text column width %v", w)
	}
	bodyStyle, _ := f.GetCellStyle(sheet, "C2")
	if bs, _ := f.GetStyle(bodyStyle); bs == nil || bs.Alignment == nil || !bs.Alignment.WrapText {
		t.Error("task text does not wrap")
	}
	var t49 []string
	for _, row := range rows {
		if len(row) > 1 && row[1] == "46" {
			t49 = row
		}
	}
	if len(t49) < 9 || t49[4] != "区住建局、区水务公司" || !strings.Contains(t49[8], "工作任务分解表") {
		t.Errorf("row of task 46 = %q", t49)
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
	for _, rec := range records[1:] {
		if rec[1] == "49" && (rec[4] != "区城管局" || rec[7] != "全区垃圾分类覆盖面达到80%") {
			t.Errorf("task 49 = %q", rec)
		}
	}
	if r := do(t, h, "GET", "/api/export?format=pdf", nil, nil); r.status != 400 {
		t.Errorf("format=pdf: %d", r.status)
	}
	if r := do(t, h, "GET", "/api/export?size=abc", nil, nil); r.status != 400 {
		t.Errorf("bad size: %d", r.status)
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
