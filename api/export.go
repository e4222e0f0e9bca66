package api

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
)

// Export formats.
const (
	ExportXLSX  = "xlsx"
	ExportCSV   = "csv"
	ExportJSONL = "jsonl"
)

// ledgerSheet is the XLSX ledger's sheet name.
const ledgerSheet = "督办台账"

// column is one column of the ledger: its header, its width in the XLSX
// (characters; the widths add up to what fits an A4 landscape page at about
// 80%) and its value for a task.
type column struct {
	name  string
	width float64
	value func(t ingest.Task, docTitle string) string
	// center: short values (year, seq) are centred.
	center bool
}

// ledgerColumns are the office's ledger (台账): the task as the notice has it,
// then its status and latest progress (from the progress reports; empty for
// the office to fill in when none came in) and an empty 备注, as a
// 督办台账 kept in Excel has them. 文件 names the notice on every row only
// when the export holds several (one notice is named once, in the title).
var ledgerColumns = []column{
	{"年度", 6, func(t ingest.Task, _ string) string { return strconv.Itoa(t.Year) }, true},
	{"序号", 5, func(t ingest.Task, _ string) string { return strconv.Itoa(t.Seq) }, true},
	{columnSection, 12, func(t ingest.Task, _ string) string { return t.Section }, false},
	{"重点工作任务", 46, func(t ingest.Task, _ string) string { return t.Text }, false},
	{"量化指标", 20, func(t ingest.Task, _ string) string {
		targets := make([]string, len(t.Targets))
		for i, g := range t.Targets {
			targets[i] = g.Text
		}
		return strings.Join(targets, ";")
	}, false},
	{columnLeaders, 10, func(t ingest.Task, _ string) string { return strings.Join(t.Leaders, "、") }, false},
	{"牵头单位", 16, func(t ingest.Task, _ string) string { return strings.Join(t.Units, "、") }, false},
	{"配合单位", 16, func(t ingest.Task, _ string) string { return strings.Join(t.CoUnits, "、") }, false},
	// as wide as 2019年6月底, which must not wrap
	{"完成时限", 15, func(t ingest.Task, _ string) string { return t.Deadline }, false},
	{columnDocument, 22, func(_ ingest.Task, title string) string { return title }, false},
	{"状态", 8, func(t ingest.Task, _ string) string { return t.Status }, true},
	{columnProgress, 24, func(t ingest.Task, _ string) string {
		// the latest progress report's words, with its period; empty for
		// the office to fill in when no report came in
		if t.Progress == "" {
			return ""
		}
		return progress.PeriodName(t.Period) + ":" + t.Progress
	}, false},
	{"备注", 10, func(ingest.Task, string) string { return "" }, false},
	// a task the office corrected by hand says so, and what (library,
	// correct.go): 已人工校正:牵头单位、完成时限
	{"人工校正", 12, func(t ingest.Task, _ string) string { return CorrectedNote(t.Corrected) }, false},
	// the task's id, hidden in the XLSX (it prints nothing): what matches
	// the rows of a ledger filled in and uploaded back to their tasks
	{ingest.LedgerTaskID, 10, func(t ingest.Task, _ string) string { return t.ID }, false},
}

// CorrectedNote is the ledger's word for a task corrected by hand: empty
// when it was not, else 已人工校正 and the fields corrected.
func CorrectedNote(fields []string) string {
	if len(fields) == 0 {
		return ""
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f
		if n, ok := library.FieldLabels[f]; ok {
			names[i] = n
		}
	}
	return "已人工校正:" + strings.Join(names, "、")
}

// columnProgress is the progress column's name without its period.
const columnProgress = "进展情况"

// ProgressColumn names the ledger's progress column with the period a
// clerk fills it in for (2019年1-6月进展情况), so a ledger filled in and
// uploaded back reads as that period's progress report: through the month
// of the export for the year under way, the whole year (1-12月) for a past
// one, the first quarter for a year to come. The clerk may change it.
func ProgressColumn(year int, date time.Time) string {
	if year == 0 {
		return columnProgress
	}
	month := 12
	switch {
	case year == date.Year():
		month = int(date.Month())
	case year > date.Year():
		month = 3
	}
	if month == 1 {
		return fmt.Sprintf("%d年1月%s", year, columnProgress)
	}
	return fmt.Sprintf("%d年1-%d月%s", year, month, columnProgress)
}

