package source

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// An ordered list's numbers, which a browser shows and the page's text does
// not hold, are written before each item: from 1 or <ol start>, an item's
// own value going on from there; "(N)" inside another list's item; none for
// an item that writes its number itself, for letters or roman numerals
// (type) and for a list whose numbers are hidden; a <br> inside an item
// still parts its lines.
func TestHTMLOrderedListNumbers(t *testing.T) {
	page := `<html><body>
<h3>副区长 周海峰 牵头负责</h3>
<ol start="4"><li>新建学校3所。<br>牵头单位：区教育局</li><li>建成体育馆。</li><li value="9">新增就业5000人。</li><li>完成改造。</li></ol>
<ol><li>甲项<ol><li>子项一</li><li>子项二</li></ol></li></ol>
<ol type="a"><li>字母编号</li></ol>
<ol style="list-style: none"><li>隐藏编号</li></ol>
<ol><li>3.自带编号</li><li>（二）自带编号</li></ol>
<ol start="7"><li><p>段落中的条目。</p><p>牵头单位：区发改局</p></li><li></li><li><strong>加粗</strong>的条目</li></ol>
<ul><li>无序列表</li></ul>
</body></html>`
	src, err := Read("p.html", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range src.Blocks {
		got = append(got, b.Text)
	}
	want := []string{"副区长 周海峰 牵头负责", "4.新建学校3所。", "牵头单位：区教育局", "5.建成体育馆。", "9.新增就业5000人。", "10.完成改造。",
		"1.甲项", "(1)子项一", "(2)子项二", "字母编号", "隐藏编号", "3.自带编号", "（二）自带编号",
		"7.段落中的条目。", "牵头单位：区发改局", "9.加粗的条目", "无序列表"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// A GBK text that GB18030 cannot read whole still reads: a file cut in the
// middle of its last character, or one stray byte, leaves one unreadable
// character; Windows' € (0x80) reads; bytes of another encoding (Latin-1
// words), or many stray bytes, are still refused.
func TestGBKStrayBytes(t *testing.T) {
	body, err := simplifiedchinese.GBK.NewEncoder().String(strings.Repeat("第一项　新增规上工业企业25家。\r\n——责任领导：刘正勇；牵头单位：县工信局\r\n", 20))
	if err != nil {
		t.Fatal(err)
	}
	gbk := func(s string) string {
		out, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for name, data := range map[string]string{
		"euro":      body + gbk("资金100万") + "\x80" + gbk("。\r\n"),
		"cut":       body + gbk("完") + "\xb9",
		"one stray": body[:40] + "\xff" + body[40:],
	} {
		src, err := Read(name+".txt", strings.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !strings.Contains(src.Blocks[1].Text, "牵头单位：县工信局") {
			t.Errorf("%s: %q", name, src.Blocks[1].Text)
		}
	}
	for name, data := range map[string]string{
		"latin-1": "Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade\n",
		"many":    body[:40] + strings.Repeat("\xff", 8) + body[40:],
	} {
		if _, err := Read(name+".txt", strings.NewReader(data)); err == nil {
			t.Errorf("%s: read", name)
		}
	}
}
