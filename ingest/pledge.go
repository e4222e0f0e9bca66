package ingest

// A 目标责任书 is a contract between 甲方 (a government) and 乙方 (one of its
// units): 乙方 leads every target it signs for, and the leader responsible
// is named once — in a key line at the top (责任领导：副县长 罗红英) or in an
// article of its own (第一条 … 乙方的责任领导为县人民政府副县长尹国强。). The
// targets are the items (（一）…（八）, 1.…6.) under the article that names
// them (第二条 目标任务, 第二条 年度工作目标); an item may add who
// co-operates (（配合单位：县工信局、县市场监管局）). The other articles —
// 甲方责任, 乙方责任, 考核奖惩, with (一)(二) clauses of their own — and the
// signature block (甲方（盖章）, 代表（签字）：县长 X) are the contract's, no
// tasks.

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

const (
	reasonPledgeClause    = "责任书的其他条款,不是目标任务"
	reasonPledgeSignature = "责任书的签章栏,不是任务"
)

var (
	// partyRe is a party's line at the top: 乙方：秀山县应急管理局, 乙方（责任
	// 单位）：…
	// both may stand on one line, apart by wide spaces
	partyRe = regexp.MustCompile(`(?:^|[\s\x{3000}])([甲乙])\s*方\s*(?:[(\x{FF08}][^()\x{FF08}\x{FF09}]{1,8}[)\x{FF09}])?\s*[:\x{FF1A}]\s*([^\s\x{3000}]+)`)
	// pledgeLeaderRe names the responsible leader in a sentence or a key:
	// 乙方的责任领导为…, 责任领导：…
	pledgeLeaderRe = regexp.MustCompile(`(?:责任领导|分管领导|联系领导|责任县领导|责任区领导|责任市领导)\s*(?:为|是|[:\x{FF1A}])\s*([^。；;，,\n]+)`)
	// pledgeLeaderAfterRe names the leader before what the leader is:
	// 县人民政府分管副县长X同志为上述目标任务的责任领导.
	pledgeLeaderAfterRe = regexp.MustCompile(`([^。；;，,\n]{2,30}?)为(?:上述|以上|本责任书所列|全部)?[^。；;，,\n]{0,16}?的?(?:责任领导|分管领导|联系领导)`)
	// govPrefixRe is the government a title belongs to, before the title:
	// 县人民政府副县长尹国强.
	govPrefixRe = regexp.MustCompile(`^\p{Han}{0,8}?(?:人民政府|政府)`)
	// sealNoteRe is a note after a party's name where it signs: （盖章）.
	sealNoteRe = regexp.MustCompile(`\s*[(\x{FF08}](?:盖章|签章|签字|公章)[)\x{FF09}]$`)
	// targetsHeadingRe is the article naming the targets: 目标任务, 年度工作
	// 目标, 主要目标任务, 目标任务及分工.
	targetsHeadingRe = regexp.MustCompile(`目标|指标|任务$`)
)

// readPledge reads a 目标责任书 (see above): nil when the document has no
// 甲方 and 乙方 lines at its top, 乙方 naming one unit, or no article of
// targets with items under it.
func readPledge(blocks []block, file Notice) *reading {
	if !slices.ContainsFunc(blocks, func(b block) bool {
		return !b.row && strings.Contains(b.text, "乙") && strings.Contains(b.text, "方")
	}) {
		return nil // no 乙方: spare the outline
	}
	o := buildOutline(blocks)
	target := targetsArticle(o.roots)
	if target == nil {
		return readPledgeTable(blocks, o, file)
	}
	// the lines above the targets: the parties and a leader's key line
	// (the unit's name in brackets under the title, （县卫生健康局）, may
	// already have opened the outline)
	var above []block
	for _, b := range blocks {
		if b.line >= target.line {
			break
		}
		above = append(above, b)
	}
	unit := pledgeParty(above)
	if unit == "" {
		return nil
	}
	r := newReading(ReadingPledge, file, len(blocks))
	readMetadata(r.doc, o.head, o.tail, r.rep)
	leaders, named := pledgeLeaders(o, above, target)
	b := &taskBuilder{rep: r.rep, rule: statesLeadRule(o.head)}
	inherited := &clause{units: []string{unit}, leaders: leaders, via: ViaHeading}
	sections := []string{target.heading}
	for _, n := range target.children {
		if len(n.children) > 0 && !hasOwnAssignment(n) {
			// （三）推进…，重点抓好：(1)…；(2)…。 — one target, its
			// sub-items in its text
			b.add(n, b.withSubItems(n), nil, inherited, sections)
			continue
		}
		b.walk(n, inherited, sections)
	}
	b.number()
	for i := range b.tasks {
		t := &b.tasks[i]
		if len(t.Units) == 0 {
			// （配合单位：…） adds who co-operates; 乙方 leads
			t.Units, t.Via = []string{unit}, ViaHeading
		}
		if len(t.Leaders) == 0 {
			t.Leaders = leaders
		}
	}
	for _, n := range o.roots {
		if n != target && n != named {
			b.unusedNode(n, unit)
		}
	}
	b.unusedSigned(target.trailing)
	r.doc.Tasks = b.tasks
	return r
}

