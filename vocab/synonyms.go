package vocab

import (
	_ "embed"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Synonyms are applied to queries, never to the index: a query word finds
// what it or any of its synonyms finds (index.Vocabulary). A word that holds
// a synonym inside it is widened too, the synonym replaced: 5G基站 also finds
// 第五代移动通信基站. At most MaxSynonyms per word, exact ones first.

// MaxSynonyms bounds the synonyms one query word gets.
const MaxSynonyms = 8

//go:embed starter.txt
var starterText string

// Starter returns the starter synonyms shipped with duban. The list is
// parsed from the embedded file on each call (it is small), so no caller
// can change what another sees.
func Starter() []Synonym {
	v, err := Parse(starterText)
	if err != nil {
		panic("vocab: starter.txt: " + err.Error()) // a build mistake, caught by TestStarterParses
	}
	return v.Synonyms
}

// foldWord folds a word as the index folds query words.
func foldWord(w string) string { return strings.ToLower(ingest.ToSimplified(strings.TrimSpace(w))) }

// synonymTable maps a folded word to the words it also finds.
type synonymTable struct {
	of   map[string][]string
	keys []string // the words of of, longest first, for words inside words
}

func buildSynonyms(groups []Synonym) synonymTable {
	t := synonymTable{of: map[string][]string{}}
	add := func(from, to string) {
		f := foldWord(from)
		if f == "" || f == foldWord(to) || slices.Contains(t.of[f], to) {
			return
		}
		t.of[f] = append(t.of[f], to)
	}
	for _, g := range groups {
		if g.OneWay {
			for _, to := range g.Words[1:] {
				add(g.Words[0], to)
			}
			continue
		}
		for _, from := range g.Words {
			for _, to := range g.Words {
				add(from, to)
			}
		}
	}
	for k := range t.of {
		t.keys = append(t.keys, k)
	}
	slices.SortFunc(t.keys, func(a, b string) int {
		if d := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return t
}

// lookup returns the synonyms of a query word: its own, then those of the
// synonyms standing inside it, replaced in it.
func (t synonymTable) lookup(word string) []string {
	f := foldWord(word)
	if f == "" {
		return nil
	}
	out := slices.Clone(t.of[f])
	if len(out) >= MaxSynonyms {
		return out[:MaxSynonyms]
	}
	for _, k := range t.keys {
		if len(out) >= MaxSynonyms {
			break
		}
		if k == f || utf8.RuneCountInString(k) < 2 || !strings.Contains(f, k) {
			continue
		}
		for _, to := range t.of[k] {
			if strings.Contains(f, foldWord(to)) {
				continue // the word already says it (城西科创大走廊 holds 城西's)
			}
			w := strings.Replace(f, k, foldWord(to), 1)
			if w != f && !slices.Contains(out, w) && len(out) < MaxSynonyms {
				out = append(out, w)
			}
		}
	}
	return out
}

// starterOn returns the starter groups the vocabulary has not turned off.
func starterOn(off []string) []Synonym {
	var out []Synonym
	for _, g := range Starter() {
		if !slices.ContainsFunc(g.Words, func(w string) bool {
			return slices.ContainsFunc(off, func(o string) bool { return foldWord(o) == foldWord(w) })
		}) {
			out = append(out, g)
		}
	}
	return out
}
