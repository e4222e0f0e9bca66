package api

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// Progress is what the API needs of the progress desk: reports in, kept
// reports, a task's timeline.
type Progress interface {
	Take(ctx context.Context, pr *ingest.ProgressReport, dryRun bool) (*progress.Taken, error)
	// Matched counts a report's rows that match a task duban holds.
	Matched(ctx context.Context, pr *ingest.ProgressReport) (int, error)
	Remove(ctx context.Context, id string) error
	Reports() []progress.Report
	Report(id string) (*progress.Report, error)
	Timeline(taskID string) []progress.Entry
	// Record keeps a task's progress recorded on the task page; Chase a
	// 催办 sent; Chases lists those sent.
	Record(ctx context.Context, t ingest.Task, in progress.Recorded, how string) (*progress.Entry, error)
	Chase(c progress.Chased, how string) (*progress.Chased, error)
	Chases(year int, taskID string) ([]progress.Chased, error)
}

// ProgressResult is the answer to an upload that was a progress report.
type ProgressResult struct {
	// Kind is "progress" (a notice's answer has none).
	Kind string `json:"kind"`
	*progress.Taken
	Matched   int `json:"matched"`
	Unmatched int `json:"unmatched"`
	// AlsoNotice: the file reads as a notice too (kind_ambiguous); the
	// office may take it as one instead (upload with kind=notice).
	AlsoNotice bool `json:"also_notice"`
}

// reportsOnHeldTasks: some row of a file read both as a progress report and
// as a notice (its rows say who does them) matches a task duban holds, so
// it is the report; with none it is the notice itself, its progress filled
// in, and its preview carries kind_ambiguous. A report that names no period
// could not be taken in as one either.
func (s *Server) reportsOnHeldTasks(ctx context.Context, pr *ingest.ProgressReport) bool {
	if s.Progress == nil || pr.Period == "" {
		return false
	}
	n, err := s.Progress.Matched(ctx, pr)
	return err != nil || n > 0 // a failed look is said by Take
}

// takeProgress answers an upload that ParseProgress read as a progress
// report.
func (s *Server) takeProgress(c *gin.Context, pr *ingest.ProgressReport, dryRun, alsoNotice bool) {
	if s.Progress == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不接收进度报告"))
		return
	}
	taken, err := s.Progress.Take(c.Request.Context(), pr, dryRun)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !dryRun {
		r := taken.Report
		s.audit(c, "progress report taken", slog.String("file", r.Source), slog.String("report", r.ID), slog.String("period", r.Period),
			slog.Int("version", r.Version), slog.Int("matched", len(r.Entries)), slog.Int("unmatched", len(r.Unmatched)), slog.Bool("replaced", taken.Replaced))
	}
	status := http.StatusOK
	if !dryRun && !taken.Replaced {
		status = http.StatusCreated
	}
	c.JSON(status, ProgressResult{Kind: "progress", Taken: taken, Matched: len(taken.Report.Entries), Unmatched: len(taken.Report.Unmatched), AlsoNotice: alsoNotice})
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
	s.audit(c, "progress report deleted", slog.String("report", c.Param("id")))
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

// chase answers GET /api/chase?year=Y[&status=…][&unit=…][&format=xlsx|csv]
// (year: by default that of the latest progress report): per lead unit,
// 滞后 and 逾期 first, its tasks of the year that are late (滞后, 逾期) or not
// reported (未报送), or of the statuses asked for; with format, the list
// as the letter's attachment.
func (s *Server) chase(c *gin.Context) {
	year, err := s.chaseYear(c)
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
	if asked := nonEmpty(c.QueryArray("unit")); len(asked) > 0 {
		// the units asked for alone (their letters' attachments), not
		// the other lead units of their tasks
		var groups []string
		for _, u := range asked {
			groups = append(groups, ingest.UnitGroup(u))
		}
		groups = distinctAs(groups, unitAs)
		if only := slices.DeleteFunc(slices.Clone(units), func(u progress.UnitChase) bool { return !slices.Contains(groups, u.Unit) }); len(only) > 0 {
			units = only
		}
	}
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

// chaseYear is the year parameter, or the latest year a progress report
// is for (the office chases what the last report showed, even when a
// later notice is in), else the latest year a notice is for.
func (s *Server) chaseYear(c *gin.Context) (int, error) {
	if c.Query("year") == "" && s.Progress != nil {
		year := 0
		for _, r := range s.Progress.Reports() {
			if !r.Desk {
				year = max(year, r.Year)
			}
		}
		if year != 0 {
			return year, nil
		}
	}
	return s.yearOrLatest(c)
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
