package ingest

import (
	"slices"
	"strings"
	"testing"
)

func TestParseRangeLine(t *testing.T) {
	cases := []struct {
		line    string
		numbers []int
		all     bool
		ok      bool
	}{
		{"（以上第1—3项：责任领导：周某某；牵头单位：县发改局；配合单位：县自然资源局、县财政局）", []int{1, 2, 3}, false, true},
		{"以上1-3项责任领导：许嘉；牵头单位：县工信局", []int{1, 2, 3}, false, true},
		{"第4至6项　分管领导：韩东升；牵头单位：镇农业服务中心", []int{4, 5, 6}, false, true},
		{"（上述第7、8项：牵头单位：县教育局）", []int{7, 8}, false, true},
		{"以上第１～２项、第５项，牵头单位：县水利局", []int{1, 2, 5}, false, true},
		{"以上各项：牵头单位：镇建设管理站", nil, true, true},
		{"以上第1项至第3项，责任领导：周某某，牵头单位：县发改局，配合单位：县财政局", []int{1, 2, 3}, false, true},
		{"（以上二至四项由县文旅局牵头，县财政局配合）", []int{2, 3, 4}, false, true},
		{"（以上第一至三项由县文旅局牵头，县财政局、县商务局配合，责任领导：周明远）", []int{1, 2, 3}, false, true},
		// not range lines: no assignment, a sentence, no 以上/第, an open bracket
		{"以上各项任务请于年底前完成。", nil, false, false},
		{"3项重点工程牵头单位：县住建局", nil, false, false},
		{"（以上第1—3项：牵头单位：县发改局", nil, false, false},
		{"以上第3—1项：牵头单位：县发改局", nil, false, false},
	}
	for _, c := range cases {
		r, ok := parseRangeLine(c.line)
		if ok != c.ok || ok && (!slices.Equal(r.numbers, c.numbers) || r.all != c.all) {
			t.Errorf("%s: got %v %+v, want %v %v all=%v", c.line, ok, r, c.ok, c.numbers, c.all)
		}
	}
}

func TestRangeAssignments(t *testing.T) {
	var blocks []block
	for i, l := range []string{
		"一、扩大投资",
		"1．实施重点项目120个。",
		"2．争取专项债券资金",
		"12亿元以上。",
		"3．盘活低效用地。（牵头单位：县自然资源局）",
		"（以上第1—3项：牵头单位：县发改局；配合单位：县财政局）",
		"4．新建5G基站300个。",
		"以上第9项：牵头单位：县工信局",
		"5．培育数字经济企业。",
		"以上第5项：牵头单位：县工信局",
	} {
		blocks = append(blocks, block{line: i + 1, text: l})
	}
	out, warns := rangeAssignments(blocks)
	want := map[int]string{
		1: "1．实施重点项目120个。（牵头单位：县发改局；配合单位：县财政局）",
		2: "2．争取专项债券资金",
		3: "12亿元以上。（牵头单位：县发改局；配合单位：县财政局）",
		4: "3．盘活低效用地。（牵头单位：县自然资源局）", // its own assignment wins
		5: "",
		7: "以上第9项：牵头单位：县工信局", // names no item above: left as written
		9: "",
	}
	for i, w := range want {
		if out[i].text != w {
			t.Errorf("block %d: %q, want %q", i, out[i].text, w)
		}
	}
	if !out[6].bare || out[1].bare || out[8].bare {
		t.Errorf("bare: item 4 %v, item 1 %v, item 5 %v", out[6].bare, out[1].bare, out[8].bare)
	}
	if blocks[1].text != "1．实施重点项目120个。" {
		t.Errorf("the input was changed: %q", blocks[1].text)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Message, "4") || warns[0].Code != WarnNoUnit {
		t.Errorf("warnings: %+v", warns)
	}
}

func TestOfficeUnitKeyEndings(t *testing.T) {
	cases := map[string]column{
		"责任站办": colUnits, "牵头站办": colUnits, "责任站所": colUnits, "责任办所": colUnits,
		"责任科室": colUnits, "牵头处室": colUnits, "牵头股室": colUnits,
		"配合站办": colCoUnits, "协办科室": colCoUnits, "配合股室": colCoUnits, "协同处室": colCoUnits,
		"站办": colExtra, // the ending alone names no field
	}
	for key, want := range cases {
		if got := classifyHeader(key); got != want {
			t.Errorf("%s: %v, want %v", key, got, want)
		}
	}
	c, ok := parseKeyed("责任站办：镇经济发展办（牵头）、镇财政所；配合站办：镇社会事务办")
	if !ok || !slices.Equal(c.units, []string{"镇经济发展办"}) || !slices.Equal(c.coUnits, []string{"镇财政所", "镇社会事务办"}) {
		t.Errorf("责任站办 with a (牵头) mark: %+v", c)
	}
	if !isUnitName("计划财务股") || !isUnitName("城建股") {
		t.Error("a bureau's 股 is a unit")
	}
}

// A range line without keys (由A牵头，B、C配合) or with keys after such a
// clause gives each item all of it.
func TestRangeAssignmentsKeyless(t *testing.T) {
	notice := "某县2024年重点工作分解\n\n一、文旅\n（一）创建省级全域旅游示范区。\n（二）新增A级景区2个。\n" +
		"（以上第一至二项由县文旅局牵头，县财政局、县商务局配合，责任领导：周明远）\n二、交通\n" +
		"（三）新建农村公路80公里。\n（四）完成国省道大修20公里。\n以上第三项至第四项由县交通运输局负责\n"
	doc, err := Parse("range.txt", strings.NewReader(notice))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 4 {
		t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
	}
	for i, task := range doc.Tasks {
		units, co, leaders := []string{"县文旅局"}, []string{"县财政局", "县商务局"}, []string{"周明远"}
		if i >= 2 {
			units, co, leaders = []string{"县交通运输局"}, []string{}, []string{}
		}
		if !slices.Equal(task.Units, units) || !slices.Equal(task.CoUnits, co) || !slices.Equal(task.Leaders, leaders) || strings.ContainsAny(task.Text, "（牵") {
			t.Errorf("task %d: %q %v %v %v", i+1, task.Text, task.Leaders, task.Units, task.CoUnits)
		}
	}
}