// withProgressColumn is cols with the progress column named for year.
func withProgressColumn(cols []column, year int, date time.Time) []column {
	out := slices.Clone(cols)
	for i := range out {
		if out[i].name == columnProgress {
			out[i].name = ProgressColumn(year, date)
		}
	}
	return out
}

// latestYear is the latest year of the documents an export holds (0 when
// unknown).
func (l Ledger) latestYear(docs []string) int {
	year := 0
	for _, d := range docs {
		year = max(year, l.Years[d])
	}
	return year
}

const columnDocument = "文件"

// LedgerHeader is the header row of a ledger that spans several notices
// (CSV always has it), its progress column without a period.
func LedgerHeader() []string {
	out := make([]string, len(ledgerColumns))
	for i, c := range ledgerColumns {
		out[i] = c.name
	}
	return out
}

// ExportRow is one task as the ledger's cells (every column).
func ExportRow(t ingest.Task, docTitle string) []string {
	out := make([]string, len(ledgerColumns))
	for i, c := range ledgerColumns {
		out[i] = c.value(t, docTitle)
	}
	return out
}

// Ledger is what an export says about itself: the search it lists (in
// words, for its title row) and when it was made.
type Ledger struct {
	Filter string
	Date   time.Time
	// Titles names each document id; Years gives its year (the progress
	// column names a period of the latest).
	Titles map[string]string
	Years  map[string]int
}

// Rows yields an export's tasks: begin first, with how many and from which
// documents, then row for each (index.Store.ScanAll).
type Rows func(begin func(index.ScanInfo) error, row func(ingest.Task) error) error

// WriteExport writes every task rows yields in format: XLSX (the printable
// ledger, streamed so a large export stays small in memory), CSV (UTF-8
// with BOM, so Excel reads it right; header row and tasks only, so it stays
// data) or JSON lines.
func WriteExport(w io.Writer, format string, l Ledger, rows Rows) error {
	switch format {
	case ExportCSV:
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		begin := func(info index.ScanInfo) error {
			cols := withProgressColumn(ledgerColumns, l.latestYear(info.Docs), l.Date)
			header := make([]string, len(cols))
			for i, c := range cols {
				header[i] = c.name
			}
			return cw.Write(header)
		}
		err := rows(begin, func(t ingest.Task) error { return cw.Write(neutralizeRow(ExportRow(t, l.Titles[t.DocID]))) })
		if err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case ExportJSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return rows(nil, func(t ingest.Task) error { return enc.Encode(t) })
	case ExportXLSX:
		return writeLedgerXLSX(w, l, rows)
	}
	return ingest.Errorf(ingest.EINVALID, "不支持的导出格式 %q:请用 xlsx 或 csv", format)
}

// neutralizeRow makes every cell of a CSV row inert as a spreadsheet
// formula, as OWASP advises against CSV injection: a cell that begins with
// =, +, -, @, a tab or a carriage return (=HYPERLINK(…) in a task's text)
// is prefixed with a single quote, which Excel and LibreOffice show as
// text and do not evaluate. XLSX needs none of this: its cells are written
// as strings, never formulas.
func neutralizeRow(row []string) []string {
	for i, v := range row {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			row[i] = "'" + v
		}
	}
	return row
}

// dateCN writes a date as the office does: 2026年11月27日.
func dateCN(t time.Time) string { return t.Format("2006年1月2日") }

// sheet is an XLSX sheet laid out for printing: a title row and a line
// saying what it holds above a header row, borders, A4 landscape fitted to
// the page width, the header repeated on every printed page, page numbers
// in the footer, panes frozen below the header.
type sheet struct {
	f        *excelize.File
	name     string
	sw       *excelize.StreamWriter
	cols     []column
	row      int
	body     int // style of a body cell
	centered int // style of a short centred body cell
}

