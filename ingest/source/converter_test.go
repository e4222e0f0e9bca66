package source

import (
	"bytes"
	"strings"
	"testing"
)

func TestOLERejects(t *testing.T) {
	doc := mustRead(t, "testdata/seed.doc")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"garbage after the OLE signature", append(append([]byte{}, magicOLE...), bytes.Repeat([]byte{0xff}, 600)...), "损坏"},
		{"truncated doc", doc[:1024], "损坏"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("x.doc", bytes.NewReader(tt.data))
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("err = %v (%s), want invalid with %q", err, ErrorCode(err), tt.want)
			}
		})
	}
}

// The compound file says Word or Excel by its streams, whatever the name.
func TestOLEKind(t *testing.T) {
	for path, want := range map[string]string{"testdata/seed.doc": FormatDOC, "testdata/seed.xls": FormatXLS} {
		if got, err := oleKind(mustRead(t, path)); got != want || err != nil {
			t.Errorf("oleKind(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
}
