package ingest

// Stage 3 of the pipeline: assignments, one grammar for who is responsible.
//
// A notice says who is responsible for an item in one of these ways, and
// every one of them ends up as a clause:
//
//   - keyed: 牵头单位:A;配合单位:B、C;牵头领导:张三;完成时限:6月底, in any
//     bracket ( ) （ ） 【 】 [ ] at the end of the item, on lines of their
//     own after it, or after the item's last sentence; keys are matched by
//     kind (assignKind), so 责任主体, 协同单位 and 牵头区领导 work too;
//   - keyless, in brackets at the end: (X负责), (X、Y负责), (X牵头,Y配合),
//     (X会同有关部门负责), (A、B等有关部门按职责分工负责), (A,各省级人民政府
//     按职责分工负责), (张三副区长牵头), or a bare list of units (市发改委);
//   - a lead rule the notice states once: (A、B负责,排在第一位的部门为牵头
//     部门,下同) splits this and every later keyless list into the lead unit
//     and the co-operating ones;
//   - a heading that names who leads what stands under it: 一、于会游市长主抓
//     重点工作, 区教育局牵头:.
//
// Brackets nest: (牵头单位:未来科技城(海创园);完成时限:…) is one clause. A
// keyless clause is taken only when every name in it has the shape of a
// unit or a titled leader (names.go), so a bracket that explains the text
// ((地、州、盟), (含技工院校)) stays text. Notes such as 按职责分工负责 or the
// lead rule itself are never part of a name.

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clause is who is responsible for an item, as one clause states it.
type clause struct {
	leaders, units, coUnits []string
	deadline                string
	extra                   map[string]string
	// via is ViaKey, ViaKeyless or ViaHeading.
	via string
	// names are a keyless clause's units in written order when the clause
	// does not say which leads; a lead rule splits them (resolve).
	names []string
	// rule: the clause states a lead rule; carry: for the items after it
	// too (下同).
	rule, carry bool
	// heads are persons named after the lead unit in its key's value (牵头
	// 单位：区民政局 伍泽国): the task's leaders when nothing names one.
	heads []string
	// coLeaders are leaders a bracket after the item adds to whoever leads
	// it (（齐振宇副县长共同领办）, （由邓文斌副县长协管）): after the leaders
	// the item's clause or its heading names.
	coLeaders []string
}

// onlyCoLeaders: the clause is nothing but a bracket adding co-leaders.
func (c *clause) onlyCoLeaders() bool {
	return c != nil && len(c.coLeaders) > 0 && c.empty() && c.deadline == ""
}

func (c *clause) empty() bool {
	return c == nil || len(c.leaders)+len(c.units)+len(c.coUnits)+len(c.names) == 0
}

// resolve settles a keyless list by the lead rule in force: the first
// named unit leads and the rest co-operate; with no rule every named unit
// leads.
func (c *clause) resolve(ruleInForce bool) {
	if len(c.names) == 0 {
		return
	}
	if (ruleInForce || c.rule) && len(c.names) > 1 {
		c.units = append(c.units, c.names[0])
		// (A、B会同C负责: B before C)
		c.coUnits = append(slices.Clip(c.names[1:]), c.coUnits...)
		c.via = ViaLeadRule
	} else {
		c.units = append(c.units, c.names...)
	}
	c.names = nil
	c.units, c.coUnits = dedupe(c.units), dedupe(c.coUnits)
}

var (
	// keyRe finds a key: two to eight characters before a colon.
	// A key may carry a qualifier in brackets (协办科室（单位）：), never a
	// form's instruction to stamp or sign it (承办单位（盖章）：).
	keyRe = regexp.MustCompile(`([\p{Han}]{2,8})(?:[(\x{FF08}](?:单位|部门|科室|股室|处室|站所|领导|单位名称|牵头|配合|社区|村|街道)[)\x{FF09}])?\s*[:\x{FF1A}]`)
	// leadRuleRe finds a stated lead rule: 排在第一位的部门为牵头部门,
	// 列第一位者为牵头单位, 第一个单位为牵头单位, 排名首位的为牵头单位,
	// 排在第一位的为主要责任单位; or written the other way round: 牵头单位为
	// 排在第一位的单位; or with the verb: 由括号中第一个单位牵头.
	leadRuleRe = regexp.MustCompile(`(?:第一位?|第一个|首位)[\p{Han}]{0,4}?(?:为|是)(?:牵头|主办|主责|主要责任|责任)(?:部门|单位)?|(?:牵头|主办|主责)(?:单位|部门)(?:为|是)(?:排在|排名|列|列在|位列)?(?:第一位?|第一个|首位)|(?:第一位?|第一个|首位)的?(?:单位|部门)(?:负责)?牵头`)
	// ruleRestRe is the rest of a lead rule's sentence, in the parts
	// around it: what the others are (其他为配合单位, 其余的为协办部门) and
	// where the rule looks (各项任务中, 每项任务的责任单位中). Never a name.
	ruleRestRe = regexp.MustCompile(`^(?:(?:其他|其余|其它|余下)的?(?:单位|部门)?(?:为|是)(?:配合|协办|参与|协同|责任)(?:单位|部门)?|(?:各项|每项|所列|以上|以下|下列|本表)?(?:任务|工作|事项)?的?(?:责任单位|单位|部门)?中)$`)
	// carryRe: the rule holds for what follows (下同, 以下同, 后同).
	carryRe = regexp.MustCompile(`(?:以下|下|后)同`)
	// deadlinePartRe is a part of a keyless clause that says when, not
	// who: 2023年底前完成, 6月底前, 年内完成, 长期坚持.
	// A time may be followed by how the work goes on: 年内持续推进,
	// 长期坚持, 常态化推进, 分阶段实施.
	deadlinePartRe = regexp.MustCompile(`^(?:(?:19|20)\d{2}\s*年)?(?:[一二三四]季度|上半年|下半年|年内|全年|年底|年末|\d{1,2}\s*月(?:底|末|上旬|中旬|下旬|\d{1,2}\s*日)?|底|末)?(?:前|以前|之前)?(?:持续|长期|常态化|逐年|逐步|分年度|分阶段|分步|分批|分季度|按季度|按月|按年度|按期)?(?:完成|办结|见效|落实到位|推进|坚持|实施)?$`)
	// clauseSep separates the parts of a keyless clause (a bar too: A牵头｜B配合).
	clauseSep = func(r rune) bool { return strings.ContainsRune(",，;；。｜|", r) }
)

// Verbs that close a keyless part, longest first; the role says whether
// the names before them lead, co-operate or are simply responsible.
type role int

const (
	rolePlain role = iota
	roleLead
	roleCo
	// roleCarry: the names carry the work out (落实, 组织实施): alone they
	// are responsible; after a part that names who is, they co-operate
	// (A、B按职责分工负责，各市、县（区）人民政府落实).
	roleCarry
)

var closingVerbs = []struct {
	verb string
	role role
}{
	// 区发改局、区统计局协同推进; 区民政局具体落实
	{"协同推进", roleCo}, {"配合推进", roleCo}, {"参与推进", roleCo}, {"配合落实", roleCo}, {"具体落实", roleCarry},
	{"按职责分工负责", rolePlain}, {"按职责分工落实", rolePlain}, {"按照职责分工负责", rolePlain}, {"按职能分工负责", rolePlain},
	{"按职责负责", rolePlain}, {"分别负责", rolePlain}, {"共同负责", rolePlain}, {"共同牵头", roleLead}, {"负责落实", roleCarry}, {"具体负责", rolePlain},
	{"牵头负责", roleLead}, {"牵头落实", roleLead}, {"牵头实施", roleLead}, {"组织实施", roleCarry}, {"抓好落实", roleCarry},
	{"负责", rolePlain}, {"落实", roleCarry}, {"实施", roleCarry},
	{"牵头", roleLead}, {"主抓", roleLead}, {"领办", roleLead}, {"领衔", roleLead}, {"主办", roleLead}, {"挂帅", roleLead},
	// a titled leader who oversees: 由A牵头，B配合，X副区长督导。
	{"负责督导", rolePlain}, {"督导", rolePlain}, {"督办", rolePlain},
	// …，副县长杨立新负责协调: the leader who coordinates
	{"负责协调", rolePlain}, {"统筹协调", rolePlain}, {"协调推进", rolePlain}, {"负责统筹", rolePlain},
	{"配合", roleCo}, {"参与", roleCo}, {"协助", roleCo}, {"协办", roleCo}, {"协同", roleCo}, {"参加", roleCo}, {"会办", roleCo},
}

