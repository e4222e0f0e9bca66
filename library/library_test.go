package library

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

var ctx = context.Background()

// MustOpen opens a store and its library in a new data dir.
func MustOpen(tb testing.TB) (*index.Store, *Library, string) {
	tb.Helper()
	dir := tb.TempDir()
	s, l := mustOpenAt(tb, dir)
	return s, l, dir
}

func mustOpenAt(tb testing.TB, dir string) (*index.Store, *Library) {
	tb.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := index.Open(dir, index.Options{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	l, err := Open(dir, s, Options{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	return s, l
}

func parse(tb testing.TB, name string, data []byte) *ingest.Document {
	tb.Helper()
	doc, err := ingest.Parse(name, bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func mustImport(tb testing.TB, l *Library, name string, data []byte, opts ImportOptions) *Preview {
	tb.Helper()
	p, err := l.Import(ctx, parse(tb, name, data), data, opts)
	if err != nil {
		tb.Fatalf("import %s: %v", name, err)
	}
	return p
}

// withoutHead is the seed as a spreadsheet would hold it: the task table
// under its title, without the notice's salutation, issuer and date. Its
// id differs from the seed's (no issuer), so only its title and tasks say
// it is the same notice.
func withoutHead() []byte {
	lines := strings.Split(string(seeds.Notice()), "\n")
	return []byte(strings.Join(lines[6:], "\n"))
}

// fewer is the seed with its last 20 tasks gone and task 49 changed.
func fewer() []byte {
	lines := strings.Split(string(seeds.Notice()), "\n")
	out := strings.Join(lines[:len(lines)-21], "\n") + "\n"
	return []byte(strings.Replace(out, "垃圾分类", "垃圾分类和资源回收", 1))
}

func TestImportKeepsVersionsAndOriginals(t *testing.T) {
	s, l, dir := MustOpen(t)
	p := mustImport(t, l, seeds.NoticeName, seeds.Notice(), ImportOptions{Who: WhoSeed})
	if p.Outcome != "added" || p.Version != 1 || !p.Original {
		t.Fatalf("first import: %+v", p)
	}
	id := p.Document.ID
	if info, _ := s.Document(id); info.Version != 1 {
		t.Errorf("the index serves version %d", info.Version)
	}
	// the same bytes again change nothing
	if p := mustImport(t, l, "again.txt", seeds.Notice(), ImportOptions{Who: WhoLocal}); p.Outcome != "unchanged" || p.Version != 0 {
		t.Errorf("same bytes: %+v", p)
	}
	h, err := l.Versions(id)
	if err != nil || len(h.Versions) != 1 || !h.Versions[0].Current || !h.Versions[0].Original || h.Versions[0].Who != WhoSeed {
		t.Fatalf("history %+v %v", h, err)
	}
	f, n, err := l.Original(h.Versions[0].Checksum)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, seeds.Notice()) || n != int64(len(got)) {
		t.Errorf("original differs from the upload (%d bytes)", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "history", "originals", h.Versions[0].Checksum)); err != nil {
		t.Errorf("original not content-addressed: %v", err)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	s, l, dir := MustOpen(t)
	first := mustImport(t, l, seeds.NoticeName, seeds.Notice(), ImportOptions{Who: WhoLocal})
	before := snapshot(t, s, dir)
	doc := parse(t, "少了的版本.txt", fewer())
	p, err := l.Import(ctx, doc, fewer(), ImportOptions{DryRun: true, Who: WhoLocal})
	if err != nil {
		t.Fatal(err)
	}
	if p.Outcome != "replaced" || p.Target != first.Document.ID || p.Version != 0 {
		t.Errorf("preview: %+v", p)
	}
	if len(p.Diff.Removed) != 20 || len(p.Diff.Added) != 0 || len(p.Diff.Changed) != 1 || p.Diff.Changed[0].Seq != 49 ||
		p.Diff.Changed[0].Fields[0] != "text" || p.Diff.Same != 62 {
		t.Errorf("diff: removed %d added %d changed %+v same %d", len(p.Diff.Removed), len(p.Diff.Added), p.Diff.Changed, p.Diff.Same)
	}
	if len(p.Warnings) == 0 || p.Warnings[0].Code != ingest.WarnTasksRemoved || len(p.Warnings[0].Seqs) != 20 ||
		!strings.Contains(p.Warnings[0].Message, "删除现有的 20 项任务") {
		t.Errorf("warnings: %+v", p.Warnings)
	}
	if after := snapshot(t, s, dir); after != before {
		t.Errorf("a dry run changed the store:\n%s\n---\n%s", before, after)
	}
}

// snapshot is everything a reader sees of a store and its library.
func snapshot(t *testing.T, s *index.Store, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, d := range s.Documents() {
		fmt.Fprintf(&b, "%s v%d %d\n", d.ID, d.Version, d.TaskCount)
		s.Scan(ctx, index.Request{Docs: []string{d.ID}}, func(t ingest.Task) error {
			fmt.Fprintf(&b, "%s %s %v\n", t.ID, t.Text, t.Units)
			return nil
		})
	}
	filepath.WalkDir(filepath.Join(dir, "history"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fmt.Fprintln(&b, strings.TrimPrefix(path, dir))
		}
		return nil
	})
	return b.String()
}

func TestSameNoticeInAnotherFile(t *testing.T) {
	s, l, _ := MustOpen(t)
	seed := mustImport(t, l, seeds.NoticeName, seeds.Notice(), ImportOptions{Who: WhoLocal})
	doc := parse(t, "任务表.xlsx", withoutHead())
	if doc.ID == seed.Document.ID || doc.Issuer != "" {
		t.Fatalf("the fixture should name no issuer and get another id: %s %q", doc.ID, doc.Issuer)
	}
	_, err := l.Import(ctx, doc, withoutHead(), ImportOptions{Who: WhoLocal})
	var same *SameNoticeError
	if !errors.As(err, &same) || ingest.ErrorCode(err) != ingest.ECONFLICT || len(same.Candidates) != 1 ||
		same.Candidates[0].ID != seed.Document.ID || same.Candidates[0].Reason != "同年同标题" {
		t.Fatalf("err = %v (%+v)", err, same)
	}
	if len(s.Documents()) != 1 {
		t.Fatalf("a refused import wrote something: %d documents", len(s.Documents()))
	}
	// chosen as a new version of the seed: the seed's ids, its issuer and date
	p, err := l.Import(ctx, parse(t, "任务表.xlsx", withoutHead()), withoutHead(), ImportOptions{Replace: seed.Document.ID, Who: WhoToken})
	if err != nil {
		t.Fatal(err)
	}
	if p.Document.ID != seed.Document.ID || p.Document.Tasks[48].ID != seed.Document.Tasks[48].ID || p.Version != 2 ||
		p.Document.Issuer != "杭州市余杭区人民政府办公室" || p.Document.Date != "2018-03-18" || len(p.Document.Report.Notes) < 2 {
		t.Errorf("replace: id %s v%d issuer %q date %q notes %q", p.Document.ID, p.Version, p.Document.Issuer, p.Document.Date, p.Document.Report.Notes)
	}
	if docs := s.Documents(); len(docs) != 1 || docs[0].Issuer != "杭州市余杭区人民政府办公室" {
		t.Errorf("documents after the replace: %+v", docs)
	}
	// or kept beside it, when the office says so
	p, err = l.Import(ctx, parse(t, "任务表.xlsx", withoutHead()), withoutHead(), ImportOptions{AsNew: true, Who: WhoToken})
	if err != nil || p.Outcome != "added" || len(s.Documents()) != 2 {
		t.Errorf("as new: %+v %v", p, err)
	}
	// texts mostly the same under another title
	other := strings.Replace(string(withoutHead()), "2018年《政府工作报告》工作任务分解表", "2018年重点工作清单", 1)
	d := parse(t, "清单.txt", []byte(other))
	pv, err := l.Import(ctx, d, []byte(other), ImportOptions{DryRun: true})
	if err != nil || len(pv.Candidates) != 2 || pv.Candidates[0].Reason != "任务内容大多相同" || pv.Candidates[0].Shared != 1 {
		t.Errorf("by texts: %+v %v", pv, err)
	}
}

func TestRestoreAndTrash(t *testing.T) {
	s, l, dir := MustOpen(t)
	seed := mustImport(t, l, seeds.NoticeName, seeds.Notice(), ImportOptions{Who: WhoLocal})
	id := seed.Document.ID
	mustImport(t, l, "少了的版本.txt", fewer(), ImportOptions{Who: WhoToken})
	if info, _ := s.Document(id); info.TaskCount != 63 || info.Version != 2 {
		t.Fatalf("after the replace: %+v", info)
	}
	// errors first
	for _, tt := range []struct {
		name            string
		version, expect int
		code            string
	}{
		{"unknown version", 9, 0, ingest.ENOTFOUND},
		{"the current one", 2, 0, ingest.ECONFLICT},
		{"over a newer version", 1, 1, ingest.ECONFLICT},
	} {
		if _, err := l.Restore(id, tt.version, tt.expect, WhoLocal); ingest.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	if _, err := l.Restore("../../etc", 1, 0, WhoLocal); ingest.ErrorCode(err) != ingest.EINVALID {
		t.Errorf("a path as id: %v", err)
	}
	v, err := l.Restore(id, 1, 2, WhoLocal)
	if err != nil || v.Version != 3 || v.From != 1 || v.Action != ActionRestore || !v.Current {
		t.Fatalf("restore: %+v %v", v, err)
	}
	r, _ := s.Search(ctx, index.Request{Query: "垃圾分类", Docs: []string{id}})
	if info, _ := s.Document(id); info.TaskCount != 83 || r.Total != 1 || r.Hits[0].Seq != 49 || r.Hits[0].ID != seed.Document.Tasks[48].ID {
		t.Errorf("after the restore: %+v, 垃圾分类 → %d", info, r.Total)
	}
	// delete goes to the trash
	if err := l.Delete(id, WhoToken); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(id); err == nil {
		t.Error("a deleted document is still served")
	}
	trash, ids, err := l.Trash()
	if err != nil || len(ids) != 1 || ids[0] != id || trash[0].Version != 3 {
		t.Fatalf("trash %+v %v %v", trash, ids, err)
	}
	h, _ := l.Versions(id)
	if !h.Trashed || h.Current != 0 || len(h.Versions) != 3 {
		t.Errorf("history of a trashed document: %+v", h)
	}
	if _, err := l.Restore(id, Latest, 0, WhoLocal); err != nil {
		t.Fatal(err)
	}
	if info, err := s.Document(id); err != nil || info.TaskCount != 83 || info.Version != 4 {
		t.Errorf("back from the trash: %+v %v", info, err)
	}
	if _, ids, _ := l.Trash(); len(ids) != 0 {
		t.Errorf("still in the trash: %v", ids)
	}
	// emptied for good: history and originals go
	l.Delete(id, WhoToken)
	if got, err := l.EmptyTrash(""); err != nil || len(got) != 1 {
		t.Fatalf("empty: %v %v", got, err)
	}
	if _, err := l.Versions(id); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("history after emptying: %v", err)
	}
	if files, _ := os.ReadDir(filepath.Join(dir, "history", "originals")); len(files) != 0 {
		t.Errorf("originals left: %d", len(files))
	}
}

func TestVersionsOfAStoreWrittenBeforeHistory(t *testing.T) {
	s, l, _ := MustOpen(t)
	doc := parse(t, seeds.NoticeName, seeds.Notice())
	if _, err := s.Replace(doc); err != nil { // as an earlier duban did
		t.Fatal(err)
	}
	h, err := l.Versions(doc.ID)
	if err != nil || len(h.Versions) != 1 || h.Versions[0].Action != ActionAdopt || !h.Versions[0].Current || h.Versions[0].Original {
		t.Fatalf("history %+v %v", h, err)
	}
	mustImport(t, l, "少了的版本.txt", fewer(), ImportOptions{Who: WhoLocal})
	if _, err := l.Restore(doc.ID, 0, 1, WhoLocal); err != nil { // the version the index held
		t.Fatal(err)
	}
	if info, _ := s.Document(doc.ID); info.TaskCount != 83 {
		t.Errorf("the adopted version came back with %d tasks", info.TaskCount)
	}
}

func TestReparse(t *testing.T) {
	s, l, _ := MustOpen(t)
	// a version read worse than today's parser reads its file
	doc := parse(t, seeds.NoticeName, seeds.Notice())
	doc.Tasks = doc.Tasks[:80]
	doc.Tasks[0].Units = []string{"区某某局"}
	if _, err := l.Import(ctx, doc, seeds.Notice(), ImportOptions{Who: WhoLocal}); err != nil {
		t.Fatal(err)
	}
	got, err := l.Reparse(ctx, nil, false)
	if err != nil || len(got) != 1 || got[0].Diff == nil || len(got[0].Diff.Added) != 3 || len(got[0].Diff.Changed) != 1 ||
		got[0].Diff.Changed[0].Fields[0] != "units" || got[0].Applied {
		t.Fatalf("reparse: %+v %v", got, err)
	}
	if info, _ := s.Document(doc.ID); info.TaskCount != 80 {
		t.Errorf("reparse without --apply changed the store: %d tasks", info.TaskCount)
	}
	got, err = l.Reparse(ctx, []string{doc.ID}, true)
	if err != nil || !got[0].Applied || got[0].Version != 2 {
		t.Fatalf("apply: %+v %v", got, err)
	}
	h, _ := l.Versions(doc.ID)
	if info, _ := s.Document(doc.ID); info.TaskCount != 83 || h.Versions[0].Who != WhoReparse || h.Versions[0].Action != ActionReparse {
		t.Errorf("after apply: %d tasks, %+v", info.TaskCount, h.Versions[0])
	}
	// nothing more to change: left alone
	if got, _ := l.Reparse(ctx, nil, true); got[0].Applied || !got[0].Diff.Empty() {
		t.Errorf("second reparse: %+v", got[0])
	}
	// no original kept: said, not failed
	legacy := parse(t, "x.txt", []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》", "2017年《政府工作报告》", 1)))
	s.Replace(legacy)
	got, err = l.Reparse(ctx, []string{legacy.ID}, false)
	if err != nil || got[0].Error == "" {
		t.Errorf("without an original: %+v %v", got, err)
	}
}

func TestOriginalsBudget(t *testing.T) {
	dir := t.TempDir()
	s, err := index.Open(dir, index.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := Open(dir, s, Options{OriginalsBudget: int64(len(seeds.Notice())) + 100})
	if err != nil {
		t.Fatal(err)
	}
	first := mustImport(t, l, "a.txt", seeds.Notice(), ImportOptions{})
	second := mustImport(t, l, "b.txt", fewer(), ImportOptions{})
	// the seed's original is no current version's any more: it made room
	if !second.Original || l.hasOriginal(first.Document.Checksum) {
		t.Errorf("budget: second kept %v, first still kept %v", second.Original, l.hasOriginal(first.Document.Checksum))
	}
	big := bytes.Repeat(seeds.Notice(), 2)
	p, err := l.Import(ctx, parse(t, "big.txt", big), big, ImportOptions{AsNew: true})
	if err != nil || p.Original {
		t.Errorf("a file over the budget was kept: %+v %v", p, err)
	}
}

// The crash test: a child process imports two versions of the seed in
// turn through the library until it is killed with SIGKILL. Each reopen
// finds the document whole in one version, its current version kept in
// the history, and every kept version readable.

const childEnv = "DUBAN_LIBRARY_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		churn(dir)
		return
	}
	os.Exit(m.Run())
}

func churn(dir string) {
	s, err := index.Open(dir, index.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	l, err := Open(dir, s, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	a, b := seeds.Notice(), fewer()
	fmt.Println("ready")
	for i := 0; ; i++ {
		data := a
		if i%2 == 0 {
			data = b
		}
		doc, _ := ingest.Parse("x.txt", bytes.NewReader(data))
		var err error
		if i%5 == 4 {
			_, err = l.Restore(doc.ID, 1, 0, WhoLocal)
		} else {
			_, err = l.Import(ctx, doc, data, ImportOptions{Who: WhoLocal})
		}
		if err != nil && ingest.ErrorCode(err) != ingest.ECONFLICT {
			fmt.Println("import failed:", err)
			os.Exit(4)
		}
	}
}

func TestCrashDuringImport(t *testing.T) {
	dir := t.TempDir()
	s, l := mustOpenAt(t, dir)
	seed := mustImport(t, l, "x.txt", seeds.Notice(), ImportOptions{})
	id := seed.Document.ID
	s.Close()
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+dir)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if strings.TrimSpace(line) != "ready" {
			cmd.Process.Kill()
			t.Fatalf("child: %q", line)
		}
		time.Sleep(time.Duration(200+round*150) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		s, err := index.Open(dir, index.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		l, err := Open(dir, s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.Document(id)
		if err != nil {
			t.Fatalf("round %d: the document is gone: %v", round, err)
		}
		r, _ := s.Search(ctx, index.Request{Docs: []string{id}, Size: 1})
		if int(r.Total) != info.TaskCount || info.TaskCount != 83 && info.TaskCount != 63 {
			t.Errorf("round %d: a mix: %d tasks served, the document says %d", round, r.Total, info.TaskCount)
		}
		h, err := l.Versions(id)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		current := 0
		for _, v := range h.Versions {
			doc, err := l.document(id, v.Version)
			if err != nil || len(doc.Tasks) != v.Tasks {
				t.Errorf("round %d: version %d unreadable: %v", round, v.Version, err)
			}
			if v.Current {
				current++
				if v.Tasks != info.TaskCount {
					t.Errorf("round %d: current version %d has %d tasks, the index %d", round, v.Version, v.Tasks, info.TaskCount)
				}
			}
		}
		if current != 1 {
			t.Errorf("round %d: %d current versions", round, current)
		}
		t.Logf("round %d: %d versions, current has %d tasks", round, len(h.Versions), info.TaskCount)
		s.Close()
	}
}

func TestImportMany(t *testing.T) {
	s, l, _ := MustOpen(t)
	next := []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1))
	items := []Item{
		{Doc: parse(t, "2018.txt", seeds.Notice()), Data: seeds.Notice()},
		{Doc: parse(t, "2019.txt", next), Data: next},
		{Doc: parse(t, "2018-again.txt", fewer()), Data: fewer()}, // the same notice later in the call: it wins
	}
	ps, errs := l.ImportMany(ctx, items, ImportOptions{Who: WhoLocal})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	if len(s.Documents()) != 2 || ps[2].Version != 1 || ps[1].Version != 1 || ps[0].Version != 0 {
		t.Errorf("versions %d %d %d, %d documents", ps[0].Version, ps[1].Version, ps[2].Version, len(s.Documents()))
	}
	if info, _ := s.Document(items[0].Doc.ID); info.TaskCount != 63 {
		t.Errorf("the later file of one notice should win: %d tasks", info.TaskCount)
	}
	// one that looks like a document there is refused, the others go in
	third := []byte(strings.Replace(string(next), "2019年", "2020年", 1))
	ps, errs = l.ImportMany(ctx, []Item{{Doc: parse(t, "任务表.xlsx", withoutHead()), Data: withoutHead()}, {Doc: parse(t, "2020.txt", third), Data: third}}, ImportOptions{})
	if ingest.ErrorCode(errs[0]) != ingest.ECONFLICT || errs[1] != nil || ps[1].Outcome != "added" || len(s.Documents()) != 3 {
		t.Errorf("errs %v, %d documents", errs, len(s.Documents()))
	}
}

// countingIndex counts the index writes a library makes.
type countingIndex struct {
	Index
	writes int
}

func (c *countingIndex) Replace(doc *ingest.Document) (index.Outcome, error) {
	c.writes++
	return c.Index.Replace(doc)
}

func (c *countingIndex) ReplaceMany(docs []*ingest.Document) ([]index.Outcome, error) {
	c.writes++
	return c.Index.ReplaceMany(docs)
}

// TestReparseWritesAChunkAtATime: reparse --apply over many documents
// runs the bulk import's pipeline, one index write a chunk, not one a
// document (a durable batch each).
func TestReparseWritesAChunkAtATime(t *testing.T) {
	s, _, dir := MustOpen(t)
	idx := &countingIndex{Index: s}
	l, err := Open(dir, idx, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	for k := range n {
		// versions read worse than today's parser reads their files
		data := []byte(strings.ReplaceAll(string(seeds.Notice()), "2018", strconv.Itoa(2001+k)))
		doc := parse(t, "x.txt", data)
		doc.Tasks = doc.Tasks[:80]
		if _, err := l.Import(ctx, doc, data, ImportOptions{Who: WhoLocal, AsNew: true}); err != nil {
			t.Fatal(err)
		}
	}
	idx.writes = 0
	got, err := l.Reparse(ctx, nil, true)
	if err != nil || len(got) != n {
		t.Fatalf("reparse: %d results, %v", len(got), err)
	}
	for _, r := range got {
		if !r.Applied || r.Version != 2 || len(r.Diff.Added) != 3 {
			t.Errorf("%s: applied %v as version %d, %+v", r.ID, r.Applied, r.Version, r.Diff)
		}
		if info, _ := s.Document(r.ID); info.TaskCount != 83 || info.Version != 2 {
			t.Errorf("%s: %d tasks served, version %d", r.ID, info.TaskCount, info.Version)
		}
	}
	if idx.writes != 1 {
		t.Errorf("%d index writes for %d documents reparsed, want one chunk", idx.writes, n)
	}
}
