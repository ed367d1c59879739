package mchd

import (
	"strconv"
	"strings"
)

// IsRetrust reports whether the document is a retrust (Документ/Передов).
func (d *Document) IsRetrust() bool { return d != nil && d.retrust != nil }

// Meta returns the number, dates and kind of this power of attorney: СвДов of
// a direct one, СвПереДовер of a retrust; nil if there is neither.
func (d *Document) Meta() *Info {
	switch {
	case d == nil:
		return nil
	case d.direct != nil:
		return &d.direct.Info
	case d.retrust != nil:
		return &d.retrust.Info
	}
	return nil
}

// Number returns НомДовер exactly as written (case preserved, as the FNS
// registry needs it).
func (d *Document) Number() string {
	if m := d.Meta(); m != nil {
		return m.Number
	}
	return ""
}

// Principal returns the first principal (СвДоверит) of a direct power of
// attorney, or nil for a retrust or a document without one.
func (d *Document) Principal() *Principal {
	if d == nil || d.direct == nil || len(d.direct.Principals) == 0 {
		return nil
	}
	return &d.direct.Principals[0]
}

// Head returns the first natural person acting without a power of attorney
// for a Russian-organisation principal (ЛицоБезДов/СвФЛ, the usual director
// when ЕИОФЛ=1), or nil.
func (d *Document) Head() *Person {
	p := d.Principal()
	if p == nil || p.RussianOrg == nil {
		return nil
	}
	for i := range p.RussianOrg.Heads {
		if h := p.RussianOrg.Heads[i].Person; h != nil {
			return h
		}
	}
	return nil
}

// ManagingOrganisation returns the first managing organisation acting as the
// single executive body (ЛицоБезДов/СВЮЛ: СвЮЛЕИО and its СвФЛ list), or nil.
func (d *Document) ManagingOrganisation() *ManagingOrganisation {
	p := d.Principal()
	if p == nil || p.RussianOrg == nil {
		return nil
	}
	for i := range p.RussianOrg.Heads {
		if m := p.RussianOrg.Heads[i].ManagingOrg; m != nil {
			return m
		}
	}
	return nil
}

// Representatives returns the representatives: СвУпПред of a direct power of
// attorney or СвПолучПолн of a retrust.
func (d *Document) Representatives() []Representative {
	switch {
	case d == nil:
		return nil
	case d.direct != nil:
		return d.direct.Representatives
	case d.retrust != nil:
		return d.retrust.Recipients
	}
	return nil
}

// Powers returns СвПолн of the document, or nil.
func (d *Document) Powers() *Powers {
	switch {
	case d == nil:
		return nil
	case d.direct != nil:
		return &d.direct.Powers
	case d.retrust != nil:
		return &d.retrust.Powers
	}
	return nil
}

// PowerMatch says which machine-readable power matched a code and how.
type PowerMatch struct {
	Power *Power
	// Index is the position of the МашПолн among the machine-readable powers.
	Index int
	// Field is "КодПолн" or "МнПолн": the attribute that carried the code.
	Field string
}

// Path returns the element path of the matched power, for messages.
func (m PowerMatch) Path() string {
	return "СвПолн/МашПолн[" + strconv.Itoa(m.Index+1) + "]/@" + m.Field
}

// FindPower looks for a machine-readable power with the given code: first a
// МашПолн whose @КодПолн equals it, then one whose @МнПолн does (both compared
// after trimming surrounding whitespace). НаимПолн and ТипПолн are never used.
func (d *Document) FindPower(code string) (PowerMatch, bool) {
	p := d.Powers()
	code = strings.TrimSpace(code)
	if p == nil || code == "" {
		return PowerMatch{}, false
	}
	for i := range p.Machine {
		if strings.TrimSpace(p.Machine[i].Code) == code {
			return PowerMatch{Power: &p.Machine[i], Index: i, Field: "КодПолн"}, true
		}
	}
	for i := range p.Machine {
		if strings.TrimSpace(p.Machine[i].Mnemonic) == code {
			return PowerMatch{Power: &p.Machine[i], Index: i, Field: "МнПолн"}, true
		}
	}
	return PowerMatch{}, false
}