// parseClause reads the text inside an assignment bracket, or a line of
// keys. ok is false when the text is not an assignment (a bracket that is
// part of the task's text).
//
// A clause in traditional characters (省財政廳、省稅務局負責) is read in
// simplified ones, so its verbs, keys and the endings of its names are
// recognised, and its names are given back as written.
func parseClause(s string) (*clause, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	folded := simplifiedRunes(s)
	c, ok := parseKeyed(folded)
	if ok && oddClause(c) {
		// 联系县领导：赵志强 县水利局牵头 县农业农村局配合: the key's value
		// ran over the parts after it, which the verbs close
		if m, ok := parseMixed(folded); ok && !oddClause(m) {
			c = m
		}
	}
	if !ok {
		c, ok = parseKeyless(folded)
	}
	if !ok {
		// 县交通运输局牵头，县财政局配合；联系县领导：王建华: verbs and keys
		c, ok = parseMixed(folded)
	}
	if ok && folded != s {
		c.restore(s, folded)
	}
	return c, ok
}

// roleNameRe is a unit named only by its role in an assignment (各牵头单位,
// 责任单位, 配合部门, 主办部门（单位）): no body of its own.
var roleNameRe = regexp.MustCompile(`^(?:各|其他|其余)?(?:有关|相关)?(?:牵头|责任|配合|协办|协同|参与|主办|承办|主责)(?:单位|部门|科室)(?:[(\x{FF08}](?:单位|部门|科室)[)\x{FF09}])?$`)

// rolesOnly reports a clause that names units only by their roles.
func rolesOnly(c *clause) bool {
	n := 0
	for _, list := range [][]string{c.units, c.coUnits, c.names} {
		for _, u := range list {
			if !roleNameRe.MatchString(strings.TrimSpace(u)) {
				return false
			}
			n++
		}
	}
	return n > 0 && len(c.leaders) == 0
}

// restore gives a clause read from folded text its names as written.
func (c *clause) restore(written, folded string) {
	for _, names := range [][]string{c.leaders, c.units, c.coUnits, c.names} {
		for i, n := range names {
			names[i] = asWritten(n, written, folded)
		}
	}
	c.deadline = asWritten(c.deadline, written, folded)
	for k, v := range c.extra {
		c.extra[k] = asWritten(v, written, folded)
	}
}

// keyMatch is one key found at bracket depth 0.
type keyMatch struct {
	start, end int // of the key and its colon
	key        string
}

// topKeys returns the keys of s that stand outside nested brackets.
func topKeys(s string) []keyMatch {
	var out []keyMatch
	for _, m := range keyRe.FindAllStringSubmatchIndex(s, -1) {
		if depthAt(s, m[0]) == 0 {
			start, key := m[0], s[m[2]:m[3]]
			if len(out) > 0 {
				// 牵头：文化旅游站配合：各村: the line break between a
				// value and the next key lost, the key is the role word
				// its name ends in
				if k, ok := gluedRoleKey(key); ok {
					start, key = m[3]-len(k), k
				}
			}
			out = append(out, keyMatch{start, m[1], key})
		}
	}
	return out
}

// gluedRoleKeys are the keys a value may run into when the line break
// before them is lost (文化旅游站配合：), longest first.
var gluedRoleKeys = []string{"配合单位", "协办单位", "协同单位", "参与单位", "责任单位", "牵头单位", "责任领导", "完成时限", "配合部门", "协办部门", "配合", "协办", "协同", "参与"}

// gluedRoleKey: a key found as a unit's name run into a role word
// (文化旅游站配合), the role word; ok only when what stands before it is a
// unit's whole name.
func gluedRoleKey(key string) (string, bool) {
	if key == "牵头" || columnName(key) {
		return "", false
	}
	for _, k := range gluedRoleKeys {
		if rest, ok := strings.CutSuffix(key, k); ok && rest != "" && isUnitName(rest) {
			return k, true
		}
	}
	return "", false
}

// bracketDepth steps the bracket depth depthAt counts over one rune.
func bracketDepth(d int, r rune) int {
	switch r {
	case '(', '（', '[', '【', '［', '〔':
		return d + 1
	case ')', '）', ']', '】', '］', '〕':
		if d > 0 {
			return d - 1
		}
	}
	return d
}

// depthAt is the bracket depth at byte offset i of s.
func depthAt(s string, i int) int {
	d := 0
	for _, r := range s[:i] {
		d = bracketDepth(d, r)
	}
	return d
}

// parseKeyed reads key:value parts. It needs at least one key for a leader
// or unit and nothing but separators before the first key.
func parseKeyed(s string) (*clause, bool) {
	return parseKeyedAs(s, assignKind)
}

// cellKeyKind is assignKind for the keys inside a unit cell, where a bare
// role names the field: 牵头：X / 配合：A、B. In prose a bare 主办： is the
// site's owner (主办：某市人民政府办公室), so only a cell reads it so.
func cellKeyKind(key string) column {
	switch key {
	case "牵头", "主办", "主责":
		return colUnits
	}
	return assignKind(key)
}

