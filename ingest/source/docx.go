package source

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// readDOCX reads word/document.xml: paragraphs outside tables are text
// blocks (the metadata around the table), each top-level table row a row.
// Horizontally merged cells (gridSpan) fill every grid column they cover;
// vertically merged ones (vMerge) repeat the value of the cell that starts
// the merge. A table inside a cell is read as that cell's text, unless the
// table pairs groups with sub-tables (nested.go): then its rows are the
// sub-tables' rows, each with its group's cells.
//
// What the XML expands to is bounded before it is built: each token and
// the nesting (boundedXML), the cells of a row with their spans and of a
// table, the text those cells repeat (budget: a 1 KB file with gridSpan 200
// and vMerge over 990 rows of one large cell), the text of a cell or
// paragraph (MaxCellBytes) and the blocks (MaxBlocks).
func readDOCX(zr *zip.Reader, b *budget) ([]Block, error) {
	f, err := openZipEntry(zr, "word/document.xml")
	if err != nil {
		return nil, Errorf(EINVALID, "DOCX 缺少正文 word/document.xml")
	}
	defer f.Close()
	num, err := readDOCXNumbering(zr, b)
	if err != nil {
		return nil, err
	}
	d := &docxReader{cells: b, num: num}
	bx := newBoundedXML(f, b)
	if err := bx.cause(d.read(xml.NewDecoder(bx))); err != nil {
		if e := asAppError(err); e != nil {
			return nil, e
		}
		return nil, Errorf(EINVALID, "DOCX 正文无法解析(文件可能已截断或损坏):%v", err)
	}
	return d.blocks, nil
}

type docxCell struct {
	text   strings.Builder
	span   int
	vMerge string // "", "restart" or "continue"
	// own is the cell's text outside the tables inside it; nested the
	// rows of the one table inside it (spans expanded), tables how many
	// it holds.
	own    strings.Builder
	nested [][]string
	tables int
}

type docxReader struct {
	blocks   []Block
	tables   int
	tblDepth int
	para     strings.Builder // text of the paragraph outside tables
	inText   bool
	row      []*docxCell
	cell     *docxCell
	prevRow  []string // last row's values by grid column, for vMerge
	// the top-level table's rows so far, read out when it ends; the open
	// row, cell and last row of a table inside one of its cells
	rows      []nestRow
	inRow     []*docxCell
	inCell    *docxCell
	inPrevRow []string
	cells     *budget
	err       error // the first limit hit; reading stops there

	// Word's automatic numbering of the open paragraph: its list and
	// level from <w:numPr>, and the number it shows, written before
	// the paragraph's first text.
	num      *docxNumbering
	numID    string
	ilvl     int
	hasIlvl  bool   // the paragraph's own numPr names its level
	pStyle   string // the paragraph's style, which may number it
	inChange bool   // inside <w:pPrChange>: the properties before a tracked change
	numLabel string
}

func (d *docxReader) add(b Block) {
	if len(d.blocks) >= MaxBlocks {
		d.fail(errTooManyBlocks())
		return
	}
	b.Line = len(d.blocks) + 1
	if err := d.cells.text(len(b.Text)); err != nil {
		d.fail(err)
		return
	}
	if err := d.cells.rowText(b.Cells); err != nil {
		d.fail(err)
		return
	}
	d.blocks = append(d.blocks, b)
}

func (d *docxReader) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// write sends text to the open cell or the open paragraph.
func (d *docxReader) write(s string) {
	// also is the copy a table inside a cell keeps: the inner cell's text,
	// or the outer cell's own (outside its inner table), bounded with the
	// outer cell's text they are part of
	var to, also *strings.Builder
	switch {
	case d.cell != nil:
		to = &d.cell.text
		if d.inCell != nil && d.tblDepth == 2 {
			also = &d.inCell.text
		} else if d.tblDepth == 1 {
			also = &d.cell.own
		}
	case d.tblDepth == 0:
		to = &d.para
	default:
		return
	}
	if d.numLabel != "" {
		s = listLabelJoin(d.numLabel, s)
		d.numLabel = ""
	}
	if to.Len()+len(s) > MaxCellBytes {
		d.fail(errCellTooLong())
		return
	}
	to.WriteString(s)
	if also != nil {
		also.WriteString(s)
	}
}

func (d *docxReader) read(dec *xml.Decoder) error {
	for d.err == nil {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := d.cells.tick(); err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			d.start(t)
		case xml.EndElement:
			d.end(t)
		case xml.CharData:
			if d.inText {
				d.write(string(t))
			}
		}
	}
	return d.err
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func (d *docxReader) start(e xml.StartElement) {
	switch e.Name.Local {
	case "p":
		d.numID, d.ilvl, d.hasIlvl, d.pStyle, d.numLabel = "", 0, false, "", ""
	case "pStyle":
		if !d.inChange {
			d.pStyle, _ = attr(e, "val")
		}
	case "pPrChange":
		d.inChange = true
	case "numId":
		if !d.inChange {
			d.numID, _ = attr(e, "val")
		}
	case "ilvl":
		if !d.inChange {
			if v, _ := attr(e, "val"); v != "" {
				d.ilvl, _ = strconv.Atoi(v)
				d.hasIlvl = true
			}
		}
	case "tbl":
		d.tblDepth++
		if d.tblDepth == 1 {
			d.tables++
			d.prevRow = nil
			d.rows = nil
			d.cells.newTable()
		} else if d.tblDepth == 2 && d.cell != nil {
			d.cell.tables++
			d.inPrevRow = nil
		}
	case "tr":
		switch d.tblDepth {
		case 1:
			d.row = nil
		case 2:
			d.inRow = nil
		}
	case "tc":
		switch d.tblDepth {
		case 1:
			d.cell = &docxCell{span: 1}
		case 2:
			d.inCell = &docxCell{span: 1}
		}
	case "gridSpan":
		if c := d.openCell(); c != nil {
			if v, ok := attr(e, "val"); ok {
				if n, err := strconv.Atoi(v); err == nil && n > 1 {
					c.span = min(n, 1000)
				}
			}
		}
	case "vMerge":
		if c := d.openCell(); c != nil {
			if v, _ := attr(e, "val"); v == "restart" {
				c.vMerge = "restart"
			} else {
				c.vMerge = "continue"
			}
		}
	case "t":
		d.inText = true
	case "tab":
		d.write("\t")
	case "br", "cr":
		d.write("\n")
	}
}

