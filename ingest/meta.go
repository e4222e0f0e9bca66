package ingest

// Metadata: what names a notice (title, issuer, date, 发文字号, year), read
// from the lines before its tasks (the head) and the lines that sign it
// after them (the tail).
//
// Sources, strongest first: a metadata block of key/value cells (gov.cn
// pages: 发文机关, 成文日期, 标题, 发文字号), the caption standing right
// above the tasks (a table's or a list's own title), the title at the top
// of the body (over one or two lines), a line that is only a 发文字号, and
// lines that are only an issuer or a date. The year comes from the title,
// else the number (国发〔2019〕3号), else the date. Page chrome of mirror
// sites (加入收藏, 上一篇, 浏览次数) is never a title or preamble.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	reasonBeforeTable = "任务表之前的其他表格行"
	reasonChrome      = "网页导航或页面文字(已忽略)"
)

var (
	dateRe     = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	isoDateRe  = regexp.MustCompile(`^(?:发布时间|发文日期|日期|成文日期|发布日期|时间)\s*[:\x{FF1A}]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})`)
	cnDateRe   = regexp.MustCompile(`^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$`)
	yearRe     = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	issuerRe   = regexp.MustCompile(`(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|^国务院)$`)
	attachRe   = regexp.MustCompile(`^附\s*件\s*\d*\s*$`)
	attachTiRe = regexp.MustCompile(`^附\s*件\s*\d*\s*[:\x{FF1A}]\s*(.+)$`)
	// numberRe is a 发文字号: 国发〔2019〕3号, 余政办〔2025〕12号, 杭政办函[2018]5号.
	// 松政办发〔2026〕3号, or a minute's issue 〔2026〕第2期
	numberRe = regexp.MustCompile(`^(?:[\p{Han}]{1,12}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号|[\p{Han}]{0,12}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第\s*\d{1,4}\s*期)$`)
	// issuerInTitle is the issuer a title opens with: 国务院办公厅关于…的通知.
	issuerInTitle = regexp.MustCompile(`^(\p{Han}{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|国务院))关于`)
	chromeRe      = regexp.MustCompile(`^(?:【\s*(?:加入收藏|设为首页|打印本页|打印|关闭窗口|关闭|返回顶部|分享到|字号|字体)[^】]{0,4}】|(?:加入收藏|设为首页|打印本页|打印|关闭窗口|关闭|返回顶部|分享到|字号|字体)(?:此页|本页|本文|窗口)?(?:$|[\s|｜/:\x{FF1A}【\[(（])|上一篇|下一篇|浏览次数|访问次数|点击数|扫一扫在手机打开当前页|扫一扫|责任编辑|来源[:\x{FF1A}丨｜|]|(?:编辑|审核|校对|责编|作者|排版|美编|供稿|初审|复审|终审|一审|二审|三审|监制|统筹|出品)\s*[丨｜|]|(?:编辑|审核|校对|责编|排版|美编|初审|复审|终审|一审|二审|三审)\s*[:\x{FF1A}]|点击(?:上方)?蓝字|长按(?:识别)?二维码|【\s*字体|主办[:\x{FF1A}]|承办[:\x{FF1A}]|版权所有|技术支持|网站标识码|网站地图|联系我们|免责声明|繁體中文|简体中文|表格下载|(?i:copyright)|©|.{0,6}ICP备|.{0,4}公网安备)`)
	salutationRe  = regexp.MustCompile(`[:\x{FF1A}]$`)
)

// metaKeys are the keys of a metadata block and the field each fills.
var metaKeys = map[string]string{
	"发文机关": "issuer", "发布机关": "issuer", "发文单位": "issuer", "成文日期": "date", "发文日期": "date", "印发日期": "date",
	"发布日期": "published", "发布时间": "published", "标题": "title", "名称": "title", "文件名称": "title",
	"发文字号": "number", "文号": "number", "索引号": "", "主题分类": "", "主题词": "", "公文种类": "", "体裁分类": "",
}

// metaBlock holds the values of a metadata block.
type metaBlock map[string]string

