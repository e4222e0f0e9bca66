package library

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Corrections: no parser reads every notice right, so the office corrects
// a task by hand — its text, leaders, units, co-units or deadline — adds a
// task the parser missed, deletes one it made up, splits one into two or
// merges two. Each correction is a new version of its document (action
// edit) and is also kept, apart from what the parser made, as the
// document's correction layer: a list, oldest first, in every version's
// body beside the Document it produced. The layer is what makes a
// correction last:
//
//   - a restore brings a version's layer back with its tasks, so restoring
//     the version before an edit undoes the edit;
//   - a new reading of the document (duban reparse, an import of the same
//     notice again, a replacement) gets the layer applied again, each
//     correction to the task it belongs to. A correction names its task by
//     序号 and text as they were when it was made, never by position: the
//     task with that 序号 and text, else the one task with that text (the
//     notice renumbered), else the task with that 序号 and a text nearly
//     the same (a better parser cleaned it). A correction whose task is
//     gone, or whose value the new reading now gives by itself, is
//     dropped and said (ingest.WarnCorrectionStale in the report's
//     warnings); the rest are kept in the new version's layer.
//
// The served task says which of its fields were corrected by hand
// (ingest.Task.Corrected), so the page and the ledger can mark it.

// ActionEdit is the action of a version a correction made.
const ActionEdit = "edit"

// Kinds of correction (Correction.Kind).
const (
	KindEdit   = "edit"   // fields of one task changed
	KindAdd    = "add"    // a task the parser missed, added
	KindDelete = "delete" // a task removed
	KindSplit  = "split"  // one task made two
	KindMerge  = "merge"  // two tasks made one
)

// Marks in ingest.Task.Corrected besides the field names.
const (
	MarkAdded  = "added"
	MarkSplit  = "split"
	MarkMerged = "merged"
)

// correctedOrder is the order of Task.Corrected.
var correctedOrder = []string{"text", "leaders", "units", "co_units", "deadline", MarkAdded, MarkSplit, MarkMerged}

// Fields a correction may set, by their JSON names.
var correctable = []string{"text", "leaders", "units", "co_units", "deadline"}

// TaskFields are the fields of a task the office corrects, with the task's
// JSON names.
type TaskFields struct {
	Text     string   `json:"text"`
	Leaders  []string `json:"leaders"`
	Units    []string `json:"units"`
	CoUnits  []string `json:"co_units"`
	Deadline string   `json:"deadline"`
}

func fieldsOf(t *ingest.Task) *TaskFields {
	return &TaskFields{Text: t.Text, Leaders: slices.Clone(nonNil(t.Leaders)), Units: slices.Clone(nonNil(t.Units)),
		CoUnits: slices.Clone(nonNil(t.CoUnits)), Deadline: t.Deadline}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Correction is one correction the office made: which task (by 序号 and
// the text it had then), what changed, who and when.
type Correction struct {
	Kind string `json:"kind"`
	// Seq and Text name the task the correction belongs to, as it was
	// when the correction was made; for an add, the 序号 the new task got
	// and no text.
	Seq  int    `json:"seq"`
	Text string `json:"text,omitempty"`
	// Section is the heading an added task stands under.
	Section string `json:"section,omitempty"`
	// Fields are the fields it sets (edit), or those the new task has
	// (add).
	Fields []string `json:"fields"`
	// Before is the task before (edit, delete, split, merge); After the
	// task after (edit, add, merge; split: the first part).
	Before *TaskFields `json:"before,omitempty"`
	After  *TaskFields `json:"after,omitempty"`
	// OtherSeq, OtherText and Other are the second task: of a merge, the
	// task merged in (removed) and its fields; of a split, the part split
	// off, its 序号 and fields.
	OtherSeq  int         `json:"other_seq,omitempty"`
	OtherText string      `json:"other_text,omitempty"`
	Other     *TaskFields `json:"other,omitempty"`
	// Who is token or local (as a version's), By the name of the person
	// when one was given; At when.
	Who string    `json:"who"`
	By  string    `json:"by,omitempty"`
	At  time.Time `json:"at"`
}

// Patch is a change to a task's fields; a nil field stays as it is.
type Patch struct {
	Text     *string   `json:"text,omitempty"`
	Leaders  *[]string `json:"leaders,omitempty"`
	Units    *[]string `json:"units,omitempty"`
	CoUnits  *[]string `json:"co_units,omitempty"`
	Deadline *string   `json:"deadline,omitempty"`
}

// NewTask is a task the office adds to a document. Seq 0 takes the next
// free 序号.
type NewTask struct {
	Seq     int    `json:"seq"`
	Section string `json:"section"`
	TaskFields
}

// EditOptions say who corrects, and which version of the document they
// saw (Expect, 0 for no check: a newer one is ECONFLICT).
type EditOptions struct {
	Expect int
	Who    string
	By     string
}

// Edited is what a correction did.
type Edited struct {
	Document   string      `json:"document"`
	Version    int         `json:"version"`
	Correction *Correction `json:"correction"`
	// Tasks are the tasks the correction leaves, as kept (the edited or
	// added task; both parts of a split; the merged task).
	Tasks []ingest.Task `json:"tasks"`
	// Removed are the ids of the tasks it removed.
	Removed []string `json:"removed"`
}

// SplitTaskID cuts a task id into its document's id and its 序号.
func SplitTaskID(id string) (string, int, error) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", 0, ingest.Errorf(ingest.ENOTFOUND, "没有编号为 %q 的任务", id)
	}
	seq, err := strconv.Atoi(id[i+1:])
	if err != nil || checkID(id[:i]) != nil {
		return "", 0, ingest.Errorf(ingest.ENOTFOUND, "没有编号为 %q 的任务", id)
	}
	return id[:i], seq, nil
}

