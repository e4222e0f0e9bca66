package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/duban/duban/ingest"
)

// The office's vocabulary (package vocab) reaches a search through one seam,
// Request.Vocabulary, and leaves the index as it is: nothing it says is
// indexed, so editing it changes the next search and never needs a rebuild.
//
//   - A leader or unit filter matches any of the names its identity is
//     written as (UnitNames, LeaderNames): they join the filter group's
//     alternatives (filters.go, groupBitmaps), OR with the group's other
//     values, AND with the other groups, and the group's facet is counted
//     without it as any group's is.
//   - A query word matches through itself or any of its synonyms: each
//     synonym is planned as a word of its own (plan.words after the typed
//     words, wordPlan.of naming the typed word it stands for), and the typed
//     word's match is the union of theirs. A synonym scores at
//     synonymWeight, so a task holding the word as typed ranks above one
//     holding only a synonym; a hit says which synonyms it matched through
//     when the typed word did not match it (Hit.Synonyms).
//   - A query word that is, or holds, a name of a unit or leader in any
//     spelling of its identity (NamesIn: an old name after a rename, a
//     short form, a leader with or without a title) finds that identity's
//     tasks: the name is planned as an identity word (wordPlan.identity)
//     whose documents are those naming any spelling as a lead unit or
//     leader, exact from postings as a filter's are. It stands for the word
//     typed (or, when the word holds more than the name, for the name cut
//     out of it as a word of its own, the rest a word beside it), and adds
//     weightIdentity × its idf to a score outside any norm, so the
//     identity's tasks rank above those that only mention the name. A hit
//     says which of its names matched (Hit.Matched: 匹配单位 区环保局 →
//     区生态环境分局).
//   - Facets are counted by name as before and then merged by identity
//     (byIdentity). A task naming two spellings of one unit would count
//     twice in a plain sum, so an identity that merges two or more names
//     present in the result is counted again exactly: the matches that hold
//     any of its names, one bitmap union per segment.
type Vocabulary interface {
	// Synonyms returns the other words a query word also matches.
	Synonyms(word string) []string
	// UnitNames returns every name a unit filter value stands for (the
	// spellings of its identity: as written or base names); nil or empty
	// for the value alone.
	UnitNames(unit string) []string
	// LeaderNames is UnitNames for a leader.
	LeaderNames(leader string) []string
	// UnitIdentity returns the identity a unit group is counted under, ""
	// for the group itself.
	UnitIdentity(group string) string
	// LeaderIdentity is UnitIdentity for a leader's name.
	LeaderIdentity(leader string) string
	// NamesIn returns the names of units and leaders a query word is or
	// holds, each with the identity it is a spelling of, in the order they
	// stand, not overlapping; none for a word that names nobody.
	NamesIn(word string) []NameIn
}

// Kinds of a NameIn and a MatchedName.
const (
	NameUnit   = "unit"
	NameLeader = "leader"
)

// NameIn is a unit's or leader's name standing in a query word: the bytes
// Start to End of the word, a spelling of Identity.
type NameIn struct {
	Kind       string
	Identity   string
	Start, End int
}

// MatchedName is why a hit was found through an identity (Hit.Matched):
// the task names Name (as a lead unit or a leader), a spelling of the
// Identity the query named.
type MatchedName struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Identity string `json:"identity"`
}

// Bounds of the vocabulary's effect on one query.
const (
	// synonymWeight scales a synonym's share of a score.
	synonymWeight = 0.5
	// maxSynonyms bounds the synonyms planned for one word, and
	// maxFilterNames the names one filter expands to.
	maxSynonyms    = 8
	maxFilterNames = 64
)

// weightIdentity scales the idf an identity word adds to its tasks' scores,
// outside the text's and the names' norms: more than a word in the text of
// a short task and in its names together can add, so the tasks of the
// identity named rank first.
const weightIdentity = 6

// identityWords cuts the names of units and leaders out of the typed
// words: a word that is a name stays as it is; a word holding one is split
// into the name and the rest, each a word of its own (城管局垃圾分类 is
// 城管局 and 垃圾分类). It returns the words and, for each, the identities
// it names. Without a vocabulary the words are as typed.
func (p *plan) identityWords(words []string) ([]string, [][]NameIn) {
	if p.vocab == nil {
		return words, make([][]NameIn, len(words))
	}
	var out []string
	var names [][]NameIn
	for _, w := range words {
		found := p.vocab.NamesIn(w)
		if len(found) == 0 {
			out, names = append(out, w), append(names, nil)
			continue
		}
		at := 0
		rest := func(end int) {
			if part := strings.TrimSpace(w[at:end]); part != "" && hasWordChar(part) {
				out, names = append(out, part), append(names, nil)
			}
		}
		for i := 0; i < len(found); {
			n := found[i]
			rest(n.Start)
			var ids []NameIn
			for ; i < len(found) && found[i].Start == n.Start; i++ {
				ids = append(ids, found[i])
			}
			out, names = append(out, w[n.Start:n.End]), append(names, ids)
			at = n.End
		}
		rest(len(w))
	}
	return out, names
}

