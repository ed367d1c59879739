// Package match is the module's one person matcher and one organisation
// matcher: it compares what a document (a power of attorney, an ЕСИА
// account, an ЕГРЮЛ record) says about a person or an organisation with what
// a certificate says, with one normalisation — names case-insensitive with
// Ё = Е and spaces collapsed, identifiers by their digits. It decides
// nothing: the rules of mchd and application turn an Outcome into their own
// results and messages.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field names a compared identifier.
type Field int

// The identifiers compared.
const (
	SNILS Field = iota + 1
	INN
	INNLE
	OGRN
	OGRNIP
)

// Russian returns the identifier's Russian name.
func (f Field) Russian() string {
	switch f {
	case SNILS:
		return "СНИЛС"
	case INN:
		return "ИНН"
	case INNLE:
		return "ИНН ЮЛ"
	case OGRN:
		return "ОГРН"
	case OGRNIP:
		return "ОГРНИП"
	}
	return "идентификатор"
}

// String returns the identifier's English name.
func (f Field) String() string {
	switch f {
	case SNILS:
		return "SNILS"
	case INN:
		return "INN"
	case INNLE:
		return "INNLE"
	case OGRN:
		return "OGRN"
	case OGRNIP:
		return "OGRNIP"
	}
	return "identifier"
}

// State is the outcome of comparing one identifier.
type State int

// The states of one identifier comparison.
const (
	// Absent: neither side has the identifier.
	Absent State = iota
	// Match: both sides have it and it is the same.
	Match
	// Conflict: both sides have it and it differs.
	Conflict
	// MissingDoc: only the certificate has it.
	MissingDoc
	// MissingCert: only the document has it.
	MissingCert
)

// ID is the comparison of one identifier.
type ID struct {
	Field Field
	// Path is where the document holds it (for messages), may be empty.
	Path string
	// Doc and Cert are the compared values (digits; "" when absent).
	Doc, Cert string
	// Raw is the document's value as written.
	Raw   string
	State State
}

// Pair is one identifier to compare: the document's value as written and
// the certificate's value ("" when absent).
type Pair struct {
	Field     Field
	Path      string
	Doc, Cert string
}

// IDs compares identifier pairs by their digits.
func IDs(pairs ...Pair) []ID {
	out := make([]ID, 0, len(pairs))
	for _, p := range pairs {
		id := ID{Field: p.Field, Path: p.Path, Doc: Digits(p.Doc), Cert: Digits(p.Cert), Raw: strings.TrimSpace(p.Doc)}
		switch {
		case id.Doc == "" && id.Cert == "":
			id.State = Absent
		case id.Doc == "":
			id.State = MissingDoc
		case id.Cert == "":
			id.State = MissingCert
		case id.Doc == id.Cert:
			id.State = Match
		default:
			id.State = Conflict
		}
		out = append(out, id)
	}
	return out
}

// Count returns how many identifiers are in state s.
func Count(ids []ID, s State) int {
	n := 0
	for _, id := range ids {
		if id.State == s {
			n++
		}
	}
	return n
}

// Of returns the identifiers in state s.
func Of(ids []ID, s State) []ID {
	var out []ID
	for _, id := range ids {
		if id.State == s {
			out = append(out, id)
		}
	}
	return out
}

// Person is what one side says about a person.
type Person struct {
	// Path is where the document names the person (for messages).
	Path string
	// Surname and GivenNames (first name and patronymic, as the
	// certificate's G attribute holds them).
	Surname, GivenNames string
	// SNILS and INN as written ("" when absent).
	SNILS, INN string
}

// GivenNames joins a first name and a patronymic as a certificate's G
// attribute does.
func GivenNames(first, middle string) string {
	return strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(middle))
}

// PersonOutcome is the comparison of a document's person with a
// certificate's.
type PersonOutcome struct {
	// Doc is the document's person compared.
	Doc Person
	// IDs are the СНИЛС and ИНН comparisons.
	IDs []ID
	// NameKnown reports whether both sides have a surname and given names.
	NameKnown bool
	// NameMatch reports whether they are the same name.
	NameMatch bool
	// SurnameDiffers, FirstDiffers, MiddleDiffers say which part differs
	// (when NameKnown).
	SurnameDiffers, FirstDiffers, MiddleDiffers bool
}

// Matched counts the identifiers both sides have and agree on.
func (o PersonOutcome) Matched() int { return Count(o.IDs, Match) }

// Conflicts counts the identifiers both sides have and disagree on.
func (o PersonOutcome) Conflicts() int { return Count(o.IDs, Conflict) }

// Missing counts the identifiers only one side has.
func (o PersonOutcome) Missing() int { return Count(o.IDs, MissingDoc) + Count(o.IDs, MissingCert) }

// score orders candidates: no contradiction first, then identifier matches,
// then the name.
func (o PersonOutcome) score() int {
	s := 0
	if o.Conflicts() == 0 {
		s += 1000
	}
	s += 10 * o.Matched()
	if o.NameMatch {
		s++
	}
	return s
}

// ComparePerson compares the document's person doc with the certificate's
// person cert.
func ComparePerson(doc, cert Person) PersonOutcome {
	o := PersonOutcome{Doc: doc, IDs: IDs(
		Pair{Field: SNILS, Path: doc.Path, Doc: doc.SNILS, Cert: cert.SNILS},
		Pair{Field: INN, Path: doc.Path, Doc: doc.INN, Cert: cert.INN},
	)}
	ds, dg := Name(doc.Surname), Name(doc.GivenNames)
	cs, cg := Name(cert.Surname), Name(cert.GivenNames)
	o.NameKnown = ds != "" && dg != "" && cs != "" && cg != ""
	if o.NameKnown {
		df, dm := splitGiven(dg)
		cf, cm := splitGiven(cg)
		o.SurnameDiffers, o.FirstDiffers, o.MiddleDiffers = ds != cs, df != cf, dm != cm
		o.NameMatch = ds == cs && dg == cg
	}
	return o
}

// Best compares every candidate with cert and returns the index and outcome
// of the best match (no contradiction first, then the most identifiers
// matched, then the name); -1 for no candidates.
func Best(candidates []Person, cert Person) (int, PersonOutcome) {
	best, bo := -1, PersonOutcome{}
	for i, p := range candidates {
		o := ComparePerson(p, cert)
		if best < 0 || o.score() > bo.score() {
			best, bo = i, o
		}
	}
	return best, bo
}

func splitGiven(g string) (first, middle string) {
	first, middle, _ = strings.Cut(g, " ")
	return first, middle
}

// Name folds a name for comparison: upper case, Ё = Е, inner spaces
// collapsed, surrounding spaces trimmed.
func Name(s string) string {
	// One pass and one allocation (the result); names are compared many
	// times per check.
	var buf [96]byte
	b := buf[:0]
	gap := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			gap = len(b) > 0
			continue
		}
		if gap {
			b = append(b, ' ')
			gap = false
		}
		if r = unicode.ToUpper(r); r == 'Ё' {
			r = 'Е'
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// Digits returns the ASCII digits of s.
func Digits(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	if n == len(s) {
		return s
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}
