package ingest

import (
	"log"
	"sync"

	"github.com/longbridgeapp/opencc"
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
