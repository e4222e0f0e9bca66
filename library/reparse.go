package library

import (
	"context"
	"io"
	"reflect"

	"github.com/duban/duban/index"
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
//
// It runs the bulk import's pipeline (index.Stream): originals are read,
// parsed and compared on all cores a few ahead, and the changes kept and
// indexed a chunk at a time (one index write per chunk, not per
// document), under the same bound on memory. One document after another,
// each change its own durable index write, a reparse over a large store
// took as long as its first import.
func (l *Library) Reparse(ctx context.Context, ids []string, apply bool) ([]Reparsed, error) {
	if len(ids) == 0 {
		for _, d := range l.idx.Documents() {
			ids = append(ids, d.ID)
		}
	}
	for _, id := range ids {
		if _, live := l.live(id); !live {
			return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
		}
	}
	// what the parse stage found, by source, for the write stage
	type found struct {
		r    *Reparsed
		plan *Preview
	}
	sources := make([]index.Source, len(ids))
	for i, id := range ids {
		sources[i] = index.Source{Name: id}
	}
	parse := func(src index.Source) *index.Parsed {
		r, doc, data, plan, err := l.reparseOne(ctx, src.Name, apply)
		switch {
		case err != nil:
			return &index.Parsed{Err: err}
		case plan != nil:
			return &index.Parsed{Doc: doc, Data: data, Other: found{r, plan}}
		}
		return &index.Parsed{Other: found{r: r}}
	}
	var failed error // the first failure: nothing is written after it
	write := func(ps []*index.Parsed) ([]int, error) {
		if failed != nil {
			return nil, failed
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		items := make([]Item, len(ps))
		plans := make([]*Preview, len(ps))
		for k, p := range ps {
			items[k] = Item{Doc: p.Doc, Data: p.Data, Replace: p.Doc.ID}
			plans[k] = p.Other.(found).plan
		}
		previews, errs, err := l.importMany(ctx, items, ImportOptions{Who: WhoReparse, Action: ActionReparse}, plans)
		if err != nil {
			return nil, err
		}
		versions := make([]int, len(ps))
		for k := range ps {
			if errs[k] != nil {
				return nil, errs[k]
			}
			versions[k] = previews[k].Version
		}
		return versions, nil
	}
	out := make([]Reparsed, 0, len(ids))
	err := index.Stream(sources, parse, write, func(i int, p *index.Parsed, version int) {
		if failed != nil {
			return
		}
		if p.Err != nil {
			failed = p.Err
			return
		}
		r := p.Other.(found).r
		if p.Doc != nil {
			r.Applied, r.Version = true, version
		}
		out = append(out, *r)
	})
	if err == nil {
		err = failed
	}
	if err == nil {
		err = ctx.Err()
	}
	return out, err
}

// reparseOne reads the kept original of the document id again and says
// what would change (r). When apply and the reading or the corrections
// layer changed, it also returns the document read, its bytes and the
// import's plan, for the write. A document whose original is not kept, is
// damaged or is refused by the parser has its Error; err is a failure that
// stops the reparse.
func (l *Library) reparseOne(ctx context.Context, id string, apply bool) (r *Reparsed, doc *ingest.Document, data []byte, plan *Preview, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, nil, err
	}
	r = &Reparsed{ID: id}
	info, live := l.live(id)
	if !live {
		return nil, nil, nil, nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	r.Title = info.Title
	f, _, err := l.Original(info.Checksum)
	if err != nil {
		r.Error, r.Damaged = ingest.ErrorMessage(err), ingest.ErrorCode(err) == ingest.ECORRUPT
		return r, nil, nil, nil, nil
	}
	data, err = io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	doc, err = l.parseNoticeFile(ctx, info.Source, data)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, nil, nil, ctx.Err()
		}
		r.Error = ingest.ErrorMessage(err)
		return r, nil, nil, nil, nil
	}
	// the same notice whatever the parser now makes of its name
	adopt(doc, id, info)
	_, layer, err := l.currentBody(ctx, id)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	p, err := l.plan(ctx, doc, ImportOptions{Replace: id, Who: WhoReparse, Action: ActionReparse})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	r.Diff, r.Unused, r.Corrections = p.Diff, len(doc.Report.Unused), len(p.corrections)
	for _, w := range doc.Report.Warnings {
		if w.Code == ingest.WarnCorrectionStale {
			r.Stale = append(r.Stale, w)
		}
	}
	layerChanged := (len(layer) > 0 || len(p.corrections) > 0) && !reflect.DeepEqual(layer, p.corrections)
	if apply && (!r.Diff.Empty() || layerChanged) {
		return r, doc, data, p, nil
	}
	return r, nil, nil, nil, nil
}
