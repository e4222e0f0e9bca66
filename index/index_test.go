package index

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// MustParseSeed parses the embedded seed notice.
// MustParseSeed parses the embedded seed notice; tb may be nil in a child
// process, where a failure panics.
func MustParseSeed(tb testing.TB) *ingest.Document {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		if tb == nil {
			panic(err)
		}
		tb.Fatal(err)
	}
	return doc
}

// MustOpenIndex opens a store in a temp dir holding the seed notice.
func MustOpenIndex(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(tb.TempDir(), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Replace(MustParseSeed(tb)); err != nil {
		tb.Fatal(err)
	}
	return s
}

func seqs(r *Result) []int {
	var out []int
	for _, h := range r.Hits {
		out = append(out, h.Seq)
	}
	return out
}

func mustSearch(t *testing.T, s *Store, req Request) *Result {
	t.Helper()
	if req.Size == 0 {
		req.Size = MaxSize
	}
	r, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return r
}

func TestJudgedQueries(t *testing.T) {
	s := MustOpenIndex(t)
	qs, err := seeds.Queries()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 30 {
		t.Fatalf("only %d judged queries", len(qs))
	}
	for _, q := range qs {
		name := strings.TrimSpace(fmt.Sprintf("%s %s %s", q.Q, q.Leader, q.Unit))
		t.Run(name, func(t *testing.T) {
			req := Request{Query: q.Q}
			if q.Leader != "" {
				req.Leaders = []string{q.Leader}
			}
			if q.Unit != "" {
				req.Units = []string{q.Unit}
			}
			r := mustSearch(t, s, req)
			got := seqs(r)
			for _, m := range q.Must {
				if !slices.Contains(got, m) {
					t.Errorf("missed task %d; got %v", m, got)
				}
			}
			if q.Only && int(r.Total) != len(q.Must) {
				t.Errorf("total %d, want exactly %v; got %v", r.Total, q.Must, got)
			}
			if q.MustFirst && len(got) >= len(q.Must) {
				top := slices.Clone(got[:len(q.Must)])
				slices.Sort(top)
				if !slices.Equal(top, q.Must) {
					t.Errorf("top %d = %v, want %v", len(q.Must), got[:len(q.Must)], q.Must)
				}
			}
			if q.First != 0 && (len(got) == 0 || got[0] != q.First) {
				t.Errorf("first = %v, want %d", got, q.First)
			}
		})
	}
}

// TestFullRecall: every run of word characters (2 to 8 long) that stands in
// a task's text finds that task.
func TestFullRecall(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	checked := 0
	for _, task := range doc.Tasks {
		var runs [][]rune
		var cur []rune
		for _, r := range task.Text + "。" {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				cur = append(cur, r)
			} else if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
		}
		for _, run := range runs {
			for size := 2; size <= 8 && size <= len(run); size++ {
				// every start for short sizes, every third for longer ones
				step := 1
				if size > 3 {
					step = 3
				}
				for i := 0; i+size <= len(run); i += step {
					q := string(run[i : i+size])
					r := mustSearch(t, s, Request{Query: q, Size: MaxSize})
					checked++
					if !slices.Contains(seqs(r), task.Seq) && r.Total <= MaxSize {
						t.Errorf("q=%q does not find task %d", q, task.Seq)
					}
				}
			}
		}
	}
	t.Logf("%d substring queries checked", checked)
	if checked < 4000 {
		t.Errorf("only %d queries checked", checked)
	}
}

