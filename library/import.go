package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// ImportOptions say how a parsed file is to be kept.
type ImportOptions struct {
	// Replace is the id of the document this file is a new version of
	// (the same notice in another file); its ids are kept.
	Replace string
	// AsNew keeps the file as a new document although it looks like one
	// already there.
	AsNew bool
	// DryRun parses and compares only: nothing is written.
	DryRun bool
	// Who is WhoToken, WhoLocal, WhoSeed or WhoReparse.
	Who string
	// Action is ActionImport (the default) or ActionReparse.
	Action string
	// Corrections are the office's corrections made in the preview,
	// applied to the parsed document (after those it already had) and kept
	// in its layer; By names who made them.
	Corrections []PreviewEdit
	By          string
	// Kind is what ImportFiles takes its files for: "" decides per file
	// by evidence (a report whose rows match a task duban holds is a
	// report), FileNotice or FileProgress is the office's word for every
	// file, and a file that does not read as that kind is refused.
	Kind string
}

// The kinds of file the office can say a file is (ImportOptions.Kind; the
// API's kind=).
const (
	FileNotice   = "notice"   // a notice that gives units tasks
	FileProgress = "progress" // a progress report on tasks duban holds
)

// CheckKind refuses a kind that is neither; what names where it was given
// (参数 kind, --kind).
func CheckKind(kind, what string) error {
	if kind != "" && kind != FileNotice && kind != FileProgress {
		return ingest.Errorf(ingest.EINVALID, "%s 应为 notice(任务分解通知)或 progress(进度报告)", what)
	}
	return nil
}

// KindRefusal is why a file said to be of kind does not read as one.
func KindRefusal(kind string) error {
	if kind == FileProgress {
		return ingest.Errorf(ingest.EINVALID, "这份文件读不成进度报告(没有“进展情况”等列或写明时间段),只能按任务分解通知导入")
	}
	return ingest.Errorf(ingest.EINVALID, "这份文件读不成任务分解通知,只能按进度报告导入")
}

// Candidate is a document a new file looks like.
type Candidate struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year"`
	Tasks int    `json:"task_count"`
	// Reason is why: 同年同标题 or 任务内容大多相同; Shared is the share of
	// the smaller document's task texts the two have in common.
	Reason string  `json:"reason"`
	Shared float64 `json:"shared"`
}

// Preview is what an import would do, or did.
type Preview struct {
	Document *ingest.Document `json:"document"`
	// Outcome is added, replaced or unchanged; Target is the id of the
	// document replaced.
	Outcome string `json:"outcome"`
	Target  string `json:"target,omitempty"`
	// Diff is what the replace changes, task by task.
	Diff *Diff `json:"diff,omitempty"`
	// Candidates are documents this file looks like, when it would be
	// added beside them.
	Candidates []Candidate `json:"candidates"`
	// Warnings say in plain Chinese what the office should look at before
	// confirming, each with its code, the field and the tasks (seqs) it
	// concerns: the reading's own (Report.Warnings), the document's checks
	// (ingest.Check) and the import's (tasks removed, a field erased,
	// lines unused, the same notice), one per code and field.
	Warnings []ingest.Warning `json:"warnings"`
	// Version is the version the import made (0 for a dry run or an
	// unchanged file).
	Version int `json:"version,omitempty"`
	// Original says the uploaded bytes were kept.
	Original bool `json:"original"`

	// corrections are the office's corrections by hand (correct.go) the
	// replaced version had that still hold, already applied to Document.
	corrections []Correction
}

// SameNoticeError is the conflict an import meets when the file looks like
// a document already there and the caller has not said whether it
// replaces it (ImportOptions.Replace) or stands beside it (AsNew).
type SameNoticeError struct {
	err        *ingest.Error
	Candidates []Candidate
}

// Error is the message, naming the candidates.
func (e *SameNoticeError) Error() string { return e.err.Error() }

// Details are the candidates, for the API's error answer.
func (e *SameNoticeError) Details() any { return map[string]any{"candidates": e.Candidates} }

