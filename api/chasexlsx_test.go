package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// strictColours checks that every colour an XLSX file's styles name is a
// colour (6 or 8 hex digits): strict readers (openpyxl) refuse rgb="FF".
func strictColours(t *testing.T, name string, body []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("%s: not a zip: %v", name, err)
	}
	rgb := regexp.MustCompile(`rgb="([^"]*)"`)
	valid := regexp.MustCompile(`^(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$`)
	seen := 0
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, _ := f.Open()
		raw, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range rgb.FindAllStringSubmatch(string(raw), -1) {
			seen++
			if !valid.MatchString(m[1]) {
				t.Errorf("%s: %s has rgb=%q, not a colour", name, f.Name, m[1])
			}
		}
	}
	if seen == 0 {
		t.Errorf("%s: no colour found: the check checked nothing", name)
	}
}

// Every XLSX duban writes opens in strict readers: the ledger, the
// comparison and the 催办 list.
func TestXLSXColoursAreColours(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	next := nextYearNotice(t)
	if _, err := s.Store.Replace(next); err != nil {
		t.Fatal(err)
	}
	seed := seedID(t)
	id := seed + "-4"
	do(t, h, "POST", "/api/tasks/"+id+"/progress", strings.NewReader(`{"period":"2018-H1","text":"征地受阻","status":"滞后"}`), map[string]string{"Content-Type": "application/json"})
	for _, target := range []string{"/api/export?format=xlsx", "/api/compare/export?from=" + seed + "&to=" + next.ID, "/api/chase?year=2018&format=xlsx"} {
		r := do(t, h, "GET", target, nil, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d", target, r.status)
		}
		strictColours(t, target, r.body)
	}
}

// The 催办 list prints one block per unit, each from a new page, its text
// wrapped and rows as tall as their text, leaders one to a line.
func TestChaseXLSXBlocks(t *testing.T) {
	long := strings.Repeat("推进城乡垃圾分类和资源化利用", 8)
	task := func(seq int, unit, status string, leaders ...string) ingest.Task {
		return ingest.Task{Seq: seq, Year: 2019, Text: long, Units: []string{unit}, UnitGroups: []string{unit}, Leaders: leaders,
			Status: status, Deadline: "2019年6月底", Period: "2019-H1", Progress: long}
	}
	units := progress.Chase([]ingest.Task{
		task(1, "区城管局", progress.StatusBehind, "黄宏瞻", "祝振伟"),
		task(2, "区城管局", progress.StatusUnreported, "黄宏瞻"),
		task(3, "区农业农村局", progress.StatusOverdue, "祝振伟"),
	}, nil)
	data, err := writeChaseXLSX(ChaseAnswer{Year: 2019, Statuses: []string{"滞后", "逾期", "未报送"}, Units: units, Tasks: 3}, "2019年7月1日")
	if err != nil {
		t.Fatal(err)
	}
	strictColours(t, "chase", data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("催办清单")
	// title, about; 区城管局: name, header, 2 tasks; 区农业农村局: name, header, 1 task
	if len(rows) != 9 || !strings.HasPrefix(rows[2][0], "区城管局") || !strings.HasPrefix(rows[6][0], "区农业农村局") {
		t.Fatalf("rows %q", rows)
	}
	if rows[4][5] != "黄宏瞻\n祝振伟" {
		t.Errorf("leaders %q: one name to a line, never broken", rows[4][5])
	}
	// wrapped text, and the row tall enough for it
	for _, col := range []string{"B", "D"} {
		st, _ := f.GetCellStyle("催办清单", col+"5")
		style, _ := f.GetStyle(st)
		if style == nil || style.Alignment == nil || !style.Alignment.WrapText {
			t.Errorf("column %s does not wrap", col)
		}
	}
	if h, _ := f.GetRowHeight("催办清单", 5); h < 4*lineHeight {
		t.Errorf("row height %.1f: the wrapped text is cut", h)
	}
	// the second unit begins a new page
	z, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, zf := range z.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			if !regexp.MustCompile(`<rowBreaks[^>]*>.*<brk id="6"`).Match(raw) {
				t.Errorf("no page break before the second unit (row 7): %s", regexp.MustCompile(`<rowBreaks.*</rowBreaks>`).Find(raw))
			}
		}
	}
}