func TestFiltersAndFacets(t *testing.T) {
	s := MustOpenIndex(t)
	r := mustSearch(t, s, Request{Leaders: []string{"王艳勤"}})
	if got := seqs(r); !slices.Equal(got, []int{38, 49, 63, 64, 65, 77}) {
		t.Errorf("leader 王艳勤 = %v", got)
	}
	r = mustSearch(t, s, Request{Units: []string{"区住建局"}})
	if r.Total != 11 {
		t.Errorf("unit 区住建局: %d tasks, want 11", r.Total)
	}
	r = mustSearch(t, s, Request{Units: []string{"区住建局(规划分局)"}})
	if r.Total != 6 {
		t.Errorf("unit 区住建局(规划分局) as written: %d tasks, want 6", r.Total)
	}
	r = mustSearch(t, s, Request{})
	if r.Total != 83 || r.Hits[0].Seq != 1 || len(r.Hits) != MaxSize && len(r.Hits) != 83 {
		t.Errorf("all tasks: total %d first %v", r.Total, seqs(r)[:1])
	}
	facet := func(name string, value any) int {
		for _, f := range r.Facets[name] {
			if f.Value == value {
				return f.Count
			}
		}
		return -1
	}
	if facet(FacetLeader, "祝振伟") != 29 || facet(FacetUnit, "区住建局") != 11 || facet(FacetYear, 2018) != 83 {
		t.Errorf("facets = %v", r.Facets)
	}
	if len(r.Facets[FacetLeader]) != 16 {
		t.Errorf("leader facet has %d values, want 16", len(r.Facets[FacetLeader]))
	}
	r = mustSearch(t, s, Request{Query: "垃圾分类", Leaders: []string{"祝振伟"}})
	if r.Total != 0 {
		t.Errorf("垃圾分类 led by 祝振伟: %v", seqs(r))
	}
	r = mustSearch(t, s, Request{Years: []int{2019}})
	if r.Total != 0 {
		t.Errorf("year 2019: %d", r.Total)
	}
	r = mustSearch(t, s, Request{Query: "垃圾分类", Years: []int{2018}, Docs: []string{MustParseSeed(t).ID}})
	if got := seqs(r); !slices.Equal(got, []int{49}) {
		t.Errorf("year+doc filter: %v", got)
	}
}

func TestPaging(t *testing.T) {
	s := MustOpenIndex(t)
	var all []int
	for from := 0; from < 83; from += 20 {
		r := mustSearch(t, s, Request{From: from, Size: 20})
		all = append(all, seqs(r)...)
	}
	if len(all) != 83 || all[0] != 1 || all[82] != 83 || !slices.IsSorted(all) {
		t.Errorf("pages = %v", all)
	}
}

func TestHighlight(t *testing.T) {
	s := MustOpenIndex(t)
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if len(r.Hits) != 1 || !strings.Contains(r.Hits[0].Highlight, "全区<mark>垃圾分类</mark>覆盖面") {
		t.Fatalf("highlight = %q", r.Hits[0].Highlight)
	}
	if strings.Count(r.Hits[0].Highlight, "<mark>") != 1 {
		t.Errorf("only the query as typed should be marked: %q", r.Hits[0].Highlight)
	}
	r = mustSearch(t, s, Request{Query: "零直排"})
	if !strings.Contains(r.Hits[0].Highlight, "污水<mark>零直排</mark>区") {
		t.Errorf("highlight = %q", r.Hits[0].Highlight)
	}
	tests := []struct{ text, words, want string }{
		{`推进<script>alert(1)</script>垃圾分类`, "垃圾分类", `推进&lt;script&gt;alert(1)&lt;/script&gt;<mark>垃圾分类</mark>`},
		{`"><img onerror=x>`, "img", `&#34;&gt;&lt;<mark>img</mark> onerror=x&gt;`},
		{"ABC abc", "abc", "<mark>ABC</mark> <mark>abc</mark>"},
		{"垃圾分类垃圾", "垃圾 分类", "<mark>垃圾分类垃圾</mark>"},
	}
	for _, tt := range tests {
		if got := s.highlight(tt.text, splitQuery(tt.words)); got != tt.want {
			t.Errorf("highlight(%q, %q) = %q, want %q", tt.text, tt.words, got, tt.want)
		}
	}
}

func TestRequestValidation(t *testing.T) {
	s := MustOpenIndex(t)
	for _, req := range []Request{
		{Size: MaxSize + 1}, {Size: -1}, {From: -1}, {From: MaxWindow, Size: 10},
		{Query: strings.Repeat("垃", MaxQueryRunes+1)},
	} {
		if _, err := s.Search(context.Background(), req); ingest.ErrorCode(err) != ingest.EINVALID {
			t.Errorf("%+v: err = %v, want EINVALID", req, err)
		}
	}
	// Nothing in the text is syntax: odd input searches, it does not fail.
	for _, q := range []string{`"垃圾分类`, `text:`, `+-*?`, `(`, `垃圾 AND`, "。。。"} {
		if _, err := s.Search(context.Background(), Request{Query: q}); err != nil {
			t.Errorf("q=%q: %v", q, err)
		}
	}
}

