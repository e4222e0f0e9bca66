package index

import (
	"regexp"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// quoted finds terms the notice itself sets in quotes: “最多跑一次”,
// “污水零直排区”, “凤凰行动”.
var quoted = regexp.MustCompile(`[“「『"]([^”」』"]{2,16})[”」』"]`)

// DomainWords returns the words a notice proves are words: its quoted terms
// that hold Chinese, its unit names and base names, and its leaders' names.
func DomainWords(doc *ingest.Document) []string {
	seen := map[string]bool{}
	var words []string
	add := func(w string) {
		if utf8.RuneCountInString(w) >= 2 && !seen[w] && isHanWord(w) {
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
