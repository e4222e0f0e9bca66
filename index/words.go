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
// repeats.
func foldedDomainWords(doc *ingest.Document) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range DomainWords(doc) {
		if f := foldWord(w); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// wordsIn returns the folded words that stand in text.
func wordsIn(text string, words []string) []string {
	if len(words) == 0 {
		return nil
	}
	hay := foldWord(text)
	var out []string
	for _, w := range words {
		if strings.Contains(hay, w) {
			out = append(out, w)
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
