package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The XLSX and DOCX notices among testdata/notices (n79, n80, n83, n85)
// are built here, with excelize and internal/officetest, so what each holds
// — its merged cells, its sheets, its tables of keys — is written down
// beside the truth it is read against. Both builders write the same bytes
// for the same content; the test checks the committed files are these,
// and `go test ./ingest -run TestOfficeNotices -update` rewrites them.

// sheet is one worksheet: rows of cells from A1 (nil or "" left empty;
// a "\n" inside a cell is a line break in it) and merged areas.
type sheet struct {
	name   string
	rows   [][]any
	merges [][2]string
}

func buildXLSX(t *testing.T, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil || v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// n79: a 民生实事 sheet whose 责任单位 spans 牵头单位 and 配合单位 on the
// header's second row, leaders merged down, two co-units on two lines of
// one cell, a 备注 column, a note merged across the sheet's foot, and a
// second sheet 说明 without tasks.
func n79XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"民生实事", [][]any{
		{"2025年岚山区民生实事项目责任分工表"},
		{"序号", "民生实事项目", "责任区领导", "责任单位", "", "完成时限", "备注"},
		{"", "", "", "牵头单位", "配合单位"},
		{1, "新建改扩建公办幼儿园4所，新增学位1080个", "施卫国", "区教育局", "区财政局\n区自然资源局", "2025年8月底"},
		{2, "完成中小学校直饮水设备安装全覆盖", "", "区教育局", "区卫生健康局", "2025年9月"},
		{3, "为60周岁以上户籍老人免费接种流感疫苗", "", "区卫生健康局", "区财政局", "2025年12月", "续建"},
		{4, "改造提升背街小巷30条", "吕晓岚", "区住房城乡建设局", "区城市管理局\n各街道办事处", "2025年11月底"},
		{5, "新增公共充电桩600个", "", "区发展改革局", "", "2025年12月"},
		{6, "建设社区嵌入式托育点8个", "柯德明", "区卫生健康局", "区妇联", "2025年10月", "省级民生实事"},
		{"备注：各牵头单位于每月25日前将项目进展情况报区政府督查室。"},
	}, [][2]string{{"A1", "G1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "E2"}, {"F2", "F3"}, {"G2", "G3"}, {"C4", "C6"}, {"C7", "C8"}, {"A10", "G10"}}},
		sheet{"说明", [][]any{{"填表说明"}, {"1.本表所列项目由区人大代表票决产生。"}, {"2.牵头单位对项目推进负总责，配合单位按职责分工做好配合。"}, {"3.联系人：区政府督查室 王丽 电话：0000-12345678"}}, nil})
}

// n80: 责任分工 spanning 县级领导/牵头单位/配合单位, section rows merged
// across, 类别 and leaders merged down, a 备注 label beside a note merged
// across the rest, and a 说明 sheet.
func n80XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"2024年", [][]any{
		{"附件"},
		{"2024年平川县十件民生实事责任分解表"},
		{"序号", "类别", "实事项目", "责任分工", "", "", "完成时间"},
		{"", "", "", "县级领导", "牵头单位", "配合单位"},
		{"一、教育惠民"},
		{"1", "教育惠民", "建成县实验中学新校区并投入使用", "副县长 严秋实", "县教育局", "县住建局\n县财政局", "2024年8月"},
		{"2", "", "为农村义务教育学生提供免费营养午餐", "", "县教育局", "", "2024年12月"},
		{"二、健康惠民"},
		{"3", "健康惠民", "建设紧密型县域医共体，乡镇卫生院远程诊疗全覆盖", "副县长 童佳音", "县卫生健康局", "县医保局\n县财政局", "2024年10月"},
		{"4", "", "开展适龄妇女“两癌”免费筛查1万人", "", "县妇联", "县卫生健康局", "2024年11月"},
		{"备注", "项目进展情况实行月报制度，每月5日前报县政府办公室。"},
	}, [][2]string{{"A2", "G2"}, {"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "F3"}, {"G3", "G4"}, {"A5", "G5"}, {"A8", "G8"}, {"B6", "B7"}, {"B9", "B10"}, {"D6", "D7"}, {"D9", "D10"}, {"B11", "G11"}}},
		sheet{"说明", [][]any{{"说明：本表“责任分工”栏中，县级领导为项目责任领导，牵头单位对项目负总责。"}}, nil})
}

// n83: 序号 merged over two sub-rows with texts and co-units of their own
// (two tasks) and over a text going on in the next row (one task).
func n83XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"督查事项", [][]any{
		{"石湾区2022年区政府重点督查事项"},
		{},
		{"序号", "督查事项", "分管区领导", "主办单位", "协办单位", "办结时限"},
		{1, "完成石湾大道综合改造工程", "副区长 聂海涛", "区住建局", "区交通局", "2022年10月31日"},
		{2, "新建区人民医院传染病楼", "副区长 聂海涛", "区卫健局", "区发改局", "2022年12月31日"},
		{2, "完成社区卫生服务中心标准化建设4家", "", "区卫健局", "各街道办事处", "2022年12月31日"},
		{3, "推进城区雨污分流改造，", "副区长 闵秋云", "区水务局", "", "2022年11月30日"},
		{3, "完成改造管网18公里。"},
		{4, "开展“信用石湾”建设，创建省级社会信用体系示范区", "副区长 闵秋云", "区发改局", "区市场监管局\n人民银行石湾支行", "2022年12月31日"},
		{}, {"石湾区人民政府督查室"}, {"2022年3月8日"},
	}, [][2]string{{"A1", "F1"}, {"A5", "A6"}, {"C5", "C6"}, {"A7", "A8"}, {"C7", "C8"}, {"D7", "D8"}, {"E7", "E8"}, {"F7", "F8"}}})
}