// addIdentities plans an identity word for each identity a typed word
// names, after the typed words.
func (s *Store) addIdentities(p *plan, names [][]NameIn) {
	for i, ids := range names {
		for _, id := range ids {
			wp := &wordPlan{of: i, weight: weightIdentity, identity: &id}
			switch id.Kind {
			case NameLeader:
				for _, v := range spellingVariants(p.leaderNames(id.Identity)) {
					wp.nameTerms = append(wp.nameTerms, [2]string{fieldLeaders, v})
				}
			default:
				for _, v := range spellingVariants(p.unitNames(id.Identity)) {
					wp.nameTerms = append(wp.nameTerms, [2]string{fieldUnits, v}, [2]string{fieldUnitGroups, v})
				}
			}
			p.words = append(p.words, wp)
		}
	}
}

// matchedOf says through which names hit h, task t, was found by the
// identities its query named.
func (m *matches) matchedOf(h hit, t *ingest.Task) []MatchedName {
	if m.plan == nil || m.vocab == nil {
		return nil
	}
	sm := &m.segs[h.seg]
	var out []MatchedName
	add := func(mn MatchedName) {
		if !slices.Contains(out, mn) {
			out = append(out, mn)
		}
	}
	for w := m.plan.typed; w < len(m.plan.words); w++ {
		wp := m.plan.words[w]
		if wp.identity == nil || !sm.words[w].any.Contains(h.num) {
			continue
		}
		id := wp.identity
		names, identity := t.Units, m.vocab.UnitIdentity
		if id.Kind == NameLeader {
			names, identity = t.Leaders, m.vocab.LeaderIdentity
		}
		found := false
		for _, n := range names {
			if n == id.Identity || identity(n) == id.Identity || identity(ingest.UnitGroup(n)) == id.Identity {
				add(MatchedName{Kind: id.Kind, Name: n, Identity: id.Identity})
				found = true
			}
		}
		if !found {
			add(MatchedName{Kind: id.Kind, Name: id.Identity, Identity: id.Identity})
		}
	}
	return out
}

// addSynonyms plans each typed word's synonyms after the typed words.
func (s *Store) addSynonyms(p *plan, words []string) {
	if p.vocab == nil {
		return
	}
	for i, w := range words {
		seen := map[string]bool{foldWord(strings.TrimSpace(w)): true}
		n := 0
		for _, alt := range p.vocab.Synonyms(w) {
			f := foldWord(strings.TrimSpace(alt))
			if seen[f] || !hasWordChar(alt) || n == maxSynonyms {
				continue
			}
			seen[f] = true
			n++
			wp := s.wordPlan(alt)
			wp.of, wp.weight = i, synonymWeight
			p.words = append(p.words, wp)
		}
	}
}

// texts returns the planned words, typed and synonyms, as highlightCut
// takes them.
func (p *plan) texts() []string {
	out := make([]string, len(p.words))
	for i, wp := range p.words {
		out[i] = wp.text
	}
	return out
}

// byTyped returns, for each typed word, the union of one bitmap of its
// planned words (itself and its synonyms); the word's own when it has no
// synonym.
func (p *plan) byTyped(words []wordSets, of func(*wordSets) *roaring.Bitmap) []*roaring.Bitmap {
	out := make([]*roaring.Bitmap, p.typed)
	for w := range words {
		i := p.words[w].of
		switch bm := of(&words[w]); {
		case out[i] == nil:
			out[i] = bm
		case w < p.typed:
			out[i] = bm
		default:
			out[i] = roaring.Or(out[i], bm)
		}
	}
	return out
}

// unitNames and leaderNames are the names a filter value matches: itself
// and, with a vocabulary, its identity's spellings.
func (p *plan) unitNames(u string) []string {
	if p.vocab == nil {
		return []string{u}
	}
	return withNames(u, p.vocab.UnitNames(u))
}

func (p *plan) leaderNames(l string) []string {
	if p.vocab == nil {
		return []string{l}
	}
	return withNames(l, p.vocab.LeaderNames(l))
}

func withNames(v string, names []string) []string {
	out := []string{v}
	for _, n := range names {
		if n != "" && !slices.Contains(out, n) && len(out) < maxFilterNames {
			out = append(out, n)
		}
	}
	return out
}

