package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/seeds"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parser's output")

// MustParseSeed parses the embedded seed notice or fails the test.
func seedBytes() []byte { return seeds.Notice() }

func MustParseSeed(tb testing.TB) *Document {
	tb.Helper()
	doc, err := Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		tb.Fatalf("parse seed: %v", err)
	}
	return doc
}

// checkGolden compares v as indented JSON with testdata/name, or rewrites it
// with -update.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the parser's output; run go test ./ingest -update and review the diff", path)
	}
}

func TestSeedGolden(t *testing.T) {
	checkGolden(t, "seed.golden.json", MustParseSeed(t))
}

func TestSeedFacts(t *testing.T) {
	doc := MustParseSeed(t)
	if len(doc.Tasks) != 83 {
		t.Fatalf("tasks = %d, want 83", len(doc.Tasks))
	}
	if doc.Title != "2018年《政府工作报告》工作任务分解表" || doc.Issuer != "杭州市余杭区人民政府办公室" ||
		doc.Date != "2018-03-18" || doc.Year != 2018 {
		t.Errorf("metadata = %q %q %q %d", doc.Title, doc.Issuer, doc.Date, doc.Year)
	}
	if !strings.Contains(doc.Preamble, "请区大督查考评办加强督查") {
		t.Errorf("preamble lost its body: %q", doc.Preamble)
	}
	if doc.Report.LinesRead != 91 || doc.Report.TasksMade != 83 || len(doc.Report.Unused) != 0 {
		t.Errorf("report = %+v", doc.Report)
	}
	leaders := map[string][]int{}
	groups := map[string]int{}
	ids := map[string]bool{}
	for i, task := range doc.Tasks {
		if task.Seq != i+1 {
			t.Errorf("task %d has seq %d", i+1, task.Seq)
		}
		if ids[task.ID] || !strings.HasPrefix(task.ID, doc.ID+"-") || task.DocID != doc.ID || task.Year != 2018 {
			t.Errorf("task %d: id %q doc %q year %d", task.Seq, task.ID, task.DocID, task.Year)
		}
		ids[task.ID] = true
		if !strings.HasSuffix(task.Text, "。") {
			t.Errorf("task %d text does not end as written: %q", task.Seq, task.Text)
		}
		b, _ := json.Marshal(task)
		if bytes.ContainsRune(b, '?') {
			t.Errorf("task %d still holds a '?' marker: %s", task.Seq, b)
		}
		if len(task.Leaders) == 0 || len(task.Units) == 0 {
			t.Errorf("task %d has no leader or unit", task.Seq)
		}
		for _, l := range task.Leaders {
			leaders[l] = append(leaders[l], task.Seq)
		}
		for _, g := range task.UnitGroups {
			groups[g]++
		}
	}
	if len(leaders) != 16 {
		t.Errorf("distinct leaders = %d, want 16: %v", len(leaders), leaders)
	}
	if n := len(leaders["祝振伟"]); n != 29 {
		t.Errorf("祝振伟 on %d tasks, want 29", n)
	}
	if got := leaders["王艳勤"]; !slices.Equal(got, []int{38, 49, 63, 64, 65, 77}) {
		t.Errorf("王艳勤 on %v", got)
	}
	if got := leaders["沈昱"]; !slices.Equal(got, []int{2, 33}) {
		t.Errorf("沈昱 on %v", got)
	}
	if groups["区住建局"] != 11 || groups["未来科技城"] != 5 {
		t.Errorf("unit groups: 区住建局 %d (want 11), 未来科技城 %d (want 5)", groups["区住建局"], groups["未来科技城"])
	}
	task := func(seq int) Task { return doc.Tasks[seq-1] }
	if t49 := task(49); !slices.Equal(t49.Leaders, []string{"王艳勤"}) || !slices.Equal(t49.Units, []string{"区城管局"}) {
		t.Errorf("task 49: %v %v", t49.Leaders, t49.Units)
	}
	if t15 := task(15); len(t15.Units) != 6 || t15.Units[5] != "余杭经济技术开发区(钱江经济开发区)" || t15.Units[5] != task(2).Units[0] {
		t.Errorf("task 15 units: %q (task 2 writes %q)", t15.Units, task(2).Units)
	}
	if t4 := task(4); !slices.Equal(t4.Units, []string{"良渚新城", "良渚街道"}) {
		t.Errorf("task 4 units: %q", t4.Units)
	}
	if t73 := task(73); !slices.Equal(t73.Units, []string{"区委政法委(区防化办)", "区金融办"}) {
		t.Errorf("task 73 units: %q", t73.Units)
	}
}

