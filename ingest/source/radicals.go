package source

// Radicals: what Chromium's ToUnicode maps name instead of ideographs
// (positioned.go, stage 1).

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// cjkRadicals maps the CJK Radicals Supplement's simplified forms to the
// ideographs they stand for. Chromium (Skia) writes a ToUnicode map that
// gives a glyph the first code point the font maps to it, and the Noto CJK
// fonts map radicals and ideographs to shared glyphs, so 人民 comes out as
// ⼈⺠. The Kangxi radicals and compatibility ideographs fold by NFKC.
var cjkRadicals = map[rune]rune{
	0x2E86: '冂', 0x2E87: '几', 0x2E8A: '卜', 0x2E8C: '小', 0x2E8D: '小', 0x2E8E: '兀', 0x2E90: '尢',
	0x2E92: '巳', 0x2E93: '幺', 0x2E94: '彑', 0x2E95: '彐', 0x2E96: '忄', 0x2E97: '心', 0x2E98: '扌',
	0x2E99: '攵', 0x2E9B: '旡', 0x2E9D: '月', 0x2E9E: '歺', 0x2E9F: '母', 0x2EA0: '民', 0x2EA1: '氵',
	0x2EA2: '氺', 0x2EA3: '灬', 0x2EA4: '爫', 0x2EA5: '爫', 0x2EA6: '丬', 0x2EA7: '牛', 0x2EA8: '犭',
	0x2EA9: '王', 0x2EAA: '疋', 0x2EAB: '目', 0x2EAC: '示', 0x2EAD: '礻', 0x2EAE: '竹', 0x2EAF: '糸',
	0x2EB0: '纟', 0x2EB1: '罒', 0x2EB2: '罒', 0x2EB6: '羊', 0x2EB7: '羊', 0x2EB9: '耂', 0x2EBA: '肀',
	0x2EBB: '聿', 0x2EBC: '月', 0x2EBD: '臼', 0x2EBE: '艹', 0x2EBF: '艹', 0x2EC0: '艹', 0x2EC1: '虎',
	0x2EC2: '衤', 0x2EC3: '覀', 0x2EC4: '西', 0x2EC5: '见', 0x2EC6: '角', 0x2EC8: '讠', 0x2EC9: '贝',
	0x2ECB: '车', 0x2ECC: '辶', 0x2ECD: '辶', 0x2ECE: '辶', 0x2ECF: '阝', 0x2ED0: '钅', 0x2ED1: '長',
	0x2ED2: '镸', 0x2ED3: '长', 0x2ED4: '门', 0x2ED6: '阝', 0x2ED7: '雨', 0x2ED8: '青', 0x2ED9: '韦',
	0x2EDA: '页', 0x2EDB: '风', 0x2EDC: '飞', 0x2EDD: '食', 0x2EDF: '飠', 0x2EE0: '饣', 0x2EE2: '马',
	0x2EE3: '骨', 0x2EE4: '鬼', 0x2EE5: '鱼', 0x2EE6: '鸟', 0x2EE7: '卤', 0x2EE8: '麦', 0x2EE9: '黄',
	0x2EEA: '黾', 0x2EEB: '斉', 0x2EEC: '齐', 0x2EED: '歯', 0x2EEE: '齿', 0x2EEF: '竜', 0x2EF0: '龙',
	0x2EF1: '龜', 0x2EF2: '亀', 0x2EF3: '龟', 0x2E85: '亻', 0x2E89: '刂',
	// Not a radical: Noto CJK SC draws 户 and 戶 with one glyph, and Skia
	// names it by the lower code point. Printing all 6,763 GB2312
	// characters from Chromium and reading them back showed this and the
	// radicals as the only changes.
	0x6236: '户',
}

// foldRadicals replaces radicals and compatibility ideographs that stand
// for ideographs; other text (full-width punctuation included) is kept.
// The two-em and three-em dashes are the dashes typed: Noto CJK draws ——
// as one glyph, which Skia names U+2E3A (⸺), so a co-unit written —— (none)
// came out as ⸺.
func foldRadicals(s string) string {
	if strings.ContainsAny(s, "\u2E3A\u2E3B") {
		s = strings.NewReplacer("\u2E3A", "——", "\u2E3B", "———").Replace(s)
	}
	if !strings.ContainsFunc(s, isRadical) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case cjkRadicals[r] != 0:
			b.WriteRune(cjkRadicals[r])
		case isRadical(r):
			for _, f := range norm.NFKC.String(string(r)) {
				if cjkRadicals[f] != 0 {
					f = cjkRadicals[f]
				}
				b.WriteRune(f)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isRadical(r rune) bool {
	return r == 0x6236 || (r >= 0x2E80 && r <= 0x2FDF) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}
