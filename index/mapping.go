package index

import (
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/duban/duban/ingest"
)

// Field names in the bleve index.
const (
	fieldText       = "text"     // gse, search mode: word-level matching and ranking
	fieldTextCJK    = "text_cjk" // cjk unigrams+bigrams of the same text: every run of characters is found
	fieldNames      = "names"    // leaders, units, co-units and section, analysed like text_cjk: q=城管局 finds 区城管局
	fieldLeaders    = "leaders"
	fieldUnits      = "units"
	fieldUnitGroups = "unit_groups"
	fieldCoUnits    = "co_units"
	fieldYear       = "year"
	fieldDocID      = "doc_id"
	fieldSeq        = "seq"
	fieldHasTargets = "has_targets" // "yes" when the task sets a quantitative target
	fieldPairs      = "pairs"       // leader|unit group, for who works with whom
	fieldLength     = "length"      // characters in the text, for ranking short tasks first
	fieldJSON       = "_json"       // the whole Task, stored, not indexed
)

// pairSep joins a leader and a unit group in the pairs field; it stands in
// no name.
const pairSep = "|"

// indexedTask is what one task becomes in bleve.
type indexedTask struct {
	Text       string   `json:"text"`
	TextCJK    string   `json:"text_cjk"`
	Names      []string `json:"names"`
	Leaders    []string `json:"leaders"`
	Units      []string `json:"units"`
	UnitGroups []string `json:"unit_groups"`
	CoUnits    []string `json:"co_units"`
	Year       string   `json:"year"`
	DocID      string   `json:"doc_id"`
	Seq        float64  `json:"seq"`
	HasTargets string   `json:"has_targets"`
	Pairs      []string `json:"pairs"`
	Length     string   `json:"length"`
	JSON       string   `json:"_json"`
}

func newIndexedTask(t *ingest.Task, raw []byte) indexedTask {
	names := make([]string, 0, len(t.Leaders)+len(t.Units)+len(t.CoUnits)+1)
	names = append(append(append(names, t.Leaders...), t.Units...), t.CoUnits...)
	if t.Section != "" {
		names = append(names, t.Section)
	}
	pairs := make([]string, 0, len(t.Leaders)*len(t.UnitGroups))
	for _, l := range t.Leaders {
		for _, g := range t.UnitGroups {
			pairs = append(pairs, l+pairSep+g)
		}
	}
	has := "no"
	if len(t.Targets) > 0 {
		has = "yes"
	}
	return indexedTask{
		HasTargets: has, Pairs: pairs, Length: strconv.Itoa(utf8.RuneCountInString(t.Text)),
		Text: t.Text, TextCJK: t.Text, Names: names,
		Leaders: t.Leaders, Units: t.Units, UnitGroups: t.UnitGroups, CoUnits: t.CoUnits,
		Year: strconv.Itoa(t.Year), DocID: t.DocID, Seq: float64(t.Seq), JSON: string(raw),
	}
}

// newMapping builds the index mapping: analysed text with term vectors (the
// positions phrase queries need), keyword fields with doc values (for facets,
// filters and sorting) and the stored task. The text fields are not stored
// one by one: the whole task is stored once as _json, hits are rebuilt from
// it and highlights computed from the query's words, so storing the text
// again would only double it.
func newMapping() *mapping.IndexMappingImpl {
	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	seq := mapping.NewNumericFieldMapping()
	seq.Store, seq.IncludeInAll, seq.DocValues = false, false, true
	stored := mapping.NewTextFieldMapping()
	stored.Index, stored.Store, stored.IncludeInAll, stored.IncludeTermVectors, stored.DocValues = false, true, false, false, false

	task := mapping.NewDocumentStaticMapping()
	task.AddFieldMappingsAt(fieldText, text(AnalyzerName))
	task.AddFieldMappingsAt(fieldTextCJK, text(CJKAnalyzerName))
	task.AddFieldMappingsAt(fieldNames, text(CJKAnalyzerName))
	for _, name := range []string{fieldLeaders, fieldUnits, fieldUnitGroups, fieldCoUnits, fieldYear, fieldDocID, fieldHasTargets, fieldPairs} {
		task.AddFieldMappingsAt(name, kw())
	}
	length := kw()
	length.DocValues = false
	task.AddFieldMappingsAt(fieldLength, length)
	task.AddFieldMappingsAt(fieldSeq, seq)
	task.AddFieldMappingsAt(fieldJSON, stored)

	m := mapping.NewIndexMapping()
	m.DefaultMapping = task
	m.DefaultAnalyzer = AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