// newSheet makes the workbook's one sheet for rows data rows (the sheet's
// dimension is written first, so it must be known) and writes its title,
// description and header.
func newSheet(name, title, about string, cols []column, rows int) (*sheet, error) {
	f := excelize.NewFile()
	s := &sheet{f: f, name: name, cols: cols}
	if err := s.setUp(title, about, rows); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// printOnA4 sets a sheet up to print as the office files it: A4
// landscape, as wide as the page, narrow margins, page numbers at the
// foot and the header row (headerRow, unless 0) on every page.
func printOnA4(f *excelize.File, sheet string, headerRow int) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	a4, landscape, one, zero := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	margin, edge := 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页,共 &N 页"}); err != nil {
		return err
	}
	if headerRow == 0 {
		return nil // blocks with their own headers (the 催办 list)
	}
	row := strconv.Itoa(headerRow)
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$" + row + ":$" + row, Scope: sheet})
}

func (s *sheet) setUp(title, about string, rows int) error {
	f := s.f
	if err := f.SetSheetName("Sheet1", s.name); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(s.cols))
	// Written before the rows are streamed: the stream writer puts the
	// sheet's properties and dimension at the top of its XML.
	if err := f.SetSheetDimension(s.name, fmt.Sprintf("A1:%s%d", last, 3+rows)); err != nil {
		return err
	}
	if err := printOnA4(f, s.name, 3); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	style := func(st *excelize.Style) int {
		id, _ := f.NewStyle(st)
		return id
	}
	titleStyle := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	aboutStyle := style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "444444"}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	head := style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	})
	s.body = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border})
	s.centered = style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: border})
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	s.sw = sw
	for i, c := range s.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
		if c.name == ingest.LedgerTaskID {
			if err := sw.SetColVisible(i+1, i+1, false); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	spanned := func(row int, value string, st int, height float64) error {
		cells := make([]any, len(s.cols))
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: st}
		}
		cells[0] = excelize.Cell{StyleID: st, Value: value}
		if err := sw.SetRow("A"+strconv.Itoa(row), cells, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		return sw.MergeCell("A"+strconv.Itoa(row), last+strconv.Itoa(row))
	}
	if err := spanned(1, title, titleStyle, 30); err != nil {
		return err
	}
	if err := spanned(2, about, aboutStyle, 20); err != nil {
		return err
	}
	header := make([]any, len(s.cols))
	for i, c := range s.cols {
		header[i] = excelize.Cell{StyleID: head, Value: c.name}
	}
	s.row = 3
	return sw.SetRow("A3", header, excelize.RowOpts{Height: 22})
}

// add writes one data row; year and seq stay numbers.
func (s *sheet) add(values []string) error {
	s.row++
	cells := make([]any, len(values))
	for i, v := range values {
		st := s.body
		if s.cols[i].center {
			st = s.centered
		}
		cell := excelize.Cell{StyleID: st, Value: v}
		if n, err := strconv.Atoi(v); err == nil && s.cols[i].center {
			cell.Value = n
		}
		cells[i] = cell
	}
	return s.sw.SetRow("A"+strconv.Itoa(s.row), cells, excelize.RowOpts{Height: s.rowHeight(values)})
}

// rowHeight is the height (points) a row needs for its wrapped text to
// show whole. Excel and LibreOffice do not fit a streamed row's height to
// its text when they open the file, so it is set: each cell's lines at its
// column's width, a Chinese character two units wide.
func (s *sheet) rowHeight(values []string) float64 {
	lines := 1
	for i, v := range values {
		if s.cols[i].name == ingest.LedgerTaskID {
			continue // hidden
		}
		lines = max(lines, textLines(v, s.cols[i].width))
	}
	return float64(lines)*lineHeight + 4
}

// textLines is how many lines a cell's text takes wrapped in a column
// width characters wide, a Chinese character two units wide.
//
// A Chinese character is counted a little wider than two units (2.2) and
// any other a little wider than one (1.1): Excel's column unit is the width
// of a "0" in the default font, and a CJK glyph drawn from the fallback
// font is wider than two of them, so counting 2 cut the last line of a
// long 量化指标 cell when printed.
func textLines(v string, width float64) int {
	room := math.Max(width-1, 1)
	n := 0
	for _, para := range strings.Split(v, "\n") {
		w := 0.0
		for _, r := range para {
			if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
				w += 2.2
			} else {
				w += 1.1
			}
		}
		n += max(1, int(math.Ceil(w/room)))
	}
	return n
}

