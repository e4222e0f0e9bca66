package api

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/ingest"
)

// Export formats.
const (
	ExportXLSX  = "xlsx"
	ExportCSV   = "csv"
	ExportJSONL = "jsonl"
)

// exportHeader is the office's ledger (台账) layout.
var exportHeader = []string{"年度", "序号", "重点工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化指标", "文件"}

// exportWidths are the XLSX column widths, in characters.
var exportWidths = []float64{8, 6, 70, 16, 30, 24, 14, 40, 36}

// ExportRow is one task as the ledger's cells.
func ExportRow(t ingest.Task, docTitle string) []string {
	targets := make([]string, len(t.Targets))
	for i, g := range t.Targets {
		targets[i] = g.Text
	}
	return []string{
		strconv.Itoa(t.Year), strconv.Itoa(t.Seq), t.Text, strings.Join(t.Leaders, "、"), strings.Join(t.Units, "、"),
		strings.Join(t.CoUnits, "、"), t.Deadline, strings.Join(targets, ";"), docTitle,
	}
}

// WriteExport writes every task that scan yields in format: XLSX (bold,
// frozen header, set widths, wrapped text, streamed so a large export stays
// small in memory), CSV (UTF-8 with BOM, so Excel reads it right) or JSON
// lines. titles names each document id.
func WriteExport(w io.Writer, format string, titles map[string]string, scan func(func(ingest.Task) error) error) error {
	switch format {
	case ExportCSV:
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		cw.Write(exportHeader)
		if err := scan(func(t ingest.Task) error { return cw.Write(neutralizeRow(ExportRow(t, titles[t.DocID]))) }); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case ExportJSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return scan(func(t ingest.Task) error { return enc.Encode(t) })
	case ExportXLSX:
		return writeXLSX(w, titles, scan)
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

func writeXLSX(w io.Writer, titles map[string]string, scan func(func(ingest.Task) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "任务台账"
	f.SetSheetName("Sheet1", sheet)
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range exportWidths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := func(values []string, style int) []any {
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = excelize.Cell{StyleID: style, Value: v}
		}
		return out
	}
	if err := sw.SetRow("A1", cells(exportHeader, head)); err != nil {
		return err
	}
	row := 2
	err = scan(func(t ingest.Task) error {
		values := cells(ExportRow(t, titles[t.DocID]), body)
		values[0] = excelize.Cell{StyleID: body, Value: t.Year}
		values[1] = excelize.Cell{StyleID: body, Value: t.Seq}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, values)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "督办搜", Title: fmt.Sprintf("任务台账(%d 项)", row-2)}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
