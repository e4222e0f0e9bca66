package ingest

import (
	"os"
	"strings"
	"testing"
)

func readProgress(t *testing.T, path string) *ProgressReport {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := Read(path, f)
	if err != nil {
		t.Fatal(err)
	}
	pr, ok := ParseProgress(src)
	if !ok {
		t.Fatalf("%s not read as a progress report", path)
	}
	return pr
}

func TestParseProgress(t *testing.T) {
	pr := readProgress(t, "testdata/progress/seed_h1.txt")
	if pr.Period != "2018-H1" || pr.PeriodLabel != "1-6月" || pr.Year != 2018 || len(pr.Rows) != 4 {
		t.Fatalf("report: period %q %q year %d rows %d", pr.Period, pr.PeriodLabel, pr.Year, len(pr.Rows))
	}
	r := pr.Rows[1]
	if r.Seq != 4 || r.Text != "良渚新城要坚持城北副中心、杭州新地标发展定位。" || r.Status != "否" || r.Problems != "征迁难度大" || r.Plan != "加快征迁" ||
		!strings.Contains(r.Progress, "进度较慢") || r.Units[0] != "良渚新城" {
		t.Errorf("row 4: %+v", r)
	}
	q3 := readProgress(t, "testdata/progress/seed_q3_renumbered.txt")
	if q3.Period != "2018-Q3" || len(q3.Rows) != 2 || q3.Rows[1].Status != "滞后" || q3.Rows[1].Progress != "" {
		t.Errorf("q3: %q %+v", q3.Period, q3.Rows)
	}
}

func TestNoticesAreNotProgressReports(t *testing.T) {
	for _, path := range []string{"testdata/layout_columns.txt", "testdata/family_district_table.html", "testdata/family_state_council.html"} {
		f, _ := os.Open(path)
		src, err := Read(path, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ParseProgress(src); ok {
			t.Errorf("%s read as a progress report", path)
		}
	}
}

func TestPeriodOf(t *testing.T) {
	tests := map[string]string{
		"2019年1-6月进展情况": "2019-H1", "1-3月": "2019-Q1", "1—9月推进情况": "2019-Q3", "前三季度": "2019-Q3",
		"三季度": "2019-Q3", "第4季度": "2019-Q4", "10月份": "2019-10", "1-10月推进情况": "2019-10", "上半年": "2019-H1",
		"下半年": "2019-H2", "全年完成情况": "2019", "1-12月": "2019", "２０１９年１－６月": "2019-H1", "推进情况": "",
	}
	for in, want := range tests {
		if got, _ := periodOf(in, 2019); got != want {
			t.Errorf("periodOf(%q) = %q, want %q", in, got, want)
		}
	}
	if got, _ := periodOf("2020年三季度", 0); got != "2020-Q3" {
		t.Errorf("year from the text: %q", got)
	}
}
