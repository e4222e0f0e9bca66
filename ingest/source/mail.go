package source

// A notice that arrives as an e-mail saved whole (.eml): its headers, then a
// body that may be base64 or quoted-printable, or a multipart message whose
// text part carries the notice. The message is unwrapped with the standard
// library (net/mail, mime, mime/multipart) into the text it shows its
// reader — the subject line, then the body — which is then read as any
// other text (or HTML) file.

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
)

// maxMailParts bounds the parts of a multipart message looked at.
const maxMailParts = 64

// mailHeaderRe is a header line an e-mail opens with.
var mailHeaderRe = regexp.MustCompile(`(?m)^(?:From|To|Subject|Date|MIME-Version|Content-Type|Content-Transfer-Encoding|Received|Message-ID|Return-Path):[ \t]`)

// looksLikeMail: a file that is an e-mail message: named .eml, or opening
// with a block of headers that includes MIME's.
func looksLikeMail(name string, data []byte) bool {
	head := data[:min(len(data), 4096)]
	end := bytes.Index(head, []byte("\n\n"))
	if end < 0 {
		end = bytes.Index(head, []byte("\r\n\r\n"))
	}
	if end < 0 {
		return false
	}
	headers := head[:end]
	if !mailHeaderRe.Match(headers[:min(len(headers), 200)]) {
		return false
	}
	return strings.HasSuffix(strings.ToLower(name), ".eml") || bytes.Contains(headers, []byte("MIME-Version:")) || bytes.Contains(headers, []byte("Content-Transfer-Encoding:"))
}

// unwrapMail returns the text a message shows (its subject, a blank line,
// its body decoded) and whether the body is HTML. ok is false when the
// message cannot be read as one, and the file is then read as it stands.
func unwrapMail(data []byte) (body []byte, html, ok bool) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, false, false
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	part, html, ok := mailText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	if !ok {
		return nil, false, false
	}
	if subject != "" && !html {
		part = append([]byte(subject+"\n\n"), part...)
	}
	return part, html, true
}

// mailText decodes a part: a text part's bytes (its transfer encoding
// undone), or, for a multipart one, the first text/plain part in it (the
// first text/html when there is none).
func mailText(contentType, encoding string, r io.Reader, depth int) ([]byte, bool, bool) {
	media, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		media = "text/plain"
	}
	if strings.HasPrefix(media, "multipart/") && depth < 4 {
		mr := multipart.NewReader(r, params["boundary"])
		var htmlPart []byte
		for i := 0; i < maxMailParts; i++ {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, isHTML, ok := mailText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
			if !ok {
				continue
			}
			if !isHTML {
				return b, false, true
			}
			if htmlPart == nil {
				htmlPart = b
			}
		}
		return htmlPart, true, htmlPart != nil
	}
	if !strings.HasPrefix(media, "text/") {
		return nil, false, false
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{r})
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes))
	if err != nil && len(b) == 0 {
		return nil, false, false
	}
	return b, media == "text/html", true
}

// newlineStripper drops the line ends base64 is wrapped with and the blanks
// some mailers leave at them (the decoder skips \r and \n, not spaces).
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		w := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				p[w] = c
				w++
			}
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}
