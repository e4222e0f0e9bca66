package index

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/duban/duban/ingest"
)

// The executor (exec.go) answers from bleve's postings directly. This test
// keeps the bleve query it replaced — phrase queries over the bigram and
// names fields, gse term/phrase/conjunction, term filters — as an oracle and
// checks that both find exactly the same tasks and count the same facets,
// over thousands of queries on an index of several segments with deleted
// tasks in them.
func TestExecutorMatchesBleveQueries(t *testing.T) {
	s := MustOpenIndex(t)
	seed := MustParseSeed(t)
	next := nextYear(t)
	if _, err := s.Replace(next); err != nil {
		t.Fatal(err)
	}
	// Ingest the seed again under another title (a third document, its own
	// segment), then replace the 2019 notice: deleted tasks in a segment.
	third := MustParseSeed(t)
	third.Title += "(修订)"
	third.ID = "2018-oracle0001"
	for i := range third.Tasks {
		third.Tasks[i].DocID = third.ID
		third.Tasks[i].ID = taskID(third.ID, third.Tasks[i].Seq)
	}
	third.Tasks = third.Tasks[:40]
	// Due dates on the third notice (the seed names none): filters by
	// month and bound, and the sort by due date, against bleve's ranges.
	dues := []string{"2018-03-31", "2018-06-30", "2018-06-15", "2018-09-30", "2018-12-31", ""}
	for i := range third.Tasks {
		third.Tasks[i].Due = dues[i%len(dues)]
	}
	if _, err := s.Replace(third); err != nil {
		t.Fatal(err)
	}
	next.Tasks[5].Text += "新增内容五水共治"
	next.Checksum = "changed"
	if _, err := s.Replace(next); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(7, 7))
	var queries []Request
	for _, task := range seed.Tasks {
		runes := []rune(task.Text)
		for start := 0; start < len(runes); start += 1 + rng.IntN(6) {
			n := 1 + rng.IntN(7)
			w := string(runes[start:min(len(runes), start+n)])
			queries = append(queries, Request{Query: w})
		}
	}
	words := make([]string, 0, len(queries))
	for _, q := range queries {
		words = append(words, q.Query)
	}
	for range 400 {
		a, b := words[rng.IntN(len(words))], words[rng.IntN(len(words))]
		queries = append(queries, Request{Query: a + " " + b})
	}
	for _, q := range []string{"城管局", "区住建局", "王艳勤", "沈昱", "2020", "95%", "10", "5G", "a", "“垃圾 分类”", "余杭区", "未来科技城", "区城管局 垃圾"} {
		queries = append(queries, Request{Query: q})
	}
	for i, task := range seed.Tasks {
		w := words[rng.IntN(len(words))]
		queries = append(queries,
			Request{Leaders: task.Leaders[:1]},
			Request{Units: task.Units[:1], Query: w},
			Request{Query: w, Years: []int{2018 + i%2}},
			Request{Query: w, Docs: []string{seed.ID, third.ID}[i%2:]},
		)
	}
	queries = append(queries, Request{}, Request{Years: []int{2019}})
	// Several values of one filter are alternatives; different filters
	// must all hold; full-width brackets find the ASCII ones.
	for i := 0; i+1 < len(seed.Tasks); i += 7 {
		a, b := seed.Tasks[i], seed.Tasks[i+1]
		queries = append(queries,
			Request{Leaders: []string{a.Leaders[0], b.Leaders[0]}},
			Request{Units: []string{a.Units[0], b.Units[0]}, Years: []int{2018}},
			Request{Units: []string{a.Units[0]}, Leaders: []string{a.Leaders[0], b.Leaders[0]}, Query: words[rng.IntN(len(words))]},
		)
	}
	queries = append(queries,
		Request{Units: []string{"区住建局（规划分局）"}},
		Request{Units: []string{"区住建局(规划分局)", "区城管局"}, Query: "建设"},
		Request{Due: []string{"2018-06"}},
		Request{Due: []string{"2018-06", "2018-12"}, Query: "推进"},
		Request{DueBefore: "2018-06-30"},
		Request{DueAfter: "2018-06-15", DueBefore: "2018-09-30", Sort: SortDue},
		Request{Due: []string{"2018-06"}, DueAfter: "2018-06-20"},
		Request{DueBefore: "2018-12-31", Leaders: []string{"祝振伟"}, Sort: SortOrder},
		Request{Query: "建设", Sort: SortDue},
		Request{Query: "发展 建设", Sort: SortOrder},
		Request{Sort: SortDue},
	)

	checked, nonEmpty := 0, 0
	for _, req := range queries {
		got, order, want, res := executorAndOracle(t, s, req)
		if !mapsEqual(got, want) {
			t.Errorf("%+v: executor found %d tasks, bleve %d: only executor %v, only bleve %v",
				req, len(got), len(want), onlyIn(got, want), onlyIn(want, got))
			continue
		}
		r, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != uint64(len(want)) {
			t.Errorf("%+v: total %d, want %d", req, r.Total, len(want))
		}
		// An export lists the matches in the order of the search.
		for i, h := range r.Hits {
			if i >= len(order) || order[i] != h.ID {
				t.Errorf("%+v: hit %d is %s, the scan has %v", req, i, h.ID, order[:min(len(order), len(r.Hits))])
				break
			}
		}
		for _, f := range []string{FacetLeader, FacetUnit} {
			// A facet is counted without its own filter (filters.go).
			facetReq, facetRes := req, res
			if f == FacetLeader && len(req.Leaders) > 0 {
				facetReq.Leaders = nil
				_, _, _, facetRes = executorAndOracle(t, s, facetReq)
			} else if f == FacetUnit && len(req.Units) > 0 {
				facetReq.Units = nil
				_, _, _, facetRes = executorAndOracle(t, s, facetReq)
			}
			wantCounts := map[string]int{}
			for _, tf := range facetRes.Facets[f].Terms.Terms() {
				wantCounts[tf.Term] = tf.Count
			}
			for _, v := range r.Facets[f] {
				if wantCounts[v.Value.(string)] != v.Count {
					t.Errorf("%+v: facet %s %v = %d, bleve %d", req, f, v.Value, v.Count, wantCounts[v.Value.(string)])
				}
			}
		}
		checked++
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(queries)/2 {
		t.Errorf("only %d of %d queries found anything: the test is not testing much", nonEmpty, len(queries))
	}
	t.Logf("%d queries (%d finding tasks) agree with bleve's own queries", checked, nonEmpty)
}

