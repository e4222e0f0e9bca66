package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Deadlines (完成时限) are written many ways; dueDate reads the ones that
// name a date into YYYY-MM-DD: 2019年6月底 → 2019-06-30, 9月底前 → the
// notice's year's 09-30, 全年/年底 → 12-31, 上半年 → 06-30, 三季度 → 09-30,
// 2019年12月31日 as it is. 长期坚持 and 持续推进 name no date and stay text.
var (
	dueDayRe     = regexp.MustCompile(`(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	dueMonthRe   = regexp.MustCompile(`(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月`)
	dueYearEnd   = regexp.MustCompile(`(?:((?:19|20)\d{2})\s*年)?\s*(?:全年|年底|年末|年内|底前|年度)`)
	dueHalfRe    = regexp.MustCompile(`(?:((?:19|20)\d{2})\s*年)?\s*(上|下)半年`)
	dueQuarterRe = regexp.MustCompile(`(?:((?:19|20)\d{2})\s*年)?\s*(?:第)?([一二三四1-4])\s*季度`)
	dueYearOnly  = regexp.MustCompile(`^((?:19|20)\d{2})\s*年?$`)
)

// DueDate is dueDate for the library, which recomputes a task's due date
// when the office corrects its deadline by hand.
func DueDate(deadline string, year int) string { return dueDate(deadline, year) }

// dueDate returns the last day a deadline allows as YYYY-MM-DD, or "" when
// it names no date. year is the notice's year, for deadlines that name no
// year of their own (6月底前); with neither, there is no date.
func dueDate(deadline string, year int) string {
	d := strings.TrimSpace(foldDigits(deadline))
	if d == "" {
		return ""
	}
	yearOf := func(s string) int {
		if s != "" {
			y, _ := strconv.Atoi(s)
			return y
		}
		return year
	}
	// The last date a deadline names is the one that bounds it
	// (2019年3月至12月 → December).
	if ms := dueDayRe.FindAllStringSubmatch(d, -1); ms != nil {
		m := ms[len(ms)-1]
		mo, _ := strconv.Atoi(m[2])
		day, _ := strconv.Atoi(m[3])
		return dateOf(yearOf(lastYear(d, m[1])), mo, day)
	}
	if ms := dueMonthRe.FindAllStringSubmatch(d, -1); ms != nil {
		m := ms[len(ms)-1]
		mo, err := strconv.Atoi(m[2])
		if err != nil {
			mo = cnNumber(m[2])
		}
		return monthEnd(yearOf(lastYear(d, m[1])), mo)
	}
	if m := dueQuarterRe.FindStringSubmatch(d); m != nil {
		q := strings.IndexAny("一二三四", m[2])/3 + 1
		if n, err := strconv.Atoi(m[2]); err == nil {
			q = n
		}
		return monthEnd(yearOf(m[1]), q*3)
	}
	if m := dueHalfRe.FindStringSubmatch(d); m != nil {
		if m[2] == "上" {
			return monthEnd(yearOf(m[1]), 6)
		}
		return monthEnd(yearOf(m[1]), 12)
	}
	if m := dueYearEnd.FindStringSubmatch(d); m != nil {
		return monthEnd(yearOf(m[1]), 12)
	}
	if m := dueYearOnly.FindStringSubmatch(d); m != nil {
		return monthEnd(yearOf(m[1]), 12)
	}
	return ""
}

// lastYear is the year a deadline's last date stands in: its own, else the
// last year the deadline names before it (2019年3月至6月).
func lastYear(d, own string) string {
	if own != "" {
		return own
	}
	if ys := regexp.MustCompile(`((?:19|20)\d{2})\s*年`).FindAllStringSubmatch(d, -1); ys != nil {
		return ys[len(ys)-1][1]
	}
	return ""
}

func monthEnd(year, month int) string {
	if year <= 0 || month < 1 || month > 12 {
		return ""
	}
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func dateOf(year, month, day int) string {
	if year <= 0 || month < 1 || month > 12 || day < 1 || day > 31 {
		return ""
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(month) {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

// foldDigits folds full-width digits and the full-width stop (２０１９年,
// １．) so the patterns read them; one rune stays one rune.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		}
		return r
	}, s)
}
