package progress

// Entries made by hand and 催办 sent. The office follows some tasks without
// a unit's report: a phone call, a site visit, a line in a meeting's
// minutes. Record keeps such progress as a report's row is kept — in a
// report of its own per period (Report.Desk), with who and when — so it
// shows on the timeline and counts in the status, the 催办 list and the
// overview like any other. Chased keeps that a 催办 went out: to which
// unit, for which tasks, on which day, by whom, so the next round knows.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

// Recorded is a task's progress as the clerk records it on the task page.
type Recorded struct {
	// Period is YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM.
	Period string `json:"period"`
	Text   string `json:"text"`
	// Status is 已完成, 序时推进 or 滞后; empty: read from the text.
	Status string `json:"status"`
	// Who is the clerk's name (may be empty).
	Who string `json:"who"`
}

// DeskSource is the source named for entries recorded on the task page.
const DeskSource = "督办搜页面登记"

var periodRe = regexp.MustCompile(`^(?:19|20)\d{2}(?:-(?:Q[1-4]|H[12]|0[1-9]|1[0-2]))?$`)

// maxRecordText bounds a recorded entry's words.
const maxRecordText = 4000

// Record keeps one task's progress for a period, made on the task page:
// it replaces what was recorded by hand for the task in that period before
// (a unit's report for the period stays beside it; the later counts), and
// has the task's notice served again with its new status. how says how
// the write came (token, local), named when the clerk gives no name.
func (d *Desk) Record(ctx context.Context, t ingest.Task, in Recorded, how string) (*Entry, error) {
	in.Period, in.Text, in.Who = strings.TrimSpace(in.Period), strings.TrimSpace(in.Text), strings.TrimSpace(in.Who)
	switch {
	case !periodRe.MatchString(in.Period):
		return nil, ingest.Errorf(ingest.EINVALID, "时间段应写成 2019、2019-Q3(第三季度)、2019-H1(上半年)或 2019-06(1-6月),收到 %q", in.Period)
	case in.Text == "" && in.Status == "":
		return nil, ingest.Errorf(ingest.EINVALID, "请填写进展情况或选择状态")
	case utf8.RuneCountInString(in.Text) > maxRecordText:
		return nil, ingest.Errorf(ingest.EINVALID, "进展情况不能超过 %d 字", maxRecordText)
	case utf8.RuneCountInString(in.Who) > 40:
		return nil, ingest.Errorf(ingest.EINVALID, "登记人不能超过 40 字")
	case in.Status != "" && !slices.Contains([]string{StatusDone, StatusOnSchedule, StatusBehind}, in.Status):
		return nil, ingest.Errorf(ingest.EINVALID, "状态应为 已完成、序时推进 或 滞后(逾期、未报送由督办搜判断),收到 %q", in.Status)
	}
	status, from := in.Status, "desk"
	if status == "" {
		status, from = StatusOf("", in.Text)
	}
	who := in.Who
	if who == "" {
		who = how
	}
	year, _ := strconv.Atoi(in.Period[:4])
	now := d.now().UTC().Truncate(time.Second)
	id := ReportID(in.Period, DeskSource)
	e := Entry{TaskID: t.ID, DocID: t.DocID, Seq: t.Seq, Period: in.Period, PeriodLabel: PeriodName(in.Period), Text: in.Text,
		Status: status, StatusFrom: from, MatchedBy: "desk", Report: id, Source: DeskSource, At: now, Who: who}
	if err := d.Book.record(id, year, e); err != nil {
		return nil, err
	}
	if _, err := d.Notices.Refresh(ctx, []string{t.DocID}); err != nil {
		return nil, err
	}
	return &e, nil
}

