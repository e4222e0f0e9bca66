package vocab

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// How duban tells that two spellings name one unit. Each unit name is
// reduced to a key, its level and body: names with one key are one unit.
//
//  1. Folded: traditional characters simplified, spaces, quotes and title
//     marks dropped (区“五水共治”办 → 区五水共治办), full-width letters and
//     digits made half-width; the bracketed part is not in the key (it names
//     a sub-office or a second name, see below).
//  2. A leading place name is dropped, and its level kept: 杭州市余杭区城管局
//     and 余杭区城管局 are at the level 区 with the body 城管局. Place names
//     are those of the notices' issuers (杭州市余杭区人民政府办公室 gives
//     杭州市, 余杭区, 杭州, 余杭) and any the caller adds; guessing them (every
//     "XX区") would take 开发区 in 开发区管委会 for a place. Then a leading
//     level character (区, 县, 市, 省) is taken as the level, unless it begins
//     a word (市场, 市政, 区域 …): 区城管局 is 区 + 城管局, 市场监管局 is the
//     body 市场监管局 with no level.
//  3. The body's long forms are shortened (shortenings, longest first):
//     城市管理局 → 城管局, 发展和改革局 and 发展改革局 → 发改局, 办公室 → 办.
//
// The level stays in the key: in a district's notice 市城管局 is the city's
// bureau, not the district's, and a bare 城管局 may be either. Such pairs
// (one body, two levels) are proposed, not merged.

// shortenings are the long forms of unit names and their usual short forms,
// both ways: a name written either way gets the short form in its key.
var shortenings = [][2]string{
	{"城市管理", "城管"},
	{"发展和改革", "发改"},
	{"发展改革", "发改"},
	{"经济和信息化", "经信"},
	{"经济信息化", "经信"},
	{"住房和城乡建设", "住建"},
	{"住房城乡建设", "住建"},
	{"人力资源和社会保障", "人力社保"},
	{"人力资源社会保障", "人力社保"},
	{"市场监督管理", "市场监管"},
	{"卫生和计划生育", "卫计"},
	{"卫生计划生育", "卫计"},
	{"卫生健康", "卫健"},
	{"安全生产监督管理", "安监"},
	{"安全生产监管", "安监"},
	{"环境保护", "环保"},
	{"国土资源", "国土"},
	{"交通运输", "交通"},
	{"科学技术", "科技"},
	{"文化广电新闻出版", "文广新闻出版"},
	{"文化广电旅游体育", "文广旅体"},
	{"文化和广电旅游体育", "文广旅体"},
	{"林业和水利", "林水"},
	{"林业水利", "林水"},
	{"农业和农村", "农业农村"},
	{"应急管理", "应急"},
	{"退役军人事务", "退役军人"},
	{"医疗保障", "医保"},
	{"国有资产监督管理", "国资"},
	{"机关事务管理", "机关事务"},
	{"人民防空", "人防"},
	{"综合行政执法", "综合执法"},
	{"数据资源管理", "数据资源"},
	{"供销合作社", "供销社"},
	{"妇女联合会", "妇联"},
	{"残疾人联合会", "残联"},
	{"文学艺术界联合会", "文联"},
	{"科学技术协会", "科协"},
	{"工商业联合会", "工商联"},
	{"管理委员会", "管委会"},
	{"委员会", "委"},
	{"办公室", "办"},
	{"共青团", "团"},
}

// shorteningsByFirst indexes shortenings by the first character of their
// long form (read only, built once).
var shorteningsByFirst = func() map[rune][]int {
	m := map[rune][]int{}
	for i, sh := range shortenings {
		r, _ := utf8.DecodeRuneInString(sh[0])
		m[r] = append(m[r], i)
	}
	return m
}()

// levels are the characters that, leading a unit's name, give its level.
const levels = "省市区县"

// levelWords are words a level character begins, where it is no level:
// 市场监管局 is not 市 + 场监管局.
var levelWords = []string{"市场", "市政", "市民", "市容", "区域", "区块", "县域", "省级", "市级", "区级", "县级"}

