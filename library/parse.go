package library

import (
	"bytes"

	"github.com/duban/duban/ingest"
)

// ParseFile reads a file (its name as given and its bytes) the way the
// office has taught duban to read its documents: a progress report when
// it is one (ingest.ParseProgress), else a notice, parsed with the
// office's reading rules (parseNotice). The upload, the bulk ingest and
// the seed all parse through it; Reparse through parseNoticeFile.
func (l *Library) ParseFile(name string, data []byte) (*ingest.Document, *ingest.ProgressReport, error) {
	src, err := ingest.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	if pr, ok := ingest.ParseProgress(src); ok {
		return nil, pr, nil
	}
	doc, err := l.parseNotice(src)
	return doc, nil, err
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
