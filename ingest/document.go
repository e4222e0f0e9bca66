// Package ingest turns a task-breakdown notice (政府工作报告任务分解表) into a
// structured Document: it cleans the conversion noise, finds the task table by
// its column names, splits each row into a Task and accounts for every line it
// did not use in a Report.
//
// ingest knows nothing of search or HTTP; it is the root of the dependency
// graph (cmd → api → index → ingest), which is why the domain types and the
// one application error type live here.
package ingest

// Notice is what names a notice: its metadata, without its tasks.
type Notice struct {
	// ID is stable: derived from issuer, year and title, never the file name,
	// so the same notice ingested twice gets the same ID.
	ID     string `json:"id"`
	Title  string `json:"title"`
	Issuer string `json:"issuer"`
	// Date is the notice's date as YYYY-MM-DD, empty when it names none.
	Date string `json:"date"`
	Year int    `json:"year"`
	// Source is the file name as given.
	Source string `json:"source"`
	// Format is how the file was read (text, html, docx, xlsx) and
	// Checksum the SHA-256 of its bytes.
	Format   string `json:"format,omitempty"`
	Checksum string `json:"checksum,omitempty"`
	// Preamble is the notice's own text before the table (salutation, body).
	Preamble string `json:"preamble,omitempty"`
}

// Document is one notice: its metadata, its tasks and the report of how it was
// read. The JSON names are the contract of DESIGN.md.
type Document struct {
	Notice
	Tasks  []Task  `json:"tasks"`
	Report *Report `json:"report,omitempty"`
}

// Task is one numbered task of a notice with who leads it.
type Task struct {
	// ID is the document ID plus the task's seq: stable across re-ingests.
	ID    string `json:"id"`
	DocID string `json:"doc_id"`
	Year  int    `json:"year"`
	Seq   int    `json:"seq"`
	// Section is the heading the task stands under; empty when none.
	Section string `json:"section"`
	// Text is the task as written, only the conversion noise removed.
	Text    string   `json:"text"`
	Leaders []string `json:"leaders"`
	// Units are the lead units as written (cleaned).
	Units []string `json:"units"`
	// UnitGroups are the units' base names outside brackets:
	// 区住建局(规划分局) → 区住建局.
	UnitGroups []string          `json:"unit_groups"`
	CoUnits    []string          `json:"co_units"`
	Deadline   string            `json:"deadline"`
	Extra      map[string]string `json:"extra,omitempty"`
	// Targets are the quantitative targets the text sets (Targets).
	Targets []Target `json:"targets"`
}

// Report says how a notice was read. Every non-blank line that became neither
// metadata, preamble, header nor part of a task is listed with its reason, so
// nothing is dropped silently.
type Report struct {
	LinesRead  int          `json:"lines_read"`
	BlankLines int          `json:"blank_lines"`
	TasksMade  int          `json:"tasks_made"`
	Unused     []UnusedLine `json:"unused"`
}

// UnusedLine is one source line the parser did not turn into anything.
type UnusedLine struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}
