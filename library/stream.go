package library

import (
	"context"
	"fmt"
	"io"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
)

// FileResult is what became of one file of ImportFiles.
type FileResult struct {
	// Preview is the notice's import (as ImportMany's); nil when Err is
	// set or the file is a progress report.
	Preview *Preview
	// Progress is the file read as a progress report
	// (ingest.ParseProgress): parsed, not imported; the caller takes it
	// in (progress.Desk) when it is reported, after every notice before
	// it is imported.
	Progress *ingest.ProgressReport
	// Notice is the same file read as a notice, when the report's rows
	// also say who does them (ingest.ProgressReport.Assigns), with Data
	// its bytes: not imported; the caller imports it (Import) instead of
	// taking the report in when none of the report's rows match a task
	// duban holds (progress.Desk.Matched).
	Notice *ingest.Document
	Data   []byte
	// Err is why the file could not be read, parsed or imported.
	Err error
}

// reportOrNotice is a file read as a progress report and, maybe, as a
// notice too: carried past the chunk's write (it is no notice to write
// yet) to the caller, who decides.
type reportOrNotice struct {
	progress *ingest.ProgressReport
	notice   *ingest.Document
	data     []byte
}

// ImportFiles is ImportMany for files read as they are needed: the bulk
// path of duban ingest. Files are parsed on all cores a few ahead and
// imported a chunk at a time (index.Stream), so memory is bounded by a
// chunk, not by the input. report is called once per file, in their
// order, once its chunk is imported, from one goroutine at a time.
// ImportFiles stops at the first failed write (a version not kept, the
// index not written) and returns its error; the files of that chunk have
// it as theirs and the files after it are not reported.
func (l *Library) ImportFiles(ctx context.Context, files []index.Source, opts ImportOptions, report func(i int, r FileResult)) error {
	write := func(ps []*index.Parsed) ([]FileResult, error) {
		items := make([]Item, len(ps))
		for k, p := range ps {
			items[k] = Item{Doc: p.Doc, Data: p.Data}
		}
		previews, errs, werr := l.importMany(ctx, items, opts, nil)
		out := make([]FileResult, len(ps))
		for k := range ps {
			out[k] = FileResult{Preview: previews[k], Err: errs[k]}
		}
		return out, werr
	}
	parse := func(src index.Source) *index.Parsed { return l.parseFile(ctx, src, opts.Kind) }
	return index.Stream(files, parse, write, func(i int, p *index.Parsed, r FileResult) {
		switch {
		case p.Err != nil:
			r = FileResult{Err: p.Err}
		case p.Doc == nil:
			rn, _ := p.Other.(*reportOrNotice)
			r = FileResult{Err: fmt.Errorf("nothing read")}
			if rn != nil && rn.progress != nil {
				r = FileResult{Progress: rn.progress, Notice: rn.notice, Data: rn.data}
			}
		}
		report(i, r)
	})
}

// parseFile reads a file whole (its bytes are kept as its original) and
// parses it, in a contained child (Options.Parser), as a progress report
// when it is one, as a notice otherwise; kind (ImportOptions.Kind), when
// set, is what the file must read as.
func (l *Library) parseFile(ctx context.Context, src index.Source, kind string) *index.Parsed {
	f, err := src.Open()
	if err != nil {
		return &index.Parsed{Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ingest.MaxFileBytes+1))
	if err != nil {
		return &index.Parsed{Err: err}
	}
	if len(data) > ingest.MaxFileBytes {
		return &index.Parsed{Err: ingest.Errorf(ingest.ETOOLARGE, "文件超过 %d MB 的上限", ingest.MaxFileBytes>>20)}
	}
	// as ParseFile, without the lines a preview shows
	p, err := l.parse(ctx, src.Name, data, worker.Bulk, l.ReadingOptions())
	switch {
	case err != nil:
		return &index.Parsed{Err: err}
	case kind == FileProgress && p.Progress == nil, kind == FileNotice && p.Doc == nil:
		return &index.Parsed{Err: KindRefusal(kind)}
	case kind == FileProgress:
		return &index.Parsed{Other: &reportOrNotice{progress: p.Progress}}
	case kind == FileNotice:
		return &index.Parsed{Doc: p.Doc, Data: data}
	case p.Progress != nil && p.Doc != nil:
		return &index.Parsed{Other: &reportOrNotice{progress: p.Progress, notice: p.Doc, data: data}}
	case p.Progress != nil:
		return &index.Parsed{Other: &reportOrNotice{progress: p.Progress}}
	}
	return &index.Parsed{Doc: p.Doc, Data: data}
}