// parseKeyedAs is parseKeyed with kind saying which field a key fills.
func parseKeyedAs(s string, kind func(string) column) (*clause, bool) {
	// 丨 is a Han character a key would run into (田野丨牵头单位): as a
	// bar (the same width in UTF-8) it parts the keys
	s = strings.ReplaceAll(s, "丨", "｜")
	keys := topKeys(s)
	if len(keys) == 0 || strings.TrimFunc(s[:keys[0].start], func(r rune) bool { return clauseSep(r) || r == ' ' }) != "" {
		return nil, false
	}
	c := &clause{via: ViaKey}
	leadKey, found := "", false
	for _, k := range keys {
		if kind := kind(k.key); kind == colUnits && strings.Contains(k.key, "牵头") {
			leadKey = k.key
			break
		}
	}
	hasCo := false
	var heads []string // persons named after the lead unit (区民政局 伍泽国)
	for _, k := range keys {
		hasCo = hasCo || kind(k.key) == colCoUnits
	}
	for i, k := range keys {
		end := len(s)
		if i+1 < len(keys) {
			end = keys[i+1].start
		}
		// a bar may part the keys of one line as a space or ； does
		// (责任领导：田野｜牵头单位：区民政局)
		val := strings.TrimFunc(s[k.end:end], func(r rune) bool { return clauseSep(r) || unicode.IsSpace(r) || strings.ContainsRune("|｜丨", r) })
		if clauseKeys[k.key] {
			// 责任分工：A牵头，B、C按职责分工负责 — the value is a clause of its own
			v, ok := parseKeyless(val)
			if !ok {
				// 责任分工：市领导石磊；牵头单位：…: the clause key holds a
				// leader named by the level's key run into the name; any
				// other value it cannot read is left, the keys after it
				// still read
				if m := leaderLevelKeyRe.FindStringSubmatch(val); m != nil {
					c.leaders = append(c.leaders, leaderValue(m[1])...)
					found = true
				}
				continue
			}
			c.leaders, c.units, c.coUnits = append(c.leaders, v.leaders...), append(c.units, v.units...), append(c.coUnits, v.coUnits...)
			c.names = append(c.names, v.names...)
			c.rule, c.carry = c.rule || v.rule, c.carry || v.carry
			if c.deadline == "" {
				c.deadline = v.deadline
			}
			found = true
			continue
		}
		kk := kind(k.key)
		if kk == colExtra && i > 0 && titleOnlyRe.MatchString(k.key) && kind(keys[i-1].key) == colLeaders {
			// 联系副市长：邹凯、常务副市长：孟立新 — a second leader, his
			// title written as a key
			kk = colLeaders
		}
		switch kk {
		case colLeaders:
			c.leaders = append(c.leaders, leaderValue(val)...)
			found = found || val != ""
		case colUnits:
			if leadKey == "" {
				leadKey = k.key
			}
			val = c.takeRule(val)
			if k.key == leadKey {
				units, co, hs := unitCellHeads(val, false, false)
				heads = append(heads, hs...)
				if len(co) == 0 && len(units) > 1 && !hasCo && !strings.ContainsAny(k.key, "牵主") {
					// 责任单位:A、B、C — which leads is for a lead rule to say
					c.names = append(c.names, units...)
				} else {
					c.units, c.coUnits = append(c.units, units...), append(c.coUnits, co...)
				}
			} else {
				marked, others := takeLeadMarks(splitUnitList(val))
				c.units, c.coUnits = append(c.units, marked...), append(c.coUnits, others...)
			}
			found = found || val != ""
		case colCoUnits:
			// a unit marked (牵头) leads wherever its list stands
			marked, others := takeLeadMarks(splitUnitList(val))
			c.units, c.coUnits = append(c.units, marked...), append(c.coUnits, others...)
			found = found || val != ""
		case colDeadline:
			c.deadline = val
		default:
			if c.extra == nil {
				c.extra = map[string]string{}
			}
			c.extra[k.key] = val
		}
	}
	if !found {
		return nil, false
	}
	c.heads = dedupe(heads)
	c.leaders, c.units, c.coUnits, c.names = dedupe(c.leaders), dedupe(c.units), dedupe(c.coUnits), dedupe(c.names)
	return c, true
}

// takeRule removes a lead rule stated in a bracket after a key's value
// (责任单位:A、B、C(列第一位者为牵头单位,下同)) and records it; the rule is
// never part of a unit's name.
func (c *clause) takeRule(val string) string {
	v := strings.TrimRight(val, "。;；,， ")
	open, ok := matchingOpen(v)
	if !ok {
		// 责任单位：A、B、C，排在第一位的为牵头单位，下同 — the rule after a
		// comma, in the same bracket
		return c.takeRuleParts(val)
	}
	_, size := utf8.DecodeRuneInString(v[open:])
	inner := v[open+size : len(v)-len(lastRune(v))]
	if !leadRuleRe.MatchString(inner) {
		return val
	}
	c.rule = true
	c.carry = c.carry || carryRe.MatchString(inner)
	return strings.TrimRight(v[:open], " \t\u3000")
}

// takeRuleParts removes the parts after a value's last names, apart by a
// comma, that state a lead rule (，排在第一位的为牵头单位，下同), and records
// it.
func (c *clause) takeRuleParts(val string) string {
	v := strings.TrimRight(val, "。;；,， ")
	rule, carry := false, false
	for {
		i := strings.LastIndexAny(v, ",，;；")
		if i < 0 || depthAt(v, i) > 0 {
			break
		}
		_, size := utf8.DecodeRuneInString(v[i:])
		part := strings.TrimSpace(v[i+size:])
		switch {
		case leadRuleRe.MatchString(part):
			rule, carry = true, carry || carryRe.MatchString(part)
		case carryRe.MatchString(part) && utf8.RuneCountInString(part) <= 3:
			carry = true
		case ruleRestRe.MatchString(part) && leadRuleRe.MatchString(v):
		default:
			i = -1
		}
		if i < 0 {
			break
		}
		v = strings.TrimRight(v[:i], " \t\u3000")
	}
	if !rule {
		return val
	}
	c.rule, c.carry = true, c.carry || carry
	return v
}

// clauseKeys name a clause rather than one field: 责任分工：A牵头，B、C按职责
// 分工负责 is read as a keyless clause after its key.
var clauseKeys = map[string]bool{"责任分工": true, "任务分工": true, "职责分工": true, "分工": true}

// splitUnitList splits a keyed unit value into names, separating
// collectives written with 等 (A、B等有关部门 → A, B, 有关部门).
func splitUnitList(val string) []string {
	var out []string
	for _, n := range splitNames(val) {
		if noneValue(n) {
			continue // 协办部门:无
		}
		if t := strings.TrimRight(n, "。"); t != n && t != "" && isUnitName(t) {
			n = t // 区住建局。: the full stop closes the cell, not the name
		}
		out = append(out, splitDeng(n)...)
	}
	return out
}

// noneValue: a value that says there is none (无, 暂无, —), never a name.
func noneValue(n string) bool {
	switch strings.Trim(n, " \t\u3000。.") {
	case "无", "暂无", "没有", "/", "／", "—", "——", "-", "--", "无配合单位", "无协办单位":
		return true
	}
	// ________: a form's blank to fill in
	return strings.Trim(n, " \t\u3000_＿") == "" && n != ""
}

// splitDeng separates "A等有关部门" into A and 有关部门 ("A等部门" is A), and
// "有关部门和各省级人民政府" into its two collectives.
func splitDeng(name string) []string {
	if i := strings.LastIndex(name, "和各"); i > 0 && depthAt(name, i) == 0 {
		return append(splitDeng(name[:i]), name[i+len("和"):])
	}
	if i := strings.LastIndex(name, "及各"); i > 0 && depthAt(name, i) == 0 {
		return append(splitDeng(name[:i]), name[i+len("及"):])
	}
	i := strings.LastIndex(name, "等")
	if i <= 0 || depthAt(name, i) > 0 {
		return []string{name}
	}
	head, tail := name[:i], name[i+len("等"):]
	switch {
	case genericUnits.MatchString(tail):
		return []string{head, tail}
	case tail == "" || tail == "部门" || tail == "单位" || tail == "部门和单位" || tail == "单位和部门":
		return []string{head}
	}
	return []string{name}
}

