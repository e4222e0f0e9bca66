package ingest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
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
	reasonNoteRow    = "表格中的备注或说明行,不是任务"
	reasonTotalRow   = "表格中的合计行,不是任务"
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

// ParseSource turns a read Source into a Document with no reading rules of
// the office's (ParseSourceWith).
func ParseSource(src *Source) (*Document, error) {
	return ParseSourceWith(src, Options{})
}

// ParseSourceWith turns a read Source into a Document, through the stages a
// reader can follow from file to task:
//
//  1. blocks (blocks.go): lines, paragraphs and table rows, alike for every
//     format; the office's rules (opt.Columns) rename the header cells and
//     keys they name (options.go);
//  2. readings (readings.go): every reader of layout — a table by its
//     header, a table one cell per line, the numbered outline, items and a
//     table together — proposes a reading of the whole document, through
//     assignments (assign.go: who is responsible, from columns, keys,
//     keyless clauses, headings and a stated lead rule) and names (names.go:
//     units and leaders told apart by their shapes);
//  3. the choice (score.go): each reading is scored in one place, the best
//     is kept, and what it leaves in doubt becomes Report.Warnings
//     (check.go), with a close runner-up said too;
//
// then the metadata (meta.go) from the lines around the tasks. A file is
// never rejected because some lines do not parse: they go to the report.
// Only a file where nothing at all is a task is an EINVALID error, and it
// names the lines that came closest.
func ParseSourceWith(src *Source, opt Options) (*Document, error) {
	blocks := joinStackedHeaders(blocksOf(src))
	asRead := blocks
	blocks, matrixWarns := readMatrices(blocks)
	blocks, rangeWarns := rangeAssignments(markLeadUnits(blocks))
	rangeWarns = append(matrixWarns, rangeWarns...)
	blocks, rules := applyRules(blocks, opt)
	file := Notice{Source: src.Name, Format: src.Format, Checksum: src.Checksum}
	var rs []*reading
	table := false
	for _, read := range readers {
		if r := read(blocks, file); r != nil {
			table = table || r.table
			if len(r.doc.Tasks) > 0 {
				rs = append(rs, r)
			}
		}
	}
	if len(rs) == 0 {
		// the closest reading's report names the lines that came closest
		r := readOutlineReport(blocks, file)
		if table {
			r = newReading(ReadingTable, file, len(blocks))
			if at := findHeader(blocks); at >= 0 {
				parseTable(blocks, at, r.rep, false)
			} else if cp := findCellPerLine(blocks); cp != nil {
				parseTable(cp.blocks, 0, r.rep, false)
			}
		}
		slices.SortStableFunc(r.rep.Unused, func(a, b UnusedLine) int { return a.Line - b.Line })
		return nil, noTasksError(table, r.rep)
	}
	best, close := choose(rs)
	doc, rep := best.doc, best.rep
	rep.Reading = best.name
	rep.Rules = rules
	dropIgnored(doc)
	if doc.Year == 0 {
		// no title, number, date or preamble names the year (a 整改清单,
		// a list of proposals): the year most of its deadlines name
		if y := deadlinesYear(doc.Tasks); y > 0 {
			doc.Year = y
			rep.Notes = append(rep.Notes, fmt.Sprintf("文件的标题、文号和日期都没有写明年度,按任务完成时限取 %d 年", y))
		}
	}
	slices.SortStableFunc(rep.Unused, func(a, b UnusedLine) int { return a.Line - b.Line })
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
	rep.Warnings = append(rep.Warnings, rangeWarns...)
	rep.Warnings = append(rep.Warnings, Check(doc)...)
	if close != nil {
		rep.Warnings = append(rep.Warnings, closeWarning(best, close))
	}
	if pr, ok := progressOf(src, asRead); ok {
		rep.Warnings = append(rep.Warnings, Warning{Code: WarnKindAmbiguous, Seqs: []int{},
			Message: fmt.Sprintf("这份文件既可以读成任务分解通知(%d 项任务),也可以读成进度报告(%d 行进展):请确认它是哪一种", len(doc.Tasks), len(pr.Rows))})
	}
	doc.Report = rep
	if err := CheckDocumentLimits(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// readOutlineReport is the outline's reading kept for its report when no
// reading has a task.
func readOutlineReport(blocks []block, file Notice) *reading {
	o := buildOutline(blocks)
	r := newReading(ReadingOutline, file, len(blocks))
	readMetadata(r.doc, o.head, o.tail, r.rep)
	outlineTasks(o, statesLeadRule(o.head), r.rep)
	return r
}

// statesLeadRule reports whether the lines before the items state a lead
// rule for all of them (排在第一位的为牵头单位).
func statesLeadRule(head []block) bool {
	for _, b := range head {
		if leadRuleRe.MatchString(simplifiedRunes(b.text)) {
			return true
		}
	}
	return false
}

// docStatesLeadRule reports whether the document states a lead rule
// anywhere outside a task's row, for the table readings: in the preamble
// above the table, in a note under it (注：责任单位中排在第一位的为牵头单位,
// 说明：…列第一位者为牵头单位) or in a note row of the table itself (a cell
// merged across the sheet's foot). A row of several distinct cells is a
// task's row, never a rule.
func docStatesLeadRule(blocks []block) bool {
	for _, b := range blocks {
		text := b.text
		if b.row {
			var distinct []string
			for _, c := range b.cells {
				if c = cleanCell(c); c != "" && !slices.Contains(distinct, c) {
					distinct = append(distinct, c)
				}
			}
			if len(distinct) == 0 || len(distinct) > 2 || len(distinct) == 2 && !noteLabelRe.MatchString(distinct[0]) {
				continue
			}
			text = strings.Join(distinct, "")
		}
		if leadRuleRe.MatchString(simplifiedRunes(text)) {
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

// deadlinesYear is the year most of the tasks' deadlines name (the later
// on a tie), 0 when none names one.
func deadlinesYear(tasks []Task) int {
	count := map[int]int{}
	best := 0
	for _, t := range tasks {
		m := yearRe.FindStringSubmatch(t.Deadline)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		count[y]++
		if best == 0 || count[y] > count[best] || count[y] == count[best] && y > best {
			best = y
		}
	}
	return best
}