// EditTask changes fields of a task.
func (l *Library) EditTask(ctx context.Context, taskID string, p Patch, o EditOptions) (*Edited, error) {
	docID, seq, err := SplitTaskID(taskID)
	if err != nil {
		return nil, err
	}
	return l.correct(ctx, docID, o, func(doc *ingest.Document, _ []Correction) (*Correction, error) { return buildEdit(doc, seq, taskID, p) })
}

// buildEdit makes the correction of the fields p gives of the task with
// 序号 seq (id names it in errors), refusing bad input.
func buildEdit(doc *ingest.Document, seq int, id string, p Patch) (*Correction, error) {
	t, err := taskAt(doc, seq, id)
	if err != nil {
		return nil, err
	}
	after := fieldsOf(t)
	var fields []string
	set := func(name string, changed bool) {
		if changed {
			fields = append(fields, name)
		}
	}
	if p.Text != nil {
		if after.Text, err = cleanText(*p.Text); err != nil {
			return nil, err
		}
		set("text", after.Text != t.Text)
	}
	for _, f := range []struct {
		name  string
		label string
		in    *[]string
		out   *[]string
		cur   []string
	}{{"leaders", "牵头领导", p.Leaders, &after.Leaders, t.Leaders}, {"units", "牵头单位", p.Units, &after.Units, t.Units}, {"co_units", "配合单位", p.CoUnits, &after.CoUnits, t.CoUnits}} {
		if f.in == nil {
			continue
		}
		if *f.out, err = CleanNames(*f.in, f.label); err != nil {
			return nil, err
		}
		set(f.name, !slices.Equal(*f.out, nonNil(f.cur)))
	}
	if p.Units != nil && len(after.Units) == 0 {
		return nil, ingest.Errorf(ingest.EINVALID, "牵头单位不能为空:每项任务至少要有一个牵头单位;如这项任务不该有,请删除任务")
	}
	if p.Deadline != nil {
		if after.Deadline, err = cleanDeadline(*p.Deadline); err != nil {
			return nil, err
		}
		set("deadline", after.Deadline != t.Deadline)
	}
	if len(fields) == 0 {
		return nil, ingest.Errorf(ingest.EINVALID, "没有要修改的内容:给出的字段与任务现在的内容相同")
	}
	return &Correction{Kind: KindEdit, Seq: t.Seq, Text: t.Text, Fields: fields, Before: fieldsOf(t), After: after}, nil
}

// AddTask adds a task to a document.
func (l *Library) AddTask(ctx context.Context, docID string, n NewTask, o EditOptions) (*Edited, error) {
	if err := checkID(docID); err != nil {
		return nil, err
	}
	return l.correct(ctx, docID, o, func(doc *ingest.Document, layer []Correction) (*Correction, error) {
		return buildAdd(doc, n, namedSeq(layer))
	})
}

// buildAdd makes the correction that adds n to doc, refusing bad input.
// Without a 序号 it takes the next one above both doc's and floor (the
// highest the corrections named: a task deleted by hand does not lend its
// 序号, and so its id and progress, to a new one).
func buildAdd(doc *ingest.Document, n NewTask, floor int) (*Correction, error) {
	f, err := cleanFields(n.TaskFields)
	if err != nil {
		return nil, err
	}
	if len(f.Units) == 0 {
		return nil, ingest.Errorf(ingest.EINVALID, "请填写牵头单位:每项任务至少要有一个牵头单位")
	}
	section := strings.TrimSpace(n.Section)
	if utf8.RuneCountInString(section) > 500 {
		return nil, ingest.Errorf(ingest.EINVALID, "所属部分太长(不超过 500 字)")
	}
	seq := n.Seq
	switch {
	case seq < 0 || seq > 1000000:
		return nil, ingest.Errorf(ingest.EINVALID, "序号应为正整数")
	case seq == 0:
		seq = max(nextSeq(doc), floor+1)
	case slices.ContainsFunc(doc.Tasks, func(t ingest.Task) bool { return t.Seq == seq }):
		return nil, ingest.Errorf(ingest.ECONFLICT, "第 %d 项已有任务;请换一个序号,或不填序号(自动取第 %d 项)", seq, max(nextSeq(doc), floor+1))
	}
	for _, t := range doc.Tasks {
		if foldText(t.Text) == foldText(f.Text) {
			return nil, ingest.Errorf(ingest.ECONFLICT, "这份文件的第 %d 项已是这项任务", t.Seq)
		}
	}
	return &Correction{Kind: KindAdd, Seq: seq, Section: section, Fields: presentFields(f), After: f}, nil
}

