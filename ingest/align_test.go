package ingest

import (
	"slices"
	"testing"
)

func TestAlignRow(t *testing.T) {
	hdr, ok := parseHeader([]string{"序号", "项目", "重点工作任务", "牵头领导", "牵头单位", "1-10月推进情况"})
	if !ok {
		t.Fatal("header not recognised")
	}
	tests := []struct {
		name  string
		cells []string
		want  []string
		gaps  []int
	}{
		{"merged project cell missing", []string{"2", "建设之江实验室二期，完成主体工程。", "祝振伟", "区科技局", "已进场施工。"},
			[]string{"2", "", "建设之江实验室二期，完成主体工程。", "祝振伟", "区科技局", "已进场施工。"}, []int{1}},
		{"merged cell missing and two leaders in two cells", []string{"2", "建设之江实验室二期，完成主体工程。", "祝振伟", "王艳勤", "区科技局", "已进场施工。"},
			[]string{"2", "", "建设之江实验室二期，完成主体工程。", "祝振伟\n王艳勤", "区科技局", "已进场施工。"}, []int{1}},
		{"merged leader cell missing", []string{"3", "美丽余杭", "深化垃圾分类，全区覆盖面达到90%。", "区城管局", "序时推进。"},
			[]string{"3", "美丽余杭", "深化垃圾分类，全区覆盖面达到90%。", "", "区城管局", "序时推进。"}, []int{3}},
		{"trailing cells missing", []string{"4", "美丽余杭", "新建公园。", "王艳勤"},
			[]string{"4", "美丽余杭", "新建公园。", "王艳勤", "", ""}, nil},
		{"leader with a bracketed title", []string{"5", "完成区人民医院门急诊综合楼主体工程。", "刘洋（副区长）", "区卫生健康局"},
			[]string{"5", "", "完成区人民医院门急诊综合楼主体工程。", "刘洋（副区长）", "区卫生健康局", ""}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, gaps, _ := alignRow(hdr, tt.cells)
			if !slices.Equal(got, tt.want) || !slices.Equal(gaps, tt.gaps) {
				t.Errorf("alignRow = %q gaps %v, want %q gaps %v", got, gaps, tt.want, tt.gaps)
			}
		})
	}
}

func TestHeaderColumns(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  []column
		mixed int // index of the mixed unit column, -1 for none
	}{
		{"bracketed note and progress", []string{"序号", "重点工作任务(杭州市2项配合工作)", "责任领导", "责任主体与协同单位", "完成时限", "1-10月推进情况"},
			[]column{colSeq, colText, colLeaders, colUnits, colDeadline, colExtra}, 3},
		{"the plainest task column wins", []string{"序号", "项目名称", "建设内容及目标", "责任领导", "牵头单位", "配合单位", "完成时间"},
			[]column{colSeq, colExtra, colText, colLeaders, colUnits, colCoUnits, colDeadline}, -1},
		{"progress columns are never the task", []string{"序号", "重点任务", "牵头单位", "目标任务完成情况", "是否序时推进", "存在问题", "下步打算"},
			[]column{colSeq, colText, colUnits, colExtra, colExtra, colExtra, colExtra}, -1},
		{"项目 alone holds the task", []string{"序号", "项目", "责任单位"}, []column{colSeq, colText, colUnits}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := parseHeader(tt.cells)
			if !ok {
				t.Fatalf("header %q not recognised", tt.cells)
			}
			if !slices.Equal(h.cols, tt.want) {
				t.Errorf("columns = %v, want %v", h.cols, tt.want)
			}
			for i, m := range h.mixed {
				if m != (i == tt.mixed) {
					t.Errorf("mixed[%d] = %v", i, m)
				}
			}
		})
	}
}

func TestTwoRowHeader(t *testing.T) {
	doc, err := ParseSource(&Source{Name: "x.html", Format: FormatHTML, Blocks: []Block{
		{Line: 1, Text: "2020年重点工作任务分解表"},
		{Line: 2, Cells: []string{"序号", "重点工作任务", "责任单位", "责任单位", "完成时限"}, Table: 1},
		{Line: 3, Cells: []string{"", "", "牵头单位", "配合单位", ""}, Table: 1},
		{Line: 4, Cells: []string{"1", "推进垃圾分类。", "区城管局", "各街道", "年底"}, Table: 1},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 1 || !slices.Equal(doc.Tasks[0].Units, []string{"区城管局"}) || !slices.Equal(doc.Tasks[0].CoUnits, []string{"各街道"}) ||
		len(doc.Report.Unused) != 0 {
		t.Errorf("tasks %+v unused %+v", doc.Tasks, doc.Report.Unused)
	}
}
