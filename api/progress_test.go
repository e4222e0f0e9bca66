package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

func readFixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// progressXLSX is a progress report for the seed as a spreadsheet, with
// the column set of a quarterly report: 完成情况 (the status in words) and
// 存在问题, tasks renumbered and shortened.
func progressXLSX(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "2018年三季度重点工作完成情况")
	f.SetSheetRow("Sheet1", "A2", &[]any{"序号", "工作任务", "责任单位", "完成情况", "存在问题"})
	f.SetSheetRow("Sheet1", "A3", &[]any{1, "深化垃圾治理,提高垃圾资源化利用水平", "区城管局", "已完成", ""})
	f.SetSheetRow("Sheet1", "A4", &[]any{2, "深化“五水共治”,推进“污水零直排区”建设", "区“五水共治”办", "滞后", "资金未到位"})
	f.SetSheetRow("Sheet1", "A5", &[]any{3, "一项通知里没有的工作", "区某局", "已完成", ""})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProgressReports(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	h1 := readFixture(t, "../ingest/testdata/progress/seed_h1.txt")
	// a preview keeps nothing
	r := uploadTo(t, h, "dry_run=true", "1-6月推进情况.txt", h1)
	pv := decode[ProgressResult](t, r)
	if r.status != 200 || pv.Kind != "progress" || !pv.DryRun || pv.Matched != 3 || pv.Unmatched != 1 || pv.Report.Period != "2018-H1" {
		t.Fatalf("preview: %d %s", r.status, r.body)
	}
	if list := decode[[]progress.Report](t, do(t, h, "GET", "/api/progress", nil, nil)); len(list) != 0 {
		t.Fatalf("a preview kept a report: %+v", list)
	}
	r = uploadTo(t, h, "", "1-6月推进情况.txt", h1)
	if taken := decode[ProgressResult](t, r); r.status != 201 || taken.Refreshed != 1 || taken.Report.Unmatched[0].Seq != 99 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	task := func(seq int) ingest.Task {
		return decode[ingest.Task](t, do(t, h, "GET", fmt.Sprintf("/api/tasks/%s-%d", id, seq), nil, nil))
	}
	if t4 := task(4); t4.Status != progress.StatusBehind || t4.Period != "2018-H1" || !strings.Contains(t4.Progress, "进度较慢") {
		t.Errorf("task 4: %+v", t4)
	}
	if t2 := task(2); t2.Status != progress.StatusUnreported {
		t.Errorf("task 2 (not in the report): %q", t2.Status)
	}
	// the next quarter, a spreadsheet that renumbers and shortens
	r = uploadTo(t, h, "", "三季度.xlsx", progressXLSX(t))
	if taken := decode[ProgressResult](t, r); r.status != 201 || taken.Matched != 2 || taken.Unmatched != 1 || taken.Report.Period != "2018-Q3" {
		t.Fatalf("q3: %d %s", r.status, r.body)
	}
	if t49 := task(49); t49.Status != progress.StatusDone || t49.Period != "2018-Q3" {
		t.Errorf("task 49 after Q3: %+v", t49)
	}
	if t47 := task(47); t47.Status != progress.StatusBehind {
		t.Errorf("task 47 after Q3: %q", t47.Status)
	}
	if t4 := task(4); t4.Status != progress.StatusUnreported {
		t.Errorf("task 4 reported in H1, not in Q3: %q", t4.Status)
	}
	tl := decode[[]progress.Entry](t, do(t, h, "GET", "/api/tasks/"+id+"-49/progress", nil, nil))
	if len(tl) != 2 || tl[0].Period != "2018-H1" || tl[1].Period != "2018-Q3" || tl[1].StatusFrom != "column" {
		t.Errorf("timeline of 49: %+v", tl)
	}
	if r := do(t, h, "GET", "/api/tasks/"+id+"-999/progress", nil, nil); r.status != 404 {
		t.Errorf("timeline of a missing task: %d", r.status)
	}
	// the same period again replaces its entries
	r = uploadTo(t, h, "", "1-6月推进情况(更正).txt", bytes.Replace(h1, []byte("| 否 |"), []byte("| 是 |"), 1))
	if taken := decode[ProgressResult](t, r); r.status != 200 || !taken.Replaced {
		t.Fatalf("replace H1: %d %s", r.status, r.body)
	}
	if list := decode[[]progress.Report](t, do(t, h, "GET", "/api/progress", nil, nil)); len(list) != 2 || list[0].Period != "2018-Q3" || list[1].Version != 2 {
		t.Errorf("reports: %+v", list)
	}
	// 催办: per unit, what is late or unreported
	ch := decode[ChaseAnswer](t, do(t, h, "GET", "/api/chase?year=2018", nil, nil))
	if ch.Year != 2018 || ch.Tasks == 0 || len(ch.Units) == 0 || !slices.Equal(ch.Years, []int{2018}) {
		t.Fatalf("chase: %+v", ch)
	}
	// each task counted once, though a task of two units is under both
	distinct, listed := map[string]bool{}, 0
	for _, u := range ch.Units {
		for _, tk := range u.Tasks {
			distinct[tk.ID] = true
			listed++
		}
	}
	if ch.Tasks != len(distinct) || listed <= len(distinct) {
		t.Errorf("chase counts %d tasks, %d distinct, %d listed", ch.Tasks, len(distinct), listed)
	}
	found := false
	for _, u := range ch.Units {
		for _, tk := range u.Tasks {
			if tk.Seq == 49 {
				t.Errorf("a done task is chased: %+v", u.Unit)
			}
			if tk.Seq == 47 && tk.Status == progress.StatusBehind {
				found = true
			}
		}
	}
	if !found {
		t.Error("the late task 47 is not chased")
	}
	if r := do(t, h, "GET", "/api/chase?year=2018&status=好", nil, nil); r.status != 400 {
		t.Errorf("an unknown status: %d", r.status)
	}
	r = do(t, h, "GET", "/api/chase?year=2018&status="+progress.StatusBehind+"&format=xlsx", nil, nil)
	x, err := excelize.OpenReader(bytes.NewReader(r.body))
	if r.status != 200 || err != nil {
		t.Fatalf("chase xlsx: %d %v", r.status, err)
	}
	rows, _ := x.GetRows("催办清单")
	// title, about, then each unit's block (the task has two lead units):
	// its name, a header, its task
	if len(rows) != 8 || !strings.HasPrefix(rows[5][0], "区林水局") || !strings.Contains(rows[0][0], "催办清单") || !strings.Contains(rows[2][0], "滞后 1 项") || rows[3][0] != "序号" || rows[4][0] != "47" || rows[4][2] != progress.StatusBehind {
		t.Errorf("chase xlsx rows: %q", rows)
	}
	// printed as the ledger is: A4 landscape, one page wide, page numbers
	// at the foot
	layout, _ := x.GetPageLayout("催办清单")
	hf, _ := x.GetHeaderFooter("催办清单")
	if layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
		!strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("chase xlsx printing: %+v, footer %q", layout, hf.OddFooter)
	}
	st := decode[ProgressStats](t, do(t, h, "GET", "/api/progress/stats?year=2018", nil, nil))
	if st.Total[progress.StatusDone] != 1 || st.Total[progress.StatusBehind] != 1 || len(st.Periods) != 2 || len(st.Units) == 0 {
		t.Errorf("progress stats: %+v", st.Total)
	}
	// search filters and counts by status and period
	b := decode[searchBody](t, do(t, h, "GET", "/api/search?year=2018&status="+progress.StatusBehind, nil, nil))
	if b.Total != 1 || b.Hits[0]["seq"] != float64(47) {
		t.Errorf("status=滞后: %+v", b)
	}
	b = decode[searchBody](t, do(t, h, "GET", "/api/search?size=0&period=2018-Q3", nil, nil))
	if b.Total != 2 {
		t.Errorf("period=2018-Q3: %d", b.Total)
	}
	if r := do(t, h, "GET", "/api/search?status=很好", nil, nil); r.status != 400 {
		t.Errorf("an unknown status: %d", r.status)
	}
	// the ledger carries the status and the latest progress
	r = do(t, h, "GET", "/api/export?format=csv&year=2018&sort=order", nil, nil)
	ledger := string(r.body)
	if r.status != 200 || !strings.Contains(ledger, ",滞后,2018-Q3:") && !strings.Contains(ledger, "滞后") || !strings.Contains(ledger, "进展情况") {
		t.Errorf("ledger: %d %.300s", r.status, ledger)
	}
	// a ledger of the late tasks says so in its name and its filter row
	r = do(t, h, "GET", "/api/export?format=csv&year=2018&status="+progress.StatusBehind+"&period=2018-H1", nil, nil)
	filter := LedgerFilter(index.Request{Years: []int{2018}, Status: []string{progress.StatusBehind}, Period: []string{"2018-H1"}}, nil)
	if name := disposition(t, r); r.status != 200 || !strings.Contains(name, "_滞后_2018年上半年_") ||
		!strings.Contains(filter, "进展状态:滞后") || !strings.Contains(filter, "进度报告:2018 年上半年") {
		t.Errorf("the late tasks' ledger: %d %s, filter row %q", r.status, name, filter)
	}
	four := 0
	for _, line := range strings.Split(ledger, "\n") {
		if strings.HasPrefix(line, "2018,4,") {
			four++
			if !strings.Contains(line, ",未报送,") || !strings.Contains(line, "2018 年上半年:") {
				t.Errorf("task 4 in the ledger: %q", line)
			}
		}
	}
	if four != 1 {
		t.Errorf("task 4 on %d ledger lines", four)
	}
	// removed: served without it
	q3 := decode[[]progress.Report](t, do(t, h, "GET", "/api/progress", nil, nil))[0]
	if r := do(t, h, "DELETE", "/api/progress/"+q3.ID, nil, nil); r.status != 200 {
		t.Fatalf("remove: %d %s", r.status, r.body)
	}
	// (its H1 row says 是 序时 and 已完成全年任务: done)
	if t49 := task(49); t49.Status != progress.StatusDone || t49.Period != "2018-H1" {
		t.Errorf("task 49 after removing Q3: %+v", t49)
	}
	if r := do(t, h, "DELETE", "/api/progress/"+q3.ID, nil, nil); r.status != 404 {
		t.Errorf("removing twice: %d", r.status)
	}
}

