package ingest

// Warning is one doubt about how a document was read, said in plain Chinese
// so the office can check it in the preview before the tasks land. The
// parser's chosen reading leaves its residue here (issue 26); the library
// adds those of a replacement (issue 25). The JSON names are a contract of
// the API.
type Warning struct {
	// Code is one of the Warn* constants: stable, for programs and tests.
	Code string `json:"code"`
	// Message says the doubt in Chinese, naming values and fields as the
	// office knows them (牵头单位, 配合单位, 完成时限, 牵头领导).
	Message string `json:"message"`
	// Field names the task field concerned, with the task's JSON name
	// (units, co_units, leaders, deadline, text, seq), when one is.
	Field string `json:"field,omitempty"`
	// Seqs are the tasks concerned by their 序号; empty when the warning is
	// about the document as a whole.
	Seqs []int `json:"seqs"`
}

// Warning codes. Each names one kind of doubt; the message says it in
// Chinese with the values concerned.
const (
	// WarnInherited: one value fills many rows through blank cells read
	// as merged (配合单位 carried down from one row into many).
	WarnInherited = "inherited"
	// WarnEmptyColumn: a column or key that no task got a value from.
	WarnEmptyColumn = "empty_column"
	// WarnNoUnit: tasks without a lead unit.
	WarnNoUnit = "no_unit"
	// WarnOddUnit: a value in units or co_units not of a unit's shape.
	WarnOddUnit = "odd_unit"
	// WarnOddLeader: a value in leaders not of a person's shape.
	WarnOddLeader = "odd_leader"
	// WarnNoLeader: a table whose leaders are given by group rows
	// (包保领导：X across the table) has tasks under no such row.
	WarnNoLeader = "no_leader"
	// WarnAssignmentInText: a task's text still holds a key or bracket of an
	// assignment (〔联系区领导：, 牵头单位:, 【…】).
	WarnAssignmentInText = "assignment_in_text"
	// WarnNumbering: 序号 that skip, repeat or run backwards where the
	// document does not restart them.
	WarnNumbering = "numbering"
	// WarnHeadingAsTask: a task whose text reads as a heading.
	WarnHeadingAsTask = "heading_as_task"
	// WarnUnusedLines: lines of the document the reading did not use that
	// look like they could hold tasks.
	WarnUnusedLines = "unused_lines"
	// WarnCloseReading: another reading of the layout explained the
	// document almost as well as the chosen one.
	WarnCloseReading = "close_reading"
	// WarnKindAmbiguous: the file reads both as a notice and as a progress
	// report.
	WarnKindAmbiguous = "kind_ambiguous"
	// WarnTasksRemoved: a replacement removes tasks the replaced version had.
	WarnTasksRemoved = "tasks_removed"
	// WarnFieldErased: a replacement empties a field (deadline, co_units,
	// leaders, units) that the replaced version's tasks had.
	WarnFieldErased = "field_erased"
	// WarnCorrectionStale: a correction the office made no longer finds its
	// task, or the parse now gives the corrected value itself.
	WarnCorrectionStale = "correction_stale"
)