// folded is a name with traditional characters simplified, without white
// space, quotes or title marks, full-width letters and digits half-width.
func folded(name string) string {
	name = ingest.ToSimplified(name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsSpace(r), strings.ContainsRune("“”\"'‘’「」『』《》〈〉?", r):
			continue
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９':
			r -= 'Ａ' - 'A'
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// baseAndBracket splits a unit name into what stands outside brackets and
// the first bracketed part (区住建局(规划分局) → 区住建局, 规划分局).
func baseAndBracket(name string) (base, bracket string) {
	name = folded(name)
	base = ingest.UnitGroup(name)
	if i := strings.IndexAny(name, "(["); i >= 0 {
		rest := name[i+1:]
		if j := strings.IndexAny(rest, ")]"); j >= 0 {
			bracket = strings.TrimSpace(rest[:j])
		} else {
			bracket = strings.TrimSpace(rest)
		}
	}
	if base == name && bracket != "" {
		base = strings.TrimSpace(name[:strings.IndexAny(name, "([")])
	}
	return base, bracket
}

// unitKey is a unit name's level and shortened body (see the top of this
// file); places are the place names to drop, longest first.
type unitKey struct{ level, body string }

func (k unitKey) String() string { return k.level + "|" + k.body }

func keyOf(name string, places []string) unitKey {
	base, _ := baseAndBracket(name)
	var k unitKey
	for stripped := true; stripped; {
		stripped = false
		for _, p := range places {
			if rest, ok := strings.CutPrefix(base, p); ok && utf8.RuneCountInString(rest) >= 2 && kindOf(rest) != rest {
				base, stripped = rest, true
				if l, _ := utf8.DecodeLastRuneInString(p); strings.ContainsRune(levels, l) {
					k.level = string(l)
				}
				break
			}
		}
	}
	if r, size := utf8.DecodeRuneInString(base); strings.ContainsRune(levels, r) && utf8.RuneCountInString(base) >= 3 {
		word := false
		for _, w := range levelWords {
			if strings.HasPrefix(base, w) {
				word = true
				break
			}
		}
		if !word {
			k.level, base = string(r), base[size:]
		}
	}
	k.body = shorten(base)
	return k
}

// shorten replaces the long forms of a body by their short forms, longest
// first at each place.
func shorten(body string) string {
	var b strings.Builder
	for i := 0; i < len(body); {
		best := -1
		first, _ := utf8.DecodeRuneInString(body[i:])
		for _, s := range shorteningsByFirst[first] {
			if sh := shortenings[s]; strings.HasPrefix(body[i:], sh[0]) && (best < 0 || len(sh[0]) > len(shortenings[best][0])) {
				best = s
			}
		}
		if best >= 0 {
			b.WriteString(shortenings[best][1])
			i += len(shortenings[best][0])
			continue
		}
		_, size := utf8.DecodeRuneInString(body[i:])
		b.WriteString(body[i : i+size])
		i += size
	}
	return b.String()
}

// PlacesOf returns the place names in an issuer's name, longest first:
// 杭州市余杭区人民政府办公室 → 杭州市余杭区, 杭州市, 余杭区 and, without their
// level, 杭州, 余杭.
func PlacesOf(issuer string) []string {
	issuer = folded(issuer)
	var out []string
	add := func(p string) {
		if utf8.RuneCountInString(p) >= 2 && !contains(out, p) {
			out = append(out, p)
		}
	}
	start, runes := 0, []rune(issuer)
	for i, r := range runes {
		if !strings.ContainsRune(levels, r) || i-start < 2 {
			continue
		}
		part := string(runes[start : i+1])
		// a place is two to four characters and its level (余杭区, 黑龙江省)
		if n := i - start; n > 4 {
			break
		}
		add(string(runes[:i+1]))
		add(part)
		add(string(runes[start:i]))
		start = i + 1
	}
	sortLongestFirst(out)
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sortLongestFirst(xs []string) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && len(xs[j]) > len(xs[j-1]); j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// kindOf is the kind a unit's name ends with (局, 分局, 办, 开发区, 镇 …):
// a bracketed second name of the same kind as the name it follows is the
// same unit (余杭经济技术开发区(钱江经济开发区)); of another kind it is a
// sub-office or a body hosted there (区发改局(金融办)), only proposed.
func kindOf(name string) string {
	for _, k := range []string{"分局", "开发区", "管委会", "街道", "公司", "中心", "集团", "大队", "新城", "园区", "局", "委", "办", "部", "镇", "乡", "城", "园", "区", "会", "院", "所", "站", "队"} {
		if strings.HasSuffix(name, k) {
			return k
		}
	}
	return ""
}
