package progress

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/duban/duban/ingest"
)

// StatusAt is a task's status on a day: its latest report's status, except
//   - 未报送 when reports came in for the latest period of its year and none
//     for this task (a task already done stays done);
//   - 逾期 when its deadline has passed and it is not done (also when no
//     report ever said anything of it).
//
// latest is the task's latest entry (ok false for none) and period the
// latest period reported for its year ("" for none).
func StatusAt(t ingest.Task, latest Entry, ok bool, period string, today time.Time) string {
	status := ""
	switch {
	case ok && latest.Status == StatusDone:
		return StatusDone
	case period != "" && (!ok || PeriodKey(latest.Period) < PeriodKey(period)):
		status = StatusUnreported
	case ok:
		status = latest.Status
	}
	if t.Due != "" {
		if due, err := time.Parse("2006-01-02", t.Due); err == nil && today.After(due.AddDate(0, 0, 1)) {
			return StatusOverdue
		}
	}
	return status
}

// Annotate returns a copy of doc whose tasks carry their status on today
// and their latest progress (period and text), as the index serves them;
// doc itself, as parsed, is left alone. The copy's Progress names the
// annotation, so the index writes it again when it changes.
func (b *Book) Annotate(doc *ingest.Document, today time.Time) *ingest.Document {
	latest, period := b.Latest(doc.ID, doc.Year)
	out := *doc
	out.Tasks = make([]ingest.Task, len(doc.Tasks))
	h := sha256.New()
	for i, t := range doc.Tasks {
		e, ok := latest[t.ID]
		t.Status = StatusAt(t, e, ok, period, today)
		t.Period, t.Progress = "", ""
		if ok {
			t.Period, t.Progress = e.Period, e.Text
		}
		out.Tasks[i] = t
		h.Write([]byte(t.ID + "\x00" + t.Status + "\x00" + t.Period + "\x00" + t.Progress + "\x00"))
	}
	out.Progress = hex.EncodeToString(h.Sum(nil))[:16]
	return &out
}

// UnitChase is what one unit is to be chased for in a period: its tasks
// that are late (滞后, 逾期) or not reported.
type UnitChase struct {
	Unit  string        `json:"unit"`
	Tasks []ingest.Task `json:"tasks"`
	// Counts by status: 滞后, 逾期, 未报送.
	Counts map[string]int `json:"counts"`
}

// Chase lists, per lead unit (by unit group), the tasks of the given
// statuses (滞后, 逾期 and 未报送 by default): the 催办 list. tasks carry
// their status (Annotate). Units with most late (滞后, 逾期) tasks come
// first, then those with most to chase; within a unit 滞后 and 逾期 come
// before 未报送.
func Chase(tasks []ingest.Task, statuses []string) []UnitChase {
	if len(statuses) == 0 {
		statuses = []string{StatusBehind, StatusOverdue, StatusUnreported}
	}
	by := map[string]*UnitChase{}
	for _, t := range tasks {
		if !slices.Contains(statuses, t.Status) {
			continue
		}
		groups := t.UnitGroups
		if len(groups) == 0 {
			groups = []string{"(未写明牵头单位)"}
		}
		for _, g := range groups {
			c := by[g]
			if c == nil {
				c = &UnitChase{Unit: g, Counts: map[string]int{}}
				by[g] = c
			}
			c.Tasks = append(c.Tasks, t)
			c.Counts[t.Status]++
		}
	}
	out := make([]UnitChase, 0, len(by))
	for _, c := range by {
		slices.SortFunc(c.Tasks, func(a, b ingest.Task) int {
			if k := chaseRank(a.Status) - chaseRank(b.Status); k != 0 {
				return k
			}
			if a.Year != b.Year {
				return b.Year - a.Year
			}
			if c := strings.Compare(a.DocID, b.DocID); c != 0 {
				return c
			}
			return a.Seq - b.Seq
		})
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b UnitChase) int {
		late := func(u UnitChase) int { return u.Counts[StatusBehind] + u.Counts[StatusOverdue] }
		if k := late(b) - late(a); k != 0 {
			return k
		}
		if len(a.Tasks) != len(b.Tasks) {
			return len(b.Tasks) - len(a.Tasks)
		}
		return strings.Compare(a.Unit, b.Unit)
	})
	return out
}

// chaseRank orders statuses in the 催办 list: late first.
func chaseRank(status string) int {
	switch status {
	case StatusBehind:
		return 0
	case StatusOverdue:
		return 1
	case StatusUnreported:
		return 2
	}
	return 3
}