// n85: 督办事项 each giving its keys and values in a small table of its
// own: plain keys, bracketed keys, two pairs on a row.
func n85DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	tbl := func(rows ...[]string) string {
		var b strings.Builder
		b.WriteString("<w:tbl>")
		for _, r := range rows {
			b.WriteString("<w:tr>")
			for _, c := range r {
				b.WriteString(wordCell(c))
			}
			b.WriteString("</w:tr>")
		}
		b.WriteString("</w:tbl>")
		return b.String()
	}
	return docxFile(p("兰江区人民政府办公室") + p("关于交办2023年区政府第二批督办事项的通知") + p("兰政办函〔2023〕21号") +
		p("各街道办事处，区政府各部门：") + p("　　经区政府同意，现将2023年区政府第二批督办事项交办如下，请按要求抓好落实。") +
		p("督办事项（一）") + tbl([]string{"事项内容", "完成兰江滨水绿道二期建设，新增绿道6公里。"}, []string{"督办领导", "欧阳晓东"},
		[]string{"承办单位", "区住房城乡建设局"}, []string{"协办单位", "区园林绿化中心、区水利局"}, []string{"办结时限", "2023年10月31日"}) +
		p("督办事项（二）") + tbl([]string{"【事项内容】", "推进城区学校午餐供餐改革，实现中小学校供餐全覆盖。"}, []string{"【承办单位】", "区教育局"},
		[]string{"【督办领导】", "莫嘉禾"}, []string{"【协办单位】", "无"}, []string{"【办结时限】", "2023年9月1日"}) +
		p("督办事项（三）") + tbl([]string{"事项内容", "开展背街小巷环境整治，完成整治42条。", "", ""}, []string{"督办领导", "莫嘉禾", "办结时限", "2023年12月31日"},
		[]string{"承办单位", "区城市管理局", "协办单位", "各街道办事处"}) +
		p("有关要求") + p("1.各承办单位要明确分管领导和具体责任人，于每月20日前报送办理进展。") + p("2.区政府督查室将对督办事项实行销号管理。") +
		p("兰江区人民政府办公室") + p("2023年6月12日"))
}

