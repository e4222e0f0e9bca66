package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The notices n170–n179, built here and checked with the others by
// officenotices_test.go's TestOfficeNotices (`-update` rewrites them): 督办单 forms one per page in DOCX, cards of divs in HTML,
// workbooks with several task sheets, and leader cells whose rank title is
// apart from the name.

// formDOCX builds a DOCX of paragraphs and two-column tables; a "\f" item
// is a page break.
func formDOCX(parts ...any) []byte {
	var b strings.Builder
	for _, part := range parts {
		switch v := part.(type) {
		case string:
			if v == "\f" {
				b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
			} else {
				b.WriteString(`<w:p><w:r><w:t>` + v + `</w:t></w:r></w:p>`)
			}
		case [][]string:
			b.WriteString("<w:tbl>")
			for _, r := range v {
				b.WriteString("<w:tr>")
				for _, c := range r {
					b.WriteString(wordCell(c))
				}
				b.WriteString("</w:tr>")
			}
			b.WriteString("</w:tbl>")
		}
	}
	return docxFile(b.String())
}

// n170: a 督办单 batch, one form per page numbered by a code
// (JT-DB-2025-003 …), the leader's title before the name, an empty
// 办理情况 and a note under each form.
func n170DOCX() []byte {
	form := func(no, text, leader, unit, co, due string) [][]string {
		return [][]string{{"督办编号", no}, {"督办事项", text}, {"督办领导", leader}, {"主办部门（单位）", unit},
			{"协办部门（单位）", co}, {"办理时限", due}, {"办理情况", ""}}
	}
	note := "本单一式两份，主办部门留存一份，集团督办室留存一份。"
	return formDOCX("江河集团办公室", "关于印发2025年第一批重点督办事项督办单的通知", "江集办〔2025〕7号",
		"各部门、各子公司：", "　　现将2025年第一批重点督办事项督办单印发给你们，请认真办理，按时反馈。", "\f",
		"督 办 单", form("JT-DB-2025-003", "完成集团总部办公楼节能改造，年节约用电15%以上。", "副总经理 何文涛", "行政管理部", "财务部、工程管理部", "2025年9月30日"), note, "\f",
		"督 办 单", form("JT-DB-2025-004", "推进供应链管理系统上线运行，覆盖全部子公司。", "副总经理 冉晓玲", "信息中心", "采购部", "2025年10月31日"), note, "\f",
		"督 办 单", form("JT-DB-2025-005", "开展安全生产隐患排查整治专项行动，整改率达到100%。", "总经理助理 邝志远", "安全环保部", "各子公司", "2025年6月30日"), note, "\f",
		"督 办 单", form("JT-DB-2025-006", "组织开展青年员工技能比武活动。", "副总经理 冉晓玲", "人力资源部", "", "2025年11月"), note,
		"江河集团办公室", "2025年3月5日")
}

// n171: forms numbered No.N and 第N号 in their titles and numbers,
// two pairs on a row (督办领导 | X | 办理时限 | Y), a 签收 row, and keys
// in brackets.
func n171DOCX() []byte {
	return formDOCX("东屿区人民政府督查室", "2024年区政府督办事项交办单", "　　以下督办事项请各主办单位按时限办结，并于办结后3个工作日内反馈。", "\f",
		"区政府督办事项交办单", [][]string{{"督办编号", "东督〔2024〕No.1"}, {"督办事项", "完成东屿湾海堤加固工程主体施工。"},
			{"督办领导", "副区长 蔡明辉", "办理时限", "2024年8月31日"}, {"主办单位", "区水利局"}, {"协办单位", "区财政局、东屿街道办事处"},
			{"办理情况", ""}, {"签收人", "", "签收时间", ""}}, "注：本单一式三份。", "\f",
		"区政府督办事项交办单", [][]string{{"督办编号", "东督〔2024〕No.2"}, {"督办事项", "新建社区养老服务站6个，实现街道全覆盖。"},
			{"督办领导", "副区长 章雅琴", "办理时限", "2024年12月31日"}, {"主办单位", "区民政局"}, {"协办单位", "各街道办事处"},
			{"办理情况", ""}, {"签收人", "", "签收时间", ""}}, "注：本单一式三份。", "\f",
		"区政府督办事项交办单", [][]string{{"督办编号", "第3号"}, {"督办事项", "开展城区违法建设专项治理，拆除违建2万平方米。"},
			{"督办领导", "副区长 蔡明辉", "办理时限", "2024年11月30日"}, {"主办单位", "区城管局"}, {"协办单位", "区自然资源分局"},
			{"办理情况", ""}, {"签收人", "", "签收时间", ""}}, "注：本单一式三份。",
		"东屿区人民政府督查室", "2024年4月18日")
}

