package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/egisz-lk/registrar/internal/canonxml"
)

// Subsystem is a subsystem (component) of ЕГИСЗ that access is granted to:
// a code of this library's own list and its Russian name.
type Subsystem struct {
	// Code is upper-case ASCII letters, digits and underscores, starting
	// with a letter, at most 32 ("FRMR").
	Code string
	// Name is the Russian name, 1 to 255 characters.
	Name string
}

// Catalogue is a list of subsystems by code. The ЛК ЕГИСЗ does not publish
// its codes, so the codes are this library's own (upper-case ASCII, digits
// and underscores, at most 32); a deployment that needs others extends the
// list with With. The XML carries code and name, and the checks compare
// both with the catalogue (ACC-SUBSYSTEMS), so a new code needs no new
// format version. A Catalogue is immutable and safe for concurrent use.
type Catalogue struct {
	items []Subsystem // sorted by code
}

// defaultSubsystems are the subsystems of the default catalogue: the
// federal components of ЕГИСЗ named by Постановление Правительства РФ от
// 09.02.2022 № 140 and the registers of the sanatorium-resort sector that
// the ЛК ЕГИСЗ instruction names.
var defaultSubsystems = []Subsystem{
	{"FRMO", "Федеральный реестр медицинских организаций"},
	{"FRMR", "Федеральный регистр медицинских работников"},
	{"IEMK", "Интегрированная электронная медицинская карта"},
	{"NSI", "Федеральный реестр нормативно-справочной информации в сфере здравоохранения"},
	{"REMD", "Реестр электронных медицинских документов"},
	{"RKF", "Реестр курортного фонда"},
	{"SKL", "Санаторно-курортное лечение"},
	{"VIMIS", "Вертикально-интегрированные медицинские информационные системы"},
}

var defaultCatalogue = &Catalogue{items: defaultSubsystems}

// DefaultCatalogue returns the library's list of subsystems:
//
//	FRMO   Федеральный реестр медицинских организаций
//	FRMR   Федеральный регистр медицинских работников
//	IEMK   Интегрированная электронная медицинская карта
//	NSI    Федеральный реестр нормативно-справочной информации в сфере здравоохранения
//	REMD   Реестр электронных медицинских документов
//	RKF    Реестр курортного фонда
//	SKL    Санаторно-курортное лечение
//	VIMIS  Вертикально-интегрированные медицинские информационные системы
func DefaultCatalogue() *Catalogue { return defaultCatalogue }

// With returns a catalogue with the given subsystems added (a code already
// listed is renamed). A code must be upper-case ASCII letters, digits and
// underscores, starting with a letter, at most 32; a name 1 to 255
// characters.
func (c *Catalogue) With(items ...Subsystem) (*Catalogue, error) {
	out := slices.Clone(c.items)
	for _, s := range items {
		if !codeRE.MatchString(s.Code) {
			return nil, fmt.Errorf("access: subsystem code %q: want A-Z, 0-9, _ (at most 32), starting with a letter", s.Code)
		}
		if err := canonxml.ValidText(s.Name, maxText["subsystem"]); err != nil {
			return nil, fmt.Errorf("access: subsystem %s name: %v", s.Code, err)
		}
		i, found := slices.BinarySearchFunc(out, s.Code, func(x Subsystem, code string) int { return strings.Compare(x.Code, code) })
		if found {
			out[i] = s
		} else {
			out = slices.Insert(out, i, s)
		}
	}
	return &Catalogue{items: out}, nil
}

// Name returns the name of the subsystem with the code.
func (c *Catalogue) Name(code string) (string, bool) {
	i, found := slices.BinarySearchFunc(c.items, code, func(x Subsystem, code string) int { return strings.Compare(x.Code, code) })
	if !found {
		return "", false
	}
	return c.items[i].Name, true
}

// Subsystems returns the list, sorted by code (a copy).
func (c *Catalogue) Subsystems() []Subsystem { return slices.Clone(c.items) }

// lookup names the codes (sorted, without repetitions); an unknown code
// keeps an empty name.
func (c *Catalogue) lookup(codes []string) []Subsystem {
	codes = sortedCodes(codes)
	out := make([]Subsystem, len(codes))
	for i, code := range codes {
		name, _ := c.Name(code)
		out[i] = Subsystem{Code: code, Name: name}
	}
	return out
}