// n93: items numbered by Word (numPr and numbering.xml), so no number is
// in their text: the sections 一、二、 and the items 1. 2. (restarting in
// each section) of one list, each item followed by a paragraph of its
// assignment; the 工作要求 a second list of its own, （一）（二）.
func n93DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	li := func(num, lvl int, s string) string {
		return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`+
			`<w:ind w:firstLine="640"/></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, lvl, num, s)
	}
	body := p("澄川县人民政府办公室") + p("关于印发2024年县政府工作报告重点任务分工的通知") + p("澄政办发〔2024〕5号") +
		p("各乡镇人民政府，县政府各部门：") + p("　　现将2024年县政府工作报告确定的重点任务分工印发给你们，请认真抓好落实。") +
		li(1, 0, "坚持产业强县，壮大实体经济") +
		li(1, 1, "新引进亿元以上工业项目12个，完成工业投资45亿元。") +
		p("牵头单位：县经信局；配合单位：县投资促进中心、县发改局；责任领导：钟启明") +
		li(1, 1, "推进澄川经济开发区扩区调位，新建标准厂房8万平方米。") +
		p("牵头单位：澄川经济开发区管委会；配合单位：县自然资源局；责任领导：钟启明") +
		li(1, 0, "坚持民生为本，增进群众福祉") +
		li(1, 1, "新增城镇就业2600人，城镇调查失业率控制在5.5%以内。") +
		p("牵头单位：县人社局；责任领导：蓝晓燕") +
		li(1, 1, "改造提升农村公路60公里，实施危桥改造5座。") +
		p("牵头单位：县交通运输局；配合单位：各乡镇人民政府；责任领导：韦国栋") +
		li(1, 1, "建成县人民医院门诊综合楼并投入使用。") +
		p("牵头单位：县卫健局；配合单位：县发改局、县住建局；责任领导：蓝晓燕") +
		p("工作要求") +
		li(2, 0, "各牵头单位要细化工作措施，每季度末向县政府督查室报送进展情况。") +
		li(2, 0, "县政府督查室将对重点任务落实情况进行跟踪督办。") +
		p("澄川县人民政府办公室") + p("2024年2月20日")
	lvl := func(i int, format, text string) string {
		return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/></w:lvl>`, i, format, text)
	}
	numbering := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="0">` + lvl(0, "chineseCounting", "%1、") + lvl(1, "decimal", "%2.") + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="1">` + lvl(0, "chineseCounting", "（%1）") + `</w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
	return zipFiles(map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
		"word/numbering.xml": numbering,
	})
}

// n95: 责任分工 spanning 县领导 | 牵头单位 | 责任单位 (责任单位 beside 牵头单位:
// the co-units), a leader cell merged over rows across a category row
// that is merged only over its own columns, two leaders on two lines of
// one cell, titles before the names with a space, and a 注 row.
func n95XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"分工", [][]any{
		{"青溪县2025年重点民生项目任务分解表"},
		{"序号", "项目内容", "责任分工", "", "", "完成时间"},
		{"", "", "县领导", "牵头单位", "责任单位"},
		{"（一）城乡建设", ""},
		{1, "完成老旧小区改造12个，惠及居民3200户", "副县长 葛云舟", "县住建局", "县财政局\n各乡镇人民政府", "2025年11月"},
		{2, "新建城区停车泊位1500个", "", "县城管局", "县公安局", "2025年12月"},
		{"（二）公共服务", ""},
		{3, "建成县档案馆新馆并对外开放", "", "县档案馆", "县发改局", "2025年9月"},
		{4, "新建乡镇养老服务中心3个", "副县长 韩若溪\n县政府办主任 孔令杰", "县民政局", "相关乡镇人民政府", "2025年10月"},
		{5, "实施县城供水管网改造20公里", "县委常委、常务副县长 岑海涛", "县水务局", "", "2025年12月"},
		{"注：责任单位排在第一位的为主要责任单位。"},
	}, [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "E2"}, {"F2", "F3"}, {"A4", "B4"}, {"A7", "B7"}, {"C5", "C8"}, {"A11", "F11"}}})
}

