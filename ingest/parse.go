package ingest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Reasons given in the Report for lines that were not used. They are shown
// to the office's staff, so they are in Chinese.
const (
	reasonAfterTable = "表格之后的文字,既不是表格行也不是任务"
	reasonNoText     = "表格行缺少任务内容(单元格不全)"
	reasonDupSeq     = "序号与前面的任务重复"
	reasonNotRow     = "表头之后的非表格行"
	reasonEmptyRow   = "空表格行"
	reasonOtherTable = "不属于任务表的表格行"
)

// Parse reads a notice (Read: any supported format and encoding) and parses
// it (ParseSource). name is the file name as given; it is recorded as Source
// and never used as a path.
func Parse(name string, r io.Reader) (*Document, error) {
	return ParseContext(context.Background(), name, r)
}

// ParseContext is Parse under a context (ReadContext): reading stops when
// it is done, and a Source read in time is not parsed after it.
func ParseContext(ctx context.Context, name string, r io.Reader) (*Document, error) {
	src, err := ReadContext(ctx, name, r)
	if err != nil {
		return nil, err
	}
	if ctx != nil && ctx.Err() != nil {
		return nil, errStopped(ctx.Err())
	}
	return ParseSource(src)
}

// splitLines splits text on any line end: \r\n, \n or a lone \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// ParseSource turns a read Source into a Document, through the stages a
// reader can follow from file to task:
//
//  1. blocks (blocks.go): lines, paragraphs and table rows, alike for every
//     format;
//  2. a task table (header.go, table.go, align.go) when a row of column names
//     heads one — written as rows or one cell per line (cells.go) — else the
//     outline (outline.go): the numbered paragraphs at every level;
//  3. assignments (assign.go): who is responsible, from columns, keys,
//     keyless clauses, headings and a stated lead rule;
//  4. names (names.go): units and leaders told apart by their shapes;
//  5. tasks (table.go, tasks.go): every row or item with an assignment, its
//     own or its heading's;
//
// then the metadata (meta.go) from the lines around them. A file is never
// rejected because some lines do not parse: they go to the report. Only a
// file where nothing at all is a task is an EINVALID error, and it names
// the lines that came closest.
func ParseSource(src *Source) (*Document, error) {
	blocks := blocksOf(src)
	rep := &Report{LinesRead: len(blocks), Unused: []UnusedLine{}, Warnings: []Warning{}}
	file := Notice{Source: src.Name, Format: src.Format, Checksum: src.Checksum}
	doc := &Document{Notice: file}
	at := findHeader(blocks)
	var cp *cellPerLine
	if at < 0 {
		cp = findCellPerLine(blocks)
	}
	table := at >= 0 || cp != nil
	if table {
		doc.Tasks = tableTasks(doc, blocks, at, cp, rep)
	}
	if len(doc.Tasks) == 0 {
		// Without a header, or when its table holds no task (a blank
		// feedback form in the attachment: 事项名称：… 责任单位（盖章）：),
		// the numbered items of the body are read; a table with no task
		// rows never wins over them.
		o := buildOutline(blocks)
		odoc := &Document{Notice: file}
		orep := &Report{LinesRead: len(blocks), Unused: []UnusedLine{}, Warnings: []Warning{}}
		readMetadata(odoc, o.head, o.tail, orep)
		odoc.Tasks = outlineTasks(o, statesLeadRule(o.head), orep)
		if !table || len(odoc.Tasks) > 0 {
			doc, rep, table = odoc, orep, false
		}
	}
	slices.SortStableFunc(rep.Unused, func(a, b UnusedLine) int { return a.Line - b.Line })
	if len(doc.Tasks) == 0 {
		return nil, noTasksError(table, rep)
	}
	doc.ID = DocumentID(doc)
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		t.DocID, t.Year = doc.ID, doc.Year
		t.ID = fmt.Sprintf("%s-%d", doc.ID, t.Seq)
		if t.Leaders == nil {
			t.Leaders = []string{}
		}
		if t.Units == nil {
			t.Units = []string{}
		}
		if t.CoUnits == nil {
			t.CoUnits = []string{}
		}
		t.UnitGroups = unitGroups(t.Units)
		t.Targets = Targets(t.Text)
		if t.Targets == nil {
			t.Targets = []Target{}
		}
		t.Due = dueDate(t.Deadline, doc.Year)
	}
	rep.TasksMade = len(doc.Tasks)
	doc.Report = rep
	if err := CheckDocumentLimits(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// statesLeadRule reports whether the lines before the items state a lead
// rule for all of them (排在第一位的为牵头单位).
// tableTasks reads the tasks of the table headed at blocks[at], or of the
// table written one cell per line (cp), and the metadata above it.
func tableTasks(doc *Document, blocks []block, at int, cp *cellPerLine, rep *Report) []Task {
	if at >= 0 {
		readMetadata(doc, blocks[:at], nil, rep)
		return parseTable(blocks, at, rep, statesLeadRule(blocks[:at]))
	}
	readMetadata(doc, blocks[:cp.start], nil, rep)
	for _, it := range blocks[cp.start:] {
		if strings.TrimSpace(it.text) == "" {
			rep.BlankLines++
		}
	}
	for _, b := range cp.apart {
		reason := reasonOtherTable
		if !b.row {
			reason = reasonChrome
		}
		rep.Unused = append(rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reason})
	}
	return parseTable(cp.blocks, 0, rep, statesLeadRule(blocks[:cp.start]))
}

func statesLeadRule(head []block) bool {
	for _, b := range head {
		if leadRuleRe.MatchString(simplifiedRunes(b.text)) {
			return true
		}
	}
	return false
}

// noTasksError says that nothing in the file is a task, and which lines
// came closest and why each was not one.
func noTasksError(table bool, rep *Report) error {
	msg := "没有找到任务表:既没有含“序号/重点工作任务/牵头领导/牵头单位”等列名的表头,也没有写明牵头单位或负责单位的编号条目"
	if table {
		msg = "找到了任务表的表头,但表中没有一行能读成任务"
	}
	var near []string
	for _, u := range rep.Unused {
		switch u.Reason {
		case reasonNoAssign, reasonNoText, reasonDupSeq, reasonNotItem:
		default:
			continue
		}
		text := []rune(strings.TrimSpace(u.Text))
		if len(text) > 40 {
			text = append(text[:40], '…')
		}
		near = append(near, fmt.Sprintf("第%d行「%s」:%s", u.Line, string(text), u.Reason))
		if len(near) == 5 {
			break
		}
	}
	if len(near) > 0 {
		msg += "。最接近的几行:\n" + strings.Join(near, "\n")
	}
	return Errorf(EINVALID, "%s", msg)
}

// findHeader returns the index of the first row that is a task header, or -1.
func findHeader(its []block) int {
	for i, it := range its {
		if it.row {
			if _, ok := parseHeader(it.cells); ok {
				return i
			}
			// a header over two rows: 责任分工 spanning 牵头单位 | 配合单位
			// in the row below, whose first cells are left empty
			if i+1 < len(its) && its[i+1].row && knownColumns(it.cells) >= 2 {
				if _, ok := subHeader(nil, it.cells, subHeaderCells(its[i+1])); ok {
					return i
				}
			}
		}
	}
	return -1
}

// knownColumns counts the cells of a row that name a column kind.
func knownColumns(cells []string) int {
	n := 0
	for _, c := range cells {
		if classifyHeader(c) != colExtra {
			n++
		}
	}
	return n
}

func setExtra(t *Task, key, val string) {
	if t.Extra == nil {
		t.Extra = map[string]string{}
	}
	t.Extra[key] = val
}
