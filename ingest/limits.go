package ingest

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// Limits on what reading and parsing a notice may build. The caps on input
// bytes (MaxFileBytes, the zip caps) do not bound what a file expands to: a
// 4 KB HTML table with rowspan=1000 colspan=1000 describes a hundred million
// cells, a 1 KB XLSX merges A1:ALM100000, a DOCX cell spans 1,000 grid
// columns. So the readers count what they are about to build and refuse
// (ETOOLARGE, 413 over HTTP) before building it, and the parsed Document is
// checked once more (CheckDocumentLimits) before it is indexed.
//
// The numbers leave room many times over for the family of notices duban
// reads: the largest real task table has a few hundred rows and about twenty
// columns, a task a few hundred characters.
const (
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
	// MaxTasks bounds the tasks of one document.
	MaxTasks = 10000
	// MaxTaskRunes bounds the characters of one task's text.
	MaxTaskRunes = 10000
	// MaxDocumentRunes bounds the characters of all the task texts of one
	// document (the seed has about 10,000).
	MaxDocumentRunes = 2000000
	// MaxTaskNames bounds the leaders, units and co-units of one task.
	MaxTaskNames = 200
	// maxXMLTextBytes bounds one run of text between two XML tags, and
	// maxXMLTagBytes one tag with its attributes, in an Office file: the
	// XML decoder reads each token whole, so one 126 MB <w:t> would be one
	// 126 MB string before any cell cap could see it.
	maxXMLTextBytes = 1 << 20
	maxXMLTagBytes  = 64 << 10
)

// CheckDocumentLimits refuses a parsed Document that is larger than the
// index takes: more than MaxTasks tasks, a task text over MaxTaskRunes
// characters, task texts over MaxDocumentRunes together, or a task with more
// than MaxTaskNames names. Every writer of
// the index calls it before writing (index.Store.ReplaceMany), and
// ParseSource before returning, so an oversized notice is an ETOOLARGE error
// wherever it comes from.
func CheckDocumentLimits(doc *Document) error {
	if doc == nil {
		return nil
	}
	if len(doc.Tasks) > MaxTasks {
		return Errorf(ETOOLARGE, "文件中的任务过多(%d 项,上限 %d 项)", len(doc.Tasks), MaxTasks)
	}
	total := 0
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		n := utf8.RuneCountInString(t.Text)
		if n > MaxTaskRunes {
			return Errorf(ETOOLARGE, "第 %d 项任务的内容过长(超过 %d 个字符)", t.Seq, MaxTaskRunes)
		}
		if total += n; total > MaxDocumentRunes {
			return Errorf(ETOOLARGE, "文件中任务的文字过多(超过 %d 个字符)", MaxDocumentRunes)
		}
		if n := len(t.Leaders) + len(t.Units) + len(t.CoUnits); n > MaxTaskNames {
			return Errorf(ETOOLARGE, "第 %d 项任务的牵头领导和单位过多(%d 个,上限 %d 个)", t.Seq, n, MaxTaskNames)
		}
	}
	return nil
}

// cellBudget counts the table cells a reader is about to build, so it can
// refuse a table before expanding it.
type cellBudget struct {
	table, total int
}

// newTable starts counting a new table.
func (b *cellBudget) newTable() { b.table = 0 }

// row takes n cells (spans expanded) of one row; it refuses a row wider
// than MaxRowCells and a table or file over its cap.
func (b *cellBudget) row(n int) error {
	if n > MaxRowCells {
		return errRowTooWide(n)
	}
	return b.take(n)
}

// take takes n cells of the current table.
func (b *cellBudget) take(n int) error {
	b.table += n
	b.total += n
	switch {
	case b.table > MaxTableCells:
		return Errorf(ETOOLARGE, "表格展开合并单元格后过大(超过 %d 个单元格)", MaxTableCells)
	case b.total > MaxDocumentCells:
		return Errorf(ETOOLARGE, "文件中的表格单元格过多(超过 %d 个)", MaxDocumentCells)
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

// boundedXML passes an Office XML entry through, failing with an ETOOLARGE
// error as soon as a run of text or a tag is longer than its cap, so the
// XML decoder never holds one huge token.
type boundedXML struct {
	r     io.Reader
	inTag bool
	run   int // bytes since the last '<' or '>'
	err   error
}

func newBoundedXML(r io.Reader) *boundedXML { return &boundedXML{r: r} }

func (b *boundedXML) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	for i := 0; i < n; {
		var j int
		if b.inTag {
			j = bytes.IndexByte(p[i:n], '>')
		} else {
			j = bytes.IndexByte(p[i:n], '<')
		}
		if j < 0 {
			b.run += n - i
			i = n
		} else {
			b.run += j
			i += j + 1
		}
		if (b.inTag && b.run > maxXMLTagBytes) || (!b.inTag && b.run > maxXMLTextBytes) {
			b.err = Errorf(ETOOLARGE, "文件中有一段文字或一个标签过长(上限 %d KB)", maxXMLTextBytes>>10)
			return 0, b.err
		}
		if j >= 0 {
			b.inTag, b.run = !b.inTag, 0
		}
	}
	return n, err
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
