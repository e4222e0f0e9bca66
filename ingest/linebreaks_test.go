package ingest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// A line break inside a leader or unit cell parts two names though no 、
// is written between them (登记注册处 / 信息化建设处, 曹永平 / 贾文婷),
// whatever the format wrote it with: <p>, <div>, <br> or a span styled as
// a block in HTML, paragraphs or <w:br/> in a DOCX cell, Alt+Enter in an
// XLSX cell. In the text cell the lines are one text: nothing is put
// between them and the task is not split.
func TestLineBreaksPartNames(t *testing.T) {
	type want struct {
		text                    string
		leaders, units, coUnits []string
	}
	w := want{"推进“一网通办”，压缩企业开办时间。", []string{"曹永平", "贾文婷"}, []string{"登记注册处", "信息化建设处"}, []string{"法规处", "信用监管处"}}
	docxCell := func(lines ...string) string {
		var b strings.Builder
		b.WriteString("<w:tc>")
		for _, l := range lines {
			b.WriteString("<w:p><w:r><w:t>" + l + "</w:t></w:r></w:p>")
		}
		return b.String() + "</w:tc>"
	}
	docxBreaks := func(lines ...string) string {
		return "<w:tc><w:p><w:r><w:t>" + strings.Join(lines, "</w:t><w:br/><w:t>") + "</w:t></w:r></w:p></w:tc>"
	}
	for _, tt := range []struct {
		name string
		file []byte
	}{
		{"x.html", []byte(`<html><body><p>2024年重点工作任务分解表</p><div style="display:table">
<div style="display:table-row"><div style="display:table-cell">序号</div><div style="display:table-cell">重点任务</div><div style="display:table-cell">责任领导</div><div style="display:table-cell">牵头处室</div><div style="display:table-cell">配合处室</div></div>
<div style="display:table-row"><div style="display:table-cell">1</div><div style="display:table-cell"><p>推进“一网通办”，</p><p>压缩企业开办时间。</p></div><div style="display:table-cell"><span style="display:block">曹永平</span><span style="display:block">贾文婷</span></div><div style="display:table-cell"><p>登记注册处</p><p>信息化建设处</p></div><div style="display:table-cell">法规处<br>信用监管处</div></div>
<div style="display:table-row"><div style="display:table-cell">2</div><div style="display:table-cell">清理证明事项。</div><div style="display:table-cell"></div><div style="display:table-cell">法规处</div><div style="display:table-cell"></div></div>
</div></body></html>`)},
		{"x.docx", docxFile(`<w:p><w:r><w:t>2024年重点工作任务分解表</w:t></w:r></w:p><w:tbl><w:tr>` + wordCell("序号") + wordCell("重点任务") + wordCell("责任领导") + wordCell("牵头处室") + wordCell("配合处室") + `</w:tr>` +
			`<w:tr>` + wordCell("1") + docxBreaks("推进“一网通办”，", "压缩企业开办时间。") + docxCell("曹永平", "贾文婷") + docxCell("登记注册处", "信息化建设处") + docxBreaks("法规处", "信用监管处") + `</w:tr>` +
			`<w:tr>` + wordCell("2") + wordCell("清理证明事项。") + docxCell() + wordCell("法规处") + docxCell() + `</w:tr></w:tbl>`)},
		{"x.xlsx", xlsxFile(`<sheetData><row r="1">` + inlineCells(1, "2024年重点工作任务分解表") + `</row><row r="2">` +
			inlineCells(2, "序号", "重点任务", "责任领导", "牵头处室", "配合处室") + `</row><row r="3">` +
			inlineCells(3, "1", "推进“一网通办”，\n压缩企业开办时间。", "曹永平\n贾文婷", "登记注册处\n信息化建设处", "法规处\n信用监管处") + `</row><row r="4">` +
			inlineCells(4, "2", "清理证明事项。", "", "法规处") + `</row></sheetData>`)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.name, bytes.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tasks) != 2 {
				t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
			}
			got := doc.Tasks[0]
			if normText(got.Text) != normText(w.text) || strings.ContainsAny(got.Text, "、;；") {
				t.Errorf("text %q, want %q with nothing put between its lines", got.Text, w.text)
			}
			if !slices.Equal(got.Leaders, w.leaders) || !slices.Equal(got.Units, w.units) || !slices.Equal(got.CoUnits, w.coUnits) {
				t.Errorf("leaders %q units %q co %q; want %q %q %q", got.Leaders, got.Units, got.CoUnits, w.leaders, w.units, w.coUnits)
			}
			// the empty cells of the second row are empty: no column shifts
			two := doc.Tasks[1]
			if len(two.Leaders) != 0 || !slices.Equal(two.Units, []string{"法规处"}) || len(two.CoUnits) != 0 {
				t.Errorf("task 2: leaders %q units %q co %q", two.Leaders, two.Units, two.CoUnits)
			}
		})
	}
}

// What follows a web page's task table — a note across the table's last
// row or after it, an attachment's link, print and share buttons,
// 上一篇/下一篇 — goes on in no task: the last task keeps its text and
// units, and the note is reported, never taken silently for a heading.
func TestTrailingNoteIsNoRow(t *testing.T) {
	note := "各牵头处室（单位）每月底前在督办平台更新工作进展"
	for name, page := range map[string]string{
		"table": `<html><body><p>2024年重点工作任务分解表</p><table>
<tr><td>序号</td><td>重点任务</td><td>牵头处室</td><td>配合处室</td></tr>
<tr><td>1</td><td>推进“一网通办”</td><td>登记注册处</td><td></td></tr>
<tr><td>2</td><td>压减审批时限</td><td>法规处</td><td></td></tr>
<tr><td colspan="4">` + note + `</td></tr></table>
<p>附件：<a href="x.xlsx">重点工作任务清单.xlsx</a></p><p>【打印本页】【关闭窗口】</p><p>分享到：</p><p>上一篇：关于开展专项行动的通知</p><p>下一篇：没有了</p></body></html>`,
		"div table": `<html><body><p>2024年重点工作任务分解表</p><div class="tbl">
<div class="tr"><div class="th">序号</div><div class="th">重点任务</div><div class="th">牵头处室</div><div class="th">配合处室</div></div>
<div class="tr"><div class="td">1</div><div class="td">推进“一网通办”</div><div class="td">登记注册处</div><div class="td"></div></div>
<div class="tr"><div class="td">2</div><div class="td">压减审批时限</div><div class="td">法规处</div><div class="td"></div></div>
<div class="note">` + note + `</div></div>
<div class="attach">附件：<a href="x.xlsx">重点工作任务清单.xlsx</a></div><div class="share">分享到：微信 微博</div><div>上一篇：关于开展专项行动的通知</div></body></html>`,
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse("x.html", strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tasks) != 2 {
				t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
			}
			last := doc.Tasks[1]
			if last.Text != "压减审批时限" || !slices.Equal(last.Units, []string{"法规处"}) || len(last.CoUnits) != 0 || last.Section != "" {
				t.Errorf("last task: %q units %q co %q section %q", last.Text, last.Units, last.CoUnits, last.Section)
			}
			reported := false
			for _, u := range doc.Report.Unused {
				if strings.TrimSpace(u.Text) == note {
					reported = true
				}
			}
			if !reported {
				t.Errorf("the note is not reported: %+v", doc.Report.Unused)
			}
		})
	}
}