// parseKeyless reads a clause without keys: parts apart by commas, each a
// list of names closed by a verb (负责, 牵头, 配合 …), joined by 会同, or
// bare. Every name must have the shape of a unit or a titled leader.
func parseKeyless(s string) (*clause, bool) {
	if seatNoteRe.MatchString(s) || liaisonNoteRe.MatchString(s) {
		// 领导小组办公室（设在县发改局）: where an office sits, not who is
		// responsible
		return nil, false
	}
	c := &clause{via: ViaKeyless}
	var parts []string
	states := leadRuleRe.MatchString(s)
	for _, p := range strings.FieldsFunc(s, clauseSep) {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case leadRuleRe.MatchString(p):
			c.rule = true
			c.carry = c.carry || carryRe.MatchString(p)
		case carryRe.MatchString(p) && utf8.RuneCountInString(p) <= 3:
			c.carry = true
		case states && ruleRestRe.MatchString(p):
			// （各项任务中，排在第一位的单位为牵头单位，其他为配合单位）:
			// the rule's own words, no names
		default:
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return nil, false
	}
	explicit, verbs := false, false
	var plain, lead, co, carry, together []string
	roles := partRoles(parts)
	for i, p := range parts {
		p = strings.TrimPrefix(p, "由")
		if deadlinePartRe.MatchString(p) && len(parts) > 1 {
			// (省科技厅负责，2023年底前完成): when, not who
			c.deadline = p
			continue
		}
		r := roles[i]
		for _, v := range closingVerbs {
			if strings.HasSuffix(p, v.verb) && len(p) > len(v.verb) {
				p, verbs = strings.TrimSuffix(p, v.verb), true
				break
			}
		}
		left, right, with := strings.Cut(p, "会同")
		if with {
			explicit = true
			l, ok1 := splitClauseNames(left, c)
			rt, ok2 := splitClauseNames(right, c)
			if !ok1 || !ok2 || len(l) == 0 {
				return nil, false
			}
			if len(l) > 1 {
				// 市场监管总局、司法部会同有关部门负责: who of the two
				// leads is the lead rule's to say, when one is stated
				together = append(together, l...)
			} else {
				lead = append(lead, l...)
			}
			co = append(co, rt...)
			continue
		}
		names, ok := splitClauseNames(p, c)
		if !ok {
			return nil, false
		}
		switch r {
		case roleLead:
			explicit = true
			lead = append(lead, names...)
		case roleCo:
			explicit = true
			co = append(co, names...)
		case roleCarry:
			carry = append(carry, names...)
		default:
			plain = append(plain, names...)
		}
	}
	if len(together) > 0 && (len(lead) > 0 || len(plain) > 0 || len(carry) > 0) {
		lead = append(lead, together...)
		together = nil
	}
	switch {
	case len(carry) == 0:
	case len(lead) > 0 || len(plain) > 0:
		explicit = true
		co = append(co, carry...)
	default:
		plain = carry
	}
	if !verbs && !c.rule {
		// a bare list (市发改委) must be plainly bodies: a bracket such as
		// (示范区) after a place is text
		for _, n := range plain {
			if !isBodyName(n) {
				return nil, false
			}
		}
	}
	if marked, others := takeLeadMarks(append(append(slices.Clip(lead), plain...), co...)); len(marked) > 0 {
		// 县发改局、县财政局（牵头）、县统计局: the unit marked (牵头) leads
		// wherever it stands in the list, the others co-operate in their
		// order; the mark is no part of its name
		c.units, c.coUnits, c.leaders = dedupe(marked), dedupe(others), dedupe(c.leaders)
		return c, true
	}
	switch {
	case len(together) > 0:
		// resolved by the rule in force: the first leads, the other
		// co-operates before those they work with; with no rule both lead
		c.names, c.coUnits = dedupe(together), dedupe(co)
	case len(lead) > 0:
		// X牵头，Y按职责分工负责: the others co-operate
		c.units = dedupe(lead)
		c.coUnits = dedupe(append(co, plain...))
	case explicit:
		c.units = dedupe(plain)
		c.coUnits = dedupe(co)
	default:
		c.names = dedupe(plain)
	}
	c.leaders = dedupe(c.leaders)
	if c.empty() {
		return nil, false
	}
	return c, true
}

// seatNoteRe opens a bracket that says where an office sits or is
// attached: 设在县发改局, 设于, 挂靠, 位于.
var seatNoteRe = regexp.MustCompile(`^\s*(?:设在|设于|挂靠|位于|驻)`)

// liaisonNoteRe opens a bracket after a leader's name that lists the units
// the leader liaises with or oversees (李四同志（联系县发改局、县财政局）):
// the leader's portfolio, not who carries out the items below.
var liaisonNoteRe = regexp.MustCompile(`^\s*(?:联系|挂联|分管|联系单位|分管单位|联系部门|分管部门)\s*[:\x{FF1A}]?`)

// partRoles gives each part of a keyless clause the role of its closing
// verb. A part without a verb is one more list of the names the next verb
// closes: in 区综治办负责，区公安分局，各街道办事处配合 the 区公安分局
// co-operates, as a reader takes the comma to continue the list. A bare
// first part is not such a list: in 县经济开发区管委会，县招商局配合 it leads.
func partRoles(parts []string) []role {
	roles := make([]role, len(parts))
	has := make([]bool, len(parts))
	for i, p := range parts {
		for _, v := range closingVerbs {
			if strings.HasSuffix(p, v.verb) && len(p) > len(v.verb) {
				roles[i], has[i] = v.role, true
				break
			}
		}
	}
	closed := make([]bool, len(parts)) // a part before i has a verb
	for i := 1; i < len(parts); i++ {
		closed[i] = closed[i-1] || has[i-1]
	}
	for i := len(parts) - 2; i > 0; i-- {
		if !has[i] && closed[i] && has[i+1] && !deadlinePartRe.MatchString(strings.TrimPrefix(parts[i+1], "由")) {
			roles[i], has[i] = roles[i+1], true
		}
	}
	return roles
}

// splitClauseNames splits one part of a keyless clause into unit names;
// titled leaders go to c.leaders. ok is false when a name is neither.
func splitClauseNames(p string, c *clause) ([]string, bool) {
	var units []string
	names := splitNames(p)
	// 周文静、刘海燕副区长督导: the title after the last name names them all
	lastTitled := false
	if len(names) > 1 {
		_, lastTitled, _ = leaderName(names[len(names)-1])
	}
	for i, n := range names {
		if i+1 < len(names) && titleBeforeName(n) {
			if _, titled, ok := leaderName(names[i+1]); ok && titled {
				// 县委常委、常务副县长郝立群同志: the party title before 、
				// is the next name's, no unit
				continue
			}
		}
		for _, part := range splitDeng(n) {
			if name, titled, ok := leaderName(part); ok && (titled || lastTitled && !isUnitName(part)) {
				c.leaders = append(c.leaders, name)
				continue
			}
			if !isUnitName(part) {
				return nil, false
			}
			units = append(units, part)
		}
	}
	return units, true
}

// secondName reports a bracket that names one unit right after a unit's
// name (集团综合办公室（督办室）, 区委办（区政府办）): the body's other name,
// never an assignment, which stands after the text (…建设。（县发改局）).
func secondName(before, inner string) bool {
	before = strings.TrimRight(before, " \t\u3000")
	if strings.ContainsAny(inner, "、,，;；") || !bareUnits(inner) {
		return false
	}
	last := lastRune(before)
	return last != "" && strings.Contains("室局委办院所队站会部厅府司处组馆社", last) || strings.HasSuffix(before, "中心")
}

// bareUnits: a bracket's text that is nothing but units' names.
func bareUnits(s string) bool {
	names := splitNames(simplifiedRunes(s))
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if !isUnitName(n) {
			return false
		}
	}
	return true
}

// openToClose is the bracket that closes r.
func openToClose(r rune) rune {
	for c, o := range closeToOpen {
		if o == r {
			return c
		}
	}
	return 0
}

// Brackets an assignment stands in.
var closeToOpen = map[rune]rune{')': '(', '）': '（', '】': '【', ']': '[', '］': '［', '〕': '〔'}