func TestSameNoticeSameIDs(t *testing.T) {
	a := MustParseSeed(t)
	b, err := Parse("另一个名字.txt", bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || a.Tasks[48].ID != b.Tasks[48].ID {
		t.Errorf("ids depend on the file name: %s/%s vs %s/%s", a.ID, a.Tasks[48].ID, b.ID, b.Tasks[48].ID)
	}
	if b.Source != "另一个名字.txt" {
		t.Errorf("source = %q", b.Source)
	}
	other := strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)
	c, err := Parse("x", strings.NewReader(other))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID || c.Year != 2019 {
		t.Errorf("another year's notice got id %s year %d", c.ID, c.Year)
	}
}

func TestSplitNames(t *testing.T) {
	tests := []struct {
		name, cell string
		want       []string
	}{
		{"markers", "区经信局? 区科技局?", []string{"区经信局", "区科技局"}},
		{"bracket continuation", "未来科技城? 余杭经济技术开发区? (钱江经济开发区)?", []string{"未来科技城", "余杭经济技术开发区(钱江经济开发区)"}},
		{"bracket kept", "区住建局(规划分局)? 区农业局?", []string{"区住建局(规划分局)", "区农业局"}},
		{"full-width brackets folded", "区住建局\uFF08规划分局\uFF09", []string{"区住建局(规划分局)"}},
		{"enumeration comma", "良渚新城、良渚街道?", []string{"良渚新城", "良渚街道"}},
		{"commas and semicolons", "区财政局,区发改局;区科技局,区商务局;区农业局", []string{"区财政局", "区发改局", "区科技局", "区商务局", "区农业局"}},
		{"separator inside brackets", "区委组织部(人才办、编办)", []string{"区委组织部(人才办、编办)"}},
		{"ideographic space", "区民政局\u3000区司法局", []string{"区民政局", "区司法局"}},
		{"quotes kept", "区“五水共治”办? 区林水局?", []string{"区“五水共治”办", "区林水局"}},
		{"empty", " ? ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitNames(tt.cell); !slices.Equal(got, tt.want) {
				t.Errorf("splitNames(%q) = %q, want %q", tt.cell, got, tt.want)
			}
		})
	}
}

func TestSplitLeaders(t *testing.T) {
	tests := []struct {
		name, cell string
		want       []string
	}{
		{"padded with marker", "沈 ?昱? 祝振伟?", []string{"沈昱", "祝振伟"}},
		{"three padded", "王 ?进? 祝振伟? 曾 ?宏?", []string{"王进", "祝振伟", "曾宏"}},
		{"padded with spaces", "王  姝、许玲娣", []string{"王姝", "许玲娣"}},
		{"full-width space padding", "曾\u3000宏", []string{"曾宏"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitLeaders(tt.cell); !slices.Equal(got, tt.want) {
				t.Errorf("splitLeaders(%q) = %q, want %q", tt.cell, got, tt.want)
			}
		})
	}
}