// readMetaCells reads key/value pairs from a row of cells (发文机关: |
// 国务院办公厅 | 成文日期: | 2018年12月06日) or a line (发文机关:国务院办公厅).
// ok is true when the row holds at least one key of a metadata block.
func (m metaBlock) readCells(cells []string) bool {
	ok := false
	for i := 0; i < len(cells); i++ {
		c := compactAll(cells[i])
		key, val, inline := strings.Cut(strings.ReplaceAll(c, "\uFF1A", ":"), ":")
		field, known := metaKeys[key]
		if !known {
			continue
		}
		ok = true
		if !inline || val == "" {
			if i+1 < len(cells) {
				val = strings.TrimSpace(cells[i+1])
				i++
			}
		} else {
			_, val, _ = strings.Cut(strings.ReplaceAll(cells[i], "\uFF1A", ":"), ":")
			val = strings.TrimSpace(val)
		}
		if field != "" && val != "" && m[field] == "" {
			m[field] = val
		}
	}
	return ok
}

// compactAll removes every kind of space (full-width too) and the '?'
// markers: 标　　题: → 标题:.
func compactAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '?' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// readMetadata reads title, issuer, date, number and year from the blocks
// before the tasks (head) and after them (tail); the rest of the head's
// text is the preamble. Rows of other tables and page chrome in the head
// are reported.
func readMetadata(doc *Document, head, tail []block, rep *Report) {
	meta := metaBlock{}
	used := make([]bool, len(head))
	for i, b := range head {
		cells := b.cells
		if !b.row {
			cells = []string{cleanCell(b.text)}
		}
		if meta.readCells(cells) {
			used[i] = true
		}
	}
	// the caption stands right above the tasks, maybe under a line of
	// source or date (发布时间:…)
	titleLine := -1
	for i, seen := len(head)-1, 0; i >= 0 && seen < 3 && titleLine < 0; i-- {
		l := cleanCell(head[i].text)
		if l == "" || head[i].row || used[i] {
			continue
		}
		seen++
		// a line of clauses (根据…精神，现将…，请…将) is a paragraph's
		// line, cut by the page's width, never a caption
		if looksLikeTitle(l) && strings.Count(l, "，") < 2 {
			titleLine = i
		}
	}
	var preamble []string
	var top []int // the lines of the title at the top of the body
	attachTitle := ""
	for i, b := range head {
		l := cleanCell(b.text)
		switch {
		case used[i]:
		case l == "":
			rep.BlankLines++
		case b.row:
			rep.Unused = append(rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reasonBeforeTable})
		case i == titleLine:
			doc.Title = l
		case isPageChrome(l) && parseDate(l) == "":
			rep.Unused = append(rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reasonChrome})
		case attachRe.MatchString(l):
			// the "附件" marker above the table
		case attachTiRe.MatchString(l):
			if attachTitle == "" {
				attachTitle = attachTiRe.FindStringSubmatch(l)[1]
			}
		case doc.Number == "" && numberRe.MatchString(compactAll(l)):
			doc.Number = compactAll(l)
		case doc.Date == "" && parseDate(l) != "":
			doc.Date = parseDate(l)
		case doc.Issuer == "" && isIssuer(l):
			doc.Issuer = l
		case len(preamble) == len(top) && looksLikeTitle(l) && len(top) < 3:
			// still at the top of the body: a title, maybe over lines
			top = append(top, len(preamble))
			preamble = append(preamble, l)
		default:
			preamble = append(preamble, l)
		}
	}
	topTitle := ""
	for _, i := range top {
		topTitle += preamble[i]
	}
	switch {
	case doc.Title != "":
	case meta["title"] != "":
		doc.Title = meta["title"]
	case topTitle != "":
		doc.Title = topTitle
	default:
		doc.Title = attachTitle
	}
	// a title broken over lines in one paragraph (a <w:br/>, a <br>) is
	// one line: the documents' list, the page and the CLI show it on one
	doc.Title = oneLine(doc.Title)
	doc.Issuer = issuersLine(doc.Issuer)
	// the title's own lines are not preamble
	if topTitle != "" && (doc.Title == topTitle || compactAll(doc.Title) == compactAll(topTitle)) {
		preamble = preamble[len(top):]
	}
	doc.Preamble = strings.Join(preamble, "\n")
	if doc.Issuer == "" {
		doc.Issuer = meta["issuer"]
	}
	if doc.Number == "" {
		doc.Number = meta["number"]
	}
	for _, d := range []string{meta["date"], meta["published"]} {
		if doc.Date == "" && d != "" {
			doc.Date = findDate(d)
		}
	}
	recommended := false // under an article's 往期推荐: other articles' titles
	for _, b := range tail {
		l := cleanCell(b.text)
		recommended = recommended && l != "" || recommendedRe.MatchString(l)
		switch {
		case doc.Date == "" && parseDate(l) != "":
			doc.Date = parseDate(l)
		case doc.Issuer == "" && isIssuer(l):
			doc.Issuer = l
		case parseDate(l) != "" || isIssuer(l):
		case isPageChrome(l) || isPublicationNote(l) || isArticleChrome(l) || recommended:
			rep.Unused = append(rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reasonChrome})
		default:
			rep.Unused = append(rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reasonNotItem})
		}
	}
	if doc.Issuer == "" {
		if m := issuerInTitle.FindStringSubmatch(doc.Title); m != nil {
			doc.Issuer = m[1]
		}
	}
	doc.Year = noticeYear(doc.Title, doc.Number, doc.Date)
	if m := yearRe.FindStringSubmatch(doc.Preamble); doc.Year == 0 && m != nil {
		// no title, number or date names it: the year the notice's own
		// words name first (现将2019年重点工作任务分解如下)
		doc.Year, _ = strconv.Atoi(m[1])
	}
}

