package progress

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

func seed(t *testing.T) *ingest.Document {
	t.Helper()
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func readReport(t *testing.T, text string) *ingest.ProgressReport {
	t.Helper()
	src, err := ingest.Read("report.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	pr, ok := ingest.ParseProgress(src)
	if !ok {
		t.Fatalf("not a progress report:\n%s", text)
	}
	return pr
}

func TestStatusOf(t *testing.T) {
	tests := []struct{ reported, text, status, from string }{
		{"是", "", StatusOnSchedule, "column"},
		{"是", "已完成全年任务,覆盖面达92%。", StatusDone, "words"},
		{"是", "已完成投资86亿元,占全年计划52%。", StatusOnSchedule, "column"},
		{"是", "主体工程已竣工,但受拆迁影响配套滞后。", StatusOnSchedule, "column"},
		{"否", "完成投资86亿元", StatusBehind, "column"},
		{"已完成", "", StatusDone, "column"},
		{"滞后", "", StatusBehind, "column"},
		{"未达序时", "", StatusBehind, "column"},
		{"", "已完成全年任务。", StatusDone, "words"},
		{"", "受拆迁影响,进度较慢。", StatusBehind, "words"},
		{"", "完成投资86亿元,占全年计划52%。", StatusOnSchedule, "words"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if s, f := StatusOf(tt.reported, tt.text); s != tt.status || f != tt.from {
			t.Errorf("StatusOf(%q, %q) = %q %q, want %q %q", tt.reported, tt.text, s, f, tt.status, tt.from)
		}
	}
}

func TestMatch(t *testing.T) {
	doc := seed(t)
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	pr := readReport(t, string(raw))
	entries, unmatched := Match(pr, []*ingest.Document{doc})
	var got []string
	for _, e := range entries {
		got = append(got, e.TaskID[len(doc.ID)+1:]+":"+e.MatchedBy+":"+e.Status)
	}
	if !slices.Equal(got, []string{"1:seq:序时推进", "4:seq:滞后", "49:seq:已完成"}) {
		t.Errorf("entries %v", got)
	}
	if len(unmatched) != 1 || unmatched[0].Seq != 99 || unmatched[0].Reason != reasonNoTask {
		t.Errorf("unmatched %+v", unmatched)
	}
	// renumbered and shortened: matched by text; a row about two tasks
	// (垃圾治理 and 五水共治 reported together) matches both
	pr = readReport(t, `2018年三季度重点工作完成情况
序号 | 工作任务 | 责任单位 | 完成情况 |
1 | 深化垃圾治理,提高垃圾资源化利用水平 | 区城管局 | 已完成 |
2 | 深化“五水共治”,推进“污水零直排区”建设 | 区“五水共治”办 | 滞后 |
3 | 与任何任务都不相干的一行字 | 区某局 | 已完成 |
4 | 深化“五水共治”和垃圾治理,积极创建“美丽河湖”,提高垃圾资源化利用水平 | 区林水局 | 序时推进 |
`)
	entries, unmatched = Match(pr, []*ingest.Document{doc})
	got = nil
	for _, e := range entries {
		got = append(got, e.TaskID[len(doc.ID)+1:]+":"+e.MatchedBy+":"+e.Status+":"+e.Period)
	}
	want := []string{"49:text:已完成:2018-Q3", "47:text:滞后:2018-Q3", "47:text:序时推进:2018-Q3", "49:text:序时推进:2018-Q3"}
	if !slices.Equal(got, want) || len(unmatched) != 1 || unmatched[0].Seq != 3 {
		t.Errorf("renumbered:\n got %v\nwant %v\nunmatched %+v", got, want, unmatched)
	}
	// another year's notice: nothing to match against, said so
	pr.Year = 2019
	if e, u := Match(pr, []*ingest.Document{doc}); len(e) != 0 || len(u) != 4 || u[0].Reason != reasonNoNotice {
		t.Errorf("another year: %v %+v", e, u)
	}
}

func TestBook(t *testing.T) {
	dir := t.TempDir()
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := seed(t)
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	pr := readReport(t, string(raw))
	entries, unmatched := Match(pr, []*ingest.Document{doc})
	now := time.Now().UTC()
	for i := range entries {
		entries[i].At = now
	}
	r := &Report{ID: ReportID(pr.Period, pr.Title), Period: pr.Period, Year: pr.Year, Title: pr.Title, Entries: entries, Unmatched: unmatched, At: now}
	if replaced, err := b.Save(r); err != nil || replaced {
		t.Fatalf("save: %v %v", replaced, err)
	}
	// the same period and title again replaces its entries
	again := *r
	again.Entries = entries[:1]
	again.At = now.Add(time.Minute)
	if replaced, err := b.Save(&again); err != nil || !replaced || again.Version != 2 {
		t.Fatalf("replace: %v %v v%d", replaced, err, again.Version)
	}
	q3 := &Report{ID: ReportID("2018-Q3", "三季度"), Period: "2018-Q3", Year: 2018, Entries: []Entry{{TaskID: doc.ID + "-1", DocID: doc.ID, Period: "2018-Q3", Status: StatusDone, At: now}}}
	b.Save(q3)
	// reopened from disk
	b, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rs := b.Reports(); len(rs) != 2 || rs[0].Period != "2018-Q3" || rs[1].Version != 2 {
		t.Fatalf("reports %+v", rs)
	}
	tl := b.Timeline(doc.ID + "-1")
	if len(tl) != 2 || tl[0].Period != "2018-H1" || tl[1].Status != StatusDone {
		t.Errorf("timeline %+v", tl)
	}
	if tl := b.Timeline(doc.ID + "-4"); len(tl) != 0 {
		t.Errorf("the replaced report's entry for task 4 is still there: %+v", tl)
	}
	latest, period := b.Latest(doc.ID, 2018)
	if period != "2018-Q3" || latest[doc.ID+"-1"].Status != StatusDone || len(latest) != 1 {
		t.Errorf("latest %q %+v", period, latest)
	}
}

func TestPeriodKey(t *testing.T) {
	ordered := []string{"", "2018", "2019-01", "2019-Q1", "2019-04", "2019-H1", "2019-Q3", "2019-10", "2019-12", "2019-Q4", "2019-H2", "2019", "2020-Q1"}
	for i := 1; i < len(ordered); i++ {
		if PeriodKey(ordered[i-1]) >= PeriodKey(ordered[i]) {
			t.Errorf("%q should come before %q", ordered[i-1], ordered[i])
		}
	}
}

func TestStatusAtAndChase(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	task := ingest.Task{ID: "d-1", Due: "2018-06-30", UnitGroups: []string{"区城管局"}}
	h1 := Entry{Period: "2018-H1", Status: StatusOnSchedule}
	tests := []struct {
		name   string
		e      Entry
		ok     bool
		period string
		today  string
		want   string
	}{
		{"reported on schedule", h1, true, "2018-H1", "2018-06-15", StatusOnSchedule},
		{"past its deadline, not done", h1, true, "2018-H1", "2018-07-02", StatusOverdue},
		{"done stays done", Entry{Period: "2018-H1", Status: StatusDone}, true, "2018-Q3", "2018-12-01", StatusDone},
		{"nothing for the latest period", h1, true, "2018-Q3", "2018-06-15", StatusUnreported},
		{"never reported", Entry{}, false, "2018-H1", "2018-06-01", StatusUnreported},
		{"no reports at all", Entry{}, false, "", "2018-06-01", ""},
		{"no reports, overdue", Entry{}, false, "", "2018-08-01", StatusOverdue},
	}
	for _, tt := range tests {
		if got := StatusAt(task, tt.e, tt.ok, tt.period, day(tt.today)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	tasks := []ingest.Task{
		{ID: "a", Seq: 1, Status: StatusBehind, UnitGroups: []string{"区城管局"}},
		{ID: "b", Seq: 2, Status: StatusUnreported, UnitGroups: []string{"区城管局", "区林水局"}},
		{ID: "c", Seq: 3, Status: StatusDone, UnitGroups: []string{"区林水局"}},
		{ID: "d", Seq: 4, Status: StatusOverdue, UnitGroups: []string{"区科技局"}},
	}
	c := Chase(tasks, nil)
	if len(c) != 3 || c[0].Unit != "区城管局" || len(c[0].Tasks) != 2 || c[0].Counts[StatusBehind] != 1 || c[0].Counts[StatusUnreported] != 1 {
		t.Errorf("chase %+v", c)
	}
}

func TestAnnotate(t *testing.T) {
	b, _ := Open(t.TempDir())
	doc := seed(t)
	b.Save(&Report{ID: "2018-H1-x", Period: "2018-H1", Year: 2018, Entries: []Entry{{TaskID: doc.ID + "-49", DocID: doc.ID, Period: "2018-H1", Status: StatusBehind, Text: "末端设施未建成"}}})
	a := b.Annotate(doc, time.Date(2018, 7, 1, 0, 0, 0, 0, time.UTC))
	if a.Tasks[48].Status != StatusBehind || a.Tasks[48].Progress != "末端设施未建成" || a.Tasks[0].Status != StatusUnreported || a.Progress == "" {
		t.Errorf("annotated: %+v / %+v", a.Tasks[48], a.Tasks[0])
	}
	if doc.Tasks[48].Status != "" || doc.Progress != "" {
		t.Error("Annotate changed the document it was given")
	}
	if again := b.Annotate(doc, time.Date(2018, 7, 1, 0, 0, 0, 0, time.UTC)); again.Progress != a.Progress {
		t.Error("the same progress named twice differently")
	}
}

func TestPeriodName(t *testing.T) {
	for p, want := range map[string]string{
		"2018-H1": "2018 年上半年", "2018-H2": "2018 年下半年", "2018-Q3": "2018 年第三季度",
		"2018-10": "2018 年 1-10 月", "2018": "2018 年全年", "": "", "2018-Q9": "2018-Q9",
	} {
		if got := PeriodName(p); got != want {
			t.Errorf("PeriodName(%q) = %q, want %q", p, got, want)
		}
	}
}