// n176: a DOCX task table whose leader cells give the rank title apart
// from the name: on a paragraph of its own (吕婷 / 一级巡视员), in
// brackets, before the name, after a party title with 、.
func n176DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	cell := paraCell
	row := func(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
	body := p("省农业农村厅办公室") + p("关于印发2024年厅重点工作任务分工方案的通知") + p("农办发〔2024〕9号") +
		p("厅机关各处室、厅属各单位：") + p("　　现将2024年厅重点工作任务分工方案印发给你们，请认真贯彻落实。") +
		"<w:tbl>" +
		row(cell("序号"), cell("重点工作任务"), cell("牵头厅领导"), cell("牵头处室"), cell("配合处室（单位）"), cell("完成时间")) +
		row(cell("1"), cell("新建高标准农田120万亩，确保粮食播种面积稳定。"), cell("吕婷", "一级巡视员"), cell("农田建设管理处"), cell("计划财务处"), cell("2024年12月")) +
		row(cell("2"), cell("推进农村人居环境整治提升，农村卫生厕所普及率达到78%。"), cell("党组成员、副厅长 邵建国"), cell("农村社会事业促进处"), cell("发展规划处", "厅科教处"), cell("2024年11月")) +
		row(cell("3"), cell("开展农产品质量安全专项整治行动。"), cell("鲁海峰（二级巡视员）"), cell("农产品质量安全监管处"), cell(), cell("2024年10月")) +
		row(cell("4"), cell("培育省级农业产业化龙头企业50家。"), cell("二级巡视员 鲁海峰", "一级调研员 甘玉珍"), cell("乡村产业发展处"), cell("市场与信息化处"), cell("2024年12月")) +
		row(cell("5"), cell("完成农业农村系统数字化平台建设。"), cell("甘玉珍", "一级调研员"), cell("市场与信息化处"), cell("厅信息中心"), cell("2024年9月")) +
		"</w:tbl>" +
		p("省农业农村厅办公室") + p("2024年2月26日")
	return docxFile(body)
}

// n174: a workbook of two task sheets numbered each from 1, each under a
// two-row header (责任分工 spanning 牵头领导/牵头单位/配合单位), and a
// notes sheet with no task.
func n174XLSX(t *testing.T) []byte {
	head := func(title string) [][]any {
		return [][]any{{title}, {"序号", "工作任务", "责任分工", "", "", "完成时限"}, {"", "", "牵头领导", "牵头单位", "配合单位"}}
	}
	merges := [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "E2"}, {"F2", "F3"}}
	s1 := append(head("一、经济发展"),
		[]any{1, "全年地区生产总值增长6%左右", "郝振东", "市发展改革委", "市统计局", "2025年12月"},
		[]any{2, "新开工亿元以上产业项目40个", "郝振东", "市工信局", "市投资促进局\n市自然资源局", "2025年12月"},
		[]any{3, "实际使用外资3亿美元", "邱雅丽", "市商务局", "", "2025年12月"})
	s2 := append(head("二、民生保障"),
		[]any{1, "城镇新增就业3.2万人", "邱雅丽", "市人社局", "", "2025年12月"},
		[]any{2, "新建改扩建中小学校6所", "滕国华", "市教育局", "市住建局\n市财政局", "2025年9月"})
	return buildXLSX(t, sheet{"经济发展", s1, merges}, sheet{"民生保障", s2, merges},
		sheet{"填表说明", [][]any{{"填表说明"}, {"1.牵头单位每月5日前报送上月进展。"}, {"2.联系人：市政府督查室 林静 0000-8888123"}}, nil})
}

