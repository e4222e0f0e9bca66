package source

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits on what the PDF reader builds, beside MaxFileBytes.
const (
	// MaxPDFPages is the most pages a PDF may have; notices have dozens.
	MaxPDFPages = 500
	// MaxPDFStreamBytes caps one decoded content stream, and
	// MaxPDFContentBytes all of a document's decoded content streams
	// together: a small file's streams can inflate to gigabytes.
	MaxPDFStreamBytes  = 32 << 20
	MaxPDFContentBytes = 256 << 20
	maxPDFTreeNodes    = 4 * MaxPDFPages
	maxPDFTreeDepth    = 32
	maxPDFFormDepth    = 4
	maxPDFXrefSections = 1000
)

// readPDF reads a PDF's text layer (pdf.go) through the positioned-text path
// (positioned.go). ledongthuc/pdf (a maintained fork of rsc.io/pdf) parses
// the file: cross-reference tables and streams, object streams, filters and
// the standard security handler (RC4 and AES-128, so a PDF locked only
// against printing or copying still opens). The text is ours: both
// libraries decode a font by its /Encoding before its /ToUnicode map, which
// garbles the Type 3 fonts Chromium writes for Chinese and the subset fonts
// Word and WPS write, so the content streams are interpreted here, with
// /ToUnicode first, glyph widths from the font, and the drawn rules kept for
// the table stage.
func readPDF(data []byte, b *budget) (blocks []Block, err error) {
	defer func() {
		if r := recover(); r != nil {
			blocks, err = nil, pdfPanicError(r, b)
		}
	}()
	if err := checkXrefChain(data, b); err != nil {
		return nil, err
	}
	// every read the parser makes looks at the context first: the parser
	// has no context of its own
	r, err := pdf.NewReader(ctxReaderAt{bytes.NewReader(data), b}, int64(len(data)))
	if err != nil {
		if e := pdfLimitError(err); e != nil {
			return nil, e
		}
		if err := b.alive(); err != nil {
			return nil, err
		}
		switch {
		case errors.Is(err, pdf.ErrInvalidPassword):
			return nil, Errorf(EINVALID, "PDF 设有打开密码,无法读取;请提供未加密的文件")
		case strings.Contains(err.Error(), "encrypt"):
			return nil, Errorf(EINVALID, "PDF 使用了不支持的加密方式,无法读取;请提供未加密的文件")
		}
		return nil, Errorf(EINVALID, "PDF 文件已损坏,无法读取(%v)", err)
	}
	pages, err := pdfPages(r)
	if err != nil {
		return nil, err
	}
	p := &pdfReader{b: b}
	var out []layoutPage
	for _, pg := range pages {
		p.glyphs.newPage()
		lp, err := p.page(pg)
		if err != nil {
			return nil, err
		}
		out = append(out, lp)
	}
	if p.glyphs.total == 0 {
		if p.images > 0 {
			return nil, Errorf(EINVALID, "这是扫描件:PDF 中只有图像,没有文字层,无法读取文字(不支持 OCR);请提供可选中文字的 PDF 或原始 Word 文件")
		}
		return nil, Errorf(EINVALID, "PDF 中没有文字")
	}
	return layoutBlocks(out), nil
}

// xrefPrevRe finds a cross-reference section's /Prev entry.
var xrefPrevRe = regexp.MustCompile(`/Prev\s+(\d+)`)