// The ledger prints as the office's does: a part's title once where the
// part begins, leaders one to a line, the deadline column wide enough for
// 2019年6月底, rows tall enough for their wrapped 量化指标.
func TestLedgerPrintsWithoutRepeatsOrBrokenNames(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2019-parts", Title: "分部分的通知", Year: 2019}}
	for i := 1; i <= 12; i++ {
		doc.Tasks = append(doc.Tasks, ingest.Task{ID: fmt.Sprintf("2019-parts-%d", i), DocID: "2019-parts", Year: 2019, Seq: i,
			Section: []string{"一、加快产业转型升级", "二、推进城乡融合发展", "三、保障和改善民生"}[(i-1)/4],
			Text:    "推进一项重点工作", Leaders: []string{"黄宏瞻", "祝振伟"}, Units: []string{"区发改局"}, UnitGroups: []string{"区发改局"},
			Deadline: "2019年6月底", Targets: []ingest.Target{{Text: strings.Repeat("全区垃圾分类覆盖面达到80%", 3)}}})
	}
	if _, err := s.Store.Replace(doc); err != nil {
		t.Fatal(err)
	}
	r := do(t, h, "GET", "/api/export?format=xlsx&doc=2019-parts", nil, nil)
	f, sheet := openXLSX(t, r.body)
	rows, _ := f.GetRows(sheet)
	header := rows[2]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no %s column", name)
		return -1
	}
	section, leaders, targets := col("所属部分"), col("牵头领导"), col("量化指标")
	shown, parts := 0, map[string]bool{}
	for _, row := range rows[3:] {
		if section < len(row) && row[section] != "" {
			shown++
			if parts[row[section]] {
				t.Errorf("part %q shown twice", row[section])
			}
			parts[row[section]] = true
		}
		if strings.Contains(row[leaders], "、") {
			t.Errorf("leaders %q: one to a line", row[leaders])
		}
	}
	if shown != 3 {
		t.Errorf("the part's title shown on %d rows of %d", shown, len(rows)-3)
	}
	if w, _ := f.GetColWidth(sheet, "I"); header[8] != "完成时限" || textLines("2019年6月底", w) != 1 {
		t.Errorf("完成时限 (%s) %.1f wide: 2019年6月底 wraps", header[8], w)
	}
	for i, row := range rows[3:] {
		if targets < len(row) && textLines(row[targets], 20) > 1 {
			h, _ := f.GetRowHeight(sheet, i+4)
			if h < float64(textLines(row[targets], 20))*lineHeight {
				t.Errorf("row %d is %.1f high for %q", i+4, h, row[targets])
			}
		}
	}
}

// One unit's 催办 list is its letter's attachment: unit=X gives its block
// alone.
func TestChaseXLSXForOneUnit(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	if r := uploadTo(t, h, "", "h1.txt", readFixture(t, "../ingest/testdata/progress/seed_h1.txt")); r.status != 201 {
		t.Fatalf("report: %d", r.status)
	}
	all := decode[ChaseAnswer](t, do(t, h, "GET", "/api/chase?year=2018", nil, nil))
	if len(all.Units) < 2 {
		t.Fatalf("%d units to chase", len(all.Units))
	}
	unit := all.Units[1].Unit
	r := do(t, h, "GET", "/api/chase?year=2018&format=xlsx&unit="+url.QueryEscape(unit), nil, nil)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if r.status != 200 || err != nil {
		t.Fatalf("%d %v", r.status, err)
	}
	rows, _ := f.GetRows("催办清单")
	blocks := 0
	for _, row := range rows[2:] {
		if len(row) == 1 && strings.Contains(row[0], "项)") {
			blocks++
			if !strings.HasPrefix(row[0], unit) {
				t.Errorf("block %q in %s's attachment", row[0], unit)
			}
		}
	}
	if blocks != 1 {
		t.Errorf("%d blocks in one unit's attachment", blocks)
	}
}
