package ingest

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// A heading names the leader of the items under it in more forms than
// 一、X副县长分管工作: the title before the name, spaced apart by plain or
// full-width spaces, with a count of items; X同志牵头负责事项; a name with no
// title whose bracket lists the leader's portfolio (联系…, 分管：…), no
// unit of the items; a title and a name alone. A heading of a section, or a
// place's name before a portfolio, names nobody.
func TestLeaderHeadingForms(t *testing.T) {
	for h, want := range map[string]string{
		"副区长　周海峰　牵头负责（4项）":          "周海峰",
		"常务副县长 林佳明 分管":              "林佳明",
		"区长　郑立军　牵头负责（2项）":           "郑立军",
		"董明远同志牵头负责事项":               "董明远",
		"蒋文涛（联系县发改局、县财政局）":          "蒋文涛",
		"罗建华（分管：县教育局、县卫健局）":         "罗建华",
		"常务副县长林佳明":                  "林佳明",
		"副县长 吴新民、县政府党组成员 范振宇（共同领衔）": "吴新民、范振宇",
		"孙海涛、龚丽娜同志共同负责的工作":          "孙海涛、龚丽娜",
		"副县长、县公安局局长凌飞联系事项":          "凌飞",
		"区发改局、区财政局共同牵头":             "",
		"经济发展（联系县发改局）":              "",
		"工作要求":                      "",
		"区发改局（联系县统计局）":              "",
		"全县地区生产总值增长6.5%左右。":         "",
	} {
		c, ok := headingClause(h)
		got := ""
		if ok {
			got = strings.Join(c.leaders, "、")
		}
		if got != want {
			t.Errorf("%s: leader %q, want %q (%+v)", h, got, want, c)
		}
	}
	for line, want := range map[string]bool{
		"副区长　周海峰　牵头负责（4项）":            true,
		"副区长 周海峰 牵头负责：":               true,
		"常务副县长 林佳明 分管":                true,
		"董明远同志牵头负责事项":                 true,
		"关于明确副县长张三分管工作的通知":            false,
		"副县长张三牵头重点工作任务清单":             false,
		"由副县长张三牵头负责，县发改局配合。":          false,
		"经区政府研究，现将副区长周海峰牵头负责的工作明确如下：": false,
	} {
		if got := unnumberedLeaderHeading(line); got != want {
			t.Errorf("%s: heading %v, want %v", line, got, want)
		}
	}
}

// Items under unnumbered leader headings (a line of its own, an <h3>, a
// bold paragraph) take the heading's leader until the next heading; the
// closing paragraph is no item.
func TestUnnumberedLeaderGroups(t *testing.T) {
	text := "关于印发重点任务分工的通知\n各街道：\n现将任务分解如下。\n" +
		"副区长　周海峰　牵头负责（2项）\n1.新建学校3所。\n牵头单位：区教育局\n2.新增就业5000人。\n牵头单位：区人社局\n" +
		"常务副区长 林佳明 分管\n3.盘活存量资产10亿元。（区财政局牵头，区国资中心配合）\n" +
		"各牵头单位按季度报送进展。\n"
	doc := mustParse(t, text)
	want := []struct{ leader, unit string }{{"周海峰", "区教育局"}, {"周海峰", "区人社局"}, {"林佳明", "区财政局"}}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks, want %d: %+v", len(doc.Tasks), len(want), doc.Tasks)
	}
	for i, w := range want {
		if tk := doc.Tasks[i]; !slices.Equal(tk.Leaders, []string{w.leader}) || !slices.Equal(tk.Units, []string{w.unit}) {
			t.Errorf("task %d: leaders %q units %q, want %s %s", i+1, tk.Leaders, tk.Units, w.leader, w.unit)
		}
	}
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnNumbering {
			t.Errorf("a heading's count that matches its items warned: %+v", w)
		}
	}
	// items without numbers, each ending in its assignment, under
	// headings ending in a colon
	paras := "现将任务分解如下。\n副区长 周海峰 牵头负责：\n新建学校3所。（区教育局牵头，区住建局配合）\n新增就业5000人。（区人社局）\n" +
		"常务副区长 林佳明 分管的工作：\n盘活存量资产10亿元。（区财政局）\n"
	pd := mustParse(t, paras)
	if len(pd.Tasks) != 3 {
		t.Fatalf("paragraph items: %d tasks, want 3: %+v", len(pd.Tasks), pd.Tasks)
	}
	for i, w := range []string{"周海峰", "周海峰", "林佳明"} {
		if tk := pd.Tasks[i]; !slices.Equal(tk.Leaders, []string{w}) || strings.Contains(tk.Text, "牵头负责") || strings.Contains(tk.Text, "分管") {
			t.Errorf("paragraph item %d: %q %q, want leader %s", i+1, tk.Text, tk.Leaders, w)
		}
	}
	// the heading says 3 items, 2 stand under it: the office is told
	doc = mustParse(t, strings.Replace(text, "（2项）", "（3项）", 1))
	warned := false
	for _, w := range doc.Report.Warnings {
		warned = warned || w.Code == WarnNumbering && strings.Contains(w.Message, "写明 3 项") && slices.Equal(w.Seqs, []int{1, 2})
	}
	if !warned {
		t.Errorf("no warning of a heading's count of 3 over 2 items: %+v", doc.Report.Warnings)
	}
}