// lineHeight is one line of the body font (11 pt) in points.
const lineHeight = 14.5

// finish ends the sheet and writes the workbook.
func (s *sheet) finish(w io.Writer, title string) error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return err
	}
	if err := s.f.SetDocProps(&excelize.DocProperties{Creator: "督办搜", Title: title}); err != nil {
		return err
	}
	_, err := s.f.WriteTo(w)
	return err
}

// Ledger columns the XLSX writes its own way.
const (
	columnSection = "所属部分"
	columnLeaders = "牵头领导"
)

func writeLedgerXLSX(w io.Writer, l Ledger, rows Rows) error {
	var (
		s           *sheet
		cols        []column
		title       string
		docName     string
		lastSection string // the previous row's document and part
	)
	err := rows(func(info index.ScanInfo) error {
		cols = ledgerColumns
		title = "督办任务台账"
		if len(info.Docs) == 1 {
			// One notice: named once, in the title, not on every row.
			docName = l.Titles[info.Docs[0]]
			if docName != "" {
				title = docName + " · 督办台账"
			}
			cols = nil
			for _, c := range ledgerColumns {
				if c.name != columnDocument {
					cols = append(cols, c)
				}
			}
		} else if len(info.Docs) > 1 {
			title = fmt.Sprintf("督办任务台账(%d 份文件)", len(info.Docs))
		}
		cols = withProgressColumn(cols, l.latestYear(info.Docs), l.Date)
		about := fmt.Sprintf("筛选条件:%s    共 %d 项    导出日期:%s", l.Filter, info.Total, dateCN(l.Date))
		var err error
		s, err = newSheet(ledgerSheet, title, about, cols, info.Total)
		return err
	}, func(t ingest.Task) error {
		values := make([]string, len(cols))
		for i, c := range cols {
			values[i] = c.value(t, l.Titles[t.DocID])
			switch c.name {
			case columnSection:
				// printed once where it begins, not on every row of the
				// part (a repeated title made rows tall: 11 tasks a page)
				if key := t.DocID + "\x00" + values[i]; key == lastSection {
					values[i] = ""
				} else {
					lastSection = key
				}
			case columnLeaders:
				// one name to a line: a name never breaks (黄宏/瞻)
				values[i] = strings.ReplaceAll(values[i], "、", "\n")
			}
		}
		return s.add(values)
	})
	if err != nil {
		if s != nil {
			s.f.Close()
		}
		return err
	}
	return s.finish(w, title)
}

// SimilarityWord says how alike two versions of a task are, as the page
// and the comparison export show it: 高 (a few words changed) from 0.7, else
// 中 (tasks less alike than 0.3 are not paired at all).
func SimilarityWord(sim float64) string {
	if sim >= 0.7 {
		return "高"
	}
	return "中"
}

// comparisonColumns are the comparison export's columns.
var comparisonColumns = []column{
	{"类别", 6, nil, true},
	{"原序号", 7, nil, true},
	{"新序号", 7, nil, true},
	{"原任务", 40, nil, false},
	{"新任务", 40, nil, false},
	{"牵头领导", 10, nil, false},
	{"牵头单位", 16, nil, false},
	{"变化", 22, nil, false},
	{"相似度", 7, nil, true},
}

// comparisonClasses are the classes a comparison export lists, in order,
// with their names; carried tasks (unchanged) are only counted.
var comparisonClasses = []struct{ class, name string }{
	{index.Changed, "变化"}, {index.New, "新增"}, {index.Dropped, "取消"},
}

