package ingest

// Stage 4 of the pipeline: names. A notice names who is responsible in
// cells, keys, clauses and headings; this file splits those into names and
// tells a unit (a government body: …局 …委 …办 …部 …中心 …街道) from a
// leader (a person's name of two to four characters, with or without a
// title such as 副区长 or 同志). The assignment grammar (assign.go) uses the
// recognisers to decide whether a bracket at the end of a paragraph names
// who is responsible or is just part of the text.

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// isSeparator reports whether r separates two names in a leader or unit cell.
func isSeparator(r rune) bool {
	switch r {
	case '?', '、', ',', '\uFF0C', ';', '\uFF1B', '/', '\uFF0F':
		return true
	}
	return unicode.IsSpace(r)
}

// splitNames splits a leader or unit cell into names. Separators inside
// brackets do not split, and a value that opens with a bracket continues the
// name before it: "余杭经济技术开发区? (钱江经济开发区)?" is one unit.
// Full-width forms are folded (() → ()), so one unit is written one way.
func splitNames(cell string) []string {
	if strings.Contains(cell, "?") { // paddedName's marker: spare the pattern
		cell = paddedName.ReplaceAllString(cell, "$1$2")
	}
	cell = width.Fold.String(cell)
	var (
		names []string
		cur   strings.Builder
		depth int
		// sep is the separator before the name being read; dun marks the
		// names that follow a 、
		sep rune
		dun []bool
	)
	flush := func() {
		name := cur.String()
		if name != "" && (name[0] >= '0' && name[0] <= '9' || name[0] == '(' || name[0] == 0xE2 || name[0] == 0xEF) { // enumPrefix's first bytes (①, （)
			name = enumPrefix.ReplaceAllString(name, "")
		}
		if name != "" {
			names = append(names, name)
			dun = append(dun, sep == '、')
		}
		cur.Reset()
	}
	rs := []rune(cell)
	for i, r := range rs {
		switch {
		case r == ' ' && depth == 0 && cur.Len() > 0 && spaceInName(rs, i):
			cur.WriteRune(r)
		case r == '(' || r == '[':
			if depth == 0 && cur.Len() == 0 && len(names) > 0 {
				// A bracket right after a separator continues the last name.
				cur.WriteString(names[len(names)-1])
				names = names[:len(names)-1]
			}
			depth++
			cur.WriteRune(r)
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
			cur.WriteRune(r)
		case depth == 0 && isSeparator(r):
			flush()
			sep = r
		case r == '?':
			// a marker inside brackets: still noise
		case unicode.IsSpace(r):
			// spaces inside brackets are padding
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return joinLevels(names, dun)
}

// levelsRe is a bare list of administrative levels: 各市, 县(区), 镇, 各乡镇,
// 街道; levelsBodyRe the same followed by the body they share (县(区)人民政府).
var (
	levelsRe     = regexp.MustCompile(`^(?:沿线|全)?各?(?:省|自治区|市|州|盟|地|县|区|旗|乡|镇|街道|村|社区)+(?:\((?:省|自治区|市|州|盟|地|县|区|旗|乡|镇|街道|村|社区|、)+\))?$`)
	levelsBodyRe = regexp.MustCompile(`^(?:省|自治区|市|州|盟|地|县|区|旗|乡|镇|街道|村|社区)+(?:\((?:省|自治区|市|州|盟|地|县|区|旗|乡|镇|街道|村|社区|、)+\))?(?:人民政府|政府|党委和政府|党委政府|办事处)$`)
)

// joinLevels puts back together a collective that lists administrative
// levels with 、: 各市、县（区）人民政府 is the governments of every city and
// county, 各街道、镇 every subdistrict and town — one name each, not 各市 and
// 县（区）人民政府. The run opens with 各 and the names after it are bare
// levels, the last maybe with the body they share.
func joinLevels(names []string, dun []bool) []string {
	out := names[:0]
	for i := 0; i < len(names); i++ {
		n := names[i]
		if strings.Contains(n, "各") && levelsRe.MatchString(n) {
			j := i + 1
			for j < len(names) && dun[j] && !strings.HasPrefix(names[j], "各") && levelsRe.MatchString(names[j]) {
				j++
			}
			if j < len(names) && dun[j] && levelsBodyRe.MatchString(names[j]) {
				j++
			}
			if j > i+1 {
				n = strings.Join(names[i:j], "、")
				i = j - 1
			}
		}
		out = append(out, n)
	}
	return out
}

// splitLeaders splits a leader cell. Names padded with plain spaces (沈  昱)
// come apart into single characters; no leader has a one-character name, so
// such neighbours are joined again.
//
// Two padded names written side by side (陆 明俞 悦: 陆明 and 俞悦) leave a
// two-character part between two single characters: it is split, its
// halves joining its neighbours. A full stop closing a name (俞悦。) is no
// part of it.
func splitLeaders(cell string) []string {
	return leadersOf(splitNames(cell))
}

// leadersOf is splitLeaders on a cell already split into names (parts is
// reused).
func leadersOf(parts []string) []string {
	for i := range parts {
		parts[i] = strings.TrimRight(parts[i], "。.，,；;")
	}
	parts = slices.DeleteFunc(parts, func(p string) bool { return p == "" })
	for i := 1; i+1 < len(parts); i++ {
		if rs := []rune(parts[i]); len(rs) == 2 && isHan(parts[i]) && utf8.RuneCountInString(parts[i-1]) == 1 && utf8.RuneCountInString(parts[i+1]) == 1 &&
			(i < 2 || utf8.RuneCountInString(parts[i-2]) > 1) {
			parts[i-1] += string(rs[0])
			parts[i+1] = string(rs[1]) + parts[i+1]
			parts = slices.Delete(parts, i, i+1)
		}
	}
	var out []string
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if utf8.RuneCountInString(p) == 1 && i+1 < len(parts) && utf8.RuneCountInString(parts[i+1]) == 1 &&
			isHan(p) && isHan(parts[i+1]) {
			p += parts[i+1]
			i++
		}
		out = append(out, p)
	}
	return out
}

func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// UnitGroup returns a unit's base name: the name with its bracketed parts
// removed (区住建局(规划分局) → 区住建局). A name whose base would be shorter
// than two characters (镇(街道), (区防化办)) is its own group: a lone 镇 names
// no unit.
func UnitGroup(unit string) string {
	var b strings.Builder
	depth := 0
	for _, r := range unit {
		switch r {
		case '(', '\uFF08', '[':
			depth++
		case ')', '\uFF09', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	if g := strings.TrimSpace(b.String()); utf8.RuneCountInString(g) >= 2 {
		return g
	}
	return unit
}

// unitGroups returns the distinct base names of units, in order.
func unitGroups(units []string) []string {
	out := make([]string, 0, len(units))
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		g := UnitGroup(u)
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// dedupe drops repeated names, keeping the first.
func dedupe(names []string) []string {
	out := names[:0]
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// unitSuffixes are the endings of the names of Chinese government bodies and
// the organisations notices give tasks to, longest first where one ends
// another.
var unitSuffixes = []string{
	"管委会", "委员会", "办公室", "办公厅", "领导小组", "指挥部", "工作专班", "专班", "总局", "总署", "分局", "支队", "大队", "中队",
	"中心", "街道", "政府", "公司", "集团", "银行", "医院", "学校", "学院", "大学", "基地", "平台", "部门", "单位", "机关", "机构",
	"海关", "法院", "检察院", "联社", "园区", "新城", "新区", "开发区", "高新区", "景区", "片区", "社区", "镇街", "乡镇", "各地",
	"局", "委", "办", "部", "厅", "署", "院", "镇", "乡", "会", "所", "站", "队", "室", "处", "科", "股", "组", "社", "馆", "台",
	"城", "区", "联", "协", "团", "行", "司", "庭", "校", "村", "街",
}

// standaloneUnits are bodies a notice names by their kind alone, with no
// place before it (省商务厅牵头，海关、省财政厅配合: the customs office of the
// place): a unit's name although it is only an ending of others.
var standaloneUnits = []string{"海关", "法院", "检察院", "人行", "税务", "海事", "边检"}

// genericUnits stand for "the departments concerned" in a notice; they are
// units as written (国务院 notices: X会同有关部门负责).
var genericUnits = regexp.MustCompile(`^(?:各|其他|其它)?(?:有关|相关)(?:部门|单位|方面)(?:和|及|、)?(?:单位|部门)?$`)

// notUnitStart are words that open an explanation in brackets, never a name:
// (含技工院校), (包括各镇街).
var notUnitStart = []string{"含", "包括", "不含", "如", "即", "指", "其中", "主要", "涉及", "除", "按", "由", "经", "以", "对", "在", "为", "和", "与", "及", "等", "第", "共", "约", "全", "每", "此", "本", "该", "注"}

// unitStart: bodies whose names open like a function word of notUnitStart
// (共青团省委, 全国妇联, 全国总工会).
var unitStart = []string{"共青团", "全国妇联", "全国工商联", "全国总工会", "全国老龄办", "全国爱卫办", "全国人大", "全国政协"}

// hasPrefix reports whether s opens with one of prefixes. (A list, not a
// pattern: isUnitName is asked of every cell and every name, and a
// pattern costs there by the length of the string.)
func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// unitSuffixesByLast are unitSuffixes by their last character: a name is
// compared only with the endings that end as it does.
var unitSuffixesByLast = func() map[rune][]string {
	m := map[rune][]string{}
	for _, suf := range unitSuffixes {
		r, _ := utf8.DecodeLastRuneInString(suf)
		m[r] = append(m[r], suf)
	}
	return m
}()

// isUnitName reports whether s has the shape of a unit's name: Chinese
// characters (with brackets, quotes, letters and digits inside), ending the
// way government bodies' names end, or a "各…"/"有关部门" collective.
func isUnitName(s string) bool {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n >= 3 && n <= 4 && isHan(s) && strings.ContainsRune("办所站", []rune(s)[n-1]) {
		// a township's office by its short name: 经发办, 党政办, 财政所
		return true
	}
	if n < 2 || n > 40 || hasPrefix(s, notUnitStart) && !hasPrefix(s, unitStart) || !hasHan(s) || strings.ContainsAny(s, "。；;：:") {
		return false
	}
	// what stands in brackets may list places: 各县(市、区)人民政府
	base := UnitGroup(s)
	group := []rune(base)
	for i, r := range group {
		switch {
		case unicode.Is(unicode.Han, r), unicode.IsLetter(r), unicode.IsDigit(r):
		case strings.ContainsRune("()（）[]“”\"·-—《》", r):
		case r == '、' && len(splitNames(s)) == 1:
			// levels that share a body: 各市、县(区)人民政府 (joinLevels)
		case r == ' ' && i > 0 && i+1 < len(group) && (asciiAlnum(group[i-1]) || asciiAlnum(group[i+1])):
			// typed apart from its letters or digits: 市 12345 热线中心
		default:
			return false
		}
	}
	if genericUnits.MatchString(s) {
		return true
	}
	baseLen := utf8.RuneCountInString(base)
	if strings.HasPrefix(base, "各") && baseLen >= 2 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(base)
	for _, suf := range unitSuffixesByLast[last] {
		if strings.HasSuffix(base, suf) && baseLen > utf8.RuneCountInString(suf) {
			return true
		}
	}
	if slices.Contains(standaloneUnits, base) {
		return true
	}
	// A name that is only bracketed parts (镇(街道)) or whose suffix is in
	// its brackets (未来科技城(海创园)) was judged by its base above.
	return false
}

// spaceInName reports whether the space at rs[i] is typed apart from a
// name's letters or digits (市 12345 热线中心), not between two names; a
// number that opens an enumeration (1.区科技局 2.区发改局) starts the next.
func spaceInName(rs []rune, i int) bool {
	if i == 0 || i+1 >= len(rs) {
		return false
	}
	if asciiAlnum(rs[i-1]) {
		return unicode.Is(unicode.Han, rs[i+1])
	}
	j := i + 1
	for j < len(rs) && asciiAlnum(rs[j]) {
		j++
	}
	return j > i+1 && j < len(rs) && (rs[j] == ' ' || unicode.Is(unicode.Han, rs[j]))
}

func asciiAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// bodySuffixes end the names of bodies, not of places: a bare bracket
// after a task names its unit only with one of them (市发改委, not 示范区).
var bodySuffixes = []string{"局", "委", "办", "部", "厅", "署", "中心", "政府", "管委会", "委员会", "办公室", "公司", "集团",
	"银行", "医院", "法院", "检察院", "海关", "总局", "分局", "支队", "大队", "指挥部", "领导小组", "专班", "联", "协", "团", "会", "院", "室", "处", "所"}

// isBodyName reports a unit's name that plainly names a body: a body's
// ending, or a collective (各镇街, 有关部门).
func isBodyName(s string) bool {
	if !isUnitName(s) {
		return false
	}
	base := UnitGroup(s)
	if strings.HasPrefix(base, "各") || genericUnits.MatchString(s) {
		return true
	}
	for _, suf := range bodySuffixes {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	return false
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// leaderTitle matches the titles written before or after a leader's name.
// A rank (一级巡视员, 二级调研员) is a title whole: 一级 is never part of
// the name before it.
var leaderTitle = `(?:(?:党委|党工委|党组)(?:委员|成员|副书记)、)?(?:区委|市委|县委|省委|区政府|市政府|县政府|省政府)?(?:常委|常务)?(?:、)?(?:常务)?副?(?:(?:区长|市长|县长|州长|省长)助理|(?:纪委|纪工委|政法委|宣传|组织|统战|武装|人武)(?:部长|书记)|(?:政法|组织|宣传|统战|纪检|武装)委员|(?:镇|乡|街道)?人大(?:副)?(?:主席|主任)|(?:镇|乡|街道)?(?:人武|武装)部长|(?:党工委|党委)委员|(?:街道)?办事处(?:副)?主任|区长|市长|县长|州长|省长|镇长|乡长|主任|书记|秘书长|部长|局长|主席|院长|组长|处长|厅长|总理|总经理(?:助理)?|总工程师|总农艺师|总畜牧师|总兽医师|总督学|总建筑师|总审计师|总经济师|总会计师|总规划师|(?:[一二三四]级)?(?:调研员|巡视员)|督查员|党组成员)`

// titleEnds holds the last character of every title leaderTitle names
// (区长 … 厅长, 主任, 书记, 主席, 总理 and 总经理, 调研员 …, 总工程师,
// 总督学) and of 同志.
const titleEnds = "长任记席理员志师学"

// maxTitledName is the most characters titleAfterRe or titleBeforeRe can
// match: a title of 18 (党工委委员、区政府常委、常务副秘书长), a name of 4 and
// 同志.
const maxTitledName = 24

var (
	titleAfterRe  = regexp.MustCompile(`^(\p{Han}{2,4}?)(?:` + leaderTitle + `)(?:同志)?$`)
	titleBeforeRe = regexp.MustCompile(`^(?:` + leaderTitle + `)(\p{Han}{2,4})(?:同志)?$`)
	comradeRe     = regexp.MustCompile(`^(\p{Han}{2,4})同志$`)
)

// leaderName returns the person's name a leader reference holds, with its
// title or 同志 removed (祝振伟副区长, 常务副区长祝振伟, 祝振伟同志 → 祝振伟).
// titled is true when a title or 同志 marked it as a person; a bare name of
// two or three characters (four with a two-character surname) that is not a
// unit's name is a name too.
func leaderName(s string) (name string, titled, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxTitledName*utf8.UTFMax {
		// longer than any name with its title: spare the patterns, whose
		// cost grows with the cell (every text cell is asked)
		return "", false, false
	}
	// every title ends in a character of titleEnds, and 同志 has 志: a
	// name without one is spared the patterns (every cell is asked)
	if strings.ContainsAny(s, titleEnds) {
		for _, re := range []*regexp.Regexp{titleAfterRe, titleBeforeRe, comradeRe} {
			if m := re.FindStringSubmatch(s); m != nil && !isUnitName(m[1]) && !localBodyRe.MatchString(m[1]) {
				return m[1], true, true
			}
		}
		// 市公安局局长祁东升: an office head's title glued before the name
		if m := officeHeadRe.FindStringSubmatch(s); m != nil && !isUnitName(m[1]) {
			if n := utf8.RuneCountInString(m[1]); n <= 3 || compoundSurname(m[1]) {
				return m[1], true, true
			}
		}
	}
	if n := utf8.RuneCountInString(s); (n == 2 || n == 3 || n == 4 && compoundSurname(s)) && isHan(s) && !isUnitName(s) && !localBodyRe.MatchString(s) {
		return s, false, true
	}
	return "", false, false
}

// compoundSurname: a four-character name is a person's only with a
// two-character surname (欧阳娜娜); 乡村振兴 is not a name.
func compoundSurname(s string) bool {
	for _, sur := range []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "万俟", "申屠"} {
		if strings.HasPrefix(s, sur) {
			return true
		}
	}
	return false
}

// isPersonName reports whether s reads as a leader: a name of two to four
// characters with or without a title, not a unit's name.
func isPersonName(s string) bool {
	_, _, ok := leaderName(s)
	return ok
}

// cleanLeaders strips titles from leader names (祝振伟副区长, 祝振伟(常务
// 副区长) → 祝振伟) and keeps the rest as written.
func cleanLeaders(names []string) []string {
	out := names[:0]
	for i, n := range names {
		if titleOnlyRe.MatchString(n) || committeeRe.MatchString(n) {
			continue // 副区长 祝振伟: the title written apart is no name
		}
		if i+1 < len(names) && officeTitleRe.MatchString(n) && isPersonName(names[i+1]) {
			continue // 县政府办主任 孔令杰: an office's title written apart
		}
		if title, name, ok := strings.Cut(strings.Replace(n, "：", ":", 1), ":"); ok && titleOnlyRe.MatchString(strings.TrimSpace(title)) && isPersonName(strings.TrimSpace(name)) {
			n = strings.TrimSpace(name) // 副县长：卢德胜, the title as a key
		}
		if m := officeHeadRe.FindStringSubmatch(n); m != nil && isPersonName(m[1]) {
			n = m[1] // 市公安局局长祁东升: the head's title glued on
		}
		if base := UnitGroup(n); base != n && (isPersonName(base) || titledInBrackets(n, base)) {
			n = base
		}
		if name, titled, ok := leaderName(n); ok && titled {
			n = name
		}
		out = append(out, n)
	}
	return dedupe(out)
}

// titledInBrackets: a name of two or three characters followed by nothing
// but its titles in brackets (沈立行（常务副区长）, 沈立行（区委常委、常务副
// 区长）) is a person's, though its last character ends units' names too
// (行 of a bank, 城, 村); a place's level opening it (区委（…）) is no name.
func titledInBrackets(n, base string) bool {
	if k := utf8.RuneCountInString(base); k < 2 || k > 3 || !isHan(base) || strings.ContainsRune("省市区县镇乡街村各", []rune(base)[0]) {
		return false
	}
	open, ok := matchingOpen(n)
	if !ok || strings.TrimSpace(n[:open]) != base {
		return false
	}
	_, size := utf8.DecodeRuneInString(n[open:])
	inner := n[open+size : len(n)-len(lastRune(n))]
	for _, t := range strings.Split(inner, "、") {
		if !titleOnlyRe.MatchString(strings.TrimSpace(t)) && !committeeRe.MatchString(strings.TrimSpace(t)) {
			return false
		}
	}
	return true
}

// committeeRe is a party title written before a leader's government title
// and apart from it by 、 (县委常委、常务副县长杨胜利), or the post of a
// township's, street's or zone's leader in its party committee, congress
// or office (镇党委委员, 党工委副书记, 乡人大主席, 镇人大主席团主席,
// 街道办事处主任, 武装部长, 组织委员), standing apart from the name: no name.
var committeeRe = regexp.MustCompile(`^(?:(?:区委|市委|县委|省委|州委|党组)?(?:常委|委员|成员|党组成员|党组书记)|\p{Han}{0,8}?` + localBody + `(?:常务)?副?(?:委员|成员|书记|主席|主任|部长|常委|组长)|\p{Han}{0,4}?(?:武装部长|人武部长|(?:组织|宣传|统战|政法|纪检)委员))$`)

// localBody is a party committee, congress, consultative or discipline
// body, or a street's office: the body of a post (镇党委委员, 乡人大主席),
// never part of a person's name (镇人大主席 is no 镇人大 with a title).
const localBody = `(?:党委|党工委|党组|人大主席团|人大常委会|人大工委|人大|政协工委|政协|纪委|纪工委|监委|武装部|办事处|工委)`

var localBodyRe = regexp.MustCompile(localBody)

// officeTitle is the title of an office's head (县政府办主任, 区发改局局长,
// 市委办副主任, 区财政局党组书记).
const officeTitle = `\p{Han}{1,10}?(?:办|局|委|政府|部|厅|院|室|中心|所|站|会)(?:党组|党委|党工委)?(?:常务)?副?(?:主任|局长|书记|部长|厅长|院长|站长|所长|秘书长|组长)`

// officeTitleRe is the title of an office's head standing alone: the office
// no leader's name.
var officeTitleRe = regexp.MustCompile(`^` + officeTitle + `$`)

// officeHeadRe is an office head's title glued before the name
// (市公安局局长祁东升): the name is the leader.
var officeHeadRe = regexp.MustCompile(`^` + officeTitle + `(\p{Han}{2,4}?)(?:同志)?$`)

// titleOnlyRe is a title standing alone (区长, 常务副区长, 同志).
var titleOnlyRe = regexp.MustCompile(`^(?:` + leaderTitle + `|同志)$`)

// dropHeads removes from a unit cell the persons named after a unit (市民政局
// 伍泽国: the bureau and its head, in a column 牵头单位及主要负责人): the
// unit is the task's, the person is no unit.
func dropHeads(names []string) []string {
	units, _ := splitHeads(names, false)
	return units
}

// splitHeads parts a unit cell's names into the units and the persons
// named after a unit (市民政局 伍泽国): the person heads that unit, and is
// the task's leader when nothing else names one.
//
// written: the column says each unit is written with its head (责任单位及
// 责任人), so a head in brackets or after a colon (区民政局（伍泽国）,
// 区民政局：伍泽国) is read as one too; elsewhere a bracket after a unit is
// part of its name (未来科技城(海创园)).
func splitHeads(names []string, written bool) (units, heads []string) {
	units = names[:0:0]
	for i, n := range names {
		if p := strings.TrimRight(n, "。"); i > 0 && isUnitName(names[i-1]) && !isUnitName(n) && isPersonName(p) {
			heads = append(heads, p)
			continue
		}
		if !written {
			units = append(units, n)
			continue
		}
		if u, p, ok := unitAndHead(n); ok || gluedHead(n, &u, &p) {
			units, heads = append(units, u), append(heads, p)
			continue
		}
		units = append(units, n)
	}
	return units, heads
}

// gluedHead splits a unit from its head written on without a space
// (区民政局伍泽国): the unit ends in a body's word (局, 委, 办, 中心 …) and two
// or three characters of a person's name follow.
func gluedHead(n string, unit, head *string) bool {
	rs := []rune(strings.TrimRight(strings.TrimSpace(n), "。"))
	for k := 2; k <= 3 && k < len(rs)-1; k++ {
		u, p := string(rs[:len(rs)-k]), string(rs[len(rs)-k:])
		if !strings.ContainsAny(string(rs[len(rs)-k-1]), "局委办院所队站会部厅府司室股科心社馆") {
			continue
		}
		if isUnitName(u) && headName(p) {
			*unit, *head = u, p
			return true
		}
	}
	return false
}

// headName: a person's name written after a unit, not a part of the unit
// (城建股, 市政分局, 办公室 end in a body's word).
func headName(p string) bool {
	rs := []rune(p)
	return len(rs) > 0 && !isUnitName(p) && isPersonName(p) && !strings.ContainsRune("股科室局办院所队站会部厅府司处组馆社委", rs[len(rs)-1])
}

// unitHeadRe is a unit with its head written after it in brackets or
// after a colon: 区民政局（伍泽国）, 区民政局：伍泽国.
var unitHeadRe = regexp.MustCompile(`^(.+?)(?:[(\x{FF08}]([^()\x{FF08}\x{FF09}]+)[)\x{FF09}]|[:\x{FF1A}/／]\s*(\S+))$`)

// unitAndHead splits a unit from the person written after it in brackets
// or after a colon or slash; ok only when the first part is a unit and the
// second a person, not a unit (区住建局（规划分局） stays one unit).
func unitAndHead(n string) (unit, head string, ok bool) {
	m := unitHeadRe.FindStringSubmatch(strings.TrimRight(strings.TrimSpace(n), "。"))
	if m == nil {
		return "", "", false
	}
	p := m[2] + m[3]
	if !isUnitName(m[1]) || !headName(p) {
		return "", "", false
	}
	return m[1], p, true
}

// unwrapUnitLines joins the lines of a unit cell that a narrow column
// wrapped inside a name (县住建局（牵 / 头）、县城管局、 / 县自然资源局、城 / 关镇,
// a PDF's cell): a line whose bracket is still open or that ends with a
// separator goes on in the next; so does one whose last name is not a
// unit's whole name, in a cell that parts its names with 、. A cell of one
// name a line (县财政局 / 县税务局) keeps its lines. One pass over the cell:
// its length is bounded by the cell's, not by its lines.
func unwrapUnitLines(cell string) string {
	if !strings.Contains(cell, "\n") || strings.ContainsAny(cell, ":\uFF1A") {
		// (a cell of key lines, 牵头：A / 配合：B, is read by its keys)
		return cell
	}
	lines := strings.Split(cell, "\n")
	separated := false
	for _, l := range lines {
		depth := 0
		for _, r := range l {
			depth = bracketDepth(depth, r)
			if depth == 0 && strings.ContainsRune(unitSeparators, r) {
				separated = true
			}
		}
	}
	var b strings.Builder
	depth := 0       // the brackets open at the end of the text so far
	lastSep := false // the text so far ends with 、 or ，, spaces aside
	tail := 0        // where the text after the last separator starts
	for i, l := range lines {
		for j, r := range l {
			depth = bracketDepth(depth, r)
			if strings.ContainsRune(unitSeparators, r) {
				tail = b.Len() + j + utf8.RuneLen(r)
			}
			if r != ' ' && r != '\t' && r != '\u3000' {
				lastSep = r == '、' || r == '，'
			}
		}
		b.WriteString(l)
		if i == len(lines)-1 {
			break
		}
		switch {
		case depth > 0, lastSep:
		case separated && wrappedName(b.String()[tail:]):
		default:
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// unitSeparators part the names of a unit cell.
const unitSeparators = "、，,；;"

// wrappedName: the text after a unit cell's last separator, at the end of
// a line, is not a whole name (城 of 城关镇), so the line goes on. A name is
// short: a longer text is none.
func wrappedName(last string) bool {
	last = strings.TrimSpace(last)
	if len(last) > 64*utf8.UTFMax {
		return true
	}
	return last != "" && !isUnitName(last) && !noneValue(last)
}
