// Package progress keeps what the units report on their tasks through the
// year, and what the office makes of it: a status per task (已完成, 序时推进,
// 滞后, 逾期, 未报送) and, per unit, what to chase.
//
// A progress report (ingest.ParseProgress) names its period and repeats the
// notice's rows with their progress. Match pairs each row with its task: by
// 序号 where the numbers agree with the text, otherwise by the text within
// the year's notices (a report may renumber, shorten or merge tasks); rows
// that match nothing are kept in the report, never dropped. A report is
// kept in DATA/progress; uploading one again for the same period and title
// replaces its entries (the replaced one is kept as an earlier version).
package progress

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/duban/duban/ingest"
)

// Statuses of a task.
const (
	StatusDone       = "已完成"
	StatusOnSchedule = "序时推进"
	StatusBehind     = "滞后"
	StatusOverdue    = "逾期"
	StatusUnreported = "未报送"
)

// Statuses lists the statuses in the order the page shows them.
var Statuses = []string{StatusDone, StatusOnSchedule, StatusBehind, StatusOverdue, StatusUnreported}

// Entry is one task's progress in one period, as one report says it.
type Entry struct {
	TaskID      string `json:"task_id"`
	DocID       string `json:"doc_id"`
	Seq         int    `json:"seq"`
	Period      string `json:"period"`
	PeriodLabel string `json:"period_label"`
	// Text is the progress as written; Problems and Plan the report's
	// 存在问题 and 下步打算.
	Text     string `json:"text"`
	Problems string `json:"problems"`
	Plan     string `json:"plan"`
	// Status is 已完成, 序时推进 or 滞后; StatusFrom says whence: "column"
	// (the report's own 是否序时推进 or 完成情况, Reported holding what it
	// said) or "words" (the words of the progress text).
	Status     string `json:"status"`
	StatusFrom string `json:"status_from"`
	Reported   string `json:"reported,omitempty"`
	// MatchedBy is "id" (a ledger's task id), "seq" or "text"; Line the
	// report's line.
	MatchedBy string `json:"matched_by"`
	Line      int    `json:"line"`
	// Report is the report's id, Source its file name.
	Report string    `json:"report"`
	Source string    `json:"source"`
	At     time.Time `json:"at"`
	// Who recorded it, for an entry made on the task page (Desk.Record):
	// the name the clerk gave, else how the write came (token, local).
	Who string `json:"who,omitempty"`
}

var (
	doneWords   = regexp.MustCompile(`已完成|已全部完成|全面完成|提前完成|完成全年|已经完成|已如期完成|已竣工|已建成|已投入使用|已办结`)
	behindWords = regexp.MustCompile(`滞后|进度较慢|进展缓慢|推进缓慢|进度缓慢|未启动|尚未启动|尚未开工|未开工|未达序时|未达到序时|落后|未完成|受.{0,8}影响`)
	onWords     = regexp.MustCompile(`序时|按计划|有序推进|正常推进|顺利推进|正在推进|稳步推进|已开工|已启动|推进中|进行中`)
	// finishedWords say the whole task is done, not a part of it: what
	// turns a column's 是 (on schedule) into 已完成. (已完成投资86亿元 is
	// a figure on the way, not the end.)
	finishedWords = regexp.MustCompile(`(?:已|均已|全面|全部|提前|如期)完成(?:了)?(?:全年|年度)?(?:目标)?任务|已全部完成|全面完成|提前完成|已如期完成|已完成全年|已竣工|已建成|已投入使用|已办结`)
)

// StatusOf reads a task's status from what a report says: its own column
// first (是/否 序时, 已完成, 滞后), else the words of its progress text; a
// column's 是 (on schedule) whose text says the whole task is done is
// 已完成. from
// is "column" or "words"; status is "" when neither says anything.
func StatusOf(reported, text string) (status, from string) {
	r := strings.TrimSpace(reported)
	switch {
	case r == "":
	case doneWords.MatchString(r) || r == "完成":
		return StatusDone, "column"
	case r == "否" || strings.HasPrefix(r, "否") || behindWords.MatchString(r) || strings.Contains(r, "未"):
		return StatusBehind, "column"
	case r == "是" || strings.HasPrefix(r, "是") || onWords.MatchString(r) || r == "正常":
		// 是否序时推进: 是 says on schedule; the text may say more (the
		// whole task done)
		if t := strings.TrimSpace(text); finishedWords.MatchString(t) && !behindWords.MatchString(t) {
			return StatusDone, "words"
		}
		return StatusOnSchedule, "column"
	}
	t := strings.TrimSpace(text)
	switch {
	case t == "":
		return "", ""
	case behindWords.MatchString(t):
		return StatusBehind, "words"
	case doneWords.MatchString(t):
		return StatusDone, "words"
	}
	return StatusOnSchedule, "words"
}