// n175: a 说明 sheet first (the notice's own lines), then three task
// sheets whose numbering runs on (1–2, 3–4, 5), the header's 责任分工
// spanning 县领导/牵头单位/配合单位, a category row and a rank title
// under the leader's name.
func n175XLSX(t *testing.T) []byte {
	head := [][]any{{"序号", "重点项目", "责任分工", "", "", "完成时间"}, {"", "", "县领导", "牵头单位", "配合单位"}}
	merges := [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "E1"}, {"F1", "F2"}}
	return buildXLSX(t,
		sheet{"说明", [][]any{{"云溪县人民政府办公室"}, {"关于印发云溪县2024年重点项目推进责任分工的通知"}, {"云政办发〔2024〕3号"}, {"各乡镇人民政府，县直各单位：现将各重点项目责任分工印发给你们，请抓好落实。"}}, nil},
		sheet{"产业项目", append(slices.Clone(head),
			[]any{1, "建成年产5万吨绿色建材项目", "副县长 阮明杰", "县工信局", "县自然资源局", "2024年10月"},
			[]any{2, "推进云溪物流园二期建设", "副县长 阮明杰", "县商务局", "县交通运输局", "2024年12月"}), merges},
		sheet{"基础设施", append(slices.Clone(head),
			[]any{3, "完成县城污水处理厂提标改造", "阎书香\n二级巡视员", "县住建局", "县生态环境分局", "2024年11月"},
			[]any{4, "新建农村公路45公里", "副县长 芦海军", "县交通运输局", "各乡镇人民政府", "2024年12月"}), merges},
		sheet{"社会事业", append(slices.Clone(head),
			[]any{5, "建成县人民医院住院综合楼", "副县长 芦海军", "县卫健局", "县发改局\n县财政局", "2024年12月"}), merges})
}

// n177: 督办通知单 forms whose table opens with its own title row, the
// code beside the date on one row (交办日期 | … | 督办编号 | HX-2024-011),
// a leader with the rank in brackets, 办理结果 and 签收 rows left empty.
func n177DOCX() []byte {
	form := func(date, no, text, leader, unit, co, due string) [][]string {
		return [][]string{{"督 办 通 知 单"}, {"交办日期", date, "督办编号", no}, {"督办内容", text, "", ""},
			{"责任领导", leader, "完成时限", due}, {"主办单位", unit, "协办单位", co}, {"办理结果", "", "", ""}, {"签收", "", "日期", ""}}
	}
	return formDOCX("海西市人民政府督查室", "关于交办市政府第三季度督办事项的函", "　　经市政府领导同意，现将第三季度督办事项交办如下，请于时限内办结并书面反馈。",
		form("2024年7月2日", "HX-2024-011", "完成市图书馆新馆室内装修并开馆试运行。", "武思涵（一级巡视员）", "市文化广电旅游局", "市财政局", "2024年9月30日"),
		"此单办结后请将办理结果反馈市政府督查室。", "\f",
		form("2024年7月2日", "HX-2024-012", "推进海西港区疏港公路建设，完成路基工程。", "副市长 聂远征", "市交通运输局", "市自然资源和规划局、海港区管委会", "2024年9月30日"),
		"此单办结后请将办理结果反馈市政府督查室。", "\f",
		form("2024年7月3日", "HX-2024-015", "开展燃气安全专项整治，完成老旧燃气管道更新60公里。", "二级巡视员 蒲国庆", "市住房和城乡建设局", "", "2024年8月31日"),
		"此单办结后请将办理结果反馈市政府督查室。",
		"海西市人民政府督查室", "2024年7月1日")
}

func TestCodeNumber(t *testing.T) {
	for line, want := range map[string]int{
		"督办编号：JT-DB-2025-003":       3,
		"督办编号：东督〔2024〕No.12":        12,
		"督办编号：第3号":                  3,
		"督办编号：DB2025":               0,
		"督办编号：待定":                   0,
		"交办日期：2025年3月5日；督办编号：DB-07": 7,
	} {
		if got := codeNumber(line); got != want {
			t.Errorf("codeNumber(%q) = %d, want %d", line, got, want)
		}
	}
}

func TestOpensFormRecord(t *testing.T) {
	row := func(cells ...string) block { return block{row: true, cells: cells, text: strings.Join(cells, " | ")} }
	keys := []block{row("督办事项", "完成改造。"), row("主办部门（单位）", "行政管理部")}
	if !opensFormRecord(nil, "督办编号：JT-DB-2025-003", keys) {
		t.Error("a code row over key rows opens no form")
	}
	if !opensFormRecord(nil, "交办日期：3月5日；督办编号：DB-07", keys) {
		t.Error("a code beside a date opens no form")
	}
	if opensFormRecord(nil, "办理状态：办理中", keys) {
		t.Error("a status row opened a form")
	}
	if opensFormRecord(nil, "督办编号：JT-DB-2025-003", []block{{text: "督办事项：完成改造。"}}) {
		t.Error("a code row over text opened a form")
	}
	open := &node{record: false, paras: []*para{{text: "推进…"}}}
	if opensFormRecord(open, "督办编号：JT-DB-2025-003", keys) {
		t.Error("a code row inside an item opened a form")
	}
}

