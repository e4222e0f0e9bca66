package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// Progress is what the API needs of the progress desk: reports in, kept
// reports, a task's timeline.
type Progress interface {
	Take(ctx context.Context, pr *ingest.ProgressReport, dryRun bool) (*progress.Taken, error)
	Remove(ctx context.Context, id string) error
	Reports() []progress.Report
	Report(id string) (*progress.Report, error)
	Timeline(taskID string) []progress.Entry
}

// ProgressResult is the answer to an upload that was a progress report.
type ProgressResult struct {
	// Kind is "progress" (a notice's answer has none).
	Kind string `json:"kind"`
	*progress.Taken
	Matched   int `json:"matched"`
	Unmatched int `json:"unmatched"`
}

// takeProgress answers an upload that ParseProgress read as a progress
// report.
func (s *Server) takeProgress(c *gin.Context, pr *ingest.ProgressReport, dryRun bool) {
	if s.Progress == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不接收进度报告"))
		return
	}
	taken, err := s.Progress.Take(c.Request.Context(), pr, dryRun)
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if !dryRun && !taken.Replaced {
		status = http.StatusCreated
	}
	c.JSON(status, ProgressResult{Kind: "progress", Taken: taken, Matched: len(taken.Report.Entries), Unmatched: len(taken.Report.Unmatched)})
}

// progressReports answers GET /api/progress: the kept reports, the latest
// period first.
func (s *Server) progressReports(c *gin.Context) {
	if s.Progress == nil {
		c.JSON(http.StatusOK, []progress.Report{})
		return
	}
	c.JSON(http.StatusOK, s.Progress.Reports())
}

// progressReport answers GET /api/progress/:id: a report with its entries
// and the rows that matched nothing.
func (s *Server) progressReport(c *gin.Context) {
	if s.Progress == nil {
		s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "没有进度报告"))
		return
	}
	r, err := s.Progress.Report(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// removeProgress answers DELETE /api/progress/:id.
func (s *Server) removeProgress(c *gin.Context) {
	if s.Progress == nil {
		s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "没有进度报告"))
		return
	}
	if err := s.Progress.Remove(c.Request.Context(), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": c.Param("id")})
}

