package library

import (
	"bytes"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Parsed is a file read by ParseFile: a notice (Doc) or a progress report.
type Parsed struct {
	Doc      *ingest.Document
	Progress *ingest.ProgressReport
	// Lines are, for each of Doc's tasks in order, the line it begins on
	// (numbered as Report.Unused numbers lines; 0 when not found): where
	// the preview shows the unused lines among the tasks.
	Lines []int
}

// ParseFile reads a file (its name as given and its bytes) the way the
// office has taught duban to read its documents: a progress report when
// it is one (ingest.ParseProgress), else a notice, parsed with the
// office's reading rules (parseNotice). The upload, the bulk ingest and
// the seed all parse through it; Reparse through parseNoticeFile.
func (l *Library) ParseFile(name string, data []byte) (*Parsed, error) {
	src, err := ingest.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if pr, ok := ingest.ParseProgress(src); ok {
		return &Parsed{Progress: pr}, nil
	}
	doc, err := l.parseNotice(src)
	if err != nil {
		return nil, err
	}
	return &Parsed{Doc: doc, Lines: taskLines(src, doc)}, nil
}

// parseNoticeFile reads a file as a notice, never as a progress report (a
// kept original read again).
func (l *Library) parseNoticeFile(name string, data []byte) (*ingest.Document, error) {
	src, err := ingest.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return l.parseNotice(src)
}

// parseNotice is the one place a notice is parsed: with the reading rules
// the office keeps in its vocabulary ([栏目], Options.Rules).
func (l *Library) parseNotice(src *ingest.Source) (*ingest.Document, error) {
	return l.parse(src, l.ReadingOptions())
}

// ReadingOptions are the office's reading rules as the parser takes them:
// none when the library was opened without Options.Rules.
func (l *Library) ReadingOptions() ingest.Options {
	if l.rules == nil {
		return ingest.Options{}
	}
	return l.rules()
}

// Finding the line a task begins on: the first line, from the previous
// task's on, that holds the beginning of the task's text, both folded as
// a reader compares them (foldText: the conversion's ? markers, spaces and
// punctuation set aside). Only a window of lines ahead is searched, so a
// task not found costs little.
const (
	lineProbeRunes = 10
	lineWindow     = 400
)

func taskLines(src *ingest.Source, doc *ingest.Document) []int {
	folded := make([]string, len(src.Blocks))
	for i, b := range src.Blocks {
		text := b.Text
		for _, c := range b.Cells {
			text += " " + c
		}
		folded[i] = foldText(text)
	}
	out := make([]int, len(doc.Tasks))
	at := 0
	for i, t := range doc.Tasks {
		probe := foldText(t.Text)
		if n := utf8.RuneCountInString(probe); n > lineProbeRunes {
			probe = string([]rune(probe)[:lineProbeRunes])
		}
		if probe == "" {
			continue
		}
		for j := at; j < len(folded) && j < at+lineWindow; j++ {
			if bytes.Contains([]byte(folded[j]), []byte(probe)) {
				out[i], at = src.Blocks[j].Line, j
				break
			}
		}
	}
	return out
}
