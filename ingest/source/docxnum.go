package source

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Word's automatic numbering: a paragraph with <w:numPr> (a list, numId, and
// a level, ilvl) shows a number that is not in its text; word/numbering.xml
// says how each level of each list is written (numFmt, lvlText such as "%1."
// or "（%1）") and where it starts. docxNumbering renders that number as Word
// displays it so the reading sees "1.推进…" as it would in a copy of the text.

// maxListLevels is the number of levels Word offers (ilvl 0–8).
const maxListLevels = 9

type docxLevel struct {
	start   int
	format  string // numFmt: decimal, chineseCounting, …
	text    string // lvlText: "%1." …
	restart int    // lvlRestart: restart after a level up to this (1-based); -1 by default (any higher level)
	legal   bool   // isLgl: every level's number in this one's text is written in decimal
}

type docxNumbering struct {
	abstract map[string]*[maxListLevels]docxLevel // abstractNumId → levels
	nums     map[string]string                    // numId → abstractNumId
	override map[string]map[int]int               // numId → ilvl → startOverride
	counts   map[string]*[maxListLevels]int       // numId → count shown per level (0: not yet)
	styles   map[string]docxStyleNum              // paragraph styleId → its numbering (styles.xml)
}

// docxStyleNum is the numbering a paragraph style gives its paragraphs
// (List Number, a numbered heading style), and the style it is based on.
type docxStyleNum struct {
	numID, ilvl, basedOn string
}

// styleNum is the list and level a paragraph of style id takes from it or
// the styles it is based on; ok false when none numbers it.
func (n *docxNumbering) styleNum(id string) (numID string, ilvl int, ok bool) {
	if n == nil {
		return "", 0, false
	}
	for range 10 { // basedOn chains are short; a loop is no chain
		st, found := n.styles[id]
		if !found {
			return "", 0, false
		}
		if st.numID != "" {
			l, _ := strconv.Atoi(st.ilvl)
			return st.numID, l, true
		}
		id = st.basedOn
	}
	return "", 0, false
}

// readStyles reads the numbering word/styles.xml gives paragraph styles.
func (n *docxNumbering) readStyles(zr *zip.Reader, b *budget) error {
	f, err := openZipEntry(zr, "word/styles.xml")
	if err != nil {
		return nil
	}
	defer f.Close()
	bx := newBoundedXML(f, b)
	dec := xml.NewDecoder(bx)
	n.styles = map[string]docxStyleNum{}
	var id string
	var st docxStyleNum
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if e := asAppError(bx.cause(err)); e != nil {
				return e
			}
			return nil
		}
		if err := b.tick(); err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v, _ := attr(t, "val")
			switch t.Name.Local {
			case "style":
				id, st = "", docxStyleNum{}
				if ty, _ := attr(t, "type"); ty == "paragraph" {
					id, _ = attr(t, "styleId")
				}
			case "basedOn":
				st.basedOn = v
			case "numId":
				st.numID = v
			case "ilvl":
				st.ilvl = v
			}
		case xml.EndElement:
			if t.Name.Local == "style" && id != "" && len(n.styles) < MaxBlocks {
				n.styles[id] = st
				id = ""
			}
		}
	}
}

// readDOCXNumbering reads word/numbering.xml; a DOCX without one (or with one
// it cannot read) has no automatic numbers, which loses nothing but them.
// A limit hit on the way is the file's error.
func readDOCXNumbering(zr *zip.Reader, b *budget) (*docxNumbering, error) {
	f, err := openZipEntry(zr, "word/numbering.xml")
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	n := &docxNumbering{
		abstract: map[string]*[maxListLevels]docxLevel{},
		nums:     map[string]string{},
		override: map[string]map[int]int{},
		counts:   map[string]*[maxListLevels]int{},
	}
	bx := newBoundedXML(f, b)
	dec := xml.NewDecoder(bx)
	var (
		abs    *[maxListLevels]docxLevel
		lvl    *docxLevel
		numID  string
		ovrLvl = -1
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if e := asAppError(bx.cause(err)); e != nil {
				return nil, e
			}
			return nil, nil
		}
		if err := b.tick(); err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v, _ := attr(t, "val")
			switch t.Name.Local {
			case "abstractNum":
				id, _ := attr(t, "abstractNumId")
				abs = new([maxListLevels]docxLevel)
				for i := range abs {
					abs[i] = docxLevel{start: 1, format: "decimal", restart: -1}
				}
				if len(n.abstract) < MaxBlocks {
					n.abstract[id] = abs
				}
			case "lvl":
				il, _ := attr(t, "ilvl")
				lvl = nil
				if i, err := strconv.Atoi(il); err == nil && i >= 0 && i < maxListLevels {
					if abs != nil && numID == "" {
						lvl = &abs[i]
					}
					if numID != "" {
						ovrLvl = i
					}
				}
			case "start":
				if lvl != nil {
					if s, err := strconv.Atoi(v); err == nil {
						lvl.start = s
					}
				}
			case "numFmt":
				if lvl != nil {
					lvl.format = v
				}
			case "lvlText":
				if lvl != nil {
					lvl.text = v
				}
			case "isLgl":
				if lvl != nil {
					lvl.legal = v != "0" && v != "false"
				}
			case "lvlRestart":
				if lvl != nil {
					if s, err := strconv.Atoi(v); err == nil {
						lvl.restart = s
					}
				}
			case "num":
				numID, _ = attr(t, "numId")
			case "abstractNumId":
				if numID != "" && len(n.nums) < MaxBlocks {
					n.nums[numID] = v
				}
			case "lvlOverride":
				ovrLvl = -1
				if il, ok := attr(t, "ilvl"); ok {
					if i, err := strconv.Atoi(il); err == nil && i >= 0 && i < maxListLevels {
						ovrLvl = i
					}
				}
			case "startOverride":
				if numID != "" && ovrLvl >= 0 {
					if s, err := strconv.Atoi(v); err == nil {
						if n.override[numID] == nil {
							n.override[numID] = map[int]int{}
						}
						n.override[numID][ovrLvl] = s
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "abstractNum":
				abs = nil
			case "lvl":
				lvl = nil
			case "num":
				numID = ""
			case "lvlOverride":
				ovrLvl = -1
			}
		}
	}
	if err := bx.cause(nil); err != nil {
		return nil, err
	}
	if err := n.readStyles(zr, b); err != nil {
		return nil, err
	}
	return n, nil
}