// checkXrefChain follows the /Prev links between cross-reference sections
// the way the parser will, and refuses a chain that loops (the parser would
// follow it forever) or that hides its keys behind name escapes.
//
// A section is searched within a window (its trailer or dictionary is
// small), and the bytes searched for trailers are counted: a thousand
// /Prev links each searched to the end of a 32 MB file was 32 GB of
// scanning.
func checkXrefChain(data []byte, b *budget) error {
	tail := data[max(0, len(data)-1024):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil // the parser reports it
	}
	fields := bytes.Fields(tail[i+len("startxref"):])
	if len(fields) == 0 {
		return nil
	}
	off, err := strconv.Atoi(string(fields[0]))
	seen := map[int]bool{}
	scanned := 0
	for err == nil && off >= 0 && off < len(data) {
		if seen[off] || len(seen) > maxPDFXrefSections {
			return Errorf(EINVALID, "PDF 文件已损坏:交叉引用表循环引用")
		}
		seen[off] = true
		if err := b.alive(); err != nil {
			return err
		}
		// The section's dictionary ends at the trailer's startxref (a
		// table) or where its stream begins (an xref stream); a table's
		// trailer follows its entries.
		sec := data[off:]
		if bytes.HasPrefix(bytes.TrimLeft(sec, " \t\r\n"), []byte("xref")) {
			if j := bytes.Index(sec, []byte("trailer")); j < 0 {
				scanned += len(sec)
			} else {
				scanned += j
				sec = sec[j:]
			}
			if scanned > 2*len(data)+1<<20 {
				return Errorf(EINVALID, "PDF 文件已损坏:交叉引用表无法识别")
			}
		}
		sec = sec[:min(len(sec), maxXrefSectionWindow)]
		end := len(sec)
		for _, kw := range []string{"startxref", "stream"} {
			if j := bytes.Index(sec, []byte(kw)); j >= 0 && j < end {
				end = j
			}
		}
		sec = sec[:end]
		if bytes.Contains(sec, []byte("#")) {
			return Errorf(EINVALID, "PDF 文件已损坏:交叉引用表无法识别")
		}
		m := xrefPrevRe.FindSubmatch(sec)
		if m == nil {
			return nil
		}
		off, err = strconv.Atoi(string(m[1]))
	}
	return nil
}

// openHexString reports whether a content stream ends inside a hex string:
// a '<' (not '<<') with no '>' after it.
func openHexString(data []byte) bool {
	for i := len(data) - 1; i >= 0; i-- {
		switch data[i] {
		case '>':
			return false
		case '<':
			if i > 0 && data[i-1] == '<' {
				i--
				continue
			}
			return true
		}
	}
	return false
}

// pdfPage is a page of the page tree with what it inherits.
type pdfPage struct {
	v         pdf.Value
	resources pdf.Value
	box       [4]float64
}

// pdfPages walks the page tree, bounded in nodes and depth whatever the
// counts it claims (a tree can loop back on itself).
func pdfPages(r *pdf.Reader) ([]pdfPage, error) {
	var pages []pdfPage
	nodes := 0
	var walk func(n pdf.Value, res pdf.Value, box [4]float64, depth int) error
	walk = func(n pdf.Value, res pdf.Value, box [4]float64, depth int) error {
		nodes++
		if nodes > maxPDFTreeNodes || depth > maxPDFTreeDepth {
			return Errorf(EINVALID, "PDF 页面树已损坏(层次过深或循环)")
		}
		if v := n.Key("Resources"); v.Kind() == pdf.Dict {
			res = v
		}
		if v := n.Key("MediaBox"); v.Kind() == pdf.Array && v.Len() == 4 {
			for i := range box {
				box[i] = v.Index(i).Float64()
			}
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && n.Key("Contents").Kind() != pdf.Null) {
			if len(pages) >= MaxPDFPages {
				return Errorf(ETOOLARGE, "PDF 页数超过 %d 页的上限", MaxPDFPages)
			}
			pages = append(pages, pdfPage{v: n, resources: res, box: box})
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), res, box, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(r.Trailer().Key("Root").Key("Pages"), pdf.Value{}, [4]float64{0, 0, 595, 842}, 0); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, Errorf(EINVALID, "PDF 中没有页面")
	}
	return pages, nil
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// pdfReader interprets content streams, caching fonts across pages.
type pdfReader struct {
	b       *budget
	content int64 // decoded content bytes so far
	glyphs  glyphBudget
	shown   int // codes shown, with text or not
	ops     int // operators run
	forms   int // form XObjects run
	calls   int // XObjects called (Do)
	cmaps   int64
	images  int
	rules   int
}

// gstate is the graphics and text state the interpreter tracks.
type gstate struct {
	ctm                  matrix
	font                 *pdfFont
	size                 float64
	charSp, wordSp, lead float64
	scale, rise          float64
}

// pageState is one page (or form) being interpreted.
type pageState struct {
	out   *layoutPage
	top   float64 // the page's top edge, for turning y upside down
	left  float64
	gs    gstate
	stack []gstate
	tm    matrix
	tlm   matrix
	path  []rule // horizontal and vertical segments of the current path
	cur   [2]float64
	start [2]float64
}

func (p *pdfReader) page(pg pdfPage) (layoutPage, error) {
	box := pg.box
	lp := layoutPage{width: math.Abs(box[2] - box[0]), height: math.Abs(box[3] - box[1])}
	st := &pageState{out: &lp, top: max(box[1], box[3]), left: min(box[0], box[2])}
	st.gs = gstate{ctm: identity, scale: 1}
	err := p.run(st, pg.v.Key("Contents"), pg.resources, 0)
	return lp, err
}

// run interprets a content stream (or an array of them) with resources.
func (p *pdfReader) run(st *pageState, contents, res pdf.Value, depth int) (err error) {
	// Measure the decoded size first: the interpreter reads the whole
	// stream, so a bomb is refused before it is parsed. What was measured
	// is what runs (decoded once).
	var n int64
	streams := []pdf.Value{contents}
	if contents.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < min(contents.Len(), 10000); i++ {
			streams = append(streams, contents.Index(i))
		}
	}
	var last []byte
	var parts []io.Reader
	for _, s := range streams {
		rc := s.Reader()
		data, _ := io.ReadAll(io.LimitReader(rc, MaxPDFStreamBytes+1))
		rc.Close()
		k := int64(len(data))
		n += k
		if k > MaxPDFStreamBytes || n > MaxPDFStreamBytes {
			return Errorf(ETOOLARGE, "PDF 一页的内容解压后过大(上限 %d MB),可能已损坏或为恶意文件", MaxPDFStreamBytes>>20)
		}
		if p.content+n > MaxPDFContentBytes {
			return Errorf(ETOOLARGE, "PDF 内容解压后过大(上限 %d MB),可能已损坏或为恶意文件", MaxPDFContentBytes>>20)
		}
		if k > 0 {
			last = data
			// a space between streams, as between the parts of one
			parts = append(parts, bytes.NewReader(data), strings.NewReader("\n"))
		}
		if err := p.b.alive(); err != nil {
			return err
		}
	}
	p.content += n
	if n == 0 {
		return nil
	}
	if openHexString(last) {
		// The parser's lexer reads a hex string left open at the end of a
		// stream forever; such a stream is damaged (or an inline image's
		// bytes), and is passed over.
		p.images++
		return nil
	}
	fonts := map[string]*pdfFont{}
	defer func() {
		// a limit hit stops the interpreter (the rest of the stream is
		// not lexed); err is what stopped it
		if r := recover(); r != nil {
			if _, ok := r.(stopInterpret); !ok {
				panic(r)
			}
		}
	}()
	pdf.InterpretReader(io.MultiReader(parts...), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if p.ops++; p.ops > maxPDFOps {
			err = Errorf(ETOOLARGE, "PDF 内容的绘制指令过多(超过 %d 条),可能已损坏或为恶意文件", maxPDFOps)
		} else if err = p.b.tick(); err == nil {
			err = p.op(st, res, fonts, op, args, depth)
		}
		if err != nil {
			panic(stopInterpret{})
		}
	})
	return err
}