// taskProgress answers GET /api/tasks/:id/progress: the task's progress,
// period by period.
func (s *Server) taskProgress(c *gin.Context) {
	if _, err := s.Store.Task(c.Request.Context(), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	tl := []progress.Entry{}
	if s.Progress != nil {
		tl = append(tl, s.Progress.Timeline(c.Param("id"))...)
	}
	c.JSON(http.StatusOK, tl)
}

// ChaseAnswer is the 催办 list: per unit, the tasks to chase.
type ChaseAnswer struct {
	Year     int                  `json:"year"`
	Statuses []string             `json:"statuses"`
	Units    []progress.UnitChase `json:"units"`
	// Tasks counts each task once, though a task of two units is listed
	// under both.
	Tasks int `json:"tasks"`
	// Years are the years with notices, newest first: what the page
	// offers to choose from.
	Years []int `json:"years"`
}

// chase answers GET /api/chase?year=Y[&status=…][&unit=…][&format=xlsx|csv]:
// per lead unit, its tasks of the year that are late (滞后, 逾期) or not
// reported (未报送), or of the statuses asked for; with format, the list
// as the letter's attachment.
func (s *Server) chase(c *gin.Context) {
	year, err := s.yearOrLatest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	statuses := nonEmpty(c.QueryArray("status"))
	for _, st := range statuses {
		if !slices.Contains(progress.Statuses, st) {
			s.fail(c, ingest.Errorf(ingest.EINVALID, "status 应为 %s 之一,收到 %q", strings.Join(progress.Statuses, "、"), st))
			return
		}
	}
	if len(statuses) == 0 {
		statuses = []string{progress.StatusBehind, progress.StatusOverdue, progress.StatusUnreported}
	}
	unitAs, _, err := s.identities(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	var tasks []ingest.Task
	err = s.Store.ScanAll(c.Request.Context(), index.Request{Years: []int{year}, Units: nonEmpty(c.QueryArray("unit")), Sort: index.SortOrder}, nil, func(t ingest.Task) error {
		// listed under the unit as the office's vocabulary names it, as
		// the unit filter above takes it (every spelling)
		t.UnitGroups = distinctAs(t.UnitGroups, unitAs)
		tasks = append(tasks, t)
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	units := progress.Chase(tasks, statuses)
	ans := ChaseAnswer{Year: year, Statuses: statuses, Units: units, Years: []int{}}
	seen := map[string]bool{}
	for _, u := range units {
		for _, t := range u.Tasks {
			if !seen[t.ID] {
				seen[t.ID] = true
				ans.Tasks++
			}
		}
	}
	for _, d := range s.Store.Documents() {
		if !slices.Contains(ans.Years, d.Year) {
			ans.Years = append(ans.Years, d.Year)
		}
	}
	slices.SortFunc(ans.Years, func(a, b int) int { return b - a })
	switch c.Query("format") {
	case "":
		c.JSON(http.StatusOK, ans)
	case ExportXLSX:
		s.chaseXLSX(c, ans)
	default:
		s.fail(c, ingest.Errorf(ingest.EINVALID, "format 应为 xlsx"))
	}
}

// chaseXLSX writes the 催办 list as a workbook: a title row, then per
// unit its tasks with their status, latest progress and deadline, ready to
// attach to the letter.
func (s *Server) chaseXLSX(c *gin.Context, ans ChaseAnswer) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "催办清单"
	f.SetSheetName("Sheet1", sheet)
	title := fmt.Sprintf("%d 年重点工作催办清单(%s)", ans.Year, strings.Join(ans.Statuses, "、"))
	f.SetCellValue(sheet, "A1", title)
	f.MergeCell(sheet, "A1", "G1")
	f.SetCellValue(sheet, "A2", fmt.Sprintf("共 %d 个单位、%d 项任务;导出于 %s", len(ans.Units), ans.Tasks, s.now().Format("2006年1月2日")))
	f.MergeCell(sheet, "A2", "G2")
	header := []any{"牵头单位", "序号", "任务", "状态", "最新进展", "完成时限", "牵头领导"}
	f.SetSheetRow(sheet, "A3", &header)
	row := 4
	for _, u := range ans.Units {
		for _, t := range u.Tasks {
			progressText := t.Progress
			if t.Period != "" && progressText != "" {
				progressText = progress.PeriodName(t.Period) + ":" + progressText
			}
			f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &[]any{u.Unit, t.Seq, t.Text, t.Status, progressText, t.Deadline, strings.Join(t.Leaders, "、")})
			row++
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	f.SetCellStyle(sheet, "A1", "A1", bold)
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Border: []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}})
	f.SetCellStyle(sheet, "A3", fmt.Sprintf("G%d", max(row-1, 3)), wrap)
	for i, w := range []float64{18, 6, 50, 9, 36, 12, 12} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, w)
	}
	// printed as the letter's attachment, as the ledger is
	if err := printOnA4(f, sheet, 3); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("催办清单_%d_%s.xlsx", ans.Year, s.now().Format("20060102"))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="chase.xlsx"; filename*=UTF-8''%s`, url.PathEscape(name)))
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	if err := f.Write(c.Writer); err != nil {
		s.logger().Error("chase export", "err", err)
	}
}

// StatusCounts are tasks by status for one leader or unit.
type StatusCounts struct {
	Name   string         `json:"name"`
	Counts map[string]int `json:"counts"`
	Total  int            `json:"total"`
}

// ProgressStats is the overview of the year's progress: tasks by status,
// per unit group and per leader (the page draws them as stacked bars).
type ProgressStats struct {
	Year     int            `json:"year"`
	Statuses []string       `json:"statuses"`
	Total    map[string]int `json:"total"`
	Units    []StatusCounts `json:"units"`
	Leaders  []StatusCounts `json:"leaders"`
	Periods  []string       `json:"periods"`
}

// yearOrLatest is the year parameter, or the latest year a notice is for.
func (s *Server) yearOrLatest(c *gin.Context) (int, error) {
	year, err := intParam(c, "year", 0)
	if err != nil || year != 0 {
		return year, err
	}
	for _, d := range s.Store.Documents() {
		year = max(year, d.Year)
	}
	return year, nil
}

// progressStats answers GET /api/progress/stats?year=Y.
func (s *Server) progressStats(c *gin.Context) {
	year, err := s.yearOrLatest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := ProgressStats{Year: year, Statuses: progress.Statuses, Total: map[string]int{}, Units: []StatusCounts{}, Leaders: []StatusCounts{}, Periods: []string{}}
	units, leaders := map[string]*StatusCounts{}, map[string]*StatusCounts{}
	add := func(m map[string]*StatusCounts, name, status string) {
		sc := m[name]
		if sc == nil {
			sc = &StatusCounts{Name: name, Counts: map[string]int{}}
			m[name] = sc
		}
		sc.Counts[status]++
		sc.Total++
	}
	unitAs, leaderAs, err := s.identities(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	err = s.Store.ScanAll(c.Request.Context(), index.Request{Years: []int{year}}, nil, func(t ingest.Task) error {
		st := t.Status
		if st == "" {
			st = "未知"
		}
		out.Total[st]++
		// by identity, a task once for each (as the stats count)
		for _, g := range distinctAs(t.UnitGroups, unitAs) {
			add(units, g, st)
		}
		for _, l := range distinctAs(t.Leaders, leaderAs) {
			add(leaders, l, st)
		}
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	sorted := func(m map[string]*StatusCounts) []StatusCounts {
		list := make([]StatusCounts, 0, len(m))
		for _, v := range m {
			list = append(list, *v)
		}
		slices.SortFunc(list, func(a, b StatusCounts) int {
			if a.Total != b.Total {
				return b.Total - a.Total
			}
			return strings.Compare(a.Name, b.Name)
		})
		return list
	}
	out.Units, out.Leaders = sorted(units), sorted(leaders)
	if s.Progress != nil {
		for _, r := range s.Progress.Reports() {
			if r.Year == year && !slices.Contains(out.Periods, r.Period) {
				out.Periods = append(out.Periods, r.Period)
			}
		}
	}
	c.JSON(http.StatusOK, out)
}
