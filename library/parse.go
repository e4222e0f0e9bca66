package library

import (
	"context"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
)

// Parsed is a file read by ParseFile: a notice (Doc) or a progress report,
// or both when the report's rows also say who does them (worker.Result):
// the caller decides by the tasks duban holds (progress.Desk.Matched).
type Parsed struct {
	Doc      *ingest.Document
	Progress *ingest.ProgressReport
	// Lines are, for each of Doc's tasks in order, the line it begins on
	// (ingest.TaskLines; 0 when not found): where the preview shows the
	// unused lines among the tasks.
	Lines []int
}

// ParseFile reads a file (its name as given and its bytes) the way the
// office has taught duban to read its documents, in a contained child
// (Options.Parser, package ingest/worker): a progress report when it is
// one (ingest.ParseProgress), else a notice, parsed with the office's
// reading rules (ReadingOptions). The bulk ingest parses the same way
// without the lines (parseFile, worker.Bulk); the seed (trusted) through
// ParseTrusted, Reparse through parseNoticeFile.
func (l *Library) ParseFile(ctx context.Context, name string, data []byte) (*Parsed, error) {
	r, err := l.parse(ctx, name, data, worker.Any, l.ReadingOptions())
	if err != nil {
		return nil, err
	}
	return &Parsed{Doc: r.Doc, Progress: r.Progress, Lines: r.Lines}, nil
}

// ParseTrusted is ParseFile for bytes duban itself ships (the embedded
// seed notice): parsed in this process, with the office's reading rules,
// so a first start does not wait on a child.
func (l *Library) ParseTrusted(ctx context.Context, name string, data []byte) (*Parsed, error) {
	var inProcess *worker.Parser // nil parses in this process
	r, err := inProcess.ParseWith(ctx, name, data, worker.Notice, l.ReadingOptions())
	if err != nil {
		return nil, err
	}
	return &Parsed{Doc: r.Doc, Lines: r.Lines}, nil
}

// parseNoticeFile reads a file as a notice, never as a progress report (a
// kept original read again), with the office's reading rules.
func (l *Library) parseNoticeFile(ctx context.Context, name string, data []byte) (*ingest.Document, error) {
	r, err := l.parse(ctx, name, data, worker.Notice, l.ReadingOptions())
	if err != nil {
		return nil, err
	}
	return r.Doc, nil
}

// ReadingOptions are the office's reading rules as the parser takes them:
// none when the library was opened without Options.Rules.
func (l *Library) ReadingOptions() ingest.Options {
	if l.rules == nil {
		return ingest.Options{}
	}
	return l.rules()
}
