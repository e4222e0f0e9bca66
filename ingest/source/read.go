package source

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits on what Read accepts. A DOCX or XLSX is a zip: a small file can
// inflate to gigabytes (a zip bomb), so entries and inflated bytes are capped.
const (
	MaxZipEntries       = 2000
	MaxUnzippedBytes    = 256 << 20 // all entries together
	MaxZipEntryBytes    = 128 << 20 // any one entry
	maxHTMLSniffBytes   = 64 << 10
	minGBKHanShareOfCJK = 0.6
)

// Formats Read tells apart, by content.
const (
	FormatText = "text"
	FormatHTML = "html"
	FormatDOCX = "docx"
	FormatXLSX = "xlsx"
	FormatPDF  = "pdf"
	FormatOFD  = "ofd"
	// FormatDOC is Word's binary format (.doc), also what WPS writes (.wps).
	FormatDOC = "doc"
	// FormatXLS is Excel's binary format (BIFF8, .xls), also what WPS
	// writes (.et).
	FormatXLS = "xls"
)

// Magic bytes Read tells formats apart by.
var (
	magicPDF = []byte("%PDF-")
	magicOLE = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
)

// Block is one unit of a source in reading order: a line of text, a
// paragraph, or a table row (Cells set).
type Block struct {
	// Line is the 1-based line number in a text file, or the ordinal of
	// the paragraph or row in HTML, DOCX and XLSX (a sheet's row number).
	Line int
	// Text is the block's text when it is not a table row.
	Text string
	// Cells are a table row's cells, spans expanded.
	Cells []string
	// Table numbers the table a row belongs to (from 1); 0 for text.
	Table int
	// Sheet names the worksheet of an XLSX holding several sheets of
	// tasks (every block of such a sheet); "" otherwise.
	Sheet string
	// Carried are the columns of a PDF or OFD table row whose cell was
	// empty at the top of a new page and took the text of the merged cell
	// above the break: only the table's other rows said the column is
	// merged, so the reading warns of it.
	Carried []int
}

// Source is a file read into blocks, whatever its format and encoding.
type Source struct {
	Name     string
	Format   string
	Encoding string
	// Checksum is the SHA-256 of the file's bytes: the same bytes ingested
	// twice change nothing.
	Checksum string
	Blocks   []Block
}

// Read reads a notice in any supported format, told apart by its content
// (not its name): text in UTF-8 (with or without BOM), GBK/GB18030, or
// UTF-16 with BOM; an HTML page; a CSV table (by its .csv name, or by
// lines that clearly are comma rows of one field count: looksLikeCSV); a DOCX, XLSX or OFD (zips, told apart by
// their entries); a PDF with a text layer; a legacy Word (.doc, .wps) or
// Excel (.xls, .et) file (an OLE compound file, converted by LibreOffice).
//
// Read is ReadContext without a context of the caller's: it still stops
// after MaxParseTime.
func Read(name string, r io.Reader) (*Source, error) {
	return ReadContext(context.Background(), name, r)
}

// Options are what a reader asks of the reading above it (package ingest
// passes its own).
type Options struct {
	// Header tells a row of cells that heads a task table. The XLSX reader
	// reads the first sheet that holds one (the visible sheets before it
	// give the notice's own lines) and pads the rows under it to its
	// width. Nil: no row is a header, and a workbook is read from its first
	// sheet that holds anything.
	Header func(cells []string) bool
}

// ReadContext is Read under a context: the readers look at it in their
// inner loops and stop with an error when it is done (a deadline passed,
// the client left). A context without a deadline gets MaxParseTime (and
// MaxConvertTime more for a legacy Office file, converted first).
// Whatever the context, what a reader builds is bounded by the limits in
// limits.go, so a hostile file fails fast with a message naming what was
// too large.
func ReadContext(ctx context.Context, name string, r io.Reader) (*Source, error) {
	return ReadWith(ctx, name, r, Options{})
}

