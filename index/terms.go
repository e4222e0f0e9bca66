package index

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Bounds of a term.
const (
	minTermRunes = 2
	maxTermRunes = 12
)

// Terms lists the words the office searches with, as the tasks hold them:
// the words gse cuts each task's text into (accurate mode) and every two
// words standing side by side, joined — 垃圾分类 is cut 垃圾|分类, and it is
// the joined phrase people type. Only words of two characters or more are
// joined: a one-character word is a particle (与, 的) or the end of a
// longer name gse cut apart (未来科技|城), and joined it makes a fragment
// that stands in no task as a phrase (市场监管与, 城公共). Each counts the tasks holding it; those of
// two to twelve characters holding a Chinese character, in at least
// minTasks tasks, most first, at most max. Search suggestions (package
// suggest) are built from them. It reads every task: at 100,000 tasks, a
// few seconds.
func (s *Store) Terms(ctx context.Context, minTasks, max int) ([]NameCount, error) {
	counts := map[string]int{}
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			counts[t]++
		}
	}
	err := s.Scan(ctx, Request{}, func(t ingest.Task) error {
		clear(seen)
		var prev string
		for _, w := range s.seg.Terms(strings.ToLower(ingest.ToSimplified(t.Text)), false) {
			word := w.Word
			if !isTerm(word) {
				prev = ""
				continue
			}
			add(word)
			if utf8.RuneCountInString(word) < minTermRunes {
				prev = ""
				continue
			}
			if prev != "" {
				if joined := prev + word; utf8.RuneCountInString(joined) <= maxTermRunes {
					add(joined)
				}
			}
			prev = word
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for t, n := range counts {
		if n < minTasks || utf8.RuneCountInString(t) < minTermRunes {
			delete(counts, t)
		}
	}
	out := make([]NameCount, 0, min(len(counts), max))
	for _, fv := range topValues(counts, max) {
		out = append(out, NameCount{Name: fv.Value.(string), Tasks: fv.Count})
	}
	return out, nil
}

// isTerm: a word of at most maxTermRunes characters, all Chinese, letters
// or digits, holding a Chinese character.
func isTerm(w string) bool {
	if w == "" || utf8.RuneCountInString(w) > maxTermRunes {
		return false
	}
	han := false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return han
}