// noticeYear is the year a notice is for: the one its title names, else
// its number's, else its date's.
func noticeYear(title, number, date string) int {
	if m := yearRe.FindStringSubmatch(title); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := numberRe.FindStringSubmatch(number); m != nil {
		y, _ := strconv.Atoi(m[1] + m[2]) // the year of a 文号 or of an issue
		return y
	}
	if len(date) >= 4 {
		y, _ := strconv.Atoi(date[:4])
		return y
	}
	return 0
}

// chromeWords are a page's furniture when they make up a whole line.
var chromeWords = map[string]bool{"首页": true, "网站首页": true, "加入收藏": true, "设为首页": true, "打印": true, "我要打印": true,
	"打印本页": true, "关闭": true, "关闭窗口": true, "返回顶部": true, "分享": true, "分享到": true, "无障碍": true, "长者模式": true,
	"大": true, "中": true, "小": true, "字号": true, "收藏": true, "纠错": true, "我要纠错": true,
	// a WeChat article's foot: 分享 收藏 点赞 在看, 往期推荐, 阅读原文
	"点赞": true, "在看": true, "转发": true, "留言": true, "写留言": true, "往期推荐": true, "推荐阅读": true, "阅读原文": true, "往期回顾": true}

// isPageChrome reports a mirror site's page furniture: 加入收藏, 上一篇,
// 浏览次数, 扫一扫在手机打开当前页, a breadcrumb (首页 > 政策), a line of
// buttons (【打印】【关闭窗口】).
func isPageChrome(l string) bool {
	l = strings.TrimSpace(l)
	if chromeRe.MatchString(l) || strings.HasPrefix(l, "当前位置") || strings.HasPrefix(l, "您现在的位置") ||
		(strings.HasPrefix(l, "首页") || strings.HasPrefix(l, "网站首页")) && strings.ContainsAny(l, ">›»/") {
		return true
	}
	words := strings.FieldsFunc(l, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("【】[]|>›»/:：", r) })
	for _, w := range words {
		if !chromeWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// siteFooterRe is what a site's footer says, anywhere in a short line:
// 关于我们丨网站地图丨联系我们, 版权所有, 网站标识码, ICP备…号.
var siteFooterRe = regexp.MustCompile(`^(?:往期推荐|推荐阅读|往期回顾|相关阅读)$|网站地图|联系我们|免责声明|版权所有|网站标识码|ICP备|公网安备|技术支持[:\x{FF1A}]|(?i:copyright)|©`)

// isSiteFooter reports a line of a site's footer. The lines that follow it
// without a blank line between (主办单位：…　承办单位：…, the address) are the
// footer too: a page ends there.
func isSiteFooter(l string) bool {
	return footerLine(l) && siteFooterRe.MatchString(l)
}

// inFooter reports whether line l, after a line of a site's footer with no
// blank line between, is still the footer: a short line, not a sentence, a
// numbered item nor one ending in its assignment.
func inFooter(after bool, l string) bool {
	if after && footerLine(l) {
		_, rest, numbered := parseMarker(strings.TrimSpace(l))
		// a link under 相关链接 may be numbered (1.关于…的通知)
		if _, c := trailingClause(strings.TrimSpace(l)); (!numbered || noticeTitleEnd.MatchString(strings.TrimSpace(rest))) && c == nil {
			return true
		}
	}
	return isSiteFooter(l) || recommendedRe.MatchString(strings.TrimSpace(l))
}

func footerLine(l string) bool {
	l = strings.TrimSpace(l)
	return l != "" && utf8.RuneCountInString(l) <= 80 && !strings.Contains(l, "。")
}

// recommendedRe heads the list of other articles under a WeChat article.
var recommendedRe = regexp.MustCompile(`^(?:往期推荐|推荐阅读|往期回顾|相关阅读|相关链接|相关文章|相关新闻|相关文件|相关稿件|相关信息)[:\x{FF1A}]?$`)

// pictograph: an emoji or a symbol an article decorates its lines with
// (👤, 🏢, 🛣️, ✅), or the joiners and selectors that compose them.
func pictograph(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2B00 && r <= 0x2BFF || r == 0xFE0F || r == 0x200D
}

// trimPictographs drops the emoji an article's line opens with (👤包联领导：…,
// 🛣️ 背街小巷“微改造”): decoration, not the notice's words; those inside a
// sentence stay.
func trimPictographs(s string) string {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return pictograph(r) || r == ' ' || r == '\u3000' })
	if len(t) == len(s) || t == "" {
		return s
	}
	return t
}

