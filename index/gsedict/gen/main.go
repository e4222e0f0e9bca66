// Command gen writes gse's zh_s dictionary, as gse v0.80.3 loads it, in
// gsedict's file format (go generate in index/gsedict).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/go-ego/gse"

	"github.com/duban/duban/index/gsedict"
)

func main() {
	out := flag.String("o", "zh_s.dict", "output file")
	flag.Parse()
	b, err := generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate loads zh_s with gse's own loader and lays its words out: every
// token of gse's dictionary under the key its trie holds, with its
// frequency, and gse's total.
func generate() ([]byte, error) {
	var seg gse.Segmenter
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, err
	}
	entries := make([]gsedict.Entry, len(seg.Dict.Tokens))
	for i := range seg.Dict.Tokens {
		entries[i] = gsedict.Entry{Key: seg.Dict.Tokens[i].Text(), Freq: seg.Dict.Tokens[i].Freq()}
	}
	return gsedict.Build(entries, seg.Dict.TotalFreq())
}
