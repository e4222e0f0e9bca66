package index

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// fakeVocabulary is a Vocabulary from plain maps.
type fakeVocabulary struct {
	synonyms           map[string][]string
	unitOf, leaderOf   map[string]string // name → identity
	unitNames, leaders map[string][]string
}

func (f fakeVocabulary) Synonyms(w string) []string     { return f.synonyms[w] }
func (f fakeVocabulary) UnitNames(u string) []string    { return f.unitNames[f.UnitIdentity(u)] }
func (f fakeVocabulary) LeaderNames(l string) []string  { return f.leaders[f.LeaderIdentity(l)] }
func (f fakeVocabulary) UnitIdentity(g string) string   { return f.unitOf[g] }
func (f fakeVocabulary) LeaderIdentity(l string) string { return f.leaderOf[l] }

// NamesIn finds the spellings of unitOf and leaderOf in a word, longest
// first at each place.
func (f fakeVocabulary) NamesIn(w string) []NameIn {
	var out []NameIn
	for i := 0; i < len(w); {
		best := NameIn{}
		for _, kind := range []struct {
			name string
			of   map[string]string
		}{{NameUnit, f.unitOf}, {NameLeader, f.leaderOf}} {
			for n, id := range kind.of {
				if strings.HasPrefix(w[i:], n) && len(n) > best.End-best.Start {
					best = NameIn{Kind: kind.name, Identity: id, Start: i, End: i + len(n)}
				}
			}
		}
		if best.End > 0 {
			out = append(out, best)
			i = best.End
			continue
		}
		_, size := utf8.DecodeRuneInString(w[i:])
		i += size
	}
	return out
}

