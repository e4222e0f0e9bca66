package source

import "testing"

// Inner rules inside one gap of the opening line (narrow columns with no
// text on it) each make a gutter; a border stroked twice is one rule.
func TestSplitRuledGaps(t *testing.T) {
	rules := []rule{{x0: 34}, {x0: 34.5}, {x0: 51}, {x0: 51.5}, {x0: 367}, {x0: 389}, {x0: 578}}
	got := splitRuledGaps([]gutter{{x0: 47, x1: 368}, {x0: 380, x1: 551}}, rules, 34, 578)
	if len(got) != 3 || got[0].x1 > 53 || got[1].x0 < 365 || got[2] != (gutter{x0: 380, x1: 551}) {
		t.Errorf("gutters %+v", got)
	}
}
