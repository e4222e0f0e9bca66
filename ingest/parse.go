package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileBytes is the largest notice Parse reads. Real notices are a few
// hundred kilobytes at most; the cap keeps a mistaken upload from eating
// memory.
const MaxFileBytes = 32 << 20

// Reasons given in the Report for lines that were not used. They are shown
// to the office's staff, so they are in Chinese.
const (
	reasonAfterTable  = "表格之后的文字,既不是表格行也不是任务"
	reasonNoText      = "表格行缺少任务内容(单元格不全)"
	reasonDupSeq      = "序号与前面的任务重复"
	reasonNotRow      = "表头之后的非表格行"
	reasonEmptyRow    = "空表格行"
	reasonMetadataDup = "重复的元数据行"
)

var (
	dateRe     = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	cnDateRe   = regexp.MustCompile(`^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$`)
	yearRe     = regexp.MustCompile(`(\d{4})\s*年`)
	issuerRe   = regexp.MustCompile(`(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会)$`)
	attachRe   = regexp.MustCompile(`^附\s*件\s*\d*\s*$`)
	attachTiRe = regexp.MustCompile(`^附\s*件\s*\d*\s*[:\x{FF1A}]\s*(.+)$`)
	leadSeqRe  = regexp.MustCompile(`^\s*(\d+)\s*[.、\x{FF0E}]?\s*$`)
)

// row is one table row as cells, with its source line number.
type row struct {
	line  int
	cells []string
}

// Parse reads a notice in the rows-of-cells layout (cells split by '|', one
// row per line, the stray '?' markers of the seed's conversion) and returns
// its Document. name is the file name as given; it is recorded as Source and
// never used as a path. A file with no recognisable task table is an
// EINVALID error that says what was looked for.
func Parse(name string, r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, Errorf(ETOOLARGE, "文件超过 %d MB 的上限", MaxFileBytes>>20)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	return parseLines(name, splitLines(text))
}

// decodeText checks that data is text and returns it without a BOM.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", Errorf(EINVALID, "文件是空的")
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return "", Errorf(EINVALID, "文件不是 UTF-8 文本(可能是二进制文件或其他编码)")
	}
	return string(data), nil
}

// splitLines splits text on any line end: \r\n, \n or a lone \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// splitCells splits a table line on '|', dropping the empty cells that a
// leading or trailing '|' leaves. ok is false for a line with no '|'.
func splitCells(line string) (cells []string, ok bool) {
	if !strings.Contains(line, "|") {
		return nil, false
	}
	cells = strings.Split(line, "|")
	if strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[0]) == "" && strings.HasPrefix(strings.TrimSpace(line), "|") {
		cells = cells[1:]
	}
	return cells, true
}

// parseLines finds the header, reads the metadata above it and the task rows
// below it.
func parseLines(name string, lines []string) (*Document, error) {
	rep := &Report{LinesRead: len(lines), Unused: []UnusedLine{}}
	hdrAt := -1
	var hdr *header
	for i, l := range lines {
		if cells, ok := splitCells(l); ok {
			if h, ok := parseHeader(cells); ok {
				hdrAt, hdr = i, h
				break
			}
		}
	}
	if hdr == nil {
		return nil, Errorf(EINVALID, "没有找到任务表:没有一行含“序号/重点工作任务/牵头领导/牵头单位”等列名的表头(列用 | 分隔)")
	}
	doc := &Document{Source: name}
	readMetadata(doc, lines[:hdrAt], rep)

	var rows []row
	for i := hdrAt + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			rep.BlankLines++
			continue
		}
		cells, ok := splitCells(l)
		if !ok {
			rep.Unused = append(rep.Unused, UnusedLine{Line: i + 1, Text: l, Reason: reasonNotRow})
			continue
		}
		rows = append(rows, row{line: i + 1, cells: cells})
	}
	doc.Tasks = tasksFromRows(hdr, rows, rep)
	doc.ID = documentID(doc.Issuer, doc.Year, doc.Title)
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		t.DocID, t.Year = doc.ID, doc.Year
		t.ID = fmt.Sprintf("%s-%d", doc.ID, t.Seq)
	}
	rep.TasksMade = len(doc.Tasks)
	doc.Report = rep
	return doc, nil
}

