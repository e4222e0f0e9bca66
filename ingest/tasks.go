package ingest

// Stage 5 of the pipeline: tasks from the outline. Every item with an
// assignment — its own, or its heading's — becomes a task; items without
// one (指导思想, 基本原则, 有关要求) go to the report with the reason.
//
// A node is a section or an item by what carries assignments, not by its
// kind of numbering:
//   - a node with children is a section when a child has an assignment of
//     its own, or when the node is a short heading whose assignment the
//     children inherit (一、于会游市长主抓重点工作, (一)稳增长(牵头单位:…));
//     a node with a sentence of its own and an assignment is one task, its
//     children's text (details without assignments) part of it;
//   - a node without children is one task when its paragraphs end in one
//     assignment; when several of its paragraphs end in their own, each is
//     a task (a heading with paragraph items under it);
//   - the walk goes in document order, so a lead rule stated with 下同
//     applies from its clause on.
// Seqs are the items' own numbers when they are unique; otherwise (numbers
// restarting under each heading, or paragraphs without numbers) tasks are
// numbered in order and the written number is kept in Extra["原编号"].

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	reasonNotItem  = "编号条目之后无法归属的文字"
	reasonNoAssign = "编号条目没有牵头单位或领导"
	reasonSection  = "章节标题下的说明文字,不是任务"
)

// taskBuilder walks an outline and collects tasks.
type taskBuilder struct {
	rep *Report
	// rule: a lead rule is in force (stated with 下同, or in the head).
	rule  bool
	tasks []Task
	// written holds each task's written number (0 for none).
	written []int
	// closing: the walk is past the heading of the closing requirements.
	closing bool
}

// outlineTasks makes the tasks of an outline. rule says whether the head
// stated a lead rule for the whole notice.
func outlineTasks(o *outline, rule bool, rep *Report) []Task {
	b := &taskBuilder{rep: rep, rule: rule || ruleLineUnder(o.roots)}
	top := headKeys(o.head)
	if top == nil || len(top.leaders) == 0 {
		// 以下任务由常务副县长李明统筹督办。 in the preamble: the leader of
		// every item
		for _, h := range o.head {
			if ls := overseer(h.text); len(ls) > 0 && !h.row {
				top = withLeaders(top, ls)
				break
			}
		}
	}
	for _, n := range o.roots {
		// the closing requirements (督办要求, unnumbered or 三、督办要求)
		// hold the roots after them: numbered as the items were, 1. 2. 3.
		// stand beside their heading
		b.closing = b.closing || underRequirements([]string{n.heading})
		if b.closing {
			// the head's keys (承办单位：区水利局等有关单位 on a 督办通知单)
			// assign the items, not the requirements that close the notice
			top = nil
		}
		b.walk(n, top, nil)
	}
	b.number()
	return b.tasks
}

// ruleLineUnder: a paragraph that ends in a bracket stating only the lead
// rule, under a heading ((各项任务责任单位中排在第一位的为牵头单位，…，下同) below 一、重点工作任务):
// the rule holds for the items of the notice.
func ruleLineUnder(nodes []*node) bool {
	for _, n := range nodes {
		for _, p := range n.paras {
			t := strings.TrimSpace(p.text)
			if loc := noteLeadRe.FindStringIndex(t); loc != nil && leadRuleRe.MatchString(simplifiedRunes(t[loc[0]:])) && utf8.RuneCountInString(t[loc[0]:]) <= 120 {
				// 说明：各考核事项的“责任单位”栏中，排在第一位的为牵头单位…
				// (maybe run on from its heading's line)
				return true
			}
			i := strings.LastIndex(t, "（")
			if i < 0 || !strings.HasSuffix(t, "）") || utf8.RuneCountInString(t[i:]) > 80 {
				continue
			}
			// (a heading's line goes on with the rule's bracket: 重点工作任务（各项…下同）);
			// an item's own bracket naming its units before the rule
			// (（县工信局、县科技局负责，列第一位的为牵头单位）) holds for that item only
			inner := simplifiedRunes(t[i:])
			if loc := leadRuleRe.FindStringIndex(inner); loc != nil && !strings.ContainsAny(inner[:loc[0]], "、，,；;") && !strings.Contains(inner[:loc[0]], "负责") {
				return true
			}
		}
		for _, l := range n.trailing {
			// 说明：以上各事项“责任单位”中排在首位的为牵头单位。 after the
			// last item's keys
			t := strings.TrimSpace(l.text)
			if closingNoteRe.MatchString(t) && leadRuleRe.MatchString(simplifiedRunes(t)) && utf8.RuneCountInString(t) <= 120 {
				return true
			}
		}
		if ruleLineUnder(n.children) {
			return true
		}
	}
	return false
}