// stopInterpret unwinds pdf.Interpret when an operator fails.
type stopInterpret struct{}

func num(args []pdf.Value, i int) float64 {
	if i < len(args) {
		f := args[i].Float64()
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
	return 0
}

func (p *pdfReader) op(st *pageState, res pdf.Value, fonts map[string]*pdfFont, op string, args []pdf.Value, depth int) error {
	gs := &st.gs
	switch op {
	case "q":
		if len(st.stack) < 1000 {
			st.stack = append(st.stack, *gs)
		}
	case "Q":
		if n := len(st.stack); n > 0 {
			*gs, st.stack = st.stack[n-1], st.stack[:n-1]
		}
	case "cm":
		if len(args) == 6 {
			var m matrix
			for i := range m {
				m[i] = num(args, i)
			}
			gs.ctm = m.mul(gs.ctm)
		}
	case "BT":
		st.tm, st.tlm = identity, identity
	case "Tf":
		if len(args) == 2 {
			name := args[0].Name()
			if fonts[name] == nil {
				f, err := p.loadFont(res.Key("Font").Key(name))
				if err != nil {
					return err
				}
				fonts[name] = f
			}
			gs.font = fonts[name]
			gs.size = num(args, 1)
		}
	case "Tc":
		gs.charSp = num(args, 0)
	case "Tw":
		gs.wordSp = num(args, 0)
	case "Tz":
		gs.scale = num(args, 0) / 100
	case "TL":
		gs.lead = num(args, 0)
	case "Ts":
		gs.rise = num(args, 0)
	case "Td":
		st.tlm = matrix{1, 0, 0, 1, num(args, 0), num(args, 1)}.mul(st.tlm)
		st.tm = st.tlm
	case "TD":
		gs.lead = -num(args, 1)
		st.tlm = matrix{1, 0, 0, 1, num(args, 0), num(args, 1)}.mul(st.tlm)
		st.tm = st.tlm
	case "Tm":
		if len(args) == 6 {
			for i := range st.tlm {
				st.tlm[i] = num(args, i)
			}
			st.tm = st.tlm
		}
	case "T*":
		st.tlm = matrix{1, 0, 0, 1, 0, -gs.lead}.mul(st.tlm)
		st.tm = st.tlm
	case "Tj":
		if len(args) > 0 {
			return p.show(st, args[0].RawString())
		}
	case "'", "\"":
		if op == "\"" && len(args) == 3 {
			gs.wordSp, gs.charSp = num(args, 0), num(args, 1)
		}
		st.tlm = matrix{1, 0, 0, 1, 0, -gs.lead}.mul(st.tlm)
		st.tm = st.tlm
		if len(args) > 0 {
			return p.show(st, args[len(args)-1].RawString())
		}
	case "TJ":
		if len(args) > 0 {
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				v := a.Index(i)
				if v.Kind() == pdf.String {
					if err := p.show(st, v.RawString()); err != nil {
						return err
					}
				} else {
					tx := -v.Float64() / 1000 * gs.size * gs.scale
					st.tm = matrix{1, 0, 0, 1, tx, 0}.mul(st.tm)
				}
			}
		}
	case "re":
		if len(args) == 4 {
			x, y, w, h := num(args, 0), num(args, 1), num(args, 2), num(args, 3)
			st.path = append(st.path, rule{x, y, x + w, y}, rule{x, y + h, x + w, y + h},
				rule{x, y, x, y + h}, rule{x + w, y, x + w, y + h})
			if math.Abs(h) <= maxRuleThickness {
				st.path = append(st.path, rule{x, y + h/2, x + w, y + h/2})
			}
			if math.Abs(w) <= maxRuleThickness {
				st.path = append(st.path, rule{x + w/2, y, x + w/2, y + h})
			}
		}
	case "m":
		st.cur = [2]float64{num(args, 0), num(args, 1)}
		st.start = st.cur
	case "l":
		x, y := num(args, 0), num(args, 1)
		st.path = append(st.path, rule{st.cur[0], st.cur[1], x, y})
		st.cur = [2]float64{x, y}
	case "h":
		st.path = append(st.path, rule{st.cur[0], st.cur[1], st.start[0], st.start[1]})
	case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*":
		p.keepRules(st)
	case "n":
		st.path = st.path[:0]
	case "Do":
		if len(args) == 1 {
			// each call resolves the object anew
			if p.calls++; p.calls > maxPDFXObjectCalls {
				return Errorf(ETOOLARGE, "PDF 中的对象调用过多(超过 %d 次),可能已损坏或为恶意文件", maxPDFXObjectCalls)
			}
			return p.xobject(st, res.Key("XObject").Key(args[0].Name()), depth)
		}
	case "BI", "ID", "EI":
		p.images++
	}
	if len(st.path) > 10000 {
		st.path = st.path[:0]
	}
	return nil
}

