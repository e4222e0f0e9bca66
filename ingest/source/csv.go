package source

import (
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"
)

// FormatCSV is a table saved as comma-separated values (Excel's 另存为 CSV,
// a system's export).
const FormatCSV = "csv"

// Bounds of the sniffing of a CSV file without a .csv name.
const (
	// csvSniffLines: how many lines are looked at.
	csvSniffLines = 200
	// csvMinRows: how many lines must share the commonest field count.
	csvMinRows = 3
	// csvMinFields: the fewest fields such a line holds.
	csvMinFields = 3
)

// isCSVName reports a file named as a CSV file.
func isCSVName(name string) bool {
	return strings.EqualFold(path.Ext(name), ".csv")
}

// looksLikeCSV reports a text, not named .csv, whose lines clearly are
// comma-separated rows: no tab in it, and at least csvMinRows lines, two in
// three of its non-blank lines (among the first csvSniffLines), split by
// commas (quotes honoured) into the same number of fields, at least
// csvMinFields, with an empty field among them (a table's blank cell: a
// line of prose with commas has none). Prose with commas is not a table:
// its lines split into differing counts.
func looksLikeCSV(text string) bool {
	if strings.Contains(text, "\t") || !strings.Contains(text, ",") {
		return false
	}
	r := csv.NewReader(strings.NewReader(text))
	r.LazyQuotes, r.FieldsPerRecord, r.ReuseRecord = true, -1, true
	counts := map[int]int{}
	empty := map[int]bool{}
	lines := 0
	for lines < csvSniffLines {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false
		}
		lines++
		counts[len(rec)]++
		for _, c := range rec {
			if strings.TrimSpace(c) == "" {
				empty[len(rec)] = true
				break
			}
		}
	}
	for n, c := range counts {
		if n >= csvMinFields && c >= csvMinRows && 3*c >= 2*lines && empty[n] {
			return true
		}
	}
	return false
}

// readCSV reads a CSV text as a table, as Excel writes one: cells apart by
// commas, a cell holding a comma, a quote or a line break in double quotes
// (a quote inside doubled); rows may differ in their count of cells, and a
// quote left single is read as it stands. The rows become blocks as a
// sheet's do (rowBlocks): a title or 填报单位 line of one filled cell above
// the header is a line of text, the rest table rows; a cell's inner line
// breaks are kept (several units on their own lines).
func readCSV(text string, b *budget) ([]Block, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.LazyQuotes, r.FieldsPerRecord = true, -1
	var rows [][]string
	var lines []int
	b.newTable()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, Errorf(EINVALID, "CSV 文件第 %d 行无法读取:%v", pe.Line, pe.Err)
			}
			return nil, Errorf(EINVALID, "CSV 文件无法读取:%v", err)
		}
		if len(rows) >= MaxBlocks {
			return nil, errTooManyBlocks()
		}
		if err := b.row(len(rec)); err != nil {
			return nil, err
		}
		for i, c := range rec {
			if len(c) > MaxCellBytes {
				return nil, errCellTooLong()
			}
			rec[i] = strings.TrimSpace(strings.ReplaceAll(c, "\r\n", "\n"))
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return nil, Errorf(EINVALID, "CSV 文件中没有内容")
	}
	blocks, _, err := rowBlocks(rows, lines, 1, b)
	return blocks, err
}
