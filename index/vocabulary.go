package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
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
		if !sm.words[wp.of].any.Contains(h.num) && sm.words[w].any.Contains(h.num) {
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
