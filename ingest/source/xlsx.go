package source

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads every sheet that holds a task header (Options.Header; the
// first sheet when none does), in the workbook's order, each block marked
// with its sheet's name when there are several: every row is a table row, merged cells
// filled with their top-left value. Rows with a single filled cell above the header (a title,
// a date) are text blocks.
//
// excelize pads what it loads: a worksheet it loads whole has every row
// filled out to the farthest cell (a cell in column XFD makes every row
// 16,384 cells), and a row it streams is filled out to that row's last
// cell. So each sheet is first scanned as a stream of XML tokens, without
// building anything (scanSheet): the cells that hold a value, the farthest
// column and row, and the merged areas are counted and checked against the
// limits; only then are its rows read through excelize's streaming reader
// (GetRows), and merged areas are filled here, not through excelize's
// worksheet model.
func readXLSX(data []byte, budget *budget) ([]Block, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, Errorf(EINVALID, "XLSX 无法打开(文件可能已截断或损坏):%v", err)
	}
	// excelize loads parts whole (shared strings, styles, the workbook)
	// wherever the package's relationships put them: every XML part but
	// the sheets (scanned each before it is read, scanSheet) is streamed
	// through the caps first
	paths := sheetPaths(zr, budget)
	sheetXML := map[string]bool{}
	for _, p := range paths {
		sheetXML[p] = true
	}
	for _, f := range zr.File {
		if !sheetXML[f.Name] && (strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels")) {
			if err := scanXML(zr, f.Name, budget); err != nil {
				return nil, err
			}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzippedBytes,
		UnzipXMLSizeLimit: MaxZipEntryBytes,
	})
	if err != nil {
		return nil, Errorf(EINVALID, "XLSX 无法打开(文件可能已截断或损坏):%v", err)
	}
	defer f.Close()
	var first, before, tasks []Block
	var taskSheets []string
	sheets := f.GetSheetList()
	if len(sheets) > maxXLSXSheets {
		return nil, Errorf(ETOOLARGE, "XLSX 的工作表过多(%d 个,上限 %d 个),可能已损坏或为恶意文件", len(sheets), maxXLSXSheets)
	}
	for i, sheet := range sheets {
		blocks, header, err := readSheet(f, zr, paths[sheet], sheet, i+1, budget)
		if err != nil {
			return nil, err
		}
		if header && len(taskSheets) > 0 {
			if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
				continue // a hidden copy of the tasks is no part of them
			}
		}
		if header {
			// a sheet before the tasks (说明, 通知) holds the notice's own
			// lines: its title, number, a lead rule, the issuer; they come
			// before the table as its text. Every sheet headed so holds
			// tasks, in the workbook's order.
			for j := range blocks {
				blocks[j].Sheet = sheet
			}
			tasks = append(tasks, blocks...)
			taskSheets = append(taskSheets, sheet)
			continue
		}
		if len(taskSheets) > 0 {
			continue // a sheet after the tasks (填表说明): no task, no title
		}
		if i == 0 {
			first = blocks
		}
		if visible, err := f.GetSheetVisible(sheet); err == nil && visible {
			for _, b := range blocks {
				if b.Cells == nil && b.Text != "" {
					before = append(before, b)
				}
			}
		}
	}
	switch len(taskSheets) {
	case 0:
		return first, nil
	case 1:
		for j := range tasks {
			tasks[j].Sheet = "" // one sheet of tasks: its name is no section
		}
	}
	return append(before, tasks...), nil
}

func readSheet(f *excelize.File, zr *zip.Reader, xmlPath, sheet string, table int, budget *budget) ([]Block, bool, error) {
	if xmlPath == "" {
		return nil, false, Errorf(EINVALID, "XLSX 工作表 %s 无法读取:找不到它的 XML", sheet)
	}
	shape, err := scanSheet(zr, xmlPath, budget)
	if err != nil {
		if e := asAppError(err); e != nil {
			return nil, false, e
		}
		return nil, false, Errorf(EINVALID, "XLSX 工作表 %s 无法读取:%v", sheet, err)
	}
	budget.newTable()
	if err := budget.take(shape.cells + shape.merged); err != nil {
		return nil, false, err
	}
	if shape.cells == 0 && len(shape.merges) == 0 {
		return nil, false, nil // nothing in it to read
	}
	if budget.elements += excelizeElementCost * shape.elements; budget.elements > maxXMLElements {
		return nil, false, errTooManyElements()
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: false})
	if err != nil {
		return nil, false, Errorf(EINVALID, "XLSX 工作表 %s 无法读取:%v", sheet, err)
	}
	if err := budget.alive(); err != nil {
		return nil, false, err
	}
	for _, m := range shape.merges {
		budget.spans = true
		v := ""
		if m.r1 <= len(rows) && m.c1 <= len(rows[m.r1-1]) {
			v = rows[m.r1-1][m.c1-1]
		}
		for r := m.r1; r <= m.r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for c := m.c1; c <= m.c2; c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
	return rowBlocks(rows, nil, table, budget)
}

