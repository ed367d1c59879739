package ident

import "fmt"

// OrganisationProblems checks the identifiers of an organisation as the
// library's formats carry them: a legal entity has a valid ОГРН, ИНН ЮЛ and
// optionally КПП; an individual entrepreneur a valid ОГРНИП and personal
// ИНН and no КПП; never both ОГРН and ОГРНИП. It returns one English line
// per problem, nil when there is none.
func OrganisationProblems(inn, kpp, ogrn, ogrnip string) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	switch {
	case ogrn != "" && ogrnip != "":
		add("organisation has both OGRN and OGRNIP")
	case ogrn != "":
		if _, err := ParseOGRN(ogrn); err != nil {
			add("organisation OGRN: %v", err)
		}
		if _, err := ParseINNLE(inn); err != nil {
			add("organisation INN: %v", err)
		}
		if kpp != "" {
			if _, err := ParseKPP(kpp); err != nil {
				add("organisation KPP: %v", err)
			}
		}
	case ogrnip != "":
		if _, err := ParseOGRNIP(ogrnip); err != nil {
			add("organisation OGRNIP: %v", err)
		}
		if _, err := ParseINNPerson(inn); err != nil {
			add("entrepreneur INN: %v", err)
		}
		if kpp != "" {
			add("an entrepreneur has no KPP")
		}
	default:
		add("organisation has neither OGRN nor OGRNIP")
	}
	return p
}
