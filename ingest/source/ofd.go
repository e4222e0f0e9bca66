package source

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// OFD (GB/T 33190) is a zip of XML: OFD.xml names each document's root
// (Document.xml), which lists the pages; a page's content is layers of
// TextObjects (a Boundary, a Size, an optional CTM, and TextCodes whose
// characters stand at X, Y and advance by DeltaX) and PathObjects (the
// table's borders). readOFD turns them into glyphs and rules in points and
// sends them through the positioned-text path PDF takes (positioned.go).
// Template pages (running headers, seals' backgrounds) are not read: what a
// template holds repeats on every page by design. Only the first document
// of the file is read.

const (
	// MaxOFDPages is the most pages an OFD may have.
	MaxOFDPages = MaxPDFPages
	mmToPoint   = 72 / 25.4
)

// readOFD reads an OFD's first document.
func readOFD(zr *zip.Reader, b *budget) ([]Block, error) {
	var root struct {
		DocBody []struct {
			DocRoot string `xml:"DocRoot"`
		} `xml:"DocBody"`
	}
	if err := decodeZipXML(zr, "OFD.xml", &root, b); err != nil {
		return nil, err
	}
	if len(root.DocBody) == 0 || strings.TrimSpace(root.DocBody[0].DocRoot) == "" {
		return nil, Errorf(EINVALID, "OFD 文件缺少文档入口(OFD.xml 中没有 DocRoot)")
	}
	docPath := ofdPath("", root.DocBody[0].DocRoot)
	var doc struct {
		CommonData struct {
			PageArea struct {
				PhysicalBox string `xml:"PhysicalBox"`
			} `xml:"PageArea"`
		} `xml:"CommonData"`
		Pages struct {
			Page []struct {
				BaseLoc string `xml:"BaseLoc,attr"`
			} `xml:"Page"`
		} `xml:"Pages"`
	}
	if err := decodeZipXML(zr, docPath, &doc, b); err != nil {
		return nil, err
	}
	if len(doc.Pages.Page) == 0 {
		return nil, Errorf(EINVALID, "OFD 文件中没有页面")
	}
	if len(doc.Pages.Page) > MaxOFDPages {
		return nil, Errorf(ETOOLARGE, "OFD 页数超过 %d 页的上限", MaxOFDPages)
	}
	box := parseFloats(doc.CommonData.PageArea.PhysicalBox)
	glyphs := &glyphBudget{}
	rules := 0
	var pages []layoutPage
	for _, pg := range doc.Pages.Page {
		p := layoutPage{width: 210 * mmToPoint, height: 297 * mmToPoint}
		if len(box) == 4 {
			p.width, p.height = box[2]*mmToPoint, box[3]*mmToPoint
		}
		glyphs.newPage()
		if err := readOFDPage(zr, ofdPath(path.Dir(docPath), pg.BaseLoc), &p, glyphs, &rules, b); err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	if glyphs.total == 0 {
		return nil, Errorf(EINVALID, "OFD 中没有文字(可能是扫描件,不支持 OCR)")
	}
	return layoutBlocks(pages), nil
}

// ofdPath resolves a location in the package: absolute from the root when
// it starts with a slash, else relative to dir.
func ofdPath(dir, loc string) string {
	loc = strings.TrimSpace(strings.ReplaceAll(loc, "\\", "/"))
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", dir, loc)), "/")
}

func decodeZipXML(zr *zip.Reader, name string, v any, b *budget) error {
	f, err := openZipEntry(zr, name)
	if err != nil {
		return Errorf(EINVALID, "OFD 文件缺少 %s", name)
	}
	defer f.Close()
	bx := newBoundedXML(f, b)
	if err := xml.NewDecoder(bx).Decode(v); err != nil {
		if e := asAppError(bx.cause(err)); e != nil {
			return e
		}
		return Errorf(EINVALID, "OFD 文件的 %s 无法解析:%v", name, err)
	}
	return nil
}

// parseFloats reads numbers apart by spaces.
func parseFloats(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// ofdDeltas expands a DeltaX list: numbers, and `g N v` for v N times.
func ofdDeltas(s string, limit int) []float64 {
	var out []float64
	fs := strings.Fields(s)
	for i := 0; i < len(fs) && len(out) < limit; i++ {
		if fs[i] == "g" && i+2 < len(fs) {
			n, err1 := strconv.Atoi(fs[i+1])
			v, err2 := strconv.ParseFloat(fs[i+2], 64)
			if err1 == nil && err2 == nil {
				for k := 0; k < n && len(out) < limit; k++ {
					out = append(out, v)
				}
			}
			i += 2
			continue
		}
		if v, err := strconv.ParseFloat(fs[i], 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// ofdObject is the text or path object being read.
type ofdObject struct {
	boundary []float64
	ctm      matrix
	size     float64
}

func (o *ofdObject) point(x, y float64) (float64, float64) {
	x, y = o.ctm.apply(x, y)
	if len(o.boundary) >= 2 {
		x, y = x+o.boundary[0], y+o.boundary[1]
	}
	return x * mmToPoint, y * mmToPoint
}

// readOFDPage reads a page's text and path objects, wherever they nest
// (layers, page blocks).
func readOFDPage(zr *zip.Reader, name string, p *layoutPage, glyphs *glyphBudget, rules *int, b *budget) error {
	f, err := openZipEntry(zr, name)
	if err != nil {
		return Errorf(EINVALID, "OFD 文件缺少页面 %s", name)
	}
	defer f.Close()
	// bounded: one 120 MB TextCode is refused as a token, and 500 pages
	// sharing one large page stop at the XML read across the file
	bx := newBoundedXML(f, b)
	dec := xml.NewDecoder(bx)
	var obj *ofdObject
	var code *xml.StartElement
	var inPath bool
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if e := asAppError(bx.cause(err)); e != nil {
				return e
			}
			return Errorf(EINVALID, "OFD 页面 %s 无法解析:%v", name, err)
		}
		if err := b.tick(); err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "PhysicalBox":
				// The page's own size, when it has one: read below.
				var s string
				if err := dec.DecodeElement(&s, &t); err == nil {
					if b := parseFloats(s); len(b) == 4 {
						p.width, p.height = b[2]*mmToPoint, b[3]*mmToPoint
					}
				}
			case "TextObject", "PathObject":
				obj = &ofdObject{ctm: identity}
				inPath = t.Name.Local == "PathObject"
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "Boundary":
						obj.boundary = parseFloats(a.Value)
					case "CTM":
						if m := parseFloats(a.Value); len(m) == 6 {
							copy(obj.ctm[:], m)
						}
					case "Size":
						obj.size, _ = strconv.ParseFloat(a.Value, 64)
					}
				}
			case "TextCode":
				tc := t.Copy()
				code = &tc
				text.Reset()
			case "AbbreviatedData":
				var s string
				if inPath && obj != nil && dec.DecodeElement(&s, &t) == nil {
					ofdRules(obj, s, p, rules)
				}
			}
		case xml.CharData:
			if code != nil {
				if text.Len()+len(t) > maxXMLTextBytes {
					return Errorf(ETOOLARGE, "OFD 页面 %s 中有一段文字过长(上限 %d KB)", name, maxXMLTextBytes>>10)
				}
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TextCode":
				if code != nil && obj != nil {
					if err := ofdGlyphs(obj, *code, text.String(), p, glyphs); err != nil {
						return err
					}
				}
				code = nil
			case "TextObject", "PathObject":
				obj, inPath = nil, false
			}
		}
	}
}