func TestProgressReportWithoutPeriod(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	r := uploadTo(t, h, "", "进展.txt", []byte("重点工作推进情况\n序号 | 重点工作任务 | 进展情况 | 是否序时推进 |\n1 | 深化垃圾治理。 | 已完成。 | 是 |\n"))
	if b := decode[ErrorBody](t, r); r.status != 400 || !strings.Contains(b.Error.Message, "时间段") {
		t.Errorf("no period: %d %s", r.status, r.body)
	}
}

// progressDOCX is a progress report as a Word file: the title names the
// period (1-9月), the columns are 进展情况, 存在问题 and 下步打算 without a
// status column, so the status comes from the words.
func progressDOCX(t *testing.T) []byte {
	esc := func(s string) string { return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s) }
	cell := func(s string) string { return "<w:tc><w:p><w:r><w:t>" + esc(s) + "</w:t></w:r></w:p></w:tc>" }
	row := func(cells ...string) string {
		out := "<w:tr>"
		for _, c := range cells {
			out += cell(c)
		}
		return out + "</w:tr>"
	}
	body := `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		"<w:p><w:r><w:t>2018年1-9月重点工作推进情况</w:t></w:r></w:p><w:tbl>" +
		row("序号", "重点工作任务", "牵头单位", "1-9月进展情况", "存在问题", "下步打算") +
		row("49", "深化垃圾治理,全区垃圾分类覆盖面达到80%。", "区城管局", "末端处置设施受选址影响,进度较慢。", "选址难", "加快选址") +
		row("1", "未来科技城要围绕打造创新驱动策源地。", "未来科技城(海创园)", "已完成全年任务。", "", "") +
		"</w:tbl></w:body></w:document>"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(body))
	zw.Close()
	return buf.Bytes()
}

func TestProgressReportAsDOCX(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	r := uploadTo(t, h, "", "1-9月.docx", progressDOCX(t))
	taken := decode[ProgressResult](t, r)
	if r.status != 201 || taken.Report.Period != "2018-Q3" || taken.Matched != 2 {
		t.Fatalf("docx report: %d %s", r.status, r.body)
	}
	t49 := decode[ingest.Task](t, do(t, h, "GET", "/api/tasks/"+id+"-49", nil, nil))
	t1 := decode[ingest.Task](t, do(t, h, "GET", "/api/tasks/"+id+"-1", nil, nil))
	if t49.Status != progress.StatusBehind || t1.Status != progress.StatusDone {
		t.Errorf("status from the words: 49 %q, 1 %q", t49.Status, t1.Status)
	}
	tl := decode[[]progress.Entry](t, do(t, h, "GET", "/api/tasks/"+id+"-49/progress", nil, nil))
	if len(tl) != 1 || tl[0].StatusFrom != "words" || tl[0].Problems != "选址难" || tl[0].Plan != "加快选址" {
		t.Errorf("timeline: %+v", tl)
	}
}

// TestUploadProgressColumnsNotice: an upload whose table has progress
// columns beside its assignments, and whose rows are no task duban holds,
// is the notice itself: kept as a notice, its preview saying it also
// reads as a report (kind_ambiguous). Once its tasks are held, the same
// table uploaded again reports on them.
func TestUploadProgressColumnsNotice(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	raw, err := os.ReadFile("../ingest/testdata/notices/n105-tabs-progress-columns-notice-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := uploadTo(t, h, "dry_run=true", "落实情况.txt", raw)
	up := decode[UploadResult](t, r)
	ambiguous := slices.ContainsFunc(up.Report.Warnings, func(w ingest.Warning) bool { return w.Code == ingest.WarnKindAmbiguous })
	if r.status != 200 || up.TasksMade != 5 || !ambiguous {
		t.Fatalf("preview: %d %.600s", r.status, r.body)
	}
	r = uploadTo(t, h, "", "落实情况.txt", raw)
	if up := decode[UploadResult](t, r); r.status != 201 || up.TasksMade != 5 || up.Outcome != "added" {
		t.Fatalf("import: %d %.600s", r.status, r.body)
	}
	r = uploadTo(t, h, "", "落实情况（二）.txt", []byte(strings.Replace(string(raw), "已建成基站318个", "已建成基站420个", 1)))
	if taken := decode[ProgressResult](t, r); r.status != 201 || taken.Kind != "progress" || taken.Matched != 5 {
		t.Errorf("the same table once its tasks are held: %d %.600s", r.status, r.body)
	}
}

// A file read both ways is taken as the kind the office says (kind=): the
// notice's preview warns kind_ambiguous, kind=progress previews it as a
// report that says it also reads as a notice, kind=notice takes the notice
// even once its tasks are held; a kind the file does not read as, or no
// kind at all, is a 400 that writes nothing.
func TestUploadKindChosen(t *testing.T) {
	s, h := MustOpenServer(t, "", true)
	raw, err := os.ReadFile("../ingest/testdata/notices/n105-tabs-progress-columns-notice-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := uploadTo(t, h, "dry_run=true&kind=progress", "落实情况.txt", raw)
	if taken := decode[ProgressResult](t, r); r.status != 200 || taken.Kind != "progress" || !taken.AlsoNotice {
		t.Fatalf("as a progress report: %d %.600s", r.status, r.body)
	}
	r = uploadTo(t, h, "dry_run=true&kind=notice", "落实情况.txt", raw)
	if up := decode[UploadResult](t, r); r.status != 200 || up.TasksMade != 5 {
		t.Fatalf("as a notice: %d %.600s", r.status, r.body)
	}
	for _, q := range []string{"kind=report", "kind=NOTICE"} {
		if r := uploadTo(t, h, q, "落实情况.txt", raw); r.status != 400 || !strings.Contains(string(r.body), "kind") {
			t.Errorf("%s: %d %.300s", q, r.status, r.body)
		}
	}
	r = uploadTo(t, h, "", "落实情况.txt", raw)
	if up := decode[UploadResult](t, r); r.status != 201 || up.TasksMade != 5 {
		t.Fatalf("import: %d %.600s", r.status, r.body)
	}
	changed := []byte(strings.Replace(string(raw), "已建成基站318个", "已建成基站420个", 1))
	// its tasks held, the table is a report on them by default; the
	// office can still take it as a new version of the notice
	r = uploadTo(t, h, "dry_run=true", "落实情况（二）.txt", changed)
	if taken := decode[ProgressResult](t, r); r.status != 200 || taken.Kind != "progress" || !taken.AlsoNotice {
		t.Fatalf("the same table once its tasks are held: %d %.600s", r.status, r.body)
	}
	r = uploadTo(t, h, "dry_run=true&kind=notice", "落实情况（二）.txt", changed)
	if r.status != 200 && r.status != 409 || strings.Contains(string(r.body), `"kind":"progress"`) {
		t.Errorf("kind=notice once its tasks are held: %d %.600s", r.status, r.body)
	}
	// a plain notice has no progress reading to choose
	plain := []byte("关于印发2023年重点工作的通知\n序号\t重点工作任务\t牵头单位\n1\t新建公园3个。\t区园林局\n2\t新增托位300个。\t区卫健局\n")
	before := s.Store.Documents()
	if r := uploadTo(t, h, "kind=progress", "通知.txt", plain); r.status != 400 || !strings.Contains(string(r.body), "进度报告") {
		t.Errorf("kind=progress on a notice: %d %.300s", r.status, r.body)
	}
	if after := s.Store.Documents(); len(after) != len(before) {
		t.Errorf("a refused kind wrote: %d → %d documents", len(before), len(after))
	}
}
