package pdf

import "fmt"

// duban: caps on what the parser builds from what a file claims. Upstream
// trusts counts and sizes written in the file: an xref subsection header
// "1000000000 1" grew the table to a billion entries, an xref stream's
// /Size 2000000000 was allocated whole, /Columns 100000000000 made a
// hundred-gigabyte row buffer, a 30 MB string or fifteen million operands
// were held whole. Each is a few hundred bytes of file and a fatal
// out-of-memory. The caps below are far above what a real file holds; a
// file over one is refused with a *LimitError the caller can name.
const (
	// MaxXrefEntries is the most cross-reference entries a file may have
	// (PDF 32000-1:2008 Annex C: 8,388,607 indirect objects), and a file
	// may not claim more than xrefEntriesPerByte per byte of itself
	// (minXrefEntries at least): an object takes more than a byte.
	MaxXrefEntries     = 1 << 23
	minXrefEntries     = 1 << 16
	xrefEntriesPerByte = 2
	// MaxStringBytes caps one string token (a Tj's text is a line).
	MaxStringBytes = 4 << 20
	// MaxArrayLen caps the elements of one array (a CID font's /W, a TJ).
	MaxArrayLen = 1 << 18
	// MaxOperands caps the operands waiting on the stack for an operator.
	MaxOperands = 1 << 18
	// MaxDictStack caps the dictionary stack of Interpret (PostScript's
	// own limit is 20).
	MaxDictStack = 64
	// maxExtends caps the chain of object streams an object is looked for
	// through (/Extends; a stream extending itself looped for ever).
	maxExtends = 64
	// MaxPredictorColumns caps a PNG predictor's row (xref and object
	// streams have rows of a few bytes).
	MaxPredictorColumns = 1 << 20
)

// Kinds of LimitError.
const (
	LimitXref      = "xref"      // cross-reference entries
	LimitString    = "string"    // one string
	LimitArray     = "array"     // one array
	LimitOperands  = "operands"  // operands before an operator
	LimitDicts     = "dicts"     // the dictionary stack
	LimitPredictor = "predictor" // a predictor's row
)

// LimitError is a file over one of the caps above. It is raised as a panic
// inside the parser (as its other errors are) and returned by NewReader;
// Interpret lets it through rather than skipping the operand.
type LimitError struct {
	Kind  string
	Claim int64 // what the file claimed or held
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("malformed PDF: %s over the limit (%d, limit %d)", e.Kind, e.Claim, e.Limit)
}

// xrefLimit is the most cross-reference entries a file of size bytes may
// have.
func xrefLimit(size int64) int64 {
	return min(MaxXrefEntries, max(minXrefEntries, xrefEntriesPerByte*size))
}
