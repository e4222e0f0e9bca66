package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Finding the line a task begins on: the first line, from the previous
// task's on, that holds the beginning of the task's text, both folded
// (spaces, punctuation and the conversion's ? markers set aside). Only a
// window of lines ahead is searched, so a task not found costs little.
const (
	lineProbeRunes = 10
	lineWindow     = 400
)

// TaskLines are, for each of doc's tasks in order, the line of src it
// begins on (numbered as Report.Unused numbers lines; 0 when not found):
// where a preview shows the unused lines among the tasks.
func TaskLines(src *Source, doc *Document) []int {
	folded := make([]string, len(src.Blocks))
	for i, b := range src.Blocks {
		text := b.Text
		for _, c := range b.Cells {
			text += " " + c
		}
		folded[i] = foldLine(text)
	}
	out := make([]int, len(doc.Tasks))
	at := 0
	for i, t := range doc.Tasks {
		probe := foldLine(t.Text)
		if n := utf8.RuneCountInString(probe); n > lineProbeRunes {
			probe = string([]rune(probe)[:lineProbeRunes])
		}
		if probe == "" {
			continue
		}
		for j := at; j < len(folded) && j < at+lineWindow; j++ {
			if strings.Contains(folded[j], probe) {
				out[i], at = src.Blocks[j].Line, j
				break
			}
		}
	}
	return out
}

// foldLine is text as TaskLines compares it: NFKC, lower case, without
// spaces, punctuation and symbols.
func foldLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, norm.NFKC.String(s))
}