// trailingClause finds an assignment at the end of an item's text: a
// bracket (nested brackets inside) that parses as a clause, maybe followed
// by 。 or ; , or key:value parts after the item's last sentence. body is
// the text before it, with the sentence's closing 。 kept where the
// bracket stood before it.
func trailingClause(text string) (body string, c *clause) {
	if before, co, ok := trailingCoLeaders(text); ok {
		// (县教育局牵头，县公安局配合)（齐振宇副县长共同领办）: the bracket
		// adds a leader to the assignment before it, or to the heading's
		body, c = trailingClause(before)
		if c == nil {
			body, c = before, &clause{via: ViaKeyless}
		}
		c.coLeaders = dedupe(append(c.coLeaders, co...))
		return body, c
	}
	t := strings.TrimRight(text, " \t\u3000")
	end := strings.TrimRightFunc(t, func(r rune) bool { return strings.ContainsRune("。;；.,，", r) || r == ' ' })
	if open, ok := matchingOpen(end); ok {
		_, size := utf8.DecodeRuneInString(end[open:])
		inner := end[open+size : len(end)-len(lastRune(end))]
		// 【牵头单位:X】【责任单位:Y】: keyed brackets side by side are one
		// clause, read together so the key after 牵头 gives co-units.
		for {
			before := strings.TrimRight(end[:open], " \t\u3000")
			o2, ok := matchingOpen(before)
			if !ok {
				break
			}
			_, s2 := utf8.DecodeRuneInString(before[o2:])
			prev := before[o2+s2 : len(before)-len(lastRune(before))]
			if lastRune(before) == "】" && lastRune(end) == "】" && bareUnits(prev) && bareUnits(inner) {
				// 【区商务局】【区农业农村局、区供销社】: the first pair of
				// brackets names the lead, the second who co-operates
				inner, open = "牵头单位："+prev+"；配合单位："+inner, o2
				break
			}
			if !(keyedBracket(prev) && keyedBracket(inner)) && !mixedPair(prev, inner) {
				break
			}
			inner, open = prev+"；"+inner, o2
		}
		if secondName(end[:open], inner) {
			// …报集团综合办公室（督办室）。: the bracket is the unit's
			// other name, not who does the item
		} else if c, ok := parseClause(inner); ok {
			body = strings.TrimRight(end[:open], " \t\u3000")
			// (…负责)。 — the full stop after the bracket ends the text
			if strings.HasSuffix(t, "。") && !strings.HasSuffix(body, "。") && body != "" {
				body += "。"
			}
			return body, c
		}
	}
	// A last sentence that says who: …启动一期工程。由区住建局负责，区财政局配合。
	if body, c := trailingSentenceClause(t); c != nil {
		return body, c
	}
	// Keys in brackets after the item's last sentence: …建设。【牵头单位】区
	// 建设局【配合单位】各镇
	if i := strings.LastIndex(t, "。【"); i >= 0 {
		at := i + len("。")
		if keys := bracketKeys(t[at:]); keys != t[at:] {
			if c, ok := parseClause(keys); ok && c.via == ViaKey {
				return t[:at], c
			}
		}
	}
	// Keys after the item's last sentence: …建设。牵头单位:区建设局;责任单位:各镇
	for _, k := range topKeys(t) {
		// …建设。——责任领导：X；牵头单位：Y: a dash may lead the keys
		before := strings.TrimRight(t[:k.start], " \t\u3000—―－")
		// …主办（3件）　联系县领导：X — or a leaders' key apart from the text
		// by a wide gap (a site's footer parts its 主办单位：… so: no units)
		gap := before != "" && assignKind(k.key) == colLeaders && (strings.HasSuffix(t[:k.start], "\u3000") || strings.HasSuffix(t[:k.start], "  ") || strings.HasSuffix(t[:k.start], "\t"))
		if assignKind(k.key) == colExtra || !gap && !strings.HasSuffix(before, "。") && !strings.HasSuffix(before, "；") && !strings.HasSuffix(before, ";") {
			continue
		}
		if c, ok := parseKeyed(t[k.start:]); ok {
			return before, c
		}
	}
	return text, nil
}

// coLeaderVerbs close a bracket naming leaders who share an item with,
// or assist, whoever leads it; longest first.
var coLeaderVerbs = []string{"共同领办", "共同负责", "共同牵头", "共同推进", "共同督办", "协助领办", "协助督办", "协助", "协管", "协同", "配合", "参与"}

// keyedBracket: a bracket's text that is keys of an assignment, one of
// which may be only when (【办结时限：12月底前】 beside 【县领导：X】【承办单位：
// Y】): it opens with the key of a leader, a unit or a deadline.
func keyedBracket(inner string) bool {
	s := simplifiedRunes(inner)
	if _, ok := parseKeyed(s); ok {
		return true
	}
	keys := topKeys(s)
	return len(keys) > 0 && strings.TrimSpace(s[:keys[0].start]) == "" && assignKind(keys[0].key) == colDeadline
}

// trailingCoLeaders finds a bracket at the end of an item that names
// titled leaders and a verb of sharing or assisting: （齐振宇副县长共同领办）,
// （由邓文斌副县长协管）, （王强、李敏副区长协助）. before is the text
// without it, the sentence's closing 。 kept. A bracket that names units, or
// a person without a title, is not one.
func trailingCoLeaders(text string) (before string, leaders []string, ok bool) {
	return coLeadersAtEnd(text, true)
}

// leaderValue reads a leader key's value or a leader cell: the names, and
// after them the leaders a bracket adds (孟庆和副市长（苏婉清副市长协助）, 邓文斌
// （齐振宇协助）: in a leader's field a name needs no title).
func leaderValue(val string) []string {
	body, co, ok := coLeadersAtEnd(val, false)
	if !ok {
		return cleanLeaders(splitLeaders(val))
	}
	return dedupe(append(cleanLeaders(splitLeaders(body)), co...))
}

// coLeadersAtEnd is trailingCoLeaders; with titled false, a name without a
// title is a leader too.
func coLeadersAtEnd(text string, titled bool) (before string, leaders []string, ok bool) {
	t := strings.TrimRight(text, " \t\u3000")
	end := strings.TrimRightFunc(t, func(r rune) bool { return strings.ContainsRune("。;；.,，", r) || r == ' ' })
	open, found := matchingOpen(end)
	if !found {
		return text, nil, false
	}
	_, size := utf8.DecodeRuneInString(end[open:])
	written := strings.TrimSpace(end[open+size : len(end)-len(lastRune(end))])
	inner := simplifiedRunes(written)
	s := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(inner, "由"), "与"), "请")
	verb := ""
	for _, v := range coLeaderVerbs {
		if strings.HasSuffix(s, v) && len(s) > len(v) {
			verb = v
			break
		}
	}
	if verb == "" {
		return text, nil, false
	}
	// 区委常委、副区长 孙立成协助: a title spaced from its name is one part
	s = closeHanSpaces(strings.TrimSuffix(s, verb))
	// 县委常委、常务副县长杨胜利: the party title before 、 is no name
	names := slices.DeleteFunc(splitNames(s), committeeRe.MatchString)
	for i, n := range names {
		name, hasTitle, ok := leaderName(n)
		// 王强、李敏副区长: the title after the last names them all
		if !ok || titled && !hasTitle && i == len(names)-1 {
			return text, nil, false
		}
		leaders = append(leaders, asWritten(name, written, inner))
	}
	if len(leaders) == 0 {
		return text, nil, false
	}
	before = strings.TrimRight(end[:open], " \t\u3000")
	if strings.HasSuffix(t, "。") && !strings.HasSuffix(before, "。") && before != "" {
		before += "。"
	}
	return before, leaders, true
}

// trailingSentenceClause reads an item's last sentence when it opens with
// 由 and is nothing but an assignment: 由区发改局负责，区统计局配合。,
// 由A、B负责。, 由X会同Y负责。 The sentence must follow another one (the
// item's text) and every name in it must have the shape of a unit, so a
// sentence that only mentions a unit (由区财政局负责资金保障) stays text.
func trailingSentenceClause(t string) (string, *clause) {
	end := strings.TrimRight(t, "。;；.， ")
	i := strings.LastIndexAny(end, "。；;")
	if i < 0 {
		return t, nil
	}
	_, size := utf8.DecodeRuneInString(end[i:])
	last := strings.TrimLeft(end[i+size:], " \t\u3000")
	// 此项工作由郭振华同志负责，…: the sentence names its subject first
	last = workSubjectRe.ReplaceAllString(last, "由")
	if !strings.HasPrefix(last, "由") || depthAt(end, i) > 0 {
		return t, nil
	}
	c, ok := parseClause(last)
	if !ok || c.via != ViaKeyless || len(c.units)+len(c.names) == 0 {
		return t, nil
	}
	return strings.TrimRight(end[:i+size], " \t\u3000"), c
}

