package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// chaseIDs are the ids of the tasks the 催办 list of 2018 names.
func chaseIDs(t *testing.T, h http.Handler) []string {
	t.Helper()
	ans := decode[ChaseAnswer](t, do(t, h, "GET", "/api/chase?year=2018", nil, nil))
	var ids []string
	for _, u := range ans.Units {
		for _, x := range u.Tasks {
			ids = append(ids, x.ID)
		}
	}
	return ids
}

// A task's progress recorded on the task page is kept like a report's
// row, with who and when, shows on its timeline and counts in its status,
// the 催办 list and the overview; it does not make the other tasks 未报送.
func TestRecordProgressOnTheTaskPage(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	task := func(seq int) ingest.Task {
		return decode[ingest.Task](t, do(t, h, "GET", fmt.Sprintf("/api/tasks/%s-%d", id, seq), nil, nil))
	}
	before2 := task(2).Status
	t4 := id + "-4"
	post := func(target, body string) response {
		return do(t, h, "POST", target, strings.NewReader(body), map[string]string{"Content-Type": "application/json"})
	}
	r := post("/api/tasks/"+t4+"/progress", `{"period":"2018-H1","text":"征地受阻","status":"滞后","who":"张三"}`)
	e := decode[progress.Entry](t, r)
	if r.status != 200 || e.Who != "张三" || e.Source != progress.DeskSource || e.Status != progress.StatusBehind || e.At.IsZero() {
		t.Fatalf("record: %d %s", r.status, r.body)
	}
	if got := task(4); got.Status != progress.StatusBehind || got.Period != "2018-H1" || got.Progress != "征地受阻" {
		t.Errorf("task 4 after the record: %q %q %q", got.Status, got.Period, got.Progress)
	}
	if got := task(2).Status; got != before2 {
		t.Errorf("task 2 went from %q to %q: an entry by hand is not a report of the period", before2, got)
	}
	if !slices.Contains(chaseIDs(t, h), t4) {
		t.Errorf("task 4, 滞后, is not chased")
	}
	stats := decode[ProgressStats](t, do(t, h, "GET", "/api/progress/stats?year=2018", nil, nil))
	if stats.Total[progress.StatusBehind] != 1 {
		t.Errorf("overview counts %v", stats.Total)
	}
	// the next period, by words: done, no longer chased
	r = post("/api/tasks/"+t4+"/progress", `{"period":"2018-Q3","text":"项目已竣工,已投入使用"}`)
	if e := decode[progress.Entry](t, r); r.status != 200 || e.Status != progress.StatusDone || e.Who != "local" {
		t.Fatalf("record by words: %d %s", r.status, r.body)
	}
	if slices.Contains(chaseIDs(t, h), t4) {
		t.Errorf("task 4, done, is still chased")
	}
	// recorded again for the period: replaced, not doubled
	post("/api/tasks/"+t4+"/progress", `{"period":"2018-H1","text":"征地完成","status":"序时推进","who":"李四"}`)
	tl := decode[[]progress.Entry](t, do(t, h, "GET", "/api/tasks/"+t4+"/progress", nil, nil))
	if len(tl) != 2 || tl[0].Who != "李四" || tl[0].Period != "2018-H1" {
		t.Errorf("timeline %+v", tl)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"no period", `{"period":"上半年","text":"x"}`, "时间段"},
		{"nothing said", `{"period":"2018"}`, "请填写进展情况"},
		{"computed status", `{"period":"2018","status":"逾期"}`, "状态应为"},
		{"not JSON", `period=2018`, "JSON"},
	} {
		if r := post("/api/tasks/"+t4+"/progress", tc.body); r.status != 400 || !strings.Contains(string(r.body), tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	if r := post("/api/tasks/nope-1/progress", `{"period":"2018","text":"x"}`); r.status != 404 {
		t.Errorf("unknown task: %d", r.status)
	}
}

// A 催办 sent is recorded (unit, tasks, date, who) and listed, for the
// year and for a task.
func TestRecordChase(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	id := seedID(t)
	body := fmt.Sprintf(`{"unit":"区城管局","tasks":["%s-49","%s-50"],"date":"2018-07-15","who":"王五"}`, id, id)
	r := do(t, h, "POST", "/api/chases", strings.NewReader(body), map[string]string{"Content-Type": "application/json"})
	c := decode[progress.Chased](t, r)
	if r.status != 200 || c.Year != 2018 || c.Who != "王五" || c.Date != "2018-07-15" {
		t.Fatalf("chase: %d %s", r.status, r.body)
	}
	if list := decode[[]progress.Chased](t, do(t, h, "GET", "/api/chases?year=2018", nil, nil)); len(list) != 1 || list[0].Unit != "区城管局" {
		t.Errorf("year's list %+v", list)
	}
	if list := decode[[]progress.Chased](t, do(t, h, "GET", "/api/chases?task="+id+"-50", nil, nil)); len(list) != 1 {
		t.Errorf("task's list %+v", list)
	}
	if list := decode[[]progress.Chased](t, do(t, h, "GET", "/api/chases?task="+id+"-1", nil, nil)); len(list) != 0 {
		t.Errorf("a task not chased: %+v", list)
	}
	for _, tc := range []struct{ name, body string }{
		{"no unit", fmt.Sprintf(`{"tasks":["%s-49"]}`, id)},
		{"no tasks", `{"unit":"区城管局"}`},
		{"bad date", fmt.Sprintf(`{"unit":"区城管局","tasks":["%s-49"],"date":"7月15日"}`, id)},
	} {
		if r := do(t, h, "POST", "/api/chases", strings.NewReader(tc.body), nil); r.status != 400 {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	if r := do(t, h, "POST", "/api/chases", strings.NewReader(`{"unit":"x","tasks":["nope-1"]}`), nil); r.status != 404 {
		t.Errorf("unknown task: %d", r.status)
	}
}

// The 催办 page opens on the year of the latest progress report, even with
// a later notice in, and lists 滞后 and 逾期 before 未报送, units with late
// tasks first.
func TestChaseOpensOnTheReportsYearLateFirst(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	if r := upload(t, h, "2019.txt", nextYearSeed(), nil); r.status != 201 {
		t.Fatalf("2019 notice: %d %s", r.status, r.body)
	}
	if ans := decode[ChaseAnswer](t, do(t, h, "GET", "/api/chase", nil, nil)); ans.Year != 2019 {
		t.Errorf("without reports the latest notice's year, got %d", ans.Year)
	}
	if r := upload(t, h, "h1.txt", readFixture(t, "../ingest/testdata/progress/seed_h1.txt"), nil); r.status != 201 {
		t.Fatalf("2018 report: %d %s", r.status, r.body)
	}
	ans := decode[ChaseAnswer](t, do(t, h, "GET", "/api/chase", nil, nil))
	if ans.Year != 2018 || len(ans.Units) == 0 {
		t.Fatalf("after a 2018 report the page opens on %d (%d units)", ans.Year, len(ans.Units))
	}
	lateUnit := -1
	for i, u := range ans.Units {
		ranks := make([]int, len(u.Tasks))
		for j, x := range u.Tasks {
			ranks[j] = slices.Index([]string{progress.StatusBehind, progress.StatusOverdue, progress.StatusUnreported}, x.Status)
		}
		if !slices.IsSorted(ranks) {
			t.Errorf("%s lists %v: late first", u.Unit, ranks)
		}
		late := u.Counts[progress.StatusBehind] + u.Counts[progress.StatusOverdue]
		if late > 0 && lateUnit != i-1 {
			t.Errorf("%s has late tasks but comes after a unit without", u.Unit)
		}
		if late > 0 {
			lateUnit = i
		}
	}
	if lateUnit < 0 {
		t.Errorf("no unit with a late task: %+v", ans.Units[0])
	}
}
