package ingest

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Contact lists (issue 26, "reading the unseen"): a notice may close with a
// second table that is no task table — 附：各牵头单位联络员, 联系人名单, 通讯录:
// 序号 | 单位 | 联络员 | 电话, or 姓名 | 职务 | 联系电话 | 手机. Its rows are
// never tasks, though it has 序号 and 单位. It is told by its shape, not by
// the heading above it: a header naming a person's column and a phone's and
// no task's, or rows holding a phone number beside a person's name and no
// task's text.

const reasonContacts = "联络员或联系人名单(单位、姓名、电话),不是任务"

// phoneRe is one phone number as a contact list writes it: a landline with
// or without its area code (0377-63152210, (0371)6715 2201, 63152210转
// 8012) or a mobile (13837712345, 138 3771 2345).
var phoneRe = regexp.MustCompile(`^(?:(?:[(\x{FF08}]?0\d{2,3}[)\x{FF09}]?\s*[-—－]?\s*)?\d{3,4}\s?\d{4}(?:\s*(?:转|-|－)\s*\d{1,5})?|1[3-9]\d\s?[-－]?\s?\d{4}\s?[-－]?\s?\d{4})$`)

// phoneSepRe parts several numbers in one cell.
var phoneSepRe = regexp.MustCompile(`\s*[/／、，,;；\n]\s*`)

// phoneCell reports a cell of phone numbers only.
func phoneCell(c string) bool {
	c = strings.TrimSpace(c)
	if c == "" {
		return false
	}
	n := 0
	for _, p := range phoneSepRe.Split(c, -1) {
		if p == "" {
			continue
		}
		if !phoneRe.MatchString(p) {
			return false
		}
		n++
	}
	return n > 0
}

// phoneColumn reports a header with a column of phones: a task table may
// give each task's contact and number (责任人 | 联系电话), and its rows are
// tasks.
func phoneColumn(h *header) bool {
	for _, n := range h.names {
		if phoneColumnName(headerName(n)) {
			return true
		}
	}
	return false
}

// personColumnNames name a contact list's column of persons.
var personColumnNames = map[string]bool{"姓名": true, "联络员": true, "联系人": true, "联络人": true, "信息员": true,
	"经办人": true, "联络员姓名": true, "联系人姓名": true, "负责人": true, "责任人": true, "负责人姓名": true}

// phoneColumnName names a column of phone numbers (电话, 联系电话, 手机,
// 办公电话, 联系方式, 手机号码, 传真).
func phoneColumnName(name string) bool {
	for _, w := range []string{"电话", "手机", "联系方式", "传真", "座机"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// contactHeader reports the header of a contact list: a column of persons
// and one of phones, and none of a task's text.
func contactHeader(cells []string) bool {
	person, phone := false, false
	for _, c := range cells {
		n := headerName(c)
		switch {
		case n == "":
		case classifyHeader(c) == colText:
			return false
		case phoneColumnName(n):
			phone = true
		case personColumnNames[n] || strings.HasSuffix(n, "联络员") || strings.HasSuffix(n, "联系人"):
			person = true
		}
	}
	return person && phone
}

// maxContactCell bounds a contact list's cell in runes: a longer cell is a
// task's text, and its row a task's.
const maxContactCell = 30

// contactRow reports a row of a contact list: a person's name and a phone
// number among short cells.
func contactRow(cells []string) bool {
	person, phone := false, false
	for _, c := range cells {
		if utf8.RuneCountInString(c) > maxContactCell {
			return false
		}
		switch {
		case phoneCell(c):
			phone = true
		case isPersonName(c) && !isUnitName(c):
			person = true
		}
	}
	return person && phone
}

// contactNames are the other columns a contact list's header may have.
var contactNames = map[string]bool{"序号": true, "单位": true, "单位名称": true, "部门": true, "职务": true, "职务职称": true, "职称": true,
	"邮箱": true, "电子邮箱": true, "备注": true, "科室": true, "处室": true}

// contactRun reads a contact list's header written one cell per line from
// toks[i]: the names and the index after them; nil when there is none.
func contactRun(toks []token, i int) (names []string, j int) {
	for j = i; j < len(toks) && len(names) < 8; j++ {
		n := headerName(toks[j].text)
		if !(contactNames[n] || personColumnNames[n] || phoneColumnName(n) || strings.HasSuffix(n, "联络员") || strings.HasSuffix(n, "联系人")) {
			break
		}
		names = append(names, toks[j].text)
	}
	if len(names) < 2 || !contactHeader(names) {
		return nil, 0
	}
	return names, j
}

// contactTitleRe names the list under it (附：各牵头单位联络员, 联系人名单,
// 通讯录): where a table copied one cell per line ends, it is no cell.
var contactTitleRe = regexp.MustCompile(`(?:联络员|联系人|联络人|通讯录|名单|联系方式)\s*[:\x{FF1A}]?$`)