// rowBlocks turns a sheet's rows (an XLSX sheet, a CSV file) into blocks:
// an empty row is a blank line; a row of one filled cell (or one text
// merged across) above the header is a line of text (a title, a date, 填报
// 单位); every other row is a table row, padded under the header to its
// width. lines gives each row's line number (nil: its 1-based index);
// header reports that the reading's header was met.
func rowBlocks(rows [][]string, lines []int, table int, budget *budget) ([]Block, bool, error) {
	var blocks []Block
	header, width := false, 0
	for i, row := range rows {
		// the bytes of the row as built, a merged cell's text counted in
		// every cell it covers (a 1.7 KB file merged one 62 KB cell over
		// 198,000 cells)
		if err := budget.rowText(row); err != nil {
			return nil, false, err
		}
		if err := budget.tick(); err != nil {
			return nil, false, err
		}
		filled := 0
		var only string
		for _, c := range row {
			if c != "" {
				filled++
				only = c
			}
		}
		switch {
		case filled == 0:
			blocks = append(blocks, Block{Line: lineOf(lines, i)})
		case !header && (filled == 1 || allSame(row)):
			blocks = append(blocks, Block{Line: lineOf(lines, i), Text: only})
		default:
			if width == 0 {
				if budget.header != nil && budget.header(row) {
					header, width = true, len(row)
				}
			} else if pad := width - len(row); pad > 0 {
				// excelize leaves out a row's empty cells at its end: they are
				// empty cells, not a merged one missing, so the row gets them
				// back (a short row would take the row above's value)
				if err := budget.take(pad); err != nil {
					return nil, false, err
				}
				row = append(row, make([]string, pad)...)
			}
			blocks = append(blocks, Block{Line: lineOf(lines, i), Cells: row, Table: table})
		}
	}
	return blocks, header, nil
}

// lineOf is row i's line number: lines[i], or i+1 without lines.
func lineOf(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return i + 1
}

// allSame reports whether every filled cell of a row holds the same text (a
// title merged across the sheet's width).
func allSame(row []string) bool {
	first := ""
	for _, c := range row {
		if c == "" {
			continue
		}
		if first == "" {
			first = c
		} else if c != first {
			return false
		}
	}
	return first != ""
}

// mergeArea is one merged area of a sheet, 1-based and inclusive.
type mergeArea struct{ r1, c1, r2, c2 int }

// sheetShape is what scanSheet counts of a sheet.
type sheetShape struct {
	// cells are what the sheet's rows are read as: each row filled out to
	// its last cell holding a value, as excelize's row reader does.
	cells    int
	merged   int // cells the merged areas cover
	elements int // XML elements
	merges   []mergeArea
}

// scanSheet reads a worksheet's XML as a stream of tokens, building nothing
// but counts, and refuses a sheet whose cells, farthest column or row, or
// merged areas are over the limits.
func scanSheet(zr *zip.Reader, name string, b *budget) (sheetShape, error) {
	var shape sheetShape
	rc, err := openZipEntry(zr, name)
	if err != nil {
		return shape, err
	}
	defer rc.Close()
	bx := newBoundedXML(rc, b)
	dec := xml.NewDecoder(bx)
	row, col, rowLast := 0, 0, 0
	inCell, cellCounted := false, false
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return shape, bx.cause(err)
		}
		if err := b.tick(); err != nil {
			return shape, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			// excelize's row reader goes through every element, and cannot
			// be stopped: a sheet of fifteen million empty elements is
			// refused here
			if shape.elements++; shape.elements > maxSheetElements {
				return shape, Errorf(ETOOLARGE, "工作表的 XML 元素过多(超过 %d 个),可能已损坏或为恶意文件", maxSheetElements)
			}
			switch t.Name.Local {
			case "row":
				row++
				if v, ok := attr(t, "r"); ok {
					if n, err := parseRowNumber(v); err == nil {
						row = n
					}
				}
				col = 0
			case "c":
				col++
				if v, ok := attr(t, "r"); ok {
					if c, r, err := excelize.CellNameToCoordinates(v); err == nil {
						col, row = c, r
					}
				}
				inCell, cellCounted = true, false
			case "v", "is", "f":
				if inCell && !cellCounted {
					cellCounted = true
					if col > MaxRowCells {
						return shape, errRowTooWide(col)
					}
					if row > MaxBlocks {
						return shape, errTooManyBlocks()
					}
					rowLast = max(rowLast, col)
				}
			case "mergeCell":
				ref, _ := attr(t, "ref")
				m, ok := parseMergeRef(ref)
				if !ok {
					continue
				}
				if m.c2 > MaxRowCells {
					return shape, errRowTooWide(m.c2)
				}
				if m.r2 > MaxBlocks {
					return shape, errTooManyBlocks()
				}
				if shape.merged += (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1); shape.merged > MaxTableCells {
					return shape, Errorf(ETOOLARGE, "工作表的合并单元格过大(超过 %d 个单元格)", MaxTableCells)
				}
				shape.merges = append(shape.merges, m)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				inCell = false
			case "row":
				if shape.cells += rowLast; shape.cells > MaxTableCells {
					return shape, Errorf(ETOOLARGE, "工作表的单元格过多(超过 %d 个)", MaxTableCells)
				}
				rowLast = 0
			}
		}
	}
	return shape, nil
}