// noteLeadRe opens a note stating how the notice is to be read: 说明：, 注：.
var noteLeadRe = regexp.MustCompile(`(?:说明|备注|附注|^注)\s*[:\x{FF1A}]`)

// overseerRe is a sentence under a heading or in the preamble naming the
// leader who oversees the items below it: 以下整改任务由副县长吴斌统筹督办,
// 下列事项由常务副区长李明同志牵头推进, 以下任务的分管区领导均为区委常委、
// 常务副区长周振国同志.
var overseerRe = regexp.MustCompile(`(?:以下|下列|上述|本部分|各项)\p{Han}{0,8}?(?:由(?:` + leaderTitle + `)?(\p{Han}{2,3}?)(?:同志)?(?:（[^（）]{1,20}）)?(?:统筹|负责|牵头|亲自|分管)?(?:督办|调度|推进|协调|负责|领办|牵头|落实)|的?(?:分管|牵头|责任|联系|督办|包联)\p{Han}{0,2}领导均?为(?:` + leaderTitle + `)?(?:、(?:` + leaderTitle + `))?(\p{Han}{2,3}?)同志)`)

// overseer is the leader a text names by overseerRe, nil for none.
func overseer(text string) []string {
	if m := overseerRe.FindStringSubmatch(text); m != nil {
		if name, _, ok := leaderName(m[1] + m[2]); ok {
			return []string{name}
		}
	}
	return nil
}

// withLeaders is c (nil for none) with its leaders set to ls, as a heading
// gives them; c itself is left as it was.
func withLeaders(c *clause, ls []string) *clause {
	out := &clause{via: ViaHeading}
	if c != nil {
		*out = *c
	}
	out.leaders = ls
	return out
}

// headKeys reads the key lines that stand alone before the first item
// (分管领导:陈志远 under the list's title): what they assign holds for
// every item that does not say otherwise. nil when there are none.
func headKeys(head []block) *clause {
	var keys []string
	for _, b := range head {
		t := spacedKey(bracketKeys(cleanCell(b.text)))
		if !b.row && isKeyLine(t) {
			keys = append(keys, t)
		}
	}
	c := keyLines(keys)
	if c == nil {
		return nil
	}
	c.resolve(false)
	c.via = ViaHeading
	return c
}

// ownClause is what a node's own paragraphs and key lines assign,
// combined; a short heading naming its leader or unit counts too.
func (b *taskBuilder) ownClause(n *node, withHeading bool) *clause {
	var cs []*clause
	for _, p := range n.paras {
		if p.clause != nil {
			cs = append(cs, p.clause)
		}
	}
	if k := keyLines(n.keys); k != nil {
		cs = append(cs, k)
	}
	if withHeading && (len(cs) == 0 || len(cs) == 1 && cs[0].onlyCoLeaders()) {
		// a heading naming who leads, maybe with a co-leader's bracket
		if c, ok := headingClause(n.paras[0].text); ok {
			cs = append(cs, c)
		}
	}
	if withHeading && len(n.children) > 0 && len(cs) == 1 && len(cs[0].units)+len(cs[0].coUnits)+len(cs[0].names) == 0 && len(cs[0].leaders) > 0 {
		// 一、区应急管理局（分管区领导：韩立新）, 县教育体育局主办（3件）　联系
		// 县领导：杨春梅: the heading's unit leads the items under it, its
		// bracket or key names their leader
		if u := headingUnitName(n.paras[0].body); u != "" {
			cs = append(cs, &clause{units: []string{u}, via: ViaHeading})
		}
	}
	return b.combine(cs)
}

