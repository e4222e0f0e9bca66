package ingest

import (
	"slices"
	"testing"
)

func TestMarkLeads(t *testing.T) {
	cases := []struct{ in, marks, want string }{
		{"责任单位：区发改局*、区财政局", starMarks, "责任单位：区发改局（牵头）、区财政局"},
		{"（责任单位：区工信局＊、区统计局）", starMarks, "（责任单位：区工信局（牵头）、区统计局）"},
		{"区商务局、★区文旅局、区市场监管局", starMarks, "区商务局、区文旅局（牵头）、区市场监管局"},
		{"县城管局△、县公安局△、县住建局", starMarks + "△", "县城管局（牵头）、县公安局（牵头）、县住建局"},
		// a mark the note did not name, a footnote's star after a figure
		{"县城管局△、县住建局", starMarks, "县城管局△、县住建局"},
		{"地区生产总值增长6%*，", starMarks, "地区生产总值增长6%*，"},
		{"完成投资50亿元*", starMarks, "完成投资50亿元*"},
		{"县水利局 *、县农业农村局", starMarks, "县水利局（牵头）、县农业农村局"},
	}
	for _, c := range cases {
		if got := markLeads(c.in, c.marks); got != c.want {
			t.Errorf("%s: %s, want %s", c.in, got, c.want)
		}
	}
}

func TestLeadMarksOfNote(t *testing.T) {
	for note, mark := range map[string]rune{
		"注：带*号的为牵头单位，其余为配合单位。":    '*',
		"注：标注“△”的为牵头单位，其余为配合单位。":  '△',
		"说明：加▲者为牵头部门。":            '▲',
		"注：有#标记的单位是主办单位，其他为协办单位。": '#',
		"注：△为牵头单位，其余为配合单位。":       '△',
	} {
		got := leadMarksOf([]block{{text: note}})
		if !slices.Contains([]rune(got), mark) {
			t.Errorf("%s: marks %q", note, got)
		}
	}
	if got := leadMarksOf([]block{{text: "注：△为已完成项目"}}); got != starMarks {
		t.Errorf("a note naming no lead: %q", got)
	}
	out := markLeadUnits([]block{
		{text: "1．推进水利建设。（责任单位：县城管局△、县住建局）"},
		{row: true, cells: []string{"1", "推进", "市国资委★、市财政局"}},
		{text: "注：标注“△”的为牵头单位"},
	})
	if out[0].text != "1．推进水利建设。（责任单位：县城管局（牵头）、县住建局）" || out[1].cells[2] != "市国资委（牵头）、市财政局" || out[2].text != "注：标注“△”的为牵头单位" {
		t.Errorf("rewritten: %q %q %q", out[0].text, out[1].cells, out[2].text)
	}
}