// ofdGlyphs places a TextCode's characters: the first at X, Y (in the
// object's space), each next one DeltaX further.
func ofdGlyphs(obj *ofdObject, code xml.StartElement, s string, p *layoutPage, glyphs *glyphBudget) error {
	var x, y float64
	var deltas []float64
	runes := []rune(s)
	for _, a := range code.Attr {
		switch a.Name.Local {
		case "X":
			x, _ = strconv.ParseFloat(a.Value, 64)
		case "Y":
			y, _ = strconv.ParseFloat(a.Value, 64)
		case "DeltaX":
			deltas = ofdDeltas(a.Value, len(runes))
		}
	}
	size := obj.size
	if size <= 0 {
		size = 3.5
	}
	// The size in page space: the CTM's vertical scale.
	scale := abs(obj.ctm[3])
	if scale == 0 {
		scale = 1
	}
	for i, r := range runes {
		adv := size
		if r < 0x2E80 {
			adv = size / 2
		}
		if i < len(deltas) {
			adv = deltas[i]
		}
		if err := glyphs.take(); err != nil {
			return err
		}
		{
			gx, gy := obj.point(x, y)
			p.glyphs = append(p.glyphs, glyph{x: gx, y: gy, w: abs(adv) * scale * mmToPoint, size: size * scale * mmToPoint, s: string(r)})
		}
		x += adv
	}
	return nil
}

// ofdRules keeps a path's straight horizontal and vertical segments
// (`M x y L x y …`; curves and closings move the pen only).
func ofdRules(obj *ofdObject, data string, p *layoutPage, rules *int) {
	fs := strings.Fields(data)
	var cx, cy, sx, sy float64
	add := func(x0, y0, x1, y1 float64) {
		ax, ay := obj.point(x0, y0)
		bx, by := obj.point(x1, y1)
		horizontal := abs(ay-by) < 0.5 && abs(ax-bx) > 2
		vertical := abs(ax-bx) < 0.5 && abs(ay-by) > 2
		if (horizontal || vertical) && *rules < maxLayoutRules {
			*rules++
			p.rules = append(p.rules, rule{min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)})
		}
	}
	num := func(i int) float64 {
		if i < len(fs) {
			v, _ := strconv.ParseFloat(fs[i], 64)
			return v
		}
		return 0
	}
	for i := 0; i < len(fs); i++ {
		switch fs[i] {
		case "S", "M":
			cx, cy = num(i+1), num(i+2)
			sx, sy = cx, cy
			i += 2
		case "L":
			x, y := num(i+1), num(i+2)
			add(cx, cy, x, y)
			cx, cy = x, y
			i += 2
		case "Q":
			cx, cy = num(i+3), num(i+4)
			i += 4
		case "B":
			cx, cy = num(i+5), num(i+6)
			i += 6
		case "A":
			cx, cy = num(i+6), num(i+7)
			i += 7
		case "C":
			add(cx, cy, sx, sy)
			cx, cy = sx, sy
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
