package ingest

// Progress reports: the second kind of document the office receives. Each
// month or quarter the lead units report how their tasks go, usually as a
// table that repeats the notice's rows and adds columns such as 1-6月进展
// 情况, 完成情况, 是否序时推进, 存在问题, 下步打算. ParseProgress recognises
// such a table by its columns (in any format Read reads), names the period
// it covers from its title or its progress column (1-6月 → 2019-H1,
// 三季度 → 2019-Q3, 10月 → 2019-10), and reads each row's progress. Which
// task a row is about is decided later, against the notice (package
// progress), because a report may renumber, shorten or merge tasks.

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProgressReport is a progress report as read from its file.
type ProgressReport struct {
	Notice
	// Period names what the report covers: YYYY-MM (through that month),
	// YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY (the whole year); empty when neither
	// title nor column says.
	Period string `json:"period"`
	// PeriodLabel is how the file wrote it (1-6月, 三季度).
	PeriodLabel string        `json:"period_label"`
	Rows        []ProgressRow `json:"rows"`
	Report      *Report       `json:"report"`
	// Ledger is true when the file is duban's own ledger filled in (it has
	// the LedgerTaskID column): its rows name their tasks by id, its
	// progress column names the period, and rows left as exported are not
	// news (package progress skips them).
	Ledger bool `json:"ledger,omitempty"`
}

// LedgerTaskID is the ledger's column of task ids (hidden in the XLSX):
// what matches a filled-in ledger's rows to their tasks when it comes back.
const LedgerTaskID = "任务编号"

// ProgressRow is one row of a progress report: the task as the report
// writes it, and its progress.
type ProgressRow struct {
	Line int `json:"line"`
	// Seq is the row's 序号 (0 when it has none); Text, Leaders and Units
	// the task as the report repeats it.
	Seq     int      `json:"seq"`
	Text    string   `json:"text"`
	Leaders []string `json:"leaders"`
	Units   []string `json:"units"`
	// Progress is the progress text (进展情况); Status what the report's
	// own column says (是/否 序时, 已完成, 滞后), as written; Problems and
	// Plan the 存在问题 and 下步打算 columns.
	Progress string `json:"progress"`
	Status   string `json:"status"`
	Problems string `json:"problems"`
	Plan     string `json:"plan"`
	// Section is the heading the row stands under.
	Section string            `json:"section,omitempty"`
	Extra   map[string]string `json:"extra,omitempty"`
	// TaskID is the task's id as a ledger (LedgerTaskID) names it.
	TaskID string `json:"task_id,omitempty"`
	// Since is, in a ledger, the period the progress text was written for
	// when the cell still begins with it (2019 年上半年:…, as the export
	// writes the latest report's words); "" otherwise.
	Since string `json:"since,omitempty"`
}

// Kinds of progress columns.
const (
	progProgress = "progress"
	progStatus   = "status"
	progProblems = "problems"
	progPlan     = "plan"
)

var (
	statusColRe   = regexp.MustCompile(`是否|序时|达序|状态|评价|评定|等级|完成状态`)
	problemsColRe = regexp.MustCompile(`问题|困难`)
	planColRe     = regexp.MustCompile(`下步|下一步|打算|计划|措施`)
	progressColRe = regexp.MustCompile(`进展|推进情况|完成情况|落实情况|实施情况|工作进度|进度|执行情况`)
	// the words of a title that make a table a progress report
	progressTitleRe = regexp.MustCompile(`进展|推进情况|完成情况|落实情况|进度|督查情况|工作情况`)
)

// progressKind says which progress column a header name is: progress,
// status, problems or plan; "" for none.
func progressKind(name string) string {
	name = headerName(name)
	switch {
	case statusColRe.MatchString(name):
		return progStatus
	case problemsColRe.MatchString(name):
		return progProblems
	case planColRe.MatchString(name) && !strings.Contains(name, "计划完成"):
		return progPlan
	case progressColRe.MatchString(name):
		return progProgress
	}
	return ""
}

// ParseProgress reads a source as a progress report. ok is false when the
// source is not one: no table with a task column and a progress column, or
// a notice that only carries one progress column beside its assignments (a
// 完成情况 column of a task list), unless its title says it reports
// progress.
func ParseProgress(src *Source) (*ProgressReport, bool) {
	return progressOf(src, joinStackedHeaders(blocksOf(src)))
}

