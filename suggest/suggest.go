// Package suggest answers a search box as it is typed: the leaders, units,
// frequent terms and notice titles that the typed text begins, stands
// inside, or spells in pinyin, in full or by initials (zzw → 祝振伟, ljfl →
// 垃圾分类).
//
// An Index is built once from its entries (the api builds one from the
// index's names, terms and titles, again when documents change) and is
// only read after, so lookups share it freely. Every way an entry can be
// typed is a key in one of two sorted lists: keys (the entry's text, its
// pinyin spellings and initials: what the typed text begins) and subs (the
// text from each of its characters on: what the typed text stands inside).
// A lookup is two binary searches and a walk over the keys that begin with
// the typed text, so it costs the number of entries that match, not the
// number of entries.
package suggest

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Kinds of entry, in the order they are offered when they match alike.
const (
	Leader = "leader"
	Unit   = "unit"
	Term   = "term"
	Title  = "title"
)

// How a suggestion matched, best first.
const (
	MatchPrefix   = "prefix"   // the text (or a short form of a unit's name) begins with what was typed
	MatchPinyin   = "pinyin"   // its pinyin begins with it
	MatchInitials = "initials" // its initials begin with it
	MatchContains = "contains" // what was typed stands inside the text
)

// The tiers a key matches by, best first. A spelling that reads any
// character by one of its rarer readings (提 as chi in 提高, 长 as chang)
// ranks after every entry matched by its characters' common readings: a
// rare reading may find an entry, never push a common one down.
const (
	tierPrefix uint8 = iota
	tierPinyin
	tierInitials
	tierPinyinRare
	tierInitialsRare
	tierContains
)

// Limits of a lookup.
const (
	DefaultLimit  = 10
	MaxLimit      = 20
	MaxQueryRunes = 50
)

// Entry is one thing a search box may suggest.
type Entry struct {
	Text string
	Kind string
	// Value is what choosing it searches for: a leader's or unit's
	// identity (the spelling typed may be another), a title's document id,
	// a term itself.
	Value string
	Count int // tasks: the more, the earlier among equals
	// Aliases are other texts that find the entry, matched as its text is
	// (beginning, pinyin, initials) but never shown: a unit's name without
	// its place and level, in its long and short forms (区城市管理局 is
	// found by 城市管理局, 城管局, chengguanju and cgj).
	Aliases []string
}

// Suggestion is one answer to what was typed.
type Suggestion struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Count int    `json:"count"`
	Match string `json:"match"`
}

type key struct {
	text  string
	entry int32
	match uint8
}

// cand is an entry and how it matched.
type cand struct {
	entry int32
	match uint8
}

// matches names each tier as the API reports it.
var matches = []string{MatchPrefix, MatchPinyin, MatchInitials, MatchPinyin, MatchInitials, MatchContains}

var kindRank = map[string]int{Leader: 0, Unit: 1, Term: 2, Title: 3}

// bigRange is the number of keys beginning with one text past which the
// answer for that text is kept when the index is built: a letter or a
// common character begins tens of thousands of keys, and walking them all
// at each keystroke would take milliseconds.
const bigRange = 512

// Index is the entries and their keys, sorted.
type Index struct {
	entries []Entry
	rank    []int32 // each entry's place by kind, tasks, length and text
	keys    []key   // text, pinyin and initials: matched by prefix
	subs    []key   // the text from each character after the first
	// kept are the best candidates of the texts that begin more than
	// bigRange keys, for keys and subs.
	keptKeys, keptSubs map[string][]cand
}