// Unmatched is a report row that matches no task, with why.
type Unmatched struct {
	ingest.ProgressRow
	Reason string `json:"reason"`
}

const (
	reasonNoTask   = "在本年度的通知中找不到对应的任务"
	reasonNoNotice = "没有该年度的通知,无法对应任务"
)

// Match pairs the rows of a report with the tasks of notices: by 序号 where
// a notice's task of that number has the row's text (as written, shortened
// or renumbered tasks aside), otherwise by text: the task whose text holds
// most of the row's. A row about several tasks (a merged row) matches each
// task that holds its text nearly as well as the best. Only notices of the
// report's year are considered (all of them when it names none).
//
// The tasks are indexed once per report (taskIndex): each task's character
// pairs are made once, and a row is scored only against the tasks that
// share a pair with it, so a 1,000-row report against a 5,000-task notice
// is a fraction of a second, not a minute.
func Match(pr *ingest.ProgressReport, notices []*ingest.Document) ([]Entry, []Unmatched) {
	var docs []*ingest.Document
	for _, d := range notices {
		if pr.Year == 0 || d.Year == pr.Year {
			docs = append(docs, d)
		}
	}
	var entries []Entry
	var unmatched []Unmatched
	byID := map[string]ingest.Task{}
	for _, d := range docs {
		for _, t := range d.Tasks {
			byID[t.ID] = t
		}
	}
	var ix *taskIndex
	for _, row := range pr.Rows {
		if len(docs) == 0 {
			unmatched = append(unmatched, Unmatched{row, reasonNoNotice})
			continue
		}
		var tasks []ingest.Task
		var by string
		// a ledger's row names its task by id; a task gone since (the
		// notice reparsed) falls back to the row's text
		if t, ok := byID[row.TaskID]; ok && row.TaskID != "" {
			tasks, by = []ingest.Task{t}, "id"
		} else {
			if ix == nil {
				ix = newTaskIndex(docs)
			}
			tasks, by = ix.matchRow(row)
		}
		if len(tasks) == 0 {
			unmatched = append(unmatched, Unmatched{row, reasonNoTask})
			continue
		}
		status, from := StatusOf(row.Status, row.Progress)
		for _, t := range tasks {
			entries = append(entries, Entry{TaskID: t.ID, DocID: t.DocID, Seq: t.Seq, Period: pr.Period, PeriodLabel: pr.PeriodLabel,
				Text: row.Progress, Problems: row.Problems, Plan: row.Plan, Status: status, StatusFrom: from, Reported: row.Status,
				MatchedBy: by, Line: row.Line, Source: pr.Source})
		}
	}
	return entries, unmatched
}

// taskIndex is the tasks of a report's notices, prepared once: each task's
// character pairs, the tasks of each 序号, and which tasks hold each pair.
// Tasks keep the notices' order (a tie goes to the first, as it always
// has).
type taskIndex struct {
	tasks    []*ingest.Task
	grams    []map[string]bool
	bySeq    map[int][]int
	postings map[string][]int // pair → tasks holding it, ascending
	// scratch, reused across rows: shared pairs per task, and the tasks
	// touched
	shared  []int
	touched []int
}

func newTaskIndex(docs []*ingest.Document) *taskIndex {
	ix := &taskIndex{bySeq: map[int][]int{}, postings: map[string][]int{}}
	for _, d := range docs {
		for i := range d.Tasks {
			t := &d.Tasks[i]
			n := len(ix.tasks)
			g := grams(t.Text)
			ix.tasks = append(ix.tasks, t)
			ix.grams = append(ix.grams, g)
			ix.bySeq[t.Seq] = append(ix.bySeq[t.Seq], n)
			for p := range g {
				ix.postings[p] = append(ix.postings[p], n)
			}
		}
	}
	ix.shared = make([]int, len(ix.tasks))
	return ix
}

