package ingest

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
// the merge. A table inside a cell is read as that cell's text.
func readDOCX(zr *zip.Reader) ([]Block, error) {
	f, err := openZipEntry(zr, "word/document.xml")
	if err != nil {
		return nil, Errorf(EINVALID, "DOCX 缺少正文 word/document.xml")
	}
	defer f.Close()
	d := &docxReader{}
	if err := d.read(xml.NewDecoder(f)); err != nil {
		return nil, Errorf(EINVALID, "DOCX 正文无法解析(文件可能已截断或损坏):%v", err)
	}
	return d.blocks, nil
}

type docxCell struct {
	text   strings.Builder
	span   int
	vMerge string // "", "restart" or "continue"
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
}

func (d *docxReader) add(b Block) {
	b.Line = len(d.blocks) + 1
	d.blocks = append(d.blocks, b)
}

// write sends text to the open cell or the open paragraph.
func (d *docxReader) write(s string) {
	if d.cell != nil {
		d.cell.text.WriteString(s)
	} else if d.tblDepth == 0 {
		d.para.WriteString(s)
	}
}

func (d *docxReader) read(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
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
	case "tbl":
		d.tblDepth++
		if d.tblDepth == 1 {
			d.tables++
			d.prevRow = nil
		}
	case "tr":
		if d.tblDepth == 1 {
			d.row = nil
		}
	case "tc":
		if d.tblDepth == 1 {
			d.cell = &docxCell{span: 1}
		}
	case "gridSpan":
		if d.tblDepth == 1 && d.cell != nil {
			if v, ok := attr(e, "val"); ok {
				if n, err := strconv.Atoi(v); err == nil && n > 1 {
					d.cell.span = min(n, 1000)
				}
			}
		}
	case "vMerge":
		if d.tblDepth == 1 && d.cell != nil {
			if v, _ := attr(e, "val"); v == "restart" {
				d.cell.vMerge = "restart"
			} else {
				d.cell.vMerge = "continue"
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
	case "p":
		if d.cell != nil {
			d.cell.text.WriteString("\n")
		} else if d.tblDepth == 0 {
			if t := strings.TrimSpace(d.para.String()); t != "" {
				d.add(Block{Text: t})
			}
			d.para.Reset()
		}
	case "tc":
		if d.tblDepth == 1 && d.cell != nil {
			d.row = append(d.row, d.cell)
			d.cell = nil
		}
	case "tr":
		if d.tblDepth == 1 {
			d.endRow()
		}
	case "tbl":
		d.tblDepth--
	}
}

func (d *docxReader) endRow() {
	var cells []string
	for _, c := range d.row {
		text := strings.TrimSpace(c.text.String())
		for i := 0; i < c.span; i++ {
			col := len(cells)
			if c.vMerge == "continue" && col < len(d.prevRow) {
				cells = append(cells, d.prevRow[col])
			} else {
				cells = append(cells, text)
			}
		}
	}
	d.prevRow = cells
	d.row = nil
	d.add(Block{Cells: cells, Table: d.tables})
}