// keepRules keeps the current path's horizontal and vertical segments, in
// page coordinates, as rules.
func (p *pdfReader) keepRules(st *pageState) {
	for _, r := range st.path {
		x0, y0 := st.gs.ctm.apply(r.x0, r.y0)
		x1, y1 := st.gs.ctm.apply(r.x1, r.y1)
		y0, y1 = st.top-y0, st.top-y1
		x0, x1 = x0-st.left, x1-st.left
		horizontal := math.Abs(y0-y1) < 0.5 && math.Abs(x1-x0) > 2
		vertical := math.Abs(x0-x1) < 0.5 && math.Abs(y1-y0) > 2
		if (horizontal || vertical) && p.rules < maxLayoutRules {
			p.rules++
			st.out.rules = append(st.out.rules, rule{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)})
		}
	}
	st.path = st.path[:0]
}

// xobject runs a form XObject's content (text can hide in one) and counts
// images, for telling a scan from a PDF with no text at all.
func (p *pdfReader) xobject(st *pageState, x pdf.Value, depth int) error {
	switch x.Key("Subtype").Name() {
	case "Image":
		p.images++
	case "Form":
		if depth >= maxPDFFormDepth {
			return nil
		}
		// a form calling itself fifty times at four levels is six million
		// runs: the runs of a document are counted
		if p.forms++; p.forms > maxPDFFormRuns {
			return Errorf(ETOOLARGE, "PDF 中的表单对象调用过多(超过 %d 次),可能已损坏或为恶意文件", maxPDFFormRuns)
		}
		saved, savedPath := st.gs, st.path
		st.path = nil
		if m := x.Key("Matrix"); m.Kind() == pdf.Array && m.Len() == 6 {
			var fm matrix
			for i := range fm {
				fm[i] = m.Index(i).Float64()
			}
			st.gs.ctm = fm.mul(st.gs.ctm)
		}
		res := x.Key("Resources")
		err := p.run(st, x, res, depth+1)
		st.gs, st.path = saved, savedPath
		return err
	}
	return nil
}

