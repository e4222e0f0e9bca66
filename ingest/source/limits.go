package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"
)

// Limits on what reading a notice may build. The caps on input bytes
// (MaxFileBytes, the zip caps) do not bound what a file expands to: a 4 KB
// HTML table with rowspan=1000 colspan=1000 describes a hundred million
// cells, a 1 KB XLSX merges A1:ALM100000, a DOCX cell spans 1,000 grid
// columns. So the readers count what they are about to build and refuse
// (ETOOLARGE, 413 over HTTP) before building it (the parsed Document is
// checked once more by package ingest, CheckDocumentLimits, before it is
// indexed).
//
// The numbers leave room many times over for the family of notices duban
// reads: the largest real task table has a few hundred rows and about twenty
// columns, a task a few hundred characters.
const (
	// MaxFileBytes is the largest file Read reads. Real notices are a few
	// hundred kilobytes at most; the cap keeps a mistaken upload from
	// eating memory.
	MaxFileBytes = 32 << 20
	// MaxBlocks bounds the lines, paragraphs and table rows of one file.
	MaxBlocks = 20000
	// MaxRowCells bounds the cells of one table row, spans expanded, and
	// the highest spreadsheet column read.
	MaxRowCells = 256
	// MaxTableCells bounds the cells of one table, spans expanded.
	MaxTableCells = 200000
	// MaxDocumentCells bounds the table cells of one file, all tables.
	MaxDocumentCells = 500000
	// MaxCellBytes bounds the text of one cell, paragraph or line (about
	// 21,000 Chinese characters).
	MaxCellBytes = 64 << 10
	// MaxHTMLTokens bounds the tags and text runs of an HTML page, counted
	// by a streaming tokenizer before the page is parsed into a tree.
	MaxHTMLTokens = 1000000
	// maxXMLTextBytes bounds one run of text between two XML tags, and
	// maxXMLTagBytes one tag with its attributes, in an Office file: the
	// XML decoder reads each token whole, so one 126 MB <w:t> would be one
	// 126 MB string before any cell cap could see it.
	maxXMLTextBytes = 1 << 20
	maxXMLTagBytes  = 64 << 10
	// MaxBuiltBytes bounds the text a file's blocks hold, a merged or
	// spanned cell counted in every slot it fills (the stages join a row's
	// cells, so a 1.7 KB XLSX merging a 62 KB cell over 198,000 cells was
	// 12 GB built, under every cell cap). The real notices in testdata
	// build under 25 KB; a 300-row table of 20 columns of 200 characters
	// would be 3.6 MB.
	MaxBuiltBytes = 32 << 20
	// MaxParseTime bounds the time one file may take to read and parse
	// when the caller's context sets no deadline (ReadContext, and
	// ingest's ParseContext); real notices take 30 to 100 ms. The inner
	// loops of the readers look at the context.
	MaxParseTime = 20 * time.Second
	// maxXMLReadBytes bounds the XML a reader reads across all the entries
	// of one Office or OFD file: entries are capped each (MaxZipEntryBytes)
	// but can be read many times (2,000 XLSX sheets or 500 OFD pages
	// pointing at one 15-million-element part).
	maxXMLReadBytes = 256 << 20
	// maxXMLDepth bounds the nesting of XML elements (a million nested
	// <w:p> is a deep stack in the decoder and in a walk).
	maxXMLDepth = 256
	// maxXMLElements bounds the XML elements read across the entries of
	// one file (a decoded element costs a hundred bytes or more: an OFD
	// Document.xml listing ten million pages): a long real DOCX has a few
	// hundred thousand.
	maxXMLElements = 4_000_000
)

