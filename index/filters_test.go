package index

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/duban/duban/ingest"
)

// facetCounts turns a facet into value → count.
func facetCounts(vals []FacetValue) map[any]int {
	out := map[any]int{}
	for _, v := range vals {
		out[v.Value] = v.Count
	}
	return out
}

// TestFilterGroups: values of one filter are alternatives, different filters
// must all hold, and a facet is counted without its own filter, so the
// values not chosen keep the counts they would add.
func TestFilterGroups(t *testing.T) {
	s := MustOpenIndex(t)
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	total := func(req Request) uint64 { return mustSearch(t, s, req).Total }
	zhu, wang := total(Request{Leaders: []string{"祝振伟"}}), total(Request{Leaders: []string{"王艳勤"}})
	both := total(Request{Leaders: []string{"祝振伟", "王艳勤"}})
	if zhu != 29 || wang != 6 || both != zhu+wang {
		t.Errorf("leaders 祝振伟 %d, 王艳勤 %d, either %d: want 29, 6 and their sum (no task has both)", zhu, wang, both)
	}
	zj, cg := total(Request{Units: []string{"区住建局"}}), total(Request{Units: []string{"区城管局"}})
	shared := total(Request{Units: []string{"区住建局"}, Query: "城管局"})
	if either := total(Request{Units: []string{"区住建局", "区城管局"}}); either <= max(zj, cg) || either > zj+cg {
		t.Errorf("units 区住建局 %d, 区城管局 %d, either %d (shared %d): two units must be OR", zj, cg, either, shared)
	}
	// Different filters: AND.
	yu := total(Request{Leaders: []string{"於卫国"}})
	if n := total(Request{Units: []string{"区住建局"}, Leaders: []string{"於卫国"}}); n == 0 || n > min(zj, yu) || n == yu {
		t.Errorf("unit and leader: %d, want no more than the unit's %d and fewer than the leader's %d", n, zj, yu)
	}

	r := mustSearch(t, s, Request{Units: []string{"区住建局"}})
	units := facetCounts(r.Facets[FacetUnit])
	all := facetCounts(mustSearch(t, s, Request{}).Facets[FacetUnit])
	if units["区城管局"] != all["区城管局"] || units["区住建局"] != int(zj) {
		t.Errorf("unit facet under unit=区住建局: 区城管局 %d (all %d), 区住建局 %d (%d): a facet must not be narrowed by its own filter",
			units["区城管局"], all["区城管局"], units["区住建局"], zj)
	}
	leaders := facetCounts(r.Facets[FacetLeader])
	sum := 0
	for _, n := range leaders {
		sum += n
	}
	if leaders["王艳勤"] >= facetCounts(mustSearch(t, s, Request{}).Facets[FacetLeader])["王艳勤"] || sum < int(zj) {
		t.Errorf("leader facet under unit=区住建局 must count the unit's tasks only: %v", leaders)
	}
	// With a leader chosen too, the unit facet counts the leader's tasks.
	r = mustSearch(t, s, Request{Units: []string{"区住建局"}, Leaders: []string{"於卫国"}})
	zhuUnits := facetCounts(mustSearch(t, s, Request{Leaders: []string{"於卫国"}}).Facets[FacetUnit])
	if got := facetCounts(r.Facets[FacetUnit]); got["区住建局"] != zhuUnits["区住建局"] || len(got) != len(zhuUnits) {
		t.Errorf("unit facet under unit and leader = %v, want the leader's units %v", got, zhuUnits)
	}
}

// TestFullWidthFilters: a unit typed with full-width brackets finds the
// unit the notice wrote with ASCII ones, and the other way round.
func TestFullWidthFilters(t *testing.T) {
	s := MustOpenIndex(t)
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	ascii := mustSearch(t, s, Request{Units: []string{"区住建局(规划分局)"}})
	full := mustSearch(t, s, Request{Units: []string{"区住建局（规划分局）"}})
	if ascii.Total == 0 || full.Total != ascii.Total || !slices.Equal(seqs(full), seqs(ascii)) {
		t.Errorf("full-width brackets: %v, ASCII %v", seqs(full), seqs(ascii))
	}
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2019-fullwidth", Title: "全角", Year: 2019}, Tasks: []ingest.Task{{
		ID: "2019-fullwidth-1", DocID: "2019-fullwidth", Year: 2019, Seq: 1, Text: "全角括号的单位。",
		Leaders: []string{"张三"}, Units: []string{"区交通局（公路分局）"}, UnitGroups: []string{"区交通局"},
	}}}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"区交通局(公路分局)", "区交通局（公路分局）", "区交通局"} {
		if r := mustSearch(t, s, Request{Units: []string{u}}); r.Total != 1 {
			t.Errorf("unit=%s: %d tasks, want the one written 区交通局（公路分局）", u, r.Total)
		}
	}
	if got := nameVariants("区住建局（规划分局）"); !slices.Equal(got, []string{"区住建局（规划分局）", "区住建局(规划分局)"}) {
		t.Errorf("variants = %q", got)
	}
}