// workSubjectRe is the subject a last sentence of assignment opens with
// (此项工作由…, 该事项由…, 上述工作由…).
var workSubjectRe = regexp.MustCompile(`^(?:此项|该项|本项|上述|以上|此|该)(?:工作|事项|任务)?由`)

// firstRune is s's first rune as a string ("" for "").
func firstRune(s string) string {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// matchingOpen returns the byte offset of the bracket that the last rune
// of s closes, counting nested brackets; ok is false when s does not end in
// a closing bracket or the bracket is not opened.
func matchingOpen(s string) (int, bool) {
	last, _ := utf8.DecodeLastRuneInString(s)
	if _, ok := closeToOpen[last]; !ok {
		return 0, false
	}
	depth := 0
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		switch {
		case closeToOpen[r] != 0:
			depth++
		case strings.ContainsRune("(（【[［〔", r):
			depth--
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

// leadingClause finds an assignment at the start of an item, before its
// text:
//   - in brackets, keyed or not: 【牵头单位:区发改局】推进…, 【区商务局、区财政局】
//     开展… (the notice says 每项任务前【】内为责任单位);
//   - names and a colon: 市大数据局、市通信管理办：建成…, 市经信局牵头，市科技局
//     配合：实施…. A label such as 主要目标： or 工作要求： is not taken: what
//     stands before the colon must parse as a clause whose every name has the
//     shape of a unit, and text must follow it.
func leadingClause(text string) (rest string, c *clause) {
	t := strings.TrimLeft(text, " \t\u3000")
	r, size := utf8.DecodeRuneInString(t)
	if !strings.ContainsRune("(（【[［〔", r) {
		return leadingColonClause(text, t)
	}
	depth := 0
	for i, q := range t {
		switch {
		case strings.ContainsRune("(（【[［〔", q):
			depth++
		case closeToOpen[q] != 0:
			depth--
			if depth == 0 {
				rest := strings.TrimLeft(t[i+len(string(q)):], " \t\u3000")
				inner := t[size:i]
				// 【牵头单位:X】【责任单位:Y】推进…: keyed brackets side by
				// side are one clause
				for {
					r2, s2 := utf8.DecodeRuneInString(rest)
					if !strings.ContainsRune("(（【[［〔", r2) {
						break
					}
					_, next, ok := strings.Cut(rest[s2:], string(openToClose(r2)))
					nin := rest[s2 : len(rest)-len(next)-len(string(openToClose(r2)))]
					if !ok || strings.ContainsAny(nin, "(（【[［〔") {
						break
					}
					_, ok1 := parseKeyed(simplifiedRunes(inner))
					_, ok2 := parseKeyed(simplifiedRunes(nin))
					if !(ok1 && ok2) && !mixedPair(inner, nin) {
						break
					}
					inner, rest = inner+"；"+nin, strings.TrimLeft(next, " \t\u3000")
				}
				if c, ok := parseClause(inner); ok && rest != "" {
					return rest, c
				}
				return text, nil
			}
		}
	}
	return text, nil
}

// leadingVerbs close a part of an assignment written before the item's
// text (leadingSentenceClause), longest first: only verbs that say who
// leads, is responsible or co-operates, never 落实 or 实施 (县住建局组织
// 实施，… is text).
var leadingVerbs = []struct {
	verb string
	role role
}{
	{"共同牵头", roleLead}, {"共同负责", rolePlain}, {"牵头负责", roleLead}, {"具体负责", rolePlain},
	{"牵头", roleLead}, {"负责", rolePlain}, {"配合", roleCo}, {"协助", roleCo}, {"协办", roleCo}, {"参与", roleCo},
}

// leadingPart: a part of a sentence that names who does the item and
// closes with a verb of leadingVerbs; every name before the verb a unit's
// or a titled leader's (a party title before 、 allowed: 县委常委、常务副县长
// 郝立群同志牵头).
func leadingPart(part string) (role, bool) {
	p := strings.TrimPrefix(strings.TrimSpace(simplifiedRunes(part)), "由")
	for _, v := range leadingVerbs {
		if !strings.HasSuffix(p, v.verb) || len(p) == len(v.verb) {
			continue
		}
		names := splitNames(strings.TrimSuffix(p, v.verb))
		if len(names) == 0 {
			return 0, false
		}
		for i, n := range names {
			if _, titled, ok := leaderName(n); ok && titled || allUnits(splitDeng(n)) && !titleBeforeName(n) {
				continue // 县商务局、城关街道等配合: 等 closes the list
			}
			if i+1 < len(names) && titleBeforeName(n) {
				continue
			}
			return 0, false
		}
		return v.role, true
	}
	return 0, false
}

// allUnits: every name has a unit's shape.
func allUnits(names []string) bool {
	for _, n := range names {
		if !isUnitName(n) {
			return false
		}
	}
	return len(names) > 0
}

// titleBeforeName: a title written apart before a leader's name and 、
// (县委常委、, 县委书记、): no unit and no name of its own.
func titleBeforeName(n string) bool {
	return committeeRe.MatchString(n) || titleOnlyRe.MatchString(n)
}

// leadingSentenceClause reads an assignment written before an item's text,
// in the sentence that goes on with it: 由副县长叶明川同志牵头，县供销社负
// 责，县商务局、城关街道配合，推进县域商业体系建设… (the leader from 由…同志
// 牵头, X负责 the units, Y、Z配合 the co-units; with no leader 由X牵头 names the
// lead unit). The parts before the text stand apart by commas (or
// semicolons), each closed
// by a verb of leadingVerbs, the first not one of co-operating; rest is the
// text after them, which must be there. c is nil when the item does not
// open so.
func leadingSentenceClause(text string) (rest string, c *clause) {
	t := strings.TrimLeft(text, " \t\u3000")
	end := len(t)
	if i := strings.IndexAny(t, "。"); i >= 0 {
		end = i
	}
	cut := 0
	for cut < end {
		j := strings.IndexAny(t[cut:end], ",，;；")
		if j < 0 {
			break // the text must follow the assignment
		}
		r, ok := leadingPart(t[cut : cut+j])
		if !ok || cut == 0 && r == roleCo || depthAt(t, cut+j) > 0 {
			break
		}
		_, size := utf8.DecodeRuneInString(t[cut+j:])
		cut += j + size
	}
	if end < len(t) && cut < end {
		// 由县发改局牵头，县财政局配合。推进…: the assignment a sentence of
		// its own before the text
		if r, ok := leadingPart(t[cut:end]); ok && (cut > 0 || r != roleCo) && depthAt(t, end) == 0 {
			_, size := utf8.DecodeRuneInString(t[end:])
			cut = end + size
		}
	}
	if cut == 0 {
		return text, nil
	}
	rest = strings.TrimLeft(t[cut:], " \t\u3000")
	if !hasHan(rest) {
		return text, nil
	}
	if _, ok := leadingPart(strings.TrimRight(countRe.ReplaceAllString(rest, ""), "。:： ")); ok {
		// 四、区教育局牵头，各镇街配合（2项）: the whole line assigns, a
		// heading over the items below it (headingClause)
		return text, nil
	}
	c, ok := parseClause(strings.TrimRight(t[:cut], ",，。 "))
	if !ok || c.via != ViaKeyless || len(c.leaders)+len(c.units)+len(c.coUnits)+len(c.names) == 0 {
		return text, nil
	}
	return rest, c
}

// maxLeadingNames bounds the names before a colon read as an assignment.
const maxLeadingNames = 120

// leadingColonClause reads 市5G办：… (see leadingClause); t is text without
// its leading space.
func leadingColonClause(text, t string) (string, *clause) {
	i := strings.IndexAny(t, ":\uFF1A")
	if i <= 0 || utf8.RuneCountInString(t[:i]) > maxLeadingNames || depthAt(t, i) > 0 {
		return text, nil
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	rest := strings.TrimLeft(t[i+size:], " \t\u3000")
	if rest == "" {
		return text, nil
	}
	if strings.HasPrefix(strings.TrimSpace(t), "各") && !strings.ContainsAny(t[:i], "、，,") {
		return text, nil // 各单位：请按…: those addressed, not who leads
	}
	c, ok := parseClause(t[:i])
	if !ok || len(c.units)+len(c.coUnits)+len(c.names) == 0 || c.via == ViaKey {
		return text, nil
	}
	return rest, c
}

// isKeyLine reports a line of its own that opens with a key of an
// assignment or a deadline (牵头单位:区科技局, 完成时限:6月底).
func isKeyLine(line string) bool {
	keys := topKeys(line)
	if len(keys) > 0 && strings.HasPrefix(keys[0].key, "各") {
		return false // 各单位：请按…: a salutation to those addressed, no key
	}
	return len(keys) > 0 && keys[0].start == 0 && (assignKind(keys[0].key) != colExtra || clauseKeys[keys[0].key])
}

// keyLines reads the lines of keys after an item as one clause, so 责任单位
// on the line after 牵头单位 co-operates; nil when they name nobody.
func keyLines(lines []string) *clause {
	if len(lines) == 0 {
		return nil
	}
	c, ok := parseKeyed(strings.Join(lines, "；"))
	if !ok {
		return nil
	}
	return c
}

var (
	// A heading naming its leader: 于会游市长主抓重点工作, (一)张三副市长牵头,
	// 常务副区长祝振伟负责, 陈新华同志领办.
	headingVerbs = `(?:负责|牵头|分管|主抓|领办|领衔|联系|挂帅|督办|抓总|协助|协调|包案|包抓|包联|包保)`
	// Several leaders may share a heading: 副县长赵海、副县长陈静共同牵头的工作.
	headingJointly     = `(?:共同|分别|联合)?`
	headingLeaderAfter = regexp.MustCompile(`((?:\p{Han}{2,4}、)*\p{Han}{2,4}?)(?:同志)?(?:` + leaderTitle + `)(?:同志)?` + headingJointly + headingVerbs)
	headingLeaderFirst = regexp.MustCompile(`(?:` + leaderTitle + `)(\p{Han}{2,3}?(?:、(?:` + leaderTitle + `)?\p{Han}{2,3}?)*)(?:同志)?` + headingJointly + headingVerbs)
	headingComrade     = regexp.MustCompile(`(\p{Han}{2,4}?)同志` + headingVerbs)
	// A heading naming its unit: 区教育局牵头: / 区教育局负责的工作:
	headingUnit = regexp.MustCompile(`^(\S{2,30}?)(?:牵头|负责|主抓|领办)(?:的?(?:工作|任务|事项|项目))?\s*[:\x{FF1A}]$`)
	// A numbered heading naming its unit needs no colon: (一)区发改局牵头的工作(5项)
	headingUnitNumbered = regexp.MustCompile(`^(\S{2,30}?)(?:牵头|负责|主抓|领办)(?:的?(?:工作|任务|事项|项目))?\s*(?:[(\x{FF08}]\s*\d+\s*项\s*[)\x{FF09}])?\s*[:\x{FF1A}]?$`)
)

// portfolioNoteRe is a bracket naming a leader's portfolio with a word
// after it (（分管住建、应急）负责事项); one that closes the heading is
// liaisonNoteRe's.
var portfolioNoteRe = regexp.MustCompile(`[(\x{FF08}](?:分管|联系|挂联|主管)[^()\x{FF08}\x{FF09}]{1,30}[)\x{FF09}](\p{Han})`)

// titleNoteRe is a bracket of titles after a leader's name in a heading:
// （县委常委、常务副县长）.
var titleNoteRe = regexp.MustCompile(`[(\x{FF08}][^()\x{FF08}\x{FF09}]*(?:长|书记|主任|常委|主席|同志|挂职|主持工作)[)\x{FF09}]`)

var (
	// headingVerbOnly is a bracket holding nothing but a heading's verb:
	// （共同领衔）, （牵头）.
	headingVerbOnly = regexp.MustCompile(`^` + headingJointly + headingVerbs + `$`)
	// headingVerbEnd closes a heading naming who leads what follows:
	// 共同牵头, 分管的工作, 领衔事项, 共同领衔推进事项.
	headingVerbEnd = regexp.MustCompile(headingJointly + headingVerbs + `(?:负责)?(?:推进|落实|实施)?(?:的?(?:重点)?(?:工作|任务|事项))?$`)
)

// jointLeaders reads a heading naming several leaders who share what
// follows, each with a title of their own or one after the last name
// (副县长吴新民、县政府党组成员范振宇共同领衔, 吴新民、范振宇同志共同牵头): the
// names, or nil when a part is no titled person.
func jointLeaders(h string) []string {
	loc := headingVerbEnd.FindStringIndex(h)
	if loc == nil || !strings.Contains(h[:loc[0]], "、") {
		return nil
	}
	names := splitNames(h[:loc[0]])
	if len(names) < 2 {
		return nil
	}
	_, lastTitled, _ := leaderName(names[len(names)-1])
	var out []string
	for _, n := range names {
		if committeeRe.MatchString(n) || titleOnlyRe.MatchString(n) {
			continue // 县委常委、常务副县长杨胜利; 副县长、县公安局局长凌飞: one person's two titles
		}
		name, titled, ok := leaderName(n)
		if !ok || isUnitName(n) || !titled && !lastTitled {
			return nil
		}
		out = append(out, strings.TrimSuffix(name, "同志"))
	}
	return out
}

// closeHanSpaces removes the runs of spaces (plain, tab or full-width)
// that stand between two Chinese characters.
func closeHanSpaces(s string) string {
	if !strings.ContainsAny(s, " \t\u3000") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if r := rs[i]; r == ' ' || r == '\t' || r == '\u3000' {
			j := i
			for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t' || rs[j] == '\u3000') {
				j++
			}
			if i > 0 && j < len(rs) && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// countRe is a heading's count of items: (3项), （2项）.
var countRe = regexp.MustCompile(`\s*[(\x{FF08}]\s*\d+\s*项\s*[)\x{FF09}]\s*$`)

// headingClause reads who a heading says leads the items under it: a
// leader with a title and a verb anywhere in the heading, or a unit with
// 牵头: closing it. Only short headings are read, so a task's sentence that
// mentions a leader is not taken for a heading.
func headingClause(h string) (*clause, bool) {
	h = strings.TrimSpace(trimBanner(h))
	if leaders, ok := leaderGroupRow(h); ok {
		// 分管领导：龚䶮（党工委书记）: a leader's key and name heading
		// the items under it
		return &clause{leaders: leaders, via: ViaHeading}, true
	}
	if loc := headingCountRe.FindStringIndex(h); loc != nil && loc[0] > 0 {
		// 一、县发展和改革局牵头（共3项）: how many items follow
		h = strings.TrimSpace(h[:loc[0]])
	}
	if m := headingCountLeaderRe.FindStringSubmatchIndex(h); m != nil && m[0] > 0 {
		// 一、市住房和城乡建设局主办（3件，督办市领导：何嘉树副市长）: the
		// count, then the leader who follows the items up
		if leaders, ok := leaderGroupRow(h[m[2]:m[3]]); ok {
			c, ok := headingClause(h[:m[0]])
			if ok {
				c.leaders = dedupe(append(c.leaders, leaders...))
			}
			return c, ok
		}
	}
	if body, co, ok := trailingCoLeaders(h); ok {
		// 一、邓文斌副县长领办事项（齐振宇副县长协助）: the heading's leader,
		// then the one its bracket adds
		c, ok := headingClause(body)
		if ok {
			c.coLeaders = dedupe(append(c.coLeaders, co...))
		}
		return c, ok
	}
	if m := bracketHeadingRe.FindStringSubmatch(h); m != nil {
		// 【党政办牵头】, 【财政所牵头】（3项）: a heading in brackets
		inner := strings.TrimSpace(m[1])
		if headingVerbEnd.MatchString(inner) && !strings.HasSuffix(inner, "：") {
			inner += "："
		}
		return headingClause(inner)
	}
	if m := unitGroupHeadingRe.FindStringSubmatch(h); m != nil {
		// 主办单位：市农业农村局（2件）: a group row naming the unit of the
		// items under it, and how many there are
		var units []string
		for _, n := range splitUnitList(m[1]) {
			if !isUnitName(n) {
				return nil, false
			}
			units = append(units, n)
		}
		if len(units) > 0 {
			return &clause{units: units, via: ViaHeading}, true
		}
	}
	// 副区长　周海峰　牵头负责, 常务副县长 林佳明 分管: a title, a name and a
	// verb spaced apart are one heading
	h = closeHanSpaces(h)
	if t := portfolioNoteRe.ReplaceAllString(h, "$1"); t != h {
		// 一、刘振华副县长（分管住建、应急）负责事项: the leader's portfolio
		// in brackets between the title and the verb
		h = t
	}
	if t := titleNoteRe.ReplaceAllString(h, ""); t != h && t != "" {
		// 李德胜副县长（县委常委、常务副县长）分管工作: the titles in
		// brackets stand between the name and the verb; 副区长（挂职） 韩东
		// 牵头: spaces the bracket stood between
		h = closeHanSpaces(t)
	}
	if open, ok := matchingOpen(h); ok && open > 0 {
		// 李四同志（联系县发改局、县财政局）: the units the leader liaises
		// with are no part of the heading's assignment; the bracket's verb
		// says the leader leads what stands below (李四同志联系)
		_, size := utf8.DecodeRuneInString(h[open:])
		if liaisonNoteRe.MatchString(h[open+size : len(h)-len(lastRune(h))]) {
			name := strings.TrimRight(h[:open], " \t\u3000")
			if n, _, ok := leaderName(name); ok && !isUnitName(name) {
				// 蒋文涛（联系县发改局、县财政局）: a name with no title,
				// the bracket saying whose portfolio follows
				return &clause{leaders: []string{n}, via: ViaHeading}, true
			}
			h = name + "联系"
		}
	}
	if utf8.RuneCountInString(h) > 40 {
		return nil, false
	}
	if open, ok := matchingOpen(h); ok && open > 0 {
		// 副县长吴新民、县政府党组成员范振宇（共同领衔）: the verb in brackets
		_, size := utf8.DecodeRuneInString(h[open:])
		if inner := h[open+size : len(h)-len(lastRune(h))]; headingVerbOnly.MatchString(inner) {
			h = strings.TrimRight(h[:open], " \t\u3000") + inner
		}
	}
	if leaders := jointLeaders(h); len(leaders) > 1 {
		return &clause{leaders: leaders, via: ViaHeading}, true
	}
	for _, re := range []*regexp.Regexp{headingLeaderAfter, headingLeaderFirst, headingComrade} {
		m := re.FindStringSubmatch(h)
		if m == nil {
			continue
		}
		var leaders []string
		for _, n := range strings.Split(m[1], "、") {
			if name, titled, ok := leaderName(n); ok && titled {
				n = name // 副县长陈静 after 副县长赵海、
			}
			if !isUnitName(n) {
				leaders = append(leaders, n)
			}
		}
		if len(leaders) > 0 {
			return &clause{leaders: leaders, via: ViaHeading}, true
		}
	}
	if name, titled, ok := leaderName(strings.TrimRight(countRe.ReplaceAllString(h, ""), ":\uFF1A")); ok && titled {
		// 二、常务副县长林佳明: a heading that is nothing but a titled name
		return &clause{leaders: []string{name}, via: ViaHeading}, true
	}
	m := headingUnit.FindStringSubmatch(h)
	if m == nil {
		m = headingUnitNumbered.FindStringSubmatch(h)
	}
	if m == nil {
		// 区教育局牵头，各镇街配合(2项)
		t := strings.TrimRight(countRe.ReplaceAllString(h, ""), ":\uFF1A ")
		if c, ok := parseKeyless(t); ok && len(c.names) == 0 && len(c.units) > 0 {
			c.via = ViaHeading
			return c, true
		}
	}
	if m != nil {
		var units []string
		for _, n := range splitNames(m[1]) {
			if !isUnitName(n) {
				return nil, false
			}
			units = append(units, n)
		}
		return &clause{units: units, via: ViaHeading}, true
	}
	return nil, false
}

// headingCountRe is the count of items closing a heading: （共3项）, (4项).
// headingCountLeaderRe is a heading's closing bracket holding the count
// of its items and a leader's key and name: （3件，督办市领导：何嘉树副市长）.
var headingCountLeaderRe = regexp.MustCompile(`[(\x{FF08}]\s*(?:共\s*)?\d+\s*[项件个条]\s*[，,；;]\s*([^()\x{FF08}\x{FF09}]+?(?:[(\x{FF08}][^()\x{FF08}\x{FF09}]*[)\x{FF09}])?)\s*[)\x{FF09}]\s*[:\x{FF1A}]?$`)

var headingCountRe = regexp.MustCompile(`[(\x{FF08}]\s*(?:共\s*)?\d+\s*[项件个条]\s*[)\x{FF09}]\s*[:\x{FF1A}]?$`)

// bracketHeadingRe is a heading standing in brackets that ends in its verb,
// maybe with its count after them: 【党政办牵头】（3项）; never a key
// (【县领导：曾庆华】).
var bracketHeadingRe = regexp.MustCompile(`^[【\[]([^【】\[\]:\x{FF1A}]{2,40}` + headingVerbs + `)[】\]]\s*(?:[(\x{FF08}]\s*(?:共\s*)?\d+\s*[项件个条]\s*[)\x{FF09}])?$`)

// leaderLevelKeyRe is a leader named after the key of his level run into
// the name: 市领导石磊, 县领导：王五.
var leaderLevelKeyRe = regexp.MustCompile(`^(?:市|县|区|省|镇|乡|分管|责任|牵头)领导[:\x{FF1A}]?\s*(\p{Han}{2,4}(?:、\p{Han}{2,4})*)$`)

// unitGroupHeadingRe is a heading or group row that is one key of the lead
// unit, maybe with its count: 主办单位：市商务局（2件）.
var unitGroupHeadingRe = regexp.MustCompile(`^(?:主办|牵头|承办|主责)(?:单位|部门)\s*[:\x{FF1A}]\s*(\S+?)\s*(?:[(\x{FF08}]\s*(?:共\s*)?\d+\s*[件项个条]\s*[)\x{FF09}])?$`)

// assignKind says which field a key such as 牵头单位 or 牵头市领导 fills;
// colExtra for keys that are not assignments.
// bareLeaderRoles are the roles a leader alone holds, written as a key
// without 领导 (包联：吴志华).
var bareLeaderRoles = map[string]bool{"包联": true, "包抓": true, "包保": true, "挂点": true, "挂钩": true, "包片": true, "领办": true}

func assignKind(key string) column {
	if key == "牵头" {
		// 牵头：A　配合：B — a bare role as the key (a bare 主办 stays a
		// site's owner: cellKeyKind)
		return colUnits
	}
	if bareLeaderRoles[key] {
		// 【包联：吴志华 牵头：应急办】: the leader's role alone as its key
		return colLeaders
	}
	switch c := classifyHeader(key); c {
	case colLeaders, colUnits, colCoUnits, colDeadline:
		return c
	}
	return colExtra
}
