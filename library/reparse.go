package library

import (
	"context"
	"io"
	"reflect"

	"github.com/duban/duban/ingest"
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
	// Corrections counts the office's corrections by hand applied again to
	// the new reading; Stale says each one dropped (its task gone, or the
	// new reading gives its value by itself).
	Corrections int              `json:"corrections,omitempty"`
	Stale       []ingest.Warning `json:"stale,omitempty"`
	// Damaged: the kept original failed its SHA-256 (Error names it), so
	// it was not read again.
	Damaged bool `json:"-"`
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
			r.Error, r.Damaged = ingest.ErrorMessage(err), ingest.ErrorCode(err) == ingest.ECORRUPT
			out = append(out, r)
			continue
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return out, err
		}
		doc, err := l.parseNoticeFile(ctx, info.Source, data)
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			r.Error = ingest.ErrorMessage(err)
			out = append(out, r)
			continue
		}
		// the same notice whatever the parser now makes of its name
		adopt(doc, id, info)
		_, layer, err := l.currentBody(ctx, id)
		if err != nil {
			return out, err
		}
		opts := ImportOptions{Replace: id, Who: WhoReparse, Action: ActionReparse}
		p, err := l.plan(ctx, doc, opts)
		if err != nil {
			return out, err
		}
		r.Diff, r.Unused, r.Corrections = p.Diff, len(doc.Report.Unused), len(p.corrections)
		for _, w := range doc.Report.Warnings {
			if w.Code == ingest.WarnCorrectionStale {
				r.Stale = append(r.Stale, w)
			}
		}
		layerChanged := (len(layer) > 0 || len(p.corrections) > 0) && !reflect.DeepEqual(layer, p.corrections)
		if apply && (!r.Diff.Empty() || layerChanged) {
			ps, errs, _ := l.importMany(ctx, []Item{{Doc: doc, Data: data}}, opts, []*Preview{p})
			if errs[0] != nil {
				return out, errs[0]
			}
			r.Applied, r.Version = true, ps[0].Version
		}
		out = append(out, r)
	}
	return out, nil
}