// pledgeParty is the unit 乙方 names in the lines before the first
// article, when 甲方 is named too; "" otherwise (乙方：各有关部门 is no one
// unit).
func pledgeParty(above []block) string {
	var first, second string
	for _, b := range above {
		if b.row {
			continue
		}
		for _, m := range partyRe.FindAllStringSubmatch(strings.TrimSpace(b.text), -1) {
			v := sealNoteRe.ReplaceAllString(strings.TrimSpace(m[2]), "")
			switch {
			case m[1] == "甲" && first == "":
				first = v
			case m[1] == "乙" && second == "":
				second = v
			}
		}
	}
	if first == "" || second == "" || !isUnitName(second) || strings.ContainsAny(second, "各、，,") || strings.Contains(second, "有关") {
		return ""
	}
	return second
}

// targetsArticle is the first top item that names targets (第二条 目标任务)
// with two or more items under it: a short heading, or a sentence leading
// into them (乙方年度应完成以下目标任务：).
func targetsArticle(roots []*node) *node {
	for _, n := range roots {
		if len(n.children) < 2 || len(n.paras) > 1 {
			continue
		}
		text := strings.TrimSpace(n.paras[0].text)
		title := text
		if i := strings.IndexAny(title, "。：:，,"); i >= 0 {
			title = title[:i]
		}
		if utf8.RuneCountInString(title) <= 14 && targetsHeadingRe.MatchString(title) ||
			leadsIn(text) && strings.Contains(text, "目标") && utf8.RuneCountInString(text) <= 60 {
			return n
		}
	}
	return nil
}

// pledgeLeaders is the leader the pledge names once: in a key line before
// the first article, else in an article's text (not the targets'), which
// is then named too (it is used, not left over).
func pledgeLeaders(o *outline, above []block, target *node) ([]string, *node) {
	if c := headKeys(above); c != nil && len(c.leaders) > 0 {
		return c.leaders, nil
	}
	for _, b := range o.head {
		// 乙方的责任领导为副县长X。 in the preamble
		for _, v := range leaderSentences(b.text) {
			if ls := pledgeLeaderNames(v); len(ls) > 0 {
				return ls, nil
			}
		}
	}
	for _, n := range o.roots {
		if n == target {
			continue
		}
		for _, p := range n.paras {
			for _, v := range leaderSentences(p.text) {
				if ls := pledgeLeaderNames(v); len(ls) > 0 {
					if len(n.children) > 0 {
						n = nil // an article of clauses that also names the leader
					}
					return ls, n
				}
			}
		}
	}
	return nil, nil
}