// Unwrap lets ingest.ErrorCode find the code.
func (e *SameNoticeError) Unwrap() error { return e.err }

// Import keeps a parsed file (doc, read from data) as a new version of its
// document, or previews it (DryRun). A file that looks like a document
// already there under another id is refused with a SameNoticeError unless
// the options say which it is.
func (l *Library) Import(ctx context.Context, doc *ingest.Document, data []byte, opts ImportOptions) (*Preview, error) {
	ps, errs := l.ImportMany(ctx, []Item{{Doc: doc, Data: data}}, opts)
	return ps[0], errs[0]
}

// Item is one parsed file and its bytes.
type Item struct {
	Doc  *ingest.Document
	Data []byte
	// Replace, when set, is the document this item is a new version of,
	// for this item alone (ImportOptions.Replace for all): a reparse
	// writes a chunk of documents, each its own.
	Replace string
}

// ImportMany is Import for several files, indexed in one ReplaceMany (the
// bulk path of duban ingest): each file gets its preview or its error, and
// the files without an error are kept, each a new version. When the index
// write fails, every file of the call gets that error.
func (l *Library) ImportMany(ctx context.Context, items []Item, opts ImportOptions) ([]*Preview, []error) {
	previews, errs, _ := l.importMany(ctx, items, opts, nil)
	return previews, errs
}

