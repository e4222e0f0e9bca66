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
	fieldYear       = "year"
	fieldDocID      = "doc_id"
	fieldSeq        = "seq"         // the task's number, numeric: indexes of an earlier duban only
	fieldSeqKey     = "seq_key"     // the task's number as a keyword: one term, where a number is sixteen
	fieldDue        = "due"         // the deadline as YYYY-MM-DD when it names a date (Task.Due); absent otherwise
	fieldHasTargets = "has_targets" // "yes" when the task sets a quantitative target
	fieldLength     = "length"      // characters in the text, for ranking short tasks first
	fieldWords      = "words"       // the notice's own domain words that stand in the text, folded (DomainWords)
	fieldStatus     = "status"      // the task's progress status (已完成, 序时推进, 滞后, 逾期, 未报送); absent when none
	fieldPeriod     = "period"      // the period of the task's latest progress report (2019-H1); absent when none
	fieldJSON       = "_json"       // the whole Task, stored, not indexed
	fieldCRC        = "_crc"        // the CRC-32 of _json, stored, not indexed: checked when a task is read
)

// indexedTask is what one task becomes in bleve.
type indexedTask struct {
	Text       []string `json:"text"`     // the task's text, then its latest progress
	TextCJK    []string `json:"text_cjk"` // the same
	Names      []string `json:"names"`
	Leaders    []string `json:"leaders"`
	Units      []string `json:"units"`
	UnitGroups []string `json:"unit_groups"`
	Year       string   `json:"year"`
	DocID      string   `json:"doc_id"`
	Seq        float64  `json:"seq"` // indexed where an earlier mapping has fieldSeq
	SeqKey     string   `json:"seq_key"`
	Due        []string `json:"due"` // one value or none: a keyword field holds no empty term
	Status     []string `json:"status"`
	Period     []string `json:"period"`
	HasTargets string   `json:"has_targets"`
	Length     string   `json:"length"`
	Words      []string `json:"words"`
	JSON       string   `json:"_json"`
	CRC        string   `json:"_crc"`
}

// taskNames are the values of a task's names field.
func taskNames(t *ingest.Task) []string {
	names := make([]string, 0, len(t.Leaders)+len(t.Units)+len(t.CoUnits)+1)
	names = append(append(append(names, t.Leaders...), t.Units...), t.CoUnits...)
	if t.Section != "" {
		names = append(names, t.Section)
	}
	return names
}

// newIndexedTask is what task t becomes in bleve; words are its notice's
// domain words, folded (foldWord).
func newIndexedTask(t *ingest.Task, raw []byte, words *domainWords) indexedTask {
	names, texts := taskNames(t), searchedTexts(t)
	has := "no"
	if len(t.Targets) > 0 {
		has = "yes"
	}
	return indexedTask{
		Due: oneOrNone(t.Due), Status: oneOrNone(t.Status), Period: oneOrNone(t.Period),
		HasTargets: has, Length: strconv.Itoa(utf8.RuneCountInString(t.Text)),
		Text: texts, TextCJK: texts, Names: names,
		Leaders: t.Leaders, Units: t.Units, UnitGroups: t.UnitGroups,
		Year: strconv.Itoa(t.Year), DocID: t.DocID, Seq: float64(t.Seq), SeqKey: strconv.Itoa(t.Seq), JSON: string(raw),
		Words: wordsIn(t.Text, words), CRC: taskCRC(raw),
	}
}

// oneOrNone is a keyword field's value: one, or none for an empty string (a
// keyword field holds no empty term).
func oneOrNone(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}

// searchedTexts are the texts a task is found by: its own, then its latest
// progress (a report's words find the task they report on). The executor
// checks positions in the same values (exec.go, heldBy).
func searchedTexts(t *ingest.Task) []string {
	if t.Progress == "" {
		return []string{t.Text}
	}
	return []string{t.Text, t.Progress}
}

// newMapping builds the index mapping: the gse text field (terms only: its
// words are matched in any order), the bigram and names fields with
// positions (a word's tokens are checked side by side), keyword fields and
// the stored task. Searches read postings only (exec.go, segments.go), so no
// field keeps doc values, and none keeps term frequencies and norms
// (SkipFreqNorm: zap stores a norm as a five-byte varint for every term of
// every task; positions are still kept where asked). The task's number is a
// keyword (seq_key), not a number, which bleve indexes as sixteen terms for
// range queries duban never runs. The text fields are not stored one by
// one: the whole task is stored once as _json (in the form of taskcodec.go),
// hits are rebuilt from it and highlights computed from the query's words,
// so storing the text again would only double it.
func newMapping() *mapping.IndexMappingImpl {
	text := func(analyzer string, positions bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = positions
		f.IncludeInAll = false
		f.DocValues = false
		f.SkipFreqNorm = true
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		f.SkipFreqNorm = true
		return f
	}
	stored := mapping.NewTextFieldMapping()
	stored.Index, stored.Store, stored.IncludeInAll, stored.IncludeTermVectors, stored.DocValues = false, true, false, false, false

	task := mapping.NewDocumentStaticMapping()
	task.AddFieldMappingsAt(fieldText, text(AnalyzerName, false))
	task.AddFieldMappingsAt(fieldTextCJK, text(CJKAnalyzerName, true))
	task.AddFieldMappingsAt(fieldNames, text(CJKAnalyzerName, true))
	for _, name := range []string{fieldLeaders, fieldUnits, fieldUnitGroups, fieldYear, fieldDocID, fieldHasTargets, fieldLength, fieldWords, fieldSeqKey, fieldDue, fieldStatus, fieldPeriod} {
		task.AddFieldMappingsAt(name, kw())
	}
	task.AddFieldMappingsAt(fieldJSON, stored)
	crc := mapping.NewTextFieldMapping()
	crc.Index, crc.Store, crc.IncludeInAll, crc.IncludeTermVectors, crc.DocValues = false, true, false, false, false
	task.AddFieldMappingsAt(fieldCRC, crc)

	// No _all field: every query names its field, and bleve would build
	// an empty composite field for every task.
	task.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	m := mapping.NewIndexMapping()
	m.DefaultMapping = task
	m.DefaultAnalyzer = AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
