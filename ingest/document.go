// Package ingest turns a task-breakdown notice (政府工作报告任务分解表) into a
// structured Document: it cleans the conversion noise, finds the task table by
// its column names, splits each row into a Task and accounts for every line it
// did not use in a Report. It reads progress reports beside the notices, with
// the same table readers.
//
// It is the reading side: the formats (bytes → a Source of lines, paragraphs
// and table rows) are package ingest/source, which Read calls and whose
// Source, Block, Error, codes and limits are aliased here (source.go), so
// callers name this package only.
//
// ingest knows nothing of search or HTTP; with ingest/source it is the root
// of the dependency graph (cmd → api → index → ingest → ingest/source),
// which is why the domain types live here and the one application error
// type in ingest/source.
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
	// Number is the document's 发文字号 (国发〔2019〕3号, 余政办〔2025〕12号),
	// empty when the file names none.
	Number string `json:"number"`
	// Format is how the file was read (text, html, docx, xlsx) and
	// Checksum the SHA-256 of its bytes.
	Format   string `json:"format,omitempty"`
	Checksum string `json:"checksum,omitempty"`
	// Preamble is the notice's own text before the table (salutation, body).
	Preamble string `json:"preamble,omitempty"`
	// Progress names the progress a served copy of the document carries
	// on its tasks (package progress); empty as parsed. The index writes a
	// document again when it changes.
	Progress string `json:"progress,omitempty"`
	// Version numbers the versions of one document as the library keeps
	// them (1, 2, …; 0 for a document indexed before versions were kept).
	// The parser leaves it 0; package library sets it on import.
	Version int `json:"version,omitempty"`
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
	UnitGroups []string `json:"unit_groups"`
	CoUnits    []string `json:"co_units"`
	Deadline   string   `json:"deadline"`
	// Due is the deadline as YYYY-MM-DD when it names a date (2019年6月底 →
	// 2019-06-30), else empty.
	Due string `json:"due"`
	// Via says how the task's units and leaders were found, so a person can
	// check a doubtful one: ViaColumn, ViaKey, ViaKeyless, ViaHeading or
	// ViaLeadRule.
	Via   string            `json:"via"`
	Extra map[string]string `json:"extra,omitempty"`
	// Targets are the quantitative targets the text sets (Targets).
	Targets []Target `json:"targets"`
	// Status, Period and Progress are the task's standing as the index
	// serves it: 已完成, 序时推进, 滞后, 逾期 or 未报送, and its latest
	// progress report's period and text (package progress). Empty as parsed.
	Status   string `json:"status,omitempty"`
	Period   string `json:"period,omitempty"`
	Progress string `json:"progress,omitempty"`
	// Corrected names the fields the office corrected by hand (text,
	// leaders, units, co_units, deadline; added, split, merged for a task
	// the office added, split off or merged), in that order; empty when
	// none. The parser leaves it empty; package library sets it when it
	// applies the office's corrections.
	Corrected []string `json:"corrected,omitempty"`
}

// Report says how a notice was read. Every non-blank line that became neither
// metadata, preamble, header nor part of a task is listed with its reason, so
// nothing is dropped silently.
type Report struct {
	LinesRead  int          `json:"lines_read"`
	BlankLines int          `json:"blank_lines"`
	TasksMade  int          `json:"tasks_made"`
	Unused     []UnusedLine `json:"unused"`
	// Notes say what an import did beyond parsing: metadata taken from the
	// document a file replaced, for instance.
	Notes []string `json:"notes,omitempty"`
	// Reading names the reading of the layout that was chosen (table,
	// cells, spaced, outline, blocks, …) and Rules the office's reading
	// rules ([栏目] in the vocabulary) it applied, each as written there.
	Reading string   `json:"reading,omitempty"`
	Rules   []string `json:"rules,omitempty"`
	// Warnings are the doubts about the reading, in Chinese, for the office
	// to check in the preview before the tasks land (warnings.go). Never
	// nil once a parse or an import has filled them.
	Warnings []Warning `json:"warnings"`
}

// UnusedLine is one source line the parser did not turn into anything.
type UnusedLine struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// How a task's responsible units were found (Task.Via).
const (
	ViaColumn   = "column"    // a table column such as 牵头单位
	ViaKey      = "key"       // a key such as (牵头单位:…) or 牵头单位:… on its own line
	ViaKeyless  = "keyless"   // a clause without a key: (X、Y负责), (X会同有关部门负责), a bare (X)
	ViaHeading  = "heading"   // the heading the task stands under names who leads it
	ViaLeadRule = "lead rule" // a keyless list split by a stated rule (排在第一位的部门为牵头部门)
)
