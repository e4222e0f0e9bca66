package library

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

func ptr[T any](v T) *T { return &v }

// unitHits are the seqs of the tasks the unit filter finds.
func unitHits(t *testing.T, s *index.Store, unit string) []int {
	t.Helper()
	res, err := s.Search(ctx, index.Request{Units: []string{unit}, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int
	for _, h := range res.Hits {
		seqs = append(seqs, h.Seq)
	}
	return seqs
}

func servedTask(t *testing.T, s *index.Store, id string) *ingest.Task {
	t.Helper()
	task, err := s.Task(ctx, id)
	if err != nil {
		t.Fatalf("task %s: %v", id, err)
	}
	return task
}

// TestCorrectionIsAVersionAndLasts: a correction of task 49's units is
// searched at once (unit= finds it, the old unit loses it), is a version
// with who, when and the fields before and after, survives a reparse,
// and is undone by restoring the version before it; a stale expect is a
// conflict.
func TestCorrectionIsAVersionAndLasts(t *testing.T) {
	s, l, _ := MustOpen(t)
	p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{Who: WhoLocal})
	id := p.Document.ID + "-49"
	if !slices.Contains(unitHits(t, s, "区城管局"), 49) {
		t.Fatal("task 49 not under 区城管局 before the edit")
	}
	e, err := l.EditTask(ctx, id, Patch{Units: &[]string{"区环保局、区住建局(规划分局)"}, Deadline: ptr("2018年6月底")},
		EditOptions{Expect: p.Version, Who: WhoToken, By: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Version != p.Version+1 || len(e.Tasks) != 1 || !slices.Equal(e.Tasks[0].Units, []string{"区环保局", "区住建局(规划分局)"}) {
		t.Fatalf("edit: %+v", e)
	}
	got := servedTask(t, s, id)
	if !slices.Equal(got.Corrected, []string{"units", "deadline"}) || !slices.Equal(got.UnitGroups, []string{"区环保局", "区住建局"}) || got.Due != "2018-06-30" {
		t.Errorf("served task: corrected %v, groups %v, due %q", got.Corrected, got.UnitGroups, got.Due)
	}
	if !slices.Contains(unitHits(t, s, "区环保局"), 49) {
		t.Error("unit=区环保局 does not find the corrected task 49")
	}
	if !slices.Contains(unitHits(t, s, "区住建局"), 49) {
		t.Error("unit=区住建局 (the new unit's group) does not find task 49")
	}
	if slices.Contains(unitHits(t, s, "区城管局"), 49) {
		t.Error("unit=区城管局 still finds task 49 after its units were corrected")
	}

	h, err := l.Versions(p.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := h.Versions[0]
	if v.Action != ActionEdit || v.Who != WhoToken || v.By != "张三" || v.At.IsZero() || !v.Current || v.Correction == nil || v.Corrections != 1 {
		t.Fatalf("newest version: %+v", v)
	}
	c := v.Correction
	if c.Kind != KindEdit || c.Seq != 49 || !slices.Equal(c.Fields, []string{"units", "deadline"}) ||
		!slices.Equal(c.Before.Units, []string{"区城管局"}) || c.After.Deadline != "2018年6月底" || c.Before.Deadline != "" {
		t.Errorf("correction: %+v before %+v after %+v", c, c.Before, c.After)
	}

	if _, err := l.EditTask(ctx, id, Patch{Text: ptr("改")}, EditOptions{Expect: p.Version}); ingest.ErrorCode(err) != ingest.ECONFLICT {
		t.Errorf("stale expect: %v", err)
	}

	// a reparse reads the original again (without the correction) and
	// applies the layer to it: no task differs from the corrected ones
	rs, err := l.Reparse(ctx, []string{p.Document.ID}, true)
	if err != nil || len(rs) != 1 || !rs[0].Diff.Empty() || rs[0].Corrections != 1 || len(rs[0].Stale) != 0 || rs[0].Applied {
		t.Fatalf("reparse: %v %+v", err, rs)
	}
	if got := servedTask(t, s, id); !slices.Equal(got.Units, []string{"区环保局", "区住建局(规划分局)"}) {
		t.Errorf("after reparse: %v", got.Units)
	}
	// an import of the same notice in another file keeps it too
	again := append(seeds.Notice(), '\n')
	pa := mustImport(t, l, "seed-again.txt", again, ImportOptions{Who: WhoLocal})
	if pa.Outcome != string(index.Replaced) || !pa.Diff.Empty() {
		t.Fatalf("import again: %s %+v", pa.Outcome, pa.Diff)
	}
	if got := servedTask(t, s, id); !slices.Equal(got.Units, []string{"区环保局", "区住建局(规划分局)"}) || !slices.Equal(got.Corrected, []string{"units", "deadline"}) {
		t.Errorf("after import again: %v %v", got.Units, got.Corrected)
	}

	// restoring the version before the edit undoes it
	if _, err := l.Restore(p.Document.ID, p.Version, 0, WhoLocal); err != nil {
		t.Fatal(err)
	}
	got = servedTask(t, s, id)
	if !slices.Equal(got.Units, []string{"区城管局"}) || got.Corrected != nil || got.Deadline != "" {
		t.Errorf("after restore: %v %v %q", got.Units, got.Corrected, got.Deadline)
	}
	if slices.Contains(unitHits(t, s, "区环保局"), 49) {
		t.Error("restored: 区环保局 still finds task 49")
	}
	// and restoring the edited version brings the correction back
	if _, err := l.Restore(p.Document.ID, pa.Version, 0, WhoLocal); err != nil {
		t.Fatal(err)
	}
	if got := servedTask(t, s, id); !slices.Equal(got.Corrected, []string{"units", "deadline"}) {
		t.Errorf("edited version restored: %v", got.Corrected)
	}
	_, layer, err := l.currentBody(ctx, p.Document.ID)
	if err != nil || len(layer) != 1 {
		t.Errorf("layer after restore: %v %d", err, len(layer))
	}
}

// TestStaleCorrectionsAreDroppedAndSaid: a replacement that no longer
// holds a corrected task, or reads the corrected value by itself, drops
// the correction and says so in the report's warnings.
func TestStaleCorrectionsAreDroppedAndSaid(t *testing.T) {
	s, l, _ := MustOpen(t)
	p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{Who: WhoLocal})
	doc := p.Document.ID
	if _, err := l.EditTask(ctx, doc+"-70", Patch{Units: &[]string{"区文广新局"}}, EditOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.EditTask(ctx, doc+"-5", Patch{Units: &[]string{"区经信局"}, Leaders: &[]string{"祝振伟"}}, EditOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.EditTask(ctx, doc+"-6", Patch{CoUnits: &[]string{"区财政局"}}, EditOptions{}); err != nil {
		t.Fatal(err)
	}
	// the notice again: its last 20 tasks gone (70 with them), task 5
	// reading 区经信局 by itself (its leaders still both)
	next := strings.Replace(string(fewer()), "? | 仁和先进制造业基地? |", "? | 区经信局? |", 1)
	p2, err := l.Import(ctx, parse(t, "next.txt", []byte(next)), []byte(next), ImportOptions{Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	var stale []ingest.Warning
	for _, w := range p2.Document.Report.Warnings {
		if w.Code == ingest.WarnCorrectionStale {
			stale = append(stale, w)
		}
	}
	if len(stale) != 2 || !slices.Equal(stale[0].Seqs, []int{70}) || !strings.Contains(stale[0].Message, "已找不到") ||
		!slices.Equal(stale[1].Seqs, []int{5}) || !strings.Contains(stale[1].Message, "牵头单位") {
		t.Fatalf("stale warnings: %+v", stale)
	}
	got := servedTask(t, s, doc+"-5")
	if !slices.Equal(got.Units, []string{"区经信局"}) || !slices.Equal(got.Leaders, []string{"祝振伟"}) || !slices.Equal(got.Corrected, []string{"leaders"}) {
		t.Errorf("task 5: %v %v %v", got.Units, got.Leaders, got.Corrected)
	}
	if got := servedTask(t, s, doc+"-6"); !slices.Equal(got.CoUnits, []string{"区财政局"}) {
		t.Errorf("task 6 lost its correction: %v", got.CoUnits)
	}
	_, layer, _ := l.currentBody(ctx, doc)
	if len(layer) != 2 || !slices.Equal(layer[0].Fields, []string{"leaders"}) || layer[1].Seq != 6 {
		t.Errorf("layer kept: %+v", layer)
	}
}

// TestAddDeleteSplitMerge: every kind of correction is applied, and a
// reparse applies them all again to the same tasks.
func TestAddDeleteSplitMerge(t *testing.T) {
	s, l, _ := MustOpen(t)
	p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{Who: WhoLocal})
	doc := p.Document.ID
	add, err := l.AddTask(ctx, doc, NewTask{Section: "补充任务", TaskFields: TaskFields{Text: "推进全区数字化改革。", Units: []string{"区数据资源局"},
		Leaders: []string{"王艳勤"}, Deadline: "2018年底"}}, EditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(add.Tasks) != 1 || add.Tasks[0].Seq != 84 || add.Tasks[0].Due != "2018-12-31" || !slices.Equal(add.Tasks[0].Corrected, []string{MarkAdded}) {
		t.Fatalf("add: %+v", add.Tasks)
	}
	if _, err := l.DeleteTask(ctx, doc+"-83", EditOptions{}); err != nil {
		t.Fatal(err)
	}
	split, err := l.SplitTask(ctx, doc+"-70", []string{"实施旅游惠民工程。", "推进全域旅游。"}, 0, EditOptions{})
	if err != nil || len(split.Tasks) != 2 || split.Tasks[1].Seq != 85 || !slices.Equal(split.Tasks[1].Units, []string{"区旅游局"}) {
		t.Fatalf("split: %v %+v", err, split)
	}
	merge, err := l.MergeTasks(ctx, doc+"-1", doc+"-2", nil, EditOptions{})
	if err != nil || len(merge.Tasks) != 1 || !slices.Equal(merge.Removed, []string{doc + "-2"}) {
		t.Fatalf("merge: %v %+v", err, merge)
	}
	m := merge.Tasks[0]
	if !strings.Contains(m.Text, "未来科技城要围绕") || !strings.Contains(m.Text, "余杭经济技术开发区要对标") || !slices.Contains(m.Corrected, MarkMerged) {
		t.Errorf("merged: %+v", m)
	}
	state := func() string {
		cur, err := l.Current(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, t := range cur.Tasks {
			b.WriteString(t.ID + "|" + t.Text + "|" + strings.Join(t.Units, "、") + "|" + strings.Join(t.Corrected, ",") + "\n")
		}
		return b.String()
	}
	before := state()
	if n := strings.Count(before, "\n"); n != 83 { // 83 + 1 added − 1 deleted + 1 split − 1 merged
		t.Errorf("%d tasks", n)
	}
	if _, err := s.Task(ctx, doc+"-83"); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("deleted task still served: %v", err)
	}
	// a new reading from the kept original gets every correction back
	pa := mustImport(t, l, "again.txt", append(seeds.Notice(), '\n'), ImportOptions{Who: WhoLocal})
	if !pa.Diff.Empty() {
		t.Errorf("import again changed: %+v", pa.Diff)
	}
	if after := state(); after != before {
		t.Errorf("corrections not applied again:\n%s\nwant\n%s", after, before)
	}
	for _, w := range pa.Document.Report.Warnings {
		if w.Code == ingest.WarnCorrectionStale {
			t.Errorf("stale: %+v", w)
		}
	}
}

// TestCorrectionInputRefused: bad input is refused with a clear error and
// leaves the document as it was.
func TestCorrectionInputRefused(t *testing.T) {
	_, l, _ := MustOpen(t)
	p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{Who: WhoLocal})
	doc := p.Document.ID
	for _, tt := range []struct {
		name string
		run  func() error
		code string
	}{
		{"unknown task", func() error { _, err := l.EditTask(ctx, doc+"-999", Patch{Text: ptr("x")}, EditOptions{}); return err }, ingest.ENOTFOUND},
		{"not a task id", func() error { _, err := l.EditTask(ctx, "nope", Patch{Text: ptr("x")}, EditOptions{}); return err }, ingest.ENOTFOUND},
		{"empty text", func() error { _, err := l.EditTask(ctx, doc+"-1", Patch{Text: ptr("  ")}, EditOptions{}); return err }, ingest.EINVALID},
		{"empty units", func() error {
			_, err := l.EditTask(ctx, doc+"-1", Patch{Units: &[]string{" 、"}}, EditOptions{})
			return err
		}, ingest.EINVALID},
		{"nothing changes", func() error {
			_, err := l.EditTask(ctx, doc+"-49", Patch{Units: &[]string{"区城管局"}}, EditOptions{})
			return err
		}, ingest.EINVALID},
		{"add without units", func() error {
			_, err := l.AddTask(ctx, doc, NewTask{TaskFields: TaskFields{Text: "新任务"}}, EditOptions{})
			return err
		}, ingest.EINVALID},
		{"add on a taken seq", func() error {
			_, err := l.AddTask(ctx, doc, NewTask{Seq: 3, TaskFields: TaskFields{Text: "新任务", Units: []string{"区发改局"}}}, EditOptions{})
			return err
		}, ingest.ECONFLICT},
		{"add to no document", func() error {
			_, err := l.AddTask(ctx, "nope", NewTask{TaskFields: TaskFields{Text: "新任务", Units: []string{"区发改局"}}}, EditOptions{})
			return err
		}, ingest.ENOTFOUND},
		{"split in one", func() error { _, err := l.SplitTask(ctx, doc+"-1", []string{"a"}, 0, EditOptions{}); return err }, ingest.EINVALID},
		{"merge with itself", func() error { _, err := l.MergeTasks(ctx, doc+"-1", doc+"-1", nil, EditOptions{}); return err }, ingest.EINVALID},
		{"a name too long", func() error {
			_, err := l.EditTask(ctx, doc+"-1", Patch{Leaders: &[]string{strings.Repeat("王", 101)}}, EditOptions{})
			return err
		}, ingest.EINVALID},
	} {
		if err := tt.run(); ingest.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	h, _ := l.Versions(doc)
	if len(h.Versions) != 1 {
		t.Errorf("refused corrections made versions: %d", len(h.Versions))
	}
}

// TestReparseDropsStaleCorrections: when a reparse reads the kept original
// so that a corrected task is gone or gives the corrected value itself
// (as a better parser would), --apply drops those corrections, says so,
// and keeps the rest.
func TestReparseDropsStaleCorrections(t *testing.T) {
	s, l, _ := MustOpen(t)
	p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{Who: WhoLocal})
	doc := p.Document.ID
	for _, e := range []struct {
		task  string
		units string
	}{{"-70", "区文广新局"}, {"-5", "区经信局"}, {"-6", "区数据资源局"}} {
		if _, err := l.EditTask(ctx, doc+e.task, Patch{Units: &[]string{e.units}}, EditOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// the served version's original now reads as a better parser would
	// read it (its last tasks gone, task 5 reading 区经信局), while its
	// corrections are those made against the seed's reading
	next := []byte(strings.Replace(string(fewer()), "? | 仁和先进制造业基地? |", "? | 区经信局? |", 1))
	cur, layer, err := l.currentBody(ctx, doc)
	if err != nil || len(layer) != 3 {
		t.Fatalf("layer: %v %d", err, len(layer))
	}
	sum := sha256.Sum256(next)
	cur.Checksum = hex.EncodeToString(sum[:])
	if _, _, err := l.commit(cur, next, WhoLocal, ActionImport, 0, layer); err != nil {
		t.Fatal(err)
	}
	rs, err := l.Reparse(ctx, []string{doc}, true)
	if err != nil || len(rs) != 1 {
		t.Fatalf("reparse: %v %+v", err, rs)
	}
	r := rs[0]
	if !r.Applied || r.Corrections != 1 || len(r.Stale) != 2 || !slices.Equal(r.Stale[0].Seqs, []int{70}) || !slices.Equal(r.Stale[1].Seqs, []int{5}) ||
		r.Stale[0].Code != ingest.WarnCorrectionStale {
		t.Fatalf("reparse: %+v", r)
	}
	if got := servedTask(t, s, doc+"-6"); !slices.Equal(got.Units, []string{"区数据资源局"}) || !slices.Equal(got.Corrected, []string{"units"}) {
		t.Errorf("task 6: %v %v", got.Units, got.Corrected)
	}
	if got := servedTask(t, s, doc+"-5"); got.Corrected != nil {
		t.Errorf("task 5 still marked: %v", got.Corrected)
	}
	h, _ := l.Versions(doc)
	if v := h.Versions[0]; v.Action != ActionReparse || v.Corrections != 1 {
		t.Errorf("newest version: %+v", v)
	}
	// read again: nothing more to drop, nothing to write
	rs, err = l.Reparse(ctx, []string{doc}, true)
	if err != nil || rs[0].Applied || len(rs[0].Stale) != 0 || rs[0].Corrections != 1 {
		t.Errorf("second reparse: %v %+v", err, rs)
	}
}

// TestCorrectionsInThePreview: corrections made in an import's preview
// show in the dry run, write nothing there, are kept as the import's layer
// when it is confirmed, and last through a new import of the notice.
func TestCorrectionsInThePreview(t *testing.T) {
	s, l, _ := MustOpen(t)
	edits := []PreviewEdit{
		{Seq: 49, Patch: Patch{Units: &[]string{"区数据资源局"}}},
		{Kind: KindDelete, Seq: 83},
		{Kind: KindAdd, Patch: Patch{Text: ptr("推进全区数字化改革。"), Units: &[]string{"区数据资源局"}}},
	}
	dry, err := l.Import(ctx, parse(t, "seed.txt", seeds.Notice()), seeds.Notice(), ImportOptions{DryRun: true, Corrections: edits, By: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	tasks := dry.Document.Tasks
	if len(tasks) != 83 || !slices.Equal(tasks[48].Units, []string{"区数据资源局"}) || tasks[82].Seq != 84 || tasks[82].Text != "推进全区数字化改革。" || !slices.Equal(tasks[82].Corrected, []string{MarkAdded}) {
		t.Fatalf("dry run: %d tasks, 49 %v, last %d %v", len(tasks), tasks[48].Units, tasks[82].Seq, tasks[82].Corrected)
	}
	if len(s.Documents()) != 0 {
		t.Fatal("a dry run wrote")
	}
	p, err := l.Import(ctx, parse(t, "seed.txt", seeds.Notice()), seeds.Notice(), ImportOptions{Who: WhoToken, Corrections: edits, By: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	doc := p.Document.ID
	if got := servedTask(t, s, doc+"-49"); !slices.Equal(got.Corrected, []string{"units"}) {
		t.Errorf("task 49: %v", got.Corrected)
	}
	// the added task does not take the deleted 83's 序号 (nor its id)
	if _, err := s.Task(ctx, doc+"-83"); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("task 83: %v", err)
	}
	if got := servedTask(t, s, doc+"-84"); got.Text != "推进全区数字化改革。" {
		t.Errorf("task 84: %q", got.Text)
	}
	_, layer, _ := l.currentBody(ctx, doc)
	if len(layer) != 3 || layer[0].By != "张三" || layer[0].Who != WhoToken {
		t.Errorf("layer: %+v", layer)
	}
	// the same file again with no corrections changes nothing; another
	// file of the notice keeps them
	if p := mustImport(t, l, "seed.txt", seeds.Notice(), ImportOptions{}); p.Outcome != string(index.Unchanged) {
		t.Errorf("same file: %s", p.Outcome)
	}
	pa := mustImport(t, l, "again.txt", append(seeds.Notice(), '\n'), ImportOptions{})
	if !pa.Diff.Empty() {
		t.Errorf("import again: %+v", pa.Diff)
	}
	// a refused correction refuses the import, naming it
	_, err = l.Import(ctx, parse(t, "again.txt", append(seeds.Notice(), '\n', '\n')), nil,
		ImportOptions{Corrections: []PreviewEdit{{Seq: 49, Patch: Patch{Text: ptr("改")}}, {Seq: 999, Patch: Patch{Text: ptr("x")}}}})
	if ingest.ErrorCode(err) != ingest.EINVALID || !strings.Contains(err.Error(), "第 2 条校正(第 999 项)") {
		t.Errorf("bad preview correction: %v", err)
	}
}

// BenchmarkReapply: 200 corrections applied again to a new reading of a
// document of 5,000 tasks (what a reparse or an import of a large notice
// does before it writes).
func BenchmarkReapply(b *testing.B) {
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2019-bench", Year: 2019}, Report: &ingest.Report{}}
	for i := 1; i <= 5000; i++ {
		doc.Tasks = append(doc.Tasks, ingest.Task{Seq: i, Text: fmt.Sprintf("第%d项任务:深化垃圾治理,全区垃圾分类覆盖面达到80%%,加强垃圾末端处置设施建设,提高垃圾资源化利用水平。", i),
			Units: []string{"区城管局"}, Leaders: []string{"王艳勤"}})
	}
	var layer []Correction
	for i := 1; i <= 200; i++ {
		t := doc.Tasks[i*20]
		layer = append(layer, Correction{Kind: KindEdit, Seq: t.Seq, Text: t.Text, Fields: []string{"units"},
			Before: fieldsOf(&t), After: &TaskFields{Units: []string{"区数据资源局"}}})
	}
	b.ResetTimer()
	for range b.N {
		work := cloneDoc(doc)
		if kept := reapply(work, layer); len(kept) != 200 {
			b.Fatalf("%d kept", len(kept))
		}
	}
}
