package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// DocumentID derives a document's stable id. It comes from what names the
// notice — issuer, year and title (DESIGN.md) — never from the file name, so
// the same notice ingested twice gets the same id and a corrected version
// replaces the old one.
//
// A notice without a title names nothing that tells it from another: every
// untitled notice of one issuer and year (every notice without any of the
// three) would get one id, and each upload would silently replace the last.
// So an untitled notice's id also hashes its tasks (seq and text, in order):
// the same file again gets the same id; an edited one is a new document.
//
// Parse sets it once the tasks are read (ParseSource).
func DocumentID(doc *Document) string {
	h := sha256.New()
	h.Write([]byte(doc.Issuer + "\x00" + strconv.Itoa(doc.Year) + "\x00" + doc.Title))
	if doc.Title == "" {
		h.Write([]byte("\x00tasks"))
		for _, t := range doc.Tasks {
			h.Write([]byte("\x00" + strconv.Itoa(t.Seq) + "\x01" + t.Text))
		}
	}
	return fmt.Sprintf("%d-%s", doc.Year, hex.EncodeToString(h.Sum(nil))[:10])
}