// A key line set out as an article sets it: a bullet before the key and a
// bar (丨 ｜ |) or a colon after it is the key line 牵头单位：…; a line whose
// key names no field of a task (来源丨…), or a bar row without a bullet,
// stays as written.
func TestBulletKeyLines(t *testing.T) {
	for line, want := range map[string]string{
		"▶牵头县领导丨陈国栋（常务副县长）": "牵头县领导：陈国栋（常务副县长）",
		"▶协同单位丨县财政局、县自然资源局": "协同单位：县财政局、县自然资源局",
		"■责任单位|区经信局":        "责任单位：区经信局",
		"◆配合单位｜区发改局、区财政局":   "配合单位：区发改局、区财政局",
		"●牵头领导：程晓梅（副区长）":    "牵头领导：程晓梅（副区长）",
		"★ 配合单位 丨 各镇人民政府":   "配合单位：各镇人民政府",
		"牵头单位丨县住建局":         "牵头单位：县住建局",
		"来源｜临江县人民政府办公室":     "",
		"▶编辑丨周小雨":           "",
		"牵头单位|区发改局":         "",
		"●推进老旧小区改造":         "",
	} {
		got, ok := bulletKey(line)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("%s: %q, want %q", line, got, want)
		}
	}
}

// An article's items numbered by 01, 02 alone on a line over 【a short
// title】: the title without its brackets opens the text, the body follows;
// a lone number without such a title is no item. The article's chrome is
// never a task nor part of one.
func TestLoneNumberItemsAndArticleChrome(t *testing.T) {
	text := "十大任务来了\n👇👇👇\n\n01\n【扩大有效投资】\n新开工项目40个。\n▶牵头县领导丨陈国栋（常务副县长）\n▶牵头单位丨县发改局\n\n" +
		"02\n\n【推进城市更新】\n改造老旧小区28个。\n▶牵头单位丨县住建局\n▶协同单位丨各街道办事处\n🌟🌟🌟\n来源｜临江县人民政府办公室\n编辑｜周小雨\n往期推荐\n临江县召开全县经济工作会议\n阅读原文\n分享 收藏 点赞 在看\n"
	doc := mustParse(t, text)
	if len(doc.Tasks) != 2 {
		t.Fatalf("%d tasks, want 2: %+v", len(doc.Tasks), doc.Tasks)
	}
	if got := doc.Tasks[0]; got.Seq != 1 || got.Text != "扩大有效投资新开工项目40个。" || !slices.Equal(got.Leaders, []string{"陈国栋"}) {
		t.Errorf("task 1: %d %q %q", got.Seq, got.Text, got.Leaders)
	}
	if got := doc.Tasks[1]; got.Seq != 2 || got.Text != "推进城市更新改造老旧小区28个。" || !slices.Equal(got.CoUnits, []string{"各街道办事处"}) {
		t.Errorf("task 2: %d %q %q", got.Seq, got.Text, got.CoUnits)
	}
	for _, l := range []string{"👇👇👇", "🌟🌟🌟", "来源｜临江县人民政府办公室", "编辑｜周小雨", "分享 收藏 点赞 在看", "往期推荐", "阅读原文"} {
		if !isArticleChrome(l) && !isPageChrome(l) {
			t.Errorf("%s: not chrome", l)
		}
	}
	if isArticleChrome("推进👍城市更新") || isArticleChrome("01") {
		t.Error("a line with words or a number taken for chrome")
	}
	if _, _, _, ok := loneNumber("03", []block{{line: 2, text: "推进城市更新"}}); ok {
		t.Error("a lone number over a line without brackets taken for an item")
	}
	if _, _, _, ok := loneNumber("03", []block{{line: 2, text: "【牵头单位】县住建局"}}); ok {
		t.Error("a lone number over a bracketed key taken for an item")
	}
	if n, title, _, ok := loneNumber("7", []block{{line: 2, text: "【守牢安全底线】开展专项整治。"}}); !ok || n != 7 || title != "守牢安全底线开展专项整治。" {
		t.Errorf("a title with its body on its line: %d %q %v", n, title, ok)
	}
	for _, l := range []string{"编辑：周小雨", "审核：王建平", "点击蓝字关注我们"} {
		if !isPageChrome(l) {
			t.Errorf("%s: not chrome", l)
		}
	}
}