func (d *docxReader) end(e xml.EndElement) {
	switch e.Name.Local {
	case "t":
		d.inText = false
	case "pPrChange":
		d.inChange = false
	case "pPr":
		if d.numID == "" && d.pStyle != "" {
			// numbered by its style (List Number, a numbered heading)
			if id, l, ok := d.num.styleNum(d.pStyle); ok {
				d.numID = id
				if !d.hasIlvl {
					d.ilvl = l
				}
			}
		}
		d.numLabel = d.num.label(d.numID, d.ilvl)
	case "p":
		d.numLabel = ""
		if d.cell != nil {
			d.write("\n")
		} else if d.tblDepth == 0 {
			if t := strings.TrimSpace(d.para.String()); t != "" {
				d.add(Block{Text: t})
			}
			d.para.Reset()
		}
	case "tc":
		if d.tblDepth == 1 && d.cell != nil {
			if len(d.row) >= MaxRowCells {
				d.fail(errRowTooWide(len(d.row) + 1))
				return
			}
			d.row = append(d.row, d.cell)
			d.cell = nil
		} else if d.tblDepth == 2 && d.inCell != nil {
			if len(d.inRow) >= MaxRowCells {
				d.fail(errRowTooWide(len(d.inRow) + 1))
				return
			}
			d.inRow = append(d.inRow, d.inCell)
			d.inCell = nil
		}
	case "tr":
		switch d.tblDepth {
		case 1:
			d.endRow()
		case 2:
			d.endInnerRow()
		}
	case "tbl":
		d.tblDepth--
		if d.tblDepth == 0 {
			d.endTable()
		}
	}
}

// openCell is the cell of the table being read whose properties come:
// the top-level table's, or the one inside its cell.
func (d *docxReader) openCell() *docxCell {
	switch d.tblDepth {
	case 1:
		return d.cell
	case 2:
		return d.inCell
	}
	return nil
}

// expandRow gives a row's values by grid column: a cell spanning columns
// fills each, a cell merged with the one above repeats its value.
func (d *docxReader) expandRow(row []*docxCell, prev []string) ([]string, error) {
	width := 0
	for _, c := range row {
		width += c.span
	}
	if err := d.cells.row(width); err != nil {
		return nil, err
	}
	var cells []string // nil for a row without cells, as before
	if width > 0 {
		cells = make([]string, 0, width)
	}
	for _, c := range row {
		if c.span > 1 || c.vMerge == "continue" {
			d.cells.spans = true
		}
		text := strings.TrimSpace(c.text.String())
		for i := 0; i < c.span; i++ {
			col := len(cells)
			if c.vMerge == "continue" && col < len(prev) {
				cells = append(cells, prev[col])
			} else {
				cells = append(cells, text)
			}
		}
	}
	return cells, nil
}

// endInnerRow ends a row of a table inside a cell: the cell keeps it.
func (d *docxReader) endInnerRow() {
	cells, err := d.expandRow(d.inRow, d.inPrevRow)
	if err != nil {
		d.fail(err)
		return
	}
	d.inPrevRow, d.inRow = cells, nil
	if d.cell != nil && d.cell.tables == 1 && len(cells) > 0 {
		if err := d.cells.rowText(cells); err != nil {
			d.fail(err)
			return
		}
		d.cell.nested = append(d.cell.nested, cells)
	}
}

func (d *docxReader) endRow() {
	cells, err := d.expandRow(d.row, d.prevRow)
	if err != nil {
		d.fail(err)
		return
	}
	r := nestRow{cells: cells, at: -1}
	col := 0
	for _, c := range d.row {
		if c.tables > 0 {
			if r.at >= 0 || c.tables > 1 {
				r.mixed = true // two tables in the row, or in one cell
			}
			r.at, r.span, r.nested, r.own = col, c.span, c.nested, strings.TrimSpace(c.own.String())
		}
		col += c.span
	}
	d.prevRow = cells
	d.row = nil
	d.rows = append(d.rows, r)
}

// endTable reads out the rows of the top-level table that ended.
func (d *docxReader) endTable() {
	rows := d.rows
	d.rows = nil
	for _, b := range flattenNested(rows) {
		if b.text != "" {
			d.add(Block{Text: b.text})
			continue
		}
		if b.flat {
			// a group's cells repeated on each row of its sub-table
			if err := d.cells.take(len(b.cells)); err != nil {
				d.fail(err)
				return
			}
		}
		d.add(Block{Cells: b.cells, Table: d.tables})
	}
}
