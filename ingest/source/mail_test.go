package source

import (
	"strings"
	"testing"
)

// A notice sent as an e-mail reads as its subject and decoded body: base64
// or quoted-printable, the text part of a multipart message; a text file
// that only mentions a header is no e-mail.
func TestMailBodies(t *testing.T) {
	b64 := "Content-Type: text/plain; charset=\"utf-8\"\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\nSubject: =?utf-8?b?5YWz5LqO6YeN54K55bel5L2c?=\n\n5ZCE6YOo6Zeo77ya\n"
	src, err := Read("a.eml", strings.NewReader(b64))
	if err != nil {
		t.Fatal(err)
	}
	if got := blockTexts(src); !strings.Contains(got, "关于重点工作") || !strings.Contains(got, "各部门：") || strings.Contains(got, "base64") {
		t.Errorf("base64 mail: %q", got)
	}
	multi := "MIME-Version: 1.0\nSubject: x\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>网页</p>\n--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n=E5=90=84=E9=83=A8=E9=97=A8\n--b1--\n"
	src, err = Read("b.eml", strings.NewReader(multi))
	if err != nil {
		t.Fatal(err)
	}
	if got := blockTexts(src); !strings.Contains(got, "各部门") || strings.Contains(got, "网页") {
		t.Errorf("multipart mail: %q", got)
	}
	if looksLikeMail("n.txt", []byte("关于印发通知\n\nSubject: 测试\n")) {
		t.Error("a notice mentioning a header read as an e-mail")
	}
}

func blockTexts(src *Source) string {
	var b strings.Builder
	for _, bl := range src.Blocks {
		b.WriteString(bl.Text + "\n")
	}
	return b.String()
}