// ComparisonRows are the cells of a comparison's changed, new and dropped
// tasks, in that order.
func ComparisonRows(cmp *index.Comparison) [][]string {
	var out [][]string
	seq := func(t *ingest.Task) string {
		if t == nil {
			return ""
		}
		return strconv.Itoa(t.Seq)
	}
	text := func(t *ingest.Task) string {
		if t == nil {
			return ""
		}
		return t.Text
	}
	for _, c := range comparisonClasses {
		for _, p := range cmp.Pairs {
			if p.Class != c.class {
				continue
			}
			t := p.To
			if t == nil {
				t = p.From
			}
			var changes []string
			for _, n := range p.Numbers {
				changes = append(changes, orDash(n.From)+" → "+orDash(n.To))
			}
			for _, u := range p.UnitsAdded {
				changes = append(changes, "牵头单位增加"+u)
			}
			for _, u := range p.UnitsRemoved {
				changes = append(changes, "牵头单位减少"+u)
			}
			if p.From != nil && p.To != nil && strings.Join(p.From.Leaders, "、") != strings.Join(p.To.Leaders, "、") {
				changes = append(changes, "牵头领导原为"+strings.Join(p.From.Leaders, "、"))
			}
			sim := ""
			if p.Class == index.Changed {
				sim = SimilarityWord(p.Similarity)
			}
			out = append(out, []string{c.name, seq(p.From), seq(p.To), text(p.From), text(p.To),
				strings.Join(t.Leaders, "、"), strings.Join(t.Units, "、"), strings.Join(changes, ";"), sim})
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// WriteComparison writes a comparison's changed, new and dropped tasks, each
// with its leaders and units, as XLSX (laid out as the ledger) or CSV.
func WriteComparison(w io.Writer, format string, cmp *index.Comparison, date time.Time) error {
	rows := ComparisonRows(cmp)
	switch format {
	case ExportCSV:
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		header := make([]string, len(comparisonColumns))
		for i, c := range comparisonColumns {
			header[i] = c.name
		}
		cw.Write(header)
		for _, r := range rows {
			cw.Write(neutralizeRow(r))
		}
		cw.Flush()
		return cw.Error()
	case ExportXLSX:
		title := "年度对比:" + yearTitle(cmp.From) + " → " + yearTitle(cmp.To)
		c := cmp.Counts
		about := fmt.Sprintf("变化 %d 项 · 新增 %d 项 · 取消 %d 项 · 延续 %d 项(未列出)    导出日期:%s",
			c[index.Changed], c[index.New], c[index.Dropped], c[index.Carried], dateCN(date))
		s, err := newSheet("年度对比", title, about, comparisonColumns, len(rows))
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := s.add(r); err != nil {
				s.f.Close()
				return err
			}
		}
		return s.finish(w, title)
	}
	return ingest.Errorf(ingest.EINVALID, "不支持的导出格式 %q:请用 xlsx 或 csv", format)
}

// yearTitle names a document by its title, with its year first when the
// title does not say it.
func yearTitle(d index.DocumentInfo) string {
	y := strconv.Itoa(d.Year)
	if d.Year == 0 || strings.Contains(d.Title, y) {
		return d.Title
	}
	return y + "年 " + d.Title
}

// sortNames are the sorts as the page names them.
var sortNames = map[string]string{index.SortRelevance: "相关度", index.SortOrder: "年度·序号", index.SortDue: "完成时限"}

// identitiesNamed says which units and leaders the query named in any
// spelling of their identity (index.Vocabulary.NamesIn), as the search's
// hits do (Hit.Matched): the ledger's rows are found through them too,
// whether or not the name stands in a task's text. Empty when it names
// none or no vocabulary is applied.
func identitiesNamed(req index.Request) string {
	if req.Vocabulary == nil {
		return ""
	}
	var said []string
	for _, w := range strings.Fields(req.Query) {
		for _, n := range req.Vocabulary.NamesIn(w) {
			kind, names := "匹配单位", req.Vocabulary.UnitNames(n.Identity)
			if n.Kind == index.NameLeader {
				kind, names = "匹配领导", req.Vocabulary.LeaderNames(n.Identity)
			}
			var other []string
			for _, v := range names {
				if v != n.Identity && !slices.Contains(other, v) && len(other) < 6 {
					other = append(other, v)
				}
			}
			one := kind + ":" + n.Identity
			if len(other) > 0 {
				one += "(含" + strings.Join(other, "、") + ")"
			}
			said = append(said, one)
		}
	}
	if len(said) == 0 {
		return ""
	}
	return "(" + strings.Join(said, ";") + ")"
}

// LedgerFilter says in words what a search selects, for a ledger's title
// row: the values of one filter joined by 或, the filters by ;.
func LedgerFilter(req index.Request, titles map[string]string) string {
	var parts []string
	add := func(label string, values []string) {
		if len(values) > 0 {
			parts = append(parts, label+":"+strings.Join(values, " 或 "))
		}
	}
	if strings.TrimSpace(req.Query) != "" {
		parts = append(parts, "关键词“"+strings.TrimSpace(req.Query)+"”"+identitiesNamed(req))
	}
	add("牵头领导", req.Leaders)
	add("牵头单位", req.Units)
	var years, docs, months []string
	for _, y := range req.Years {
		years = append(years, strconv.Itoa(y)+"年")
	}
	for _, d := range req.Docs {
		if t := titles[d]; t != "" {
			docs = append(docs, t)
		} else {
			docs = append(docs, d)
		}
	}
	for _, m := range req.Due {
		months = append(months, monthCN(m))
	}
	var periods []string
	for _, p := range req.Period {
		periods = append(periods, progress.PeriodName(p))
	}
	add("年度", years)
	add("文件", docs)
	add("完成时限", months)
	add("进展状态", req.Status)
	add("进度报告", periods)
	if req.DueAfter != "" {
		parts = append(parts, "完成时限不早于 "+req.DueAfter)
	}
	if req.DueBefore != "" {
		parts = append(parts, "完成时限截至 "+req.DueBefore)
	}
	out := "全部任务"
	if len(parts) > 0 {
		out = strings.Join(parts, ";")
	}
	if name := sortNames[req.Sort]; name != "" {
		out += "(按" + name + "排序)"
	}
	return out
}

// monthCN writes YYYY-MM as 2019年6月.
func monthCN(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("2006年1月")
}

// unsafeInName are the characters a file name may not hold on Windows,
// macOS or Linux, and spaces.
var unsafeInName = regexp.MustCompile(`[\\/:*?"<>|\x00-\x1f\s]+`)

// LedgerFileName names an export by what it holds and when it was made:
// 督办台账_祝振伟_2019_20261127.xlsx (the query, leaders, units, documents,
// years, due, status and period filters, each part at most 20 characters).
func LedgerFileName(req index.Request, titles map[string]string, date time.Time, ext string) string {
	parts := []string{"督办台账"}
	add := func(v string) {
		v = unsafeInName.ReplaceAllString(v, "")
		if utf8.RuneCountInString(v) > 20 {
			v = string([]rune(v)[:20])
		}
		if v != "" {
			parts = append(parts, v)
		}
	}
	add(req.Query)
	for _, v := range req.Leaders {
		add(v)
	}
	for _, v := range req.Units {
		add(v)
	}
	for _, d := range req.Docs {
		if t := titles[d]; t != "" {
			add(t)
		} else {
			add(d)
		}
	}
	for _, y := range req.Years {
		add(strconv.Itoa(y))
	}
	for _, m := range req.Due {
		add(monthCN(m) + "到期")
	}
	if req.DueAfter != "" {
		add(strings.ReplaceAll(req.DueAfter, "-", "") + "起")
	}
	if req.DueBefore != "" {
		add("截至" + strings.ReplaceAll(req.DueBefore, "-", ""))
	}
	for _, st := range req.Status {
		add(st)
	}
	for _, p := range req.Period {
		add(strings.ReplaceAll(progress.PeriodName(p), " ", ""))
	}
	parts = append(parts, date.Format("20060102"))
	return strings.Join(parts, "_") + "." + ext
}

// ComparisonFileName names a comparison export: 年度对比_2018_2019_20261127.xlsx.
func ComparisonFileName(cmp *index.Comparison, date time.Time, ext string) string {
	return fmt.Sprintf("年度对比_%d_%d_%s.%s", cmp.From.Year, cmp.To.Year, date.Format("20060102"), ext)
}