// executorAndOracle runs req through the executor (Scan: the tasks found
// and their order) and through the oracle query (the tasks found and the
// leader and unit facets).
func executorAndOracle(t *testing.T, s *Store, req Request) (got map[string]bool, order []string, want map[string]bool, res *bleve.SearchResult) {
	t.Helper()
	got = map[string]bool{}
	if err := s.Scan(context.Background(), req, func(t2 ingest.Task) error {
		got[t2.ID] = true
		order = append(order, t2.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	words := splitQuery(req.Query)
	if matchesNothing(req.Query, words) {
		// Typed, but with no word to search: nothing matches (Search).
		none := search.FacetResults{FacetLeader: {Terms: &search.TermFacets{}}, FacetUnit: {Terms: &search.TermFacets{}}}
		return got, order, map[string]bool{}, &bleve.SearchResult{Facets: none}
	}
	sr := bleve.NewSearchRequestOptions(s.oracleQuery(req, words), 10000, 0, false)
	sr.AddFacet(FacetLeader, bleve.NewFacetRequest(fieldLeaders, 1000))
	sr.AddFacet(FacetUnit, bleve.NewFacetRequest(fieldUnitGroups, 1000))
	res, err := s.idx.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]bool{}
	for _, h := range res.Hits {
		want[h.ID] = true
	}
	return got, order, want, res
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func onlyIn(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), 5)]
}