// An OA export's record keys that assign nothing (事项编号, 事项来源, 来源会议,
// 事项类别, 办理状态, 交办时间) are the task's Extra, never its text nor its
// deadline, whether the record opens with 序号：N or with its 事项编号.
func TestRecordMetadataKeys(t *testing.T) {
	for _, k := range []string{"事项编号", "事项来源", "来源会议", "事项类别", "办理状态", "交办时间", "紧急程度"} {
		if c := classifyHeader(k); c != colExtra {
			t.Errorf("%s: column %d, want extra", k, c)
		}
	}
	for _, k := range []string{"编号", "序号", "完成时间", "类别"} {
		if c := classifyHeader(k); c == colExtra {
			t.Errorf("%s: now extra", k)
		}
	}
	if recordMetaName("资金来源") || recordMetaName("完成时间") || !recordMetaName("任务来源") {
		t.Error("资金来源 or 完成时间 taken for a record's metadata, or 任务来源 not")
	}
	bySeq := "序号：1\n事项编号：YHDB-2024-0037\n事项来源：区政府第12次常务会议\n督办事项：加快推进污水处理厂扩建。\n责任领导：副区长 侯建军\n牵头单位：区水务局\n办结时限：2024年9月30日\n办理状态：办理中\n" +
		"序号：2\n事项编号：YHDB-2024-0041\n来源会议：区长办公会议\n事项类别：会议纪要事项\n督办事项：完成幼儿园改造12所。\n牵头单位：区教育局\n"
	byCode := "督办台账\n\n事项编号：LX-DB-2025-008\n事项来源：县委主要领导批示\n交办时间：2025-02-10\n督办事项：推进供水管网延伸工程。\n主办单位：县水利局\n完成时限：2025年12月底\n\n" +
		"事项编号：LX-DB-2025-013\n办理状态：已办结\n督办事项：完成县体育馆改造。\n主办单位：县文化旅游体育局\n"
	form := "序号：1\n事项编号 | YHDB-2024-0037\n事项来源 | 常务会议 | 办理状态 | 办理中\n督办事项：加快推进污水处理厂扩建。\n牵头单位：区水务局\n" +
		"序号：2\n事项编号 | YHDB-2024-0041\n督办事项：完成幼儿园改造12所。\n牵头单位：区教育局\n"
	brackets := "序号：1\n【事项编号】YHDB-2024-0037\n事项来源　　常务会议\n督办事项：加快推进污水处理厂扩建。\n牵头单位：区水务局\n" +
		"序号：2\n【事项编号】YHDB-2024-0041\n事项来源\t常务会议\n督办事项：完成幼儿园改造12所。\n牵头单位：区教育局\n"
	for name, text := range map[string]string{"序号": bySeq, "事项编号": byCode, "form rows": form, "brackets and spaces": brackets} {
		doc := mustParse(t, text)
		if len(doc.Tasks) != 2 {
			t.Fatalf("%s: %d tasks, want 2: %+v", name, len(doc.Tasks), doc.Tasks)
		}
		for _, tk := range doc.Tasks {
			if strings.ContainsAny(tk.Text, "：:") || strings.Contains(tk.Text, "DB-") || strings.Contains(tk.Text, "会议") || strings.Contains(tk.Text, "办理") {
				t.Errorf("%s: metadata in the text %q", name, tk.Text)
			}
			if !strings.Contains(tk.Extra["事项编号"], "-20") {
				t.Errorf("%s: 事项编号 not kept: %v", name, tk.Extra)
			}
		}
		if d := doc.Tasks[0].Deadline; strings.Contains(d, "02-10") {
			t.Errorf("%s: 交办时间 taken for the deadline %q", name, d)
		}
	}
}

