package ingest

// Readings that compete (issue 26). Every reader of layout proposes a
// reading of the whole document — its tasks, its metadata and the report of
// the lines it did not use — and one place (score.go) scores each reading
// and chooses. A reader that does not see its layout proposes nothing.
//
// The readers, each small and tested alone (readings_test.go):
//
//   - table:         a table headed by a row of column names (header.go,
//     table.go, align.go), rows as written in the file's own table or as
//     text (tabs, pipes, runs of spaces: spaced.go);
//   - cells:         a table copied one cell per line (cells.go), maybe
//     several (附件1, 附件2);
//   - outline:       the numbered paragraphs at every level (outline.go,
//     tasks.go), with their key lines, keyed blocks (任务一：…), paragraph
//     items ending in an assignment and leader-headed groups;
//   - outline+table: numbered items above a table that goes on with them
//     (1、…5、 inline, then a table numbered 6–10);
//   - outline+annex: items of the notice's own text, then an attachment
//     (附件) holding a table of its own numbering (prose items 一是…二是…
//     each with its assignment, and 附件 a 责任分工表 numbered from 1);
//   - pledge:        a 目标责任书 whose 乙方 leads every target (pledge.go);
//   - cards:         task cards copied as text, key and value apart by
//     spaces with no colon, repeating one set of keys (cardlines.go).

import (
	"slices"
	"strconv"
	"strings"
)

// Reading names, as Report.Reading gives them.
const (
	ReadingTable        = "table"
	ReadingCells        = "cells"
	ReadingOutline      = "outline"
	ReadingOutlineTable = "outline+table"
	ReadingOutlineAnnex = "outline+annex"
	ReadingPledge       = "pledge"
	ReadingCards        = "cards"
)

// reading is one reader's account of the whole document.
type reading struct {
	name string
	doc  *Document
	rep  *Report
	// table: the reading found a task table's header (for the error
	// when no reading has a task).
	table bool
}

// newReading starts a reading of a file with an empty report.
func newReading(name string, file Notice, lines int) *reading {
	return &reading{
		name: name,
		doc:  &Document{Notice: file},
		rep:  &Report{LinesRead: lines, Unused: []UnusedLine{}, Warnings: []Warning{}},
	}
}

// reader proposes a reading, or nil when its layout is not there.
type reader func(blocks []block, file Notice) *reading

// readers are the readers in the order a tie between their scores goes:
// the table first, as a table says plainly which column is which.
var readers = []reader{readByHeader, readCells, readOutline, readOutlineAndTable, readOutlineAndAnnex, readPledge, readCardLines}

// readByHeader reads the task table headed by a row of column names.
func readByHeader(blocks []block, file Notice) *reading {
	at := findHeader(blocks)
	if at < 0 {
		return nil
	}
	blocks = unnamedSeqColumn(blocks, at)
	r := newReading(ReadingTable, file, len(blocks))
	r.table = true
	head := blocks[:at]
	if groupHeadingAbove(blocks, at) != "" {
		head = headAbove(head)
	}
	readMetadata(r.doc, head, nil, r.rep)
	r.doc.Tasks = parseTable(blocks, at, r.rep, docStatesLeadRule(blocks))
	return r
}

// readCells reads a table written one cell per line.
func readCells(blocks []block, file Notice) *reading {
	cp := findCellPerLine(blocks)
	if cp == nil {
		return nil
	}
	r := newReading(ReadingCells, file, len(blocks))
	r.table = true
	head, rows := blocks[:cp.start], cp.blocks
	if h := groupHeadingAbove(blocks, cp.start); h != "" {
		head = headAbove(head)
		rows = append([]block{{line: cp.blocks[0].line, text: h}}, rows...)
	}
	readMetadata(r.doc, head, nil, r.rep)
	for _, it := range blocks[cp.start:] {
		if strings.TrimSpace(it.text) == "" {
			r.rep.BlankLines++
		}
	}
	for _, b := range cp.apart {
		reason := reasonOtherTable
		if !b.row {
			reason = reasonChrome
		}
		r.rep.Unused = append(r.rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reason})
	}
	r.doc.Tasks = parseTable(rows, len(rows)-len(cp.blocks), r.rep, docStatesLeadRule(blocks))
	return r
}

// readOutline reads the numbered items of the body.
func readOutline(blocks []block, file Notice) *reading {
	return outlineReading(ReadingOutline, buildOutline(blocks), file, len(blocks))
}

// outlineReading is the reading name of an outline's items, nil when it
// has none.
func outlineReading(name string, o *outline, file Notice, lines int) *reading {
	if len(o.roots) == 0 {
		return nil
	}
	r := newReading(name, file, lines)
	readMetadata(r.doc, o.head, o.tail, r.rep)
	r.doc.Tasks = outlineTasks(o, statesLeadRule(o.head), r.rep)
	return r
}

// readCardLines reads task cards copied as text, key and value apart by
// spaces and no colon (cardlines.go), as the forms they were.
func readCardLines(blocks []block, file Notice) *reading {
	rows, ok := cardRows(blocks)
	if !ok {
		return nil
	}
	return outlineReading(ReadingCards, buildOutline(rows), file, len(blocks))
}

