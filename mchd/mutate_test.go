package mchd_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
)

// A mutator of МЧД documents for the differential and fuzz tests: it finds
// the tags of a (roughly) well-formed document by pattern and applies
// edits that keep most of the structure — elements removed, duplicated,
// swapped or renamed, attributes removed, duplicated or reordered, values
// rewritten with character and entity references, whitespace, comments,
// processing instructions, CDATA sections — and some that break it
// (control characters, '<' in a value, a bare '&', mismatched tags,
// truncation). Its input need not be well-formed: tags it cannot pair are
// left alone.

var (
	tagRE  = regexp.MustCompile(`<(/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>`)
	attrRX = regexp.MustCompile(`\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')`)
)

type tag struct {
	start, end int // s[start:end] is the tag
	closing    bool
	empty      bool
	name       string
	match      int // index of the matching tag, -1
}

func tags(s string) []tag {
	var out []tag
	for _, m := range tagRE.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, tag{start: m[0], end: m[1], closing: m[3] > m[2], empty: m[9] > m[8], name: s[m[4]:m[5]], match: -1})
	}
	var stack []int
	for i := range out {
		switch {
		case out[i].empty:
		case !out[i].closing:
			stack = append(stack, i)
		case len(stack) > 0 && out[stack[len(stack)-1]].name == out[i].name:
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out[i].match, out[j].match = j, i
		}
	}
	return out
}

// element returns the span of the element that starts at tag i.
func element(ts []tag, i int) (int, int, bool) {
	t := ts[i]
	switch {
	case t.closing:
		return 0, 0, false
	case t.empty:
		return t.start, t.end, true
	case t.match >= 0:
		return t.start, ts[t.match].end, true
	}
	return 0, 0, false
}

// mutator draws its choices from r.
type mutator struct{ r *rand.Rand }

func (m mutator) pick(n int) int {
	if n <= 0 {
		return 0
	}
	return m.r.IntN(n)
}