// n96: a 任务台账 with a 合计 row at its foot (and a 小计 under a part)
// counting the tasks, which are no tasks themselves.
func n96XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"台账", [][]any{
		{"白沙镇2024年重点工作任务台账"},
		{"序号", "工作任务", "责任领导", "责任单位", "配合单位", "完成时限", "投资额（万元）"},
		{1, "完成镇区污水管网改造8公里", "吴振邦", "镇建设办", "镇财政所", "2024年10月", 860},
		{2, "建设白沙中心小学风雨操场", "吴振邦", "镇社会事务办", "", "2024年8月", 320},
		{"小计", "", "", "", "", "", 1180},
		{3, "新建高标准农田3000亩", "陶佳宁", "镇农业农村办", "各村委会", "2024年12月", 900},
		{4, "开展农村人居环境整治，创建美丽庭院200户", "陶佳宁", "镇农业农村办", "镇妇联", "2024年11月", 60},
		{"合  计", "共4项任务", "", "", "", "", 2140},
	}, [][2]string{{"A1", "G1"}}})
}

// paraCell is a DOCX table cell holding one paragraph per text (an empty
// paragraph when there is none).
func paraCell(ss ...string) string {
	var b strings.Builder
	b.WriteString("<w:tc>")
	for _, s := range ss {
		b.WriteString(`<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>`)
	}
	if len(ss) == 0 {
		b.WriteString("<w:p/>")
	}
	b.WriteString("</w:tc>")
	return b.String()
}

// n115: a DOCX table whose cells hold several paragraphs or line breaks
// (<w:br/>): in a leader or unit cell each line is a name (no 、 between
// them), in the text cell the lines are one text; an empty co-unit cell;
// the note and the attachment line after the table are no row's.
func n115DOCX() []byte {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	paras := paraCell
	breaks := func(ss ...string) string {
		var b strings.Builder
		b.WriteString("<w:tc><w:p><w:r>")
		for i, s := range ss {
			if i > 0 {
				b.WriteString("<w:br/>")
			}
			b.WriteString("<w:t>" + s + "</w:t>")
		}
		b.WriteString("</w:r></w:p></w:tc>")
		return b.String()
	}
	row := func(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
	body := p("临川县人民政府办公室") + p("关于印发2023年县政府重点工作任务清单的通知") + p("临政办发〔2023〕11号") +
		p("各乡镇人民政府，县政府各部门：") + p("　　现将2023年县政府重点工作任务清单印发给你们，请认真抓好落实。") +
		"<w:tbl>" +
		row(paras("序号"), paras("工作任务"), paras("责任领导"), paras("牵头单位"), paras("配合单位"), paras("完成时限")) +
		row(paras("1"), paras("实施城区主次干道“白改黑”工程，", "完成改造道路12公里。"), breaks("钱立伟", "苗红霞"),
			paras("县住建局", "县城管局"), paras(), paras("2023年10月")) +
		row(paras("2"), paras("新建5G基站300个。"), paras("苗红霞"), paras("县经信局"), breaks("县自然资源局", "县电信公司", "县移动公司"), paras("2023年12月")) +
		row(paras("3"), breaks("推进农村生活污水治理，", "新增治理行政村40个。"), paras("钱立伟"), breaks("县农业农村局", "县生态环境分局"),
			paras("各乡镇人民政府"), paras()) +
		row(paras("4"), paras("开展“无证明城市”创建。"), paras(), paras("县司法局"), paras("县政务服务中心", "县大数据中心"), paras("2023年6月")) +
		"</w:tbl>" +
		p("请各牵头单位于每月5日前将工作进展报县政府督查室。") + p("附件：2023年县政府重点工作任务清单（电子版）.xlsx") +
		p("临川县人民政府办公室") + p("2023年3月2日")
	return docxFile(body)
}

// n116: an XLSX whose leader, unit and co-unit cells part names with
// Alt+Enter only (a line break in the cell), a text cell broken the same
// way inside its sentence (one text), empty cells that are empty, and a
// note under the table.
func n116XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"任务清单", [][]any{
		{"2024年区政府重点工作任务清单"},
		{"序号", "重点工作", "责任区领导", "主办单位", "协办单位", "完成时限"},
		{1, "推进城市更新行动，\n完成城中村改造3个。", "蒋国梁\n夏雨晴", "区住建局\n区城市更新局", "区财政局\n区自然资源分局", "2024年12月"},
		{2, "新增城镇就业岗位6000个。", "夏雨晴", "区人社局", "", "2024年11月"},
		{3, "建设区级智慧停车平台。", "", "区数据局\n区公安分局", "区城管局", ""},
		{4, "创建省级全域旅游示范区。", "蒋国梁", "区文旅局", "区农业农村局\n各街道办事处", "2024年10月"},
		{},
		{"注：各主办单位每月25日前报送进展。"},
	}, [][2]string{{"A1", "F1"}, {"A8", "F8"}}})
}

