package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileBytes is the largest notice Parse reads. Real notices are a few
// hundred kilobytes at most; the cap keeps a mistaken upload from eating
// memory.
const MaxFileBytes = 32 << 20

// Reasons given in the Report for lines that were not used. They are shown
// to the office's staff, so they are in Chinese.
const (
	reasonAfterTable  = "表格之后的文字,既不是表格行也不是任务"
	reasonNoText      = "表格行缺少任务内容(单元格不全)"
	reasonDupSeq      = "序号与前面的任务重复"
	reasonNotRow      = "表头之后的非表格行"
	reasonEmptyRow    = "空表格行"
	reasonBeforeTable = "任务表之前的其他表格行"
	reasonOtherTable  = "不属于任务表的表格行"
)

var (
	dateRe     = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	isoDateRe  = regexp.MustCompile(`^(?:发布时间|发文日期|日期|成文日期|时间)\s*[:\x{FF1A}]\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	cnDateRe   = regexp.MustCompile(`^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$`)
	yearRe     = regexp.MustCompile(`(\d{4})\s*年`)
	issuerRe   = regexp.MustCompile(`(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会)$`)
	attachRe   = regexp.MustCompile(`^附\s*件\s*\d*\s*$`)
	attachTiRe = regexp.MustCompile(`^附\s*件\s*\d*\s*[:\x{FF1A}]\s*(.+)$`)
)

// Parse reads a notice (Read: any supported format and encoding) and parses
// it (ParseSource). name is the file name as given; it is recorded as Source
// and never used as a path.
func Parse(name string, r io.Reader) (*Document, error) {
	src, err := Read(name, r)
	if err != nil {
		return nil, err
	}
	return ParseSource(src)
}

// splitLines splits text on any line end: \r\n, \n or a lone \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// splitCells splits a table line on '|', dropping the empty cells that a
// leading or trailing '|' leaves. ok is false for a line with no '|'.
func splitCells(line string) (cells []string, ok bool) {
	if !strings.Contains(line, "|") {
		return nil, false
	}
	cells = strings.Split(line, "|")
	if strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[0]) == "" && strings.HasPrefix(strings.TrimSpace(line), "|") {
		cells = cells[1:]
	}
	return cells, true
}

// item is one block as the layouts see it: a row of cells (from a table, or
// a text line with '|') or a line of text.
type item struct {
	line  int
	text  string
	cells []string
	row   bool
	// closed: the row cannot continue on the next line (a table row, or a
	// text row ending in '|').
	closed bool
	table  int
}

func itemsOf(src *Source) []item {
	its := make([]item, 0, len(src.Blocks))
	for _, b := range src.Blocks {
		it := item{line: b.Line, text: b.Text, table: b.Table}
		switch {
		case b.Cells != nil:
			it.cells, it.row, it.closed = b.Cells, true, true
			it.text = strings.Join(b.Cells, " | ")
		default:
			if cells, ok := splitCells(b.Text); ok && strings.TrimSpace(strings.Trim(b.Text, "|? \t")) != "" {
				it.cells, it.row = cells, true
				it.closed = strings.HasSuffix(strings.TrimRight(b.Text, " \t"), "|")
			}
		}
		its = append(its, it)
	}
	return its
}

// ParseSource turns a read Source into a Document. It tries the layouts in
// turn: rows of cells under a header (tables, '|' lines), one cell per line
// under a header, and numbered items with inline assignments. A source with
// none of them is an EINVALID error naming what was looked for.
func ParseSource(src *Source) (*Document, error) {
	its := itemsOf(src)
	rep := &Report{LinesRead: len(its), Unused: []UnusedLine{}}
	doc := &Document{Notice: Notice{Source: src.Name, Format: src.Format, Checksum: src.Checksum}}
	switch {
	case findHeader(its) >= 0:
		at := findHeader(its)
		readMetadata(doc, its[:at], rep)
		doc.Tasks = parseTable(its, at, rep)
	case findCellPerLine(its) != nil:
		cp := findCellPerLine(its)
		readMetadata(doc, its[:cp.start], rep)
		for _, it := range its[cp.start:] {
			if strings.TrimSpace(it.text) == "" {
				rep.BlankLines++
			}
		}
		doc.Tasks = parseTable(cp.items, 0, rep)
	default:
		start, tasks := parseList(its, rep)
		if len(tasks) == 0 {
			return nil, Errorf(EINVALID, "没有找到任务表:既没有含“序号/重点工作任务/牵头领导/牵头单位”等列名的表头,也没有带“(牵头单位:…)”的编号条目")
		}
		readMetadata(doc, its[:start], rep)
		doc.Tasks = tasks
	}
	if len(doc.Tasks) == 0 {
		return nil, Errorf(EINVALID, "找到了任务表的表头,但表中没有一行能读成任务")
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
	}
	slices.SortStableFunc(rep.Unused, func(a, b UnusedLine) int { return a.Line - b.Line })
	rep.TasksMade = len(doc.Tasks)
	doc.Report = rep
	if err := CheckDocumentLimits(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// findHeader returns the index of the first row that is a task header, or -1.
func findHeader(its []item) int {
	for i, it := range its {
		if it.row {
			if _, ok := parseHeader(it.cells); ok {
				return i
			}
		}
	}
	return -1
}

func setExtra(t *Task, key, val string) {
	if t.Extra == nil {
		t.Extra = map[string]string{}
	}
	t.Extra[key] = val
}

// readMetadata reads title, issuer, date and year from the items above the
// table; the rest of their text is the preamble. The title is the table's
// own caption (the last line above the header), else the attachment's name.
// Rows of other tables above the header are reported unused.
func readMetadata(doc *Document, its []item, rep *Report) {
	var preamble []string
	titleLine, attachTitle := -1, ""
	// The caption stands right above the table, maybe under a line of
	// source or date ("发布时间:…").
	for i, seen := len(its)-1, 0; i >= 0 && seen < 3 && titleLine < 0; i-- {
		l := cleanCell(its[i].text)
		if l == "" || its[i].row {
			continue
		}
		seen++
		if looksLikeTitle(l) {
			titleLine = i
		}
	}
	for i, it := range its {
		l := cleanCell(it.text)
		switch {
		case l == "":
			rep.BlankLines++
		case it.row:
			rep.Unused = append(rep.Unused, UnusedLine{Line: it.line, Text: it.text, Reason: reasonBeforeTable})
		case i == titleLine:
			doc.Title = l
		case attachRe.MatchString(l):
			// the "附件" marker above the table
		case attachTiRe.MatchString(l):
			if attachTitle == "" {
				attachTitle = attachTiRe.FindStringSubmatch(l)[1]
			}
		case doc.Date == "" && parseDate(l) != "":
			doc.Date = parseDate(l)
		case doc.Issuer == "" && isIssuer(l):
			doc.Issuer = l
		default:
			preamble = append(preamble, l)
		}
	}
	if doc.Title == "" {
		doc.Title = attachTitle
	}
	doc.Preamble = strings.Join(preamble, "\n")
	if m := yearRe.FindStringSubmatch(doc.Title); m != nil {
		doc.Year, _ = strconv.Atoi(m[1])
	} else if doc.Date != "" {
		doc.Year, _ = strconv.Atoi(doc.Date[:4])
	}
}

// looksLikeTitle: a short line that is not a sentence, a date or an issuer.
func looksLikeTitle(l string) bool {
	return utf8.RuneCountInString(l) <= 80 && !strings.ContainsAny(l, "。:\uFF1A") &&
		!attachRe.MatchString(l) && parseDate(l) == "" && !isIssuer(l)
}

// isIssuer: a short line naming a government office, standing alone.
func isIssuer(l string) bool {
	return utf8.RuneCountInString(l) <= 40 && issuerRe.MatchString(l) &&
		!strings.ContainsFunc(l, func(r rune) bool { return unicode.IsPunct(r) && r != '(' && r != ')' && r != '\uFF08' && r != '\uFF09' })
}

// parseDate returns the date a line holds (2018年3月18日 or 二〇一八年三月十八日)
// as YYYY-MM-DD, or "".
func parseDate(l string) string {
	l = strings.TrimSpace(l)
	m := dateRe.FindStringSubmatch(l)
	if m == nil {
		m = isoDateRe.FindStringSubmatch(l)
	}
	if m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
		return ""
	}
	if m := cnDateRe.FindStringSubmatch(l); m != nil {
		y := 0
		for _, r := range m[1] {
			y = y*10 + cnDigit(r)
		}
		mo, d := cnNumber(m[2]), cnNumber(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	return ""
}

func cnDigit(r rune) int {
	return strings.IndexRune("〇一二三四五六七八九", r) / 3 // each is 3 bytes
}

// cnNumber reads 一 to 三十一.
func cnNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return cnDigit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + cnDigit(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return cnDigit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return cnDigit(rs[0])*10 + cnDigit(rs[2])
	}
	return 0
}

// documentID derives a stable id from what names a notice: the same issuer,
// year and title always give the same id, whatever the file is called.
func documentID(issuer string, year int, title string) string {
	sum := sha256.Sum256([]byte(issuer + "\x00" + strconv.Itoa(year) + "\x00" + title))
	return fmt.Sprintf("%d-%s", year, hex.EncodeToString(sum[:])[:10])
}