// isArticleChrome reports a line of an article's decoration: emoji and
// symbols (👇👇👇, 🌟🌟🌟) with no word or number.
func isArticleChrome(l string) bool {
	pictured := false
	for _, r := range l {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return false
		case pictograph(r):
			pictured = true
		}
	}
	return pictured
}

// isSignature reports a line that only signs a notice: its issuer or its
// date standing alone.
func isSignature(l string) bool {
	return parseDate(l) != "" || isIssuer(l) || isPublicationNote(l)
}

// publicationNoteRe is the note under a notice's signature that says how
// it is published: (此件公开发布), （此件主动公开）, (此件不予公开).
var publicationNoteRe = regexp.MustCompile(`^[(\x{FF08}]?\s*此件\p{Han}{2,10}\s*[)\x{FF09}]?$`)

// isPublicationNote reports a publication note: closing noise, never part
// of the last task's text.
func isPublicationNote(l string) bool { return publicationNoteRe.MatchString(strings.TrimSpace(l)) }

// looksLikeTitle: a short line that is not a sentence, a date, an issuer, a
// number or a salutation.
func looksLikeTitle(l string) bool {
	if t := strings.TrimSpace(l); (strings.HasPrefix(t, "（") || strings.HasPrefix(t, "(")) && (strings.HasSuffix(t, "）") || strings.HasSuffix(t, ")")) {
		return false // （区目标考核委员会办公室　2026年2月）, （征求意见稿）: a note under the title
	}
	if signedDateRe.MatchString(l) {
		return false // 柏川县人民政府办公室　　2026年4月2日: who issued it, and when
	}
	return utf8.RuneCountInString(l) <= 80 && hasHan(l) && !strings.ContainsAny(l, "。:\uFF1A") && !isPublicationNote(l) &&
		!attachRe.MatchString(l) && parseDate(l) == "" && !isIssuer(l) && !numberRe.MatchString(compactAll(l)) &&
		!isPageChrome(l) && !salutationRe.MatchString(l) && bracketKeys(strings.TrimSpace(l)) == strings.TrimSpace(l)
}