// matchRow finds the tasks a row is about, and how ("seq" or "text").
func (ix *taskIndex) matchRow(row ingest.ProgressRow) ([]ingest.Task, string) {
	rg := grams(row.Text)
	units := rowGroups(row.Units)
	if row.Seq > 0 {
		for _, i := range ix.bySeq[row.Seq] {
			// the same number and much of the text: the same task
			if score(shared(rg, ix.grams[i]), len(rg), len(ix.grams[i]), units, ix.tasks[i].UnitGroups) >= 0.4 {
				return []ingest.Task{*ix.tasks[i]}, "seq"
			}
		}
	}
	// By text: the task holding most of the row's text; then, while a good
	// part of the row is left that another task holds, that task too (a
	// row reporting on two tasks at once). Only a task sharing a pair with
	// what is left can score 0.5 (a unit alone is 0.1), so only those are
	// scored, in the notices' order.
	left := maps.Clone(rg)
	var out []ingest.Task
	taken := map[string]bool{}
	for len(left) >= 3 {
		ix.touched = ix.touched[:0]
		for g := range left {
			for _, i := range ix.postings[g] {
				if ix.shared[i] == 0 {
					ix.touched = append(ix.touched, i)
				}
				ix.shared[i]++
			}
		}
		best, bestScore := -1, 0.0
		consider := func(i int) {
			t := ix.tasks[i]
			if taken[t.ID] {
				return
			}
			if s := score(ix.shared[i], len(left), len(ix.grams[i]), units, t.UnitGroups); s > bestScore {
				best, bestScore = i, s
			}
		}
		// in the notices' order: sorted when few, else all in turn
		if len(ix.touched) < len(ix.tasks)/16 {
			slices.Sort(ix.touched)
			for _, i := range ix.touched {
				consider(i)
			}
		} else {
			for i, n := range ix.shared {
				if n > 0 {
					consider(i)
				}
			}
		}
		for _, i := range ix.touched {
			ix.shared[i] = 0
		}
		if best < 0 || bestScore < 0.5 {
			break
		}
		t := ix.tasks[best]
		out, taken[t.ID] = append(out, *t), true
		for g := range ix.grams[best] {
			delete(left, g)
		}
		if len(out) == 1 && float64(len(left)) < 0.3*float64(len(rg)) {
			break
		}
	}
	slices.SortFunc(out, func(a, b ingest.Task) int {
		if c := strings.Compare(a.DocID, b.DocID); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	return out, "text"
}

// similarity is how much of a row's text a task's text holds (character
// pairs of the row found in the task), a little of the other way round,
// and a bonus when the row names one of the task's units.
func similarity(row, task map[string]bool, units, groups []string) float64 {
	if len(row) == 0 || len(task) == 0 {
		return 0
	}
	return score(shared(row, task), len(row), len(task), rowGroups(units), groups)
}

// shared counts the pairs of row found in task.
func shared(row, task map[string]bool) int {
	n := 0
	for g := range row {
		if task[g] {
			n++
		}
	}
	return n
}

// rowGroups are the unit groups of the units a row names.
func rowGroups(units []string) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = ingest.UnitGroup(u)
	}
	return out
}

// score is similarity from the counts: shared pairs, the row's and the
// task's; units are the groups of the row's units (rowGroups), groups the
// task's.
func score(shared, row, task int, units, groups []string) float64 {
	if row == 0 || task == 0 {
		return 0
	}
	contained := float64(shared) / float64(row)
	dice := 2 * float64(shared) / float64(row+task)
	s := 0.75*contained + 0.25*dice
	for _, u := range units {
		if slices.Contains(groups, u) {
			s += 0.1
			break
		}
	}
	return s
}

// grams are a text's character pairs, punctuation and spaces aside.
func grams(s string) map[string]bool {
	var rs []rune
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	out := make(map[string]bool, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	if len(rs) == 1 {
		out[string(rs)] = true
	}
	return out
}

// PeriodName is how the page and the ledger write a period: 2018-H1 →
// 2018 年上半年, 2018-Q3 → 2018 年第三季度, 2018-10 → 2018 年 1-10 月,
// 2018 → 2018 年全年; anything else as it is.
func PeriodName(p string) string {
	y, rest, ok := strings.Cut(p, "-")
	switch {
	case p == "":
		return ""
	case !ok:
		return y + " 年全年"
	case rest == "H1":
		return y + " 年上半年"
	case rest == "H2":
		return y + " 年下半年"
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		return y + " 年第" + []string{"一", "二", "三", "四"}[rest[1]-'1'] + "季度"
	}
	if m, err := strconv.Atoi(rest); err == nil && m >= 1 && m <= 12 {
		return fmt.Sprintf("%s 年 1-%d 月", y, m)
	}
	return p
}