// combine resolves clauses (the lead rule in force) and joins them into
// one.
func (b *taskBuilder) combine(cs []*clause) *clause {
	if len(cs) == 0 {
		return nil
	}
	out := &clause{}
	for _, c := range cs {
		b.resolve(c)
		out.leaders = append(out.leaders, c.leaders...)
		out.units = append(out.units, c.units...)
		out.coUnits = append(out.coUnits, c.coUnits...)
		out.heads = append(out.heads, c.heads...)
		out.coLeaders = append(out.coLeaders, c.coLeaders...)
		if out.deadline == "" {
			out.deadline = c.deadline
		}
		for k, v := range c.extra {
			if out.extra == nil {
				out.extra = map[string]string{}
			}
			out.extra[k] = v
		}
		if out.via == "" || len(out.units) == len(c.units) && len(c.units) > 0 {
			out.via = c.via
		}
	}
	out.leaders, out.units, out.coUnits = dedupe(out.leaders), dedupe(out.units), dedupe(out.coUnits)
	return out
}

// resolve applies the lead rule in force to a keyless clause, once; a rule
// the clause states with 下同 stays in force after it.
func (b *taskBuilder) resolve(c *clause) {
	c.resolve(b.rule)
	if c.rule && c.carry {
		b.rule = true
	}
}

// hasOwnAssignment reports whether a node or a node below it assigns
// anything of its own.
func hasOwnAssignment(n *node) bool {
	for _, p := range n.paras {
		if p.clause != nil {
			return true
		}
	}
	if len(n.keys) > 0 {
		return true
	}
	for _, c := range n.children {
		if hasOwnAssignment(c) {
			return true
		}
	}
	return false
}

func (b *taskBuilder) walk(n *node, inherited *clause, sections []string) {
	if len(n.children) > 0 {
		b.walkSection(n, inherited, sections)
		return
	}
	b.walkLeaf(n, inherited, sections)
}

// walkSection handles a node with children: a section, or one task whose
// children are its details.
func (b *taskBuilder) walkSection(n *node, inherited *clause, sections []string) {
	lifted := liftSubItemKeys(n)
	childrenAssign := false
	for _, c := range n.children {
		childrenAssign = childrenAssign || hasOwnAssignment(c)
	}
	own := b.ownClause(n, true)
	body := n.paras[0].body
	if own != nil && !childrenAssign && (lifted || !titleLike(body) || subItemList(n) && (strings.HasSuffix(body, "。") || leadsIn(body)) && !namedByHeading(n)) {
		// one task; the children are its details
		b.add(n, b.withSubItems(n), own, inherited, sections)
		b.unused(n.trailing, reasonNotItem)
		return
	}
	sub := append(append([]string(nil), sections...), n.heading)
	next := mergeClause(own, inherited)
	if next == nil || len(next.leaders) == 0 {
		// 二、整改任务 / 以下整改任务由副县长吴斌统筹督办。: the leader of the
		// items under the heading
		for _, p := range n.paras {
			if ls := overseer(p.text); len(ls) > 0 {
				next = withLeaders(next, ls)
				break
			}
		}
	}
	before := len(b.tasks)
	for _, c := range n.children {
		b.walk(c, next, sub)
	}
	if len(b.tasks) == before {
		b.unused(n.paras[0].lines, reasonNoAssign)
	}
	for _, p := range n.paras[1:] {
		b.unused(p.lines, reasonSection)
	}
	b.unused(n.trailing, reasonNotItem)
}

// withSubItems is the text of one task whose children are its details:
// its paragraphs, then each child's heading and paragraphs, in order. The
// lines after a child that are not part of it are reported.
func (b *taskBuilder) withSubItems(n *node) string {
	var text strings.Builder
	for _, p := range n.paras {
		text.WriteString(p.body)
	}
	var appendChildren func(*node)
	appendChildren = func(c *node) {
		for _, ch := range c.children {
			text.WriteString(ch.heading)
			for _, p := range ch.paras[1:] {
				text.WriteString(p.text)
			}
			appendChildren(ch)
			b.unused(ch.trailing, reasonNotItem)
		}
	}
	appendChildren(n)
	return text.String()
}