// Items 第一项 … followed by a key line led by a dash read the same in
// UTF-8, GBK (CRLF, full-width spaces) and UTF-16 with either byte order,
// whether the dash is —— (U+2014) or ―― (U+2015), the key line on its own
// line or after the item's sentence; so does an item ending in keyed
// brackets side by side, one of them only its deadline (【县领导：…】【承办
// 单位：A（主办）、B】【办结时限：…】, refused before).
func TestArticleItemsEncodings(t *testing.T) {
	text := "石门县人民政府办公室\n关于印发重点任务分解的通知\n各乡镇人民政府：\n　　现将重点任务分解如下。\n一、聚力产业发展\n" +
		"　　第一项　新增规上工业企业25家。\n　　——责任领导：刘正勇；牵头单位：县工信局；配合单位：县发改局、县统计局\n" +
		"　　第二项　招引亿元以上产业项目30个。\n　　――责任领导：刘正勇；牵头单位：县投资促进中心\n二、提升城乡品质\n" +
		"　　第三项：\n　　完成城区道路改造6条。\n　　——　责任领导：宋文博；牵头单位：县住建局；配合单位：县交通运输局\n" +
		"　　第四项　完成农村人居环境整治村庄60个。——责任领导：黄秋菊；牵头单位：县农业农村局；配合单位：各乡镇人民政府\n" +
		"　　第五项　新增城市绿地15万平方米。【县领导：副县长宋文博】【承办单位：县城管局（主办）、县住建局】【办结时限：11月底前】\n" +
		"石门县人民政府办公室\n2024年2月26日\n"
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(crlf)
	if err != nil {
		t.Fatal(err)
	}
	le, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(crlf)
	be, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().String(text)
	want := []struct{ text, leader, unit string }{
		{"新增规上工业企业25家。", "刘正勇", "县工信局"}, {"招引亿元以上产业项目30个。", "刘正勇", "县投资促进中心"},
		{"完成城区道路改造6条。", "宋文博", "县住建局"}, {"完成农村人居环境整治村庄60个。", "黄秋菊", "县农业农村局"},
		{"新增城市绿地15万平方米。", "宋文博", "县城管局"},
	}
	for name, data := range map[string]string{"utf-8": text, "gbk": gbk, "utf-16le": le, "utf-16be": be} {
		doc, err := Parse(name+".txt", bytes.NewReader([]byte(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(doc.Tasks) != len(want) {
			t.Fatalf("%s: %d tasks, want %d: %+v", name, len(doc.Tasks), len(want), doc.Tasks)
		}
		if d := doc.Tasks[4].Deadline; d != "11月底前" || !slices.Equal(doc.Tasks[4].CoUnits, []string{"县住建局"}) {
			t.Errorf("%s: the bracketed item's deadline %q, co-units %q", name, d, doc.Tasks[4].CoUnits)
		}
		for i, w := range want {
			tk := doc.Tasks[i]
			if tk.Seq != i+1 || strings.TrimSpace(tk.Text) != w.text || !slices.Equal(tk.Leaders, []string{w.leader}) || !slices.Equal(tk.Units, []string{w.unit}) {
				t.Errorf("%s task %d: %d %q %q %q", name, i+1, tk.Seq, tk.Text, tk.Leaders, tk.Units)
			}
		}
	}
}

// A text saved with line breaks is cut at one width, by characters or by
// columns, inside sentences, names and keys (…；配 / 合单位：…): each cut
// line is joined to the next again, unless the next is indented, numbered,
// led by a dash or a sentence after a line of keys. A text not so wrapped,
// and the lines of a table, are left as they are.
func TestHardWraps(t *testing.T) {
	text := "石门县人民政府办公室\n关于印发重点任务分解的通知\n各乡镇人民政府：\n　　现将重点任务分解如下，请认真抓好落实。\n一、聚力产业发展\n" +
		"　　第一项　全县规模以上工业增加值增长8%，新增规上工业企业25家。\n　　——责任领导：刘正勇；牵头单位：县工信局；配合单位：县发改局、县统计局\n" +
		"　　第二项　招引亿元以上产业项目30个，实际利用外资1.2亿美元。\n　　——责任领导：刘正勇；牵头单位：县投资促进中心；配合单位：县商务局\n" +
		"　　第三项　新建农产品加工园区1个，农产品加工产值增长10%。\n　　——责任领导：黄秋菊；牵头单位：县农业农村局；配合单位：县工信局、县市场监管局\n" +
		"　　第四项　完成农村人居环境整治村庄60个。\n　　——责任领导：黄秋菊；牵头单位：县农业农村局；配合单位：各乡镇人民政府\n" +
		"各牵头单位于每季度末将进展情况报县政府督查室。\n"
	wrap := func(s string, w int, width func(rune) int) string {
		var out []string
		for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			cur, n := "", 0
			for _, r := range l {
				if n+width(r) > w {
					out, cur, n = append(out, cur), "", 0
				}
				cur, n = cur+string(r), n+width(r)
			}
			out = append(out, cur)
		}
		return strings.Join(out, "\n") + "\n"
	}
	chars := func(rune) int { return 1 }
	cols := func(r rune) int {
		if r >= 0x80 {
			return 2
		}
		return 1
	}
	want := []struct{ leader, unit string }{{"刘正勇", "县工信局"}, {"刘正勇", "县投资促进中心"}, {"黄秋菊", "县农业农村局"}, {"黄秋菊", "县农业农村局"}}
	for name, s := range map[string]string{"24 characters": wrap(text, 24, chars), "21 characters": wrap(text, 21, chars), "50 columns": wrap(text, 50, cols), "43 columns": wrap(text, 43, cols)} {
		doc := mustParse(t, s)
		if len(doc.Tasks) != len(want) {
			t.Fatalf("%s: %d tasks, want %d: %+v", name, len(doc.Tasks), len(want), doc.Tasks)
		}
		for i, w := range want {
			tk := doc.Tasks[i]
			if !slices.Equal(tk.Leaders, []string{w.leader}) || !slices.Equal(tk.Units, []string{w.unit}) || strings.ContainsAny(tk.Text, "；—") || !strings.HasSuffix(tk.Text, "。") {
				t.Errorf("%s task %d: %q %q %q %q", name, i+1, tk.Text, tk.Leaders, tk.Units, tk.CoUnits)
			}
		}
		if co := doc.Tasks[2].CoUnits; !slices.Equal(co, []string{"县工信局", "县市场监管局"}) {
			t.Errorf("%s: co-units %q", name, co)
		}
	}
	plain := []Block{{Line: 1, Text: "一、总体要求"}, {Line: 2, Text: "全面贯彻落实区委全会精神，推动高质量发展取得新成效。"}, {Line: 3, Text: "二、重点任务"},
		{Line: 4, Text: "1.新建学校3所。（区教育局）"}, {Line: 5, Text: "2.新增就业5000人，城镇调查失业率控制在5.5%以内。（区人社局）"}, {Line: 6, Text: "3.完成老旧小区改造。（区住建局）"}}
	if got := joinHardWraps(plain); len(got) != len(plain) {
		t.Errorf("a text not wrapped joined: %+v", got)
	}
	table := []Block{}
	for i := range 8 {
		table = append(table, Block{Line: i + 1, Text: "推进老旧小区改造工程建设  区住建局  区财政局"})
	}
	if got := joinHardWraps(table); len(got) != len(table) {
		t.Errorf("a table's lines joined: %+v", got)
	}
}

func mustParse(t *testing.T, text string) *Document {
	t.Helper()
	doc, err := Parse("x.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