// DeleteTask removes a task from its document.
func (l *Library) DeleteTask(ctx context.Context, taskID string, o EditOptions) (*Edited, error) {
	docID, seq, err := SplitTaskID(taskID)
	if err != nil {
		return nil, err
	}
	return l.correct(ctx, docID, o, func(doc *ingest.Document, _ []Correction) (*Correction, error) { return buildDelete(doc, seq, taskID) })
}

// buildDelete makes the correction that removes the task with 序号 seq.
func buildDelete(doc *ingest.Document, seq int, id string) (*Correction, error) {
	t, err := taskAt(doc, seq, id)
	if err != nil {
		return nil, err
	}
	if len(doc.Tasks) == 1 {
		return nil, ingest.Errorf(ingest.EINVALID, "这是文件中唯一的任务,不能删除;如整份文件不要了,请删除文件")
	}
	return &Correction{Kind: KindDelete, Seq: t.Seq, Text: t.Text, Fields: []string{}, Before: fieldsOf(t)}, nil
}

// SplitTask makes a task two: the first part keeps its 序号, the second
// takes seq (0: the next free 序号); both keep its leaders, units,
// co-units and deadline.
func (l *Library) SplitTask(ctx context.Context, taskID string, texts []string, seq int, o EditOptions) (*Edited, error) {
	docID, at, err := SplitTaskID(taskID)
	if err != nil {
		return nil, err
	}
	if len(texts) != 2 {
		return nil, ingest.Errorf(ingest.EINVALID, "拆分需要给出两段任务内容(texts),收到 %d 段", len(texts))
	}
	return l.correct(ctx, docID, o, func(doc *ingest.Document, layer []Correction) (*Correction, error) {
		t, err := taskAt(doc, at, taskID)
		if err != nil {
			return nil, err
		}
		first, second := fieldsOf(t), fieldsOf(t)
		if first.Text, err = cleanText(texts[0]); err != nil {
			return nil, err
		}
		if second.Text, err = cleanText(texts[1]); err != nil {
			return nil, err
		}
		if foldText(first.Text) == foldText(second.Text) {
			return nil, ingest.Errorf(ingest.EINVALID, "拆分后的两项任务内容相同")
		}
		switch {
		case seq < 0 || seq > 1000000:
			return nil, ingest.Errorf(ingest.EINVALID, "序号应为正整数")
		case seq == 0:
			seq = max(nextSeq(doc), namedSeq(layer)+1)
		case slices.ContainsFunc(doc.Tasks, func(x ingest.Task) bool { return x.Seq == seq }):
			return nil, ingest.Errorf(ingest.ECONFLICT, "第 %d 项已有任务;请换一个序号,或不填序号(自动取第 %d 项)", seq, max(nextSeq(doc), namedSeq(layer)+1))
		}
		return &Correction{Kind: KindSplit, Seq: t.Seq, Text: t.Text, Fields: []string{"text"}, Before: fieldsOf(t), After: first,
			OtherSeq: seq, Other: second}, nil
	})
}

// MergeTasks makes two tasks of one document one: the first keeps its
// 序号; its text is text when given, else the two texts joined; its
// leaders, units and co-units are both tasks'; its deadline the first's,
// else the second's. The second task is removed.
func (l *Library) MergeTasks(ctx context.Context, taskID, otherID string, text *string, o EditOptions) (*Edited, error) {
	docID, seq, err := SplitTaskID(taskID)
	if err != nil {
		return nil, err
	}
	otherDoc, otherSeq, err := SplitTaskID(otherID)
	if err != nil {
		return nil, err
	}
	if otherDoc != docID {
		return nil, ingest.Errorf(ingest.EINVALID, "只能合并同一份文件中的任务")
	}
	if otherSeq == seq {
		return nil, ingest.Errorf(ingest.EINVALID, "不能把任务与它自己合并")
	}
	return l.correct(ctx, docID, o, func(doc *ingest.Document, _ []Correction) (*Correction, error) {
		t, err := taskAt(doc, seq, taskID)
		if err != nil {
			return nil, err
		}
		u, err := taskAt(doc, otherSeq, otherID)
		if err != nil {
			return nil, err
		}
		after := mergedFields(t, u)
		if text != nil {
			if after.Text, err = cleanText(*text); err != nil {
				return nil, err
			}
		}
		if utf8.RuneCountInString(after.Text) > ingest.MaxTaskRunes {
			return nil, ingest.Errorf(ingest.EINVALID, "合并后的任务内容超过 %d 字,请给出合并后的内容(text)", ingest.MaxTaskRunes)
		}
		return &Correction{Kind: KindMerge, Seq: t.Seq, Text: t.Text, Fields: []string{"text", "leaders", "units", "co_units", "deadline"},
			Before: fieldsOf(t), After: after, OtherSeq: u.Seq, OtherText: u.Text, Other: fieldsOf(u)}, nil
	})
}