var (
	insertions = []string{
		"<!-- комментарий -->", "<!---->", "<!-- a -- b -->", "<!--->", "<?pi данные?>", "<?xml version=\"1.0\"?>",
		"<?xml encoding=\"windows-1251\"?>", "<?xml version=\"1.1\"?>", "<?xml encoding=\"KOI8-R\"?>", "<? x?>",
		"<![CDATA[текст <&> ]]>", "<![CDATA[]]>", "<![CDAT[x]]>", "текст", " \n\t", "\r\n", "&amp;&lt;&#1071;&#x42F;",
		"&#0;", "&#xD800;", "&#x110000;", "&#x1F600;", "& ", "&unknown;", "&amp", "]]>", "<", ">", "\x01", "\x7f",
		"\uFFFE", "\uFFFF", "\u0085", "\ufeff", "<!ELEMENT x ANY>", "<!DOCTYPE x>", "<x/>", "<Документ/>",
		"<Довер/>", "</x>", "<a:b xmlns:a=\"urn:a\"/>", "<p:Документ xmlns:p=\"urn://x-artefacts/EMCHD_1\"/>",
		"\xff", "\xd0", "<СвДов НомДовер=\"x\"/>", "<ТекстПолн>текст</ТекстПолн>",
	}
	valueEdits = []string{
		"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#1071;", "&#x42f;", "&#X42F;", "&#9;", "&#10;", "&#13;",
		"&#32;", "\r\n", "\r", "\n", "\t", " ", "&", "<", ">", "\x01", "&#0;", "&#xFFFE;", "&#xD800;", "&#;",
		"&#x;", "&lt", "&nbsp;", "]]>", "'", "\"", "\u00a0", "\xff",
	}
	attrInserts = []string{
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`, ` xsi:type="x"`, ` xml:lang="ru"`,
		` xmlns:p="urn://x-artefacts/EMCHD_1"`, ` p:x="1"`, ` q:x="1"`, ` xmlns=""`, ` xmlns="urn:other"`,
		` xmlns:p=""`, ` a="1"b="2"`, ` a`, ` a=1`, ` a = "1" `, ` xmlns:xml="urn:x"`, ` :a="1"`, ` a:="1"`,
		` a:b:c="1"`, ` ВерсФорм="EMCHD_1"`, ` ИдФайл="ON_DOVBB_x"`,
	}
	renames = []string{"Документ", "Довер", "Передов", "СвДов", "СвДоверит", "Доверит", "РосОргДовер", "СвРосОрг",
		"ЛицоБезДов", "СвФЛ", "СведФЛ", "ФИО", "СвУпПред", "Пред", "СведФизЛ", "СвПолн", "МашПолн", "ОгрСвПолн",
		"ТекстПолн", "x", "p:СвДов", "xmlns", "Доверенность", "a:b:c", "1x", "Ж"}
)

// mutate applies one random edit to s.
func (m mutator) mutate(s string) string {
	ts := tags(s)
	if len(ts) == 0 || m.pick(20) == 0 {
		return m.bytes(s)
	}
	ti := m.pick(len(ts))
	t := ts[ti]
	switch m.pick(16) {
	case 0: // remove an element
		if a, b, ok := element(ts, ti); ok {
			return s[:a] + s[b:]
		}
	case 1: // duplicate an element
		if a, b, ok := element(ts, ti); ok {
			return s[:b] + s[a:b] + s[b:]
		}
	case 2: // swap an element with the next sibling
		if a, b, ok := element(ts, ti); ok {
			for j := ti + 1; j < len(ts); j++ {
				if ts[j].start >= b {
					if c, d, ok := element(ts, j); ok {
						return s[:a] + s[c:d] + s[b:c] + s[a:b] + s[d:]
					}
					break
				}
			}
		}
	case 3: // move an element into another place
		if a, b, ok := element(ts, ti); ok {
			rest := s[:a] + s[b:]
			at := m.boundary(rest)
			return rest[:at] + s[a:b] + rest[at:]
		}
	case 4, 5: // edit an attribute
		return m.attribute(s, t)
	case 6: // rename an element (both tags, or one)
		name := renames[m.pick(len(renames))]
		edit := []tag{t}
		if t.match >= 0 && m.pick(4) != 0 {
			edit = append(edit, ts[t.match])
			if edit[1].start > t.start {
				edit[0], edit[1] = edit[1], edit[0]
			}
		}
		out := s
		for _, e := range edit { // the later tag first
			out = out[:e.start] + strings.Replace(out[e.start:e.end], e.name, name, 1) + out[e.end:]
		}
		return out
	case 7, 8: // insert something at a tag boundary
		at := m.boundary(s)
		return s[:at] + insertions[m.pick(len(insertions))] + s[at:]
	case 9: // text inside an element
		if !t.closing && !t.empty {
			txt := []string{"текст", "a&amp;b", "<![CDATA[x]]>", "<!--c-->", "<?p?>", "  ", "\r\n", "&#x20;"}
			return s[:t.end] + txt[m.pick(len(txt))] + s[t.end:]
		}
		if t.empty {
			return s[:t.end-2] + ">" + "значение" + "</" + t.name + ">" + s[t.end:]
		}
	case 10: // whitespace inside the tag
		ws := []string{" ", "\n", "\r\n", "\t", "  \n  "}
		in := s[t.start:t.end]
		if k := strings.IndexAny(in, " />"); k > 0 {
			k += t.start
			return s[:k] + ws[m.pick(len(ws))] + s[k:]
		}
	case 11: // prefix an element with a declared (or undeclared) prefix
		if !t.closing {
			p := []string{"p", "q", "xml", "xmlns"}[m.pick(4)]
			decl := ""
			if m.pick(3) != 0 {
				decl = ` xmlns:` + p + `="` + []string{"urn://x-artefacts/EMCHD_1", "urn:other", ""}[m.pick(3)] + `"`
			}
			out := s
			if t.match >= 0 {
				o := ts[t.match]
				out = out[:o.start] + "</" + p + ":" + out[o.start+2:]
			}
			head := "<" + p + ":" + t.name + decl
			return out[:t.start] + head + out[t.start+1+len(t.name):]
		}
	case 12: // wrap an element in another one
		if a, b, ok := element(ts, ti); ok {
			n := renames[m.pick(len(renames))]
			return s[:a] + "<" + n + ">" + s[a:b] + "</" + n + ">" + s[b:]
		}
	case 13: // truncate
		return s[:m.pick(len(s)+1)]
	case 14: // mismatch an end tag
		if t.closing {
			return s[:t.start] + "</" + renames[m.pick(len(renames))] + ">" + s[t.end:]
		}
	case 15: // document-level edits
		switch m.pick(6) {
		case 0:
			return "\ufeff" + s
		case 1:
			return strings.TrimPrefix(s, `<?xml version="1.0" encoding="UTF-8"?>`)
		case 2:
			return " \n" + s
		case 3:
			return s + "текст"
		case 4:
			return s + "<Доверенность/>"
		case 5:
			return strings.Replace(s, `encoding="UTF-8"`, []string{`encoding="utf-8"`, `encoding="windows-1251"`, `encoding = "UTF-8"`, `encoding="UTF8"`}[m.pick(4)], 1)
		}
	}
	return m.bytes(s)
}

