package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// keyAtStartRe: a piece of a clause that opens with a key (联系县领导：…).
var keyAtStartRe = regexp.MustCompile(`^[\p{Han}]{2,8}\s*[:\x{FF1A}]`)

// parseMixed reads a clause whose parts mix the two grammars: who leads
// and co-operates said by verbs, the leader (or the deadline) by a key —
// 县交通运输局牵头，县财政局、县自然资源局配合；联系县领导：王建华, or apart
// by spaces, 县发展改革局负责 协办：县财政局 包联领导：王建华. The clause is
// cut at its top-level separators (；;，, and spaces) into pieces: a piece
// opening with a key starts a keyed part, and the pieces after it that
// neither open with a key nor close with a verb go on with its value
// (配合单位：A，B); the other pieces are the keyless parts. Each side is read
// by its own grammar (parseKeyless, parseKeyed), both must read, and the
// two are merged. ok is false unless there is a part of each kind.
func parseMixed(s string) (*clause, bool) {
	type piece struct {
		start, end int
	}
	var pieces []piece
	start, depth := 0, 0
	for i, r := range s {
		switch {
		case strings.ContainsRune("(（【[［〔", r):
			depth++
		case closeToOpen[r] != 0:
			if depth > 0 {
				depth--
			}
		case depth == 0 && (clauseSep(r) && r != '。' || unicode.IsSpace(r)):
			if i > start {
				pieces = append(pieces, piece{start, i})
			}
			start = i + len(string(r))
		}
	}
	if start < len(s) {
		pieces = append(pieces, piece{start, len(s)})
	}
	var keyed, keyless []string
	keyedStart, keyedEnd := -1, -1
	flush := func() {
		if keyedStart >= 0 {
			keyed = append(keyed, s[keyedStart:keyedEnd])
			keyedStart = -1
		}
	}
	for _, p := range pieces {
		text := s[p.start:p.end]
		switch {
		case keyAtStartRe.MatchString(text):
			flush()
			keyedStart, keyedEnd = p.start, p.end
		case closesWithVerb(text):
			flush()
			keyless = append(keyless, text)
		case keyedStart >= 0:
			keyedEnd = p.end // 配合单位：县财政局，县自然资源局
		default:
			keyless = append(keyless, text)
		}
	}
	flush()
	if len(keyed) == 0 || len(keyless) == 0 {
		return nil, false
	}
	free, ok := parseKeyless(strings.Join(keyless, "，"))
	if !ok {
		return nil, false
	}
	keys, ok := parseKeyedOrWhen(strings.Join(keyed, "；"))
	if !ok {
		return nil, false
	}
	c := free
	if len(free.units)+len(free.coUnits)+len(free.names) == 0 {
		c.via = ViaKey
	}
	c.leaders = dedupe(append(c.leaders, keys.leaders...))
	c.units = dedupe(append(c.units, keys.units...))
	c.coUnits = dedupe(append(c.coUnits, keys.coUnits...))
	c.names = dedupe(append(c.names, keys.names...))
	c.heads = keys.heads
	c.coLeaders = dedupe(append(c.coLeaders, keys.coLeaders...))
	if keys.deadline != "" {
		c.deadline = keys.deadline
	}
	c.extra = keys.extra
	c.rule, c.carry = c.rule || keys.rule, c.carry || keys.carry
	return c, true
}

// closesWithVerb: a piece of a clause that ends in a verb saying who leads,
// is responsible or co-operates (县财政局配合, 由县交通运输局牵头).
func closesWithVerb(p string) bool {
	p = strings.TrimPrefix(strings.TrimSpace(p), "由")
	for _, v := range closingVerbs {
		if strings.HasSuffix(p, v.verb) && len(p) > len(v.verb) {
			return true
		}
	}
	return false
}

// parseKeyedOrWhen is parseKeyed, also reading keys that give only the
// deadline or notes (完成时限：6月底前) beside the parts naming who.
func parseKeyedOrWhen(s string) (*clause, bool) {
	if c, ok := parseKeyed(s); ok {
		return c, true
	}
	keys := topKeys(s)
	if len(keys) == 0 || strings.TrimFunc(s[:keys[0].start], func(r rune) bool { return clauseSep(r) || unicode.IsSpace(r) }) != "" {
		return nil, false
	}
	c := &clause{via: ViaKey}
	for i, k := range keys {
		end := len(s)
		if i+1 < len(keys) {
			end = keys[i+1].start
		}
		val := strings.TrimFunc(s[k.end:end], func(r rune) bool { return clauseSep(r) || unicode.IsSpace(r) })
		switch assignKind(k.key) {
		case colDeadline:
			c.deadline = val
		case colExtra:
			if c.extra == nil {
				c.extra = map[string]string{}
			}
			c.extra[k.key] = val
		default:
			return nil, false // a key of who, naming nobody
		}
	}
	return c, c.deadline != ""
}

// oddClause: a clause naming a leader not of a person's shape or a unit not
// of a unit's shape (the check's oddNames, as the score counts them).
func oddClause(c *clause) bool {
	for _, l := range c.leaders {
		if !isPersonName(l) {
			return true
		}
	}
	return len(oddNames(c.units))+len(oddNames(c.coUnits))+len(oddNames(c.names)) > 0
}

// mixedPair: two brackets side by side, one of keys and one of verbs
// (【县商务局牵头，县税务局配合】【联系县领导：李红梅】, in either order),
// that read together as one clause.
func mixedPair(a, b string) bool {
	a, b = simplifiedRunes(a), simplifiedRunes(b)
	keyedA, keyedB := keyedBracket(a), keyedBracket(b)
	if keyedA == keyedB {
		return false
	}
	free := a
	if keyedA {
		free = b
	}
	if _, ok := parseKeyless(free); !ok {
		return false
	}
	_, ok := parseMixed(a + "；" + b)
	return ok
}