// walkLeaf handles a node without children: one task, several paragraph
// tasks, or nothing (reported).
func (b *taskBuilder) walkLeaf(n *node, inherited *clause, sections []string) {
	if len(n.paras) > 1 && n.paras[0].clause == nil && len(n.keys) == 0 && leaderHeading(n.paras[0].text) && titleLike(n.paras[0].text) {
		// 副区长 周海峰 牵头负责： over paragraphs that each end in their
		// assignment: the heading's leader leads each of them, and the
		// heading is their section, not an item's text
		c, _ := headingClause(n.paras[0].text)
		inherited = mergeClause(b.combine([]*clause{c}), inherited)
		sections = append(append([]string(nil), sections...), n.heading)
		b.walkLeaf(&node{marker: marker{kind: numNone}, line: n.paras[1].lines[0].line, paras: n.paras[1:], trailing: n.trailing}, inherited, sections)
		return
	}
	if ps := ordinalParas(n.paras); hasOrdinals(ps) {
		b.walkOrdinals(n, ps, inherited, sections)
		return
	}
	// group the paragraphs: each group ends with one that has a clause
	var groups [][]*para
	var cur []*para
	for _, p := range n.paras {
		cur = append(cur, p)
		if p.clause != nil {
			groups = append(groups, cur)
			cur = nil
		}
	}
	var keys *clause
	if k := keyLines(n.keys); k != nil {
		keys = b.combine([]*clause{k})
	}
	switch {
	case len(groups) == 0:
		own := keys
		if own == nil && n.kind != numNone {
			if c, ok := headingClause(n.paras[0].text); ok {
				own = b.combine([]*clause{c})
			}
		}
		if own == nil && (inherited == nil || inherited.empty()) && !n.bare {
			for _, p := range n.paras {
				b.unused(p.lines, reasonNoAssign)
			}
			b.unused(n.trailing, reasonNotItem)
			return
		}
		b.add(n, joinParas(n.paras), own, inherited, sections)
	case len(groups) == 1 && sectionHead(n, groups[0]):
		// 二、重点工作 over one paragraph that ends in its assignment: the
		// heading is the item's section, not the start of its text
		g := groups[0][1:]
		own := b.combine([]*clause{g[len(g)-1].clause})
		if keys != nil {
			own = b.combine([]*clause{own, keys})
		}
		item := &node{marker: marker{kind: numNone}, line: g[0].lines[0].line, paras: g}
		b.add(item, joinParas(g), own, inherited, append(append([]string(nil), sections...), n.heading))
		for _, p := range cur {
			b.unused(p.lines, reasonNotItem)
		}
	case len(groups) == 1:
		own := b.combine([]*clause{groups[0][len(groups[0])-1].clause})
		if keys != nil {
			own = b.combine([]*clause{own, keys})
		}
		b.add(n, joinParas(groups[0]), own, inherited, sections)
		for _, p := range cur {
			b.unused(p.lines, reasonNotItem)
		}
	default:
		// several paragraphs with their own assignments: a heading with
		// paragraph items, or paragraphs that are items themselves
		first := groups[0]
		sub := sections
		if first[0].clause == nil && len(first) > 1 && titleLike(first[0].text) && n.kind != numNone {
			sub = append(append([]string(nil), sections...), n.heading)
			groups[0] = first[1:]
		}
		for i, g := range groups {
			own := b.combine([]*clause{g[len(g)-1].clause})
			if i == len(groups)-1 && keys != nil {
				own = b.combine([]*clause{own, keys})
			}
			item := n
			if len(sub) > len(sections) || i > 0 {
				item = &node{marker: marker{kind: numNone}, line: g[0].lines[0].line, paras: g}
			}
			b.add(item, joinParas(g), own, inherited, sub)
		}
		for _, p := range cur {
			b.unused(p.lines, reasonNotItem)
		}
	}
	b.unused(n.trailing, reasonNotItem)
}

// walkOrdinals handles a node whose paragraphs hold items written 一是…。
// 二是…。 each with its own assignment (ordinal.go): each is a task numbered
// by its ordinal; the node's heading and what stands before the first item
// (（一）稳定工业运行。) are the section they stand under. A paragraph
// between them with an assignment of its own is an item too; one without
// is reported.
func (b *taskBuilder) walkOrdinals(n *node, ps []*para, inherited *clause, sections []string) {
	i := 0
	var pre []string
	for ; i < len(ps) && ps[i].ordinal == 0 && ps[i].clause == nil; i++ {
		pre = append(pre, strings.TrimSpace(ps[i].text))
	}
	sub := sections
	if heading := strings.TrimSpace(n.text + strings.Join(pre, "")); heading != "" {
		sub = append(append([]string(nil), sections...), heading)
	}
	var keys *clause
	if k := keyLines(n.keys); k != nil {
		keys = b.combine([]*clause{k})
	}
	last := len(ps) - 1
	for last >= i && ps[last].clause == nil {
		last--
	}
	for j := i; j < len(ps); j++ {
		p := ps[j]
		if p.clause == nil {
			b.unused(p.lines, reasonNotItem)
			continue
		}
		own := b.combine([]*clause{p.clause})
		if j == last && keys != nil {
			own = b.combine([]*clause{own, keys})
		}
		item := &node{marker: marker{kind: numNone, number: p.ordinal}, line: p.lines[0].line, paras: []*para{p}}
		b.add(item, p.body, own, inherited, sub)
	}
	b.unused(n.trailing, reasonNotItem)
}

