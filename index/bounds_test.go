package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

func TestRequestBounds(t *testing.T) {
	s := MustOpenIndex(t)
	tests := []struct {
		name string
		req  Request
	}{
		{"from past the window by overflow", Request{From: 9223372036854775800, Size: 20}},
		{"from at the largest int", Request{From: int(^uint(0) >> 1), Size: 100}},
		{"invalid UTF-8", Request{Query: "垃圾\xff\xfe分类"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.req)
			if ingest.ErrorCode(err) != ingest.EINVALID {
				t.Errorf("err = %v, want %s", err, ingest.EINVALID)
			}
		})
	}
}

// TestQueriesWithoutWords: a query typed with no character to search
// (punctuation, symbols) finds nothing — not every task, which is what
// dropping its words and searching for nothing would give. Words beside
// real ones are still dropped.
func TestQueriesWithoutWords(t *testing.T) {
	s := MustOpenIndex(t)
	ctx := context.Background()
	for _, q := range []string{"、", ",。", "()", "“”", "……", " ( ) ", "*", `\`} {
		r, err := s.Search(ctx, Request{Query: q})
		if err != nil || r.Total != 0 || len(r.Hits) != 0 || r.Facets[FacetLeader] == nil {
			t.Errorf("q=%q: %v, %+v", q, err, r)
		}
		n := 0
		if err := s.Scan(ctx, Request{Query: q}, func(ingest.Task) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("scan q=%q: %d tasks, %v", q, n, err)
		}
		if st, err := s.Stats(ctx, Request{Query: q}); err != nil || st.Tasks != 0 {
			t.Errorf("stats q=%q: %+v, %v", q, st, err)
		}
	}
	if r := mustSearch(t, s, Request{Query: "垃圾分类 、"}); r.Total != 1 {
		t.Errorf("垃圾分类 beside 、: %d tasks", r.Total)
	}
	if r := mustSearch(t, s, Request{Query: "  "}); r.Total != 83 {
		t.Errorf("a blank query is every task: %d", r.Total)
	}
}

// TestAnswerBounds: a hit's highlight is a window of at most
// MaxHighlightRunes characters around the first match, and its text at
// most MaxHitTextRunes, however long the task.
func TestAnswerBounds(t *testing.T) {
	long := strings.Repeat("推进工作落实。", 1400) + "垃圾分类覆盖全区。" + strings.Repeat("完善体制机制。", 300)
	hl := highlightCut(long, []string{"垃圾分类"}, [][]string{{"垃圾分类"}})
	if !strings.Contains(hl, "<mark>垃圾分类</mark>") || !strings.HasPrefix(hl, "…") || !strings.HasSuffix(hl, "…") {
		t.Errorf("highlight window lost the match or its cut marks: %q…", hl[:min(len(hl), 80)])
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(hl)
	if n := utf8.RuneCountInString(plain); n > MaxHighlightRunes {
		t.Errorf("highlight of %d characters, bound %d", n, MaxHighlightRunes)
	}
	if short := highlightCut("推进垃圾分类。", []string{"垃圾分类"}, [][]string{nil}); short != "推进<mark>垃圾分类</mark>。" {
		t.Errorf("short highlight = %q", short)
	}
	// A task longer than today's ingest limit, as an older index may hold.
	huge := strings.Repeat("推", 3*MaxHitTextRunes)
	if got := truncateRunes(huge, MaxHitTextRunes); utf8.RuneCountInString(got) != MaxHitTextRunes+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("hit text of %d characters", utf8.RuneCountInString(got))
	}
}

// manyTasks is a notice of n tasks that all share their phrasing, the worst
// case for pairing tasks by similarity.
func manyTasks(id string, year, n int, variant string) *ingest.Document {
	doc := &ingest.Document{Notice: ingest.Notice{ID: id, Title: id, Year: year, Checksum: id}}
	for i := range n {
		seq := i + 1
		doc.Tasks = append(doc.Tasks, ingest.Task{
			ID: taskID(id, seq), DocID: id, Year: year, Seq: seq,
			Text:  fmt.Sprintf("推进全区重点工作任务落实,完善工作机制%s,确保第%d项任务按期完成。", variant, seq),
			Units: []string{"区发改局"}, UnitGroups: []string{"区发改局"}, Leaders: []string{"张三"},
		})
	}
	return doc
}

// TestCompareBounded: comparing two notices of 3,000 tasks that all look
// alike builds a bounded number of candidate pairs (it used to hold every
// pair of similar tasks: 9 million), still pairs every task with its own
// counterpart, and stops when its caller goes away.
func TestCompareBounded(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 3000
	from, to := manyTasks("2019-many", 2019, n, ""), manyTasks("2020-many", 2020, n, "和制度")
	if _, err := s.ReplaceMany([]*ingest.Document{from, to}); err != nil {
		t.Fatal(err)
	}
	var cmp *Comparison
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cmp, err = s.Compare(context.Background(), from.ID, to.ID)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("comparing %d × %d tasks allocated %d MB", n, n, alloc>>20)
	if alloc > allocScale*300<<20 {
		t.Errorf("comparing %d × %d tasks allocated %d MB", n, n, alloc>>20)
	}
	if cmp.Counts[Changed] != n {
		t.Errorf("counts = %v, want %d changed", cmp.Counts, n)
	}
	for _, p := range cmp.Pairs {
		if p.Class == Changed && p.From.Seq != p.To.Seq {
			t.Errorf("task %d paired with %d", p.To.Seq, p.From.Seq)
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Compare(ctx, from.ID, to.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("compare after the caller left: %v", err)
	}
	olds, news := from.Tasks, to.Tasks
	if _, err := pairCandidates(ctx, olds, news); !errors.Is(err, context.Canceled) {
		t.Errorf("pairing after the caller left: %v", err)
	}
	cands, err := pairCandidates(context.Background(), olds, news)
	if err != nil || len(cands) > n*maxPairCandidates {
		t.Errorf("%d candidate pairs (bound %d), %v", len(cands), n*maxPairCandidates, err)
	}
}
