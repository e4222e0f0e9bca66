package ingest

// The formats are read by package ingest/source (bytes → a Source of
// lines, paragraphs and table rows); this package reads what they say.
// What callers took from here before the split stays here, as aliases of
// the source package's names, so the reading and every caller name one
// type, one error and one set of limits.

import (
	"context"
	"io"
	"regexp"

	"github.com/duban/duban/ingest/source"
)

// Source is a file read into blocks, whatever its format and encoding
// (source.Source).
type Source = source.Source

// Block is one unit of a source in reading order (source.Block).
type Block = source.Block

// Read reads a notice in any supported format (source.Read), asking the
// reading's questions (readOptions).
func Read(name string, r io.Reader) (*Source, error) {
	return ReadContext(context.Background(), name, r)
}

// ReadContext is Read under a context (source.ReadContext).
func ReadContext(ctx context.Context, name string, r io.Reader) (*Source, error) {
	return source.ReadWith(ctx, name, r, readOptions())
}

// readOptions are the reading's answers to what the readers ask: a
// workbook's task sheet is the one with a header this package reads as one
// (parseHeader).
func readOptions() source.Options {
	return source.Options{Header: func(cells []string) bool {
		_, ok := parseHeader(cells)
		return ok
	}}
}

// RemoveStaleConversions removes the conversion directories a killed
// conversion left behind (source.RemoveStaleConversions).
func RemoveStaleConversions() []string { return source.RemoveStaleConversions() }

// RemoveConversionsOf removes the conversion directories of a process that
// no longer runs (source.RemoveConversionsOf).
func RemoveConversionsOf(pid int) []string { return source.RemoveConversionsOf(pid) }

// The application's error (source.Error) and its codes.
type Error = source.Error

// Error codes of the application (source.EINVALID …).
const (
	EINVALID    = source.EINVALID
	ENOTFOUND   = source.ENOTFOUND
	ECONFLICT   = source.ECONFLICT
	ETOOLARGE   = source.ETOOLARGE
	EAUTH       = source.EAUTH
	EFORBIDDEN  = source.EFORBIDDEN
	EBUSY       = source.EBUSY
	ECORRUPT    = source.ECORRUPT
	EINTERNAL   = source.EINTERNAL
	ETOOCOMPLEX = source.ETOOCOMPLEX
)

// Errorf returns an *Error with the code and a formatted message
// (source.Errorf).
func Errorf(code, format string, args ...any) *Error {
	return source.Errorf(code, format, args...)
}

// ErrorCode returns the code of the first *Error in err's chain
// (source.ErrorCode).
func ErrorCode(err error) string { return source.ErrorCode(err) }

// ErrorMessage returns the message of the first *Error in err's chain
// (source.ErrorMessage).
func ErrorMessage(err error) string { return source.ErrorMessage(err) }

// errStopped is the error of a parse stopped by its context
// (source.ErrStopped).
func errStopped(err error) error { return source.ErrStopped(err) }

// pageNumberRe matches a line that is only a page number
// (source.PageNumberPattern).
var pageNumberRe = regexp.MustCompile(source.PageNumberPattern)

// Formats Read tells apart (source.FormatText …).
const (
	FormatText = source.FormatText
	FormatHTML = source.FormatHTML
	FormatDOCX = source.FormatDOCX
	FormatXLSX = source.FormatXLSX
	FormatPDF  = source.FormatPDF
	FormatOFD  = source.FormatOFD
	FormatDOC  = source.FormatDOC
	FormatXLS  = source.FormatXLS
	FormatCSV  = source.FormatCSV
)

// Limits of the readers (source.MaxFileBytes …; limits.go there).
const (
	MaxFileBytes       = source.MaxFileBytes
	MaxZipEntries      = source.MaxZipEntries
	MaxUnzippedBytes   = source.MaxUnzippedBytes
	MaxZipEntryBytes   = source.MaxZipEntryBytes
	MaxBlocks          = source.MaxBlocks
	MaxRowCells        = source.MaxRowCells
	MaxTableCells      = source.MaxTableCells
	MaxDocumentCells   = source.MaxDocumentCells
	MaxCellBytes       = source.MaxCellBytes
	MaxHTMLTokens      = source.MaxHTMLTokens
	MaxBuiltBytes      = source.MaxBuiltBytes
	MaxParseTime       = source.MaxParseTime
	MaxConvertTime     = source.MaxConvertTime
	MaxPDFPages        = source.MaxPDFPages
	MaxOFDPages        = source.MaxOFDPages
	MaxPDFStreamBytes  = source.MaxPDFStreamBytes
	MaxPDFContentBytes = source.MaxPDFContentBytes
)