// show places a string's glyphs, counting them (and the codes shown, text
// or not) against the page's and the document's caps.
func (p *pdfReader) show(st *pageState, raw string) error {
	gs := &st.gs
	f := gs.font
	if f == nil {
		f = &pdfFont{widthScale: 0.001, dw: 0.5}
	}
	return f.codes(raw, func(c fontCode) error {
		if p.shown++; p.shown > maxPDFShownCodes {
			return Errorf(ETOOLARGE, "PDF 中显示的文字过多(超过 %d 个字符),可能已损坏或为恶意文件", maxPDFShownCodes)
		}
		if err := p.b.tick(); err != nil {
			return err
		}
		w0 := f.width(c.code)
		tx := (w0*gs.size + gs.charSp) * gs.scale
		if c.space {
			tx += gs.wordSp * gs.scale
		}
		trm := matrix{gs.size * gs.scale, 0, 0, gs.size, 0, gs.rise}.mul(st.tm).mul(gs.ctm)
		m := st.tm.mul(gs.ctm)
		size := math.Hypot(trm[2], trm[3])
		if c.text != "" && size > 0 {
			if err := p.glyphs.take(); err != nil {
				return err
			}
			x, y := trm[4], trm[5]
			st.out.glyphs = append(st.out.glyphs, glyph{
				x: x - st.left, y: st.top - y, w: math.Abs(w0 * gs.size * gs.scale * math.Hypot(m[0], m[1])),
				size: size, s: c.text,
			})
		}
		st.tm = matrix{1, 0, 0, 1, tx, 0}.mul(st.tm)
		return nil
	})
}

// pdfFont decodes a font's codes to text and gives their widths.
type pdfFont struct {
	// codeLen: bytes per code for fonts without a codespace (1, or 2 for
	// Identity-H and the other two-byte CMaps).
	codeLen    int
	space      []codespace
	toUnicode  map[uint32]string
	decode     func(code uint32, n int) string // fallback without ToUnicode
	widths     map[uint32]float64
	widthScale float64 // glyph space to text space
	dw         float64 // default width, text space
}

type codespace struct {
	n      int
	lo, hi uint32
}

type fontCode struct {
	code  uint32
	text  string
	space bool
}

// codes splits a shown string into codes by the font's codespace and
// calls fn with each, one at a time (a 4 MB string is not made a slice of
// four million codes), until fn fails.
func (f *pdfFont) codes(raw string, fn func(fontCode) error) error {
	for i := 0; i < len(raw); {
		n := f.codeLen
		if len(f.space) > 0 {
			n = 0
			for _, cs := range f.space {
				if i+cs.n <= len(raw) {
					c := bytesCode(raw[i : i+cs.n])
					if c >= cs.lo && c <= cs.hi {
						n = cs.n
						break
					}
				}
			}
			if n == 0 {
				n = f.space[0].n
			}
		}
		if n <= 0 {
			n = 1
		}
		n = min(n, len(raw)-i)
		code := bytesCode(raw[i : i+n])
		text, ok := f.toUnicode[code]
		if !ok && f.decode != nil {
			text = f.decode(code, n)
		}
		if err := fn(fontCode{code: code, text: text, space: n == 1 && code == 32}); err != nil {
			return err
		}
		i += n
	}
	return nil
}