func TestSplitQuery(t *testing.T) {
	tests := map[string][]string{
		"垃圾分类":       {"垃圾分类"},
		" 垃圾  分类 ":   {"垃圾", "分类"},
		`"美丽 乡村" 建设`: {"美丽 乡村", "建设"},
		"“最多跑一次”":    {"最多跑一次"},
		"。 , 垃圾":     {"垃圾"},
		"垃圾\u3000分类": {"垃圾", "分类"},
	}
	for in, want := range tests {
		if got := splitQuery(in); !slices.Equal(got, want) {
			t.Errorf("splitQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTaskAndLists(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	task, err := s.Task(context.Background(), doc.Tasks[48].ID)
	if err != nil || task.Seq != 49 || task.Units[0] != "区城管局" {
		t.Fatalf("task 49 = %+v, %v", task, err)
	}
	if _, err := s.Task(context.Background(), "nope"); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("unknown task: %v", err)
	}
	leaders, err := s.Leaders(context.Background())
	if err != nil || len(leaders) != 16 || leaders[0] != (NameCount{"祝振伟", 29}) {
		t.Errorf("leaders = %v %v", leaders, err)
	}
	units, err := s.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var zj *UnitGroup
	for i := range units {
		if units[i].Name == "区住建局" {
			zj = &units[i]
		}
	}
	if zj == nil || zj.Tasks != 11 || len(zj.Variants) != 2 {
		t.Fatalf("区住建局 group = %+v", zj)
	}
	docs := s.Documents()
	if len(docs) != 1 || docs[0].TaskCount != 83 || docs[0].Title != doc.Title {
		t.Errorf("documents = %+v", docs)
	}
}

func TestReplaceKeepsIDsAndDropsOldTasks(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	// The same notice again, with its last three tasks gone and task 49 changed.
	doc.Checksum = "edited"
	doc.Tasks = doc.Tasks[:80]
	doc.Tasks[48].Text = "全面推行生活垃圾分类,覆盖面达到90%。"
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	r := mustSearch(t, s, Request{})
	if r.Total != 80 {
		t.Errorf("after replace: %d tasks, want 80", r.Total)
	}
	r = mustSearch(t, s, Request{Query: "覆盖面达到90%"})
	if got := seqs(r); !slices.Equal(got, []int{49}) || r.Hits[0].ID != doc.Tasks[48].ID {
		t.Errorf("changed task 49: %v", got)
	}
	if r := mustSearch(t, s, Request{Query: "覆盖面达到80%"}); r.Total != 0 {
		t.Errorf("old text still found: %v", seqs(r))
	}
	if docs := s.Documents(); len(docs) != 1 || docs[0].TaskCount != 80 {
		t.Errorf("documents = %+v", docs)
	}
	if err := s.Delete(doc.ID); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, s, Request{}); r.Total != 0 || len(s.Documents()) != 0 {
		t.Errorf("after delete: %d tasks, %d docs", r.Total, len(s.Documents()))
	}
	if err := s.Delete(doc.ID); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("second delete: %v", err)
	}
}

