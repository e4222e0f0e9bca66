package ingest

import "testing"

// The XLSX notices of the lead-rule, progress-column and leader-cell
// classes (n104, n106, n108), built here and checked with the others by
// officenotices_test.go's TestOfficeNotices (`-update` rewrites them).

// n104: a ledger whose first sheet is instructions (填报说明, no table) and
// whose second holds the rows, its columns in an unusual order (分管领导 |
// 责任单位 | 序号 | 重点工作任务 | 进展 | 问题 | 计划), the progress cells
// filled in: a notice when no task in duban has its rows.
func n104XLSX(t *testing.T) []byte {
	return buildXLSX(t,
		sheet{"填报说明", [][]any{
			{"填报说明"},
			{"1.请各责任单位于每月5日前填报上月工作进展，经单位主要负责人审核后报县政府督查室。"},
			{"2.“进展”栏请写明形象进度、投资完成情况等量化指标。"},
			{"3.联系人：县政府督查室 刘洋"},
		}, nil},
		sheet{"任务台账", [][]any{
			{"2024年县政府工作报告重点任务台账"},
			{"分管领导", "责任单位", "序号", "重点工作任务", "进展", "问题", "计划"},
			{"陶建国", "县发改局", 1, "争取地方政府专项债券8亿元以上", "已争取专项债券5.2亿元", "储备项目不足", "加快谋划储备项目"},
			{"", "县财政局", 2, "落实结构性减税降费政策，减轻企业负担3亿元", "已为企业减负1.6亿元", "", "持续跟踪政策落实"},
			{"汤晓玲", "县教育局", 3, "建成县第三实验小学并秋季开学", "主体完工，正在装修", "", "8月底前完成验收"},
			{"", "县卫健局", 4, "推进紧密型县域医共体建设，县域就诊率达到90%", "县域就诊率达到88.6%", "人才短缺", "引进急需专业人才"},
			{"", "县民政局", 5, "新建农村互助养老服务点20个", "已建成12个", "", "9月底前全部建成"},
			{"范立行", "县农业农村局", 6, "新建高标准农田4万亩", "已完成招投标", "雨季影响施工", "抢抓晴好天气施工"},
		}, [][2]string{{"A1", "G1"}, {"A3", "A4"}, {"A5", "A7"}}},
	)
}

// n106: unit cells of labelled lines (牵头：/配合：, 牵头单位：/配合单位：,
// 协办：) under a plain 责任单位 column, and a 目前进展 column whose text
// mentions who led something (已由市发改委牵头…): progress, never an
// assignment.
func n106XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"任务分解", [][]any{
		{"2025年市政府重点工作任务分解表"},
		{"序号", "工作任务", "责任领导", "责任单位", "完成时限", "目前进展"},
		{1, "谋划实施一批重大基础设施项目，完成固定资产投资增长6%", "聂振宇", "牵头：市发改委\n配合：市财政局、市自然资源和规划局", "2025年12月底", "已由市发改委牵头完成项目前期论证"},
		{2, "培育国家级专精特新“小巨人”企业5家", "聂振宇", "牵头单位：市工信局\n配合单位：市科技局", "2025年12月底", ""},
		{3, "举办消费促进活动100场以上，社会消费品零售总额增长7%", "柴晓雯", "牵头：市商务局\n协办：市市场监管局、市税务局", "2025年11月底", "由市商务局牵头召开专题会议2次"},
		{4, "新改建农村公路150公里", "柴晓雯", "市交通运输局", "2025年10月底", ""},
		{5, "完成城镇老旧小区改造40个", "武卫东", "牵头单位：市住建局", "2025年12月底", "市住建局牵头，各区配合，已开工18个"},
	}, [][2]string{{"A1", "F1"}}})
}

// n108: leader cells as offices write them: an office head's title glued
// before the name, or before it with a space, a party title and 、 before
// the post, a title on one line and the name on the next, two leaders one
// a line.
func n108XLSX(t *testing.T) []byte {
	return buildXLSX(t, sheet{"责任清单", [][]any{
		{"2024年市政府重点工作责任清单"},
		{"序号", "重点工作", "责任领导", "牵头单位", "配合单位", "完成时限"},
		{1, "深化平安城市建设，刑事案件立案数下降5%", "市公安局局长祁东升", "市公安局", "市司法局", "2024年12月"},
		{2, "新建改扩建中小学校6所，新增学位5400个", "市教育局局长 贺文涛", "市教育局", "市发改委、市财政局", "2024年9月"},
		{3, "盘活存量资产，国有资产收益增长8%", "市财政局党组书记、局长林素琴", "市财政局", "市国资委", "2024年12月"},
		{4, "建成市第二人民医院新院区", "副市长\n韩永刚", "市卫健委", "市住建局", "2024年10月"},
		{5, "创建国家级全域旅游示范区", "严冬梅\n鲁志远", "市文旅局", "各县（市、区）人民政府", "2024年12月"},
		{6, "建设智慧医保平台，实现医保服务“一网通办”", "市医保局局长\n钟晓华", "市医保局", "市大数据局", "2024年11月"},
	}, [][2]string{{"A1", "F1"}}})
}