func bytesCode(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func (f *pdfFont) width(code uint32) float64 {
	if w, ok := f.widths[code]; ok {
		return w * f.widthScale
	}
	return f.dw
}

// gbCMaps are the predefined CMaps whose codes are GBK bytes.
var gbCMaps = map[string]bool{"GBK-EUC-H": true, "GBK-EUC-V": true, "GBpc-EUC-H": true, "GBpc-EUC-V": true,
	"GB-EUC-H": true, "GB-EUC-V": true, "GBKp-EUC-H": true, "GBKp-EUC-V": true, "GBK2K-H": true, "GBK2K-V": true}

// loadFont reads a font's encoding, widths and ToUnicode map; a ToUnicode
// map over maxPDFCMapBytes (or the document's maps over maxPDFCMapTotal)
// is refused before anything reads it.
func (p *pdfReader) loadFont(v pdf.Value) (*pdfFont, error) {
	var cmap []byte
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		var err error
		if cmap, err = p.readCMap(tu); err != nil {
			return nil, err
		}
	}
	f := &pdfFont{codeLen: 1, widthScale: 0.001, dw: 0.5, widths: map[uint32]float64{}}
	subtype := v.Key("Subtype").Name()
	enc := v.Key("Encoding")
	switch subtype {
	case "Type0":
		f.dw = 1
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64() / 1000
		}
		readCIDWidths(f, desc.Key("W"))
		name := enc.Name()
		switch {
		case name == "Identity-H" || name == "Identity-V":
			f.codeLen = 2
		case strings.HasPrefix(name, "UniGB-UCS2") || strings.HasPrefix(name, "UniGB-UTF16"):
			f.codeLen = 2
			f.decode = func(code uint32, n int) string { return string(utf16.Decode([]uint16{uint16(code)})) }
		case gbCMaps[name]:
			f.space = []codespace{{1, 0, 0x80}, {2, 0x8140, 0xfefe}}
			f.decode = decodeGBKCode
			f.widths = nil
		default:
			f.codeLen = 2
		}
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 {
			f.widthScale = m.Index(0).Float64()
		}
		f.dw = 0
		fallthrough
	default:
		first := v.Key("FirstChar").Int64()
		ws := v.Key("Widths")
		for i := 0; i < min(ws.Len(), 256); i++ {
			f.widths[uint32(first)+uint32(i)] = ws.Index(i).Float64()
		}
		if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() != pdf.Null && subtype != "Type3" {
			f.dw = mw.Float64() / 1000
		}
		if gbCMaps[enc.Name()] {
			f.space = []codespace{{1, 0, 0x80}, {2, 0x8140, 0xfefe}}
			f.decode = decodeGBKCode
			break
		}
		// the library's encoder is made when a code is not in the
		// ToUnicode map (it reads the map again, its own way)
		var lib pdf.Font
		lib.V = v
		f.decode = func(code uint32, n int) string { return lib.Encoder().Decode(string([]byte{byte(code)})) }
	}
	if cmap != nil {
		built, err := readToUnicode(f, cmap, p.b)
		if err != nil {
			return nil, err
		}
		// what the map built counts too: a font named again loads it again
		if p.cmaps += int64(built); p.cmaps > maxPDFCMapTotal {
			return nil, Errorf(ETOOLARGE, "PDF 字体的 ToUnicode 映射表合计过大(上限 %d MB),可能已损坏或为恶意文件", maxPDFCMapTotal>>20)
		}
	}
	return f, nil
}

// readCMap reads a ToUnicode stream's bytes, within the caps.
func (p *pdfReader) readCMap(v pdf.Value) ([]byte, error) {
	rc := v.Reader()
	data, _ := io.ReadAll(io.LimitReader(rc, maxPDFCMapBytes+1))
	rc.Close()
	if len(data) > maxPDFCMapBytes {
		return nil, Errorf(ETOOLARGE, "PDF 字体的 ToUnicode 映射表解压后过大(上限 %d MB),可能已损坏或为恶意文件", maxPDFCMapBytes>>20)
	}
	if p.cmaps += int64(len(data)); p.cmaps > maxPDFCMapTotal {
		return nil, Errorf(ETOOLARGE, "PDF 字体的 ToUnicode 映射表合计过大(上限 %d MB),可能已损坏或为恶意文件", maxPDFCMapTotal>>20)
	}
	return data, nil
}

func decodeGBKCode(code uint32, n int) string {
	var b []byte
	if n == 2 {
		b = []byte{byte(code >> 8), byte(code)}
	} else {
		b = []byte{byte(code)}
	}
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil {
		return ""
	}
	return string(out)
}

// readCIDWidths reads a CID font's W array: `c [w1 w2 …]` or `c1 c2 w`.
//
// The steps are counted, whatever the entries: ranges over the same codes
// again and again never grow the map, and would go on for hours.
func readCIDWidths(f *pdfFont, w pdf.Value) {
	n := w.Len()
	steps := 0
	for i := 0; i < n && len(f.widths) < 70000 && steps < maxCIDWidthSteps; {
		c := w.Index(i)
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < min(next.Len(), 70000) && steps < maxCIDWidthSteps; j++ {
				steps++
				f.widths[uint32(c.Int64())+uint32(j)] = next.Index(j).Float64()
			}
			steps++
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		lo, hi, wd := c.Int64(), next.Int64(), w.Index(i+2).Float64()
		for k := lo; k <= hi && k-lo < 70000 && len(f.widths) < 70000 && steps < maxCIDWidthSteps; k++ {
			steps++
			f.widths[uint32(k)] = wd
		}
		steps++
		i += 3
	}
}