// ReadWith is ReadContext asking the reading's questions in opt.
func ReadWith(ctx context.Context, name string, r io.Reader, opt Options) (*Source, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, ErrStopped(err)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, Errorf(ETOOLARGE, "文件超过 %d MB 的上限", MaxFileBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errorf(EINVALID, "文件是空的")
	}
	if _, ok := ctx.Deadline(); !ok {
		// a legacy Office file is converted first, within MaxConvertTime
		limit := MaxParseTime
		if bytes.HasPrefix(data, magicOLE) {
			limit += MaxConvertTime
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	b := newBudget(ctx)
	b.header = opt.Header
	sum := sha256.Sum256(data)
	src := &Source{Name: name, Checksum: hex.EncodeToString(sum[:])}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		err = readZip(src, data, b)
	case bytes.HasPrefix(data, magicPDF):
		src.Format = FormatPDF
		src.Blocks, err = readPDF(data, b)
	case bytes.HasPrefix(data, magicOLE):
		err = readOLE(src, data, b)
	default:
		html := false
		if looksLikeMail(name, data) {
			// a notice sent as an e-mail: its subject and decoded body
			if body, isHTML, ok := unwrapMail(data); ok && len(body) > 0 {
				data, html = body, isHTML
			}
		}
		var text string
		text, src.Encoding, err = decodeText(data)
		if err != nil {
			return nil, err
		}
		switch {
		case html || looksLikeHTML(text):
			src.Format = FormatHTML
			src.Blocks, err = readHTML(text, b)
		case isCSVName(name) || looksLikeCSV(text):
			src.Format = FormatCSV
			if err := checkTextLimits(text); err != nil {
				return nil, err
			}
			src.Blocks, err = readCSV(text, b)
		default:
			src.Format = FormatText
			if err := checkTextLimits(text); err != nil {
				return nil, err
			}
			lines := unquoteMail(splitLines(text))
			if isMarkdownName(name) {
				lines = unmarkdown(lines)
			}
			for i, l := range lines {
				src.Blocks = append(src.Blocks, Block{Line: i + 1, Text: l})
			}
		}
	}
	if err == nil {
		err = checkBuilt(src)
	}
	if err == nil {
		err = b.alive()
	}
	if err != nil {
		return nil, err
	}
	return src, nil
}

// unquoteMail drops the quote marks of an e-mail that forwards a notice
// (> 东坪县人民政府办公室, > > 1. 实施…): in a run of at least three lines
// each opening with >, the marks and the one space after each are
// removed, so the notice's own lines and indents stand as written. Lines
// outside such runs are left alone (a lone > 5% is text).
func unquoteMail(lines []string) []string {
	quoted := func(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " "), ">") }
	out, copied := lines, false
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && quoted(lines[j]) {
			j++
		}
		if j-i >= 3 {
			if !copied {
				out, copied = slices.Clone(lines), true
			}
			for k := i; k < j; k++ {
				l := strings.TrimLeft(lines[k], " ")
				for strings.HasPrefix(l, ">") {
					l = strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
				}
				out[k] = l
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	return out
}

// isMarkdownName: a file named as Markdown (.md, .markdown).
func isMarkdownName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// markdownHeadingRe, markdownBulletRe and markdownEmphasisRe are Markdown's
// marks around a notice's words: ## 一、…, - 牵头单位：…, **新增托位**.
var (
	markdownHeadingRe  = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	markdownBulletRe   = regexp.MustCompile(`^\s*[-*+]\s+`)
	markdownEmphasisRe = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
)

// unmarkdown drops Markdown's marks from a notice written in it (headings'
// #, bullets, bold), so its lines read as the notice's own; a table's
// pipes stay for the table reader.
func unmarkdown(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = markdownHeadingRe.ReplaceAllString(l, "")
		if !strings.HasPrefix(strings.TrimSpace(l), "|") {
			l = markdownBulletRe.ReplaceAllString(l, "")
		}
		out[i] = markdownEmphasisRe.ReplaceAllString(l, "$1$2")
	}
	return out
}

// splitLines splits text on any line end: \r\n, \n or a lone \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// decodeText detects the text encoding and returns the text as UTF-8 with
// no BOM. Detection, not assumption: a BOM decides; else valid UTF-8 is
// UTF-8; else GB18030 (a superset of GBK) is tried and kept only when it
// decodes cleanly to mostly Chinese; an HTML page's declared charset is used
// when it names one.
func decodeText(data []byte) (text, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return string(data[3:]), "utf-8", checkText(string(data[3:]))
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", "", Errorf(EINVALID, "UTF-16 文本无法解码")
		}
		return string(out), "utf-16", checkText(string(out))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", Errorf(EINVALID, "文件不是文本,也不是 HTML、PDF、OFD、Word 或 Excel 文件(含二进制数据)")
	}
	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	if declared := declaredCharset(data); declared != nil && declared != encoding.Nop {
		if out, _, err := transform.Bytes(declared.NewDecoder(), data); err == nil && utf8.Valid(out) {
			return string(out), "declared", checkText(string(out))
		}
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
	if err == nil && plausibleChinese(string(out)) {
		return string(out), "gb18030", nil
	}
	// a stray byte (a file cut in the middle of its last character, one
	// byte of another encoding pasted in) is one unreadable character, not
	// a refusal, when all the rest reads as Chinese
	if err == nil && strayBytes(string(out)) {
		return string(out), "gb18030", nil
	}
	return "", "", Errorf(EINVALID, "无法识别文件的文字编码(支持 UTF-8、GBK/GB18030、带 BOM 的 UTF-16)")
}

// declaredCharset returns the encoding an HTML page declares in a meta tag,
// or nil.
func declaredCharset(data []byte) encoding.Encoding {
	head := data[:min(len(data), maxHTMLSniffBytes)]
	if !bytes.Contains(bytes.ToLower(head), []byte("charset")) {
		return nil
	}
	enc, name, certain := charset.DetermineEncoding(head, "text/html")
	if !certain || name == "windows-1252" {
		return nil
	}
	return enc
}