// spellingVariants returns names with each one's nameVariants, once each.
func spellingVariants(names []string) []string {
	var out []string
	for _, n := range names {
		for _, v := range nameVariants(n) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// synonymsOf returns the synonyms hit h matched through where the word
// typed did not match it.
func (m *matches) synonymsOf(h hit) []string {
	if m.plan == nil || len(m.plan.words) == m.plan.typed {
		return nil
	}
	sm := &m.segs[h.seg]
	var out []string
	for w := m.plan.typed; w < len(m.plan.words); w++ {
		wp := m.plan.words[w]
		if wp.identity == nil && !sm.words[wp.of].any.Contains(h.num) && sm.words[w].any.Contains(h.num) {
			out = append(out, wp.text)
		}
	}
	return out
}

// identityOf returns the function naming the identity a value of field is
// counted under, or nil without a vocabulary.
func identityOf(v Vocabulary, field string) func(string) string {
	if v == nil {
		return nil
	}
	if field == fieldLeaders {
		return v.LeaderIdentity
	}
	return v.UnitIdentity
}

// byIdentity lists a facet's counts merged by identity, most first, at
// most n; without a vocabulary, the counts as they are.
func (m *matches) byIdentity(c counts, field string, n int) ([]FacetValue, error) {
	identity := identityOf(m.vocab, field)
	if identity == nil {
		return c.top(n), nil
	}
	byName := map[string]int{}
	for ord, k := range c.n {
		if k > 0 {
			byName[c.names[ord]] += k
		}
	}
	return mergeByIdentity(byName, identity, n, func(names []string) (int, error) {
		return m.countAny(field, names)
	})
}

// mergeByIdentity sums counts by name into counts by identity; an identity
// of two or more names present is counted again with exact (a task holding
// two of them counts once).
func mergeByIdentity(byName map[string]int, identity func(string) string, n int, exact func([]string) (int, error)) ([]FacetValue, error) {
	members := map[string][]FacetValue{}
	for name, k := range byName {
		id := identity(name)
		if id == "" {
			id = name
		}
		members[id] = append(members[id], FacetValue{Value: name, Count: k})
	}
	all := make([]valueCount[string], 0, len(members))
	for id, ms := range members {
		total := ms[0].Count
		if len(ms) > 1 {
			names := make([]string, len(ms))
			for i, mv := range ms {
				names[i] = mv.Value.(string)
			}
			var err error
			if total, err = exact(names); err != nil {
				return nil, err
			}
		}
		all = append(all, valueCount[string]{id, total})
	}
	out := topOf(all, n)
	for i := range out {
		id := out[i].Value.(string)
		ms := members[id]
		if len(ms) == 1 && ms[0].Value == id {
			continue
		}
		slices.SortFunc(ms, func(a, b FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value.(string), b.Value.(string))
		})
		out[i].Spellings = ms
	}
	return out, nil
}

// countAny counts the matches holding any of names in field.
func (m *matches) countAny(field string, names []string) (int, error) {
	total := 0
	for _, sm := range m.segs {
		if sm.match == nil || sm.match.IsEmpty() {
			continue
		}
		u, err := anyName(sm.sv, field, names)
		if err != nil {
			return 0, err
		}
		total += int(u.AndCardinality(sm.match))
	}
	return total, nil
}

// anyName returns the documents of a segment holding any of names in
// field (deleted ones too).
func anyName(sv *segView, field string, names []string) (*roaring.Bitmap, error) {
	dict, err := sv.seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("cannot read field %s: %w", field, err)
	}
	bms := make([]*roaring.Bitmap, 0, len(names))
	for _, name := range names {
		bm, err := postings(dict, name)
		if err != nil {
			return nil, err
		}
		bms = append(bms, bm)
	}
	return roaring.FastOr(bms...), nil
}

// nameCounts turns facet values into names with counts.
func nameCounts(vals []FacetValue) []NameCount {
	out := make([]NameCount, 0, len(vals))
	for _, v := range vals {
		out = append(out, NameCount{Name: fmt.Sprint(v.Value), Tasks: v.Count})
	}
	return out
}

// spellingsOf maps each identity of the facet values that merges other
// names to those names; nil when none does.
func spellingsOf(facets ...[]FacetValue) map[string][]NameCount {
	var out map[string][]NameCount
	for _, vals := range facets {
		for _, v := range vals {
			if len(v.Spellings) > 0 {
				if out == nil {
					out = map[string][]NameCount{}
				}
				out[fmt.Sprint(v.Value)] = nameCounts(v.Spellings)
			}
		}
	}
	return out
}

// LeaderCount is a leader (an identity of the office's vocabulary) with
// the names counted under it, when it merges other names.
type LeaderCount struct {
	NameCount
	Spellings []NameCount `json:"spellings,omitempty"`
}