// TestReplaceIsAtomic searches while a document is replaced over and over:
// every answer holds the old version or the new one, whole.
func TestReplaceIsAtomic(t *testing.T) {
	s := MustOpenIndex(t)
	old := MustParseSeed(t)
	next := MustParseSeed(t)
	next.Checksum = "edited"
	next.Tasks = next.Tasks[:40]
	for i := range next.Tasks {
		next.Tasks[i].Text += "修订版"
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, err := s.Search(context.Background(), Request{Size: 1})
				if err != nil {
					errs <- err.Error()
					return
				}
				rv, _ := s.Search(context.Background(), Request{Query: "修订版", Size: 1})
				if r.Total != 83 && r.Total != 40 {
					errs <- fmt.Sprintf("saw %d tasks", r.Total)
				}
				_ = rv
			}
		}()
	}
	for i := range 6 {
		d := old
		if i%2 == 0 {
			d = next
		}
		if _, err := s.Replace(d); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestReopenKeepsDataAndLocks(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); ingest.ErrorCode(err) != ingest.ECONFLICT || !strings.Contains(err.Error(), "PID") {
		t.Errorf("second open: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if got := seqs(r); !slices.Equal(got, []int{49}) || len(s.Documents()) != 1 {
		t.Errorf("after reopen: %v, %d docs", got, len(s.Documents()))
	}
}

func TestSegmenterTerms(t *testing.T) {
	seg, err := SharedSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	text := "深化与浙江大学、阿里巴巴集团的合作,ABC。"
	terms := seg.Terms(text, true)
	var words []string
	for _, tm := range terms {
		if text[tm.Start:tm.End] != tm.Word {
			t.Errorf("offsets of %q point at %q", tm.Word, text[tm.Start:tm.End])
		}
		if !hasWordChar(tm.Word) {
			t.Errorf("punctuation token %q", tm.Word)
		}
		words = append(words, tm.Word)
	}
	pos := map[string]int{}
	for _, tm := range terms {
		pos[tm.Word] = tm.Position
	}
	if pos["阿里"] == 0 || pos["阿里"] != pos["阿里巴巴"] {
		t.Errorf("sub-word 阿里 should share 阿里巴巴's position: %v (%v)", pos, words)
	}
	for _, tm := range seg.Terms(text, false) {
		if tm.Word == "阿里" {
			t.Errorf("accurate mode emits sub-words: %v", seg.Terms(text, false))
		}
	}
	if again, _ := SharedSegmenter(); again != seg {
		t.Error("SharedSegmenter loaded a second segmenter")
	}
}

func TestDomainWords(t *testing.T) {
	words := DomainWords(MustParseSeed(t))
	for _, w := range []string{"最多跑一次", "污水零直排区", "凤凰行动", "区城管局", "王艳勤", "区住建局(规划分局)", "区住建局"} {
		if !slices.Contains(words, w) {
			t.Errorf("domain words lack %q", w)
		}
	}
	if slices.Contains(words, "2+X") {
		t.Error("a quoted term with no Chinese is not a word")
	}
}

func BenchmarkIndexSeed(b *testing.B) {
	doc := MustParseSeed(b)
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Replace(doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(doc.Tasks)*b.N)/b.Elapsed().Seconds(), "tasks/s")
}