// plausibleChinese: no replacement characters, and most non-ASCII letters
// are Chinese characters (a Latin-1 file decoded as GBK is not).
func plausibleChinese(s string) bool {
	if strings.ContainsRune(s, utf8.RuneError) {
		return false
	}
	han, other := 0, 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			other++
		}
	}
	return han > 0 && float64(han) >= minGBKHanShareOfCJK*float64(han+other)
}

// maxStrayRunes bounds the unreadable characters a GB18030 text may hold
// and still be read.
const maxStrayRunes = 3

// strayBytes: a text decoded as GB18030 with a few unreadable characters
// (U+FFFD, at most maxStrayRunes and one in two hundred) whose other
// characters are plausibly Chinese.
func strayBytes(s string) bool {
	bad := strings.Count(s, string(utf8.RuneError))
	if bad == 0 || bad > maxStrayRunes || bad*200 > utf8.RuneCountInString(s) {
		return false
	}
	return plausibleChinese(strings.ReplaceAll(s, string(utf8.RuneError), ""))
}

func checkText(s string) error {
	if strings.ContainsRune(s, 0) {
		return Errorf(EINVALID, "文件不是文本(含二进制数据)")
	}
	return nil
}

func looksLikeHTML(text string) bool {
	head := strings.ToLower(text[:min(len(text), maxHTMLSniffBytes)])
	head = strings.TrimSpace(head)
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<table") || (strings.HasPrefix(head, "<") && strings.Contains(head, "<body"))
}

// readZip checks a zip's entries against the caps and reads it as DOCX,
// XLSX or OFD.
func readZip(src *Source, data []byte, b *budget) error {
	// the directory is counted before the zip package reads it: it makes
	// a File for each entry, a 32 MB file of empty entries being hundreds
	// of thousands of them
	if n, ok := zipEntryCount(data); ok && n > MaxZipEntries {
		return Errorf(ETOOLARGE, "压缩包条目过多(%d 个,上限 %d)", n, MaxZipEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Errorf(EINVALID, "文件是损坏的压缩包(DOCX/XLSX/OFD):%v", err)
	}
	if err := checkZip(zr); err != nil {
		return err
	}
	kind := ""
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			kind = FormatDOCX
		case "xl/workbook.xml":
			kind = FormatXLSX
		case "OFD.xml":
			kind = FormatOFD
		}
	}
	src.Format, src.Encoding = kind, "utf-8"
	switch kind {
	case FormatDOCX:
		src.Blocks, err = readDOCX(zr, b)
	case FormatXLSX:
		src.Blocks, err = readXLSX(data, b)
	case FormatOFD:
		src.Blocks, err = readOFD(zr, b)
	default:
		return Errorf(EINVALID, "压缩包既不是 DOCX、XLSX 也不是 OFD")
	}
	return err
}

// zipEntryCount reads the number of entries a zip's end of central
// directory (or its zip64 record) says it has; ok is false when it finds
// none (the zip package then says what is wrong).
func zipEntryCount(data []byte) (n uint64, ok bool) {
	const eocdLen, zip64LocLen = 22, 20
	from := max(0, len(data)-(eocdLen+0xffff))
	i := bytes.LastIndex(data[from:], []byte("PK\x05\x06"))
	if i < 0 || from+i+eocdLen > len(data) {
		return 0, false
	}
	i += from
	n = uint64(binary.LittleEndian.Uint16(data[i+10:]))
	if n != 0xffff || i < zip64LocLen || !bytes.HasPrefix(data[i-zip64LocLen:], []byte("PK\x06\x07")) {
		return n, true
	}
	off := binary.LittleEndian.Uint64(data[i-zip64LocLen+8:])
	if len(data) < 56 || off > uint64(len(data)-56) || !bytes.HasPrefix(data[off:], []byte("PK\x06\x06")) {
		return n, true
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}

// checkZip checks a zip's entries against the caps.
func checkZip(zr *zip.Reader) error {
	if len(zr.File) > MaxZipEntries {
		return Errorf(ETOOLARGE, "压缩包条目过多(%d 个,上限 %d)", len(zr.File), MaxZipEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > MaxZipEntryBytes {
			return Errorf(ETOOLARGE, "压缩包中的 %s 解压后过大(上限 %d MB)", f.Name, MaxZipEntryBytes>>20)
		}
		total += f.UncompressedSize64
	}
	if total > MaxUnzippedBytes {
		return Errorf(ETOOLARGE, "压缩包解压后过大(上限 %d MB)", MaxUnzippedBytes>>20)
	}
	return nil
}

// openZipEntry opens a zip entry for reading, capped at MaxZipEntryBytes
// whatever its header claims.
func openZipEntry(zr *zip.Reader, name string) (io.ReadCloser, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(f, MaxZipEntryBytes), f}, nil
}
