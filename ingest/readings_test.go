package ingest

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// blocksOfText reads text as a .txt file does.
func blocksOfText(t *testing.T, text string) []block {
	t.Helper()
	src, err := Read("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return blocksOf(src)
}

func parseText(t *testing.T, text string) *Document {
	t.Helper()
	doc, err := Parse("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func taskTexts(ts []Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return out
}

const (
	tableNotice = "重点任务分解表\n序号\t重点任务\t牵头单位\t配合单位\n1\t新建学校2所。\t区教育局\t区财政局\n2\t新增就业3000人。\t区人社局\t\n"
	cellsNotice = "重点任务分解表\n\n序号\n\n重点任务\n\n牵头单位\n\n1\n\n新建学校2所。\n\n区教育局\n\n2\n\n新增就业3000人。\n\n区人社局\n"
	itemsNotice = "重点任务分解\n一、社会事业\n1.新建学校2所。（区教育局负责）\n2.新增就业3000人。（区人社局负责）\n"
	mixedNotice = "重点任务\n1、新建学校2所。（牵头单位：区教育局）\n2、新增就业3000人。（牵头单位：区人社局）\n二、民生实事\n序号\t项目名称\t牵头单位\n3\t新建公园2个。\t区城管局\n"
)

// Each reader reads its own layout and proposes nothing (or no task) for
// the others'.
func TestReadersAlone(t *testing.T) {
	file := Notice{Source: "x.txt"}
	tests := []struct {
		name   string
		read   reader
		text   string
		want   []string
		others []string
	}{
		{ReadingTable, readByHeader, tableNotice, []string{"新建学校2所。", "新增就业3000人。"}, []string{cellsNotice, itemsNotice}},
		{ReadingCells, readCells, cellsNotice, []string{"新建学校2所。", "新增就业3000人。"}, []string{tableNotice, itemsNotice}},
		{ReadingOutline, readOutline, itemsNotice, []string{"新建学校2所。", "新增就业3000人。"}, []string{tableNotice, cellsNotice}},
		{ReadingOutlineTable, readOutlineAndTable, mixedNotice, []string{"新建学校2所。", "新增就业3000人。", "新建公园2个。"}, []string{tableNotice, cellsNotice, itemsNotice}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.read(blocksOfText(t, tt.text), file)
			if r == nil || r.name != tt.name {
				t.Fatalf("no %s reading: %+v", tt.name, r)
			}
			if got := taskTexts(r.doc.Tasks); !slices.Equal(got, tt.want) {
				t.Errorf("tasks %q, want %q", got, tt.want)
			}
			for _, o := range tt.others {
				if r := tt.read(blocksOfText(t, o), file); r != nil && len(r.doc.Tasks) > 0 {
					t.Errorf("%s read another layout: %q", tt.name, taskTexts(r.doc.Tasks))
				}
			}
		})
	}
}

// The chosen reading is named in the report; items above a table that
// goes on with their numbering are read with it.
func TestReadingChosen(t *testing.T) {
	for text, want := range map[string]string{tableNotice: ReadingTable, cellsNotice: ReadingCells, itemsNotice: ReadingOutline, mixedNotice: ReadingOutlineTable} {
		doc := parseText(t, text)
		if doc.Report.Reading != want {
			t.Errorf("reading %q, want %q (tasks %q)", doc.Report.Reading, want, taskTexts(doc.Tasks))
		}
	}
}

// Each term of the score moves it the way its comment says.
func TestScoreTerms(t *testing.T) {
	task := Task{Seq: 1, Text: "新建学校2所。", Units: []string{"区教育局"}}
	base := &reading{doc: &Document{Tasks: []Task{task}}, rep: &Report{}}
	s0 := scoreOf(base)
	if s0 != scoreTask+scoreUnit+scoreLeader {
		t.Errorf("a sound task scores %v", s0)
	}
	worse := map[string]Task{
		"no unit":    {Seq: 1, Text: "新建学校2所。"},
		"odd unit":   {Seq: 1, Text: "新建学校2所。", Units: []string{"新建学校两所并投入使用"}},
		"residue":    {Seq: 1, Text: "新建学校2所。【牵头单位：区教育局】", Units: []string{"区教育局"}},
		"heading":    {Seq: 1, Text: "二、社会事业", Units: []string{"区教育局"}},
		"odd leader": {Seq: 1, Text: "新建学校2所。", Units: []string{"区教育局"}, Leaders: []string{"区教育局"}},
	}
	for name, w := range worse {
		r := &reading{doc: &Document{Tasks: []Task{w}}, rep: &Report{}}
		if s := scoreOf(r); s >= s0 {
			t.Errorf("%s: score %v, not below %v", name, s, s0)
		}
	}
	holes := &reading{doc: &Document{Tasks: []Task{task, {Seq: 5, Text: "新增就业。", Units: []string{"区人社局"}}}}, rep: &Report{}}
	run := &reading{doc: &Document{Tasks: []Task{task, {Seq: 2, Text: "新增就业。", Units: []string{"区人社局"}}}}, rep: &Report{}}
	if scoreOf(holes) >= scoreOf(run) {
		t.Errorf("a hole in the numbering costs nothing")
	}
	unused := &reading{doc: base.doc, rep: &Report{Unused: []UnusedLine{{Line: 3, Text: "一句没有读成任务的很长的正文内容。", Reason: reasonNotItem}}}}
	if scoreOf(unused) >= s0 {
		t.Errorf("an unused line of content costs nothing")
	}
	best, close := choose([]*reading{holes, run})
	if best != run || close != nil {
		t.Errorf("choose: best %p close %p (run %p)", best, close, run)
	}
	// a runner-up with other tasks scoring within 10 % is a close reading
	var many, more []Task
	for i := 1; i <= 10; i++ {
		many = append(many, Task{Seq: i, Text: "新建学校2所。", Units: []string{"区教育局"}})
	}
	more = append(slices.Clone(many), Task{Seq: 11, Text: "新增就业。", Units: []string{"区人社局"}})
	a := &reading{name: ReadingTable, doc: &Document{Tasks: many}, rep: &Report{}}
	b := &reading{name: ReadingOutline, doc: &Document{Tasks: more}, rep: &Report{}}
	best, close = choose([]*reading{a, b})
	if best != b || close != a {
		t.Errorf("close readings: best %s close %v", best.name, close)
	}
	if w := closeWarning(best, close); w.Code != WarnCloseReading || !strings.Contains(w.Message, "10 项") {
		t.Errorf("close warning %+v", w)
	}
}

// Check names the tasks concerned and the field, in Chinese.
func TestCheck(t *testing.T) {
	doc := &Document{Tasks: []Task{
		{Seq: 1, Text: "新建学校2所。", Units: []string{"区教育局"}, Leaders: []string{"王明"}},
		{Seq: 2, Text: "新增就业3000人。"},
		{Seq: 3, Text: "建成公园2个。〔牵头单位：区城管局", Units: []string{"区城管局"}},
		{Seq: 7, Text: "改造道路3条。", Units: []string{"完成道路改造并通车"}, Leaders: []string{"区住建局"}},
		{Seq: 8, Text: "二、民生实事", Units: []string{"区民政局"}},
	}}
	got := map[string][]int{}
	for _, w := range Check(doc) {
		if w.Message == "" || !hasHan(w.Message) || w.Seqs == nil {
			t.Errorf("warning without a Chinese message or seqs: %+v", w)
		}
		got[w.Code] = w.Seqs
	}
	want := map[string][]int{WarnNoUnit: {2}, WarnAssignmentInText: {3}, WarnOddUnit: {7}, WarnOddLeader: {7}, WarnNumbering: {7}, WarnHeadingAsTask: {8}}
	for code, seqs := range want {
		if !slices.Equal(got[code], seqs) {
			t.Errorf("%s: seqs %v, want %v", code, got[code], seqs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
	if w := Check(&Document{Tasks: doc.Tasks[:1]}); len(w) != 0 {
		t.Errorf("a sound task warns: %+v", w)
	}
}

// A table copied one cell per line: a blank co-unit or deadline cell is
// empty, never the row above's; a blank leader cell takes the leader above
// (a merge) and says so.
func TestBlankCellsNotMerged(t *testing.T) {
	var b strings.Builder
	b.WriteString("分解表\n\n")
	for _, c := range []string{"序号", "工作任务", "责任领导", "牵头单位", "配合单位", "完成时限",
		"1", "新建学校2所。", "王明", "区教育局", "区财政局", "2024年9月底",
		"2", "新增就业3000人。", "王明", "区人社局", " ", " ",
		"3", "建成公园2个。", " ", "区城管局", " ", "2024年12月底",
		"4", "改造道路3条。", "李华", "区住建局", "区交通局", " "} {
		b.WriteString(c + "\n\n")
	}
	doc := parseText(t, b.String())
	if len(doc.Tasks) != 4 {
		t.Fatalf("tasks %q", taskTexts(doc.Tasks))
	}
	for i, co := range [][]string{{"区财政局"}, {}, {}, {"区交通局"}} {
		if !slices.Equal(doc.Tasks[i].CoUnits, co) {
			t.Errorf("task %d co-units %q, want %q", i+1, doc.Tasks[i].CoUnits, co)
		}
	}
	if doc.Tasks[1].Deadline != "" || doc.Tasks[3].Deadline != "" {
		t.Errorf("blank deadlines inherited: %q %q", doc.Tasks[1].Deadline, doc.Tasks[3].Deadline)
	}
	var inherited *Warning
	for i, w := range doc.Report.Warnings {
		if w.Code == WarnInherited {
			inherited = &doc.Report.Warnings[i]
		}
	}
	if !slices.Equal(doc.Tasks[2].Leaders, []string{"王明"}) || inherited == nil || inherited.Field != "leaders" || !slices.Equal(inherited.Seqs, []int{3}) {
		t.Errorf("leader of task 3 %q, warning %+v", doc.Tasks[2].Leaders, inherited)
	}
}

// A column no task got a value from is said.
func TestEmptyColumnWarned(t *testing.T) {
	doc := parseText(t, "分解表\n序号\t重点任务\t牵头单位\t配合单位\n1\t新建学校2所。\t区教育局\t\n2\t新增就业3000人。\t区人社局\t\n")
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnEmptyColumn && w.Field == "co_units" && strings.Contains(w.Message, "配合单位") {
			return
		}
	}
	t.Errorf("no empty-column warning: %+v", doc.Report.Warnings)
}

// The office's rule reads a column duban does not know; without it the
// units are not read, and the report names the rule used.
func TestParseSourceWithRules(t *testing.T) {
	text := "分解表\n序号\t重点任务\t分管领导\t承接方\t联系人\n1\t新建学校2所。\t王明\t区教育局\t张三\n2\t新增就业3000人。\t李华\t区人社局\t李四\n"
	src, err := Read("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ParseSource(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range plain.Tasks {
		if len(tk.Units) > 0 {
			t.Fatalf("承接方 read without a rule: %+v", tk)
		}
	}
	if len(plain.Report.Rules) != 0 {
		t.Errorf("rules without options: %q", plain.Report.Rules)
	}
	doc, err := ParseSourceWith(src, Options{Columns: map[string]string{"承接方": RoleUnits, "联系人": RoleIgnore, "未出现的列": RoleCoUnits}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"区教育局", "区人社局"} {
		if !slices.Equal(doc.Tasks[i].Units, []string{want}) || len(doc.Tasks[i].Leaders) != 1 || doc.Tasks[i].Extra["联系人"] != "" {
			t.Errorf("task %d: units %q leaders %q", i+1, doc.Tasks[i].Units, doc.Tasks[i].Leaders)
		}
	}
	if want := []string{"承接方 = 牵头单位", "联系人 = 忽略"}; !slices.Equal(doc.Report.Rules, want) {
		t.Errorf("rules %q, want %q", doc.Report.Rules, want)
	}
}

// A rule reads a grouping column duban does not know as the section
// (所属部分), which it names.
func TestRuleReadsTheSection(t *testing.T) {
	text := "分解表\n序号\t包保领域\t重点任务\t牵头单位\n1\t教育\t新建学校2所。\t区教育局\n2\t就业\t新增就业3000人。\t区人社局\n"
	src, err := Read("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ParseSource(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Tasks) != 2 || plain.Tasks[0].Section != "" || plain.Tasks[0].Extra["包保领域"] != "教育" {
		t.Fatalf("without the rule: %+v", plain.Tasks)
	}
	doc, err := ParseSourceWith(src, Options{Columns: map[string]string{"包保领域": RoleSection}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Section != "教育" || doc.Tasks[1].Section != "就业" || doc.Tasks[0].Extra["包保领域"] != "" ||
		!slices.Equal(doc.Tasks[0].Units, []string{"区教育局"}) {
		t.Errorf("with the rule: %+v", doc.Tasks)
	}
	if !slices.Equal(doc.Report.Rules, []string{"包保领域 = 所属部分"}) {
		t.Errorf("rules %q", doc.Report.Rules)
	}
}

// A rule renames a key too (承接方：X in an item's assignment).
func TestRulesRenameKeys(t *testing.T) {
	text := "任务分解\n1.新建学校2所。（承接方：区教育局；协同单位：区财政局）\n2.新增就业3000人。（承接方：区人社局）\n"
	src, err := Read("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseSourceWith(src, Options{Columns: map[string]string{"承接方": RoleUnits}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || !slices.Equal(doc.Tasks[0].Units, []string{"区教育局"}) || !slices.Equal(doc.Tasks[0].CoUnits, []string{"区财政局"}) {
		t.Errorf("tasks %+v", doc.Tasks)
	}
	if !slices.Equal(doc.Report.Rules, []string{"承接方 = 牵头单位"}) {
		t.Errorf("rules %q", doc.Report.Rules)
	}
}

// The title is the document's own, not the publication note under its
// signature; the year comes from its 文号 and date when the title has none;
// the page's metadata and footer tables are no tasks.
func TestTitleAndYearOfTheDocument(t *testing.T) {
	f, err := os.Open("testdata/notices/n46-html-category-footer-2019.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse("n46.html", f)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "清河县人民政府办公室关于印发县政府工作报告重点工作任务分解的通知" || doc.Year != 2019 {
		t.Errorf("title %q year %d", doc.Title, doc.Year)
	}
	for _, tk := range doc.Tasks {
		if strings.Contains(tk.Text, "索引号") || strings.Contains(tk.Text, "主办单位") || tk.Section == "" {
			t.Errorf("task %+v", tk)
		}
	}
	if doc.Report.Reading != ReadingTable {
		t.Errorf("reading %q", doc.Report.Reading)
	}
}

// A number column the header left unnamed is the seq; numbers that jump
// (3 → 68) are kept as written and said.
func TestSeqJumpKeptAndWarned(t *testing.T) {
	b, err := os.ReadFile("testdata/notices/n48-tabs-noseqheader-jump-2022.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc := parseText(t, string(b))
	var seqs []int
	for _, tk := range doc.Tasks {
		seqs = append(seqs, tk.Seq)
	}
	if !slices.Equal(seqs, []int{1, 2, 3, 68, 69}) {
		t.Errorf("seqs %v", seqs)
	}
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnNumbering && slices.Equal(w.Seqs, []int{68}) && w.Field == "seq" {
			return
		}
	}
	t.Errorf("no numbering warning: %+v", doc.Report.Warnings)
}

// A table of assignments with a blank progress column is a notice; with
// progress written in it, it reads both ways and the notice's reading says
// so.
func TestNoticeOrProgress(t *testing.T) {
	head := "2023年重点任务分解表\n序号\t重点任务\t牵头领导\t牵头单位\t1-6月进展情况\t存在问题\n"
	blank := head + "1\t新建学校2所。\t王明\t区教育局\t\t\n2\t新增就业3000人。\t李华\t区人社局\t\t\n"
	src, err := Read("x.txt", strings.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ParseProgress(src); ok {
		t.Errorf("a blank progress column read as a progress report")
	}
	filled := head + "1\t新建学校2所。\t王明\t区教育局\t已完成主体工程。\t无\n2\t新增就业3000人。\t李华\t区人社局\t新增就业1800人。\t无\n"
	doc := parseText(t, filled)
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnKindAmbiguous {
			return
		}
	}
	t.Errorf("no kind warning: %+v", doc.Report.Warnings)
}

// Two sub-rows under one 序号: both are tasks, numbered in order with the
// written number kept, and the next written number is not lost as a
// repeat.
func TestSubRowsUnderOneSeq(t *testing.T) {
	doc := parseText(t, "2024年重点任务分解表\n序号\t重点任务\t牵头领导\t牵头单位\n1\t新建学校2所。\t王明\t区教育局\n2\t建成区级体育馆。\t王明\t区文旅体局\n\t改造社区健身设施20处。\t王明\t区文旅体局\n3\t新增就业3000人。\t李华\t区人社局\n")
	var written []string
	for _, tk := range doc.Tasks {
		written = append(written, tk.Extra["原编号"])
	}
	if len(doc.Tasks) != 4 || !slices.Equal(written, []string{"1", "2", "2", "3"}) || len(doc.Report.Unused) != 0 {
		t.Errorf("tasks %q written %q unused %+v", taskTexts(doc.Tasks), written, doc.Report.Unused)
	}
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnNumbering {
			t.Errorf("sub-rows warned as a numbering hole: %+v", w)
		}
	}
}

// A full stop closing a name in a cell is no part of it.
func TestFullStopAfterNames(t *testing.T) {
	doc := parseText(t, "分解表\n序号\t重点任务\t牵头领导\t牵头单位\t配合单位\n1\t新建学校2所。\t王明。\t区教育局。\t区财政局、区住建局。\n2\t新增就业3000人。\t李华\t区人社局\t\n")
	tk := doc.Tasks[0]
	if !slices.Equal(tk.Leaders, []string{"王明"}) || !slices.Equal(tk.Units, []string{"区教育局"}) || !slices.Equal(tk.CoUnits, []string{"区财政局", "区住建局"}) {
		t.Errorf("task 1 %q %q %q", tk.Leaders, tk.Units, tk.CoUnits)
	}
}

// A row copied one cell per line with no blank line between cells: a line
// ending in a separator goes on on the next; in a row longer than the
// header, the one piece no unit's name opens with completes the name above
// it; two leaders one a line, or two places a piece could join, are left
// to the alignment.
func TestJoinCellLines(t *testing.T) {
	for _, c := range []struct {
		in    []string
		k     int
		empty int
		want  []string
	}{
		{[]string{"1", "任务。", "张三", "区发展和改革局", "区自然资源局、", "区水利局", "12月"}, 6, 0,
			[]string{"1", "任务。", "张三", "区发展和改革局", "区自然资源局、区水利局", "12月"}},
		{[]string{"2", "任务。", "张三", "区人力资源和社会", "保障局", "区财政局", "12月"}, 6, 0,
			[]string{"2", "任务。", "张三", "区人力资源和社会保障局", "区财政局", "12月"}},
		{[]string{"3", "推进改造，", "完成28个。", "张三", "区住建局", "12月"}, 6, 0,
			[]string{"3", "推进改造，完成28个。", "张三", "区住建局", "12月"}},
		{[]string{"4", "任务。", "张三", "李四", "区民政局", "区财政局", "12月"}, 6, 0,
			[]string{"4", "任务。", "张三", "李四", "区民政局", "区财政局", "12月"}},
		{[]string{"5", "任务。", "张三", "区民政局", "区大数据发展管理", "局", "县自然资源和规划", "局"}, 6, 0,
			[]string{"5", "任务。", "张三", "区民政局", "区大数据发展管理", "局", "县自然资源和规划", "局"}},
		{[]string{"6", "任务。", "张三", "区民政局", "区财政局"}, 6, 0,
			[]string{"6", "任务。", "张三", "区民政局", "区财政局"}},
		{[]string{"7", "任务。", "张三", "区民政", "局", "12月"}, 6, 1,
			[]string{"7", "任务。", "张三", "区民政局", "12月"}},
	} {
		if got := joinCellLines(slices.Clone(c.in), c.k, c.empty); !slices.Equal(got, c.want) {
			t.Errorf("joinCellLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