// attribute edits an attribute of t.
func (m mutator) attribute(s string, t tag) string {
	if t.closing {
		return s
	}
	in := s[t.start:t.end]
	as := attrRX.FindAllStringSubmatchIndex(in, -1)
	if len(as) == 0 || m.pick(5) == 0 {
		k := 1 + len(t.name)
		if k > len(in) {
			return s
		}
		return s[:t.start+k] + attrInserts[m.pick(len(attrInserts))] + s[t.start+k:]
	}
	a := as[m.pick(len(as))]
	full := in[a[0]:a[1]]
	switch m.pick(5) {
	case 0: // remove
		in = in[:a[0]] + in[a[1]:]
	case 1: // duplicate (same or another value)
		dup := full
		if m.pick(2) == 0 {
			dup = " " + in[a[2]:a[3]] + `="другое"`
		}
		in = in[:a[1]] + dup + in[a[1]:]
	case 2: // move to the end of the tag
		in = in[:a[0]] + in[a[1]:]
		k := strings.LastIndexAny(in, "/>")
		if in[k] == '>' && k > 0 && in[k-1] == '/' {
			k--
		}
		in = in[:k] + full + in[k:]
	default: // edit the value
		v0, v1 := a[4]+1, a[5]-1
		if v1 < v0 {
			return s
		}
		at := v0 + m.pick(v1-v0+1)
		for at < v1 && at > v0 && in[at]&0xC0 == 0x80 {
			at++
		}
		e := valueEdits[m.pick(len(valueEdits))]
		if m.pick(3) == 0 && at < v1 {
			_, n := decodeRune(in[at:])
			in = in[:at] + e + in[at+n:]
		} else {
			in = in[:at] + e + in[at:]
		}
	}
	return s[:t.start] + in + s[t.end:]
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			n := len(string(r))
			if r == 0xFFFD {
				n = 1
			}
			return r, n
		}
	}
	return 0, 0
}

// boundary returns a position at the start or end of a tag, or anywhere.
func (m mutator) boundary(s string) int {
	ts := tags(s)
	if len(ts) == 0 || m.pick(8) == 0 {
		at := m.pick(len(s) + 1)
		for at < len(s) && at > 0 && s[at]&0xC0 == 0x80 {
			at++
		}
		return at
	}
	t := ts[m.pick(len(ts))]
	if m.pick(2) == 0 {
		return t.start
	}
	return t.end
}

// bytes edits raw bytes: flips, deletions, insertions of XML punctuation.
func (m mutator) bytes(s string) string {
	if s == "" {
		return insertions[m.pick(len(insertions))]
	}
	b := []byte(s)
	at := m.pick(len(b))
	punct := []byte("<>&;'\"=/!?-[]:# \r\n\x00\x80\xd0")
	switch m.pick(3) {
	case 0:
		b[at] = punct[m.pick(len(punct))]
	case 1:
		b = append(b[:at], b[at+1:]...)
	default:
		b = append(b[:at], append([]byte{punct[m.pick(len(punct))]}, b[at:]...)...)
	}
	return string(b)
}