func parseRowNumber(v string) (int, error) {
	_, r, err := excelize.CellNameToCoordinates("A" + strings.TrimSpace(v))
	return r, err
}

// parseMergeRef reads "B2:D4" into an area with r1 ≤ r2 and c1 ≤ c2.
func parseMergeRef(ref string) (mergeArea, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return mergeArea{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergeArea{}, false
	}
	return mergeArea{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)}, true
}

// scanXML reads a zip entry as a stream of bounded XML tokens (boundedXML),
// so one huge string, a deep nest or millions of elements are refused
// before excelize loads them, and counts its shared strings (<si>); a
// missing entry is fine.
func scanXML(zr *zip.Reader, name string, b *budget) error {
	rc, err := openZipEntry(zr, name)
	if err != nil {
		return nil
	}
	defer rc.Close()
	bx := newBoundedXML(rc, b)
	dec := xml.NewDecoder(bx)
	elements := 0
	for {
		tok, err := dec.RawToken()
		if err != nil {
			if e := asAppError(bx.cause(err)); e != nil {
				return e
			}
			return nil // excelize says what is wrong with it
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		// a shared string is an <si>: excelize holds them all
		if e.Name.Local == "si" {
			if b.sharedStrings++; b.sharedStrings > MaxDocumentCells {
				return Errorf(ETOOLARGE, "XLSX 的共享字符串过多(超过 %d 个),可能已损坏或为恶意文件", MaxDocumentCells)
			}
		}
		if !sharedStringElement(e.Name.Local) {
			if elements++; elements > maxPartElements {
				return Errorf(ETOOLARGE, "XLSX 的 %s 中的 XML 元素过多(超过 %d 个),可能已损坏或为恶意文件", name, maxPartElements)
			}
		}
	}
}

// sharedStringElement tells the elements of a shared string (<si>, its
// runs and their properties), bounded by the count of <si>, not by
// maxPartElements.
func sharedStringElement(name string) bool {
	switch name {
	case "sst", "si", "t", "r", "rPr", "rPh", "phoneticPr", "rFont", "charset", "family", "b", "i",
		"strike", "outline", "shadow", "condense", "extend", "color", "sz", "u", "vertAlign", "scheme":
		return true
	}
	return false
}

// sheetPaths maps each sheet's name to its XML in the zip, through
// xl/workbook.xml and its relationships.
func sheetPaths(zr *zip.Reader, b *budget) map[string]string {
	ids := map[string]string{} // relationship id → sheet name
	eachStart(zr, "xl/workbook.xml", b, func(e xml.StartElement) {
		if e.Name.Local == "sheet" {
			name, _ := attr(e, "name")
			if id, ok := attr(e, "id"); ok {
				ids[id] = name
			}
		}
	})
	out := map[string]string{}
	eachStart(zr, "xl/_rels/workbook.xml.rels", b, func(e xml.StartElement) {
		if e.Name.Local != "Relationship" {
			return
		}
		id, _ := attr(e, "Id")
		target, _ := attr(e, "Target")
		name, ok := ids[id]
		if !ok || target == "" {
			return
		}
		if strings.HasPrefix(target, "/") {
			out[name] = strings.TrimPrefix(target, "/")
		} else {
			out[name] = path.Clean(path.Join("xl", target))
		}
	})
	return out
}

// eachStart calls fn with every start element of a zip entry's XML.
func eachStart(zr *zip.Reader, name string, b *budget, fn func(xml.StartElement)) {
	rc, err := openZipEntry(zr, name)
	if err != nil {
		return
	}
	defer rc.Close()
	dec := xml.NewDecoder(newBoundedXML(rc, b))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return
		}
		if e, ok := tok.(xml.StartElement); ok {
			fn(e)
		}
	}
}