// readOutlineAndTable reads numbered items above a task table as tasks
// too, when the table's numbering goes on from theirs (items 1–5, then
// rows 6–10): one list written in two layouts.
func readOutlineAndTable(blocks []block, file Notice) *reading {
	at := findHeader(blocks)
	if at <= 0 {
		return nil
	}
	o := buildOutline(blocks[:at])
	if len(o.roots) == 0 {
		return nil
	}
	r := newReading(ReadingOutlineTable, file, len(blocks))
	r.table = true
	readMetadata(r.doc, o.head, nil, r.rep)
	items := outlineTasks(o, statesLeadRule(o.head), r.rep)
	if len(items) == 0 {
		return nil
	}
	rows := parseTable(unnamedSeqColumn(blocks, at), at, r.rep, docStatesLeadRule(blocks))
	if len(rows) == 0 || rows[0].Seq != items[len(items)-1].Seq+1 {
		return nil
	}
	r.doc.Tasks = append(items, rows...)
	return r
}

// readOutlineAndAnnex reads a notice whose own text holds items with
// their assignments and whose attachment (附件, 附件1) holds a task table
// numbered on its own: both are the notice's tasks, the items first. The
// text before the 附件 line is read as the outline, the attachment as a
// table (by its header, or one cell per line). Where the two numberings
// repeat a number, tasks are numbered in order and the written number kept
// in extra["原编号"].
func readOutlineAndAnnex(blocks []block, file Notice) *reading {
	if !slices.ContainsFunc(blocks, func(b block) bool {
		return !b.row && strings.Contains(b.text, "附") && strings.Contains(b.text, "件")
	}) {
		return nil // no 附件: spare the table readers
	}
	start := -1
	if at := findHeader(blocks); at > 0 {
		start = at
	} else if cp := findCellPerLine(blocks); cp != nil && cp.start > 0 {
		start = cp.start
	}
	at := annexAbove(blocks, start)
	if at <= 0 {
		return nil
	}
	o := buildOutline(blocks[:at])
	if len(o.roots) == 0 {
		return nil
	}
	r := newReading(ReadingOutlineAnnex, file, len(blocks))
	r.table = true
	readMetadata(r.doc, o.head, o.tail, r.rep)
	items := outlineTasks(o, statesLeadRule(o.head), r.rep)
	if len(items) == 0 {
		return nil
	}
	var table *reading
	for _, read := range []reader{readByHeader, readCells} {
		if t := read(blocks[at:], file); t != nil && len(t.doc.Tasks) > 0 {
			table = t
			break
		}
	}
	if table == nil {
		return nil
	}
	r.rep.Unused = append(r.rep.Unused, table.rep.Unused...)
	r.rep.Warnings = append(r.rep.Warnings, table.rep.Warnings...)
	r.rep.BlankLines += table.rep.BlankLines
	r.doc.Tasks = numberOn(append(items, table.doc.Tasks...))
	return r
}

// annexAbove is the index of the 附件 line (附件, 附件1, 附件2：, or with the
// table's title after its colon) that opens
// the attachment holding the table starting at blocks[start]: at most three
// lines of text (the table's title) stand between them. -1 when there is
// none.
func annexAbove(blocks []block, start int) int {
	if start <= 0 {
		return -1
	}
	lines := 0
	for i := start - 1; i >= 0 && lines <= 3; i-- {
		t := strings.TrimRight(cleanCell(blocks[i].text), ":\uFF1A ")
		if t == "" {
			continue
		}
		if attachRe.MatchString(t) || attachTiRe.MatchString(t) {
			return i // 附件2, or 附件2：2024年民生实事项目表
		}
		lines++
	}
	return -1
}

// numberOn gives tasks read from two parts their seqs: as written when
// they run on without a repeat, else in order with the written number in
// extra["原编号"] (unless a part kept one already).
func numberOn(tasks []Task) []Task {
	seen := map[int]bool{}
	repeat := false
	for _, t := range tasks {
		repeat = repeat || t.Seq <= 0 || seen[t.Seq]
		seen[t.Seq] = true
	}
	if !repeat {
		return tasks
	}
	for i := range tasks {
		if _, ok := tasks[i].Extra["原编号"]; !ok && tasks[i].Seq > 0 {
			setExtra(&tasks[i], "原编号", strconv.Itoa(tasks[i].Seq))
		}
		tasks[i].Seq = i + 1
	}
	return tasks
}

// headAbove is the head without its last line of text: the heading above a
// table is the rows' section, not the document's title.
func headAbove(head []block) []block {
	for len(head) > 0 && cleanCell(head[len(head)-1].text) == "" && !head[len(head)-1].row {
		head = head[:len(head)-1]
	}
	if len(head) > 0 {
		head = head[:len(head)-1]
	}
	return head
}

// unnamedSeqColumn names the number column a header left without a name
// (its cell empty, so the row of names is one cell short): when the rows
// under it are one cell longer and open with their number, the header gets
// 序号 in front.
func unnamedSeqColumn(blocks []block, at int) []block {
	h := blocks[at]
	if _, ok := parseHeader(h.cells); !ok || slices.Contains(headerCols(h.cells), colSeq) {
		return blocks
	}
	longer, rows := 0, 0
	for _, b := range blocks[at+1:] {
		if !b.row || len(b.cells) < 2 {
			continue
		}
		if rows++; rows > 8 {
			break
		}
		if len(b.cells) == len(h.cells)+1 && seqCellRe.MatchString(b.cells[0]) {
			longer++
		}
	}
	if longer == 0 || 2*longer < rows {
		return blocks
	}
	out := slices.Clone(blocks)
	out[at].cells = append([]string{RoleSeq}, h.cells...)
	out[at].text = strings.Join(out[at].cells, " | ")
	return out
}

// headerCols are the columns a row of names gives.
func headerCols(cells []string) []column {
	h, ok := parseHeader(cells)
	if !ok {
		return nil
	}
	return h.cols
}
