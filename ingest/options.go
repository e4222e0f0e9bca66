package ingest

import (
	"regexp"
	"slices"
)

// Options are what the office has taught the reading of its documents:
// the reading rules kept in the vocabulary's [栏目] section (包保单位 =
// 牵头单位). The library passes them to every parse; the chosen reading
// applies them and names each rule it used in Report.Rules.
type Options struct {
	// Columns maps a column header or a key as written (包保单位,
	// 协同责任单位) to the field it gives: one of the Role* values.
	Columns map[string]string
}

// The fields a column or key can be taught to give (Options.Columns). The
// values are the words the office writes in the vocabulary.
const (
	RoleUnits    = "牵头单位"
	RoleCoUnits  = "配合单位"
	RoleLeaders  = "牵头领导"
	RoleDeadline = "完成时限"
	RoleText     = "工作任务"
	RoleSeq      = "序号"
	RoleSection  = "所属部分"
	RoleIgnore   = "忽略"
)

// applyRules renames, in the blocks, the header cells and keys that the
// office's rules name (包保单位 → 牵头单位), so every reading reads them as
// the field the rule gives; a rule to ignore (忽略) makes its column or key
// one the readings keep aside. It returns the rules it used, as written in
// the vocabulary (包保单位 = 牵头单位).
func applyRules(blocks []block, opt Options) ([]block, []string) {
	if len(opt.Columns) == 0 {
		return blocks, []string{}
	}
	names := make([]string, 0, len(opt.Columns))
	for n := range opt.Columns {
		if compact(n) != "" && roleName(opt.Columns[n]) != "" {
			names = append(names, n)
		}
	}
	// longer names first, so 协同责任单位 is renamed before 责任单位 could be
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	// a key is the name before a colon
	keyRes := make([]*regexp.Regexp, len(names))
	for k, n := range names {
		keyRes[k] = regexp.MustCompile(regexp.QuoteMeta(n) + `(\s*[:\x{FF1A}])`)
	}
	used := map[string]bool{}
	out := make([]block, len(blocks))
	for i, b := range blocks {
		out[i] = b
		if b.row {
			var cells []string
			for j, c := range b.cells {
				for _, n := range names {
					if compact(c) == compact(n) {
						if cells == nil {
							cells = slices.Clone(b.cells)
						}
						cells[j] = roleName(opt.Columns[n])
						used[n] = true
						break
					}
				}
			}
			if cells != nil {
				out[i].cells = cells
			}
			continue
		}
		text := b.text
		for k, n := range names {
			switch {
			case compact(text) == compact(n):
				// a header cell on a line of its own (one cell per line)
				text = roleName(opt.Columns[n])
			case keyRes[k].MatchString(text):
				text = keyRes[k].ReplaceAllString(text, roleName(opt.Columns[n])+"$1")
			default:
				continue
			}
			used[n] = true
		}
		out[i].text = text
	}
	rules := []string{}
	for _, n := range names {
		if used[n] {
			rules = append(rules, n+" = "+opt.Columns[n])
		}
	}
	slices.Sort(rules)
	return out, rules
}

// roleName is the name a role's column is read by: the role itself, and
// for 忽略 a name every reading keeps aside, whose values are dropped. "" for a role
// that is none of the Role* values.
func roleName(role string) string {
	switch role {
	case RoleUnits, RoleCoUnits, RoleLeaders, RoleDeadline, RoleText, RoleSeq, RoleSection:
		return role
	case RoleIgnore:
		return ignoredName
	}
	return ""
}

// ignoredName is what a column or key the office ignores is renamed to: a
// name no reading takes for a field, whose values are then dropped.
const ignoredName = "忽略列"

// dropIgnored removes from the tasks the values of ignored columns.
func dropIgnored(doc *Document) {
	for i := range doc.Tasks {
		if _, ok := doc.Tasks[i].Extra[ignoredName]; !ok {
			continue
		}
		delete(doc.Tasks[i].Extra, ignoredName)
		if len(doc.Tasks[i].Extra) == 0 {
			doc.Tasks[i].Extra = nil
		}
	}
}
