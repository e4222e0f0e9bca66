package ingest

// The one place that chooses between readings (readings.go). Each reading
// is scored by how well it explains the document; the highest wins, a tie
// going to the reader listed first. Every term is here, with its weight.

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The score's terms. A task earns for what a notice's task has; a reading
// loses for what a misreading leaves behind.
const (
	// scoreTask: each task found, so a reading that explains more of the
	// document is preferred when its tasks are as sound.
	scoreTask = 1.0
	// scoreUnit: a task with a lead unit, every unit of a unit's shape.
	scoreUnit = 2.0
	// scoreNoUnit: a task without a lead unit. A notice gives every task
	// to a unit; a reading that makes tasks of items no unit is named for
	// (a 目标责任书's clauses under a leader named at its top) explains the
	// document less well than one that finds the unit.
	scoreNoUnit = -1.0
	// scoreLeader: a task whose leaders (if any) all have a person's shape.
	scoreLeader = 0.5
	// scoreOdd: per task with a unit or a leader not of its shape (a
	// sentence in the units column, a unit taken for a leader).
	scoreOdd = -2.0
	// scoreResidue: per task whose text still holds an assignment (牵头单位：,
	// 联系县领导：, 【, 〔): the reading did not consume it.
	scoreResidue = -3.0
	// scoreHeading: per task whose text is a heading.
	scoreHeading = -3.0
	// scoreHole: per hole or repeat in the numbering (a restart at 1 is
	// none).
	scoreHole = -1.0
	// scoreUnused: per line of content (ten characters or more, not page
	// chrome) the reading left unused.
	scoreUnused = -0.3
)

// scoreOf scores a reading by the terms above.
func scoreOf(r *reading) float64 {
	s := 0.0
	for i := range r.doc.Tasks {
		t := &r.doc.Tasks[i]
		s += scoreTask
		odd := len(oddUnits(t)) > 0 || len(oddLeaders(t)) > 0
		if len(t.Units) > 0 && len(oddUnits(t)) == 0 {
			s += scoreUnit
		}
		if len(t.Units) == 0 {
			s += scoreNoUnit
		}
		if len(oddLeaders(t)) == 0 {
			s += scoreLeader
		}
		if odd {
			s += scoreOdd
		}
		if residueRe.MatchString(t.Text) {
			s += scoreResidue
		}
		if headingText(t.Text) {
			s += scoreHeading
		}
	}
	s += scoreHole * float64(len(numberingHoles(r.doc.Tasks)))
	s += scoreUnused * float64(unusedContent(r.rep))
	return s
}

// unusedContent counts the unused lines that could have held tasks (not
// page chrome, not a contract's signature block).
func unusedContent(rep *Report) int {
	n := 0
	for _, u := range rep.Unused {
		if u.Reason == reasonChrome || u.Reason == reasonPledgeSignature || utf8.RuneCountInString(strings.TrimSpace(u.Text)) < 10 {
			continue
		}
		n++
	}
	return n
}

// closeMargin: a runner-up within this share of the winner's score (and
// with tasks of its own that differ) is a close reading, for a warning.
const closeMargin = 0.1

// choose scores the readings and returns the best and, when one scored
// close to it, the runner-up.
func choose(rs []*reading) (best, close *reading) {
	var bestScore, secondScore float64
	var second *reading
	for _, r := range rs {
		s := scoreOf(r)
		switch {
		case best == nil || s > bestScore:
			second, secondScore = best, bestScore
			best, bestScore = r, s
		case second == nil || s > secondScore:
			second, secondScore = r, s
		}
	}
	if second != nil && len(second.doc.Tasks) > 0 && len(second.doc.Tasks) != len(best.doc.Tasks) &&
		bestScore > 0 && bestScore-secondScore <= closeMargin*bestScore {
		close = second
	}
	return best, close
}

// closeWarning says that another reading explained the document almost as
// well.
func closeWarning(best, second *reading) Warning {
	return Warning{
		Code: WarnCloseReading,
		Seqs: []int{},
		Message: fmt.Sprintf("这份文件也可以按另一种版式读出 %d 项任务(现按%s读出 %d 项),请核对任务是否完整",
			len(second.doc.Tasks), readingLabel(best.name), len(best.doc.Tasks)),
	}
}

// readingLabel names a reading for the office.
func readingLabel(name string) string {
	switch name {
	case ReadingTable:
		return "表格"
	case ReadingCells:
		return "一格一行的表格"
	case ReadingOutline:
		return "编号条目"
	case ReadingOutlineTable:
		return "编号条目加表格"
	case ReadingOutlineAnnex:
		return "正文条目加附件表格"
	case ReadingPledge:
		return "目标责任书"
	case ReadingCards:
		return "任务卡"
	}
	return name
}
