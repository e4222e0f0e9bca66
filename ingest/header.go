package ingest

import "strings"

// column is the field of Task a table column lands in.
type column int

const (
	colExtra column = iota // kept in Task.Extra under its header name
	colSeq
	colText
	colLeaders
	colUnits
	colCoUnits
	colDeadline
	colSection // a grouping column naming the part a task belongs to
)

// columnNames lists the usual names of each column, exact matches first.
// Notices rename columns freely; a renamed column still lands in the right
// field.
var columnNames = []struct {
	col   column
	names []string
}{
	{colSeq, []string{"序号", "编号", "序", "号"}},
	{colText, []string{"重点工作任务", "工作任务", "重点工作", "主要任务", "任务内容", "工作内容", "目标任务", "重点任务", "任务", "工作事项", "具体任务", "主要内容"}},
	{colLeaders, []string{"牵头领导", "责任领导", "分管领导", "牵头区领导", "牵头市领导", "牵头县领导", "联系领导", "区领导", "市领导", "领导"}},
	{colUnits, []string{"牵头单位", "责任单位", "主办单位", "牵头部门", "责任部门", "主责单位", "承办单位"}},
	{colCoUnits, []string{"配合单位", "主要参与单位", "协办单位", "参与单位", "协同单位", "配合部门", "参与部门"}},
	{colDeadline, []string{"完成时限", "时间节点", "完成时间", "时限", "时限要求", "进度安排"}},
	{colSection, []string{"板块", "类别", "领域", "部分", "工作板块", "重点领域", "任务类别", "分类", "工作类别", "大类"}},
}

// groupingNames are extra columns that group rows: a cell left empty under
// one inherits the value above it. Unit and leader cells never inherit.
var groupingNames = map[string]bool{"项目": true, "专项": true, "类型": true, "工作项目": true, "重点项目": true}

// classifyHeader maps one header cell to its column. Exact names win; then a
// name that ends like one of the kinds (…领导, …配合单位, …单位, …时限).
func classifyHeader(cell string) column {
	name := ToSimplified(compact(cell))
	if name == "" {
		return colExtra
	}
	for _, c := range columnNames {
		for _, n := range c.names {
			if name == n {
				return c.col
			}
		}
	}
	switch {
	case strings.HasSuffix(name, "领导"):
		return colLeaders
	case strings.Contains(name, "配合") || strings.Contains(name, "参与") || strings.Contains(name, "协办"):
		return colCoUnits
	case strings.HasSuffix(name, "单位") || strings.HasSuffix(name, "部门"):
		return colUnits
	case strings.Contains(name, "时限") || strings.Contains(name, "时间"):
		return colDeadline
	case strings.Contains(name, "任务"):
		return colText
	}
	return colExtra
}

// header is a recognised table header: one column kind per cell.
type header struct {
	cols  []column
	names []string // the header cells, compacted, for Task.Extra keys
}

func (h *header) index(c column) int {
	for i, col := range h.cols {
		if col == c {
			return i
		}
	}
	return -1
}

// parseHeader recognises a header row: it needs a task text column and a
// leader or unit column. A kind named twice keeps its first column, except
// units: with 牵头单位 and 责任单位 both present, the 牵头 one leads and the
// other cooperates (co_units). Other repeats land in Extra.
func parseHeader(cells []string) (*header, bool) {
	if len(cells) < 2 {
		return nil, false
	}
	h := &header{cols: make([]column, len(cells)), names: make([]string, len(cells))}
	seen := map[column]int{}
	for i, c := range cells {
		col := classifyHeader(c)
		h.names[i] = compact(c)
		if col == colExtra {
			continue
		}
		if j, dup := seen[col]; dup {
			switch {
			case col == colUnits && strings.Contains(h.names[i], "牵头") && !strings.Contains(h.names[j], "牵头"):
				h.cols[j], seen[col] = colCoUnits, i
			case col == colUnits:
				col = colCoUnits
			default:
				col = colExtra
			}
			if _, dupCo := seen[colCoUnits]; col == colCoUnits && dupCo {
				col = colExtra
			}
		}
		h.cols[i] = col
		if col != colExtra {
			seen[col] = i
		}
	}
	_, text := seen[colText]
	_, leaders := seen[colLeaders]
	_, units := seen[colUnits]
	if !text || !(leaders || units) {
		return nil, false
	}
	return h, true
}
