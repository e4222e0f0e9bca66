package source

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestLooksLikeCSV(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"rows of one count", "标题,,\n序号,任务,单位\n1,修路,区交通局\n2,建园,\n3,植树,区林业局\n", true},
		{"quoted line breaks", "序号,任务,单位,配合\n1,\"修路,架桥\",区交通局,\"区财政局\n区住建局\"\n2,建园,区城管局,\n3,植树,,区林业局\n", true},
		{"prose with commas", "一、总体要求\n坚持稳中求进, 扎实推进, 确保完成.\n各单位要加强领导, 压实责任, 抓好落实, 按时报送.\n附件: 清单\n", false},
		{"prose of equal counts, no blank cell", "We met on Monday, then Tuesday, then Friday.\nShe came late, left early, and said nothing.\nRain fell, wind blew, nobody went out.\n", false},
		{"tab table", "序号\t任务\t单位\n1,2\t修路\t区交通局\n2\t建园,\t\n3\t植树\t\n", false},
		{"too few rows", "序号,任务,单位\n1,修路,\n", false},
	} {
		if got := looksLikeCSV(c.text); got != c.want {
			t.Errorf("%s: looksLikeCSV = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestReadCSV(t *testing.T) {
	text := "2024年重点工作任务分解表,,,,\r\n填报单位：区政府办,,,,\r\n序号,工作任务,责任领导,牵头单位,配合单位\r\n" +
		"一、工业经济,,,,\r\n1,\"推进技改,引进\"\"链主\"\"企业。\",\"谭振华，龚思远\",区经信局,\"区财政局\r\n区发改委\"\r\n合计,1项,,,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	header := func(cells []string) bool { return cells[0] == "序号" }
	src, err := ReadWith(context.Background(), "清单.csv", strings.NewReader(gbk), Options{Header: header})
	if err != nil {
		t.Fatal(err)
	}
	if src.Format != FormatCSV || src.Encoding != "gb18030" {
		t.Fatalf("format %q encoding %q", src.Format, src.Encoding)
	}
	var got []string
	for _, b := range src.Blocks {
		if b.Cells != nil {
			got = append(got, strings.Join(b.Cells, "|"))
		} else {
			got = append(got, "text:"+b.Text)
		}
	}
	want := []string{
		"text:2024年重点工作任务分解表",
		"text:填报单位：区政府办",
		"序号|工作任务|责任领导|牵头单位|配合单位",
		"一、工业经济||||",
		"1|推进技改,引进\"链主\"企业。|谭振华，龚思远|区经信局|区财政局\n区发改委",
		"合计|1项|||",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
	if l := src.Blocks[5].Line; l != 7 {
		t.Errorf("合计 row at line %d, want 7 (the quoted cell ran over two lines)", l)
	}

	// the same rows in a file not named .csv are read as a table too
	src, err = ReadWith(context.Background(), "清单.txt", strings.NewReader(text), Options{Header: header})
	if err != nil || src.Format != FormatCSV {
		t.Fatalf("sniffed: %v %v", src, err)
	}
	// prose with commas in a .txt stays text
	src, err = Read("通知.txt", strings.NewReader("各单位要加强领导, 压实责任, 抓好落实.\n按时报送, 不得延误, 确保质量.\n"))
	if err != nil || src.Format != FormatText {
		t.Fatalf("prose: %v %v", src, err)
	}
}

func TestReadCSVBounds(t *testing.T) {
	wide := strings.Repeat("a,", MaxRowCells+1) + "a\n"
	if _, err := Read("宽.csv", strings.NewReader(wide)); err == nil || !strings.Contains(err.Error(), "过宽") {
		t.Errorf("a row of %d cells: %v", MaxRowCells+2, err)
	}
	long := "序号,任务\n1,\"" + strings.Repeat("长\n", MaxCellBytes/4+10) + "\"\n"
	if _, err := Read("长.csv", strings.NewReader(long)); err == nil {
		t.Error("a cell over MaxCellBytes was read")
	}
	many := strings.Repeat("1,\"a\nb\",c\n", MaxBlocks/2+10)
	if _, err := Read("多.csv", strings.NewReader(many)); err == nil {
		t.Error("too many lines were read")
	}
}