// Build indexes entries. Entries of one kind and value keep the first
// text given for each text.
func Build(entries []Entry) *Index {
	ix := &Index{}
	seen := map[[3]string]bool{}
	for _, e := range entries {
		f := fold(e.Text)
		if f == "" || seen[[3]string{e.Kind, e.Value, f}] {
			continue
		}
		seen[[3]string{e.Kind, e.Value, f}] = true
		id := int32(len(ix.entries))
		ix.entries = append(ix.entries, e)
		texts := append([]string{e.Text}, e.Aliases...)
		for _, t := range texts {
			ft := fold(t)
			if ft == "" {
				continue
			}
			ix.keys = append(ix.keys, key{ft, id, tierPrefix})
			full, initials := spellings(t, e.Kind == Leader)
			for i, p := range full {
				if p != ft {
					ix.keys = append(ix.keys, key{p, id, readingTier(i, p, full, tierPinyin, tierPinyinRare)})
				}
			}
			for i, p := range initials {
				if p != ft && len(p) > 1 {
					ix.keys = append(ix.keys, key{p, id, readingTier(i, p, initials, tierInitials, tierInitialsRare)})
				}
			}
		}
		for i, r := range f {
			if i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				ix.subs = append(ix.subs, key{f[i:], id, tierContains})
			}
		}
	}
	order := make([]int32, len(ix.entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ea, eb := &ix.entries[a], &ix.entries[b]
		if d := kindRank[ea.Kind] - kindRank[eb.Kind]; d != 0 {
			return d
		}
		if ea.Count != eb.Count {
			return eb.Count - ea.Count
		}
		// the spellings of one identity side by side, its own name first:
		// shown when another spelling's short form matched as well
		if d := len(ea.Value) - len(eb.Value); d != 0 {
			return d
		}
		if c := strings.Compare(ea.Value, eb.Value); c != 0 {
			return c
		}
		if ia, ib := ea.Text == ea.Value, eb.Text == eb.Value; ia != ib {
			if ia {
				return -1
			}
			return 1
		}
		if d := len(ea.Text) - len(eb.Text); d != 0 {
			return d
		}
		if c := strings.Compare(ea.Text, eb.Text); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	ix.rank = make([]int32, len(order))
	for r, e := range order {
		ix.rank[e] = int32(r)
	}
	byText := func(a, b key) int {
		if c := strings.Compare(a.text, b.text); c != 0 {
			return c
		}
		return cmp.Compare(a.entry, b.entry)
	}
	slices.SortFunc(ix.keys, byText)
	slices.SortFunc(ix.subs, byText)
	ix.keptKeys, ix.keptSubs = ix.keep(ix.keys), ix.keep(ix.subs)
	return ix
}

// keep finds the texts that begin more than bigRange keys (every such text
// is a prefix of its parent's, so a walk down from the empty text finds
// them all) and keeps each one's best MaxLimit candidates.
func (ix *Index) keep(keys []key) map[string][]cand {
	kept := map[string][]cand{}
	var walk func(lo, hi, at int)
	walk = func(lo, hi, at int) {
		for i := lo; i < hi; {
			t := keys[i].text
			if len(t) <= at {
				i++
				continue
			}
			_, size := utf8.DecodeRuneInString(t[at:])
			p := t[:at+size]
			j := i + sort.Search(hi-i, func(k int) bool { return !strings.HasPrefix(keys[i+k].text, p) })
			if j-i > bigRange {
				kept[p] = ix.best(keys[i:j], MaxLimit)
				walk(i, j, at+size)
			}
			i = j
		}
	}
	walk(0, len(keys), 0)
	return kept
}

// best returns the best n candidates among keys, one for each kind and
// value, best first.
func (ix *Index) best(keys []key, n int) []cand {
	match := map[int32]uint8{}
	for _, k := range keys {
		if m, ok := match[k.entry]; !ok || k.match < m {
			match[k.entry] = k.match
		}
	}
	cands := make([]cand, 0, len(match))
	for e, m := range match {
		cands = append(cands, cand{e, m})
	}
	return ix.first(cands, n)
}

// first sorts candidates by how they matched and rank and keeps the first
// n of distinct kind and value.
func (ix *Index) first(cands []cand, n int) []cand {
	slices.SortFunc(cands, func(a, b cand) int {
		if a.match != b.match {
			return cmp.Compare(a.match, b.match)
		}
		return cmp.Compare(ix.rank[a.entry], ix.rank[b.entry])
	})
	out := cands[:0]
	offered := map[[2]string]bool{}
	for _, c := range cands {
		e := &ix.entries[c.entry]
		if offered[[2]string{e.Kind, e.Value}] {
			continue
		}
		offered[[2]string{e.Kind, e.Value}] = true
		out = append(out, c)
		if len(out) == n {
			break
		}
	}
	return out
}

// readingTier is the tier of spelling i of spellings: common for the
// first (every character at its common reading) and any spelling equal to
// it, rare for the others.
func readingTier(i int, p string, spellings []string, common, rare uint8) uint8 {
	if i == 0 || p == spellings[0] {
		return common
	}
	return rare
}

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// fold is how texts and what is typed are compared: traditional characters
// simplified, lower case, without white space.
func fold(s string) string {
	s = strings.ToLower(ingest.ToSimplified(s))
	return strings.Join(strings.Fields(s), "")
}

// Lookup returns at most n (up to MaxLimit) suggestions for what was
// typed: by how they matched (begins, pinyin, initials, pinyin and
// initials by a rare reading, inside), then kind
// (leaders, units, terms, titles), then more tasks, then the shorter text.
// An entry of one kind and value is offered once.
func (ix *Index) Lookup(typed string, n int) []Suggestion {
	q := fold(typed)
	n = min(n, MaxLimit)
	if q == "" || n <= 0 || ix == nil {
		return []Suggestion{}
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		q = string([]rune(q)[:MaxQueryRunes])
	}
	var cands []cand
	for _, set := range []struct {
		keys []key
		kept map[string][]cand
	}{{ix.keys, ix.keptKeys}, {ix.subs, ix.keptSubs}} {
		if kept, ok := set.kept[q]; ok {
			cands = append(cands, kept...)
			continue
		}
		lo := sort.Search(len(set.keys), func(i int) bool { return set.keys[i].text >= q })
		hi := lo
		for hi < len(set.keys) && strings.HasPrefix(set.keys[hi].text, q) {
			hi++
		}
		cands = append(cands, ix.best(set.keys[lo:hi], n)...)
	}
	// an entry found in both lists: by its better match
	best := map[int32]int{}
	merged := cands[:0]
	for _, c := range cands {
		if at, ok := best[c.entry]; ok {
			merged[at].match = min(merged[at].match, c.match)
			continue
		}
		best[c.entry] = len(merged)
		merged = append(merged, c)
	}
	out := make([]Suggestion, 0, n)
	for _, c := range ix.first(merged, n) {
		e := &ix.entries[c.entry]
		out = append(out, Suggestion{Text: e.Text, Kind: e.Kind, Value: e.Value, Count: e.Count, Match: matches[c.match]})
	}
	return out
}
