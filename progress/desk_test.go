package progress

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/seeds"
)

// MustOpenDesk opens a store with the seed, its library dressed by a book,
// and the desk over them.
func MustOpenDesk(t *testing.T, today time.Time) (*index.Store, *Desk) {
	t.Helper()
	dir := t.TempDir()
	quiet := slog.New(slog.DiscardHandler)
	s, err := index.Open(dir, index.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return today }
	l, err := library.Open(dir, s, library.Options{Logger: quiet, Annotator: annotatorAt{b, clock}})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if _, err := l.Import(context.Background(), doc, seeds.Notice(), library.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s, &Desk{Book: b, Notices: l, Now: clock}
}

// annotatorAt dresses documents on a fixed day.
type annotatorAt struct {
	b   *Book
	now func() time.Time
}

func (a annotatorAt) Annotate(doc *ingest.Document, _ time.Time) *ingest.Document {
	return a.b.Annotate(doc, a.now())
}

func TestDeskTakesReports(t *testing.T) {
	s, d := MustOpenDesk(t, time.Date(2018, 7, 10, 0, 0, 0, 0, time.UTC))
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	pr := readReport(t, string(raw))
	seed := d.Notices.Documents()[0].ID
	task := func(seq int) ingest.Task {
		t.Helper()
		tk, err := s.Task(context.Background(), seed+"-"+itoa(seq))
		if err != nil {
			t.Fatal(err)
		}
		return *tk
	}
	// a dry run keeps nothing and changes nothing served
	got, err := d.Take(context.Background(), pr, true)
	if err != nil || !got.DryRun || len(got.Report.Entries) != 3 || len(got.Report.Unmatched) != 1 || len(d.Book.Reports()) != 0 || task(4).Status != "" {
		t.Fatalf("dry run: %+v %v; book %d; task 4 %q", got, err, len(d.Book.Reports()), task(4).Status)
	}
	got, err = d.Take(context.Background(), pr, false)
	if err != nil || got.Refreshed != 1 || got.Replaced {
		t.Fatalf("take: %+v %v", got, err)
	}
	if st := task(4).Status; st != StatusBehind {
		t.Errorf("task 4 served as %q", st)
	}
	if t49 := task(49); t49.Status != StatusDone || t49.Period != "2018-H1" || t49.Progress != "已完成全年任务。" {
		t.Errorf("task 49 served as %+v", t49)
	}
	if st := task(2).Status; st != StatusUnreported {
		t.Errorf("an unreported task served as %q", st)
	}
	// a report without a period is refused
	pr.Period = ""
	if _, err := d.Take(context.Background(), pr, false); ingest.ErrorCode(err) != ingest.EINVALID {
		t.Errorf("no period: %v", err)
	}
	// removed: the notice is served without it
	if err := d.Remove(context.Background(), got.Report.ID); err != nil {
		t.Fatal(err)
	}
	if st := task(4).Status; st != "" {
		t.Errorf("after removing the report, task 4 is %q", st)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Matched counts the rows of a report that land on a task duban holds,
// taking nothing in: the seed's 1-6月 report lands three of its four rows;
// a table of progress beside assignments whose rows are no task of the
// seed lands none (it is a notice, its progress filled in).
func TestDeskMatched(t *testing.T) {
	_, d := MustOpenDesk(t, time.Date(2018, 7, 10, 0, 0, 0, 0, time.UTC))
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	pr := readReport(t, string(raw))
	if n, err := d.Matched(context.Background(), pr); err != nil || n != 3 {
		t.Errorf("the seed's report: %d rows matched, %v; want 3", n, err)
	}
	if !pr.Assigns() {
		t.Error("the seed's report names its rows' units")
	}
	other := readReport(t, "2018年重点工作1-6月落实情况\n序号 | 重点工作任务 | 牵头单位 | 分管领导 | 1-6月进展情况 | 存在问题 |\n"+
		"1 | 新建5G基站600个，实现城区全覆盖。 | 区工信局 | 施向东 | 已建成基站318个。 | 进场难 |\n"+
		"2 | 完成区人民医院门诊大楼主体工程。 | 区卫健局 | 卢慧敏 | 主体工程完成至8层。 | |\n")
	if n, err := d.Matched(context.Background(), other); err != nil || n != 0 {
		t.Errorf("rows of no task duban holds: %d matched, %v", n, err)
	}
	if !other.Assigns() || len(d.Book.Reports()) != 0 {
		t.Errorf("assigns %v; reports kept %d", other.Assigns(), len(d.Book.Reports()))
	}
}