// sectionHead: a node numbered as a section (一、 （一） 第一部分) whose
// first paragraph is a short heading without a full stop or an assignment,
// over paragraphs that make one item: the heading is the item's section. A
// short title closed by 。 (1.地区生产总值增长6.5%。 over its body) is the
// task's own start, and stays in its text, as does a minute's topic
// (一、关于…).
func sectionHead(n *node, g []*para) bool {
	if len(g) < 2 || g[0].clause != nil {
		return false
	}
	switch n.kind {
	case numCnComma, numCnParen, numPart:
	default:
		return false
	}
	t := strings.TrimSpace(g[0].text)
	// 一、关于河西老工业区更新改造实施方案 over what the meeting decided: a
	// minute's item is named by its topic, the start of its text
	return titleLike(t) && !strings.HasSuffix(t, "。") && len(g[0].lines) == 1 && !strings.HasPrefix(t, "关于")
}

// joinParas joins paragraphs' text, the last one's assignment removed.
func joinParas(ps []*para) string {
	var b strings.Builder
	for i, p := range ps {
		if i == len(ps)-1 {
			b.WriteString(p.body)
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// subItemList reports children that read as one enumerated list of what
// their parent's task holds (①改造老旧小区56个；②新建…；③完成…。): two or
// more items without children, every one but the last ending in a
// semicolon. Section items under a heading end their sentences with 。, so
// a short heading whose children are tasks stays a section; a task (a
// sentence closed by 。 with its own clause) whose sub-items are such a list
// is one task, their numbers kept in its text.
//
// Sub-items numbered at a list's own levels ((1), 1), ①) need not all end in
// a semicolon: written by hand, one of them closes with 。 now and then
// ((1)…；(2)…；(3)…。(4)…。); most of those before the last ending in one
// is enough there.
func subItemList(n *node) bool {
	if len(n.children) < 2 {
		return false
	}
	listLevel, semis := true, 0
	for i, c := range n.children {
		if len(c.children) > 0 {
			return false
		}
		switch c.kind {
		case numArabicPar, numArabicHalf, numCircled:
		default:
			listLevel = false
		}
		end := strings.TrimSpace(c.paras[len(c.paras)-1].text)
		if i < len(n.children)-1 && (strings.HasSuffix(end, "；") || strings.HasSuffix(end, ";")) {
			semis++
		}
	}
	before := len(n.children) - 1
	if semis == before {
		return true
	}
	return listLevel && 2*semis >= before
}

// liftSubItemKeys gives a node the key lines that follow its last sub-item
// when they assign the whole list: an item (（一）加快工业技术改造。) with no
// assignment of its own (nor a heading naming who leads), two or more
// sub-items （1）…；（2）…；（3）…。 without items below them, none of which
// assigns anything, and then ONE line of keys (牵头领导：…；牵头单位：…；责任单位：…) after the last. The keys
// close the item, not its last sub-item, so the item is one task whose
// text holds the sub-items.
func liftSubItemKeys(n *node) bool {
	if len(n.keys) > 0 || len(n.children) < 2 {
		return false
	}
	switch n.kind {
	case numCnComma, numPart, numArticle:
		// 一、产业发展 over 1.…。 2.…。: sections hold items; only a list
		// closed by semicolons is one item's sub-items
		if !subItemList(n) {
			return false
		}
	}
	for _, p := range n.paras {
		if p.clause != nil {
			return false
		}
	}
	if _, named := headingClause(n.paras[0].text); named {
		return false // 一、张三副县长分管工作: its items are tasks of their own
	}
	last := n.children[len(n.children)-1]
	// 〔责任领导：X；牵头单位：Y〕 on a line of its own after the last
	// sub-item closes the item as a line of keys does
	var closing *para
	if lp := last.paras[len(last.paras)-1]; len(last.keys) == 0 && len(last.paras) > 1 && lp.clause != nil && strings.TrimSpace(lp.body) == "" && len(lp.lines) == 1 {
		closing = lp
	}
	if len(last.keys) == 0 && closing == nil {
		return false
	}
	for _, c := range n.children {
		if len(c.children) > 0 {
			return false
		}
		for _, p := range c.paras {
			if p.clause != nil && p != closing {
				return false
			}
		}
		if c != last && len(c.keys) > 0 {
			return false
		}
	}
	if closing != nil {
		n.paras = append(n.paras, closing)
		last.paras = last.paras[:len(last.paras)-1]
		return true
	}
	n.keys, last.keys = last.keys, nil
	return true
}

// leadsIn: a text that ends in a colon opens the list under it
// (实施学前教育提升工程：(1)…(4)…): with the assignment on its line, the
// list is the task's text.
func leadsIn(body string) bool {
	b := strings.TrimSpace(body)
	return strings.HasSuffix(b, "：") || strings.HasSuffix(b, ":")
}

// namedByHeading: what the node assigns, it says as a heading does
// (一、于会游市长主抓重点工作), not in a clause or key line of its own.
func namedByHeading(n *node) bool {
	for _, p := range n.paras {
		if p.clause != nil {
			return false
		}
	}
	return len(n.keys) == 0
}

// titleLike: a short heading, not a sentence of a task.
func titleLike(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "。")
	return utf8.RuneCountInString(s) <= 30 && !strings.ContainsAny(s, "。；;")
}

// mergeClause fills what own leaves empty from what the headings above
// assign.
func mergeClause(own, inherited *clause) *clause {
	if own == nil {
		return inherited
	}
	if inherited == nil {
		return own
	}
	out := *own
	if len(out.leaders) == 0 {
		// the heading's leaders and those its bracket adds lead, then the
		// item's own co-leaders
		out.leaders = inherited.leaders
		out.coLeaders = dedupe(append(slices.Clip(inherited.coLeaders), out.coLeaders...))
	}
	switch {
	case len(out.units) == 0 && len(out.coUnits) == 0:
		out.units, out.coUnits = inherited.units, inherited.coUnits
		if len(out.units) > 0 {
			out.via = inherited.via
		}
	case len(out.units) == 0 && len(out.names) == 0 && len(inherited.units) > 0:
		// （区公安分局、区总工会配合） under 一、区应急管理局: the item names
		// who co-operates, the heading who leads
		out.units = slices.DeleteFunc(slices.Clone(inherited.units), func(u string) bool { return slices.Contains(out.coUnits, u) })
	}
	if out.deadline == "" {
		out.deadline = inherited.deadline
	}
	return &out
}

// closingRequirementsRe is the heading of a notice's closing requirements
// (督办要求, 工作要求, 有关要求, 办理要求, 有关事项) or its closing provisions (附则), never its
// opening 总体要求.
var closingRequirementsRe = regexp.MustCompile(`^(?:(?:督办|督查|工作|有关|落实|实施|组织实施|其他|办理|办结|报送|反馈)要求|(?:有关|相关|其他|其它)事项|附\s*则)$`)

// instructionKeys name a leader's instruction handed over as an item
// (批示内容): the item's text when it has no other.
var instructionKeys = []string{"批示内容", "批示事项"}

// underRequirements: a heading above is the notice's closing requirements.
func underRequirements(sections []string) bool {
	for _, s := range sections {
		if _, rest, ok := parseMarker(s); ok {
			s = rest
		}
		if closingRequirementsRe.MatchString(strings.TrimRight(strings.TrimSpace(s), ":：。")) {
			return true
		}
	}
	return false
}

// add makes a task of an item.
func (b *taskBuilder) add(n *node, text string, own, inherited *clause, sections []string) {
	if len(n.paras) > 0 && n.paras[0].lead && (b.closing || underRequirements(sections)) {
		// 督办要求 / 1．由县政府督查室牵头，每月通报…: how the work is
		// followed, not a task
		for _, p := range n.paras {
			b.unused(p.lines, reasonNoAssign)
		}
		return
	}
	c := mergeClause(own, inherited)
	if own == nil && c != nil {
		cp := *c
		cp.via = ViaHeading
		c = &cp
	}
	if c == nil && n.bare {
		c = &clause{}
	}
	if !n.bare && (c == nil || len(c.leaders)+len(c.units)+len(c.coUnits)+len(c.coLeaders) == 0) {
		for _, p := range n.paras {
			b.unused(p.lines, reasonNoAssign)
		}
		return
	}
	t := Task{
		Section:  strings.Join(sections, " / "),
		Text:     strings.TrimSpace(text),
		Leaders:  c.leaders,
		Units:    c.units,
		CoUnits:  c.coUnits,
		Deadline: c.deadline,
		Via:      c.via,
	}
	if len(t.Leaders) == 0 {
		// no key, heading or key line above names a leader: the head named
		// after the lead unit leads
		t.Leaders = cleanLeaders(dedupe(c.heads))
	}
	if len(c.coLeaders) > 0 {
		// （齐振宇副县长共同领办）: after who leads the item
		t.Leaders = dedupe(append(slices.Clip(t.Leaders), c.coLeaders...))
	}
	for k, v := range c.extra {
		setExtra(&t, k, v)
	}
	for _, line := range n.meta {
		// 事项编号：YHDB-2024-0037: a record's metadata, kept aside; keys
		// apart by ； or by spaces (提案号：第026号　　提案人：刘建华)
		keys := topKeys(line)
		for i, k := range keys {
			end := len(line)
			if i+1 < len(keys) {
				end = keys[i+1].start
			}
			setExtra(&t, k.key, strings.Trim(line[k.end:end], " \t\u3000；;，,"))
		}
	}
	if t.Text == "" && n.kind != numNone {
		// 【第1件】 / 批示时间 / 批示领导 / 批示内容：… / 承办单位：…: a
		// block whose only text is the instruction it hands over does
		// that instruction (beside a 督办事项 it stays the record's)
		for _, k := range instructionKeys {
			if v := t.Extra[k]; v != "" {
				t.Text = v
				delete(t.Extra, k)
				break
			}
		}
	}
	if t.Text == "" {
		for _, p := range n.paras {
			b.unused(p.lines, reasonNoText)
		}
		return
	}
	b.tasks = append(b.tasks, t)
	b.written = append(b.written, n.number)
}

// number gives the tasks their seqs: the written numbers when they are
// unique and positive, else the order, keeping the written number.
func (b *taskBuilder) number() {
	seen := map[int]bool{}
	own := true
	for _, w := range b.written {
		if w <= 0 || seen[w] {
			own = false
			break
		}
		seen[w] = true
	}
	for i := range b.tasks {
		if own {
			b.tasks[i].Seq = b.written[i]
			continue
		}
		b.tasks[i].Seq = i + 1
		if b.written[i] > 0 {
			setExtra(&b.tasks[i], "原编号", strconv.Itoa(b.written[i]))
		}
	}
}

func (b *taskBuilder) unused(lines []srcLine, reason string) {
	for _, l := range lines {
		if leadRuleRe.MatchString(simplifiedRunes(l.text)) {
			// a lead rule stated on a line outside every task (at the
			// head of an annex, under a section's heading) holds for the
			// items after it: the walk goes in document order
			b.rule = true
			continue
		}
		if strings.TrimSpace(l.text) != "" {
			b.rep.Unused = append(b.rep.Unused, UnusedLine{Line: l.line, Text: l.text, Reason: reason})
		}
	}
}

// headingUnitCountRe is a heading's count of its items: （3件）, (5项).
var headingUnitCountRe = regexp.MustCompile(`\s*[(\x{FF08}]\s*\d+\s*[项件条个]\s*[)\x{FF09}]\s*$`)

// headingUnitName is the unit a heading names whole (区应急管理局, 县教育
// 体育局主办（3件）, 县财政局牵头), its count and role word dropped; "" when
// the heading is anything else.
func headingUnitName(h string) string {
	h = strings.TrimRight(strings.TrimSpace(h), "：:，,；; \t\u3000")
	h = headingUnitCountRe.ReplaceAllString(h, "")
	for _, v := range []string{"主办", "牵头", "负责", "承办"} {
		if t, ok := strings.CutSuffix(h, v); ok {
			h = t
			break
		}
	}
	if isUnitName(h) && !strings.ContainsAny(h, "、，,") {
		return h
	}
	return ""
}
