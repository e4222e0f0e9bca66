package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// quoted finds terms the notice itself sets in quotes: “最多跑一次”,
// “污水零直排区”, “凤凰行动”.
var quoted = regexp.MustCompile(`[“「『"]([^”」』"]{2,16})[”」』"]`)

// Domain words. A notice proves some strings are words: its quoted terms,
// its unit and leader names. gse's dictionary may cut them apart in a task's
// text (未来科技城要围绕 as 未来|科技|城要), so a query for the word would
// miss the word-level signal on the very tasks that hold it.
//
// They are never added to the segmenter. gse's cut depends on its whole
// dictionary (a word's cost is its frequency against the dictionary's total
// frequency), so one notice's words would change how every later text and
// query is cut, and a query would be cut differently from the tasks indexed
// before: search would depend on what was uploaded and deleted before, and
// on the order. Instead each task keeps, in the words field, those of its
// own notice's domain words that stand in its text, and a query word
// matches at the word level when gse's cut of it (one fixed dictionary for
// the tasks and the queries) is all in the text field, or when it is one of
// those words (exec.go: dicts.candidates). A task's terms depend only on
// its own notice, so the same store answers the same way whatever came
// before.
const (
	// MaxDomainWords bounds the domain words one notice gives its tasks.
	MaxDomainWords = 2000
	// maxDomainWordRunes bounds one domain word (a long unit name).
	maxDomainWordRunes = 32
)

// DomainWords returns the words a notice proves are words: its quoted terms
// that hold Chinese, its unit names and base names, and its leaders' names;
// at most MaxDomainWords, in the notice's order.
func DomainWords(doc *ingest.Document) []string {
	seen := map[string]bool{}
	var words []string
	add := func(w string) {
		if n := utf8.RuneCountInString(w); n >= 2 && n <= maxDomainWordRunes && !seen[w] && isHanWord(w) && len(words) < MaxDomainWords {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, t := range doc.Tasks {
		for _, m := range quoted.FindAllStringSubmatch(t.Text, -1) {
			add(m[1])
		}
		for _, names := range [][]string{t.Leaders, t.UnitGroups, t.Units, t.CoUnits} {
			for _, n := range names {
				add(n)
			}
		}
	}
	return words
}

// foldWord folds a word as the index and the queries compare words:
// traditional characters simplified, letters lower case.
func foldWord(w string) string { return strings.ToLower(ingest.ToSimplified(w)) }

// foldedDomainWords returns a notice's domain words, folded, without
// repeats, ready to be looked for in its tasks (wordsIn).
func foldedDomainWords(doc *ingest.Document) *domainWords {
	var out []string
	seen := map[string]bool{}
	for _, w := range DomainWords(doc) {
		if f := foldWord(w); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return newDomainWords(out)
}

// domainWords are a notice's folded domain words, by the two characters
// they open with: each task's text is read once, position by position,
// instead of being searched once per word (a notice holds hundreds of
// names, and the search was 8% of a bulk ingest's CPU).
type domainWords struct {
	words  []string
	byHead map[string][]int // the words opening with these two characters
	short  []int            // words of fewer than two characters: searched whole
}

func newDomainWords(words []string) *domainWords {
	d := &domainWords{words: words, byHead: map[string][]int{}}
	for i, w := range words {
		if h, ok := head2(w); ok {
			d.byHead[h] = append(d.byHead[h], i)
		} else {
			d.short = append(d.short, i)
		}
	}
	return d
}

// head2 is s's first two characters.
func head2(s string) (string, bool) {
	_, a := utf8.DecodeRuneInString(s)
	if a == 0 || a == len(s) {
		return "", false
	}
	_, b := utf8.DecodeRuneInString(s[a:])
	return s[:a+b], true
}

// wordsIn returns the folded words that stand in text, in their order.
func wordsIn(text string, words *domainWords) []string {
	if words == nil || len(words.words) == 0 {
		return nil
	}
	hay := foldWord(text)
	var found []bool
	mark := func(k int) {
		if found == nil {
			found = make([]bool, len(words.words))
		}
		found[k] = true
	}
	for i := range hay {
		h, ok := head2(hay[i:])
		if !ok {
			break
		}
		for _, k := range words.byHead[h] {
			if strings.HasPrefix(hay[i:], words.words[k]) {
				mark(k)
			}
		}
	}
	for _, k := range words.short {
		if strings.Contains(hay, words.words[k]) {
			mark(k)
		}
	}
	if found == nil {
		return nil
	}
	var out []string
	for k, f := range found {
		if f {
			out = append(out, words.words[k])
		}
	}
	return out
}

// isHanWord reports whether w holds at least one Chinese character and no
// character that would split it as a word (spaces, punctuation other than
// brackets and quotes inside names).
func isHanWord(w string) bool {
	han := false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.IsSpace(r):
			return false
		}
	}
	return han
}
