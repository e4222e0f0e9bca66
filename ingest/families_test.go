package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The families of documents that give units tasks, one fixture each in
// testdata/family_*, written in the style of real ones: a golden of the
// whole Document, and the facts each family is about stated here, so a
// golden refreshed by mistake still fails.

// fact is one task as the office reads it: seq, units, co-units, leaders
// (names apart by spaces) and how the units were found.
type fact struct {
	seq                   int
	units, co, leaders    string
	via                   string
	textStart, textEndsAt string
}

func names(s string) []string { return strings.Fields(s) }

func TestFamilies(t *testing.T) {
	tests := []struct {
		file                  string
		title, issuer, number string
		date                  string
		year, tasks           int
		facts                 []fact
		unused                []int // lines reported, in order
	}{
		{file: "family_state_council.html", title: "国务院办公厅关于进一步加强和改进督查激励工作的通知", issuer: "国务院办公厅",
			number: "国办发〔2021〕15号", date: "2021-04-20", year: 2021, tasks: 6, facts: []fact{
				{seq: 1, units: "国务院办公厅", via: ViaKeyless, textStart: "对深化“放管服”改革", textEndsAt: "予以优先考虑。"},
				{seq: 2, units: "商务部 海关总署", via: ViaKeyless},
				{seq: 3, units: "国家发展改革委", co: "有关部门", via: ViaKeyless, textEndsAt: "加大中央预算内投资支持力度。"},
				{seq: 4, units: "农业农村部 财政部 有关部门", via: ViaKeyless},
				{seq: 6, units: "国务院办公厅", co: "有关部门", via: ViaKeyless, textEndsAt: "予以督查激励。"},
			}},
		{file: "family_lead_rule.html", title: "国务院关于推进数字乡村建设的若干意见", issuer: "国务院", number: "国发〔2022〕8号",
			date: "2022-03-01", year: 2022, tasks: 5, facts: []fact{
				{seq: 1, units: "工业和信息化部", co: "国家发展改革委", via: ViaLeadRule, textStart: "推进网络覆盖。加快农村地区5G网络建设", textEndsAt: "达到80%。"},
				{seq: 2, units: "农业农村部", co: "国家数据局 财政部", via: ViaLeadRule, textEndsAt: "（不含涉密数据）。"},
				{seq: 3, units: "农业农村部", co: "工业和信息化部 有关部门", via: ViaLeadRule},
				{seq: 5, units: "各省级人民政府", via: ViaKeyless},
			}},
		{file: "family_province_keys.txt", title: "浙江省人民政府关于印发2006年省政府重点工作责任分解的通知", issuer: "浙江省人民政府",
			number: "浙政发〔2006〕12号", date: "2006-02-20", year: 2006, tasks: 5, unused: []int{16}, facts: []fact{
				{seq: 1, units: "省经贸委", co: "省发展改革委 省财政厅", via: ViaKey, textEndsAt: "增长15%。"},
				{seq: 2, units: "省发展改革委", co: "省交通厅 省商务厅", via: ViaKey},
				{seq: 3, units: "省科技厅(省知识产权局)", leaders: "陈一鸣", via: ViaKey},
				{seq: 4, units: "省教育厅", co: "省财政厅 各市人民政府", via: ViaKey, textEndsAt: "工程，完成改造面积100万平方米。"},
				{seq: 6, units: "省卫生厅", co: "省财政厅 省劳动保障厅", via: ViaKey},
			}},
		{file: "family_city_leaders.txt", title: "宜川市人民政府办公室关于印发2023年市政府重点工作任务分解方案的通知", issuer: "宜川市人民政府办公室",
			number: "宜府办发〔2023〕9号", date: "2023-02-15", year: 2023, tasks: 6, unused: []int{16, 17}, facts: []fact{
				{seq: 1, units: "市发改委", leaders: "于会游", via: ViaKeyless},
				{seq: 2, units: "市财政局 市税务局", leaders: "于会游", via: ViaKeyless},
				{seq: 3, units: "市住建局", co: "市自然资源和规划局 各区人民政府", leaders: "王建国", via: ViaKeyless},
				{seq: 4, units: "市交通运输局", co: "有关部门", leaders: "王建国", via: ViaKeyless},
				{seq: 5, units: "市人力社保局", co: "市财政局 各县(区)人民政府", leaders: "李红梅", via: ViaKey},
				{seq: 6, units: "市教育局", leaders: "李红梅", via: ViaKeyless},
			}},
		{file: "family_district_table.html", title: "2023年区政府重点工作责任清单", issuer: "杭州市临平区人民政府办公室",
			number: "临政办〔2023〕6号", date: "2023-03-02", year: 2023, tasks: 4, unused: []int{16}, facts: []fact{
				{seq: 1, units: "区经信局", co: "区发改局 区商务局", leaders: "张立新 刘晓燕", via: ViaColumn},
				{seq: 2, units: "临平新城管委会", co: "区住建局", leaders: "刘晓燕", via: ViaColumn},
				{seq: 4, units: "区城管局", co: "各街道", leaders: "王丽萍", via: ViaColumn},
			}},
		{file: "family_web_copy.txt", title: "余杭区2022年重点工作任务清单", date: "2022-03-10", year: 2022, tasks: 3, facts: []fact{
			{seq: 1, units: "未来科技城(海创园)", leaders: "祝振伟", via: ViaColumn},
			{seq: 2, units: "区科技局", leaders: "祝振伟 王艳勤", via: ViaColumn, textStart: "建设之江实验室二期"},
			{seq: 3, units: "区城管局", leaders: "王艳勤", via: ViaColumn},
		}},
		{file: "family_pipe_merged.txt", title: "2021年民生实事项目清单", issuer: "余杭区人民政府办公室", date: "2021-02-20", year: 2021, tasks: 3, facts: []fact{
			{seq: 1, units: "区教育局", co: "区住建局 各镇街", leaders: "许玲娣", via: ViaColumn, textStart: "新建学校\n新（改、扩）建中小学"},
			{seq: 2, units: "区市场监管局", co: "区教育局", leaders: "许玲娣", via: ViaColumn},
			{seq: 3, units: "区民政局", co: "各镇街", leaders: "王艳勤", via: ViaColumn},
		}},
		{file: "family_paragraph_items.txt", title: "2024年区委区政府督查事项清单", issuer: "余杭区人民政府督查室", date: "2024-01-08", year: 2024, tasks: 6, facts: []fact{
			{seq: 1, units: "区教育局", via: ViaHeading},
			{seq: 3, units: "区卫健局", via: ViaHeading},
			{seq: 4, units: "区卫健局", via: ViaHeading, textEndsAt: "扩面提质。"},
			{seq: 5, units: "区数据资源局", via: ViaKeyless},
			{seq: 6, units: "区行政服务中心 区数据资源局", via: ViaKeyless},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := Parse(tt.file, f)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(tt.file, filepath.Ext(tt.file))+".golden.json", doc)
			if doc.Title != tt.title || doc.Issuer != tt.issuer || doc.Number != tt.number || doc.Date != tt.date || doc.Year != tt.year {
				t.Errorf("metadata = %q %q %q %q %d", doc.Title, doc.Issuer, doc.Number, doc.Date, doc.Year)
			}
			if len(doc.Tasks) != tt.tasks {
				t.Errorf("%d tasks, want %d", len(doc.Tasks), tt.tasks)
			}
			bySeq := map[int]Task{}
			for _, task := range doc.Tasks {
				bySeq[task.Seq] = task
				if strings.ContainsAny(task.Text, "（）()") && strings.Contains(task.Text, "负责）") {
					t.Errorf("task %d keeps its assignment in the text: %q", task.Seq, task.Text)
				}
			}
			for _, want := range tt.facts {
				got, ok := bySeq[want.seq]
				if !ok {
					t.Errorf("no task %d", want.seq)
					continue
				}
				if !slices.Equal(got.Units, names(want.units)) || !slices.Equal(got.CoUnits, names(want.co)) ||
					!slices.Equal(got.Leaders, names(want.leaders)) || got.Via != want.via {
					t.Errorf("task %d: units %q co %q leaders %q via %q; want %q %q %q %q", want.seq,
						got.Units, got.CoUnits, got.Leaders, got.Via, want.units, want.co, want.leaders, want.via)
				}
				if !strings.HasPrefix(got.Text, want.textStart) || !strings.HasSuffix(got.Text, want.textEndsAt) {
					t.Errorf("task %d text %q, want it to start %q and end %q", want.seq, got.Text, want.textStart, want.textEndsAt)
				}
			}
			var lines []int
			for _, u := range doc.Report.Unused {
				if u.Reason != reasonChrome {
					lines = append(lines, u.Line)
				}
			}
			if tt.unused != nil && !slices.Equal(lines, tt.unused) {
				t.Errorf("unused lines %v, want %v: %+v", lines, tt.unused, doc.Report.Unused)
			}
		})
	}
}

func TestNothingFoundNamesTheClosestLines(t *testing.T) {
	f, err := os.Open("testdata/family_none.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Parse("family_none.txt", f)
	if ErrorCode(err) != EINVALID {
		t.Fatalf("err = %v", err)
	}
	msg := ErrorMessage(err)
	for _, want := range []string{"没有找到任务表", fmt.Sprintf("第%d行「%s」:%s", 3, "1.请各单位于12月20日前报送年度工作总结。", reasonNoAssign)} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}
