package ingest

import "github.com/duban/duban/internal/officetest"

// The smallest Office files the readers take, for the fuzzers' seeds
// (fuzz_test.go): package internal/officetest's, as ingest/source's tests
// use them.

func wordCell(text string) string                  { return officetest.WordCell(text) }
func docxFile(body string) []byte                  { return officetest.DOCX(body) }
func xlsxFile(sheet string) []byte                 { return officetest.XLSX(sheet) }
func inlineCells(row int, values ...string) string { return officetest.InlineCells(row, values...) }
func zipFiles(files map[string]string) []byte      { return officetest.Zip(files) }