func BenchmarkSearchWithFacets(b *testing.B) {
	s := MustOpenIndex(b)
	queries := []Request{{Query: "垃圾分类"}, {Query: "阿里"}, {Query: "美丽 乡村"}, {Leaders: []string{"祝振伟"}}, {Query: "建设", Units: []string{"区住建局"}}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.Search(context.Background(), queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func TestUserDictionary(t *testing.T) {
	dir := t.TempDir()
	dict := dir + "/user.dict"
	if err := os.WriteFile(dict, []byte("# office words\n数智督查 100 n\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir+"/data", Options{UserDict: dict})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	found := false
	for _, tm := range s.Segmenter().Terms("推进数智督查平台建设", false) {
		found = found || tm.Word == "数智督查"
	}
	if !found {
		t.Errorf("user word not used: %v", s.Segmenter().Terms("推进数智督查平台建设", false))
	}
	if _, err := Open(t.TempDir(), Options{UserDict: dir + "/missing.dict"}); err == nil {
		t.Error("a missing user dictionary should fail the open")
	}
}

func TestTraditionalCharacters(t *testing.T) {
	s := MustOpenIndex(t)
	f, err := os.Open("../ingest/testdata/layout_traditional.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := ingest.Parse("trad.txt", f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if r.Total != 2 {
		t.Fatalf("垃圾分类 should find the seed's task and the traditional one: %d", r.Total)
	}
	for _, h := range r.Hits {
		if h.Year == 2019 && !strings.Contains(h.Highlight, "<mark>垃圾分類</mark>") {
			t.Errorf("traditional highlight = %q", h.Highlight)
		}
	}
	if r := mustSearch(t, s, Request{Query: "數字經濟"}); r.Total != 2 {
		t.Errorf("a traditional query should find simplified text too: %d %v", r.Total, seqs(r))
	}
}

// nextYear is the seed as next year's notice: task 49's target raised, task
// 83 gone, one task added, task 15's units changed.
func nextYear(t testing.TB) *ingest.Document {
	notice := string(seeds.Notice())
	notice = strings.Replace(notice, "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)
	notice = strings.Replace(notice, "全区垃圾分类覆盖面达到80%", "全区垃圾分类覆盖面达到95%", 1)
	lines := strings.Split(strings.TrimSuffix(notice, "\n"), "\n")
	lines = lines[:len(lines)-1] // drop task 83
	lines = append(lines, "84? | 建设未来社区试点10个,打造15分钟生活圈。? | 王艳勤? | 区民政局? |")
	for i, l := range lines {
		if strings.HasPrefix(l, "15? |") {
			lines[i] = strings.Replace(l, "区人力社保局? ", "", 1)
		}
	}
	doc, err := ingest.Parse("2019.txt", strings.NewReader(strings.Join(lines, "\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestTwoYears(t *testing.T) {
	s := MustOpenIndex(t)
	old := MustParseSeed(t)
	next := nextYear(t)
	if outcome, err := s.Replace(next); err != nil || outcome != Added {
		t.Fatalf("2019: %v %v", outcome, err)
	}
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if r.Total != 2 || len(r.Facets[FacetYear]) != 2 || len(r.Facets[FacetDoc]) != 2 {
		t.Errorf("垃圾分类 over two years: total %d, facets %v", r.Total, r.Facets)
	}
	if r.Hits[0].Year != 2019 {
		t.Errorf("the later year should come first at equal score: %v", r.Hits[0].Year)
	}
	r = mustSearch(t, s, Request{Query: "垃圾分类", Docs: []string{old.ID}})
	if r.Total != 1 || r.Hits[0].Year != 2018 {
		t.Errorf("doc filter: %+v", seqs(r))
	}

	cmp, err := s.Compare(context.Background(), old.ID, next.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{Carried: 80, Changed: 2, New: 1, Dropped: 1}
	for class, n := range want {
		if cmp.Counts[class] != n {
			t.Errorf("%s: %d, want %d (counts %v)", class, cmp.Counts[class], n, cmp.Counts)
		}
	}
	for _, p := range cmp.Pairs {
		switch {
		case p.Class == Changed && p.To.Seq == 49:
			if len(p.Numbers) != 1 || p.Numbers[0] != (NumberChange{"80%", "95%"}) {
				t.Errorf("task 49 numbers: %+v", p.Numbers)
			}
			var removed, added string
			for _, op := range p.Diff {
				switch op.Op {
				case "-":
					removed += op.Text
				case "+":
					added += op.Text
				}
			}
			if removed != "80" || added != "95" {
				t.Errorf("task 49 diff: -%q +%q (%+v)", removed, added, p.Diff)
			}
		case p.Class == Changed && p.To.Seq == 15:
			if !slices.Equal(p.UnitsRemoved, []string{"区人力社保局"}) {
				t.Errorf("task 15 units: %+v", p)
			}
		case p.Class == Changed:
			t.Errorf("unexpected change: %d → %d", p.From.Seq, p.To.Seq)
		case p.Class == New && p.To.Seq != 84, p.Class == Dropped && p.From.Seq != 83:
			t.Errorf("unexpected %s: %+v", p.Class, p)
		}
	}
	if _, err := s.Compare(context.Background(), old.ID, "nope"); ingest.ErrorCode(err) != ingest.ENOTFOUND {
		t.Errorf("compare with unknown doc: %v", err)
	}
}

func TestSameBytesTwiceChangesNothing(t *testing.T) {
	s := MustOpenIndex(t)
	before := s.Documents()[0]
	outcome, err := s.Replace(MustParseSeed(t))
	if err != nil || outcome != Unchanged {
		t.Fatalf("same bytes: %v %v", outcome, err)
	}
	if after := s.Documents()[0]; after.IngestedAt != before.IngestedAt {
		t.Error("an unchanged ingest rewrote the document")
	}
	edited := MustParseSeed(t)
	edited.Checksum = "other"
	if outcome, _ := s.Replace(edited); outcome != Replaced {
		t.Errorf("changed bytes, same notice: %v", outcome)
	}
}

// TestSingleCharacterQueries: a one-character query finds every task holding
// that character.
func TestSingleCharacterQueries(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	chars := map[rune]bool{}
	for _, task := range doc.Tasks {
		for _, r := range task.Text {
			if unicode.Is(unicode.Han, r) {
				chars[r] = true
			}
		}
	}
	want, found := 0, 0
	for c := range chars {
		r := mustSearch(t, s, Request{Query: string(c), Size: MaxSize})
		got := seqs(r)
		for _, task := range doc.Tasks {
			if strings.ContainsRune(task.Text, c) {
				want++
				if slices.Contains(got, task.Seq) || r.Total > MaxSize {
					found++
				}
			}
		}
	}
	recall := float64(found) / float64(want)
	t.Logf("single characters: %d of %d task matches found (%.3f)", found, want, recall)
	if found != want {
		t.Errorf("single-character recall %.3f", recall)
	}
}

// FuzzSearchQuery: any query text searches without error or panic, and
// every hit holds a task of the index.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{"垃圾分类", `"美丽 乡村"`, "text:", "+-*?", "(", "到80", "零直排", "a\x00b", "“最多跑一次", "\\", strings.Repeat("垃", 40)} {
		f.Add(q)
	}
	s := MustOpenIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		r, err := s.Search(context.Background(), Request{Query: q, Size: 5})
		if err != nil {
			if ingest.ErrorCode(err) != ingest.EINVALID {
				t.Fatalf("q=%q: %v", q, err)
			}
			return
		}
		for _, h := range r.Hits {
			if h.Seq < 1 || h.Seq > 83 || h.Text == "" {
				t.Fatalf("q=%q: bad hit %+v", q, h)
			}
		}
		if int(r.Total) < len(r.Hits) {
			t.Fatalf("q=%q: total %d < %d hits", q, r.Total, len(r.Hits))
		}
	})
}

func TestStats(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	st, err := s.Stats(context.Background(), Request{})
	if err != nil {
		t.Fatal(err)
	}
	withTargets := 0
	pairs := map[string]int{}
	for _, task := range doc.Tasks {
		if len(task.Targets) > 0 {
			withTargets++
		}
		for _, l := range task.Leaders {
			for _, g := range task.UnitGroups {
				pairs[l+"|"+g]++
			}
		}
	}
	if st.Tasks != 83 || st.WithTargets != withTargets || len(st.Leaders) != 16 || st.Leaders[0] != (NameCount{"祝振伟", 29}) {
		t.Errorf("stats = %+v (want %d with targets)", st, withTargets)
	}
	if len(st.Years) != 1 || st.Years[0] != (NameCount{"2018", 83}) {
		t.Errorf("years = %v", st.Years)
	}
	if len(st.Pairs) == 0 || st.Pairs[0].Tasks != pairs[st.Pairs[0].Leader+"|"+st.Pairs[0].Unit] {
		t.Fatalf("pairs = %v", st.Pairs)
	}
	for _, n := range pairs {
		if n > st.Pairs[0].Tasks {
			t.Errorf("the top pair has %d tasks, another has %d", st.Pairs[0].Tasks, n)
		}
	}
	one, _ := s.Stats(context.Background(), Request{Leaders: []string{"王艳勤"}})
	if one.Tasks != 6 {
		t.Errorf("filtered stats: %d tasks", one.Tasks)
	}
}

// TestReplaceManyAcrossBatches: more tasks than one batch holds land in
// several batches run at once; every document is there whole, and a reopen
// finds the documents again through their tasks.
func TestReplaceManyAcrossBatches(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*ingest.Document
	total := 0
	for i := 0; total <= 2*batchTasks; i++ {
		d := MustParseSeed(t)
		d.ID = fmt.Sprintf("2018-copy%03d", i)
		d.Checksum = d.ID
		for j := range d.Tasks {
			d.Tasks[j].DocID = d.ID
			d.Tasks[j].ID = fmt.Sprintf("%s-%d", d.ID, d.Tasks[j].Seq)
		}
		docs = append(docs, d)
		total += len(d.Tasks)
	}
	outcomes, err := s.ReplaceMany(docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range outcomes {
		if o != Added {
			t.Fatalf("document %d: %s", i, o)
		}
	}
	if n, _ := s.TaskCount(); n != uint64(total) || len(s.Documents()) != len(docs) {
		t.Errorf("%d tasks in %d documents, want %d in %d", n, len(s.Documents()), total, len(docs))
	}
	s.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Documents(); len(got) != len(docs) || got[0].TaskCount != 83 {
		t.Errorf("after reopen: %d documents", len(got))
	}
	r := mustSearch(t, s, Request{Query: "垃圾分类"})
	if int(r.Total) != len(docs) {
		t.Errorf("垃圾分类 in %d documents, want %d", r.Total, len(docs))
	}
}

func TestReplaceManySameNoticeTwice(t *testing.T) {
	s := MustOpenIndex(t)
	a, b := versions(t)
	outcomes, err := s.ReplaceMany([]*ingest.Document{b, a, b})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outcomes, []Outcome{Replaced, Replaced, Replaced}) {
		t.Errorf("outcomes = %v", outcomes)
	}
	if r := mustSearch(t, s, Request{Docs: []string{a.ID}}); r.Total != 40 {
		t.Errorf("the last version should win: %d tasks", r.Total)
	}
}
