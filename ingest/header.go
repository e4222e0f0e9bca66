package ingest

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// column is the field of Task a table column lands in.
type column int

const (
	colExtra column = iota // kept in Task.Extra under its header name
	colSeq
	colText
	colLeaders
	colUnits
	colCoUnits
	colDeadline
	colSection // a grouping column naming the part a task belongs to
	// colDuty is one column for who does the task, its cells made of key
	// lines (省领导：X / 牵头单位：A、B / 配合单位：C) or a clause (A牵头，B配合):
	// 责任分工, 任务分工, 分工安排.
	colDuty
)

// dutyNames name a column of key lines for leaders and units together.
var dutyNames = map[string]bool{"责任分工": true, "任务分工": true, "职责分工": true, "分工": true, "分工安排": true, "责任分工安排": true,
	"工作分工": true, "责任落实": true, "责任领导及单位": true, "责任领导和单位": true, "责任单位及领导": true, "责任单位和领导": true}

// columnNames lists the usual names of each column, exact matches first.
// Notices rename columns freely; a renamed column still lands in the right
// field.
var columnNames = []struct {
	col   column
	names []string
}{
	{colSeq, []string{"序号", "编号", "序", "号"}},
	{colText, []string{"重点工作任务", "工作任务", "重点工作", "主要任务", "任务内容", "工作内容", "目标任务", "重点任务", "任务", "工作事项", "具体任务", "主要内容", "工作目标", "任务目标",
		// a rectification list (巡察/审计整改清单): the measures are the
		// task, the problem beside them (反馈问题, 存在问题) is kept in extra
		"整改措施", "整改任务", "整改内容", "整改目标", "整改举措", "具体措施", "主要措施", "工作措施",
		// an assessment's indicators (考核细则, 目标责任书): each is a task
		"考核指标", "指标名称", "指标", "指标内容", "目标指标", "工作指标", "绩效指标", "目标任务及指标"}},
	{colLeaders, []string{"牵头领导", "责任领导", "分管领导", "牵头区领导", "牵头市领导", "牵头县领导", "联系领导", "区领导", "市领导", "领导", "责任人", "牵头负责人", "责任领导人"}},
	{colUnits, []string{"牵头单位", "责任单位", "主办单位", "牵头部门", "责任部门", "主责单位", "承办单位", "责任主体", "牵头责任单位", "责任单位及责任人"}},
	{colCoUnits, []string{"配合单位", "主要参与单位", "协办单位", "参与单位", "协同单位", "配合部门", "参与部门", "协同部门", "协助单位"}},
	{colDeadline, []string{"完成时限", "时间节点", "完成时间", "时限", "时限要求", "进度安排", "完成期限"}},
	{colSection, []string{"所属部分", "板块", "类别", "领域", "部分", "所属板块", "所属领域", "工作板块", "重点领域", "任务类别", "分类", "工作类别", "大类", "考核类别", "指标类别", "考核项目", "一级指标", "一级指标名称"}},
}

// groupingNames are extra columns that group rows: a cell left empty under
// one inherits the value above it. Unit and leader cells never inherit.
var groupingNames = map[string]bool{"项目": true, "专项": true, "类型": true, "工作项目": true, "重点项目": true}

// weakTextNames name a column that holds the task only when no column says
// so more plainly (项目名称 beside 建设内容).
var weakTextNames = map[string]bool{"项目": true, "项目名称": true, "事项": true, "事项名称": true, "名称": true, "实事项目": true,
	"民生实事": true, "民生实事项目": true, "工作项目": true, "重点项目": true, "督办事项": true, "督查事项": true, "工作要点": true, "内容": true,
	// a leader's instructions handed over (批示件转办): the task when no
	// column says what is to be done (批示要点 beside 主办单位)
	"批示要点": true, "批示事项": true}

// handlingNames are a form's or table's instructions for handling an item
// (办理要求, 报送要求): never its text.
var handlingNames = map[string]bool{"办理要求": true, "督办要求": true, "报送要求": true, "反馈要求": true, "办结要求": true}

