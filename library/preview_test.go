package library

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
)

// deadlineNotice is a small notice with a 配合单位 and a 完成时限 column
// (tasks 1..n); without deadlines, the same notice as a file that has no
// 完成时限 column.
func deadlineNotice(n int, deadlines bool) []byte {
	var b strings.Builder
	b.WriteString("关于印发2019年区政府重点工作任务分解表的通知\n杭州市余杭区人民政府办公室\n2019年3月1日\n")
	if deadlines {
		b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 | 配合单位 | 完成时限\n")
	} else {
		b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 | 配合单位\n")
	}
	units := []string{"区城管局", "区住建局", "区发改局", "区财政局", "区教育局", "区民政局"}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d | 推进第%d项重点工作,完成年度目标。 | 祝振伟 | %s | %s", i, i, units[i%len(units)], units[(i+1)%len(units)])
		if deadlines {
			fmt.Fprintf(&b, " | 2019年%d月底", i%12+1)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func warningOf(ws []ingest.Warning, code, field string) (ingest.Warning, bool) {
	for _, w := range ws {
		if w.Code == code && w.Field == field {
			return w, true
		}
	}
	return ingest.Warning{}, false
}

func TestPreviewWarnsOfErasedFieldsAndRemovedTasks(t *testing.T) {
	_, l, _ := MustOpen(t)
	first := mustImport(t, l, "2019分解表.txt", deadlineNotice(10, true), ImportOptions{Who: WhoLocal})
	if n := len(first.Document.Tasks); n != 10 || first.Document.Tasks[0].Deadline == "" {
		t.Fatalf("the fixture reads as %d tasks, first %+v", n, first.Document.Tasks[0])
	}
	// the same notice in a file without its 完成时限 column and its last
	// two tasks
	data := deadlineNotice(8, false)
	p, err := l.Import(ctx, parse(t, "2019分解表(无时限).txt", data), data, ImportOptions{DryRun: true, Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	if p.Outcome != "replaced" || p.Target != first.Document.ID {
		t.Fatalf("preview: %s %s, want replaced %s", p.Outcome, p.Target, first.Document.ID)
	}
	erased, ok := warningOf(p.Warnings, ingest.WarnFieldErased, "deadline")
	if !ok || !slices.Equal(erased.Seqs, []int{1, 2, 3, 4, 5, 6, 7, 8}) || !strings.Contains(erased.Message, "完成时限") ||
		!strings.Contains(erased.Message, "8 项") || !strings.Contains(erased.Message, "全部被清空") {
		t.Errorf("field_erased deadline: %+v (in %+v)", erased, p.Warnings)
	}
	removed, ok := warningOf(p.Warnings, ingest.WarnTasksRemoved, "seq")
	if !ok || !slices.Equal(removed.Seqs, []int{9, 10}) || !strings.Contains(removed.Message, "2 项") {
		t.Errorf("tasks_removed: %+v (in %+v)", removed, p.Warnings)
	}
	if _, ok := warningOf(p.Warnings, ingest.WarnFieldErased, "co_units"); ok {
		t.Errorf("co-units kept, yet warned: %+v", p.Warnings)
	}
	// the difference says each field old → new in Chinese
	if len(p.Diff.Changed) != 8 {
		t.Fatalf("changed: %+v", p.Diff.Changed)
	}
	c := p.Diff.Changed[0]
	if len(c.Values) != 1 || c.Values[0].Field != "deadline" || c.Values[0].Label != "完成时限" || c.Values[0].Old != "2019年2月底" || c.Values[0].New != "" {
		t.Errorf("change of task 1: %+v", c.Values)
	}
	// no English field name in what the clerk reads
	for _, w := range p.Warnings {
		if strings.ContainsFunc(w.Message, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
			t.Errorf("%s: message with Latin letters: %q", w.Code, w.Message)
		}
	}
	// one warning per code and field
	seen := map[string]bool{}
	for _, w := range p.Warnings {
		if seen[w.Code+"/"+w.Field] {
			t.Errorf("%s/%s twice", w.Code, w.Field)
		}
		seen[w.Code+"/"+w.Field] = true
	}
	// a file that keeps every deadline erases none
	again := deadlineNotice(10, true)
	again = []byte(strings.Replace(string(again), "推进第3项", "推进第三项", 1))
	p, err = l.Import(ctx, parse(t, "2019分解表(改).txt", again), again, ImportOptions{DryRun: true, Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := warningOf(p.Warnings, ingest.WarnFieldErased, "deadline"); ok || len(p.Diff.Changed) != 1 {
		t.Errorf("nothing erased, yet: %+v %+v", p.Warnings, p.Diff.Changed)
	}
}

func TestMergeWarnings(t *testing.T) {
	got := mergeWarnings([]ingest.Warning{
		{Code: ingest.WarnNoUnit, Field: "units", Message: "读法", Seqs: []int{3, 1}},
		{Code: ingest.WarnOddUnit, Field: "units", Message: "形状", Seqs: []int{2}},
		{Code: ingest.WarnNoUnit, Field: "units", Message: "检查", Seqs: []int{1, 5}},
		{Code: ingest.WarnOddUnit, Field: "co_units", Message: "配合", Seqs: nil},
	})
	if len(got) != 3 || got[0].Message != "读法" || !slices.Equal(got[0].Seqs, []int{1, 3, 5}) || got[2].Seqs == nil {
		t.Errorf("merged: %+v", got)
	}
}

// TestParseReadsWithTheOfficeRules: every parse through the library (the
// upload's ParseFile, the bulk ingest, reparse) hands the office's reading
// rules to ingest.ParseSourceWith.
func TestParseReadsWithTheOfficeRules(t *testing.T) {
	_, l, _ := MustOpen(t)
	rules := map[string]string{"包保单位": ingest.RoleUnits, "协同责任单位": ingest.RoleCoUnits}
	l.rules = func() ingest.Options { return ingest.Options{Columns: rules} }
	var mu sync.Mutex
	var given []ingest.Options
	l.parse = func(ctx context.Context, name string, data []byte, kind worker.Kind, opt ingest.Options) (*worker.Result, error) {
		mu.Lock()
		given = append(given, opt)
		mu.Unlock()
		r, err := l.parser.ParseWith(ctx, name, data, kind, opt)
		if err == nil && r.Doc != nil {
			r.Doc.Report.Rules = []string{"包保单位 = 牵头单位"} // as the readings will name a rule applied
		}
		return r, err
	}
	data := deadlineNotice(4, true)
	parsed, err := l.ParseFile(ctx, "2019.txt", data)
	if err != nil || parsed.Progress != nil {
		t.Fatal(err, parsed)
	}
	doc := parsed.Doc
	// each task's line: the header is line 4, task 1 on line 5
	if !slices.Equal(parsed.Lines, []int{5, 6, 7, 8}) {
		t.Errorf("task lines %v", parsed.Lines)
	}
	p, err := l.Import(ctx, doc, data, ImportOptions{Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Document.Report.Rules, []string{"包保单位 = 牵头单位"}) {
		t.Errorf("the preview lost the rules applied: %+v", p.Document.Report)
	}
	if _, err := l.Reparse(ctx, []string{doc.ID}, false); err != nil {
		t.Fatal(err)
	}
	other := deadlineNotice(3, true)
	other = []byte(strings.Replace(string(other), "2019年区政府", "2020年区政府", 1))
	src := index.Source{Name: "2020.txt", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(other)), nil }}
	err = l.ImportFiles(ctx, []index.Source{src}, ImportOptions{DryRun: true, Who: WhoLocal}, func(i int, r FileResult) {
		if r.Err != nil {
			t.Errorf("bulk ingest: %v", r.Err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(given) != 3 {
		t.Fatalf("%d parses, want 3 (upload, reparse, bulk ingest)", len(given))
	}
	for i, opt := range given {
		if opt.Columns["包保单位"] != ingest.RoleUnits || opt.Columns["协同责任单位"] != ingest.RoleCoUnits {
			t.Errorf("parse %d given %+v", i, opt)
		}
	}
}

// TestPreviewCarriesTheDocumentsChecks: the checks the parse made of a
// document (ingest.Check, in its Report) reach the preview once, and a
// correction made in the preview is checked as it stands (the library
// checks again only then).
func TestPreviewCarriesTheDocumentsChecks(t *testing.T) {
	_, l, _ := MustOpen(t)
	// task 3 is missing: a hole in the numbering
	data := []byte(strings.Replace(string(deadlineNotice(5, true)), "3 | 推进第3项", "6 | 推进第3项", 1))
	p, err := l.Import(ctx, parse(t, "分解表.txt", data), data, ImportOptions{DryRun: true, Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range p.Warnings {
		if w.Code == ingest.WarnNumbering {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d numbering warnings in the preview, want 1: %+v", n, p.Warnings)
	}
	if _, ok := warningOf(p.Warnings, ingest.WarnOddUnit, "units"); ok {
		t.Fatalf("the fixture already has an odd unit: %+v", p.Warnings)
	}
	odd := []string{"推进垃圾分类工作并完成年度目标。"}
	p, err = l.Import(ctx, parse(t, "分解表.txt", data), data, ImportOptions{DryRun: true, Who: WhoLocal,
		Corrections: []PreviewEdit{{Seq: 1, Patch: Patch{Units: &odd}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := warningOf(p.Warnings, ingest.WarnOddUnit, "units"); !ok {
		t.Errorf("a unit corrected into a sentence is not warned of: %+v", p.Warnings)
	}
}
