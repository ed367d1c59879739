package mchd

import (
	"fmt"
	"strings"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/match"
)

// ruleRepresentativeCertificate binds a certificate to the representative
// the power of attorney names (СвУпПред): the person who uses the power must
// be the owner of the certificate he or she presents.
var ruleRepresentativeCertificate = func() check.Rule {
	r := personRule("MCHD-REPRESENTATIVE-CERT", "certificate owner = the representative named in the power of attorney (СНИЛС, ИНН, name)",
		"ГК РФ, ст. 185, 185.1; 63-ФЗ, ст. 17.3 (полномочия представителя подтверждаются доверенностью, "+
			"выданной лицу, подписывающему документ)",
		"Доверенность выдана не владельцу сертификата", "Владелец сертификата — представитель, указанный в доверенности",
		"Владелец сертификата")
	r.Outcomes = append(r.Outcomes,
		check.Outcome{Code: "no-representative", Status: check.Fail,
			Message: "Доверенность выдана не владельцу сертификата: в доверенности нет сведений о представителе"},
		check.Outcome{Code: "organisation", Status: check.Fail,
			Message: "Доверенность выдана не владельцу сертификата: представитель по доверенности — организация или филиал (%s), " +
				"а не физическое лицо; заявку подаёт физическое лицо, которому выдана доверенность"})
	return r
}()

// BindRepresentative compares the owner of cert with the representatives of
// doc (СвУпПред of a direct power of attorney, СвПолучПолн of a retrust): a
// natural person (ТипПред=3, СведФизЛ) or an individual entrepreneur
// (ТипПред=2, СведИП). The best-matching representative decides. Like the
// signer binding, a contradicting СНИЛС or ИНН fails, an identifier missing
// on one side is a warning naming it, and a match by name alone is a weak
// match (a warning). A document whose representatives are all organisations
// fails: an organisation cannot be the owner of a person's certificate.
func BindRepresentative(doc *Document, cert *certificate.Certificate) check.Result {
	r := &ruleRepresentativeCertificate
	if doc == nil {
		return r.Skipped("no document")
	}
	if cert == nil {
		return r.Skipped("no certificate")
	}
	base := "Довер/СвУпПред"
	if doc.IsRetrust() {
		base = "Передов/СвПолучПолн"
	}
	var persons []party
	var kinds []string
	for i, rep := range doc.Representatives() {
		path := fmt.Sprintf("%s[%d]/Пред", base, i+1)
		switch {
		case rep.Type == RepresentativePerson && rep.Person != nil:
			persons = append(persons, personParty(path+"/СведФизЛ", "представителя", rep.Person))
		case rep.Type == RepresentativeEntrepreneur && rep.Entrepreneur != nil:
			ip := rep.Entrepreneur
			persons = append(persons, party{Person: match.Person{Path: path + "/СведИП", Surname: ip.Details.Name.Last,
				GivenNames: match.GivenNames(ip.Details.Name.First, ip.Details.Name.Middle), SNILS: ip.SNILS, INN: ip.INN},
				description: "представителя (индивидуального предпринимателя)"})
		default:
			kinds = append(kinds, "ТипПред="+rep.Type)
		}
	}
	if len(persons) == 0 {
		if len(kinds) == 0 {
			return r.Outcome("no-representative", "no representative")
		}
		return r.Outcome("organisation", "representatives are organisations: "+strings.Join(kinds, ", "), strings.Join(kinds, ", "))
	}
	return bindPerson(r, persons, cert)
}
