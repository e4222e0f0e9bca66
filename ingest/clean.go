package ingest

import (
	"regexp"
	"strings"
	"unicode"
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
	if strings.IndexByte(s, '?') >= 0 {
		s = paddedName.ReplaceAllString(s, "$1$2")
	}
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