func TestOfficeNotices(t *testing.T) {
	for name, build := range map[string]func() []byte{
		"n79-xlsx-twolevel-header-note-2025.xlsx":     func() []byte { return n79XLSX(t) },
		"n80-xlsx-span-leaders-note-label-2024.xlsx":  func() []byte { return n80XLSX(t) },
		"n83-xlsx-merged-seq-subrows-2022.xlsx":       func() []byte { return n83XLSX(t) },
		"n85-docx-keyvalue-tables-2023.docx":          n85DOCX,
		"n93-docx-auto-numbering-2024.docx":           n93DOCX,
		"n95-xlsx-duty-span-merged-leaders-2025.xlsx": func() []byte { return n95XLSX(t) },
		"n96-xlsx-ledger-total-rows-2024.xlsx":        func() []byte { return n96XLSX(t) },
		"n115-docx-cell-paragraphs-2023.docx":         n115DOCX,
		"n116-xlsx-altenter-names-2024.xlsx":          func() []byte { return n116XLSX(t) },
		// the builders of n104, n106 and n108 are in officeclasses_test.go,
		"n104-xlsx-instructions-sheet-progress-ledger-2024.xlsx": func() []byte { return n104XLSX(t) },
		"n106-xlsx-labelled-unit-lines-2025.xlsx":                func() []byte { return n106XLSX(t) },
		"n108-xlsx-leader-cells-titles-lines-2024.xlsx":          func() []byte { return n108XLSX(t) },
		// and those of n170–n177 in classes11c_test.go
		"n170-docx-duban-forms-code-2025.docx":                n170DOCX,
		"n171-docx-duban-forms-no-pairs-2024.docx":            n171DOCX,
		"n177-docx-duban-forms-title-row-code-pair-2024.docx": n177DOCX,
		"n176-docx-leader-rank-titles-2024.docx":              n176DOCX,
		"n119-docx-duban-forms-merged-values-2025.docx":       n119DOCX, // forms11_test.go
		"n174-xlsx-sheets-restart-twoheader-2025.xlsx":        func() []byte { return n174XLSX(t) },
		"n175-xlsx-notes-first-sheets-runon-2024.xlsx":        func() []byte { return n175XLSX(t) },
		// and those of n187 and n190 in grouprows_test.go
		"n187-docx-group-rows-leaders-over-sections-2024.docx": n187DOCX,
		"n190-xlsx-group-rows-contact-list-2025.xlsx":          func() []byte { return n190XLSX(t) },
		"n192-docx-duban-cards-code-deadline-2024.docx":        n192DOCX, // classes12c_test.go
		"n184-docx-task-paras-bracket-first-2023.docx":         n184DOCX, // classes12a_test.go
	} {
		path := filepath.Join("testdata", "notices", name)
		built := build()
		if *update {
			if err := os.WriteFile(path, built, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, built) {
			t.Errorf("%s is not what its builder writes; run go test ./ingest -run TestOfficeNotices -update and review", name)
		}
	}
}