// renamedUnits is two notices of one unit under three spellings, one task
// naming two of them, and one leader under two.
func renamedUnits(t *testing.T) (*Store, fakeVocabulary) {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	task := func(doc string, year, seq int, text, leader string, units ...string) ingest.Task {
		groups := make([]string, len(units))
		for i, u := range units {
			groups[i] = ingest.UnitGroup(u)
		}
		return ingest.Task{ID: taskID(doc, seq), DocID: doc, Year: year, Seq: seq, Text: text,
			Leaders: []string{leader}, Units: units, UnitGroups: groups}
	}
	docs := []*ingest.Document{
		{Notice: ingest.Notice{ID: "2018-a", Title: "甲", Year: 2018}, Tasks: []ingest.Task{
			task("2018-a", 2018, 1, "推进垃圾分类工作。", "祝振伟", "区城管局"),
			task("2018-a", 2018, 2, "深化五水共治。", "祝振伟", "区环保局", "区城管局"),
			task("2018-a", 2018, 3, "建设第五代移动通信基站。", "葛建伟", "区经信局"),
		}},
		{Notice: ingest.Notice{ID: "2019-b", Title: "乙", Year: 2019}, Tasks: []ingest.Task{
			task("2019-b", 2019, 1, "全面推进生活垃圾分类。", "祝振伟副区长", "区城市管理局"),
			task("2019-b", 2019, 2, "城市管理与执法。", "祝振伟副区长", "区城管局", "区城市管理局(执法局)"),
			task("2019-b", 2019, 3, "推进治水工作。", "葛建伟", "区生态环境分局"),
		}},
	}
	for _, d := range docs {
		if _, err := s.Replace(d); err != nil {
			t.Fatal(err)
		}
	}
	v := fakeVocabulary{
		synonyms: map[string][]string{"5G": {"第五代移动通信"}, "治水": {"五水共治"}},
		unitOf: map[string]string{"区城管局": "区城管局", "区城市管理局": "区城管局",
			"区环保局": "区生态环境分局", "区生态环境分局": "区生态环境分局"},
		unitNames: map[string][]string{"区城管局": {"区城管局", "区城市管理局"},
			"区生态环境分局": {"区环保局", "区生态环境分局"}},
		leaderOf: map[string]string{"祝振伟副区长": "祝振伟", "祝振伟": "祝振伟"},
		leaders:  map[string][]string{"祝振伟": {"祝振伟", "祝振伟副区长"}},
	}
	return s, v
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func facet(r *Result, name string) map[string]FacetValue {
	out := map[string]FacetValue{}
	for _, fv := range r.Facets[name] {
		out[fv.Value.(string)] = fv
	}
	return out
}

func TestVocabularyFiltersBySpellings(t *testing.T) {
	s, v := renamedUnits(t)
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"unit without vocabulary", Request{Units: []string{"区城管局"}}, []string{"2018-a-1", "2018-a-2", "2019-b-2"}},
		{"unit identity", Request{Units: []string{"区城管局"}, Vocabulary: v}, []string{"2018-a-1", "2018-a-2", "2019-b-1", "2019-b-2"}},
		{"by another spelling", Request{Units: []string{"区城市管理局"}, Vocabulary: v}, []string{"2018-a-1", "2018-a-2", "2019-b-1", "2019-b-2"}},
		{"renamed", Request{Units: []string{"区生态环境分局"}, Vocabulary: v}, []string{"2018-a-2", "2019-b-3"}},
		{"leader without vocabulary", Request{Leaders: []string{"祝振伟"}}, []string{"2018-a-1", "2018-a-2"}},
		{"leader identity", Request{Leaders: []string{"祝振伟"}, Vocabulary: v}, []string{"2018-a-1", "2018-a-2", "2019-b-1", "2019-b-2"}},
		{"two filters still AND", Request{Leaders: []string{"祝振伟"}, Units: []string{"区生态环境分局"}, Vocabulary: v}, []string{"2018-a-2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(mustSearch(t, s, tc.req)); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestVocabularyMergesFacetsWithoutDoubleCounts(t *testing.T) {
	s, v := renamedUnits(t)
	plain := facet(mustSearch(t, s, Request{}), FacetUnit)
	if plain["区城管局"].Count != 3 || plain["区城市管理局"].Count != 2 {
		t.Fatalf("plain unit facet = %v", plain)
	}
	r := mustSearch(t, s, Request{Vocabulary: v})
	units := facet(r, FacetUnit)
	// 2019-b-2 names 区城管局 and 区城市管理局(执法局): one task, counted once.
	cg := units["区城管局"]
	if cg.Count != 4 {
		t.Errorf("区城管局 identity counts %d, want 4 (five by a plain sum)", cg.Count)
	}
	var spell []string
	for _, sp := range cg.Spellings {
		spell = append(spell, sp.Value.(string))
	}
	if !slices.Equal(spell, []string{"区城管局", "区城市管理局"}) {
		t.Errorf("spellings = %v", cg.Spellings)
	}
	if _, ok := units["区城市管理局"]; ok {
		t.Error("a merged spelling is still its own facet value")
	}
	if eco := units["区生态环境分局"]; eco.Count != 2 || len(eco.Spellings) != 2 {
		t.Errorf("renamed unit facet = %+v", eco)
	}
	if jx := units["区经信局"]; jx.Count != 1 || jx.Spellings != nil {
		t.Errorf("a unit of one spelling = %+v", jx)
	}
	if zw := facet(r, FacetLeader)["祝振伟"]; zw.Count != 4 {
		t.Errorf("leader identity = %+v", zw)
	}

	st, err := s.Stats(context.Background(), Request{Vocabulary: v})
	if err != nil {
		t.Fatal(err)
	}
	if st.Units[0] != (NameCount{"区城管局", 4}) || len(st.Spellings["区城管局"]) != 2 {
		t.Errorf("stats units = %v, spellings %v", st.Units, st.Spellings)
	}
	for _, p := range st.Pairs {
		if p.Leader == "祝振伟" && p.Unit == "区城管局" && p.Tasks != 4 {
			t.Errorf("pair 祝振伟 · 区城管局 = %d, want 4", p.Tasks)
		}
		if p.Leader == "祝振伟副区长" || p.Unit == "区城市管理局" {
			t.Errorf("pair by spelling: %+v", p)
		}
	}

	units2, err := s.UnitsAs(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	if units2[0].Name != "区城管局" || units2[0].Tasks != 4 || len(units2[0].Variants) != 3 || len(units2[0].Spellings) != 2 {
		t.Errorf("UnitsAs first = %+v", units2[0])
	}
	leaders, err := s.LeadersAs(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	if leaders[0].Name != "祝振伟" || leaders[0].Tasks != 4 || len(leaders[0].Spellings) != 2 {
		t.Errorf("LeadersAs first = %+v", leaders[0])
	}
}

func TestVocabularySynonymsMatchAndAreMarked(t *testing.T) {
	s, v := renamedUnits(t)
	if got := ids(mustSearch(t, s, Request{Query: "治水"})); !slices.Equal(got, []string{"2019-b-3"}) {
		t.Fatalf("治水 without synonyms = %v", got)
	}
	r := mustSearch(t, s, Request{Query: "治水", Vocabulary: v})
	if got := ids(r); !slices.Equal(got, []string{"2018-a-2", "2019-b-3"}) {
		t.Fatalf("治水 with synonyms = %v", got)
	}
	// The task holding the word as typed ranks first.
	if r.Hits[0].ID != "2019-b-3" || r.Hits[0].Synonyms != nil {
		t.Errorf("first hit = %s, synonyms %v", r.Hits[0].ID, r.Hits[0].Synonyms)
	}
	if h := r.Hits[1]; !slices.Equal(h.Synonyms, []string{"五水共治"}) || !strings.Contains(h.Highlight, "<mark>五水共治</mark>") {
		t.Errorf("synonym hit: synonyms %v, highlight %q", h.Synonyms, h.Highlight)
	}
	// A word and another word: the synonym stands for its own word only.
	if got := ids(mustSearch(t, s, Request{Query: "5G 基站", Vocabulary: v})); !slices.Equal(got, []string{"2018-a-3"}) {
		t.Errorf("5G 基站 = %v", got)
	}
	if got := ids(mustSearch(t, s, Request{Query: "5G 垃圾", Vocabulary: v})); len(got) != 0 {
		t.Errorf("5G 垃圾 = %v, want nothing", got)
	}
	// Counts agree with the hits.
	if r.Total != 2 || len(r.Facets[FacetYear]) != 2 {
		t.Errorf("total %d, years %v", r.Total, r.Facets[FacetYear])
	}
}

// TestVocabularyOffIsUnchanged: the judged queries answer exactly as they
// do without a vocabulary when it has nothing to say about them.
func TestVocabularyOffIsUnchanged(t *testing.T) {
	s := MustOpenIndex(t)
	empty := fakeVocabulary{}
	for _, q := range []string{"垃圾分类", "人才 未来科技城", "规模工业增加值", "阿"} {
		a := mustSearch(t, s, Request{Query: q})
		b := mustSearch(t, s, Request{Query: q, Vocabulary: empty})
		if !slices.Equal(seqs(a), seqs(b)) || a.Total != b.Total {
			t.Errorf("%s: %v against %v", q, seqs(a), seqs(b))
		}
		for i := range a.Hits {
			if a.Hits[i].Score != b.Hits[i].Score || a.Hits[i].Highlight != b.Hits[i].Highlight {
				t.Errorf("%s: hit %d differs", q, i)
			}
		}
	}
}

// TestVocabularyFilterGroups: a unit filter by identity is one filter group
// whose alternatives are every spelling of every unit chosen (OR within the
// group), ANDed with the other groups; each facet is counted without its
// own group and merged by identity over those matches, exactly (a task
// naming two spellings counts once); synonyms, the due filter and the sorts
// hold with it.
func TestVocabularyFilterGroups(t *testing.T) {
	s, v := renamedUnits(t)
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2020-c", Title: "丙", Year: 2020}, Tasks: []ingest.Task{
		{ID: taskID("2020-c", 1), DocID: "2020-c", Year: 2020, Seq: 1, Text: "落实五水共治。", Leaders: []string{"葛建伟"},
			Units: []string{"区环保局"}, UnitGroups: []string{"区环保局"}, Due: "2020-06-30"},
		{ID: taskID("2020-c", 2), DocID: "2020-c", Year: 2020, Seq: 2, Text: "治水攻坚。", Leaders: []string{"葛建伟"},
			Units: []string{"区城市管理局"}, UnitGroups: []string{"区城市管理局"}, Due: "2020-03-31"},
	}}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	counts := func(vals []FacetValue) map[any]int { return facetCounts(vals) }

	// A spelling chosen: its identity's tasks (2018-a-1, 2018-a-2,
	// 2019-b-1, 2019-b-2, 2020-c-2) AND the year.
	r := mustSearch(t, s, Request{Units: []string{"区城市管理局"}, Years: []int{2019}, Vocabulary: v})
	if got := ids(r); !slices.Equal(got, []string{"2019-b-1", "2019-b-2"}) || r.Total != 2 {
		t.Errorf("unit identity and year = %v (total %d)", got, r.Total)
	}
	// The unit facet is counted without the unit filter (every 2019 task)
	// and by identity: 区城管局 holds 2019-b-1 and 2019-b-2 (a plain sum
	// of its spellings says 3), and the unit not chosen stays offered.
	units := facet(r, FacetUnit)
	if units["区城管局"].Count != 2 || units["区生态环境分局"].Count != 1 || len(units) != 2 {
		t.Errorf("unit facet under unit=区城市管理局 and 2019 = %+v", r.Facets[FacetUnit])
	}
	if _, ok := units["区城市管理局"]; ok || len(units["区城管局"].Spellings) != 2 {
		t.Errorf("the unit facet is not by identity: %+v", r.Facets[FacetUnit])
	}
	// The year facet is counted without the year filter, under the unit's
	// identity: 2018 is there through 区城管局, which 区城市管理局 alone
	// would not find.
	if got := counts(r.Facets[FacetYear]); got[2018] != 2 || got[2019] != 2 || got[2020] != 1 {
		t.Errorf("year facet under unit=区城市管理局 and 2019 = %v", got)
	}
	if got := counts(mustSearch(t, s, Request{Units: []string{"区城市管理局"}, Years: []int{2019}}).Facets[FacetYear]); got[2018] != 0 {
		t.Errorf("without the vocabulary, 区城市管理局 reaches 2018: %v", got)
	}
	// Other groups' facets are narrowed by the unit: 祝振伟's two, by
	// identity.
	if got := facet(r, FacetLeader); got["祝振伟"].Count != 2 || len(got) != 1 {
		t.Errorf("leader facet = %+v", r.Facets[FacetLeader])
	}

	// Two units: OR, each by identity; the facet unchanged by choosing
	// the second.
	r2 := mustSearch(t, s, Request{Units: []string{"区城管局", "区环保局"}, Years: []int{2019}, Vocabulary: v})
	if got := ids(r2); !slices.Equal(got, []string{"2019-b-1", "2019-b-2", "2019-b-3"}) {
		t.Errorf("two unit identities and year = %v", got)
	}
	if a, b := counts(r.Facets[FacetUnit]), counts(r2.Facets[FacetUnit]); len(a) != len(b) || a["区城管局"] != b["区城管局"] || a["区生态环境分局"] != b["区生态环境分局"] {
		t.Errorf("unit facet moved with its own filter: %v then %v", a, b)
	}

	// A word with its synonym (治水 = 五水共治), a unit by a former name,
	// sorted by due date: dated first, then the notices' order.
	r = mustSearch(t, s, Request{Query: "治水", Units: []string{"区环保局"}, Sort: SortDue, Vocabulary: v})
	var order []string
	for _, h := range r.Hits {
		order = append(order, h.ID)
	}
	if !slices.Equal(order, []string{"2020-c-1", "2019-b-3", "2018-a-2"}) {
		t.Errorf("治水 under 区环保局 by due = %v", order)
	}
	if !slices.Equal(r.Hits[0].Synonyms, []string{"五水共治"}) || r.Hits[1].Synonyms != nil || r.Hits[0].Score <= 0 {
		t.Errorf("synonyms %v, %v; score %v", r.Hits[0].Synonyms, r.Hits[1].Synonyms, r.Hits[0].Score)
	}
	// Without its own filter the unit facet counts every task the word
	// matches through itself or its synonym.
	if got := facet(r, FacetUnit); got["区生态环境分局"].Count != 3 || got["区城管局"].Count != 2 {
		t.Errorf("unit facet under 治水 and 区环保局 = %+v", r.Facets[FacetUnit])
	}
	r = mustSearch(t, s, Request{Query: "治水", Units: []string{"区环保局"}, Sort: SortOrder, Vocabulary: v})
	if got := seqs(r); !slices.Equal(got, []int{1, 3, 2}) {
		t.Errorf("治水 under 区环保局 by order = %v", got)
	}

	// A due month with both: the due facet counted without it.
	r = mustSearch(t, s, Request{Query: "治水", Units: []string{"区环保局", "区城管局"}, Due: []string{"2020-03"}, Vocabulary: v})
	if got := ids(r); !slices.Equal(got, []string{"2020-c-2"}) {
		t.Errorf("治水, two units, due 2020-03 = %v", got)
	}
	if got := counts(r.Facets[FacetDue]); got["2020-03"] != 1 || got["2020-06"] != 1 || len(got) != 2 {
		t.Errorf("due facet = %v", got)
	}
	if got := facet(r, FacetUnit); got["区城管局"].Count != 1 || len(got) != 1 {
		t.Errorf("unit facet under due 2020-03 = %+v", r.Facets[FacetUnit])
	}
}

// TestVocabularyNamesInQueries: a query naming a unit or leader in any
// spelling of its identity finds the identity's tasks, ranks them above
// those that only mention the name, and says through which name; a word
// holding a name is the name and the rest.
func TestVocabularyNamesInQueries(t *testing.T) {
	s, v := renamedUnits(t)
	hitIDs := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	tests := []struct {
		name    string
		q       string
		want    []string // as a set
		first   []string // the first hits, as a set
		matched map[string]MatchedName
	}{
		{"the new name finds the old", "区生态环境分局", []string{"2018-a-2", "2019-b-3"}, nil,
			map[string]MatchedName{"2018-a-2": {NameUnit, "区环保局", "区生态环境分局"}, "2019-b-3": {NameUnit, "区生态环境分局", "区生态环境分局"}}},
		{"the old name finds the new", "区环保局", []string{"2018-a-2", "2019-b-3"}, nil, nil},
		{"a spelling, tasks naming the unit before tasks mentioning it", "区城市管理局",
			[]string{"2018-a-1", "2018-a-2", "2019-b-1", "2019-b-2"}, nil,
			map[string]MatchedName{"2018-a-1": {NameUnit, "区城管局", "区城管局"}, "2019-b-1": {NameUnit, "区城市管理局", "区城管局"}}},
		{"a name and a word in one", "区城管局垃圾分类", []string{"2018-a-1", "2019-b-1"}, nil, nil},
		{"a name and a word apart", "区环保局 五水共治", []string{"2018-a-2"}, nil, nil},
		{"a leader under every title", "祝振伟", []string{"2018-a-1", "2018-a-2", "2019-b-1", "2019-b-2"}, nil,
			map[string]MatchedName{"2018-a-1": {NameLeader, "祝振伟", "祝振伟"}, "2019-b-2": {NameLeader, "祝振伟副区长", "祝振伟"}}},
		{"no name: as before", "垃圾分类", []string{"2018-a-1", "2019-b-1"}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mustSearch(t, s, Request{Query: tc.q, Vocabulary: v})
			if got := ids(r); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			for _, h := range r.Hits {
				if want, ok := tc.matched[h.ID]; ok && !slices.Contains(h.Matched, want) {
					t.Errorf("%s matched %v, want %v", h.ID, h.Matched, want)
				}
			}
		})
	}
	// A task that only mentions a unit ranks after the unit's own tasks.
	// 2019-b-2's text says 城市管理, every task of 区城管局 ranks above any
	// other that says it.
	r := mustSearch(t, s, Request{Query: "区城市管理局", Vocabulary: v})
	for i, h := range hitIDs(r) {
		if len(r.Hits[i].Matched) == 0 {
			t.Errorf("hit %d %s found without the unit", i, h)
		}
	}
	// Without a vocabulary the old name finds nothing of the new.
	if got := ids(mustSearch(t, s, Request{Query: "区生态环境分局"})); !slices.Equal(got, []string{"2019-b-3"}) {
		t.Errorf("without vocabulary: %v", got)
	}
}
