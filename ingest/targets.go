package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Target is one quantitative target a task sets: 力争规模工业增加值增长10%
// → what 规模工业增加值, value 10, unit %, qualifier 力争、增长.
type Target struct {
	// Text is the target as written, from what is counted to the unit.
	Text      string  `json:"text"`
	What      string  `json:"what"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Qualifier string  `json:"qualifier"`
}

// targetUnits are the measures a target counts in, longest first so 万平方米
// wins over 平方米. Time words (年, 月, 天, 分钟) are not targets.
var targetUnits = []string{
	"个百分点", "万平方米", "平方公里", "平方米", "亿美元", "万美元", "亿元", "万元", "万人次", "万人", "万户", "万吨", "万亩", "万千瓦", "万辆", "万株", "公里", "千米", "公顷",
	"%", "家", "个", "名", "亩", "幢", "座", "所", "条", "项", "人", "户", "套", "台", "辆", "处", "张", "吨", "间", "只", "栋", "支", "场", "元", "米", "平方",
}

// classifiers are measure words that can stand before the noun they count.
var classifiers = map[string]bool{"名": true, "个": true, "家": true, "所": true, "座": true, "条": true, "项": true, "户": true, "套": true,
	"台": true, "辆": true, "处": true, "幢": true, "栋": true, "间": true, "只": true, "支": true, "张": true, "场": true}

// Qualifiers that stand before a number (the modal first: 力争 确保); those
// after its unit (以上 左右) are part of targetRe.
var (
	modalWords = []string{"力争", "确保", "争取", "全年", "累计"}
	verbWords  = []string{"提高到", "提升到", "提高至", "提升至", "增长到", "增加到", "控制在", "稳定在", "不低于", "不少于", "超过", "突破", "达到", "增长", "新增", "完成", "实现", "建成", "新建", "培育", "引进", "招引", "创建", "提高", "提升", "减少", "下降", "降低", "增加", "达"}
)

var (
	numberPart = `(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+?)`
	targetRe   = regexp.MustCompile(numberPart + `(` + unitAlternation() + `)` + `(以上的|以上|以下|以内|左右)?`)
	// clauseBreak ends a clause: punctuation, and a line break (a
	// project's name on the line above its content)
	clauseBreak = regexp.MustCompile(`[,,;;。、::!?!?\n]`)
)

func unitAlternation() string {
	quoted := make([]string, len(targetUnits))
	for i, u := range targetUnits {
		quoted[i] = regexp.QuoteMeta(u)
	}
	return strings.Join(quoted, "|")
}

// Targets pulls the quantitative targets out of a task's text. Numbers may be
// written in Chinese (一百, 两). Years, dates and slogans (一次, 一号) are not
// targets.
func Targets(text string) []Target {
	var out []Target
	for _, clause := range clauseBreak.Split(text, -1) {
		for _, m := range targetRe.FindAllStringSubmatchIndex(clause, -1) {
			num, unit := clause[m[2]:m[3]], clause[m[4]:m[5]]
			after := ""
			if m[6] >= 0 {
				after = clause[m[6]:m[7]]
			}
			value, ok := parseNumber(num)
			if !ok || value == 0 {
				continue
			}
			if !isDigits(num) && (unit == "个" || unit == "项" || unit == "条" || unit == "场") && value == 1 {
				continue // 一个, 一项: articles, not targets
			}
			rest := clause[m[5]:]
			if strings.HasPrefix(rest, "年") || strings.HasPrefix(rest, "月") {
				continue
			}
			before := clause[:m[2]]
			if r, _ := utf8.DecodeLastRuneInString(before); r >= '0' && r <= '9' || r == '.' {
				continue
			}
			if !isDigits(num) && strings.HasSuffix(before, "“") {
				continue // “四个平台”: a slogan
			}
			what, qual := splitQualifiers(before)
			start := m[2] - len(before) + strings.Index(before, firstPart(before, what, qual))
			if start < 0 || start > m[2] {
				start = m[2]
			}
			end := m[1]
			// 帮助5000名城镇失业人员再就业: a classifier followed by what it
			// counts.
			if follow := clause[m[1]:]; classifiers[unit] && utf8.RuneCountInString(follow) >= 2 {
				if r := []rune(follow); len(r) > 16 {
					follow = string(r[:16])
				}
				what, end = follow, m[1]+len(follow)
			}
			if after != "" {
				qual = append(qual, after)
			}
			out = append(out, Target{
				Text:      strings.TrimSpace(clause[max(0, start):end]),
				What:      what,
				Value:     value,
				Unit:      unit,
				Qualifier: strings.Join(qual, "、"),
			})
		}
	}
	return out
}

// splitQualifiers takes the clause text before a number and returns what is
// counted and the qualifiers around it, in text order: 力争规模工业增加值增长
// → 规模工业增加值, [力争 增长]; 新增上市企业 → 上市企业, [新增].
func splitQualifiers(before string) (string, []string) {
	s := strings.TrimSpace(before)
	var lead, tail []string
	for changed := true; changed; {
		changed = false
		for _, w := range modalWords {
			if strings.HasPrefix(s, w) {
				lead, s, changed = append(lead, w), s[len(w):], true
			}
		}
		for _, w := range verbWords {
			rest := s[min(len(s), len(w)):]
			if strings.HasPrefix(s, w) && rest != "" && !strings.ContainsAny(rest[:min(len(rest), 3)], "值量率额") {
				lead, s, changed = append(lead, w), rest, true
				break
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, w := range verbWords {
			if strings.HasSuffix(s, w) {
				tail, s, changed = append([]string{w}, tail...), s[:len(s)-len(w)], true
				break
			}
		}
	}
	// what is counted: the last part of the clause, at most 16 characters
	if r := []rune(s); len(r) > 16 {
		s = string(r[len(r)-16:])
	}
	return s, append(lead, tail...)
}

// firstPart is where the quoted target text starts: at the first qualifier
// that leads it, else at what is counted.
func firstPart(before, what string, qual []string) string {
	best := what
	at := strings.Index(before, what)
	for _, q := range qual {
		if i := strings.Index(before, q); i >= 0 && (at < 0 || i < at) {
			best, at = q, i
		}
	}
	if best == "" {
		return before[len(before):]
	}
	return best
}

func isDigits(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return s != ""
}

// parseNumber reads 10, 2.5, 一百, 两, 三十五, 一千二百.
func parseNumber(s string) (float64, bool) {
	if isDigits(s) {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	digits := map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000, '万': 10000}
	total, section, num := 0, 0, 0
	for _, r := range s {
		if d, ok := digits[r]; ok {
			num = d
			continue
		}
		u, ok := units[r]
		if !ok {
			return 0, false
		}
		if u == 10000 {
			total += (section + num) * u
			section, num = 0, 0
			continue
		}
		if num == 0 {
			num = 1 // 十 = 一十
		}
		section += num * u
		num = 0
	}
	return float64(total + section + num), true
}
