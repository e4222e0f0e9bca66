package source

import (
	"fmt"
	"testing"
)

func TestOFDDeltas(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"plain", "1 2.5 3", 10, "[1 2.5 3]"},
		{"repeat", "g 3 3.5 1", 10, "[3.5 3.5 3.5 1]"},
		{"capped by the characters", "g 1000000000 1", 4, "[1 1 1 1]"},
		{"broken repeat", "g x 1 2", 10, "[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(ofdDeltas(tt.in, tt.limit)); got != tt.want {
				t.Errorf("ofdDeltas(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestOFDPath(t *testing.T) {
	for _, tt := range []struct{ dir, loc, want string }{
		{"", "Doc_0/Document.xml", "Doc_0/Document.xml"},
		{"Doc_0", "Pages/Page_0/Content.xml", "Doc_0/Pages/Page_0/Content.xml"},
		{"Doc_0", "/Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_0/Content.xml"},
		{"Doc_0", "../../etc/passwd", "etc/passwd"},
	} {
		if got := ofdPath(tt.dir, tt.loc); got != tt.want {
			t.Errorf("ofdPath(%q, %q) = %q, want %q", tt.dir, tt.loc, got, tt.want)
		}
	}
}