// signedDateRe is a line that ends in a date apart from the words before it
// by a wide gap (an issuer and its date on one line).
// signedLine: an issuer and its date on one line, apart by any space
// (青川市人民政府办公室　2024年2月6日).
func signedLine(l string) bool {
	if signedDateRe.MatchString(l) {
		return true
	}
	f := strings.Fields(l)
	return len(f) >= 2 && parseDate(f[len(f)-1]) != "" && isIssuer(strings.Join(f[:len(f)-1], ""))
}

var signedDateRe = regexp.MustCompile(`[ \x{3000}]{2,}(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$`)

// isIssuer: a short line naming a government office, standing alone (a
// unit's name with no year in it: 余杭区人民政府督查室).
func isIssuer(l string) bool {
	l = strings.TrimSpace(l)
	if utf8.RuneCountInString(l) > 40 || strings.ContainsFunc(l, func(r rune) bool { return unicode.IsPunct(r) && r != '(' && r != ')' && r != '\uFF08' && r != '\uFF09' }) {
		return false
	}
	return issuerRe.MatchString(l) || utf8.RuneCountInString(l) <= 20 && !strings.ContainsAny(l, "0123456789年") && isUnitName(l)
}

// signOffRe is the sign-off of a message pasted from a chat or a mail: a
// dash, who sent it, maybe a short date (——桃源镇党政办 3.17).
var signOffRe = regexp.MustCompile(`^\s*(?:——|—|－－|--)\s*(\p{Han}[\p{Han}()\x{FF08}\x{FF09}]{1,24}?)\s*(?:\d{1,2}[./月]\d{1,2}日?|\d{4}[./年-]\d{1,2}[./月-]\d{1,2}日?)?\s*$`)

// isSignOff: a dashed sign-off naming an issuer, never an item led by a
// dash nor the last item's text.
func isSignOff(l string) bool {
	m := signOffRe.FindStringSubmatch(l)
	return m != nil && isIssuer(m[1])
}

// parseDate returns the date a line holds (2018年3月18日 or 二〇一八年三月十八日)
// as YYYY-MM-DD, or "".
func parseDate(l string) string {
	l = strings.TrimSpace(l)
	m := dateRe.FindStringSubmatch(l)
	if m == nil {
		m = isoDateRe.FindStringSubmatch(l)
	}
	if m == nil {
		m = dateRe.FindStringSubmatch(compactAll(l))
	}
	if m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
		return ""
	}
	if m := cnDateRe.FindStringSubmatch(compactAll(l)); m != nil {
		y := 0
		for _, r := range m[1] {
			y = y*10 + cnDigit(r)
		}
		mo, d := cnNumber(m[2]), cnNumber(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	return ""
}

// anyDateRe is a date anywhere in a value: 2019-03-05, 2018年12月06日.
var anyDateRe = regexp.MustCompile(`((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)

// findDate returns the first date a metadata value holds, or "".
func findDate(s string) string {
	m := anyDateRe.FindStringSubmatch(s)
	if m == nil {
		return parseDate(s)
	}
	return parseDate(m[1] + "年" + m[2] + "月" + m[3] + "日")
}

func cnDigit(r rune) int {
	if r == '零' {
		return 0
	}
	return strings.IndexRune("〇一二三四五六七八九", r) / 3 // each is 3 bytes
}

// cnNumber reads 一 to 三十一.
func cnNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return cnDigit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + cnDigit(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return cnDigit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return cnDigit(rs[0])*10 + cnDigit(rs[2])
	}
	return 0
}

// issuersLine writes on one line an issuer given over lines: two offices
// issuing jointly, one a line (中共青岚县委办公室 / 青岚县人民政府办公室), are
// listed with 、; an issuer's name broken over lines is joined.
func issuersLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	for _, p := range parts {
		if !isIssuer(p) {
			return oneLine(s)
		}
	}
	return strings.Join(parts, "、")
}

// oneLine joins a text's lines: nothing between two Chinese characters
// (桐岭县2024年度乡村振兴 / 目标管理责任书), a space between words.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b strings.Builder
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(l)
			if last < utf8.RuneSelf && first < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