// leaderSentences are the values a text names the pledge's leader by:
// 责任领导为X, or X为…的责任领导.
func leaderSentences(text string) []string {
	var out []string
	for _, re := range []*regexp.Regexp{pledgeLeaderRe, pledgeLeaderAfterRe} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// pledgeLeaderNames reads the leaders of a value such as 县人民政府副县长尹国
// 强 or 副县长 罗红英: the government before the title is no part of them.
func pledgeLeaderNames(v string) []string {
	v = govPrefixRe.ReplaceAllString(strings.TrimSpace(v), "")
	for _, p := range []string{"分管", "主管", "联系"} {
		v = strings.TrimPrefix(v, p) // 分管副县长X同志
	}
	v = strings.TrimSuffix(v, "同志")
	var out []string
	for _, n := range leaderValue(v) {
		if isPersonName(n) {
			out = append(out, n)
		}
	}
	return out
}

// signatureRe is a line of a contract's signature block: 甲方（盖章）：…,
// 代表（签字）：县长 X, 县长：王建国（签字）.
var signatureRe = regexp.MustCompile(`盖\s*章|签\s*字|签\s*章|签\s*名`)

// unusedNode reports a node and everything under it as not a task; the
// unit's name in brackets under the title, （县卫生健康局）, is none of the
// contract's clauses and is not reported.
func (b *taskBuilder) unusedNode(n *node, unit string) {
	for i, p := range n.paras {
		if i == 0 && n.kind == numNone && p.clause != nil && strings.TrimSpace(p.body) == "" && len(p.clause.leaders) == 0 &&
			len(p.clause.names)+len(p.clause.units) == 1 {
			b.unusedSigned(p.lines[1:]) // its first line the unit's name
			continue
		}
		b.unusedSigned(p.lines)
	}
	for _, c := range n.children {
		b.unusedNode(c, unit)
	}
	b.unusedSigned(n.trailing)
}

// unusedSigned reports lines of the contract: the signature block's as
// such (a clause without a full stop takes the lines below it).
func (b *taskBuilder) unusedSigned(lines []srcLine) {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		reason := reasonPledgeClause
		switch {
		case signatureRe.MatchString(t) && utf8.RuneCountInString(t) <= 80:
			reason = reasonPledgeSignature
		case partyRe.MatchString(t) || isKeyLine(t) && assignKind(topKeys(t)[0].key) == colLeaders:
			continue // the parties and the leader: read
		}
		b.unused([]srcLine{l}, reason)
	}
}

// readPledgeTable reads a 目标责任书 whose targets stand in a table that
// names no lead unit (序号 | 目标任务 | 分值 | 配合单位 | 完成时限): 乙方, named
// above the table, leads every row, the pledge's leader leads it too. nil
// when there is no such table or no 乙方.
func readPledgeTable(blocks []block, o *outline, file Notice) *reading {
	at, cols := -1, []column(nil)
	for i, b := range blocks {
		if !b.row {
			continue
		}
		cs := make([]column, len(b.cells))
		text, other := false, false
		for k, c := range b.cells {
			cs[k] = classifyHeader(c)
			text = text || cs[k] == colText
			other = other || cs[k] == colCoUnits || cs[k] == colDeadline
		}
		// a table that names its own units or leaders is the table readers'
		if text && other && !slices.Contains(cs, colUnits) && !slices.Contains(cs, colLeaders) && !slices.Contains(cs, colDuty) {
			at, cols = i, cs
			break
		}
	}
	if at < 0 {
		return nil
	}
	unit := pledgeParty(blocks[:at])
	if unit == "" {
		return nil
	}
	r := newReading(ReadingPledge, file, len(blocks))
	readMetadata(r.doc, o.head, o.tail, r.rep)
	leaders, _ := pledgeLeaders(o, blocks[:at], nil)
	for _, b := range blocks[at+1:] {
		if !b.row {
			break
		}
		t := Task{Units: []string{unit}, Leaders: leaders, Via: ViaHeading}
		for k, c := range b.cells {
			if k >= len(cols) {
				break
			}
			c = cleanCell(c)
			switch cols[k] {
			case colText:
				t.Text = c
			case colCoUnits:
				t.CoUnits = splitUnitList(c)
			case colDeadline:
				t.Deadline = c
			case colSeq:
				if n := writtenSeq(c); n > 0 {
					t.Seq = n
				}
			}
		}
		if t.Text == "" || t.Seq == 0 {
			r.rep.Unused = append(r.rep.Unused, UnusedLine{Line: b.line, Text: b.text, Reason: reasonNotItem})
			continue
		}
		r.doc.Tasks = append(r.doc.Tasks, t)
	}
	if len(r.doc.Tasks) == 0 {
		return nil
	}
	return r
}