// tasksFromRows turns table rows into tasks. A row whose only content is in
// its first cell and is not a number is a section heading (一、…) for the
// rows below it.
func tasksFromRows(h *header, rows []row, rep *Report) []Task {
	var (
		tasks   []Task
		section string
		lastSeq int
		seen    = map[int]bool{}
	)
	for _, r := range rows {
		cells := make([]string, len(r.cells))
		nonEmpty := 0
		for i, c := range r.cells {
			cells[i] = cleanCell(c)
			if cells[i] != "" {
				nonEmpty++
			}
		}
		if nonEmpty == 0 {
			rep.Unused = append(rep.Unused, UnusedLine{Line: r.line, Text: strings.Join(r.cells, "|"), Reason: reasonEmptyRow})
			continue
		}
		t := Task{Leaders: []string{}, Units: []string{}, CoUnits: []string{}}
		seqText := ""
		for i, c := range cells {
			if i >= len(h.cols) {
				if c != "" {
					setExtra(&t, fmt.Sprintf("列%d", i+1), c)
				}
				continue
			}
			switch h.cols[i] {
			case colSeq:
				seqText = c
			case colText:
				t.Text = c
			case colLeaders:
				t.Leaders = dedupe(splitLeaders(c))
			case colUnits:
				t.Units = dedupe(splitNames(c))
			case colCoUnits:
				t.CoUnits = dedupe(splitNames(c))
			case colDeadline:
				t.Deadline = c
			default:
				if c != "" {
					setExtra(&t, h.names[i], c)
				}
			}
		}
		if t.Text == "" {
			if nonEmpty == 1 && seqText != "" && !leadSeqRe.MatchString(seqText) {
				section = seqText
				continue
			}
			rep.Unused = append(rep.Unused, UnusedLine{Line: r.line, Text: strings.Join(r.cells, "|"), Reason: reasonNoText})
			continue
		}
		seq := lastSeq + 1
		if m := leadSeqRe.FindStringSubmatch(seqText); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
				seq = n
			}
		}
		if seen[seq] {
			rep.Unused = append(rep.Unused, UnusedLine{Line: r.line, Text: strings.Join(r.cells, "|"), Reason: reasonDupSeq})
			continue
		}
		seen[seq], lastSeq = true, seq
		t.Seq, t.Section = seq, section
		t.UnitGroups = unitGroups(t.Units)
		tasks = append(tasks, t)
	}
	return tasks
}

func setExtra(t *Task, key, val string) {
	if t.Extra == nil {
		t.Extra = map[string]string{}
	}
	t.Extra[key] = val
}

// readMetadata reads title, issuer, date and year from the lines above the
// table; the rest of them is the preamble. The title is the table's own
// caption (the last line above the header), else the attachment's name.
func readMetadata(doc *Document, lines []string, rep *Report) {
	var preamble []string
	titleLine, attachTitle := -1, ""
	for i := len(lines) - 1; i >= 0; i-- {
		l := cleanCell(lines[i])
		if l == "" {
			continue
		}
		if looksLikeTitle(l) {
			titleLine = i
		}
		break
	}
	for i, raw := range lines {
		l := cleanCell(raw)
		switch {
		case l == "":
			rep.BlankLines++
		case i == titleLine:
			doc.Title = l
		case attachRe.MatchString(l):
			// the "附件" marker above the table
		case attachTiRe.MatchString(l):
			if attachTitle == "" {
				attachTitle = attachTiRe.FindStringSubmatch(l)[1]
			}
		case doc.Date == "" && parseDate(l) != "":
			doc.Date = parseDate(l)
		case doc.Issuer == "" && isIssuer(l):
			doc.Issuer = l
		default:
			preamble = append(preamble, l)
		}
	}
	if doc.Title == "" {
		doc.Title = attachTitle
	}
	doc.Preamble = strings.Join(preamble, "\n")
	if m := yearRe.FindStringSubmatch(doc.Title); m != nil {
		doc.Year, _ = strconv.Atoi(m[1])
	} else if doc.Date != "" {
		doc.Year, _ = strconv.Atoi(doc.Date[:4])
	}
}

// looksLikeTitle: a short line that is not a sentence, a date or an issuer.
func looksLikeTitle(l string) bool {
	return utf8.RuneCountInString(l) <= 80 && !strings.ContainsAny(l, "。:\uFF1A") &&
		!attachRe.MatchString(l) && parseDate(l) == "" && !isIssuer(l)
}

// isIssuer: a short line naming a government office, standing alone.
func isIssuer(l string) bool {
	return utf8.RuneCountInString(l) <= 40 && issuerRe.MatchString(l) &&
		!strings.ContainsFunc(l, func(r rune) bool { return unicode.IsPunct(r) && r != '(' && r != ')' && r != '\uFF08' && r != '\uFF09' })
}

// parseDate returns the date a line holds (2018年3月18日 or 二〇一八年三月十八日)
// as YYYY-MM-DD, or "".
func parseDate(l string) string {
	l = strings.TrimSpace(l)
	if m := dateRe.FindStringSubmatch(l); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
		return ""
	}
	if m := cnDateRe.FindStringSubmatch(l); m != nil {
		y := 0
		for _, r := range m[1] {
			y = y*10 + cnDigit(r)
		}
		mo, d := cnNumber(m[2]), cnNumber(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	return ""
}

func cnDigit(r rune) int {
	return strings.IndexRune("〇一二三四五六七八九", r) / 3 // each is 3 bytes
}

// cnNumber reads 一 to 三十一.
func cnNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return cnDigit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + cnDigit(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return cnDigit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return cnDigit(rs[0])*10 + cnDigit(rs[2])
	}
	return 0
}

// documentID derives a stable id from what names a notice: the same issuer,
// year and title always give the same id, whatever the file is called.
func documentID(issuer string, year int, title string) string {
	sum := sha256.Sum256([]byte(issuer + "\x00" + strconv.Itoa(year) + "\x00" + title))
	return fmt.Sprintf("%d-%s", year, hex.EncodeToString(sum[:])[:10])
}