func TestUnitGroup(t *testing.T) {
	tests := map[string]string{
		"区住建局(规划分局)":           "区住建局",
		"未来科技城(海创园)":           "未来科技城",
		"余杭经济技术开发区(钱江经济开发区)":   "余杭经济技术开发区",
		"区住建局\uFF08规划分局\uFF09": "区住建局",
		"区城管局":                 "区城管局",
		"(区防化办)":               "(区防化办)",
	}
	for in, want := range tests {
		if got := UnitGroup(in); got != want {
			t.Errorf("UnitGroup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanCell(t *testing.T) {
	tests := map[string]string{
		"推进“污水零直排区”建设。?": "推进“污水零直排区”建设。",
		" 1? ":     "1",
		"问题\uFF1F": "问题\uFF1F", // a full-width question mark is text
		"是否达标??":   "是否达标",
		"沈 ?昱":     "沈昱",
	}
	for in, want := range tests {
		if got := cleanCell(in); got != want {
			t.Errorf("cleanCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaderSynonyms(t *testing.T) {
	tests := []struct {
		name, header, row string
		check             func(Task) bool
	}{
		{"renamed columns", "编号 | 工作任务 | 责任领导 | 责任单位 | 主要参与单位 | 时间节点",
			"1 | 推进垃圾分类。 | 王艳勤 | 区城管局 | 各街道 | 12月底",
			func(t Task) bool {
				return t.Text == "推进垃圾分类。" && slices.Equal(t.Leaders, []string{"王艳勤"}) &&
					slices.Equal(t.Units, []string{"区城管局"}) && slices.Equal(t.CoUnits, []string{"各街道"}) && t.Deadline == "12月底"
			}},
		{"spaced and reordered", "序 号 | 牵 头 单 位 | 重 点 工 作 | 分管领导 | 项目",
			"7 | 区农业局 | 建设美丽乡村。 | 葛建伟 | 乡村振兴",
			func(t Task) bool {
				return t.Seq == 7 && t.Text == "建设美丽乡村。" && slices.Equal(t.Units, []string{"区农业局"}) &&
					slices.Equal(t.Leaders, []string{"葛建伟"}) && t.Extra["项目"] == "乡村振兴"
			}},
		{"主办单位 and 协办单位", "序号 | 重点工作任务 | 主办单位 | 协办单位 | 完成时限",
			"3 | 完成旧改。 | 区住建局 | 区财政局、区发改局 | 2018年底",
			func(t Task) bool {
				return slices.Equal(t.Units, []string{"区住建局"}) && slices.Equal(t.CoUnits, []string{"区财政局", "区发改局"}) && t.Deadline == "2018年底"
			}},
		// the page's own name of the field: a column headed 所属部分 is the
		// section, not an extra column
		{"所属部分", "序号 | 所属部分 | 重点工作任务 | 牵头单位 | 完成时限",
			"4 | 二、城市建设 | 推进垃圾分类。 | 区城管局 | 2018年6月底",
			func(t Task) bool {
				return t.Section == "二、城市建设" && t.Extra["所属部分"] == "" && slices.Equal(t.Units, []string{"区城管局"}) && t.Text == "推进垃圾分类。"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("x.txt", strings.NewReader("2018年任务分解表\n"+tt.header+"\n"+tt.row+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tasks) != 1 || !tt.check(doc.Tasks[0]) {
				t.Errorf("tasks = %+v", doc.Tasks)
			}
		})
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name, input string
		code        string // expected error code, "" for success
	}{
		{"empty file", "", EINVALID},
		{"only blanks", " \n\n\t\n", EINVALID},
		{"binary", "\x00\x01\x02PK\x03\x04\xff\xfe", EINVALID},
		{"invalid utf-8", "\xd6\xd8\xb5\xe3\xb9\xa4\xd7\xf7", EINVALID},
		{"table without header", "1 | 推进垃圾分类。 | 王艳勤 | 区城管局 |\n2 | 建设公园。 | 葛建伟 | 区林水局 |\n", EINVALID},
		{"prose only", "各镇人民政府、街道办事处:\n现将任务分解如下。\n", EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.txt", strings.NewReader(tt.input))
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if err != nil && ErrorMessage(err) == "内部错误" {
				t.Errorf("message does not say what is wrong: %v", err)
			}
		})
	}
}

func TestParseReportsUnusedLines(t *testing.T) {
	input := strings.Join([]string{
		"2018年任务分解表",
		"序号 | 重点工作任务 | 牵头领导 | 牵头单位 |",
		"1 | 推进垃圾分类。 | 王艳勤 | 区城管局 |",
		"2 |",       // missing cells: no text
		"一句落在表格外的话", // not a row
		"",          // blank
		"1 | 重复的序号。 | 王艳勤 | 区城管局 |", // duplicate seq
		"3 | 缺少单位的任务。 | 葛建伟",        // fewer cells still make a task
		" | | | |", // an empty row
	}, "\n")
	doc, err := Parse("x.txt", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[1].Seq != 3 || len(doc.Tasks[1].Units) != 0 {
		t.Fatalf("tasks = %+v", doc.Tasks)
	}
	var lines []int
	for _, u := range doc.Report.Unused {
		if u.Reason == "" || u.Text == "" {
			t.Errorf("unused line without reason or text: %+v", u)
		}
		lines = append(lines, u.Line)
	}
	if !slices.Equal(lines, []int{5, 4, 7, 9}) && !slices.Equal(lines, []int{4, 5, 7, 9}) {
		t.Errorf("unused lines = %v, want 4, 5, 7, 9 (report %+v)", lines, doc.Report.Unused)
	}
	if doc.Report.BlankLines != 1 || doc.Report.LinesRead != 9 || doc.Report.TasksMade != 2 {
		t.Errorf("report = %+v", doc.Report)
	}
}

func TestYearFromTheNoticesWords(t *testing.T) {
	doc, err := Parse("x.txt", strings.NewReader("各镇街：\n现将2019年区政府重点工作任务分解如下。\n1.推进垃圾分类。（区城管局负责）\n"))
	if err != nil || doc.Year != 2019 {
		t.Fatalf("year = %v, %v", doc, err)
	}
}

func TestTabSeparatedTable(t *testing.T) {
	// Word writes a cell's line break as a line break: the row goes on
	input := "2022年重点工作任务\n序号\t重点工作任务\t牵头领导\t牵头单位\n1\t推进垃圾分类，\n覆盖率达到90%。\t王艳勤\t区城管局\n2\t建设城市公园。\t葛建伟\t区林水局\n"
	doc, err := Parse("x.txt", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Text != "推进垃圾分类，覆盖率达到90%。" || doc.Tasks[1].Units[0] != "区林水局" || doc.Tasks[0].Leaders[0] != "王艳勤" {
		t.Errorf("tasks = %+v", doc.Tasks)
	}
	// a numbered paragraph that Word exported with a tab is not a row
	doc, err = Parse("y.txt", strings.NewReader("1.\t推进垃圾分类。（区城管局负责）\n2.\t建设城市公园。（区林水局负责）\n"))
	if err != nil || len(doc.Tasks) != 2 || doc.Tasks[0].Text != "推进垃圾分类。" || doc.Tasks[1].Units[0] != "区林水局" {
		t.Errorf("numbered paragraphs with tabs: %v %+v", err, doc)
	}
}

func TestSectionRows(t *testing.T) {
	input := "序号 | 重点工作任务 | 牵头单位\n一、加快创新发展 | |\n1 | 建设科创大走廊。 | 区科技局\n二、建设美丽乡村 | |\n2 | 推进垃圾分类。 | 区城管局\n"
	doc, err := Parse("x.txt", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Section != "一、加快创新发展" || doc.Tasks[1].Section != "二、建设美丽乡村" {
		t.Errorf("tasks = %+v", doc.Tasks)
	}
}

func TestParseDate(t *testing.T) {
	tests := map[string]string{
		"2018年3月18日":      "2018-03-18",
		"2018 年 12 月 1 日": "2018-12-01",
		"二〇一八年三月十八日":      "2018-03-18",
		"二〇一九年十二月三十一日":    "2019-12-31",
		"2018年13月1日":      "",
		"2018年工作":         "",
	}
	for in, want := range tests {
		if got := parseDate(in); got != want {
			t.Errorf("parseDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnusedIsNotNil(t *testing.T) {
	doc := MustParseSeed(t)
	b, _ := json.Marshal(doc.Report)
	if !bytes.Contains(b, []byte(`"unused":[]`)) {
		t.Errorf("report JSON = %s", b)
	}
	if !reflect.DeepEqual(doc.Tasks[0].CoUnits, []string{}) {
		t.Errorf("co_units should be an empty list, got %#v", doc.Tasks[0].CoUnits)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(strings.Join(strings.SplitAfter(string(seeds.Notice()), "\n")[:14], "")) // the seed's head: metadata, header, a few tasks
	f.Add("序号 | 重点工作任务 | 牵头领导 | 牵头单位 |\n1? | 任务。? | 沈 ?昱? | 区经信局? (钱江)? |\n")
	f.Add("序号|工作任务|责任单位\n一、标题||\n|无序号的任务。|区财政局、(分局)\n")
	f.Add("\xef\xbb\xbf重点工作|牵头领导\r\n任务|王  姝\r")
	f.Add("1、推进垃圾分类。(牵头单位:区城管局;责任单位:各镇街)\n")
	f.Add("序号\n\n工作任务\n\n牵头单位\n\n1\n\n任务。\n\n区城管局\n")
	f.Add("一、甲\n（一）乙。（A部、B局负责，排在第一位的部门为牵头部门，下同）\n1.丙\n（C委会同有关部门负责）\n")
	f.Add("一、于会游市长主抓重点工作\n1.甲。(牵头领导:祝振伟;牵头单位:未来科技城(海创园);完成时限:6月底)\n区教育局牵头：\n2.乙。（市发改委）\n")
	f.Add("序号\t任务\t领导\t牵头单位\n1\t甲。\t张三\n2\t乙\t李四\t王五\tA局\n")
	f.Add("序号\t任务\t领导\t牵头单位\r\n1\t\"甲\"\"乙\"\"\n丙\"\t\"张三\n李四\"\tA局\r\n2\t\"未闭\tB局\r\n")
	f.Add("序号 工作任务   责任 牵头\n             领导 单位\n1    推进甲乙 张三 A局\n     丙丁。 李四 B\n          局\n\n  某政府\n")
	f.Add("┌──┬────┬──┬──┐\n│序号│工作任务│领导│责任单位│\n├──┼────┼──┼──┤\n│1 │甲乙│张三│A局（牵头）、│\n│  │丙。│李四│B局│\n+--+\n| 1 | x |\n└──┴┘\n")
	f.Fuzz(func(t *testing.T, input string) { fuzzParse(t, []byte(input)) })
}

func BenchmarkParseSeed(b *testing.B) {
	data := seeds.Notice()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(seeds.NoticeName, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// A tab-separated table pasted from Excel quotes a cell holding a line
// break or a quote ("" inside); a tab table typed by hand whose cell opens
// with a quote mark is not quoted so, and stays as written.
func TestQuotedTabRows(t *testing.T) {
	lines := []string{
		"序号\t重点任务\t责任领导\t牵头单位",
		"1\t\"推进\"\"智慧社区\"\"建设。\"\t\"葛丽",
		"蒋宏伟\"\t区民政局",
		"2\t\"放管服\"改革再深化。\t蒋宏伟\t区政务服务中心",
		"3\t\"未闭合的引号\t温建平\t区财政局",
	}
	bs := lineBlocks(lines)
	q := quotedTabRows(bs)
	if len(q) != 1 {
		t.Fatalf("quoted rows = %v, want the row at line 2 only", q)
	}
	want := []string{"1", "推进\"智慧社区\"建设。", "葛丽\n蒋宏伟", "区民政局"}
	if r := q[1]; !slices.Equal(r.cells, want) || r.lines != 2 {
		t.Errorf("row = %q over %d lines, want %q over 2", r.cells, r.lines, want)
	}
	doc, err := ParseSource(&Source{Name: "t.txt", Format: FormatText, Blocks: bs})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 3 {
		t.Fatalf("tasks = %+v", doc.Tasks)
	}
	if got := doc.Tasks[0]; got.Text != "推进\"智慧社区\"建设。" || !slices.Equal(got.Leaders, []string{"葛丽", "蒋宏伟"}) {
		t.Errorf("task 1 = %q %q", got.Text, got.Leaders)
	}
	if got := doc.Tasks[1]; got.Text != "\"放管服\"改革再深化。" {
		t.Errorf("task 2 text = %q, want it as written", got.Text)
	}
}
