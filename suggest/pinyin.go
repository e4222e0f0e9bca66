package suggest

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// How a name is spelled in pinyin. go-pinyin gives each character its
// readings, the most common first, without a word's context; a name is
// matched under every reading of its characters (重点 as zhongdian and
// chongdian), up to maxReadings spellings, past which a character takes its
// most common reading only. A person's surname reads as a surname (曾 zeng,
// not ceng; 单 shan; 解 xie; 仇 qiu), which go-pinyin's first reading often
// is not.

// maxReadings bounds the pinyin spellings of one name.
const maxReadings = 8

// surnames are the readings of surnames whose common reading differs.
var surnames = map[string][]string{
	"曾": {"zeng"}, "单": {"shan"}, "解": {"xie"}, "仇": {"qiu"}, "区": {"ou"},
	"查": {"zha"}, "朴": {"piao"}, "盖": {"ge"}, "乐": {"yue", "le"}, "尉迟": {"yu", "chi"},
	"尉": {"wei"}, "覃": {"qin"}, "缪": {"miao"}, "华": {"hua"}, "召": {"shao"},
	"折": {"she"}, "翟": {"zhai"}, "员": {"yun"}, "种": {"chong"}, "秘": {"bi"},
	"冼": {"xian"}, "洗": {"xian"}, "句": {"gou"}, "任": {"ren"}, "沈": {"shen"},
	"繁": {"po"}, "长孙": {"zhang", "sun"}, "万俟": {"mo", "qi"}, "澹台": {"tan", "tai"},
	"祭": {"zhai"}, "隗": {"wei"}, "於": {"yu"}, "阚": {"kan"}, "柏": {"bai"},
	"重": {"chong"}, "藏": {"zang"}, "莘": {"shen"}, "过": {"guo"}, "郇": {"huan"},
	"宓": {"fu"}, "眭": {"sui"}, "逄": {"pang"}, "咸": {"xian"}, "车": {"che"},
	"都": {"du"}, "便": {"pian"}, "贲": {"ben"}, "黑": {"he"}, "颉": {"xie"},
	"红": {"hong"}, "能": {"nai"}, "卜": {"bu"}, "薄": {"bo"}, "蕃": {"pi"},
}

// syllables returns each character's readings (letters and digits stand
// for themselves; other characters are skipped). asName reads the first
// character or two as a surname.
func syllables(text string, asName bool) [][]string {
	args := pinyin.Args{Style: pinyin.Normal, Heteronym: true}
	runes := []rune(strings.ToLower(text))
	var out [][]string
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if asName && i == 0 {
			if i+1 < len(runes) {
				if rs, ok := surnames[string(runes[:2])]; ok && len(rs) == 2 {
					out = append(out, []string{rs[0]}, []string{rs[1]})
					i++
					continue
				}
			}
			if rs, ok := surnames[string(r)]; ok {
				out = append(out, rs)
				continue
			}
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = append(out, []string{string(r)})
		case unicode.Is(unicode.Han, r):
			if rs := pinyin.SinglePinyin(r, args); len(rs) > 0 {
				out = append(out, rs)
			}
		}
	}
	return out
}

// spellings returns a name's pinyin spellings in full (zhuzhenwei) and by
// initials (zzw), each at most maxReadings, most common reading first.
func spellings(text string, asName bool) (full, initials []string) {
	sy := syllables(text, asName)
	if len(sy) == 0 {
		return nil, nil
	}
	full, initials = []string{""}, []string{""}
	for _, readings := range sy {
		if len(full)*len(readings) > maxReadings {
			readings = readings[:1]
		}
		nf := make([]string, 0, len(full)*len(readings))
		for _, f := range full {
			for _, r := range readings {
				nf = append(nf, f+r)
			}
		}
		full = nf
		ni := make([]string, 0, len(initials)*len(readings))
		for _, in := range initials {
			for _, r := range readings {
				if s := in + r[:1]; !contains(ni, s) {
					ni = append(ni, s)
				}
			}
		}
		initials = ni
	}
	return full, initials
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