// A form's rows of keys: a key with a bracketed qualifier is its name.
func TestRowKeysQualifier(t *testing.T) {
	for cells, want := range map[[2]string]string{
		{"主办部门（单位）", "行政管理部"}: "主办部门：行政管理部",
		{"协办部门(单位)", "财务部"}:   "协办部门：财务部",
	} {
		if got, ok := rowKeys(cells[:]); !ok || got != want {
			t.Errorf("rowKeys(%q) = %q, %v; want %q", cells, got, ok, want)
		}
	}
}

// A rank (一级巡视员, 二级调研员) and a title with 助理 are titles, before
// or after the name, in brackets or on a line of their own.
func TestLeaderRankTitles(t *testing.T) {
	for cell, want := range map[string][]string{
		"吕婷\n一级巡视员":      {"吕婷"},
		"吕婷（一级巡视员）":      {"吕婷"},
		"吕婷一级巡视员":        {"吕婷"},
		"二级巡视员 郑晓":       {"郑晓"},
		"二级调研员邝志远":       {"邝志远"},
		"党组成员、副主任 贺强":    {"贺强"},
		"总经理助理 邝志远":      {"邝志远"},
		"吕婷、赵明（二级巡视员）":   {"吕婷", "赵明"},
		"一级调研员 欧阳晓东\n钱伟": {"欧阳晓东", "钱伟"},
	} {
		if got := leaderValue(cell); !slices.Equal(got, want) {
			t.Errorf("leaderValue(%q) = %q, want %q", cell, got, want)
		}
	}
}

// Every sheet headed by a task header is read, in order, its name the
// tasks' section; a notes sheet after them is none; a single task sheet
// gives no section.
func TestXLSXTaskSheets(t *testing.T) {
	doc, err := Parse("n174.xlsx", bytes.NewReader(n174XLSX(t)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range doc.Tasks {
		got = append(got, tk.Section+"#"+tk.Extra["原编号"]+"#"+strings.Join(tk.CoUnits, "、"))
	}
	want := []string{"经济发展#1#市统计局", "经济发展#2#市投资促进局、市自然资源局", "经济发展#3#",
		"二、民生保障#1#", "二、民生保障#2#市住建局、市财政局"}
	if !slices.Equal(got, want) {
		t.Errorf("tasks (section#written#co-units):\n got %q\nwant %q", got, want)
	}
	one := buildXLSX(t, sheet{"任务", [][]any{{"序号", "工作任务", "牵头单位", "完成时限"}, {1, "新建公园2个", "区城管局", "2025年6月"}}, nil},
		sheet{"说明", [][]any{{"序号", "工作任务", "牵头单位", "完成时限"}, {1, "说明不是任务", "区政府办", ""}}, nil})
	doc, err = Parse("one.xlsx", bytes.NewReader(one))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Section != "任务" || doc.Tasks[1].Section != "说明" {
		t.Errorf("two task sheets: %+v", doc.Tasks)
	}
	single := buildXLSX(t, sheet{"任务", [][]any{{"序号", "工作任务", "牵头单位", "完成时限"}, {1, "新建公园2个", "区城管局", "2025年6月"}}, nil},
		sheet{"说明", [][]any{{"1.本表由区政府办制发。"}}, nil})
	doc, err = Parse("single.xlsx", bytes.NewReader(single))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 1 || doc.Tasks[0].Section != "" {
		t.Errorf("one task sheet: %+v", doc.Tasks)
	}
}

// The document's title is its own: not a form's caption repeated over
// every form (督 办 单), not the site's top bar glued to the page's
// heading.
func TestFormsAndCardsTitle(t *testing.T) {
	for name, want := range map[string]string{
		"n170-docx-duban-forms-code-2025.docx":              "关于印发2025年第一批重点督办事项督办单的通知",
		"n171-docx-duban-forms-no-pairs-2024.docx":          "2024年区政府督办事项交办单",
		"n172-html-cards-label-spans-sidebar-2024.html":     "青崖区人民政府办公室关于印发2024年区政府重点工作任务清单的通知",
		"n178-html-cards-label-elements-di-xiang-2023.html": "汀州区人民政府办公室关于下达2023年区政府督办事项的通知",
	} {
		f, err := os.Open(filepath.Join("testdata", "notices", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if doc.Title != want {
			t.Errorf("%s: title %q, want %q", name, doc.Title, want)
		}
	}
}
