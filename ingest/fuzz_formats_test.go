package ingest

import (
	"archive/zip"
	"bytes"
	"testing"
)

// FuzzOFDPage fuzzes a page's Content.xml inside a well-formed OFD.
func FuzzOFDPage(f *testing.F) {
	seed := seedOFD(f)
	zr, _ := zip.NewReader(bytes.NewReader(seed), int64(len(seed)))
	rc, _ := zr.Open("Doc_0/Pages/Page_1/Content.xml")
	var page bytes.Buffer
	page.ReadFrom(rc)
	f.Add(page.String())
	f.Add(`<ofd:Page><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 1e300 1" Size="-3" CTM="0 0 0 0 0 0"><ofd:TextCode X="NaN" Y="1" DeltaX="g 999999999 1">序号 重点工作任务 牵头单位</ofd:TextCode></ofd:TextObject><ofd:PathObject Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 1 0 C B 1 Q A</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer></ofd:Content></ofd:Page>`)
	f.Fuzz(func(t *testing.T, content string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			w, _ := zw.Create(zf.Name)
			if zf.Name == "Doc_0/Pages/Page_1/Content.xml" {
				w.Write([]byte(content))
				continue
			}
			r, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			w.Write(b.Bytes())
		}
		zw.Close()
		fuzzParse(t, buf.Bytes())
	})
}