// dueNotice is a 2019 notice whose tasks have due dates, one without.
func dueNotice() *ingest.Document {
	id := "2019-due"
	doc := &ingest.Document{Notice: ingest.Notice{ID: id, Title: "2019年任务", Year: 2019}}
	for i, due := range []string{"2019-12-31", "2019-06-30", "", "2019-03-31", "2019-06-30", "2019-06-15", "2019-09-30"} {
		seq := i + 1
		doc.Tasks = append(doc.Tasks, ingest.Task{
			ID: taskID(id, seq), DocID: id, Year: 2019, Seq: seq, Text: fmt.Sprintf("推进第%d项重点工作。", seq),
			Leaders: []string{"张三"}, Units: []string{"区发改局"}, UnitGroups: []string{"区发改局"}, Due: due,
		})
	}
	return doc
}

// TestDueFiltersFacetAndSort: due dates are a facet by month (in date
// order), a filter by month and by bounds (inclusive), and a sort (earliest
// first, none last, ties by year, document and seq).
func TestDueFiltersFacetAndSort(t *testing.T) {
	s := MustOpenIndex(t)
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(dueNotice()); err != nil {
		t.Fatal(err)
	}
	r := mustSearch(t, s, Request{Years: []int{2019}})
	var months []string
	for _, v := range r.Facets[FacetDue] {
		months = append(months, v.Value.(string)+":"+strconv.Itoa(v.Count))
	}
	if want := []string{"2019-03:1", "2019-06:3", "2019-09:1", "2019-12:1"}; !slices.Equal(months, want) {
		t.Errorf("due facet = %v, want %v", months, want)
	}
	for _, c := range []struct {
		name string
		req  Request
		want []int
	}{
		{"by the end of June", Request{DueBefore: "2019-06-30", Sort: SortOrder}, []int{2, 4, 5, 6}},
		{"June", Request{Due: []string{"2019-06"}, Sort: SortOrder}, []int{2, 5, 6}},
		{"June or September", Request{Due: []string{"2019-06", "2019-09"}, Sort: SortOrder}, []int{2, 5, 6, 7}},
		{"after the middle of June", Request{DueAfter: "2019-06-16", Sort: SortOrder}, []int{1, 2, 5, 7}},
		{"June, from the 20th", Request{Due: []string{"2019-06"}, DueAfter: "2019-06-20", Sort: SortOrder}, []int{2, 5}},
		{"by due date", Request{Docs: []string{"2019-due"}, Sort: SortDue}, []int{4, 6, 2, 5, 7, 1, 3}},
		{"by order", Request{Docs: []string{"2019-due"}, Sort: SortOrder}, []int{1, 2, 3, 4, 5, 6, 7}},
		{"words, by due date", Request{Query: "重点工作", Years: []int{2019}, Sort: SortDue}, []int{4, 6, 2, 5, 7, 1, 3}},
	} {
		got := seqs(mustSearch(t, s, c.req))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// The due facet is counted without the due filters: choosing June
	// leaves the other months offered.
	r = mustSearch(t, s, Request{Due: []string{"2019-06"}})
	if r.Total != 3 || len(r.Facets[FacetDue]) != 4 {
		t.Errorf("under due=2019-06: total %d, facet %v", r.Total, r.Facets[FacetDue])
	}
	// Sorted by due date across years: the seed's tasks (no date) come
	// last, 2019's dated tasks first.
	r = mustSearch(t, s, Request{Sort: SortDue, Size: 10})
	if r.Hits[0].Year != 2019 || r.Hits[0].Seq != 4 || r.Total != 90 {
		t.Errorf("sort=due over both notices: first %d-%d of %d", r.Hits[0].Year, r.Hits[0].Seq, r.Total)
	}
	// The export's order is the search's.
	var scanned []int
	if err := s.Scan(context.Background(), Request{Sort: SortDue, Years: []int{2019}}, func(t ingest.Task) error {
		scanned = append(scanned, t.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(scanned, []int{4, 6, 2, 5, 7, 1, 3}) {
		t.Errorf("scan sorted by due: %v", scanned)
	}
}

// TestSortOrder: sort=order lists a leader's tasks in the notice's order
// whatever the query, newest year first; relevance keeps the judged order.
func TestSortOrder(t *testing.T) {
	s := MustOpenIndex(t)
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(nextYear(t)); err != nil {
		t.Fatal(err)
	}
	r := mustSearch(t, s, Request{Query: "祝振伟", Sort: SortOrder})
	for i := 1; i < len(r.Hits); i++ {
		a, b := r.Hits[i-1], r.Hits[i]
		if a.Year < b.Year || a.Year == b.Year && a.Seq >= b.Seq {
			t.Fatalf("sort=order: %d-%d before %d-%d", a.Year, a.Seq, b.Year, b.Seq)
		}
		if b.Score <= 0 {
			t.Errorf("hit %d-%d has no score", b.Year, b.Seq)
		}
	}
	if r.Total < 50 || r.Hits[0].Year != 2019 || r.Hits[0].Seq != 1 {
		t.Errorf("sort=order: %d hits, first %d-%d", r.Total, r.Hits[0].Year, r.Hits[0].Seq)
	}
	filtered := mustSearch(t, s, Request{Leaders: []string{"祝振伟"}, Sort: SortOrder})
	if !slices.Equal(seqs(filtered), seqs(r)) {
		t.Errorf("typing the name and filtering by it list different orders: %v, %v", seqs(r), seqs(filtered))
	}
	rel := mustSearch(t, s, Request{Query: "垃圾分类"})
	if rel.Hits[0].Seq != 49 {
		t.Errorf("relevance: %v", seqs(rel))
	}
}

// TestFacetsOnly: size=0 answers the total and facets, no hits.
func TestFacetsOnly(t *testing.T) {
	s := MustOpenIndex(t)
	if _, err := s.Replace(MustParseSeed(t)); err != nil {
		t.Fatal(err)
	}
	r, err := s.Search(context.Background(), Request{Query: "建设", FacetsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	full := mustSearch(t, s, Request{Query: "建设"})
	if len(r.Hits) != 0 || r.Total != full.Total || len(r.Facets[FacetUnit]) != len(full.Facets[FacetUnit]) {
		t.Errorf("facets only: %d hits, total %d (want %d)", len(r.Hits), r.Total, full.Total)
	}
}

// TestBadSortAndDue: a sort or due filter the store does not know is an
// invalid request, not an empty answer.
func TestBadSortAndDue(t *testing.T) {
	s := MustOpenIndex(t)
	for _, req := range []Request{
		{Sort: "date"}, {Due: []string{"2019-6"}}, {Due: []string{"2019-13"}}, {DueBefore: "2019-06"},
		{DueBefore: "2019-02-30"}, {DueAfter: "2019-07-01", DueBefore: "2019-06-30"},
	} {
		if _, err := s.Search(context.Background(), req); ingest.ErrorCode(err) != ingest.EINVALID {
			t.Errorf("%+v: %v, want invalid", req, err)
		}
	}
}

// TestOlderIndexWithoutDue: an index built before the due field opens,
// says that its tasks have no due dates until repaired, and answers the
// due filters and sort with what it has (no task has a date).
func TestOlderIndexWithoutDue(t *testing.T) {
	dir := t.TempDir()
	m := newMapping()
	delete(m.DefaultMapping.Properties, fieldDue)
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
	if !strings.Contains(logs.String(), "no due date") {
		t.Errorf("no warning about the older index: %q", logs.String())
	}
	if _, err := s.Replace(dueNotice()); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, s, Request{DueBefore: "2019-12-31"}); r.Total != 0 {
		t.Errorf("due filter on an index without due dates: %d tasks", r.Total)
	}
	if r := mustSearch(t, s, Request{Sort: SortDue}); r.Total != 7 || !slices.Equal(seqs(r), []int{1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("sort=due without due dates: %v", seqs(r))
	}
}