// mergedFields are two tasks' fields as one.
func mergedFields(t, u *ingest.Task) *TaskFields {
	f := fieldsOf(t)
	f.Text = strings.TrimSpace(t.Text) + strings.TrimSpace(u.Text)
	union := func(a, b []string) []string {
		out := slices.Clone(nonNil(a))
		for _, n := range b {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	f.Leaders, f.Units, f.CoUnits = union(t.Leaders, u.Leaders), union(t.Units, u.Units), union(t.CoUnits, u.CoUnits)
	if f.Deadline == "" {
		f.Deadline = u.Deadline
	}
	return f
}

// correct runs one correction of document id: build makes it from the
// served document (refusing bad input), then it is applied, kept as a new
// version with the layer grown by it, and served.
func (l *Library) correct(ctx context.Context, id string, o EditOptions, build func(*ingest.Document, []Correction) (*Correction, error)) (*Edited, error) {
	if o.Who == "" {
		o.Who = WhoLocal
	}
	by, err := cleanBy(o.By)
	if err != nil {
		return nil, err
	}
	if !l.lockDoc(id) {
		return nil, ingest.Errorf(ingest.ECONFLICT, "文件 %s 正在写入,请稍后再试", id)
	}
	defer l.unlockDoc(id)
	l.mu.Lock()
	defer l.mu.Unlock()
	info, live := l.live(id)
	if !live {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	if o.Expect != 0 && info.Version != o.Expect {
		return nil, ingest.Errorf(ingest.ECONFLICT, "文件 %s 已有更新的版本(第 %d 版,您看到的是第 %d 版),请刷新后再修改", id, info.Version, o.Expect)
	}
	doc, layer, err := l.currentBody(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := build(doc, layer)
	if err != nil {
		return nil, err
	}
	c.Who, c.By, c.At = o.Who, by, time.Now().UTC().Truncate(time.Second)
	work := cloneDoc(doc)
	if ok, msg := c.apply(work, folds{}); !ok || msg != "" {
		return nil, fmt.Errorf("correction of %s not applied: %s", id, msg)
	}
	if err := ingest.CheckDocumentLimits(work); err != nil {
		return nil, err
	}
	layer = append(slices.Clone(layer), *c)
	v, _, err := l.keep(work, nil, o.Who, ActionEdit, 0, layer, c, by, nil)
	if err != nil {
		return nil, err
	}
	if _, err := l.idx.Replace(l.dress(work)); err != nil {
		return nil, err
	}
	out := &Edited{Document: id, Version: v, Correction: c, Tasks: []ingest.Task{}, Removed: []string{}}
	for _, seq := range []int{c.Seq, c.OtherSeq} {
		if seq == 0 {
			continue
		}
		if i := slices.IndexFunc(work.Tasks, func(t ingest.Task) bool { return t.Seq == seq }); i >= 0 {
			out.Tasks = append(out.Tasks, work.Tasks[i])
		} else {
			out.Removed = append(out.Removed, id+"-"+strconv.Itoa(seq))
		}
	}
	return out, nil
}

// taskAt finds the task with 序号 seq.
func taskAt(doc *ingest.Document, seq int, id string) (*ingest.Task, error) {
	for i := range doc.Tasks {
		if doc.Tasks[i].Seq == seq {
			return &doc.Tasks[i], nil
		}
	}
	return nil, ingest.Errorf(ingest.ENOTFOUND, "没有编号为 %q 的任务", id)
}

// namedSeq is the highest 序号 the corrections name.
func namedSeq(layer []Correction) int {
	n := 0
	for _, c := range layer {
		n = max(n, c.Seq, c.OtherSeq)
	}
	return n
}

func nextSeq(doc *ingest.Document) int {
	n := 0
	for _, t := range doc.Tasks {
		n = max(n, t.Seq)
	}
	return n + 1
}

func presentFields(f *TaskFields) []string {
	out := []string{"text"}
	if len(f.Leaders) > 0 {
		out = append(out, "leaders")
	}
	out = append(out, "units")
	if len(f.CoUnits) > 0 {
		out = append(out, "co_units")
	}
	if f.Deadline != "" {
		out = append(out, "deadline")
	}
	return out
}

// Input: what the office types, cleaned as the parser cleans.

// nameSeparators split a list typed as one string: 区财政局、区发改局.
func nameSeparator(r rune) bool {
	switch r {
	case '、', '，', ',', '；', ';', '\n', '\r', '\t':
		return true
	}
	return false
}

// CleanNames reads a list of names as the office types it: each value may
// hold several names separated by 、 (or ，,；;, a line end); names are
// trimmed, empty ones and repeats dropped. label names the field in the
// error message.
func CleanNames(in []string, label string) ([]string, error) {
	out := []string{}
	for _, v := range in {
		for _, n := range strings.FieldsFunc(v, nameSeparator) {
			n = strings.TrimFunc(n, unicode.IsSpace)
			if n == "" || slices.Contains(out, n) {
				continue
			}
			if utf8.RuneCountInString(n) > 100 || strings.ContainsFunc(n, unicode.IsControl) {
				return nil, ingest.Errorf(ingest.EINVALID, "%s“%s”不像一个名称(不超过 100 字,不含控制字符)", label, truncate(n, 20))
			}
			out = append(out, n)
		}
	}
	if len(out) > ingest.MaxTaskNames {
		return nil, ingest.Errorf(ingest.EINVALID, "%s太多(不超过 %d 个)", label, ingest.MaxTaskNames)
	}
	return out, nil
}

func cleanText(s string) (string, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	switch {
	case s == "":
		return "", ingest.Errorf(ingest.EINVALID, "任务内容不能为空")
	case !utf8.ValidString(s):
		return "", ingest.Errorf(ingest.EINVALID, "任务内容含有无法识别的字符")
	case utf8.RuneCountInString(s) > ingest.MaxTaskRunes:
		return "", ingest.Errorf(ingest.EINVALID, "任务内容超过 %d 字", ingest.MaxTaskRunes)
	}
	return s, nil
}

func cleanDeadline(s string) (string, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if utf8.RuneCountInString(s) > 200 || strings.ContainsFunc(s, unicode.IsControl) || !utf8.ValidString(s) {
		return "", ingest.Errorf(ingest.EINVALID, "完成时限太长或含有控制字符(不超过 200 字)")
	}
	return s, nil
}

func cleanBy(s string) (string, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if utf8.RuneCountInString(s) > 40 || strings.ContainsFunc(s, unicode.IsControl) || !utf8.ValidString(s) {
		return "", ingest.Errorf(ingest.EINVALID, "校正人姓名太长或含有控制字符(不超过 40 字)")
	}
	return s, nil
}

func cleanFields(f TaskFields) (*TaskFields, error) {
	var out TaskFields
	var err error
	if out.Text, err = cleanText(f.Text); err != nil {
		return nil, err
	}
	if out.Leaders, err = CleanNames(f.Leaders, "牵头领导"); err != nil {
		return nil, err
	}
	if out.Units, err = CleanNames(f.Units, "牵头单位"); err != nil {
		return nil, err
	}
	if out.CoUnits, err = CleanNames(f.CoUnits, "配合单位"); err != nil {
		return nil, err
	}
	if out.Deadline, err = cleanDeadline(f.Deadline); err != nil {
		return nil, err
	}
	return &out, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Applying corrections.

// apply makes the correction on doc. ok is false when it no longer
// applies (its task is gone, or doc already says what it says); msg then
// says why, in Chinese. An edit some of whose fields doc already gives by
// itself keeps the others (ok, with msg naming those dropped) and is
// trimmed to them.
func (c *Correction) apply(doc *ingest.Document, fold folds) (ok bool, msg string) {
	switch c.Kind {
	case KindEdit:
		i := fold.findTask(doc, c.Seq, c.Text)
		if i < 0 {
			return false, fmt.Sprintf("人工校正的第 %d 项任务(%s)已找不到,这条校正(%s)不再保留", c.Seq, truncate(c.Text, 20), fieldNames(c.Fields))
		}
		t := &doc.Tasks[i]
		var keep, same []string
		for _, f := range c.Fields {
			if c.After.equal(t, f) {
				same = append(same, f)
			} else {
				keep = append(keep, f)
			}
		}
		if len(keep) == 0 {
			return false, fmt.Sprintf("第 %d 项任务的%s现已解析为人工校正的内容,这条校正不再保留", t.Seq, fieldNames(same))
		}
		for _, f := range keep {
			c.After.set(t, f)
			mark(t, f)
		}
		c.Seq, c.Fields = t.Seq, keep
		derive(doc, t)
		if len(same) > 0 {
			return true, fmt.Sprintf("第 %d 项任务的%s现已解析为人工校正的内容,这部分校正不再保留", t.Seq, fieldNames(same))
		}
		return true, ""
	case KindAdd:
		for _, t := range doc.Tasks {
			if fold.of(t.Text) == fold.of(c.After.Text) {
				return false, fmt.Sprintf("人工新增的任务“%s”现已由解析得到(第 %d 项),这条校正不再保留", truncate(c.After.Text, 20), t.Seq)
			}
		}
		moved := ""
		if slices.ContainsFunc(doc.Tasks, func(t ingest.Task) bool { return t.Seq == c.Seq }) {
			seq := nextSeq(doc)
			moved = fmt.Sprintf("人工新增的任务“%s”原为第 %d 项,该序号现已有解析出的任务,改为第 %d 项", truncate(c.After.Text, 20), c.Seq, seq)
			c.Seq = seq
		}
		t := ingest.Task{Seq: c.Seq, Section: c.Section, Corrected: []string{MarkAdded}, Extra: nil}
		for _, f := range correctable {
			c.After.set(&t, f)
		}
		doc.Tasks = append(doc.Tasks, t)
		derive(doc, &doc.Tasks[len(doc.Tasks)-1])
		sortTasks(doc)
		return true, moved
	case KindDelete:
		i := fold.findTask(doc, c.Seq, c.Text)
		if i < 0 {
			return false, fmt.Sprintf("人工删除的第 %d 项任务(%s)现已不在,这条校正不再保留", c.Seq, truncate(c.Text, 20))
		}
		c.Seq = doc.Tasks[i].Seq
		doc.Tasks = slices.Delete(doc.Tasks, i, i+1)
		return true, ""
	case KindSplit:
		i := fold.findTask(doc, c.Seq, c.Text)
		if i < 0 {
			return false, fmt.Sprintf("人工拆分的第 %d 项任务(%s)已找不到,这条校正不再保留", c.Seq, truncate(c.Text, 20))
		}
		if fold.findText(doc, c.After.Text) >= 0 && fold.findText(doc, c.Other.Text) >= 0 {
			return false, fmt.Sprintf("人工拆分的第 %d 项任务现已解析为两项,这条校正不再保留", c.Seq)
		}
		t := &doc.Tasks[i]
		c.Seq = t.Seq
		part := *t
		part.Leaders, part.Units, part.CoUnits = slices.Clone(t.Leaders), slices.Clone(t.Units), slices.Clone(t.CoUnits)
		part.Corrected = slices.Clone(t.Corrected)
		part.Extra = nil
		t.Text = c.After.Text
		mark(t, "text")
		mark(t, MarkSplit)
		derive(doc, t)
		moved := ""
		if slices.ContainsFunc(doc.Tasks, func(x ingest.Task) bool { return x.Seq == c.OtherSeq }) {
			seq := nextSeq(doc)
			moved = fmt.Sprintf("第 %d 项任务拆出的部分原为第 %d 项,该序号现已有解析出的任务,改为第 %d 项", c.Seq, c.OtherSeq, seq)
			c.OtherSeq = seq
		}
		part.Seq = c.OtherSeq
		for _, f := range correctable {
			c.Other.set(&part, f)
		}
		mark(&part, "text")
		mark(&part, MarkSplit)
		doc.Tasks = append(doc.Tasks, part)
		derive(doc, &doc.Tasks[len(doc.Tasks)-1])
		sortTasks(doc)
		return true, moved
	case KindMerge:
		i := fold.findTask(doc, c.Seq, c.Text)
		j := fold.findTask(doc, c.OtherSeq, c.OtherText)
		if i < 0 || j < 0 || i == j {
			return false, fmt.Sprintf("人工合并的第 %d 项和第 %d 项任务已找不到,这条校正不再保留", c.Seq, c.OtherSeq)
		}
		t := &doc.Tasks[i]
		c.Seq, c.OtherSeq = t.Seq, doc.Tasks[j].Seq
		for _, f := range correctable {
			if !c.After.equal(t, f) {
				c.After.set(t, f)
				mark(t, f)
			}
		}
		mark(t, MarkMerged)
		derive(doc, t)
		doc.Tasks = slices.Delete(doc.Tasks, j, j+1)
		return true, ""
	}
	return false, fmt.Sprintf("无法识别的校正类型 %q", c.Kind)
}

// reapply applies the layer to doc, a new reading of its document, and
// returns the corrections that still hold; each one dropped or trimmed is
// a warning in doc's report.
func reapply(doc *ingest.Document, layer []Correction) []Correction {
	if len(layer) == 0 {
		return nil
	}
	if doc.Report == nil {
		doc.Report = &ingest.Report{Unused: []ingest.UnusedLine{}, Warnings: []ingest.Warning{}}
	}
	var kept []Correction
	fold := folds{}
	for _, c := range layer {
		c := c.clone()
		seq := c.Seq
		ok, msg := c.apply(doc, fold)
		if ok {
			kept = append(kept, c)
		}
		if msg != "" {
			field := ""
			if c.Kind == KindEdit && len(c.Fields) == 1 {
				field = c.Fields[0]
			}
			doc.Report.Warnings = append(doc.Report.Warnings, ingest.Warning{Code: ingest.WarnCorrectionStale, Message: msg, Field: field, Seqs: []int{seq}})
		}
	}
	return kept
}

func (c Correction) clone() Correction {
	c.Fields = slices.Clone(c.Fields)
	for _, f := range []**TaskFields{&c.Before, &c.After, &c.Other} {
		if *f != nil {
			g := **f
			g.Leaders, g.Units, g.CoUnits = slices.Clone(g.Leaders), slices.Clone(g.Units), slices.Clone(g.CoUnits)
			*f = &g
		}
	}
	return c
}

// folds remembers texts folded (foldText) while corrections are applied
// to a document: each correction looks through every task's text, and a
// document holds up to ingest.MaxTasks of them.
type folds map[string]string

func (fold folds) of(s string) string {
	if v, ok := fold[s]; ok {
		return v
	}
	v := foldText(s)
	fold[s] = v
	return v
}

// findTask finds the task a correction belongs to: by 序号 and text; by
// text alone when one task has it (renumbered); by 序号 and a text nearly
// the same (cleaned otherwise). -1 when none.
func (fold folds) findTask(doc *ingest.Document, seq int, text string) int {
	want := fold.of(text)
	bySeq := -1
	for i, t := range doc.Tasks {
		if t.Seq == seq {
			if fold.of(t.Text) == want {
				return i
			}
			bySeq = i
		}
	}
	if i := fold.findText(doc, text); i >= 0 {
		return i
	}
	if bySeq >= 0 && nearlySame(fold.of(doc.Tasks[bySeq].Text), want) {
		return bySeq
	}
	return -1
}

// findText is the one task whose text is text (folded), or -1.
func (fold folds) findText(doc *ingest.Document, text string) int {
	want, found := fold.of(text), -1
	for i, t := range doc.Tasks {
		if fold.of(t.Text) == want {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// nearlySame: one text holds the other and is at most a fifth longer, or
// they share 85 % of their character pairs (Dice).
func nearlySame(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return false
	}
	short, long := min(len(ra), len(rb)), max(len(ra), len(rb))
	if (strings.Contains(a, b) || strings.Contains(b, a)) && float64(short) >= 0.8*float64(long) {
		return true
	}
	pairs := func(r []rune) map[[2]rune]int {
		m := map[[2]rune]int{}
		for i := 0; i+1 < len(r); i++ {
			m[[2]rune{r[i], r[i+1]}]++
		}
		return m
	}
	pa, pb := pairs(ra), pairs(rb)
	common := 0
	for k, n := range pa {
		common += min(n, pb[k])
	}
	total := len(ra) - 1 + len(rb) - 1
	return total > 0 && float64(2*common) >= 0.85*float64(total)
}

func (f *TaskFields) equal(t *ingest.Task, field string) bool {
	switch field {
	case "text":
		return t.Text == f.Text
	case "leaders":
		return slices.Equal(nonNil(t.Leaders), nonNil(f.Leaders))
	case "units":
		return slices.Equal(nonNil(t.Units), nonNil(f.Units))
	case "co_units":
		return slices.Equal(nonNil(t.CoUnits), nonNil(f.CoUnits))
	case "deadline":
		return t.Deadline == f.Deadline
	}
	return false
}

func (f *TaskFields) set(t *ingest.Task, field string) {
	switch field {
	case "text":
		t.Text = f.Text
	case "leaders":
		t.Leaders = slices.Clone(nonNil(f.Leaders))
	case "units":
		t.Units = slices.Clone(nonNil(f.Units))
	case "co_units":
		t.CoUnits = slices.Clone(nonNil(f.CoUnits))
	case "deadline":
		t.Deadline = f.Deadline
	}
}

// mark records a field as corrected on t, in correctedOrder.
func mark(t *ingest.Task, field string) {
	if slices.Contains(t.Corrected, field) {
		return
	}
	t.Corrected = append(t.Corrected, field)
	slices.SortFunc(t.Corrected, func(a, b string) int {
		return slices.Index(correctedOrder, a) - slices.Index(correctedOrder, b)
	})
}

// derive sets what a task's fields imply: its ids, unit groups, due date
// and targets.
func derive(doc *ingest.Document, t *ingest.Task) {
	t.DocID, t.Year = doc.ID, doc.Year
	t.ID = doc.ID + "-" + strconv.Itoa(t.Seq)
	t.UnitGroups = []string{}
	for _, u := range t.Units {
		if g := ingest.UnitGroup(u); !slices.Contains(t.UnitGroups, g) {
			t.UnitGroups = append(t.UnitGroups, g)
		}
	}
	t.Due = ingest.DueDate(t.Deadline, doc.Year)
	t.Targets = ingest.Targets(t.Text)
	if t.Targets == nil {
		t.Targets = []ingest.Target{}
	}
}

func sortTasks(doc *ingest.Document) {
	slices.SortStableFunc(doc.Tasks, func(a, b ingest.Task) int { return a.Seq - b.Seq })
}

// FieldLabels are the Chinese names of a task's fields, as the office
// knows them.
var FieldLabels = map[string]string{"text": "任务内容", "leaders": "牵头领导", "units": "牵头单位", "co_units": "配合单位", "deadline": "完成时限",
	MarkAdded: "人工新增", MarkSplit: "拆分", MarkMerged: "合并"}

func fieldNames(fields []string) string {
	var out []string
	for _, f := range fields {
		if n, ok := FieldLabels[f]; ok {
			out = append(out, n)
		} else {
			out = append(out, f)
		}
	}
	return strings.Join(out, "、")
}

// cloneDoc copies doc deeply enough to correct it: its tasks and their
// lists.
func cloneDoc(doc *ingest.Document) *ingest.Document {
	d := *doc
	d.Tasks = make([]ingest.Task, len(doc.Tasks))
	for i, t := range doc.Tasks {
		t.Leaders, t.Units, t.CoUnits, t.UnitGroups = slices.Clone(t.Leaders), slices.Clone(t.Units), slices.Clone(t.CoUnits), slices.Clone(t.UnitGroups)
		t.Corrected = slices.Clone(t.Corrected)
		d.Tasks[i] = t
	}
	if doc.Report != nil {
		r := *doc.Report
		r.Warnings = slices.Clone(r.Warnings)
		d.Report = &r
	}
	return &d
}

// PreviewEdit is a correction the office makes in an import's preview,
// before confirming it (ImportOptions.Corrections): to the task with
// 序号 Seq as the preview shows it. Kind is edit (the default: the fields
// Patch gives), add (a task with Patch's fields, at Seq or, when 0, the
// next free 序号; Section its heading) or delete.
type PreviewEdit struct {
	Kind    string `json:"kind,omitempty"`
	Seq     int    `json:"seq"`
	Section string `json:"section,omitempty"`
	Patch
}

// applyPreviewEdits applies the preview's corrections to doc, in order,
// and returns them as corrections of its layer; the first one refused
// refuses them all (EINVALID, naming which).
func applyPreviewEdits(doc *ingest.Document, edits []PreviewEdit, layer []Correction, who, by string) ([]Correction, error) {
	if who == "" {
		who = WhoLocal
	}
	by, err := cleanBy(by)
	if err != nil {
		return nil, err
	}
	at := time.Now().UTC().Truncate(time.Second)
	var out []Correction
	fold := folds{}
	for i, e := range edits {
		id := doc.ID + "-" + strconv.Itoa(e.Seq)
		var c *Correction
		var err error
		switch e.Kind {
		case "", KindEdit:
			c, err = buildEdit(doc, e.Seq, id, e.Patch)
		case KindDelete:
			c, err = buildDelete(doc, e.Seq, id)
		case KindAdd:
			n := NewTask{Seq: e.Seq, Section: e.Section}
			if e.Text != nil {
				n.Text = *e.Text
			}
			for _, f := range []struct {
				in  *[]string
				out *[]string
			}{{e.Leaders, &n.Leaders}, {e.Units, &n.Units}, {e.CoUnits, &n.CoUnits}} {
				if f.in != nil {
					*f.out = *f.in
				}
			}
			if e.Deadline != nil {
				n.Deadline = *e.Deadline
			}
			c, err = buildAdd(doc, n, max(namedSeq(layer), namedSeq(out)))
		default:
			err = ingest.Errorf(ingest.EINVALID, "校正类型应为 edit、add 或 delete,收到 %q", e.Kind)
		}
		if err != nil {
			return nil, ingest.Errorf(ingest.EINVALID, "预览中的第 %d 条校正(第 %d 项):%s", i+1, e.Seq, ingest.ErrorMessage(err))
		}
		c.Who, c.By, c.At = who, by, at
		if ok, msg := c.apply(doc, fold); !ok || msg != "" {
			return nil, fmt.Errorf("preview correction %d not applied: %s", i+1, msg)
		}
		out = append(out, *c)
	}
	return out, nil
}
