package ingest

import (
	"log"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/width"
)

// t2s converts traditional Chinese to simplified (OpenCC's t2s). Loading it
// takes a few milliseconds; it is loaded once, on first use, and read-only
// after, like the gse segmenter.
var t2s = sync.OnceValue(loadT2S)

type converter struct {
	cc *opencc.OpenCC
	// trad marks the characters t2s changes (CJK Unified Ideographs and
	// Extension A), so text with none of them skips the slow conversion.
	trad []uint64
}

const hanLo, hanHi = 0x3400, 0x9FFF

func loadT2S() *converter {
	cc, err := opencc.New("t2s")
	if err != nil {
		// The dictionaries are embedded in the module: failing here means a
		// broken build, and search simply does without the folding.
		log.Printf("opencc t2s unavailable: %v", err)
		return &converter{}
	}
	c := &converter{cc: cc, trad: make([]uint64, (hanHi-hanLo)/64+1)}
	for r := rune(hanLo); r <= hanHi; r++ {
		if out, err := cc.Convert(string(r)); err == nil && out != string(r) {
			c.trad[(r-hanLo)/64] |= 1 << ((r - hanLo) % 64)
		}
	}
	return c
}

func (c *converter) hasTraditional(s string) bool {
	if c.cc == nil {
		return false
	}
	for _, r := range s {
		if r >= hanLo && r <= hanHi && c.trad[(r-hanLo)/64]&(1<<((r-hanLo)%64)) != 0 {
			return true
		}
	}
	return false
}

// ToSimplified returns s with traditional characters folded to simplified
// (發展數字經濟 → 发展数字经济). Text with no traditional character is
// returned as it is, at the cost of one scan.
func ToSimplified(s string) string {
	c := t2s()
	if !c.hasTraditional(s) {
		return s
	}
	out, err := c.cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// simplifiedRunes folds s to simplified one character at a time, so the
// result has exactly the runes of s at the same positions: a match in it
// points back at the text as written (負責 → 负责, 省財政廳 → 省财政厅).
// Characters t2s would turn into more than one are kept.
func simplifiedRunes(s string) string {
	c := t2s()
	if !c.hasTraditional(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= hanLo && r <= hanHi && c.trad[(r-hanLo)/64]&(1<<((r-hanLo)%64)) != 0 {
			if out, err := c.cc.Convert(string(r)); err == nil && utf8.RuneCountInString(out) == 1 {
				b.WriteString(out)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// asWritten maps a name read from folded (simplifiedRunes of written) back
// to the characters written there. Names are width-folded when they are
// split (splitNames), so both texts are compared width-folded. A name that
// was cleaned on the way (劉　正 read as 刘正) gets back the characters the
// clause wrote, one by one.
func asWritten(name, written, folded string) string {
	fw, ww := []rune(width.Fold.String(folded)), []rune(width.Fold.String(written))
	nr := []rune(name)
	if len(fw) != len(ww) || len(nr) == 0 {
		return name
	}
	for i := 0; i+len(nr) <= len(fw); i++ {
		if slices.Equal(fw[i:i+len(nr)], nr) {
			return string(ww[i : i+len(nr)])
		}
	}
	back := map[rune]rune{}
	for i, r := range fw {
		if ww[i] != r {
			back[r] = ww[i]
		}
	}
	for i, r := range nr {
		if w, ok := back[r]; ok {
			nr[i] = w
		}
	}
	return string(nr)
}
