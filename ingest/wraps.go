package ingest

// A notice saved as text "with line breaks" is hard-wrapped: every line of
// a long paragraph is cut at one width, wherever the width falls — inside
// a sentence, inside a unit's name, inside a key (…；配 / 合单位：…). Such a
// line goes on on the next; read apart, the cut key is no key and the cut
// name two names.

import (
	"strings"
	"unicode/utf8"
)

// minWrappedLines is how many lines must reach the wrap width before a
// text is taken for hard-wrapped, and wrappedShare the share of its
// longer lines they must be: a notice of one paragraph a line has one or
// two lines at its longest, not dozens.
const (
	minWrappedLines = 5
	wrappedShare    = 0.25
)

// joinHardWraps joins each line of a hard-wrapped text that reaches the
// wrap width to the line after it, when that line goes on with it: not
// blank, not indented (a paragraph opens indented), not numbered (一、,
// 第二项) and not led by a dash (——牵头单位：…), and the line ends in no
// full stop. Lines of a table (tabs, '|', runs of spaces) are never joined.
// The joined line keeps the first line's number. A text that is not
// hard-wrapped is returned as it is.
func joinHardWraps(bs []Block) []Block {
	reach := wrapWidth(bs)
	if reach == nil {
		return bs
	}
	out := make([]Block, 0, len(bs))
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		for i+1 < len(bs) && reach(b.Text) {
			next := i + 1
			if j := pageBreakAfter(bs, i+1); j > 0 {
				// …压减至1 / — 2 — / 0个工作日以内: the page's number
				// (and the blank lines around it) stood inside the cut
				next = j
			}
			if next >= len(bs) || !continuesWrap(b.Text, bs[next]) {
				break
			}
			b.Text = strings.TrimRight(b.Text, " \t") + bs[next].Text
			i = next
		}
		out = append(out, b)
	}
	return out
}

// pageBreakAfter: the lines from i on are blank lines around one page
// number (— 2 —); the index of the line after them, or 0 when they are
// not.
func pageBreakAfter(bs []Block, i int) int {
	seen := false
	for ; i < len(bs) && bs[i].Cells == nil; i++ {
		switch t := strings.TrimSpace(bs[i].Text); {
		case t == "":
		case !seen && pageNumberRe.MatchString(t):
			seen = true
		case seen:
			return i
		default:
			return 0
		}
	}
	return 0
}

// tableLine: a line of a table laid out as text, never joined.
func tableLine(s string) bool {
	return strings.ContainsAny(s, "\t|") || strings.Contains(strings.TrimSpace(s), "  ") || strings.Contains(strings.TrimSpace(s), "\u3000\u3000")
}

// continuesWrap: the line after a line cut at the wrap width goes on
// with it.
func continuesWrap(line string, next Block) bool {
	t := strings.TrimRight(line, " \t\u3000")
	if next.Cells != nil || strings.TrimSpace(next.Text) == "" || indentOf(next.Text) > 0 || tableLine(next.Text) ||
		strings.HasSuffix(t, "。") || strings.HasSuffix(t, "！") || strings.HasSuffix(t, "？") {
		return false
	}
	if _, _, numbered := parseMarker(next.Text); numbered {
		return false
	}
	if k, _ := dashKeyLine(strings.TrimSpace(t)); isKeyLine(k) && strings.HasSuffix(strings.TrimSpace(next.Text), "。") {
		return false // a line of keys goes on with names, not a sentence
	}
	return dashLeadRe.FindStringIndex(next.Text) == nil
}

// wrapWidth finds the width a text is wrapped at, counted in characters
// or in columns (a Chinese character two; — and “” two as GBK writes
// them, or one as Unicode's East Asian Width has them), whichever more
// lines reach;
// nil when the text is not hard-wrapped.
func wrapWidth(bs []Block) func(string) bool {
	var lines []string
	for _, b := range bs {
		if b.Cells != nil || tableLine(b.Text) {
			continue
		}
		if t := strings.TrimRight(b.Text, " \t"); utf8.RuneCountInString(t) >= 10 {
			lines = append(lines, t)
		}
	}
	if len(lines) < minWrappedLines {
		return nil
	}
	var best func(string) bool
	bestN := 0
	for i, measure := range []func(string) int{utf8.RuneCountInString, columns, displayWidth} {
		w := 0
		for _, l := range lines {
			w = max(w, measure(l))
		}
		// cut by characters, a line is cut at the width; by columns, a
		// wide character does not fit the last one, so it ends one short
		slack := min(i, 1)
		reach := func(s string) bool { return !tableLine(s) && measure(strings.TrimRight(s, " \t")) >= w-slack }
		n := 0
		for _, l := range lines {
			if reach(l) {
				n++
			}
		}
		if n > bestN {
			best, bestN = reach, n
		}
	}
	if bestN < minWrappedLines || float64(bestN) < wrappedShare*float64(len(lines)) {
		return nil
	}
	return best
}

// columns is the display width of a line as a Chinese text's editor
// counts it: every character outside ASCII (a Chinese character, a
// full-width form, — and “”, two bytes each in GBK) two columns.
func columns(s string) int {
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			n++
		} else {
			n += 2
		}
	}
	return n
}
