package ingest

import (
	"slices"
	"strings"
	"testing"
)

func mustParseText(t *testing.T, name, text string) *Document {
	t.Helper()
	doc, err := Parse(name, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A lead rule stated outside the rows — in a note under the table, in the
// preamble above it, in a note row merged across a sheet's foot — makes
// the first unit of a lone units column the lead and the rest co-units;
// without one every unit leads, and a task's row that only mentions 第一
// states no rule.
func TestLeadRuleOutsideRows(t *testing.T) {
	table := "序号\t重点任务\t责任单位\n1\t建成区体育中心并开放运营\t区文旅局、区住建局、区财政局\n2\t新增公办学位900个\t区教育局\n"
	for _, tt := range []struct {
		name, text string
		rule       bool
	}{
		{"note below", "某区重点任务分解\n\n" + table + "\n注：责任单位中排在第一位的为牵头单位，其余为配合单位。\n", true},
		{"shuoming below", "某区重点任务分解\n\n" + table + "\n说明：表中“责任单位”栏列第一位者为牵头单位。\n", true},
		{"preamble", "某区重点任务分解\n责任单位排名首位的为牵头单位，下同。\n\n" + table, true},
		{"written the other way round", "某区重点任务分解\n\n" + table + "\n备注：牵头单位为排在第一位的单位。\n", true},
		{"no rule", "某区重点任务分解\n\n" + table + "\n请各单位抓好落实。\n", false},
		{"in the column's name", "某区重点任务分解\n\n" + strings.Replace(table, "责任单位", "责任单位（排在第一位的为牵头单位）", 1), true},
		{"copied one cell per line, the note below", "白河区人民政府办公室关于印发重点任务分解的通知\n\n" + strings.ReplaceAll(table, "\t", "\n") +
			"\n注：责任单位中排在第一位的为牵头单位，其余为配合单位。\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParseText(t, "x.txt", tt.text)
			if len(doc.Tasks) != 2 {
				t.Fatalf("%d tasks", len(doc.Tasks))
			}
			units, co := doc.Tasks[0].Units, doc.Tasks[0].CoUnits
			if tt.rule && (!slices.Equal(units, []string{"区文旅局"}) || !slices.Equal(co, []string{"区住建局", "区财政局"})) {
				t.Errorf("with a stated rule: units %q co %q", units, co)
			}
			if !tt.rule && (len(units) != 3 || len(co) != 0) {
				t.Errorf("without a rule: units %q co %q", units, co)
			}
		})
	}
	rows := []block{
		{row: true, cells: []string{"1", "排在第一位的为牵头单位的说法", "区发改局"}},
		{row: true, cells: []string{"注：责任单位排在第一位的为牵头单位。", "注：责任单位排在第一位的为牵头单位。"}},
	}
	if docStatesLeadRule(rows[:1]) || !docStatesLeadRule(rows) {
		t.Error("a task's row states no rule; a note row merged across the sheet does")
	}
}

// A project's short name beside its content column: the task's text is the
// name, a line break, the content; a content that opens with the name is
// not doubled; a name column beside a column that is not content (工作任务)
// changes nothing.
func TestProjectNameAndContent(t *testing.T) {
	doc := mustParseText(t, "x.txt", "序号 | 项目名称 | 建设内容 | 牵头单位 |\n1 | 城市书房 | 新建城市书房12家 | 市文广旅局 |\n2 | 口袋公园 | 口袋公园新建20个 | 市城管局 |\n3 | 停车泊位 |  | 市公安局 |\n")
	want := []string{"城市书房\n新建城市书房12家", "口袋公园新建20个", "停车泊位"}
	if len(doc.Tasks) != 3 {
		t.Fatalf("%d tasks", len(doc.Tasks))
	}
	for i, w := range want {
		if doc.Tasks[i].Text != w {
			t.Errorf("task %d: %q, want %q", i+1, doc.Tasks[i].Text, w)
		}
		if _, ok := doc.Tasks[i].Extra["项目名称"]; ok {
			t.Errorf("task %d: the name is in the text, not in extra: %v", i+1, doc.Tasks[i].Extra)
		}
	}
	doc = mustParseText(t, "y.txt", "序号 | 项目 | 工作任务 | 牵头单位 |\n1 | 城市书房 | 新建城市书房12家 | 市文广旅局 |\n")
	if len(doc.Tasks) != 1 || doc.Tasks[0].Text != "新建城市书房12家" || doc.Tasks[0].Extra["项目"] != "城市书房" {
		t.Errorf("beside 工作任务: %+v", doc.Tasks)
	}
	for _, tt := range [][3]string{{"", "甲", "甲"}, {"乙", "", "乙"}, {"3", "丙", "丙"}, {"丁 项目", "丁项目建设", "丁项目建设"}, {"戊", "己", "戊\n己"}} {
		if got := nameAndContent(tt[0], tt[1]); got != tt[2] {
			t.Errorf("nameAndContent(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

// A cell of any unit column written as labelled lines gives the lead unit
// and the co-units; a clause does too; a plain list leads whole.
func TestUnitCellLabelledLines(t *testing.T) {
	for _, tt := range []struct {
		cell      string
		units, co []string
	}{
		{"牵头：市发改委\n配合：市财政局、市自然资源和规划局", []string{"市发改委"}, []string{"市财政局", "市自然资源和规划局"}},
		{"牵头单位：市工信局\n配合单位：市科技局", []string{"市工信局"}, []string{"市科技局"}},
		{"主办：区民政局\n协办：区卫健局", []string{"区民政局"}, []string{"区卫健局"}},
		{"牵头部门：区水务局\n配合部门：各街道办事处", []string{"区水务局"}, []string{"各街道办事处"}},
		{"牵头：市商务局\n协办：市市场监管局、市税务局", []string{"市商务局"}, []string{"市市场监管局", "市税务局"}},
		{"区城管局\n区交警大队", []string{"区城管局", "区交警大队"}, nil},
	} {
		units, co := unitCell(tt.cell, false)
		if !slices.Equal(units, tt.units) || !slices.Equal(co, tt.co) {
			t.Errorf("unitCell(%q) = %q %q, want %q %q", tt.cell, units, co, tt.units, tt.co)
		}
	}
	// a progress column's words name who led something done: no assignment
	doc := mustParseText(t, "x.html", "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>工作进展</td></tr>"+
		"<tr><td>1</td><td>完成黑臭水体整治5条</td><td>牵头：区水务局<br>配合：区城管局</td><td>已由区发改委牵头完成立项，区财政局配合</td></tr></table>")
	if len(doc.Tasks) != 1 || !slices.Equal(doc.Tasks[0].Units, []string{"区水务局"}) || !slices.Equal(doc.Tasks[0].CoUnits, []string{"区城管局"}) {
		t.Errorf("progress words taken for an assignment: %+v", doc.Tasks)
	}
}

// Leader cells as offices write them: the name only.
func TestLeaderCellTitles(t *testing.T) {
	for cell, want := range map[string][]string{
		"市公安局局长祁东升":             {"祁东升"},
		"县公安局局长徐志军同志":           {"徐志军"},
		"县教育局局长 王建平":            {"王建平"},
		"区财政局党组书记、局长李卫东":        {"李卫东"},
		"县应急管理局党委书记、局长骆永福":      {"骆永福"},
		"副市长\n韩永刚":              {"韩永刚"},
		"县委常委、常务副县长\n晏国栋":       {"晏国栋"},
		"严冬梅\n鲁志远":              {"严冬梅", "鲁志远"},
		"副县长\n阮丽清\n县教育局局长\n钱卓然": {"阮丽清", "钱卓然"},
		"市医保局局长\n钟晓华":           {"钟晓华"},
		"市发改委主任王海":              {"王海"},
		"区工信局局长王小明、区科技局局长李大成":   {"王小明", "李大成"},
	} {
		if got := leaderValue(cell); !slices.Equal(got, want) {
			t.Errorf("leaderValue(%q) = %q, want %q", cell, got, want)
		}
	}
	// a unit is no office head's title with a name
	if m := officeHeadRe.FindStringSubmatch("市公安局交警支队"); m != nil && isPersonName(m[1]) {
		t.Errorf("市公安局交警支队 read as a head: %q", m)
	}
}

// In a table copied one cell per line, a unit cell's labelled lines and a
// leader's title over the name are one cell each, with or without blank
// lines between the cells.
func TestCellsPerLineLabelledAndTitledLines(t *testing.T) {
	rows := [][]string{
		{"1", "新建公办幼儿园3所", "副区长", "程雪梅", "牵头：区教育局", "配合：区财政局、区自然资源局"},
		{"2", "完成老旧小区改造15个", "区住建局局长", "邹伟", "牵头单位：区住建局", "协办单位：各街道办事处"},
	}
	for _, sep := range []string{"\n", "\n\n"} {
		var b strings.Builder
		b.WriteString("白河区2023年重点工作任务清单\n\n序号" + sep + "工作任务" + sep + "责任领导" + sep + "责任单位" + sep)
		for _, r := range rows {
			for i, c := range r {
				b.WriteString(c)
				// the lines of one cell stand on consecutive lines
				if i == 2 || i == 4 {
					b.WriteString("\n")
				} else {
					b.WriteString(sep)
				}
			}
		}
		doc := mustParseText(t, "x.txt", b.String())
		if len(doc.Tasks) != 2 {
			t.Fatalf("sep %q: %d tasks: %+v", sep, len(doc.Tasks), doc.Tasks)
		}
		want := [][3][]string{
			{{"程雪梅"}, {"区教育局"}, {"区财政局", "区自然资源局"}},
			{{"邹伟"}, {"区住建局"}, {"各街道办事处"}},
		}
		for i, w := range want {
			tk := doc.Tasks[i]
			if !slices.Equal(tk.Leaders, w[0]) || !slices.Equal(tk.Units, w[1]) || !slices.Equal(tk.CoUnits, w[2]) {
				t.Errorf("sep %q task %d: %q %q %q, want %q", sep, i+1, tk.Leaders, tk.Units, tk.CoUnits, w)
			}
		}
	}
}