// progressOf is ParseProgress on the source's blocks, read once for both
// readings.
func progressOf(src *Source, blocks []block) (*ProgressReport, bool) {
	at := -1
	var hdr *header
	for i, b := range blocks {
		if !b.row {
			continue
		}
		if h, ok := readHeader(b.cells, true); ok {
			at, hdr = i, h
			break
		}
	}
	if at < 0 {
		return nil, false
	}
	kinds := map[string]int{}
	for i, n := range hdr.names {
		if hdr.cols[i] == colText {
			continue // 整改措施 holding a rectification list's tasks: no plan reported
		}
		if k := progressKind(n); k != "" {
			kinds[k]++
		}
	}
	rep := &Report{LinesRead: len(blocks), Unused: []UnusedLine{}, Warnings: []Warning{}}
	pr := &ProgressReport{Notice: Notice{Source: src.Name, Format: src.Format, Checksum: src.Checksum}, Report: rep}
	doc := &Document{Notice: pr.Notice}
	readMetadata(doc, blocks[:at], nil, rep)
	pr.Notice = doc.Notice
	titled := progressTitleRe.MatchString(pr.Title)
	_, status := kinds[progStatus]
	if !titled && len(kinds) < 2 && !status {
		return nil, false
	}
	tasks := readTable(blocks, at, rep, true, false)
	var progressHeader string
	for _, n := range hdr.names {
		if progressKind(n) == progProgress && progressHeader == "" {
			progressHeader = n
		}
		if headerName(n) == LedgerTaskID {
			// duban's own ledger names its tasks by duban's ids; an office
			// system's 任务编号 (QH-ZD-2025-01) is its own code
			pr.Ledger = slices.ContainsFunc(tasks, func(t Task) bool { return ledgerTaskIDRe.MatchString(strings.TrimSpace(t.Extra[n])) })
		}
	}
	for _, t := range tasks {
		row := ProgressRow{Seq: t.Seq, Text: t.Text, Leaders: t.Leaders, Units: t.Units, Section: t.Section}
		for k, v := range t.Extra {
			switch progressKind(k) {
			case progProgress:
				row.Progress = joinNonEmpty(row.Progress, v)
			case progStatus:
				row.Status = joinNonEmpty(row.Status, v)
			case progProblems:
				row.Problems = joinNonEmpty(row.Problems, v)
			case progPlan:
				row.Plan = joinNonEmpty(row.Plan, v)
			default:
				if pr.Ledger && headerName(k) == LedgerTaskID {
					row.TaskID = strings.TrimSpace(v)
					continue
				}
				if k != "原编号" {
					if row.Extra == nil {
						row.Extra = map[string]string{}
					}
					row.Extra[k] = v
				}
			}
		}
		pr.Rows = append(pr.Rows, row)
	}
	// a 完成情况 column of short words is the status, not the text
	if len(pr.Rows) > 0 && status == false {
		short := 0
		for _, r := range pr.Rows {
			if r.Progress != "" && utf8.RuneCountInString(r.Progress) <= 6 {
				short++
			}
		}
		if short*2 > len(pr.Rows) {
			for i := range pr.Rows {
				pr.Rows[i].Status, pr.Rows[i].Progress = pr.Rows[i].Progress, ""
			}
		}
	}
	year := pr.Year
	pr.Period, pr.PeriodLabel = periodOf(pr.Title, year)
	if pr.Period == "" || pr.Ledger {
		// a ledger's progress column names the period the clerk filled
		// in (the export names one, the clerk may change it)
		p, l := periodOf(progressHeader, 0) // the year it names, if it names one
		if p == "" {
			p, l = periodOf(progressHeader, year)
		}
		if p != "" {
			pr.Period, pr.PeriodLabel = p, l
		}
	}
	if pr.Ledger {
		readLedgerRows(pr)
	}
	rep.TasksMade = len(pr.Rows)
	if !titled && !pr.Ledger && !reportsAnything(pr.Rows) {
		// evidence from the rows: a table whose progress columns are all
		// empty reports nothing; with its assignments it is a notice (a
		// list printed with a blank column for the answers to come)
		return nil, false
	}
	return pr, len(pr.Rows) > 0
}

// Assigns reports whether the report's rows say who does them (a leader
// or a unit beside the progress), as a notice's rows do: such a file may be
// the notice itself with its progress filled in, to be read as one when
// its rows match no task duban holds. duban's own ledger never is.
func (pr *ProgressReport) Assigns() bool {
	if pr.Ledger {
		return false
	}
	for _, r := range pr.Rows {
		if len(r.Units) > 0 || len(r.Leaders) > 0 {
			return true
		}
	}
	return false
}

