package vocab

import (
	"slices"
	"strings"

	"github.com/duban/duban/ingest"
)

// ColumnRule is one reading rule the office taught duban (the file's
// [栏目] section, 包保单位 = 牵头单位): the column header or key Name, as
// the office's documents write it, gives the task's field Role — one of
// ingest's Role* words. Every later parse reads with it
// (ingest.Options.Columns, through the library).
type ColumnRule struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// Roles are the words a reading rule's right side may say, in the order the
// page offers them.
func Roles() []string {
	return []string{ingest.RoleUnits, ingest.RoleCoUnits, ingest.RoleLeaders, ingest.RoleDeadline, ingest.RoleText, ingest.RoleSeq, ingest.RoleSection, ingest.RoleIgnore}
}

// String is the rule as its file line writes it (and as Report.Rules names
// it): 包保单位 = 牵头单位.
func (r ColumnRule) String() string { return r.Name + " = " + r.Role }

// checkRole refuses a role that is not one of Roles, saying which are.
func checkRole(role string) error {
	if slices.Contains(Roles(), role) {
		return nil
	}
	return ingest.Errorf(ingest.EINVALID, "“%s”不是可用的栏目含义,应为其中之一:%s", role, strings.Join(Roles(), "、"))
}

// ReadingOptions are the vocabulary's reading rules as the parser takes
// them.
func (v *Vocabulary) ReadingOptions() ingest.Options {
	opt := ingest.Options{}
	if v == nil || len(v.Columns) == 0 {
		return opt
	}
	opt.Columns = make(map[string]string, len(v.Columns))
	for _, r := range v.Columns {
		opt.Columns[r.Name] = r.Role
	}
	return opt
}

// ReadingOptions are the office's reading rules as they stand now, for
// every parse (library.Options.Rules). Safe beside a Put.
func (s *Store) ReadingOptions() ingest.Options {
	v, _ := s.Get()
	return v.ReadingOptions()
}