// label counts one more paragraph of list numID at level ilvl and returns
// its number as Word shows it ("" for no list, a bullet or no lvlText).
func (n *docxNumbering) label(numID string, ilvl int) string {
	if n == nil || numID == "" || numID == "0" || ilvl < 0 || ilvl >= maxListLevels {
		return ""
	}
	abs := n.abstract[n.nums[numID]]
	if abs == nil {
		return ""
	}
	counts := n.counts[numID]
	if counts == nil {
		if len(n.counts) >= MaxBlocks {
			return ""
		}
		counts = new([maxListLevels]int)
		n.counts[numID] = counts
	}
	start := func(i int) int {
		if s, ok := n.override[numID][i]; ok {
			return s
		}
		return abs[i].start
	}
	if counts[ilvl] == 0 {
		counts[ilvl] = start(ilvl)
	} else {
		counts[ilvl]++
	}
	// a deeper level restarts after this one unless its lvlRestart says
	// it restarts only after a higher level (0: never).
	for i := ilvl + 1; i < maxListLevels; i++ {
		if r := abs[i].restart; r < 0 || (r > 0 && ilvl < r) {
			counts[i] = 0
		}
	}
	l := abs[ilvl]
	if l.format == "bullet" || l.format == "none" || l.text == "" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(l.text); i++ {
		c := l.text[i]
		if c == '%' && i+1 < len(l.text) && l.text[i+1] >= '1' && l.text[i+1] <= '9' {
			k := int(l.text[i+1] - '1')
			v := counts[k]
			if v == 0 {
				v = start(k)
			}
			f := abs[k].format
			if l.legal && f != "decimalZero" {
				f = "decimal"
			}
			b.WriteString(formatListNumber(v, f))
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// formatListNumber writes v in Word's numFmt f; formats it does not know
// are written in decimal.
func formatListNumber(v int, f string) string {
	switch f {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting", "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand":
		if v > 0 && v < 100 {
			if f == "chineseLegalSimplified" {
				return legalChinese(v)
			}
			if f == "ideographDigital" {
				return digitChinese(v)
			}
			return countChinese(v)
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "ideographTraditional":
		if v >= 1 && v <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[v-1])
		}
	case "ideographZodiac":
		if v >= 1 && v <= 12 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[v-1])
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(v) {
			b.WriteRune(r - '0' + '０')
		}
		return b.String()
	case "decimalZero":
		if v >= 0 && v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 {
			base := 'a'
			if f == "upperLetter" {
				base = 'A'
			}
			// Word repeats the letter: a … z, aa … zz
			return strings.Repeat(string(rune(base+rune((v-1)%26))), (v-1)/26+1)
		}
	case "lowerRoman", "upperRoman":
		if v >= 1 && v < 4000 {
			s := roman(v)
			if f == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(v)
}

var chineseDigits = []rune("〇一二三四五六七八九")

// countChinese writes 1–99 as counted: 一, 十, 十一, 二十, 二十一.
func countChinese(v int) string { return countWith(v, chineseDigits, '十') }

// legalChinese is countChinese in the characters of amounts: 壹, 拾, 贰拾壹.
func legalChinese(v int) string { return countWith(v, []rune("零壹贰叁肆伍陆柒捌玖"), '拾') }

// countWith writes 1–99 as counted with digits and ten.
func countWith(v int, digits []rune, ten rune) string {
	tens, ones := v/10, v%10
	var b strings.Builder
	if tens > 1 {
		b.WriteRune(digits[tens])
	}
	if tens > 0 {
		b.WriteRune(ten)
	}
	if ones > 0 {
		b.WriteRune(digits[ones])
	}
	return b.String()
}

func digitChinese(v int) string {
	var b strings.Builder
	for _, r := range strconv.Itoa(v) {
		b.WriteRune(chineseDigits[r-'0'])
	}
	return b.String()
}

func roman(v int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, x := range vals {
		for v >= x {
			b.WriteString(syms[i])
			v -= x
		}
	}
	return b.String()
}

// listLabelJoin puts a list number before its paragraph's text as Word
// shows it: "1." or "（一）" runs straight on; a bare number ("1", "一")
// is kept apart by a space so it does not join a number in the text.
func listLabelJoin(label, text string) string {
	last := label[len(label)-1]
	if last >= '0' && last <= '9' || last >= 'a' && last <= 'z' || last >= 'A' && last <= 'Z' || strings.ContainsRune("〇一二三四五六七八九十", lastRune(label)) {
		return label + " " + text
	}
	return label + text
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}