// Budgets of the readers by format (issue 29): what one format's reader may
// build or run through, beside the caps above that every reader shares.
// Each answers a bomb found in a file of a few kilobytes; each is far above
// what a real notice needs.
const (
	// maxHTMLTokenBytes bounds one tag (with its attributes: a saved page
	// may hold an image as a data: URI) or one run of text of an HTML page
	// (a 30 MB attribute was 450 MB and seconds in the parser).
	maxHTMLTokenBytes = 4 << 20

	// maxXLSXSheets bounds the sheets of a workbook: each is scanned and
	// read (2,000 sheets pointing at one 15-million-element sheet took two
	// hours).
	maxXLSXSheets = 256
	// maxSheetElements bounds the XML elements of one worksheet (a real task
	// sheet has tens of thousands: a cell is two or three; a region of 256
	// styled empty columns over 1,000 rows a quarter of a million). excelize's
	// row reader costs some 400 bytes and a few times our scan an element, and
	// cannot be stopped, so a sheet is counted first, and a sheet it reads
	// counts excelizeElementCost times more against the file's maxXMLElements
	// (a sheet with no value is not given to it).
	maxSheetElements    = 500_000
	excelizeElementCost = 3
	// maxPartElements bounds the elements of every other part of a workbook
	// excelize loads whole into a struct per element (styles, the workbook,
	// themes: a 29 KB styles part of 3,800,000 <xf/> built 1.5 GB; Excel
	// itself allows 64,000 cell formats); the elements of shared strings
	// (sharedStringElements) are bounded by their count instead.
	maxPartElements = 200_000

	// maxPageGlyphs bounds the characters placed on one PDF or OFD page: a
	// dense A4 page of small print holds about 5,000, a page drawn four
	// times over for bold 20,000 (maxLayoutGlyphs, positioned.go, bounds a
	// document's).
	maxPageGlyphs = 200_000

	// maxXrefSectionWindow bounds the bytes of a cross-reference section's
	// trailer or dictionary searched for its /Prev.
	maxXrefSectionWindow = 64 << 10
	// maxPDFOps bounds the operators run for a document, forms included
	// (a 100-page notice runs about a million).
	maxPDFOps = 20_000_000
	// maxPDFShownCodes bounds the character codes shown, whether they
	// map to text or not (maxPageGlyphs and maxLayoutGlyphs bound the
	// glyphs kept).
	maxPDFShownCodes = 2 * maxLayoutGlyphs
	// maxPDFFormRuns bounds the form XObjects run for a document (a form
	// that calls itself fifty times, four levels deep, is six million).
	maxPDFFormRuns = 5_000
	// maxPDFXObjectCalls bounds the XObjects called (Do), forms and images:
	// a call resolves its object again.
	maxPDFXObjectCalls = 20_000
	// maxPDFCMapBytes bounds one decoded ToUnicode map (a full Chinese
	// font's is under 1 MB), maxPDFCMapTotal all those a document's pages
	// load (each page loads its fonts again).
	maxPDFCMapBytes = 4 << 20
	maxPDFCMapTotal = 256 << 20
	// maxCMapEntries bounds a ToUnicode map whatever its ranges claim, and
	// maxCMapSteps the codes its ranges are walked through (a range of four
	// billion codes over a one-item array, ranges over the same codes again
	// and again); maxCIDWidthSteps the same for a font's widths.
	maxCMapEntries   = 1 << 17
	maxCMapSteps     = 8 * maxCMapEntries
	maxCIDWidthSteps = 1 << 20
)

// budget counts what a reader builds, against the caps above: the table
// cells it is about to build (spans expanded), the bytes of text those
// cells and the lines hold (a spanned cell's text counted in every slot it
// fills: the stages join a row's cells into one string, so 200 slots of one
// 62 KB cell are 12 MB per row), and the time it may take, through a
// context looked at every budgetTick calls of tick. Every reader takes one;
// ReadContext makes it.
type budget struct {
	ctx          context.Context
	table, total int   // cells of the current table, of the file
	bytes        int64 // text built
	spans        bool  // a cell spanned or merged over others was met
	ticks        int
	xmlRead      int64 // XML bytes read, all entries (boundedXML)
	elements     int   // XML elements read, all entries
	// shared strings of an XLSX, all its parts
	sharedStrings int
	// header is the reading's test of a task table's header row
	// (Options.Header), which the XLSX reader asks to choose its sheet;
	// nil: no row is one.
	header func(cells []string) bool
}

// newBudget returns a budget under ctx (nil for none).
func newBudget(ctx context.Context) *budget {
	if ctx == nil {
		ctx = context.Background()
	}
	return &budget{ctx: ctx}
}

// budgetTick: how many calls of tick pass between two looks at the
// context (a look costs a lock; a tick is an inner loop's step).
const budgetTick = 1024

// tick counts one step of an inner loop and, every budgetTick steps, fails
// when the context is done (the deadline passed, the client left).
func (b *budget) tick() error {
	if b.ticks++; b.ticks%budgetTick != 0 {
		return nil
	}
	return b.alive()
}

