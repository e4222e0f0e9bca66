package ingest

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
	RoleIgnore   = "忽略"
)

// ParseSourceWith is ParseSource reading with the office's rules.
//
// Contract for issues 25/26: the readings apply opt.Columns (branch
// readings); until they do, the rules are not applied and Report.Rules
// stays empty.
func ParseSourceWith(src *Source, opt Options) (*Document, error) {
	return ParseSource(src)
}
