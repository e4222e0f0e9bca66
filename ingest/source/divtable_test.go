package source

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// readPage reads an HTML page and returns its blocks as lines: a row's
// cells joined by " | " (a line break in a cell as "/"), a line of text
// as it is, each row prefixed by "T<table>: ".
func readPage(t *testing.T, page string) []string {
	t.Helper()
	src, err := Read("x.html", strings.NewReader("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"+page+"</html>"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range src.Blocks {
		if b.Cells != nil {
			out = append(out, "T"+string(rune('0'+b.Table))+": "+strings.ReplaceAll(strings.Join(b.Cells, " | "), "\n", "/"))
		} else {
			out = append(out, b.Text)
		}
	}
	return out
}

func TestDivTableInlineStyle(t *testing.T) {
	got := readPage(t, `<body><p>关于印发2024年重点工作任务分解的通知</p>
<div style="display: table; width:100%">
  <div style="display:table-row"><div style="display:table-cell">序号</div><div style="display:table-cell">重点任务</div><div style="display:table-cell">牵头单位</div><div style="display:table-cell">配合单位</div></div>
  <div style="text-align:center">（一）优化营商环境</div>
  <div style="display:table-row"><div style="display:table-cell">1</div><div style="display:table-cell">推进“一网通办”。</div><div style="display:table-cell"><p>登记注册处</p><p>信息化建设处</p></div><div style="display:table-cell"></div></div>
  <div style="display:table-row"><div style="display:table-cell">2</div><div style="display:table-cell">压减审批时限。</div><div style="display:table-cell"></div><div style="display:table-cell">法规处</div></div>
  <div style="display:table-row"><div style="display:table-cell">3</div><div style="display:table-cell">清理证明事项。</div><div style="display:table-cell">法规处</div><div style="display:table-cell"></div></div>
  <div>各牵头处室（单位）每月底前在督办平台更新工作进展。</div>
</div>
<p>附件：重点工作任务清单.xlsx</p></body>`)
	want := []string{
		"关于印发2024年重点工作任务分解的通知",
		"T1: 序号 | 重点任务 | 牵头单位 | 配合单位",
		"T1: （一）优化营商环境 | （一）优化营商环境 | （一）优化营商环境 | （一）优化营商环境",
		"T1: 1 | 推进“一网通办”。 | 登记注册处/信息化建设处 | ",
		"T1: 2 | 压减审批时限。 |  | 法规处",
		"T1: 3 | 清理证明事项。 | 法规处 | ",
		"各牵头处室（单位）每月底前在督办平台更新工作进展。",
		"附件：重点工作任务清单.xlsx",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDivTableStyleSheetClasses(t *testing.T) {
	got := readPage(t, `<body><style>
.tbl { display: table; border-collapse: collapse }
.list .tr{display:table-row}
div.td, .th {display:table-cell;padding:4px}
@media print { .noprint { display: none } }
.name{display:block}
</style>
<div class="tbl">
 <div class="thead"><div class="tr"><span class="th">序号</span><span class="th">工作任务</span><span class="th">责任领导</span><span class="th">责任单位</span></div></div>
 <div class="tbody">
  <div class="tr"><div class="td">1</div><div class="td">完成老旧小区改造。</div><div class="td"><span class="name">曹永平</span><span class="name">贾文婷</span></div><div class="td">区住建局</div></div>
  <div class="cat">二、民生保障</div>
  <div class="tr"><div class="td">2</div><div class="td">新增托位300个。</div><div class="td"></div><div class="td">区卫健局<br>区妇联</div></div>
 </div>
</div>
<div class="noprint">上一篇：关于2023年工作的通知</div></body>`)
	want := []string{
		"T1: 序号 | 工作任务 | 责任领导 | 责任单位",
		"T1: 1 | 完成老旧小区改造。 | 曹永平/贾文婷 | 区住建局",
		"T1: 二、民生保障 | 二、民生保障 | 二、民生保障 | 二、民生保障",
		"T1: 2 | 新增托位300个。 |  | 区卫健局/区妇联",
		"上一篇：关于2023年工作的通知",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDivTableRolesAndNames(t *testing.T) {
	roles := readPage(t, `<body><div role="table"><div role="rowgroup"><div role="row"><span role="columnheader">序号</span><span role="columnheader">任务</span><span role="columnheader">牵头单位</span></div></div>
<div role="rowgroup"><div role="row"><span role="cell">1</span><span role="cell">建设公园。</span><span role="cell">市园林局</span></div>
<div role="row"><span role="cell">（二）社会事业</span></div>
<div role="row"><span role="cell">2</span><span role="cell"></span><span role="cell">市教育局</span></div></div></div></body>`)
	want := []string{
		"T1: 序号 | 任务 | 牵头单位",
		"T1: 1 | 建设公园。 | 市园林局",
		"T1: （二）社会事业 | （二）社会事业 | （二）社会事业",
		"T1: 2 |  | 市教育局",
	}
	if !slices.Equal(roles, want) {
		t.Errorf("roles:\n%s\nwant:\n%s", strings.Join(roles, "\n"), strings.Join(want, "\n"))
	}
	// flex rows styled elsewhere: the class names say row and cell
	flex := readPage(t, `<body><ul class="task-list">
<li class="list-row head"><span class="col-th">序号</span><span class="col-th">任务</span><span class="col-th">牵头单位</span></li>
<li class="list-row"><span class="col-td">1</span><span class="col-td">建设公园。</span><span class="col-td">市园林局</span></li>
<li class="list-row"><span class="col-td">2</span><span class="col-td">新建学校。</span><span class="col-td"><div>市教育局</div><div>市发改委</div></span></li>
</ul><div class="share">分享到：</div></body>`)
	want = []string{
		"T1: 序号 | 任务 | 牵头单位",
		"T1: 1 | 建设公园。 | 市园林局",
		"T1: 2 | 新建学校。 | 市教育局/市发改委",
		"分享到：",
	}
	if !slices.Equal(flex, want) {
		t.Errorf("flex:\n%s\nwant:\n%s", strings.Join(flex, "\n"), strings.Join(want, "\n"))
	}
}

func TestNotADivTable(t *testing.T) {
	for name, page := range map[string]string{
		// a site's grid: rows of columns, no cells
		"bootstrap": `<body><div class="container"><div class="row"><div class="col-md-6">通知公告</div><div class="col-md-6">政策解读</div></div>
<div class="row"><div class="col-md-12">关于印发重点工作任务的通知</div></div></div></body>`,
		// one row of cells is a line of links, not a table
		"one row": `<body><div style="display:table"><div style="display:table-row"><div style="display:table-cell">首页</div><div style="display:table-cell">政务公开</div></div></div></body>`,
	} {
		got := readPage(t, page)
		for _, l := range got {
			if strings.HasPrefix(l, "T") && strings.Contains(l, ": ") {
				t.Errorf("%s: read as a table: %q", name, got)
				break
			}
		}
	}
}

// A page laid out in a <table> around a CSS table: the outer table is
// layout, the CSS table's rows are read.
func TestDivTableInsideLayoutTable(t *testing.T) {
	got := readPage(t, `<body><table><tr><td><p>2024年任务分解表</p>
<div class="t" style="display:table"><div style="display:table-row"><div style="display:table-cell">序号</div><div style="display:table-cell">任务</div><div style="display:table-cell">牵头单位</div></div>
<div style="display:table-row"><div style="display:table-cell">1</div><div style="display:table-cell">建设公园。</div><div style="display:table-cell">市园林局</div></div></div>
</td></tr></table></body>`)
	want := []string{
		"2024年任务分解表",
		"T1: 序号 | 任务 | 牵头单位",
		"T1: 1 | 建设公园。 | 市园林局",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// In a <table> cell, an inline element the page styles as a block is a
// line of its own: two names on two lines stay two names.
func TestCellLinesFromStyledSpans(t *testing.T) {
	got := readPage(t, `<body><style>.ld{display:block}</style><table>
<tr><td>序号</td><td>任务</td><td>责任领导</td><td>牵头单位</td></tr>
<tr><td>1</td><td>建设<span>公园</span>。</td><td><span class="ld">曹永平</span><span class="ld">贾文婷</span></td><td><span style="display:block">登记注册处</span><span style="DISPLAY: block">信息化建设处</span></td></tr>
</table></body>`)
	want := []string{
		"T1: 序号 | 任务 | 责任领导 | 牵头单位",
		"T1: 1 | 建设公园。 | 曹永平/贾文婷 | 登记注册处/信息化建设处",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A <table> whose parts carry ARIA roles is read as a <table>: its spans
// expanded.
func TestTableWithRolesIsATable(t *testing.T) {
	got := readPage(t, `<body><table role="table"><tbody role="rowgroup">
<tr role="row"><th role="columnheader">序号</th><th role="columnheader">任务</th><th role="columnheader">牵头领导</th></tr>
<tr role="row"><td role="cell">1</td><td role="cell">建设公园。</td><td role="cell" rowspan="2">张三</td></tr>
<tr role="row"><td role="cell">2</td><td role="cell">新建学校。</td></tr>
</tbody></table></body>`)
	want := []string{
		"T1: 序号 | 任务 | 牵头领导",
		"T1: 1 | 建设公园。 | 张三",
		"T1: 2 | 新建学校。 | 张三",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestClassNamesOfRowsAndCells(t *testing.T) {
	for c, want := range map[string]cssKind{
		"row": cssRow, "tr": cssRow, "tr2": cssRow, "list-row": cssRow, "row_item": cssRow, "zw-tr": cssRow,
		"td": cssCell, "th": cssCell, "td1": cssCell, "col-td": cssCell, "cell-name": cssCell, "th_title": cssCell, "cell": cssCell,
		"col": cssNone, "col-md-6": cssNone, "span6": cssNone, "thumb": cssNone, "tree": cssNone, "rows": cssNone, "cellphone": cssNone,
		"title": cssNone, "track": cssNone, "theme-red": cssNone,
	} {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: "class", Val: "x " + c}}}
		if got := named(n); got != want {
			t.Errorf("class %q: %v, want %v", c, got, want)
		}
	}
}

// A header group holding its cells with no row between, and rows that
// are <li> elements whose kind only their cells say.
func TestDivTableRowsUnnamed(t *testing.T) {
	got := readPage(t, `<body><div class="tbl">
<div class="thead"><span class="th">序号</span><span class="th">任务</span><span class="th">牵头单位</span></div>
<ul><li><span class="td">1</span><span class="td">建设公园。</span><span class="td">市园林局</span></li>
<li><span class="td">2</span><span class="td">新建学校。</span><span class="td"></span></li></ul>
</div></body>`)
	want := []string{
		"T1: 序号 | 任务 | 牵头单位",
		"T1: 1 | 建设公园。 | 市园林局",
		"T1: 2 | 新建学校。 | ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkDivTablePage reads a page whose 4,000 rows of a CSS table stand
// 200 row groups deep: each group is looked at once (the table around its
// groups once more), so the work grows with the page, not with its depth.
func BenchmarkDivTablePage(b *testing.B) {
	var p strings.Builder
	p.WriteString(`<html><body><div class="tbl">`)
	for range 200 {
		p.WriteString(`<div class="tbody">`)
	}
	for range 2000 {
		p.WriteString(`<div class="tr"><div class="td">1</div><div class="td">建设公园。</div><div class="td">市园林局</div></div><div>（一）城乡建设</div>`)
	}
	for range 200 {
		p.WriteString(`</div>`)
	}
	p.WriteString(`</div></body></html>`)
	page := p.String()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Read("x.html", strings.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

// A CSS grid: its items fill the columns grid-template-columns counts, an
// item across every column (grid-column: 1 / -1) a bar, an empty item an
// empty cell; a row laid out as a grid of its own is a row.
func TestDivTableGrid(t *testing.T) {
	got := readPage(t, `<body><style>.g{display:grid;grid-template-columns:60px repeat(2, 1fr) minmax(120px, 2fr)}.bar{grid-column:1 / -1}</style>
<div class="g"><div>序号</div><div>任务</div><div>牵头单位</div><div>配合单位</div>
<div class="bar">（一）城乡建设</div>
<div>1</div><div>建设公园。</div><div>市园林局<br>市城投集团</div><div></div>
<div>2</div><div style="grid-column: span 2">新建学校。</div><div>市教育局</div>
<div style="grid-column:1/-1">注：排在第一位的为牵头单位。</div></div>
<div style="display:grid;grid-template-columns:50px 1fr 1fr">
<div style="display:grid;grid-template-columns:50px 1fr 1fr"><span>序号</span><span>事项</span><span>承办单位</span></div>
<div style="display:grid;grid-template-columns:50px 1fr 1fr"><span>1</span><span>整治占道经营。</span><span>市城管局</span></div>
<div style="display:grid;grid-template-columns:50px 1fr 1fr"><span>2</span><span>清理小广告。</span><span>市城管局</span></div>
<div style="display:grid;grid-template-columns:50px 1fr 1fr"><span>3</span><span>修复破损路面。</span><span>市住建局</span></div>
</div></body>`)
	want := []string{
		"T1: 序号 | 任务 | 牵头单位 | 配合单位",
		"T1: （一）城乡建设 | （一）城乡建设 | （一）城乡建设 | （一）城乡建设",
		"T1: 1 | 建设公园。 | 市园林局/市城投集团 | ",
		"T1: 2 | 新建学校。 | 新建学校。 | 市教育局",
		"注：排在第一位的为牵头单位。",
		"T2: 序号 | 事项 | 承办单位",
		"T2: 1 | 整治占道经营。 | 市城管局",
		"T2: 2 | 清理小广告。 | 市城管局",
		"T2: 3 | 修复破损路面。 | 市住建局",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for v, n := range map[string]int{"60px 3fr 1fr 2fr": 4, "repeat(4, 1fr)": 4, "[a] 1fr [b] 2fr": 2, "minmax(60px, 1fr) repeat(2, 1fr 2fr)": 5,
		"repeat(auto-fill, minmax(100px, 1fr))": 0, "1fr": 1} {
		if got := countTracks(v); got != n {
			t.Errorf("countTracks(%q) = %d, want %d", v, got, n)
		}
	}
}

// A page that closes its CSS table under each category bar: the header
// stands alone in a table of one row, the rows in tables of their own.
// The lone header is a table (its element says so) and its cells one row,
// not one line a cell; a lone row of an element that does not say it is
// a table stays text.
func TestDivTableHeaderAlone(t *testing.T) {
	got := readPage(t, `<body><style>.t{display:table}.r{display:table-row}.c{display:table-cell}</style>
<div class="t"><div class="r"><div class="c">序号</div><div class="c">重点工作</div><div class="c">牵头科室</div></div></div>
<div class="bar">（一）营商环境</div>
<div class="t"><div class="r"><div class="c">1</div><div class="c">压减开办时间。</div><div class="c">登记科</div></div>
<div class="r"><div class="c">2</div><div class="c">清理收费。</div><div class="c">价格科</div></div></div>
<div class="bar">（二）安全底线</div>
<div class="t"><div class="r"><div class="c">3</div><div class="c">抽检食品。</div><div class="c">食品科</div></div></div>
<div><span class="c">不是</span><span class="c">表格</span></div></body>`)
	want := []string{
		"T1: 序号 | 重点工作 | 牵头科室",
		"（一）营商环境",
		"T2: 1 | 压减开办时间。 | 登记科",
		"T2: 2 | 清理收费。 | 价格科",
		"（二）安全底线",
		"T3: 3 | 抽检食品。 | 食品科",
		"不是",
		"表格",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