// isProgressName: the columns of progress and assessment a table may
// carry (1-10月推进情况, 存在问题, 是否序时推进): kept in Extra, never the
// task, a seq or a deadline.
//
// It is plain string work, not one regular expression: a pattern anchored
// at the end is tried from every byte of the cell, and every cell of every
// row is tried as a header (a fifth of a bulk ingest's parse went there).
func isProgressName(name string) bool {
	for _, suf := range progressSuffixes {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return strings.HasPrefix(name, "是否") || name != "" && name[0] >= '0' && name[0] <= '9' && monthSpanRe.MatchString(name)
}

var progressSuffixes = []string{"情况", "进展", "进度", "推进", "问题", "打算", "是否", "备注", "说明", "评价", "考核", "得分", "分值", "成效", "措施", "计划", "达序", "序时"}

// monthSpanRe is a span of months opening a progress column (1-10月推进情况).
var monthSpanRe = regexp.MustCompile(`^\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月`)

// isSupervisorName: the office that supervises, scores or certifies a task (督办单位, 认定单位,
// 督查部门, 考核单位, 评分部门): kept in Extra, never the units.
// (?:督办|督查|督导|考核|监督|督促|评分|计分|打分|评价|考评)(?:责任)?(?:单位|部门|机构|科室|处室)$,
// as string work.
func isSupervisorName(name string) bool {
	for _, body := range []string{"单位", "部门", "机构", "科室", "处室"} {
		rest, ok := strings.CutSuffix(name, body)
		if !ok {
			continue
		}
		for _, r := range []string{rest, strings.TrimSuffix(rest, "责任")} {
			for _, w := range []string{"督办", "督查", "督导", "考核", "监督", "督促", "评分", "计分", "打分", "评价", "考评", "认定", "核定", "审核", "确认"} {
				if strings.HasSuffix(r, w) {
					return true
				}
			}
		}
	}
	return false
}

// bracketed matches a bracketed part of a header name: 重点工作任务(杭州市2项
// 配合工作) is a 重点工作任务 column.
var bracketed = regexp.MustCompile(`[(\x{FF08}\[【][^)\x{FF09}\]】]*[)\x{FF09}\]】]`)

// maxHeaderName bounds a header cell's name in bytes (compacted): a
// longer cell is a row's text, never a column's name. Every row of a table
// is tried as a header, so without it each long cell was folded and
// matched whole, row after row (3,000 rows of 2,600-character cells took
// 52 s of CPU).
const maxHeaderName = 300

// headerName is a header cell as compared: spaces, markers and bracketed
// notes removed, traditional characters folded; "" for a cell longer than
// any column's name (maxHeaderName).
func headerName(cell string) string {
	name := compact(cell)
	if len(name) > maxHeaderName {
		return ""
	}
	name = ToSimplified(name)
	if strings.ContainsAny(name, "(\uFF08[【") {
		if stripped := bracketed.ReplaceAllString(name, ""); stripped != "" {
			name = stripped
		}
	}
	return strings.TrimRight(name, ":\uFF1A")
}

// classifyHeader maps one header cell to its column. Exact names win; then
// progress columns (Extra); then a name that ends like one of the kinds
// (…领导, …配合单位, …单位, …时限).
func classifyHeader(cell string) column {
	c := classifyName(cell)
	if c == colExtra && strings.ContainsAny(cell, "(\uFF08") {
		// 反馈问题（整改任务）: the problem found, and in its bracket the
		// task the column holds
		if m := bracketed.FindString(compact(cell)); m != "" {
			inner := strings.TrimFunc(m, func(r rune) bool { return strings.ContainsRune("()\uFF08\uFF09[]【】 ", r) })
			if inner != "" && classifyName(inner) == colText {
				return colText
			}
		}
	}
	return c
}

func classifyName(cell string) column {
	name := headerName(cell)
	if name == "" {
		return colExtra
	}
	for _, c := range columnNames {
		for _, n := range c.names {
			if name == n {
				return c.col
			}
		}
	}
	if weakTextNames[name] {
		return colText
	}
	if dutyNames[name] {
		return colDuty
	}
	if handlingNames[name] {
		// 办理要求 | 主办部门主要负责人为第一责任人…: how to handle the
		// item and report on it, not the item
		return colExtra
	}
	if recordMetaName(name) {
		// 事项编号, 事项来源, 交办时间: a record's metadata, not its text
		// nor its deadline
		return colExtra
	}
	switch {
	case strings.Contains(name, "整改") && (strings.HasSuffix(name, "措施") || strings.HasSuffix(name, "任务") || strings.HasSuffix(name, "举措")) && !strings.Contains(name, "情况"):
		// 问题及整改措施, 具体整改措施: the measures are the task, though
		// 措施 ends a progress column's name too
		return colText
	case isProgressName(name):
		return colExtra
	case (strings.Contains(name, "单位") || strings.Contains(name, "部门") || strings.Contains(name, "科室")) &&
		(strings.HasSuffix(name, "负责人") || strings.HasSuffix(name, "责任人")) && !coUnitsName(name):
		// 牵头单位及主要负责人: the unit, with its head named beside it
		return colUnits
	case coUnitsName(name):
		// 协同责任单位, 配合责任部门: co-operating, though 责任 is in it
		return colCoUnits
	case strings.HasSuffix(name, "领导") || strings.HasSuffix(name, "责任人") || leaderTitleKeyRe.MatchString(name):
		// 分管副市长：赵立群, 联系副县长, 包联副区长: the title names who leads
		return colLeaders
	case isSupervisorName(name):
		// 督办单位: who checks the work, not who does it
		return colExtra
	case isOriginName(name):
		// 任务来源: where the task comes from, not the task
		return colExtra
	case mixedUnits(name):
		return colUnits
	case strings.Contains(name, "配合") || strings.Contains(name, "参与") || strings.Contains(name, "协办") || strings.Contains(name, "协同") || strings.Contains(name, "协助") || strings.Contains(name, "协责") || strings.HasPrefix(name, "会办"):
		return colCoUnits
	case strings.HasSuffix(name, "单位") || strings.HasSuffix(name, "部门") || strings.HasSuffix(name, "主体") || unitsOfficeSuffix(name):
		return colUnits
	case townsName(name):
		// 责任乡镇（街道）, 牵头镇街: the towns that carry the item
		return colUnits
	case strings.Contains(name, "时限") || strings.Contains(name, "时间") || strings.Contains(name, "期限") || strings.Contains(name, "节点"):
		return colDeadline
	case strings.Contains(name, "任务") || strings.Contains(name, "内容") || strings.Contains(name, "事项") || strings.HasPrefix(name, "项目名称") || strings.HasSuffix(name, "要求") && !strings.Contains(name, "时") && !strings.Contains(name, "进度"):
		return colText
	case (strings.HasSuffix(name, "举措") || strings.HasSuffix(name, "措施")) && utf8.RuneCountInString(name) <= 8:
		// 具体举措, 改革举措, 主要措施: what is to be done (a progress
		// column, 措施落实情况, was told apart above)
		return colText
	case strings.HasSuffix(name, "目标") && utf8.RuneCountInString(name) <= 8:
		// 主要预期目标, 年度目标: the target set is the task
		return colText
	case strings.Contains(name, "指标") && !strings.HasSuffix(name, "号") && utf8.RuneCountInString(name) <= 10:
		// 考核指标及目标值, 主要指标: an assessment's indicator is its task
		// (not 指标序号; a row's text naming 指标 is longer)
		return colText
	case proposalTitleRe.MatchString(name):
		// 建议标题, 提案名称, 案由: a list of deputies' proposals handled
		// as tasks (its proposer, 领衔代表/第一提案人, is no leader)
		return colText
	}
	return colExtra
}

// leaderTitleKeyRe is a key or column named by the leader's title with
// the role before it (分管副市长, 联系副县长, 包联副区长); a bare title
// (副区长　周海峰　牵头负责) heads a group, it is no key.
var leaderTitleKeyRe = regexp.MustCompile(`^(?:分管|联系|包联|包保|挂点|牵头|责任|督办|领衔|主管)(?:常务)?副?(?:区长|市长|县长|州长|省长|镇长|乡长)$`)

// proposalTitleRe names the column of a deputy's proposal or a member's
// motion that is handled as a task: 建议标题, 提案名称, 议案题目, 案由.
var proposalTitleRe = regexp.MustCompile(`^(?:(?:代表)?建议|提案|议案)(?:标题|名称|题目|事由)$|^案由$`)

// isOriginName: a column naming where a task comes from or what it rests
// on (任务来源, 政策依据, 文件出处): never the task's text, though 任务 is in
// its name.
func isOriginName(name string) bool {
	for _, suf := range []string{"来源", "依据", "出处"} {
		if strings.HasSuffix(name, suf) && name != suf {
			return true
		}
	}
	return false
}

// recordMetaName: a key or column of a record's metadata in an office
// system's export — its number (事项编号, 督办编号), where it came from
// (事项来源, 来源会议), its state (办理状态), its kind (事项类别, 督办类型),
// its urgency (紧急程度) or when it was handed over (交办时间, 登记日期).
// None is a task's text, units or deadline.
func recordMetaName(name string) bool {
	for _, suf := range []string{"编号", "状态", "类别", "类型", "程度", "层级", "级别"} {
		if strings.HasSuffix(name, suf) && name != suf {
			return true
		}
	}
	if strings.Contains(name, "来源") && !strings.ContainsAny(name, "资金经费") {
		return true // 事项来源, 来源会议; 资金来源 is a project's, not a record's
	}
	switch name {
	case "分值", "分数", "权重", "评分标准", "考核标准", "计分办法", "评分办法", "考核方式", "评分细则":
		// an assessment's score and how it is scored: the record's
		return true
	case "提案号", "建议号", "议案号", "案号", "提案人", "第一提案人", "提议人", "领衔代表", "领衔人", "提案者":
		// a proposal's number and its proposer: the record's, no leader
		return true
	}
	if strings.Contains(name, "批示") && !strings.HasSuffix(name, "领导") && !strings.Contains(name, "要求") {
		// 批示内容, 领导批示, 批示意见: the instruction the task answers,
		// not the task (督办事项 beside it); 批示领导 is who follows it;
		// 批示事项及督办要求 says what is to be done
		return true
	}
	if strings.HasSuffix(name, "时间") || strings.HasSuffix(name, "日期") {
		for _, p := range []string{"交办", "登记", "录入", "创建", "立项", "下发", "转办", "导出", "受理", "批示", "签收"} {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// coUnitsName: a column or key of the units that co-operate, named by the
// word it opens with (协同责任单位, 配合部门, 协办科室).
func coUnitsName(name string) bool {
	for _, p := range []string{"协同", "配合", "协办", "协助", "协作", "参与", "参加", "会办"} {
		if strings.HasPrefix(name, p) && (strings.HasSuffix(name, "单位") || strings.HasSuffix(name, "部门") || unitsOfficeSuffix(name)) {
			return true
		}
	}
	return false
}

// unitsOfficeSuffix: a township's or a bureau's own word for its units
// (责任站所, 责任站办, 责任办所, 责任科室, 牵头处室, 责任股室).
func unitsOfficeSuffix(name string) bool {
	for _, suf := range []string{"站所", "站办", "办所", "科室", "处室", "股室"} {
		if strings.HasSuffix(name, suf) && name != suf {
			return true
		}
	}
	return false
}

// mixedUnits: one column for the lead unit and the co-operating ones
// (责任主体与协同单位, 牵头及配合单位): its first unit leads.
func mixedUnits(name string) bool {
	lead := strings.Contains(name, "牵头") || strings.Contains(name, "责任") || strings.Contains(name, "主体") || strings.Contains(name, "主办")
	co := strings.Contains(name, "配合") || strings.Contains(name, "协同") || strings.Contains(name, "参与") || strings.Contains(name, "协办")
	return lead && co && (strings.HasSuffix(name, "单位") || strings.HasSuffix(name, "部门"))
}

// textStrength ranks the columns that could hold the task: a plain name
// (重点工作任务) over one that holds 任务 or 内容, over a weak one (项目名称).
func textStrength(cell string) int {
	name := headerName(cell)
	for _, n := range columnNames[1].names {
		if name == n {
			return 3
		}
	}
	if weakTextNames[name] {
		return 1
	}
	return 2
}

// headerShaped: every cell of a row is short, as a header's names are (a
// task's row has its long text; one with its 序号 readHeader has refused).
func headerShaped(cells []string) bool {
	for _, c := range cells {
		if utf8.RuneCountInString(compact(c)) > 12 {
			return false
		}
	}
	return true
}

// townsName: a column of the towns or streets that carry an item, named by
// their role (责任乡镇, 牵头镇街, 主责街道).
func townsName(name string) bool {
	for _, role := range []string{"责任", "牵头", "主责", "承办"} {
		if rest, ok := strings.CutPrefix(name, role); ok {
			switch rest {
			case "乡镇", "镇街", "街道", "镇", "乡", "乡镇街道", "镇（街道）":
				return true
			}
		}
	}
	return false
}

// header is a recognised table header: one column kind per cell.
type header struct {
	cols  []column
	names []string // the header cells, compacted, for Task.Extra keys
	// mixed marks unit columns that hold the lead unit and the
	// co-operating ones together.
	mixed []bool
	// nameAt is the column of a project's short name (项目名称, 事项名称)
	// beside the column of its content (建设内容, 主要内容), -1 when there
	// is none: the task's text is the name followed by the content.
	nameAt int
}

// projectNames name a column of a project's short name, which goes before
// the content column's text (项目名称 | 建设内容 in a 民生实事 ledger).
var projectNames = map[string]bool{"项目名称": true, "事项名称": true, "项目": true, "事项": true, "名称": true, "项目名": true,
	"实事项目": true, "民生实事": true, "民生实事项目": true, "工作项目": true, "重点项目": true, "实事名称": true}

// titleTextNames name a column of a task's short title, which a column of
// its specifics may follow (重点工作 | 具体目标任务, 工作项目 | 工作目标).
var titleTextNames = map[string]bool{"重点工作": true, "工作项目": true, "任务名称": true, "工作名称": true, "重点任务": true,
	"主要任务": true, "重点事项": true, "工作事项": true, "事项名称": true, "项目名称": true, "重点项目": true, "工作要点": true}

// detailName: a column of a task's specifics (具体目标任务, 工作目标, 主要
// 内容, 工作措施, 目标任务), which follows its title's column.
func detailName(name string) bool {
	return strings.HasPrefix(name, "具体") || strings.Contains(name, "目标") || strings.Contains(name, "内容") || strings.Contains(name, "措施")
}

// itemNameColumn: a column naming an item (改革事项, 重点项目, 事项名称),
// which a column of its specifics may follow.
func itemNameColumn(name string) bool {
	return strings.HasSuffix(name, "事项") || strings.HasSuffix(name, "项目") || strings.HasSuffix(name, "名称")
}

// contentName: the task's column holds a project's content (建设内容,
// 建设内容及年度目标, 主要内容, 具体内容, 项目内容), not a task named whole.
func contentName(name string) bool {
	return strings.Contains(name, "内容") && !projectNames[name]
}

// applyLeadRule reads the units columns by a stated lead rule: without a
// co-units column, the first unit of a cell leads and the rest co-operate.
func (h *header) applyLeadRule() {
	if h.index(colCoUnits) >= 0 {
		return
	}
	for i, c := range h.cols {
		if c == colUnits {
			h.mixed[i] = true
		}
	}
}

func (h *header) index(c column) int {
	for i, col := range h.cols {
		if col == c {
			return i
		}
	}
	return -1
}

// parseHeader recognises a header row: it needs a task text column and a
// leader or unit column. Of the columns that could hold the task, the one
// named most plainly does; the others land in Extra. A kind named twice
// keeps its first column, except units: with 牵头单位 and 责任单位 both
// present, the 牵头 one leads and the other cooperates (co_units). Other
// repeats land in Extra.
func parseHeader(cells []string) (*header, bool) { return readHeader(cells, false) }

// readHeader is parseHeader; with progress, a progress report's header is
// enough: a task column and a column of progress (进展情况, 完成情况, 是否
// 序时推进), with or without the notice's leader and unit columns.
func readHeader(cells []string, progress bool) (*header, bool) {
	if len(cells) < 2 {
		return nil, false
	}
	for _, c := range cells {
		if seqCellRe.MatchString(c) {
			// 9 | QH-ZD-2025-09 | 完成政务服务事项… | … | 区有关部门: a row
			// with its number is a task's, whatever its cells' words
			return nil, false
		}
	}
	h := &header{cols: make([]column, len(cells)), names: make([]string, len(cells)), mixed: make([]bool, len(cells)), nameAt: -1}
	textAt, strength := -1, 0
	for i, c := range cells {
		if classifyHeader(c) == colText && textStrength(c) > strength {
			textAt, strength = i, textStrength(c)
		}
	}
	if textAt < 0 && !progress && headerShaped(cells) {
		// 序号 | 存在问题 | 督办县领导 | 整改责任单位: with no column of a
		// task, the problem found is what is to be fixed (beside a task
		// column it is kept aside, as a progress report's 存在问题 is)
		for i, c := range cells {
			if name := headerName(c); strings.HasSuffix(name, "问题") || strings.HasSuffix(name, "问题描述") {
				textAt, strength = i, 1
				break
			}
		}
	}
	if textAt >= 0 && textAt+1 < len(cells) && titleTextNames[headerName(cells[textAt])] &&
		classifyHeader(cells[textAt+1]) == colText && detailName(headerName(cells[textAt+1])) {
		// 重点工作 | 具体目标任务: a short title, then what it is to do;
		// the text is the two joined
		h.nameAt, textAt = textAt, textAt+1
	} else if textAt > 0 && classifyHeader(cells[textAt-1]) == colText && detailName(headerName(cells[textAt])) && itemNameColumn(headerName(cells[textAt-1])) {
		// 改革事项 | 具体任务: the item named, then what it is to do
		h.nameAt = textAt - 1
	} else if textAt >= 0 {
		// 项目名称 | 建设内容, and 项目名称 | 目标任务 (攻坚任务): a project's
		// name before what it is to do. Beside a task column only a name
		// that names one row (项目名称, not the category 项目 | 工作任务),
		// and before it; a content column takes any.
		content := contentName(headerName(cells[textAt]))
		for i, c := range cells {
			name := headerName(c)
			if i != textAt && projectNames[name] && (content || i < textAt && strings.Contains(name, "名")) {
				h.nameAt = i
				break
			}
		}
	}
	seen := map[column]int{}
	for i, c := range cells {
		col := classifyHeader(c)
		if col != colExtra && (strings.ContainsAny(headerName(c), "。；，《》") || utf8.RuneCountInString(headerName(c)) > 24) {
			// a sentence (…年度整改任务。, 落实“…”重点事项清单，开展…) is a
			// row's task, not a column's name; nor is a form's value that
			// names a document (承办单位 | 见《督办事项清单》)
			return nil, false
		}
		h.names[i] = compact(c)
		if i == textAt {
			col = colText
		}
		if col == colText && i != textAt {
			col = colExtra
		}
		if col == colExtra {
			continue
		}
		if j, dup := seen[col]; dup {
			switch {
			case col == colUnits && strings.Contains(h.names[i], "牵头") && !strings.Contains(h.names[j], "牵头"):
				h.cols[j], seen[col] = colCoUnits, i
			case col == colUnits:
				col = colCoUnits
			case col == colLeaders && strings.Contains(h.names[j], "批示") && !strings.Contains(h.names[i], "批示"):
				// 批示领导 | … | 责任区领导: who wrote the instruction,
				// kept aside, and who answers for it
				h.cols[j], seen[col] = colExtra, i
			default:
				col = colExtra
			}
			if _, dupCo := seen[colCoUnits]; col == colCoUnits && dupCo {
				col = colExtra
			}
		}
		h.cols[i] = col
		// 责任单位（排在第一位的为牵头单位）: the rule in the column's name
		h.mixed[i] = col == colUnits && (mixedUnits(headerName(c)) || leadRuleRe.MatchString(simplifiedRunes(compact(c))))
		if col != colExtra {
			seen[col] = i
		}
	}
	_, text := seen[colText]
	_, leaders := seen[colLeaders]
	_, units := seen[colUnits]
	_, duty := seen[colDuty]
	units = units || duty
	if progress && text && slices.ContainsFunc(h.names, func(n string) bool { return progressKind(n) != "" }) {
		return h, true
	}
	if !text || !(leaders || units) {
		return nil, false
	}
	return h, true
}

// subHeader merges a second header row into the first (责任单位 spanning
// 牵头单位 | 配合单位 below it): ok when every filled cell of the second row
// names a column kind and at least one differs from the row above.
func subHeader(h *header, first, second []string) (*header, bool) {
	if len(second) == 0 || len(second) > len(first) {
		return nil, false
	}
	merged := append([]string(nil), first...)
	changed := false
	for i, c := range second {
		if cleanCell(c) == "" || compact(c) == compact(first[i]) {
			continue
		}
		if r := bareRoleUnits(headerName(c)); r != "" {
			c = r // 责任单位 over 牵头 | 配合: 牵头单位 | 配合单位
		}
		if classifyHeader(c) == colExtra && !isProgressName(headerName(c)) {
			return nil, false
		}
		merged[i], changed = c, true
	}
	if !changed {
		return nil, false
	}
	return parseHeader(merged)
}

// bareRoleUnits names the column of a header's second row that gives only a
// role under a spanned 责任单位 or 责任分工 (牵头, 主办 / 配合, 协办): the
// units in that role; "" for any other cell.
func bareRoleUnits(name string) string {
	switch name {
	case "牵头", "主办", "主责", "承办", "牵头部门":
		return "牵头单位"
	case "配合", "协办", "参与", "协同", "协助", "协作", "会办", "配合部门":
		return "配合单位"
	}
	return ""
}
