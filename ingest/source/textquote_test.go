package source

import (
	"strings"
	"testing"
)

// A notice forwarded in an e-mail loses its quote marks in a run of quoted
// lines; a lone > stays text.
func TestUnquoteMail(t *testing.T) {
	in := []string{"各单位：", "> 东坪县人民政府办公室", ">", "> > 1. 实施工业倍增计划。（县工信局", "> 牵头）", "x > 5%"}
	got := unquoteMail(in)
	want := []string{"各单位：", "东坪县人民政府办公室", "", "1. 实施工业倍增计划。（县工信局", "牵头）", "x > 5%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("unquoteMail = %q", got)
	}
	if in[1] != "> 东坪县人民政府办公室" {
		t.Error("unquoteMail changed its input")
	}
	short := []string{"> 引言", "正文"}
	if got := unquoteMail(short); got[0] != "> 引言" {
		t.Errorf("a lone quoted line unquoted: %q", got)
	}
}

// A Markdown notice loses its marks; a table's pipes stay.
func TestUnmarkdown(t *testing.T) {
	got := unmarkdown([]string{"## 一、公共服务（分管副区长：符娟）", "1. **新增托位**：新建8个。", "    - 牵头单位：区卫健局", "| 序号 | 任务 |", "- 5%的增长"})
	want := []string{"一、公共服务（分管副区长：符娟）", "1. 新增托位：新建8个。", "牵头单位：区卫健局", "| 序号 | 任务 |", "5%的增长"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("unmarkdown = %q", got)
	}
	if !isMarkdownName("a.md") || !isMarkdownName("B.MARKDOWN") || isMarkdownName("a.txt") {
		t.Error("isMarkdownName")
	}
}