// alive fails when the context is done.
func (b *budget) alive() error {
	if err := b.ctx.Err(); err != nil {
		return ErrStopped(err)
	}
	return nil
}

// ErrStopped is the error of a parse stopped by its context: past its
// deadline (the file takes too long: ETOOLARGE) or cancelled (the client
// left, the server stops).
func ErrStopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return Errorf(ETOOLARGE, "文件过于复杂,读取超过时限(%d 秒)仍未完成,可能已损坏或为恶意文件", int(MaxParseTime.Seconds()))
	}
	return Errorf(EINVALID, "读取已取消(请求已中止)")
}

// newTable starts counting a new table.
func (b *budget) newTable() { b.table = 0 }

// row takes n cells (spans expanded) of one row; it refuses a row wider
// than MaxRowCells and a table or file over its cap.
func (b *budget) row(n int) error {
	if n > MaxRowCells {
		return errRowTooWide(n)
	}
	return b.take(n)
}

// take takes n cells of the current table.
func (b *budget) take(n int) error {
	b.table += n
	b.total += n
	switch {
	case b.table > MaxTableCells:
		return Errorf(ETOOLARGE, "表格展开合并单元格后过大(超过 %d 个单元格)", MaxTableCells)
	case b.total > MaxDocumentCells:
		return Errorf(ETOOLARGE, "文件中的表格单元格过多(超过 %d 个)", MaxDocumentCells)
	}
	return b.tick()
}

// text takes n bytes of text about to be built (a row's cells, each slot
// of a spanned cell counted, or a line).
func (b *budget) text(n int) error {
	if b.bytes += int64(n); b.bytes > MaxBuiltBytes {
		return errBuiltTooLarge(b.spans)
	}
	return nil
}

// rowText takes the bytes of a row's cells.
func (b *budget) rowText(cells []string) error {
	n := 0
	for _, c := range cells {
		n += len(c)
	}
	return b.text(n)
}

// errBuiltTooLarge names what was too large: the merged or spanned cells
// when the file has any, else its text.
func errBuiltTooLarge(spans bool) error {
	if spans {
		return Errorf(ETOOLARGE, "文件中的表格合并单元格展开后过大(超过 %d MB),可能已损坏或为恶意文件", MaxBuiltBytes>>20)
	}
	return Errorf(ETOOLARGE, "文件中的文字过多(超过 %d MB),可能已损坏或为恶意文件", MaxBuiltBytes>>20)
}

// checkBuilt refuses a read Source whose blocks hold more than
// MaxBuiltBytes of text, a spanned cell counted in every slot: the last
// check before the stages join and split what a reader built.
func checkBuilt(src *Source) error {
	var n int64
	for _, b := range src.Blocks {
		n += int64(len(b.Text))
		for _, c := range b.Cells {
			n += int64(len(c))
		}
		if n > MaxBuiltBytes {
			return errBuiltTooLarge(src.Format != FormatText)
		}
	}
	return nil
}

func errRowTooWide(n int) error {
	return Errorf(ETOOLARGE, "表格的一行过宽(%d 列,上限 %d 列)", n, MaxRowCells)
}

func errTooManyBlocks() error {
	return Errorf(ETOOLARGE, "文件的行数或段落过多(上限 %d)", MaxBlocks)
}

func errCellTooLong() error {
	return Errorf(ETOOLARGE, "文件中有一段文字或一个单元格过长(上限 %d KB)", MaxCellBytes>>10)
}

// checkTextLimits refuses a text file with more than MaxBlocks lines or a
// line longer than MaxCellBytes, before it is split into lines.
func checkTextLimits(text string) error {
	lines, start := 0, 0
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == '\n' || c == '\r' {
			if i-start > MaxCellBytes {
				return errCellTooLong()
			}
			if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
			if lines++; lines > MaxBlocks {
				return errTooManyBlocks()
			}
		}
	}
	if len(text)-start > MaxCellBytes {
		return errCellTooLong()
	}
	return nil
}

