package vocab

import (
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/duban/duban/index"
)

// Names in a query. A clerk types a unit or a leader the way they know it:
// the old name of a renamed unit, a short form without the level (城管局,
// 经信局), a leader with or without a title, alone or with other words
// (城管局垃圾分类). NamesIn finds them so the search can find the
// identity's tasks (index/vocabulary.go). At each place of the word it
// takes the longest name standing there:
//
//   - a unit's spelling as the identities hold it, or a stretch ending in
//     a unit's kind (局, 办, 分局 …) whose key is an identity's (余杭区城市
//     管理局 is 区城管局's), or, without a level, whose body is (城管局: the
//     identities of that body at any level);
//   - a leader's name (2 to 4 characters) with a title before or after it
//     or none (副区长祝振伟, 祝振伟同志).
//
// Words longer than maxScanRunes are not scanned: they are pasted text, not
// names typed.

// Bounds of the scan.
const (
	maxScanRunes     = 40
	maxUnitNameRunes = 20
)

var (
	titleBefore = regexp.MustCompile(`^` + personTitle)
	titleAfter  = regexp.MustCompile(`^(?:` + personTitle + `)?(?:同志)?`)
)

// NamesIn returns the names of units and leaders standing in word, each
// with its identity, in order, not overlapping (index.Vocabulary).
func (l *Lexicon) NamesIn(word string) []index.NameIn {
	n := utf8.RuneCountInString(word)
	if n < 2 || n > maxScanRunes {
		return nil
	}
	offs := make([]int, 0, n+1)
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	// the word folded as a unit's name is, character by character (the
	// word as it is when folding would change its length)
	fw := []rune(folded(word))
	if len(fw) != n {
		fw = []rune(word)
	}
	var out []index.NameIn
	for i := 0; i < n; {
		found, end := l.unitAt(word, offs, fw, i)
		if lf, le := l.leaderAt(word, offs, i); le > end {
			found, end = lf, le
		}
		if end == 0 {
			i++
			continue
		}
		for _, f := range found {
			f.Start, f.End = offs[i], offs[end]
			out = append(out, f)
		}
		i = end
	}
	return out
}

// unitAt returns the identities of the longest unit name beginning at rune
// i of word, and the rune index where it ends (0 for none).
func (l *Lexicon) unitAt(word string, offs []int, fw []rune, i int) ([]index.NameIn, int) {
	n := len(offs) - 1
	for j := min(n, i+maxUnitNameRunes); j >= i+2; j-- {
		if id, ok := l.units.of[word[offs[i]:offs[j]]]; ok {
			return []index.NameIn{{Kind: index.NameUnit, Identity: id}}, j
		}
		f := string(fw[i:j])
		if id, ok := l.units.of[f]; ok {
			return []index.NameIn{{Kind: index.NameUnit, Identity: id}}, j
		}
		if j-i < 3 || kindOf(f) == "" {
			continue
		}
		k := l.key(f)
		if id, ok := l.units.byKey[k.String()]; ok {
			return []index.NameIn{{Kind: index.NameUnit, Identity: id}}, j
		}
		if k.level == "" && utf8.RuneCountInString(k.body) >= 3 {
			if ids := l.units.byBody[k.body]; len(ids) > 0 {
				var out []index.NameIn
				for _, id := range slices.Sorted(slices.Values(ids)) {
					out = append(out, index.NameIn{Kind: index.NameUnit, Identity: id})
				}
				return out, j
			}
		}
	}
	return nil, 0
}

// leaderAt returns the identity of the leader named at rune i of word,
// with a title before or after the name, and the rune index where it ends
// (0 for none).
func (l *Lexicon) leaderAt(word string, offs []int, i int) ([]index.NameIn, int) {
	n := len(offs) - 1
	at := i
	if t := titleBefore.FindString(word[offs[i]:]); t != "" {
		at = i + utf8.RuneCountInString(t)
	}
	for _, start := range []int{at, i} {
		for j := min(n, start+4); j >= start+2; j-- {
			sub := word[offs[start]:offs[j]]
			id, ok := l.leaders.of[sub]
			if !ok {
				id, ok = l.leaders.byKey[sub]
			}
			if !ok {
				continue
			}
			end := j + utf8.RuneCountInString(titleAfter.FindString(word[offs[j]:]))
			return []index.NameIn{{Kind: index.NameLeader, Identity: id}}, end
		}
		if at == i {
			break
		}
	}
	return nil, 0
}
