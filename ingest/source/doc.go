// Package source reads files of every format duban takes into a Source:
// lines, paragraphs and table rows in reading order, the same for every
// format and encoding. It holds the format readers — text encodings (UTF-8,
// GBK/GB18030, UTF-16), HTML, DOCX, XLSX, PDF and OFD through the
// positioned-text path (positioned.go, ruled.go), legacy Word and Excel
// through the LibreOffice converter (converter.go, leftovers.go) — and
// their caps and budgets (limits.go), and the one application error type
// (error.go).
//
// It reads no tasks: that is package ingest, which imports it, never the
// other way. Where a reader needs the reading's judgement (the XLSX reader
// choosing the sheet with a task table's header) it asks through Options.
package source