// countPairsByIdentity is countPairs with leaders and units by identity
// when the search has a vocabulary; a task counts once for each pair of
// identities, however many of their spellings it names.
func (m *matches) countPairsByIdentity() map[[2]string]int {
	v := m.vocab
	if v == nil {
		return m.countPairs()
	}
	out := map[[2]string]int{}
	for _, sm := range m.segs {
		cols := sm.sv.cols
		// identities numbered per segment, so a task's pairs are deduped
		// as integers
		var names []string
		at := map[string]int32{}
		number := func(name string) int32 {
			if i, ok := at[name]; ok {
				return i
			}
			at[name] = int32(len(names))
			names = append(names, name)
			return at[name]
		}
		idOf := func(terms []string, identity func(string) string) []int32 {
			ids := make([]int32, len(terms))
			for i, t := range terms {
				id := identity(t)
				if id == "" {
					id = t
				}
				ids[i] = number(id)
			}
			return ids
		}
		lid, gid := idOf(cols.leaderTerms, v.LeaderIdentity), idOf(cols.groupTerms, v.UnitIdentity)
		counts := map[[2]int32]int{}
		var seen [][2]int32
		for _, d := range sm.docs {
			seen = seen[:0]
			for _, l := range cols.leaders.of(d) {
				for _, g := range cols.groups.of(d) {
					k := [2]int32{lid[l], gid[g]}
					if !slices.Contains(seen, k) {
						seen = append(seen, k)
						counts[k]++
					}
				}
			}
		}
		for k, n := range counts {
			out[[2]string{names[k[0]], names[k[1]]}] += n
		}
	}
	return out
}

// UnitsAs is Units with the unit groups merged by the identities of v
// (nil: Units): an identity's count is of the tasks naming any of its
// spellings, its variants every name they are written as.
func (s *Store) UnitsAs(ctx context.Context, v Vocabulary) ([]UnitGroup, error) {
	groups, err := s.Units(ctx)
	if err != nil || v == nil {
		return groups, err
	}
	byName := map[string]int{}
	variants := map[string][]NameCount{}
	for _, g := range groups {
		byName[g.Name] = g.Tasks
		variants[g.Name] = g.Variants
	}
	merged, err := mergeByIdentity(byName, v.UnitIdentity, maxNames, func(names []string) (int, error) {
		return s.countLive(ctx, fieldUnitGroups, names)
	})
	if err != nil {
		return nil, err
	}
	out := make([]UnitGroup, 0, len(merged))
	for _, fv := range merged {
		g := UnitGroup{Name: fv.Value.(string), Tasks: fv.Count, Variants: []NameCount{}}
		members := fv.Spellings
		if len(members) == 0 {
			members = []FacetValue{fv}
		} else {
			g.Spellings = nameCounts(members)
		}
		for _, mv := range members {
			g.Variants = append(g.Variants, variants[mv.Value.(string)]...)
		}
		slices.SortFunc(g.Variants, func(a, b NameCount) int {
			if a.Tasks != b.Tasks {
				return b.Tasks - a.Tasks
			}
			return strings.Compare(a.Name, b.Name)
		})
		out = append(out, g)
	}
	return out, nil
}

// LeadersAs is Leaders merged by the identities of v (nil: Leaders, no
// spellings).
func (s *Store) LeadersAs(ctx context.Context, v Vocabulary) ([]LeaderCount, error) {
	leaders, err := s.Leaders(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]int{}
	for _, l := range leaders {
		byName[l.Name] = l.Tasks
	}
	identity := func(string) string { return "" }
	if v != nil {
		identity = v.LeaderIdentity
	}
	merged, err := mergeByIdentity(byName, identity, maxNames, func(names []string) (int, error) {
		return s.countLive(ctx, fieldLeaders, names)
	})
	if err != nil {
		return nil, err
	}
	out := make([]LeaderCount, 0, len(merged))
	for _, fv := range merged {
		lc := LeaderCount{NameCount: NameCount{Name: fv.Value.(string), Tasks: fv.Count}}
		if len(fv.Spellings) > 0 {
			lc.Spellings = nameCounts(fv.Spellings)
		}
		out = append(out, lc)
	}
	return out, nil
}

// countLive counts the live tasks holding any of names in field.
func (s *Store) countLive(ctx context.Context, field string, names []string) (_ int, err error) {
	defer recoverRead(&err)
	v, err := s.acquire()
	if err != nil {
		return 0, err
	}
	defer v.release()
	total := 0
	for i := range v.segs {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		u, err := anyName(&v.segs[i], field, names)
		if err != nil {
			return 0, err
		}
		total += int(liveCount(u, v.segs[i].deleted))
	}
	return total, nil
}