// readToUnicode reads a ToUnicode CMap: its codespace and its bfchar and
// bfrange entries. Counts written before each section are not trusted; the
// entries are what stands between its begin and end.
func readToUnicode(f *pdfFont, data []byte, b *budget) (int, error) {
	f.toUnicode = map[uint32]string{}
	var space []codespace
	var operands []cmapToken
	// built: the bytes of text the map holds, each code's copy of a
	// range's destination counted (a 1 KB range gave 65,536 codes 60 KB
	// each)
	steps, built, tooBig, tooMuchText := 0, 0, false, false
	err := cmapTokens(data, b, func(tok cmapToken) {
		if tooBig || tooMuchText {
			return
		}
		if tok.kind != cmapKeyword {
			if len(operands) < maxCMapEntries {
				operands = append(operands, tok)
			}
			return
		}
		vs := operands
		operands = nil
		switch tok.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(vs); i += 2 {
				lo, hi := vs[i].s, vs[i+1].s
				if len(lo) >= 1 && len(lo) <= 4 && len(lo) == len(hi) {
					space = append(space, codespace{len(lo), bytesCode(lo), bytesCode(hi)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(vs) && len(f.toUnicode) < maxCMapEntries; i += 2 {
				if steps++; steps > maxCMapSteps {
					tooBig = true
					return
				}
				if src := vs[i].s; len(src) <= 4 {
					d := utf16BE(vs[i+1].s)
					if built += len(d); built > maxPDFCMapBytes {
						tooMuchText = true
						return
					}
					f.toUnicode[bytesCode(src)] = d
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(vs); i += 3 {
				lo, hi, dst := vs[i].s, vs[i+1].s, vs[i+2]
				if len(lo) > 4 || len(hi) > 4 {
					continue
				}
				a, hiCode := bytesCode(lo), bytesCode(hi)
				// A string destination is decoded once; each code of the
				// range gets a copy, counted in what the map builds.
				var first []rune
				if dst.kind != cmapArray {
					first = []rune(utf16BE(dst.s))
				}
				for c := a; c <= hiCode && len(f.toUnicode) < maxCMapEntries; c++ {
					if steps++; steps > maxCMapSteps {
						tooBig = true
						return
					}
					d, ok := "", false
					if dst.kind == cmapArray {
						if j := int(c - a); j < len(dst.items) {
							d, ok = utf16BE(dst.items[j]), true
						}
					} else if len(first) > 0 {
						// The destination's last unit counts up with the code.
						r := first[len(first)-1]
						first[len(first)-1] += rune(c - a)
						d, ok = string(first), true
						first[len(first)-1] = r
					}
					if ok {
						if built += len(d); built > maxPDFCMapBytes {
							tooMuchText = true
							return
						}
						f.toUnicode[c] = d
					}
					if c == math.MaxUint32 {
						break
					}
				}
			}
		}
	})
	if err != nil {
		return built, err
	}
	if tooMuchText {
		return built, Errorf(ETOOLARGE, "PDF 字体的 ToUnicode 映射表展开后过大(上限 %d MB),可能已损坏或为恶意文件", maxPDFCMapBytes>>20)
	}
	if tooBig {
		return built, Errorf(ETOOLARGE, "PDF 字体的 ToUnicode 映射表的范围过大(超过 %d 个编码),可能已损坏或为恶意文件", maxCMapSteps)
	}
	if len(space) > 0 {
		f.space = space
	} else if f.codeLen == 1 {
		// No codespace: the map's own codes say how long they are.
		for c := range f.toUnicode {
			if c > 0xff {
				f.codeLen = 2
				break
			}
		}
	}
	return built, nil
}

const (
	cmapString = iota
	cmapArray
	cmapKeyword
	cmapOther
)

// cmapToken is a token of a CMap: a string (hex or literal, as bytes), an
// array of strings, a keyword, or anything else (names, numbers, dicts).
type cmapToken struct {
	kind  int
	s     string
	items []string
}

// cmapTokens tokenizes a CMap, calling out with each token in turn. It
// reads only what ToUnicode maps use; the PostScript around them
// (findresource, begin, def) is passed over.
func cmapTokens(data []byte, b *budget, out func(cmapToken)) error {
	var arr *cmapToken
	emit := func(t cmapToken) {
		if arr != nil {
			if t.kind == cmapString && len(arr.items) < maxCMapEntries {
				arr.items = append(arr.items, t.s)
			}
			return
		}
		out(t)
	}
	isDelim := func(c byte) bool { return strings.IndexByte("()<>[]{}/% \t\r\n\f\x00", c) >= 0 }
	for i := 0; i < len(data); {
		if err := b.tick(); err != nil {
			return err
		}
		c := data[i]
		switch {
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '>' && i+1 < len(data) && data[i+1] == '>':
			i += 2
			emit(cmapToken{kind: cmapOther})
		case c == '<':
			j := i + 1
			var hex []byte
			for j < len(data) && data[j] != '>' {
				if h := unhex(data[j]); h >= 0 {
					hex = append(hex, byte(h))
				}
				j++
			}
			if len(hex)%2 == 1 {
				hex = append(hex, 0)
			}
			b := make([]byte, len(hex)/2)
			for k := range b {
				b[k] = hex[2*k]<<4 | hex[2*k+1]
			}
			emit(cmapToken{kind: cmapString, s: string(b)})
			i = j + 1
		case c == '(':
			depth, j := 1, i+1
			var b []byte
			for j < len(data) && depth > 0 {
				switch data[j] {
				case '\\':
					j++
					if j < len(data) {
						b = append(b, data[j])
					}
				case '(':
					depth++
					b = append(b, '(')
				case ')':
					depth--
					if depth > 0 {
						b = append(b, ')')
					}
				default:
					b = append(b, data[j])
				}
				j++
			}
			emit(cmapToken{kind: cmapString, s: string(b)})
			i = j
		case c == '[':
			i++
			if arr == nil {
				arr = &cmapToken{kind: cmapArray}
			}
		case c == ']':
			i++
			if arr != nil {
				t := *arr
				arr = nil
				emit(t)
			}
		case isDelim(c) && c != '/':
			i++
		default:
			j := i + 1
			for j < len(data) && !isDelim(data[j]) {
				j++
			}
			word := string(data[i:j])
			i = j
			if word[0] == '/' || strings.IndexByte("+-.0123456789", word[0]) >= 0 {
				emit(cmapToken{kind: cmapOther, s: word})
			} else {
				emit(cmapToken{kind: cmapKeyword, s: word})
			}
		}
	}
	return nil
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// utf16BE decodes a ToUnicode destination (UTF-16BE bytes).
func utf16BE(s string) string {
	if len(s)%2 == 1 {
		return s
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}

// ctxReaderAt is the file as the PDF parser reads it: each read first looks
// at the budget's context, so a parse stops when it is done even inside
// the parser (a read error there is a panic, recovered in readPDF).
type ctxReaderAt struct {
	r io.ReaderAt
	b *budget
}

func (c ctxReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.b.alive(); err != nil {
		return 0, err
	}
	return c.r.ReadAt(p, off)
}

// pdfPanicError is the error of a panic out of the parser: the budget's
// when its context is done, a limit the parser met, else a damaged file.
func pdfPanicError(r any, b *budget) error {
	if err := b.alive(); err != nil {
		return err
	}
	if err, ok := r.(error); ok {
		if e := pdfLimitError(err); e != nil {
			return e
		}
	}
	return Errorf(EINVALID, "PDF 文件已损坏,无法读取(%v)", r)
}

// pdfLimitError names, in Chinese, a cap of the parser's that the file went
// over (third_party/pdf/limits.go); nil for any other error.
func pdfLimitError(err error) error {
	var le *pdf.LimitError
	if !errors.As(err, &le) {
		return nil
	}
	what := map[string]string{
		pdf.LimitXref:      "交叉引用表声明的对象数",
		pdf.LimitString:    "一个字符串的长度",
		pdf.LimitArray:     "一个数组或字典的元素数",
		pdf.LimitOperands:  "一条绘制指令前的操作数",
		pdf.LimitDicts:     "字典栈的深度",
		pdf.LimitPredictor: "数据流预测器的列数",
	}[le.Kind]
	if what == "" {
		what = le.Kind
	}
	return Errorf(ETOOLARGE, "PDF 文件中%s过大(%d,上限 %d),可能已损坏或为恶意文件", what, le.Claim, le.Limit)
}
