package ingest

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet that holds a task header (the first sheet
// when none does): every row is a table row, merged cells filled with their
// top-left value. Rows with a single filled cell above the header (a title,
// a date) are text blocks.
func readXLSX(data []byte) ([]Block, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzippedBytes,
		UnzipXMLSizeLimit: MaxZipEntryBytes,
	})
	if err != nil {
		return nil, Errorf(EINVALID, "XLSX 无法打开(文件可能已截断或损坏):%v", err)
	}
	defer f.Close()
	var first []Block
	for i, sheet := range f.GetSheetList() {
		blocks, header, err := readSheet(f, sheet, i+1)
		if err != nil {
			return nil, err
		}
		if header {
			return blocks, nil
		}
		if i == 0 {
			first = blocks
		}
	}
	return first, nil
}

func readSheet(f *excelize.File, sheet string, table int) ([]Block, bool, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: false})
	if err != nil {
		return nil, false, Errorf(EINVALID, "XLSX 工作表 %s 无法读取:%v", sheet, err)
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, false, Errorf(EINVALID, "XLSX 工作表 %s 的合并单元格无法读取:%v", sheet, err)
	}
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2-r1 > 100000 || c2-c1 > 1000 {
			continue
		}
		v := m.GetCellValue()
		for r := r1; r <= r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for c := c1; c <= c2; c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
	var blocks []Block
	header := false
	for i, row := range rows {
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
			blocks = append(blocks, Block{Line: i + 1})
		case !header && (filled == 1 || allSame(row)):
			blocks = append(blocks, Block{Line: i + 1, Text: only})
		default:
			if _, ok := parseHeader(row); ok {
				header = true
			}
			blocks = append(blocks, Block{Line: i + 1, Cells: row, Table: table})
		}
	}
	return blocks, header, nil
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