// boundedXML passes an Office or OFD XML entry through, failing with an
// ETOOLARGE error as soon as a run of text or a tag is longer than its cap,
// elements nest deeper than maxXMLDepth, or the file's entries together
// have given more than maxXMLReadBytes; and with the budget's error when
// its context is done. So the XML decoder never holds one huge token or a
// deep stack, and reading the same part again and again comes to an end.
type boundedXML struct {
	r      io.Reader
	b      *budget
	inTag  bool
	run    int // bytes since the last '<' or '>'
	depth  int
	first  bool // the next byte is a tag's first ('/', '?', '!' or a name)
	closes bool // the tag being read closes an element (</x>)
	opens  bool // the tag being read opens one (<x …>, not <x/>, <?, <!)
	last   byte // the byte before the current one, for "/>"
	err    error
}

func newBoundedXML(r io.Reader, b *budget) *boundedXML { return &boundedXML{r: r, b: b} }

// cause is the error a decoder reading through b met: b's own when it
// failed (the decoder may report it as a syntax error, a rune cut in two
// where b stopped), else err.
func (b *boundedXML) cause(err error) error {
	if b.err != nil {
		return b.err
	}
	return err
}

func (b *boundedXML) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if err := b.b.alive(); err != nil {
		b.err = err
		return 0, err
	}
	n, err := b.r.Read(p)
	if b.b.xmlRead += int64(n); b.b.xmlRead > maxXMLReadBytes {
		b.err = Errorf(ETOOLARGE, "文件中的 XML 内容过多(读取超过 %d MB),可能已损坏或为恶意文件", maxXMLReadBytes>>20)
		return 0, b.err
	}
	for i := 0; i < n; {
		if b.first {
			// the byte after '<'
			b.first = false
			switch p[i] {
			case '/':
				b.closes = true
			case '?', '!':
			default:
				b.opens = true
			}
		}
		var j int
		if b.inTag {
			j = bytes.IndexByte(p[i:n], '>')
		} else {
			j = bytes.IndexByte(p[i:n], '<')
		}
		if j < 0 {
			b.run += n - i
			b.last = p[n-1]
			i = n
		} else {
			b.run += j
			if j > 0 {
				b.last = p[i+j-1]
			}
			i += j + 1
		}
		if (b.inTag && b.run > maxXMLTagBytes) || (!b.inTag && b.run > maxXMLTextBytes) {
			b.err = Errorf(ETOOLARGE, "文件中有一段文字或一个标签过长(上限 %d KB)", maxXMLTextBytes>>10)
			return 0, b.err
		}
		if j < 0 {
			continue
		}
		if b.inTag {
			// a tag ends: an element opens or closes
			switch {
			case b.closes:
				b.depth--
			case b.opens && b.last != '/':
				if b.depth++; b.depth > maxXMLDepth {
					b.err = Errorf(ETOOLARGE, "文件中的 XML 元素嵌套过深(超过 %d 层),可能已损坏或为恶意文件", maxXMLDepth)
					return 0, b.err
				}
			}
			if b.opens {
				if b.b.elements++; b.b.elements > maxXMLElements {
					b.err = errTooManyElements()
					return 0, b.err
				}
			}
		} else {
			b.first, b.closes, b.opens = true, false, false
		}
		b.inTag, b.run, b.last = !b.inTag, 0, 0
	}
	return n, err
}

func errTooManyElements() error {
	return Errorf(ETOOLARGE, "文件中的 XML 元素过多(超过 %d 个),可能已损坏或为恶意文件", maxXMLElements)
}

// asAppError returns the application error in err's chain (a limit a
// bounded reader hit under a decoder), or nil.
func asAppError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// glyphBudget counts the characters a positioned reader (PDF, OFD) places,
// per page and per document, and refuses past the caps: an 8 KB PDF that
// shows one 60 KB string a million times describes 60 billion glyphs, which
// silently dropping past a cap would still spend hours placing.
type glyphBudget struct {
	page, total int
}

func (g *glyphBudget) newPage() { g.page = 0 }

// take takes one glyph.
func (g *glyphBudget) take() error {
	g.page++
	g.total++
	switch {
	case g.page > maxPageGlyphs:
		return Errorf(ETOOLARGE, "文件中一页的文字过多(超过 %d 个字),可能已损坏或为恶意文件", maxPageGlyphs)
	case g.total > maxLayoutGlyphs:
		return Errorf(ETOOLARGE, "文件中的文字过多(超过 %d 个字),可能已损坏或为恶意文件", maxLayoutGlyphs)
	}
	return nil
}
