package vocab

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// A leader is one person across years and titles: 祝振伟, 祝振伟副区长,
// 常务副区长祝振伟, 祝振伟同志 and 祝振伟(常务副区长) are one identity, shown as
// the name alone. ingest strips the titles it recognises when it reads a
// notice; this strips them again for what an older index or another layout
// kept, and merges by the name that is left. Two people of one name in one
// office are rare enough to leave to the vocabulary (a merge names an
// identity; there is no way yet to split one name in two).

// personTitle is a title written before or after a leader's name.
const personTitle = `(?:区委|市委|县委|省委|区政府|市政府|县政府|省政府)?(?:常委|常务)?(?:、)?(?:常务)?副?(?:区长|市长|县长|州长|省长|镇长|乡长|主任|书记|秘书长|部长|局长|主席|院长|组长|处长|厅长|总理|总经理|调研员|巡视员|督查员|委员)`

var (
	titledAfter  = regexp.MustCompile(`^(\p{Han}{2,4}?)` + personTitle + `(?:同志)?$`)
	titledBefore = regexp.MustCompile(`^` + personTitle + `(\p{Han}{2,4})(?:同志)?$`)
	comrade      = regexp.MustCompile(`^(\p{Han}{2,4})同志$`)
)

// leaderKey is the person's name in a leader reference: folded, brackets
// white space, brackets and titles dropped.
func leaderKey(name string) string {
	// not folded like a unit's name: a person's name keeps its characters
	// (於卫国 is not 于卫国)
	f := strings.Join(strings.Fields(name), "")
	if base := ingest.UnitGroup(f); base != f && utf8.RuneCountInString(base) >= 2 {
		f = base
	}
	for _, re := range []*regexp.Regexp{titledAfter, titledBefore, comrade} {
		if m := re.FindStringSubmatch(f); m != nil {
			return m[1]
		}
	}
	return strings.TrimSpace(f)
}