// buildQuery turns a Request into a bleve query.
//
// Each word of the free text must match (AND) through any of: a phrase of
// cjk bigrams (exact substring: every run of two or more characters in a
// task finds it), a gse phrase (the word on word boundaries, boosted), the
// gse words in any order, or a leader/unit name or the section heading. A
// task holding the words
// as typed, side by side, gets an extra boost.
func (s *Store) oracleQuery(req Request, words []string) query.Query {
	var must []query.Query
	for _, w := range words {
		must = append(must, s.oracleWord(w))
	}
	if len(req.Leaders) > 0 {
		var qs []query.Query
		for _, l := range req.Leaders {
			for _, v := range nameVariants(l) {
				qs = append(qs, termQuery(fieldLeaders, v))
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(req.Units) > 0 {
		var qs []query.Query
		for _, u := range req.Units {
			for _, v := range nameVariants(u) {
				qs = append(qs, termQuery(fieldUnits, v), termQuery(fieldUnitGroups, v))
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(req.Due) > 0 {
		var qs []query.Query
		for _, m := range req.Due {
			qs = append(qs, dateRange(m+"-01", m+"-31"))
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if req.DueBefore != "" || req.DueAfter != "" {
		must = append(must, dateRange(req.DueAfter, req.DueBefore))
	}
	if len(req.Years) > 0 {
		var qs []query.Query
		for _, y := range req.Years {
			qs = append(qs, termQuery(fieldYear, strconv.Itoa(y)))
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(req.Docs) > 0 {
		var qs []query.Query
		for _, d := range req.Docs {
			qs = append(qs, termQuery(fieldDocID, d))
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	if len(words) > 1 {
		b.AddShould(phrase(fieldTextCJK, strings.Join(words, ""), 3))
	}
	return b
}

func (s *Store) oracleWord(w string) query.Query {
	if utf8.RuneCountInString(w) == 1 {
		return oracleChar(w)
	}
	clauses := []query.Query{phrase(fieldTextCJK, w, 1), phrase(fieldNames, w, 1.5)}
	// The word is cut by gse once, here, in accurate mode (as the query
	// analyzer would, folded the same way), and its words become the phrase
	// and the any-order clauses directly rather than being analysed again
	// for each.
	var words []string
	for _, t := range s.seg.Terms(ingest.ToSimplified(w), false) {
		words = append(words, strings.ToLower(t.Word))
	}
	// The word as one of its notice's domain words in the text.
	clauses = append(clauses, boosted(termQuery(fieldWords, foldWord(w)), 2))
	switch len(words) {
	case 0:
	case 1:
		clauses = append(clauses, boosted(termQuery(fieldText, words[0]), 2))
	default:
		gsePhrase := bleve.NewPhraseQuery(words, fieldText)
		gsePhrase.SetBoost(2)
		all := make([]query.Query, len(words))
		for i, word := range words {
			all[i] = termQuery(fieldText, word)
		}
		clauses = append(clauses, gsePhrase, bleve.NewConjunctionQuery(all...))
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

// dateRange finds due dates from lo to hi, both inclusive ("" is open).
func dateRange(lo, hi string) query.Query {
	t := true
	q := bleve.NewTermRangeInclusiveQuery(lo, hi, &t, &t)
	q.SetField(fieldDue)
	return q
}

func boosted(q *query.TermQuery, boost float64) query.Query {
	q.SetBoost(boost)
	return q
}

// charQuery finds a one-character word in the bigram field: the bigrams
// that start with it, those that end with it (a character ending a run), a
// lone character (indexed as itself), a gse word, or a name.
func oracleChar(w string) query.Query {
	c := strings.ToLower(ingest.ToSimplified(w))
	qs := []query.Query{}
	for _, field := range []string{fieldTextCJK, fieldNames} {
		prefix := bleve.NewPrefixQuery(c)
		prefix.SetField(field)
		alone := bleve.NewTermQuery(c)
		alone.SetField(field)
		qs = append(qs, prefix, alone)
		if strings.ContainsAny(c, "*?\\") {
			continue
		}
		suffix := bleve.NewWildcardQuery("?" + c)
		suffix.SetField(field)
		qs = append(qs, suffix)
	}
	word := bleve.NewTermQuery(c)
	word.SetField(fieldText)
	word.SetBoost(2)
	return bleve.NewDisjunctionQuery(append(qs, word)...)
}

func phrase(field, text string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func termQuery(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// FuzzExecutorMatchesBleve: for any query text, the executor finds exactly
// the tasks bleve's own query finds.
func FuzzExecutorMatchesBleve(f *testing.F) {
	for _, q := range []string{"垃圾分类", `"美丽 乡村"`, "长10%以上", "极推进", "来科技城、余杭", "5G", "“最多跑一次", "城管局 垃圾", "a", "2020年"} {
		f.Add(q)
	}
	s := MustOpenIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		req := Request{Query: q}
		if req.validate() != nil {
			return
		}
		got, _, want, _ := executorAndOracle(t, s, req)
		if !mapsEqual(got, want) {
			t.Fatalf("q=%q: executor %d tasks, bleve %d: only executor %v, only bleve %v", q, len(got), len(want), onlyIn(got, want), onlyIn(want, got))
		}
	})
}

// TestColumnCacheFollowsSegments: replacing a document again and again
// merges segments away; the columns of the segments gone are dropped, and
// searches still count every task once.
func TestColumnCacheFollowsSegments(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	for i := range 40 {
		doc.Tasks[0].Text = fmt.Sprintf("第%d次修改。", i) + doc.Tasks[0].Text
		doc.Checksum = fmt.Sprint(i)
		if _, err := s.Replace(doc); err != nil {
			t.Fatal(err)
		}
		r := mustSearch(t, s, Request{})
		if r.Total != uint64(len(doc.Tasks)) {
			t.Fatalf("round %d: %d tasks, want %d", i, r.Total, len(doc.Tasks))
		}
		v, err := s.acquire()
		if err != nil {
			t.Fatal(err)
		}
		segs := len(v.segs)
		v.release()
		s.cols.mu.Lock()
		cached := len(s.cols.entries)
		s.cols.mu.Unlock()
		if cached > 2*segs+8+1 {
			t.Fatalf("round %d: %d segments, %d cached columns", i, segs, cached)
		}
	}
	if r := mustSearch(t, s, Request{Query: "第39次修改"}); r.Total != 1 {
		t.Errorf("the last version: %d tasks", r.Total)
	}
	if r := mustSearch(t, s, Request{Query: "第38次修改"}); r.Total != 1 {
		t.Errorf("the last version holds every earlier edit too: %d tasks", r.Total)
	}
}

// TestOlderIndexWarns: an index built before the length field opens, is
// searched as before (every task found), and says its ranking lacks length.
func TestOlderIndexWarns(t *testing.T) {
	dir := t.TempDir()
	m := newMapping()
	delete(m.DefaultMapping.Properties, fieldLength)
	idx, err := bleve.New(filepath.Join(dir, indexDirName), m)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	var logs bytes.Buffer
	s, err := Open(dir, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(logs.String(), "without their length") {
		t.Errorf("no warning about the older index: %q", logs.String())
	}
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, s, Request{Query: "垃圾分类"}); r.Total != 1 || r.Hits[0].Seq != 49 {
		t.Errorf("垃圾分类 on the older index: %v", seqs(r))
	}
}
