package source

import (
	"slices"
	"strings"
	"testing"
)

// A card's label and value side by side are one line, the key with a
// colon: a labelled span, <dt>/<dd>, <label> with a colon of its own; a
// value's line breaks and paragraphs stay on its line (names apart by a
// space, a sentence broken after its comma joined); a label with no value
// after it, a long "label" and a link list outside a sidebar are left as
// they are; the sidebar's links and a <nav> are not read.
func TestHTMLCardFields(t *testing.T) {
	page := `<html><body>
<nav><a href="/">首页</a><a href="/zw">政务公开</a></nav>
<div class="sidebar"><h3>相关文件</h3><ul><li><a href="/1">1. 关于做好安全生产工作的通知</a></li><li><a href="/2">2. 关于印发行动方案的通知</a></li></ul></div>
<div class="card"><div class="card-title">任务01</div>
<div><span class="label">牵头领导</span><span class="value">副区长 卓远航</span></div>
<div><span class="item-label">配合单位</span><span>区城管局<br>区水务局</span></div>
<div><span class="label">配合单位</span><span class="value"></span></div>
<dl><dt>项目内容</dt><dd>完成道路改造，<br>全线通车。</dd><dt>责任县领导</dt><dd><p>程立新</p><p>二级巡视员</p></dd></dl>
<div><label>办结时限：</label><div>2023年12月31日</div></div>
<div><span class="label">说明</span></div>
<div><span class="label">这是一个很长的并非标签的句子内容</span><span>后文</span></div>
</div>
<p>附件：<a href="/a.doc">1.任务表</a> <a href="/b.doc">2.说明</a></p>
</body></html>`
	src, err := Read("p.html", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range src.Blocks {
		got = append(got, b.Text)
	}
	want := []string{"任务01", "牵头领导：副区长 卓远航", "配合单位：区城管局 区水务局", "配合单位：",
		"项目内容：完成道路改造，全线通车。", "责任县领导：程立新 二级巡视员", "办结时限：2023年12月31日", "说明",
		"这是一个很长的并非标签的句子内容后文", "附件：1.任务表 2.说明"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// A sidebar is told by its name and its shape: links, little text of its
// own, no table.
func TestLinkList(t *testing.T) {
	for page, want := range map[string]bool{
		`<aside><a>1. 关于甲的通知</a><a>2. 关于乙的通知</a></aside>`:                                    true,
		`<div id="left-nav"><p><a>1. 甲</a></p><p><a>2. 乙</a></p></div>`:                      true,
		`<div class="side-list">最新文件<a>1. 甲</a><a>2. 乙</a></div>`:                            true,
		`<div class="sidebar"><a>1. 甲</a></div>`:                                             false,
		`<div class="top-bar">您好，欢迎访问本网站！ <a>首页</a> <a>搜索</a></div>`:                         true,
		`<header><a>首页</a><a>信息公开</a></header>`:                                              true,
		`<header><h1>某某区人民政府办公室关于印发2024年重点工作任务的通知</h1><a>打印</a><a>关闭</a></header>`:           false,
		`<div class="content"><a>1. 甲</a><a>2. 乙</a></div>`:                                  false,
		`<div class="sidebar"><a>甲</a><a>乙</a><p>一段很长的正文内容，写明了任务和牵头单位，不是链接列表的一部分。</p></div>`: false,
	} {
		src, err := Read("p.html", strings.NewReader("<html><body>"+page+"<p>正文</p></body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(src.Blocks) == 1; got != want {
			t.Errorf("%s: dropped %v, want %v (blocks %v)", page, got, want, src.Blocks)
		}
	}
}