// record adds e to the desk report id (made when there is none), in place
// of the task's earlier entry there.
func (b *Book) record(id string, year int, e Entry) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.reports[id]
	r := &Report{ID: id, Period: e.Period, PeriodLabel: e.PeriodLabel, Year: year, Title: "在督办搜页面登记的进展", Source: DeskSource, Desk: true, Unmatched: []Unmatched{}}
	if old != nil {
		c := *old
		r = &c
		r.Entries = slices.DeleteFunc(slices.Clone(old.Entries), func(x Entry) bool { return x.TaskID == e.TaskID })
	}
	r.Entries = append(r.Entries, e)
	r.Rows, r.At = len(r.Entries), e.At
	_, err := b.save(r)
	return err
}

// Chased is a 催办 that went out: to one unit, for its tasks, on a day, by
// someone.
type Chased struct {
	Unit  string   `json:"unit"`
	Tasks []string `json:"tasks"`
	// Date is the day it went out (YYYY-MM-DD); At when it was recorded.
	Date string    `json:"date"`
	Who  string    `json:"who"`
	Note string    `json:"note,omitempty"`
	Year int       `json:"year"`
	At   time.Time `json:"at"`
}

// chasesFile keeps the 催办 sent, beside the reports (so a backup holds
// it); its name is not a report's.
const chasesFile = "chases.jsonl"

// Chases lists the 催办 sent, the latest first: those of a year (0: all),
// for a task ("" for any).
func (b *Book) Chases(year int, taskID string) ([]Chased, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	all, err := b.readChases()
	if err != nil {
		return nil, err
	}
	out := []Chased{}
	for _, c := range all {
		if (year == 0 || c.Year == year) && (taskID == "" || slices.Contains(c.Tasks, taskID)) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, c Chased) int {
		if k := strings.Compare(c.Date, a.Date); k != 0 {
			return k
		}
		return c.At.Compare(a.At)
	})
	return out, nil
}

func (b *Book) readChases() ([]Chased, error) {
	raw, err := os.ReadFile(filepath.Join(b.dir, chasesFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Chased
	for i, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var c Chased
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, ingest.Errorf(ingest.ECORRUPT, "催办记录 %s 第 %d 行已损坏", chasesFile, i+1)
		}
		out = append(out, c)
	}
	return out, nil
}

// Chase records a 催办 sent. how names the write when the clerk gives no
// name.
func (d *Desk) Chase(c Chased, how string) (*Chased, error) {
	c.Unit, c.Who, c.Note, c.Date = strings.TrimSpace(c.Unit), strings.TrimSpace(c.Who), strings.TrimSpace(c.Note), strings.TrimSpace(c.Date)
	if c.Date == "" {
		c.Date = d.now().Format("2006-01-02")
	}
	day, err := time.Parse("2006-01-02", c.Date)
	switch {
	case c.Unit == "":
		return nil, ingest.Errorf(ingest.EINVALID, "请写明催办的单位")
	case len(c.Tasks) == 0:
		return nil, ingest.Errorf(ingest.EINVALID, "请写明催办的任务")
	case len(c.Tasks) > 1000:
		return nil, ingest.Errorf(ingest.EINVALID, "一次催办的任务不能超过 1000 项")
	case err != nil:
		return nil, ingest.Errorf(ingest.EINVALID, "日期应写成 2019-07-15,收到 %q", c.Date)
	case utf8.RuneCountInString(c.Unit) > 100 || utf8.RuneCountInString(c.Who) > 40 || utf8.RuneCountInString(c.Note) > 1000:
		return nil, ingest.Errorf(ingest.EINVALID, "单位、催办人或备注过长")
	}
	if c.Year == 0 {
		c.Year = day.Year()
	}
	if c.Who == "" {
		c.Who = how
	}
	c.At = d.now().UTC().Truncate(time.Second)
	b := d.Book
	b.mu.Lock()
	defer b.mu.Unlock()
	all, err := b.readChases()
	if err != nil {
		return nil, err
	}
	all = append(all, c)
	var buf strings.Builder
	for _, x := range all {
		line, _ := json.Marshal(x)
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := atomicfile.Write(filepath.Join(b.dir, chasesFile), []byte(buf.String())); err != nil {
		return nil, err
	}
	return &c, nil
}
