package library

import (
	"context"
	"io"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
)

// Reparsed is what reading a document's kept original again with the
// current parser gives.
type Reparsed struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Error says why the original could not be read again (none kept, or
	// the parser refuses it); then the rest is empty.
	Error   string `json:"error,omitempty"`
	Diff    *Diff  `json:"diff,omitempty"`
	Unused  int    `json:"unused"`
	Applied bool   `json:"applied"`
	Version int    `json:"version,omitempty"`
}

// Reparse reads the kept originals of the documents ids (every document
// when ids is empty) again with the current parser and says, per
// document, what would change. With apply, each change becomes a new
// version (who: reparse); a document whose tasks stay the same is left
// alone.
func (l *Library) Reparse(ctx context.Context, ids []string, apply bool) ([]Reparsed, error) {
	if len(ids) == 0 {
		for _, d := range l.idx.Documents() {
			ids = append(ids, d.ID)
		}
	}
	var out []Reparsed
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := Reparsed{ID: id}
		info, live := l.live(id)
		if !live {
			return out, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
		}
		r.Title = info.Title
		f, _, err := l.Original(info.Checksum)
		if err != nil {
			r.Error = ingest.ErrorMessage(err)
			out = append(out, r)
			continue
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return out, err
		}
		parsed, err := l.parser.Parse(ctx, info.Source, data, worker.Notice)
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			r.Error = ingest.ErrorMessage(err)
			out = append(out, r)
			continue
		}
		doc := parsed.Doc
		// the same notice whatever the parser now makes of its name
		adopt(doc, id, info)
		cur, err := l.current(ctx, id)
		if err != nil {
			return out, err
		}
		r.Diff, r.Unused = diffDocs(cur, doc), len(doc.Report.Unused)
		if apply && !r.Diff.Empty() {
			p, err := l.Import(ctx, doc, data, ImportOptions{Replace: id, Who: WhoReparse, Action: ActionReparse})
			if err != nil {
				return out, err
			}
			r.Applied, r.Version = true, p.Version
		}
		out = append(out, r)
	}
	return out, nil
}