// importMany is ImportMany that also returns the write that failed (a
// version not kept, the index not written), which every file then has as
// its error. planned, when not nil, are the plans already made of the
// items (Reparse).
func (l *Library) importMany(ctx context.Context, items []Item, opts ImportOptions, planned []*Preview) ([]*Preview, []error, error) {
	previews := make([]*Preview, len(items))
	errs := make([]error, len(items))
	for i, it := range items {
		if planned != nil {
			previews[i] = planned[i]
		} else {
			o := opts
			if it.Replace != "" {
				o.Replace = it.Replace
			}
			previews[i], errs[i] = l.plan(ctx, it.Doc, o)
		}
		if errs[i] != nil || opts.DryRun {
			continue
		}
		p := previews[i]
		if len(p.Candidates) > 0 && opts.Replace == "" && it.Replace == "" && !opts.AsNew {
			var names []string
			for _, c := range p.Candidates {
				names = append(names, fmt.Sprintf("%s(%d 年,%s)", c.ID, c.Year, c.Title))
			}
			previews[i], errs[i] = nil, &SameNoticeError{
				err: ingest.Errorf(ingest.ECONFLICT, "这份文件看起来与已有的文件是同一份通知:%s。请选择作为它的新版本导入(replace=文件id)或作为新文件导入(as_new=true)",
					strings.Join(names, "、")),
				Candidates: p.Candidates,
			}
		}
	}
	if opts.DryRun {
		return previews, errs, nil
	}
	// the files to write; of one document twice, the later
	last := map[string]int{}
	for i, p := range previews {
		if errs[i] == nil && p.Outcome != string(index.Unchanged) {
			last[p.Document.ID] = i
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var todo []int
	for i, p := range previews {
		if errs[i] != nil || p.Outcome == string(index.Unchanged) {
			continue
		}
		id := p.Document.ID
		if last[id] != i {
			previews[i].Outcome = string(index.Replaced)
			continue
		}
		if !l.lockDoc(id) {
			previews[i], errs[i] = nil, ingest.Errorf(ingest.ECONFLICT, "文件 %s 正在写入,请稍后再试", id)
			continue
		}
		defer l.unlockDoc(id)
		todo = append(todo, i)
	}
	action := opts.Action
	if action == "" {
		action = ActionImport
	}
	var docs []*ingest.Document
	// the files of every document kept here written together: synced at
	// once, renamed in their order, each directory synced once
	w := &pendingWrites{}
	for _, i := range todo {
		v, kept, err := l.keep(items[i].Doc, items[i].Data, opts.Who, action, 0, previews[i].corrections, nil, "", w)
		if err == nil && i == todo[len(todo)-1] {
			err = l.flush(w)
		}
		if err != nil {
			l.flushFailed(w)
			for _, j := range todo {
				previews[j], errs[j] = nil, err
			}
			return previews, errs, err
		}
		previews[i].Version, previews[i].Original = v, kept
		docs = append(docs, items[i].Doc)
	}
	if len(docs) == 0 {
		return previews, errs, nil
	}
	served := make([]*ingest.Document, len(docs))
	for i, d := range docs {
		served[i] = l.dress(d)
	}
	if _, err := l.idx.ReplaceMany(served); err != nil {
		for _, j := range todo {
			previews[j], errs[j] = nil, err
		}
		return previews, errs, err
	}
	for _, d := range docs {
		l.untrash(d.ID)
	}
	return previews, errs, nil
}

// plan works out what importing doc does, writing nothing: the id it
// lands under, the metadata it takes from a document it replaces, the
// difference and the documents it looks like.
func (l *Library) plan(ctx context.Context, doc *ingest.Document, opts ImportOptions) (*Preview, error) {
	if opts.Replace != "" && opts.AsNew {
		return nil, ingest.Errorf(ingest.EINVALID, "replace 与 as_new 只能选一个")
	}
	p := &Preview{Document: doc, Candidates: []Candidate{}, Warnings: []ingest.Warning{}}
	if opts.Replace != "" {
		if err := checkID(opts.Replace); err != nil {
			return nil, err
		}
		old, err := l.idx.Document(opts.Replace)
		if err != nil {
			return nil, ingest.Errorf(ingest.ENOTFOUND, "要替换的文件 %s 不存在", opts.Replace)
		}
		adopt(doc, opts.Replace, old)
	}
	old, live := l.live(doc.ID)
	var replaced *ingest.Document
	switch {
	case live && doc.Checksum != "" && old.Checksum == doc.Checksum && opts.Replace == "" && len(opts.Corrections) == 0:
		p.Outcome, p.Target = string(index.Unchanged), doc.ID
	case live:
		p.Outcome, p.Target = string(index.Replaced), doc.ID
		cur, layer, err := l.currentBody(ctx, doc.ID)
		if err != nil {
			return nil, err
		}
		// the office's corrections last: applied again to the new reading
		p.corrections = reapply(doc, layer)
		if err := l.previewEdits(doc, p, opts); err != nil {
			return nil, err
		}
		p.Diff, replaced = diffDocs(cur, doc), cur
	default:
		p.Outcome = string(index.Added)
		if err := l.previewEdits(doc, p, opts); err != nil {
			return nil, err
		}
		if !opts.AsNew {
			cands, err := l.similar(ctx, doc)
			if err != nil {
				return nil, err
			}
			p.Candidates = cands
		}
	}
	p.Warnings = previewWarnings(p, replaced, doc)
	return p, nil
}

// previewEdits applies the corrections made in the preview (opts) to doc
// and adds them to p's layer.
func (l *Library) previewEdits(doc *ingest.Document, p *Preview, opts ImportOptions) error {
	if len(opts.Corrections) == 0 {
		return nil
	}
	cs, err := applyPreviewEdits(doc, opts.Corrections, p.corrections, opts.Who, opts.By)
	if err != nil {
		return err
	}
	p.corrections = append(p.corrections, cs...)
	return nil
}

// adopt makes doc a version of the document old: it takes old's id (so its
// task ids stay), and what its file did not say (an XLSX names no issuer
// or date) from old, noting so in its report.
func adopt(doc *ingest.Document, id string, old index.DocumentInfo) {
	fill := func(field string, dst *string, src string) {
		if *dst == "" && src != "" {
			*dst = src
			doc.Report.Notes = append(doc.Report.Notes, fmt.Sprintf("%s取自被替换的文件:%s", field, src))
		}
	}
	fill("标题", &doc.Title, old.Title)
	fill("发文机关", &doc.Issuer, old.Issuer)
	fill("日期", &doc.Date, old.Date)
	fill("发文字号", &doc.Number, old.Number)
	if doc.Year == 0 && old.Year != 0 {
		doc.Year = old.Year
		doc.Report.Notes = append(doc.Report.Notes, fmt.Sprintf("年度取自被替换的文件:%d", old.Year))
	}
	setID(doc, id)
}

// setID gives doc and its tasks the id of the document it is a version of.
func setID(doc *ingest.Document, id string) {
	doc.ID = id
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		t.DocID, t.Year = id, doc.Year
		t.ID = id + "-" + strconv.Itoa(t.Seq)
	}
}

// commit writes a version and makes it current (keep, then the index).
// The caller holds l.mu and the document's busy mark.
func (l *Library) commit(doc *ingest.Document, data []byte, who, action string, from int, layer []Correction) (int, bool, error) {
	v, kept, err := l.keep(doc, data, who, action, from, layer, nil, "", nil)
	if err != nil {
		return 0, false, err
	}
	if _, err := l.idx.Replace(l.dress(doc)); err != nil {
		return 0, false, err
	}
	l.untrash(doc.ID)
	return v, kept, nil
}

// dress is the document as the index serves it (the annotator's copy).
func (l *Library) dress(doc *ingest.Document) *ingest.Document {
	if l.ann == nil {
		return doc
	}
	return l.ann.Annotate(doc, time.Now())
}

// Current returns the document the index serves for id, as parsed (its
// kept version, or one rebuilt from the index).
func (l *Library) Current(ctx context.Context, id string) (*ingest.Document, error) {
	return l.current(ctx, id)
}

// Refresh dresses the documents ids (every served document when ids is
// nil) again and gives the index those whose dress changed: new progress
// came in, or a deadline passed. It returns how many it wrote.
func (l *Library) Refresh(ctx context.Context, ids []string) (int, error) {
	if l.ann == nil {
		return 0, nil
	}
	if ids == nil {
		for _, d := range l.idx.Documents() {
			ids = append(ids, d.ID)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var todo []*ingest.Document
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		info, live := l.live(id)
		if !live {
			continue
		}
		cur, err := l.current(ctx, id)
		if err != nil {
			return 0, err
		}
		cur.Version = info.Version
		if d := l.dress(cur); d.Progress != info.Progress {
			todo = append(todo, d)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	_, err := l.idx.ReplaceMany(todo)
	return len(todo), err
}

// keep writes a version of doc, not yet current: the version the index
// holds now is kept first when the library has no copy of it (indexed
// before versions were kept), then the original, then the version record
// with the corrections layer that made doc (and, for an edit, the
// correction c and who by). It numbers doc and returns the version and
// whether the original was kept.
//
// With w, the files are gathered in w instead of written one after another
// (w.flush writes them); without, each is written and synced in turn.
func (l *Library) keep(doc *ingest.Document, data []byte, who, action string, from int, layer []Correction, c *Correction, by string, w *pendingWrites) (int, bool, error) {
	if err := l.keepCurrent(doc.ID); err != nil {
		return 0, false, err
	}
	v, err := l.nextVersion(doc.ID)
	if err != nil {
		return 0, false, err
	}
	kept := false
	if data != nil {
		if kept, err = l.keepOriginal(doc.Checksum, data, doc.ID, w); err != nil {
			return 0, false, err
		}
	}
	doc.Version = v
	rec := Version{Version: v, At: time.Now().UTC().Truncate(time.Second), Source: doc.Source, Checksum: doc.Checksum,
		Format: doc.Format, Title: doc.Title, Year: doc.Year, Tasks: len(doc.Tasks), Who: who, Action: action, From: from,
		By: by, Correction: c, Corrections: len(layer)}
	if err := l.writeVersion(rec, doc, layer, w); err != nil {
		return 0, false, err
	}
	return v, kept, nil
}

// untrash takes a document that is served again out of the trash.
func (l *Library) untrash(id string) {
	if err := os.Remove(l.trashPath(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		l.log.Warn("cannot take a document out of the trash", "doc", id, "err", err)
	}
}

// keepCurrent copies the version the index serves into the history when
// the library has none of it yet.
func (l *Library) keepCurrent(id string) error {
	info, live := l.live(id)
	if !live {
		return nil
	}
	recs, err := l.records(id)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(recs, func(v Version) bool { return v.Version == info.Version }) {
		return nil
	}
	cur, err := l.fromIndex(context.Background(), info)
	if err != nil {
		return err
	}
	return l.writeVersion(Version{Version: info.Version, At: info.IngestedAt, Source: info.Source, Checksum: info.Checksum,
		Format: info.Format, Title: info.Title, Year: info.Year, Tasks: info.TaskCount, Action: ActionAdopt}, cur, nil, nil)
}

// current returns the Document the index serves for id: the library's
// copy of its version, or one rebuilt from the index.
func (l *Library) current(ctx context.Context, id string) (*ingest.Document, error) {
	doc, _, err := l.currentBody(ctx, id)
	return doc, err
}

// currentBody is current with the corrections layer of the version served
// (none for a document rebuilt from the index).
func (l *Library) currentBody(ctx context.Context, id string) (*ingest.Document, []Correction, error) {
	info, live := l.live(id)
	if !live {
		return nil, nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	doc, layer, err := l.body(id, info.Version)
	if err == nil {
		return doc, layer, nil
	}
	if ingest.ErrorCode(err) == ingest.ECORRUPT {
		// the index's own copy (checked by its CRCs) stands in for it
		l.log.Warn("a damaged version file is not used", "doc", id, "err", ingest.ErrorMessage(err))
	}
	doc, err = l.fromIndex(ctx, info)
	return doc, nil, err
}

// fromIndex rebuilds a document from the index: its info and its tasks.
func (l *Library) fromIndex(ctx context.Context, info index.DocumentInfo) (*ingest.Document, error) {
	doc := &ingest.Document{Notice: info.Notice, Report: info.Report, Tasks: []ingest.Task{}}
	if doc.Report == nil {
		doc.Report = &ingest.Report{Unused: []ingest.UnusedLine{}, Warnings: []ingest.Warning{}}
	}
	err := l.idx.Scan(ctx, index.Request{Docs: []string{info.ID}}, func(t ingest.Task) error {
		doc.Tasks = append(doc.Tasks, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(doc.Tasks, func(a, b ingest.Task) int { return a.Seq - b.Seq })
	// as parsed: without what the index's dress added
	doc.Progress = ""
	for i := range doc.Tasks {
		doc.Tasks[i].Status, doc.Tasks[i].Period, doc.Tasks[i].Progress = "", "", ""
	}
	return doc, nil
}

// Latest means the latest kept version, to Restore.
const Latest = -1

// Restore makes a kept version current again (the latest one for
// Latest): a document in the trash comes back, a replace is undone. expect,
// when not 0, is the version the caller saw as current: if another write
// made a newer one since, the restore is refused (ECONFLICT), as it is
// while another write to the document runs.
func (l *Library) Restore(id string, version, expect int, who string) (*Version, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	if !l.lockDoc(id) {
		return nil, ingest.Errorf(ingest.ECONFLICT, "文件 %s 正在写入,请稍后再试", id)
	}
	defer l.unlockDoc(id)
	l.mu.Lock()
	defer l.mu.Unlock()
	recs, err := l.records(id)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "文件 %s 没有保存的历史版本", id)
	}
	if version == Latest {
		version = recs[len(recs)-1].Version
	}
	info, live := l.live(id)
	if expect != 0 && (!live || info.Version != expect) {
		return nil, ingest.Errorf(ingest.ECONFLICT, "文件 %s 已有更新的版本,请刷新后再恢复", id)
	}
	if live && info.Version == version {
		return nil, ingest.Errorf(ingest.ECONFLICT, "第 %d 版已是文件 %s 的当前版本", version, id)
	}
	doc, layer, err := l.body(id, version)
	if err != nil {
		return nil, err
	}
	v, _, err := l.commit(doc, nil, who, ActionRestore, version, layer)
	if err != nil {
		return nil, err
	}
	h, err := l.Versions(id)
	if err != nil {
		return nil, err
	}
	for _, x := range h.Versions {
		if x.Version == v {
			return &x, nil
		}
	}
	return nil, fmt.Errorf("restored version %d of %s not listed", v, id)
}

// trashRecord is what trashed.json holds.
type trashRecord struct {
	At      time.Time `json:"at"`
	Who     string    `json:"who"`
	Version int       `json:"version"`
}

// Delete moves a document to the trash: its current version is kept, and
// the index no longer serves it. Restore brings it back; EmptyTrash
// erases it.
func (l *Library) Delete(id, who string) error {
	if err := checkID(id); err != nil {
		return err
	}
	if !l.lockDoc(id) {
		return ingest.Errorf(ingest.ECONFLICT, "文件 %s 正在写入,请稍后再试", id)
	}
	defer l.unlockDoc(id)
	l.mu.Lock()
	defer l.mu.Unlock()
	info, live := l.live(id)
	if !live {
		return ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	if err := l.keepCurrent(id); err != nil {
		return err
	}
	raw, _ := json.Marshal(trashRecord{At: time.Now().UTC().Truncate(time.Second), Who: who, Version: info.Version})
	if err := atomicfile.Write(l.trashPath(id), raw); err != nil {
		return err
	}
	return l.idx.Delete(id)
}

// EmptyTrash erases documents in the trash for good: all of them, or the
// one named. Originals no kept version needs any more are erased too. It
// returns the ids erased.
func (l *Library) EmptyTrash(id string) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ids, err := l.Trash()
	if err != nil {
		return nil, err
	}
	if id != "" {
		if !slices.Contains(ids, id) {
			return nil, ingest.Errorf(ingest.ENOTFOUND, "回收站中没有文件 %s", id)
		}
		ids = []string{id}
	}
	for _, d := range ids {
		if err := os.RemoveAll(l.docDir(d)); err != nil {
			return nil, fmt.Errorf("cannot erase %s: %w", d, err)
		}
	}
	l.collectOriginals()
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// collectOriginals erases originals that no kept version and no indexed
// document names.
func (l *Library) collectOriginals() {
	needed := map[string]bool{}
	for _, d := range l.idx.Documents() {
		needed[d.Checksum] = true
	}
	entries, _ := os.ReadDir(l.docsDir())
	for _, e := range entries {
		recs, _ := l.records(e.Name())
		for _, v := range recs {
			needed[v.Checksum] = true
		}
	}
	files, _ := os.ReadDir(l.originalsDir())
	for _, f := range files {
		if checksumRe.MatchString(f.Name()) && !needed[f.Name()] {
			os.Remove(l.originalPath(f.Name()))
		}
	}
	l.countOriginalsAgain()
}

// similar finds the documents doc looks like: the same year and title, or
// mostly the same task texts. Only documents of the same year (any year
// when doc names none) are compared.
func (l *Library) similar(ctx context.Context, doc *ingest.Document) ([]Candidate, error) {
	mine := map[string]bool{}
	for _, t := range doc.Tasks {
		mine[foldText(t.Text)] = true
	}
	title := foldText(doc.Title)
	var out []Candidate
	for _, d := range l.idx.Documents() {
		if d.ID == doc.ID || doc.Year != 0 && d.Year != 0 && d.Year != doc.Year {
			continue
		}
		if title != "" && foldText(d.Title) == title && d.Year == doc.Year {
			out = append(out, Candidate{ID: d.ID, Title: d.Title, Year: d.Year, Tasks: d.TaskCount, Reason: "同年同标题", Shared: 1})
			continue
		}
		shared := 0
		err := l.idx.Scan(ctx, index.Request{Docs: []string{d.ID}}, func(t ingest.Task) error {
			if mine[foldText(t.Text)] {
				shared++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n := min(len(mine), d.TaskCount); n > 0 && float64(shared)/float64(n) >= 0.6 {
			out = append(out, Candidate{ID: d.ID, Title: d.Title, Year: d.Year, Tasks: d.TaskCount, Reason: "任务内容大多相同",
				Shared: float64(shared) / float64(n)})
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if a.Shared != b.Shared {
			if a.Shared > b.Shared {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// foldText compares texts as a reader does: width, case and white space
// and punctuation set aside.
func foldText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, norm.NFKC.String(s))
}
