package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/progress"
)

// chaseColumns are the 催办 attachment's columns. Leaders stand one to a
// line in a column as wide as a three-character name, and the deadline
// column holds 2019年6月底 whole, so neither breaks inside a word; the text
// columns wrap.
var chaseColumns = []column{
	{"序号", 6, nil, true},
	{"重点工作任务", 46, nil, false},
	{"状态", 8, nil, true},
	{"最新进展", 36, nil, false},
	{"完成时限", 15, nil, false},
	{"牵头领导", 10, nil, false},
}

// chaseXLSX writes the 催办 list as the letters' attachment: one sheet,
// a title and a line saying what it holds, then one block per unit — the
// unit and its counts, a header, its tasks — each block beginning a new
// printed page, so each unit's pages can go out with its 催办函. Text
// wraps, rows are as tall as their text, A4 landscape fitted to the width.
func (s *Server) chaseXLSX(c *gin.Context, ans ChaseAnswer) {
	data, err := writeChaseXLSX(ans, s.now().Format("2006年1月2日"))
	if err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("催办清单_%d_%s.xlsx", ans.Year, s.now().Format("20060102"))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="chase.xlsx"; filename*=UTF-8''%s`, url.PathEscape(name)))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
}

func writeChaseXLSX(ans ChaseAnswer, date string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "催办清单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	last, _ := excelize.ColumnNumberToName(len(chaseColumns))
	gray := "808080"
	border := []excelize.Border{{Type: "left", Color: gray, Style: 1}, {Type: "right", Color: gray, Style: 1},
		{Type: "top", Color: gray, Style: 1}, {Type: "bottom", Color: gray, Style: 1}}
	style := func(st *excelize.Style) int {
		id, _ := f.NewStyle(st)
		return id
	}
	titleStyle := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	aboutStyle := style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "444444"}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	unitStyle := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	head := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: border})
	body := style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border})
	centered := style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}, Border: border})
	for i, col := range chaseColumns {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, col.width); err != nil {
			return nil, err
		}
	}
	row := 0
	spanned := func(value string, st int, height float64) error {
		row++
		r := strconv.Itoa(row)
		if err := f.SetCellValue(sheet, "A"+r, value); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, "A"+r, last+r); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, "A"+r, last+r, st); err != nil {
			return err
		}
		return f.SetRowHeight(sheet, row, height)
	}
	setRow := func(values []any, styles []int, height float64) error {
		row++
		for i, v := range values {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell, cell, styles[i]); err != nil {
				return err
			}
		}
		return f.SetRowHeight(sheet, row, height)
	}
	title := fmt.Sprintf("%d 年重点工作催办清单(%s)", ans.Year, strings.Join(ans.Statuses, "、"))
	if err := spanned(title, titleStyle, 30); err != nil {
		return nil, err
	}
	if err := spanned(fmt.Sprintf("共 %d 个单位、%d 项任务;每个单位一页起,可作该单位催办函的附件;导出于 %s", len(ans.Units), ans.Tasks, date), aboutStyle, 20); err != nil {
		return nil, err
	}
	heads := make([]any, len(chaseColumns))
	headStyles := make([]int, len(chaseColumns))
	for i, col := range chaseColumns {
		heads[i], headStyles[i] = col.name, head
	}
	for n, u := range ans.Units {
		if n > 0 {
			// each unit from a new page: its block goes out with its letter
			if err := f.InsertPageBreak(sheet, "A"+strconv.Itoa(row+1)); err != nil {
				return nil, err
			}
		}
		var counts []string
		for _, st := range progress.Statuses {
			if u.Counts[st] > 0 {
				counts = append(counts, fmt.Sprintf("%s %d 项", st, u.Counts[st]))
			}
		}
		if err := spanned(fmt.Sprintf("%s(%s)", u.Unit, strings.Join(counts, "、")), unitStyle, 24); err != nil {
			return nil, err
		}
		if err := setRow(heads, headStyles, 22); err != nil {
			return nil, err
		}
		for _, t := range u.Tasks {
			progressText := t.Progress
			if t.Period != "" && progressText != "" {
				progressText = progress.PeriodName(t.Period) + ":" + progressText
			}
			values := []any{t.Seq, t.Text, t.Status, progressText, t.Deadline, strings.Join(t.Leaders, "\n")}
			styles := []int{centered, body, centered, body, body, body}
			lines := 1
			for i, v := range values {
				if str, ok := v.(string); ok {
					lines = max(lines, textLines(str, chaseColumns[i].width))
				}
			}
			if err := setRow(values, styles, float64(lines)*lineHeight+4); err != nil {
				return nil, err
			}
		}
	}
	if err := printOnA4(f, sheet, 0); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "督办搜", Title: title}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
