package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// search, export and compare work while duban serve holds the data dir
// (through its API), and the same after it stops (read-only); compare
// takes years and titles where they name one document.
func TestReadCommandsBesideTheServer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := MustRunMain(t, dir)
	postFile(t, m.URL(), "2019.txt", noticeOfYear(2019))
	check := func(when string) {
		t.Helper()
		out, _, err := runCLI(t, "search", "--data", dir, "--year", "2018", "--all")
		if err != nil || !strings.HasPrefix(out, "共 83 条任务") || strings.Count(out, "\n2018 ") != 83 {
			t.Errorf("%s: search --all: %v\n%.300s", when, err, out)
		}
		out, _, err = runCLI(t, "search", "--data", dir, "--year", "2018", "--from", "80", "--size", "5")
		if err != nil || strings.Count(out, "\n2018 ") != 3 {
			t.Errorf("%s: search --from 80: %v\n%s", when, err, out)
		}
		out, _, err = runCLI(t, "export", "--data", dir, "--year", "2019", "--format", "csv")
		if err != nil {
			t.Fatalf("%s: export: %v", when, err)
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
		if err != nil || len(records) < 2 || records[1][0] != "2019" {
			t.Errorf("%s: export: %v %d records", when, err, len(records))
		}
		out, _, err = runCLI(t, "compare", "2018", "2019", "--data", dir)
		if err != nil || !strings.Contains(out, "延续") || !strings.Contains(out, "→") {
			t.Errorf("%s: compare 2018 2019: %v\n%.300s", when, err, out)
		}
		out, _, err = runCLI(t, "compare", "2018年《政府工作报告》工作任务分解表", "2019", "--data", dir)
		if err != nil || !strings.Contains(out, "延续") {
			t.Errorf("%s: compare by title: %v\n%.300s", when, err, out)
		}
		if _, _, err := runCLI(t, "compare", "2017", "2019", "--data", dir); err == nil || !strings.Contains(err.Error(), "没有 id、年度或标题为“2017”的文件") {
			t.Errorf("%s: compare 2017: %v", when, err)
		}
	}
	check("while serving")
	if _, _, err := runCLI(t, "export", "--data", dir, "--format", "jsonl"); err == nil || !strings.Contains(err.Error(), "jsonl") {
		t.Errorf("jsonl while serving: %v", err)
	}
	m.Close()
	check("after the server stopped")
}

func TestResolveDocument(t *testing.T) {
	docs := []index.DocumentInfo{
		{Notice: ingest.Notice{ID: "2018-a", Year: 2018, Title: "2018年《政府工作报告》工作任务分解表"}},
		{Notice: ingest.Notice{ID: "2019-b", Year: 2019, Title: "2019年《政府工作报告》工作任务分解表"}},
		{Notice: ingest.Notice{ID: "2019-c", Year: 2019, Title: "2019年民生实事项目"}},
	}
	for _, tc := range []struct{ name, arg, want, err string }{
		{"id", "2019-c", "2019-c", ""},
		{"year of one", "2018", "2018-a", ""},
		{"year with 年", "2018年", "2018-a", ""},
		{"year of two", "2019", "", "对应 2 份文件"},
		{"whole title", "2019年民生实事项目", "2019-c", ""},
		{"part of one title", "民生实事", "2019-c", ""},
		{"part of two", "政府工作报告", "", "对应 2 份文件"},
		{"nothing", "2020", "", "没有 id、年度或标题"},
	} {
		got, err := resolveDocument(tc.arg, docs)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(describe(err), tc.err) {
			t.Errorf("%s: %q → %q, %v", tc.name, tc.arg, got, err)
		}
	}
}