// ledgerTaskIDRe is a task's id as duban writes it in its ledger: the
// document's year and hash, then the task's number (2025-856c869aa9-1).
var ledgerTaskIDRe = regexp.MustCompile(`^\d{1,4}-[0-9a-f]{10}-\d{1,5}$`)

// ledgerPrefix is how the export writes the latest report's words in the
// progress column: its period's name first (2019 年上半年:…).
var ledgerPrefix = regexp.MustCompile(`^\s*((?:19|20)\d{2}\s*年[^:：\n]{1,12})[:：]`)

// readLedgerRows reads what a ledger's rows carry as duban wrote them: the
// period prefix of the progress text (into Since), and the statuses duban
// computes (未报送, 逾期), which are not a unit's word and are dropped. A
// ledger's year is its period's.
func readLedgerRows(pr *ProgressReport) {
	if len(pr.Period) >= 4 {
		pr.Year, _ = strconv.Atoi(pr.Period[:4])
	}
	for i := range pr.Rows {
		r := &pr.Rows[i]
		if m := ledgerPrefix.FindStringSubmatch(r.Progress); m != nil {
			if p, _ := periodOf(m[1], 0); p != "" {
				r.Since = p
				r.Progress = strings.TrimSpace(r.Progress[len(m[0]):])
			}
		}
		if s := strings.TrimSpace(r.Status); s == "未报送" || s == "逾期" {
			r.Status = ""
		}
	}
}

// reportsAnything: some row says how its task went.
func reportsAnything(rows []ProgressRow) bool {
	for _, r := range rows {
		if r.Progress != "" || r.Status != "" || r.Problems != "" || r.Plan != "" {
			return true
		}
	}
	return false
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

var (
	periodRangeRe   = regexp.MustCompile(`(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[-—~至到]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月`)
	periodQuarterRe = regexp.MustCompile(`(?:第)?([一二三四1-4])\s*季度`)
	periodFirstQRe  = regexp.MustCompile(`前\s*三\s*季度`)
	periodHalfRe    = regexp.MustCompile(`(上|下)\s*半年`)
	periodMonthRe   = regexp.MustCompile(`(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?`)
	periodYearRe    = regexp.MustCompile(`全年|年度`)
)

// periodOf names the period a title or column covers. A report through a
// month counts from the year's start: 1-6月 is the first half (H1), 1-3月
// Q1, 1-9月 Q3, 1-12月 the year, 1-10月 October.
func periodOf(s string, year int) (id, label string) {
	s = foldDigits(s)
	if year == 0 {
		if m := yearRe.FindStringSubmatch(s); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
	}
	if year == 0 {
		return "", ""
	}
	y := strconv.Itoa(year)
	monthNum := func(t string) int {
		if n, err := strconv.Atoi(t); err == nil {
			return n
		}
		return cnNumber(t)
	}
	through := func(m int) string {
		switch m {
		case 3:
			return y + "-Q1"
		case 6:
			return y + "-H1"
		case 9:
			return y + "-Q3"
		case 12:
			return y
		}
		return y + "-" + twoDigits(m)
	}
	switch {
	case periodRangeRe.MatchString(s):
		m := periodRangeRe.FindStringSubmatch(s)
		if to := monthNum(m[2]); to >= 1 && to <= 12 {
			return through(to), m[0]
		}
	case periodFirstQRe.MatchString(s):
		return y + "-Q3", periodFirstQRe.FindString(s)
	case periodQuarterRe.MatchString(s):
		m := periodQuarterRe.FindStringSubmatch(s)
		q := strings.Index("一二三四", m[1])/3 + 1
		if n, err := strconv.Atoi(m[1]); err == nil {
			q = n
		}
		return y + "-Q" + strconv.Itoa(q), m[0]
	case periodHalfRe.MatchString(s):
		m := periodHalfRe.FindStringSubmatch(s)
		if m[1] == "上" {
			return y + "-H1", m[0]
		}
		return y + "-H2", m[0]
	case periodMonthRe.MatchString(s):
		m := periodMonthRe.FindStringSubmatch(s)
		if n := monthNum(m[1]); n >= 1 && n <= 12 {
			return through(n), m[0]
		}
	case periodYearRe.MatchString(s):
		return y, periodYearRe.FindString(s)
	}
	return "", ""
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
