package library

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/duban/duban/ingest"
)

// WarnSameNotice: the file looks like a notice already there under another
// id (Preview.Candidates); the caller chooses to replace it or add beside.
const WarnSameNotice = "same_notice"

// FieldLabel names a task field (its JSON name) as the office does: every
// message and label the clerk reads says these, never the JSON names.
func FieldLabel(field string) string {
	switch field {
	case "seq":
		return "序号"
	case "section":
		return "所属部分"
	case "text":
		return "任务内容"
	case "leaders":
		return "牵头领导"
	case "units":
		return "牵头单位"
	case "co_units":
		return "配合单位"
	case "deadline":
		return "完成时限"
	}
	return field
}

// previewWarnings are the doubts a preview shows, most consequential first:
// what a replacement removes or erases, then the reading's own warnings
// (Report.Warnings), the document's checks (ingest.Check), unused lines and
// the notices the file looks like. They are merged by code and field
// (mergeWarnings).
func previewWarnings(p *Preview, old, doc *ingest.Document) []ingest.Warning {
	var ws []ingest.Warning
	if p.Diff != nil && len(p.Diff.Removed) > 0 {
		seqs := make([]int, len(p.Diff.Removed))
		for i, t := range p.Diff.Removed {
			seqs[i] = t.Seq
		}
		ws = append(ws, ingest.Warning{Code: ingest.WarnTasksRemoved, Field: "seq", Seqs: seqs,
			Message: fmt.Sprintf("此次导入将删除现有的 %d 项任务(%s,见下方“将删除的任务”),它们将不再能被搜索到;如有误,可在历史版本中恢复",
				len(seqs), seqText(seqs))})
	}
	if old != nil {
		ws = append(ws, erasedFields(old, doc)...)
	}
	if doc.Report != nil {
		ws = append(ws, doc.Report.Warnings...)
	}
	// The parse checked the document as it read it (its Report.Warnings
	// hold ingest.Check's); it is checked again only when corrections
	// changed it since (a bulk import spent 3% of its CPU checking twice).
	if doc.Report == nil || len(p.corrections) > 0 {
		ws = append(ws, ingest.Check(doc)...)
	}
	if doc.Report != nil {
		if n := len(doc.Report.Unused); n > 0 {
			ws = append(ws, ingest.Warning{Code: ingest.WarnUnusedLines, Seqs: []int{},
				Message: fmt.Sprintf("有 %d 行文字未能读成任务,请核对这些行(在任务表中按原文位置列出)是否漏掉了任务", n)})
		}
	}
	for _, c := range p.Candidates {
		// a title's own 《》 become 〈〉 inside the 《》 that name it
		title := strings.NewReplacer("《", "〈", "》", "〉").Replace(c.Title)
		ws = append(ws, ingest.Warning{Code: WarnSameNotice, Seqs: []int{},
			Message: fmt.Sprintf("看起来与已有的文件《%s》(%d 年)是同一份通知:%s", title, c.Year, c.Reason)})
	}
	return mergeWarnings(ws)
}

// erasableFields are the fields a replacement can erase, in the order
// their warnings are given.
var erasableFields = []string{"deadline", "co_units", "leaders", "units", "section"}

// erasedFields warns, field by field, when the new version leaves empty a
// field its task had in the version it replaces (a file without a 完成时限
// column replacing one with 80 deadlines): tasks matched by seq, as the
// diff matches them.
func erasedFields(old, doc *ingest.Document) []ingest.Warning {
	before := make(map[int]*ingest.Task, len(old.Tasks))
	for i := range old.Tasks {
		before[old.Tasks[i].Seq] = &old.Tasks[i]
	}
	// the fields the new version has on no task at all (a column gone)
	has := map[string]bool{}
	for i := range doc.Tasks {
		for _, f := range erasableFields {
			if fieldValue(&doc.Tasks[i], f) != "" {
				has[f] = true
			}
		}
	}
	var out []ingest.Warning
	for _, f := range erasableFields {
		var seqs []int
		for i := range doc.Tasks {
			t := &doc.Tasks[i]
			if o, ok := before[t.Seq]; ok && fieldValue(o, f) != "" && fieldValue(t, f) == "" {
				seqs = append(seqs, t.Seq)
			}
		}
		if len(seqs) == 0 {
			continue
		}
		label := FieldLabel(f)
		msg := fmt.Sprintf("新文件中 %d 项任务没有%s,而当前版本中有(%s):导入后这些%s将被清空", len(seqs), label, seqText(seqs), label)
		if !has[f] {
			msg = fmt.Sprintf("新文件没有读到任何%s:当前版本中 %d 项任务的%s将全部被清空(%s)。如果新文件本来就没有这一栏,请确认后再导入", label, len(seqs), label, seqText(seqs))
		}
		out = append(out, ingest.Warning{Code: ingest.WarnFieldErased, Field: f, Seqs: seqs, Message: msg})
	}
	return out
}

// maxSeqsShown is how many 序号 a message lists before it says 等.
const maxSeqsShown = 8

// seqText names tasks by their 序号 for a message: 第 3、5、8 项, the first
// few of a long list followed by 等 N 项 (as ingest.Check's messages do).
func seqText(seqs []int) string {
	var b strings.Builder
	b.WriteString("第 ")
	for i, s := range seqs {
		if i == maxSeqsShown {
			fmt.Fprintf(&b, " 等 %d 项", len(seqs))
			return b.String()
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(s))
	}
	b.WriteString(" 项")
	return b.String()
}

// mergeWarnings keeps one warning per code and field, the first one's
// message, with the seqs of all of them (each once, in order). Seqs is
// never nil.
func mergeWarnings(ws []ingest.Warning) []ingest.Warning {
	out := []ingest.Warning{}
	at := map[string]int{}
	for _, w := range ws {
		key := w.Code + "\x00" + w.Field
		i, seen := at[key]
		if !seen {
			at[key] = len(out)
			w.Seqs = slices.Clone(w.Seqs)
			if w.Seqs == nil {
				w.Seqs = []int{}
			}
			out = append(out, w)
			continue
		}
		for _, s := range w.Seqs {
			if !slices.Contains(out[i].Seqs, s) {
				out[i].Seqs = append(out[i].Seqs, s)
			}
		}
	}
	for i := range out {
		slices.Sort(out[i].Seqs)
	}
	return out
}
