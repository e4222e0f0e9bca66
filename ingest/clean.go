package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The seed notice went through a lossy conversion that left an ASCII '?'
// after every cell and value, and padded two-character names with " ?"
// (沈 ?昱). Only those markers are noise; a full-width '?' is text.
var paddedName = regexp.MustCompile(`(\p{Han})[ \x{3000}]+\?(\p{Han})`)

// enumPrefix is the numbering of sub-items inside one cell (1.区科技局
// 2.区发改局, ①…), which is not part of a name.
var enumPrefix = regexp.MustCompile(`^(?:\d{1,2}[.、\x{FF0E}]|[(\x{FF08}]\d{1,2}[)\x{FF09}]|[\x{2460}-\x{2473}])`)

// cleanCell removes the conversion markers from one cell: padded names are
// closed up and trailing '?' markers and spaces are trimmed. Everything else
// stays as written.
func cleanCell(s string) string {
	s = paddedName.ReplaceAllString(s, "$1$2")
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return r == '?' || unicode.IsSpace(r)
	})
}

// compact removes every space and marker; used to compare header names
// written spaced out (重 点 工 作 任 务).
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '?' {
			return -1
		}
		return r
	}, s)
}

// isSeparator reports whether r separates two names in a leader or unit cell.
func isSeparator(r rune) bool {
	switch r {
	case '?', '、', ',', '\uFF0C', ';', '\uFF1B', '/', '\uFF0F':
		return true
	}
	return unicode.IsSpace(r)
}

// splitNames splits a leader or unit cell into names. Separators inside
// brackets do not split, and a value that opens with a bracket continues the
// name before it: "余杭经济技术开发区? (钱江经济开发区)?" is one unit.
// Full-width forms are folded (() → ()), so one unit is written one way.
func splitNames(cell string) []string {
	cell = width.Fold.String(paddedName.ReplaceAllString(cell, "$1$2"))
	var (
		names []string
		cur   strings.Builder
		depth int
	)
	flush := func() {
		if name := enumPrefix.ReplaceAllString(cur.String(), ""); name != "" {
			names = append(names, name)
		}
		cur.Reset()
	}
	for _, r := range cell {
		switch {
		case r == '(' || r == '[':
			if depth == 0 && cur.Len() == 0 && len(names) > 0 {
				// A bracket right after a separator continues the last name.
				cur.WriteString(names[len(names)-1])
				names = names[:len(names)-1]
			}
			depth++
			cur.WriteRune(r)
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
			cur.WriteRune(r)
		case depth == 0 && isSeparator(r):
			flush()
		case r == '?':
			// a marker inside brackets: still noise
		case unicode.IsSpace(r):
			// spaces inside brackets are padding
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return names
}

// splitLeaders splits a leader cell. Names padded with plain spaces (沈  昱)
// come apart into single characters; no leader has a one-character name, so
// such neighbours are joined again.
func splitLeaders(cell string) []string {
	parts := splitNames(cell)
	var out []string
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if utf8.RuneCountInString(p) == 1 && i+1 < len(parts) && utf8.RuneCountInString(parts[i+1]) == 1 &&
			isHan(p) && isHan(parts[i+1]) {
			p += parts[i+1]
			i++
		}
		out = append(out, p)
	}
	return out
}

func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// UnitGroup returns a unit's base name: the name with its bracketed parts
// removed (区住建局(规划分局) → 区住建局). A name whose base would be shorter
// than two characters (镇(街道), (区防化办)) is its own group: a lone 镇 names
// no unit.
func UnitGroup(unit string) string {
	var b strings.Builder
	depth := 0
	for _, r := range unit {
		switch r {
		case '(', '\uFF08', '[':
			depth++
		case ')', '\uFF09', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	if g := strings.TrimSpace(b.String()); utf8.RuneCountInString(g) >= 2 {
		return g
	}
	return unit
}

// unitGroups returns the distinct base names of units, in order.
func unitGroups(units []string) []string {
	out := make([]string, 0, len(units))
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		g := UnitGroup(u)
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// dedupe drops repeated names, keeping the first.
func dedupe(names []string) []string {
	out := names[:0]
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
