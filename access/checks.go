package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/mchd"
)

// ContentChecks evaluates the rules decided by the request alone, in
// order: ACC-EMPLOYEE-SNILS, ACC-POWER and ACC-SUBSYSTEMS (against cat;
// nil means DefaultCatalogue).
func (c *Content) ContentChecks(cat *Catalogue) check.Results {
	if cat == nil {
		cat = DefaultCatalogue()
	}
	rs := make(check.Results, 0, 3)
	// ACC-EMPLOYEE-SNILS.
	if n, err := ident.ParseSNILS(c.Employee.SNILS); err != nil {
		rs = append(rs, ruleEmployeeSNILS.Violated(err.Error(), c.Employee.SNILS,
			strings.TrimSuffix(check.MessageRU(err, "неверное контрольное число"), ".")))
	} else {
		rs = append(rs, ruleEmployeeSNILS.Passed(n.Digits()))
	}
	// ACC-POWER.
	switch c.Power {
	case PowerOperator:
		rs = append(rs, rulePower.Passed(c.Power))
	case application.PowerCode:
		rs = append(rs, rulePower.Violated("power "+c.Power))
	default:
		rs = append(rs, rulePower.Outcome("unknown", "power "+c.Power, c.Power, PowerOperator))
	}
	// ACC-SUBSYSTEMS.
	var bad []string
	for _, s := range c.Subsystems {
		switch name, ok := cat.Name(s.Code); {
		case !ok:
			bad = append(bad, fmt.Sprintf("код «%s» не входит в справочник подсистем", s.Code))
		case name != s.Name:
			bad = append(bad, fmt.Sprintf("подсистема %s называется «%s», а не «%s»", s.Code, name, s.Name))
		}
	}
	codes := strings.Join(c.SubsystemCodes(), ", ")
	switch {
	case len(c.Subsystems) == 0:
		rs = append(rs, ruleSubsystems.Violated("no subsystems", "не указана ни одна подсистема"))
	case len(bad) > 0:
		rs = append(rs, ruleSubsystems.Violated("subsystems "+codes, strings.Join(bad, "; ")))
	default:
		rs = append(rs, ruleSubsystems.Passed("subsystems "+codes, codes))
	}
	return rs
}

// checkRegistration evaluates ACC-REGISTRATION-APPROVED: the registration
// application reg is the one the request names, for the same Регистратор
// and organisation, and it is approved.
func (c *Content) checkRegistration(reg *application.Application) check.Result {
	g := &c.Registrar
	if reg == nil {
		return ruleRegistration.Outcome("no-registration", "no registration application given", g.ApplicationID)
	}
	var diff []string
	if reg.ID != g.ApplicationID {
		diff = append(diff, fmt.Sprintf("номер заявки на регистрацию (%s и %s)", g.ApplicationID, reg.ID))
	}
	if reg.Variant != g.Variant {
		diff = append(diff, "вариант регистрации")
	}
	if reg.Applicant.SNILS != g.Person.SNILS {
		diff = append(diff, "СНИЛС Регистратора")
	}
	if match.Name(reg.Applicant.FullName()) != match.Name(g.Person.FullName()) {
		diff = append(diff, "ФИО Регистратора")
	}
	if o := reg.Organisation; o.INN != c.Organisation.INN || o.OGRN != c.Organisation.OGRN || o.OGRNIP != c.Organisation.OGRNIP {
		diff = append(diff, "организация")
	}
	m, n := reg.Documents.MCHD, g.MCHD
	switch {
	case (m == nil) != (n == nil):
		diff = append(diff, "доверенность")
	case m != nil && (m.Number != n.Number || !utcDate(m.IssueDate).Equal(n.IssueDate) || !utcDate(m.ExpiryDate).Equal(n.ExpiryDate) ||
		m.PowerCode != n.PowerCode):
		diff = append(diff, "сведения о доверенности")
	}
	if len(diff) > 0 {
		return ruleRegistration.Outcome("mismatch", "registration "+reg.ID+" differs", strings.Join(diff, ", "))
	}
	if st := reg.Lifecycle.State; st != application.StateApproved {
		return ruleRegistration.Violated("registration state "+st.String(), reg.ID, st.Russian())
	}
	return ruleRegistration.Passed("registration "+reg.ID+" approved", reg.ID)
}

// checkEmployee evaluates ACC-EMPLOYEE-ESIA: the employee's ЕСИА account
// is confirmed and is the employee's (СНИЛС and full name).
func (c *Content) checkEmployee(acc *application.Applicant) check.Result {
	e := &c.Employee
	if acc == nil {
		return ruleEmployeeESIA.Outcome("no-account", "no ESIA account of the employee given")
	}
	var diff []string
	s, err := ident.ParseSNILS(acc.SNILS)
	switch {
	case err != nil:
		diff = append(diff, "СНИЛС в учётной записи ЕСИА не указан или неверен")
	case s.Digits() != e.SNILS:
		diff = append(diff, fmt.Sprintf("СНИЛС в заявке %s, в ЕСИА %s", e.SNILS, s.Digits()))
	}
	if match.Name(e.FullName()) != match.Name(acc.FullName()) {
		diff = append(diff, fmt.Sprintf("ФИО в заявке «%s», в ЕСИА «%s»", e.FullName(), acc.FullName()))
	}
	if len(diff) > 0 {
		return ruleEmployeeESIA.Outcome("mismatch", "employee differs from the ESIA account", strings.Join(diff, "; "))
	}
	if acc.Level != application.LevelConfirmed {
		return ruleEmployeeESIA.Violated("level "+acc.Level.String(), acc.Level.Russian())
	}
	return ruleEmployeeESIA.Passed("confirmed, SNILS " + e.SNILS)
}

// OrganisationKey is the key of an organisation in the register: its ОГРН,
// or the ОГРНИП of an entrepreneur.
func OrganisationKey(o application.Organisation) string {
	if o.OGRN != "" {
		return o.OGRN
	}
	return o.OGRNIP
}

// checkRegister evaluates ACC-REVOKE-GRANT and ACC-DUPLICATE-GRANT against
// the register (nil: not given); the rule that does not apply to the
// action is skipped.
func (c *Content) checkRegister(ctx context.Context, reg Register) (revoke, duplicate check.Result) {
	switch c.Action {
	case ActionRevoke:
		duplicate = ruleDuplicate.Skipped("a revocation")
		revoke = c.checkRevoke(ctx, reg)
	default:
		revoke = ruleRevoke.Skipped("a grant")
		duplicate = c.checkDuplicate(ctx, reg)
	}
	return revoke, duplicate
}

func (c *Content) checkRevoke(ctx context.Context, reg Register) check.Result {
	if reg == nil {
		return ruleRevoke.Outcome("no-register", "no register given", c.Revokes)
	}
	g, err := reg.Grant(ctx, c.Revokes)
	switch {
	case errors.Is(err, ErrGrantNotFound):
		return ruleRevoke.Violated("grant "+c.Revokes+" not found", c.Revokes)
	case err != nil:
		return ruleRevoke.Outcome("register-error", err.Error(), c.Revokes)
	}
	if !g.Active(c.ValidFrom) {
		why := "срок предоставления истёк " + fmtDate(g.ValidTo)
		if g.RevokedBy != "" {
			why = "отозвано заявкой " + g.RevokedBy + " " + msk.Date(g.RevokedAt)
		}
		return ruleRevoke.Outcome("not-active", "grant "+g.ID+" not active", g.ID, why)
	}
	var diff []string
	if g.Organisation != OrganisationKey(c.Organisation) {
		diff = append(diff, "организация")
	}
	if g.EmployeeSNILS != c.Employee.SNILS {
		diff = append(diff, "СНИЛС сотрудника")
	}
	if g.Power != c.Power {
		diff = append(diff, "полномочие")
	}
	if !slices.Equal(g.Subsystems, c.SubsystemCodes()) {
		diff = append(diff, fmt.Sprintf("подсистемы (предоставлены %s, в отзыве %s)", strings.Join(g.Subsystems, ", "),
			strings.Join(c.SubsystemCodes(), ", ")))
	}
	if len(diff) > 0 {
		return ruleRevoke.Outcome("mismatch", "grant "+g.ID+" differs", g.ID, strings.Join(diff, ", "))
	}
	return ruleRevoke.Passed("grant "+g.ID+" active", g.ID)
}

func (c *Content) checkDuplicate(ctx context.Context, reg Register) check.Result {
	if reg == nil {
		return ruleDuplicate.Outcome("no-register", "no register given")
	}
	gs, err := reg.Grants(ctx, OrganisationKey(c.Organisation), c.Employee.SNILS)
	if err != nil {
		return ruleDuplicate.Outcome("register-error", err.Error())
	}
	if g, common, dup := duplicateOf(c, gs); dup {
		return ruleDuplicate.Violated("overlaps grant "+g.ID, powerLabel(c.Power), strings.Join(common, ", "), g.ID)
	}
	return ruleDuplicate.Passed(fmt.Sprintf("%d grant(s) of the employee, none overlapping", len(gs)))
}

// registrarSigner returns the index in signers of the first signer whose
// СНИЛС is the Регистратор's, or -1.
func registrarSigner(signers []Signer) int {
	for i, s := range signers {
		if s.Registrar {
			return i
		}
	}
	return -1
}

// checkMCHD evaluates ACC-REGISTRAR-MCHD: the Регистратор's power of
// attorney grants EGISZ_LK_01 and is in force on the signing date (the
// date, in Moscow, of signed).
func (c *Content) checkMCHD(signed time.Time) check.Result {
	m := c.Registrar.MCHD
	if m == nil {
		return ruleMCHD.Outcome("head", "variant "+c.Registrar.Variant.Code())
	}
	if m.PowerCode != application.MCHDPowerCode {
		return ruleMCHD.Outcome("no-power", "power code "+m.PowerCode, m.Number, m.PowerCode)
	}
	day := signed.In(msk.Zone)
	date := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	detail := fmt.Sprintf("signed %s, term %s..%s", date.Format(dateLayout), fmtDate(m.IssueDate), fmtDate(m.ExpiryDate))
	if date.Before(m.IssueDate) || date.After(m.ExpiryDate) {
		return ruleMCHD.Violated(detail, m.Number, msk.Date(day), m.IssueDate.Format("02.01.2006"), m.ExpiryDate.Format("02.01.2006"))
	}
	return ruleMCHD.Passed(detail, m.Number, msk.Date(day))
}

// checkMCHDStatus evaluates ACC-REGISTRAR-MCHD-STATUS: the Регистратор's
// power of attorney is active in the ФНС registry.
func (c *Content) checkMCHDStatus(ctx context.Context, registry mchd.StatusChecker) check.Result {
	m := c.Registrar.MCHD
	if m == nil {
		return ruleMCHDStatus.Outcome("head", "variant "+c.Registrar.Variant.Code())
	}
	if registry == nil {
		return ruleMCHDStatus.Outcome("not-checked", "no status checker; НомДовер="+m.Number, m.Number)
	}
	q := mchd.StatusQuery{Number: m.Number, PrincipalINN: c.Organisation.INN, RepresentativeINN: c.Registrar.Person.INN}
	rep, err := registry.Status(ctx, q)
	detail := "НомДовер=" + m.Number + " status=" + string(rep.Status)
	switch mchd.Standing(rep, err) {
	case mchd.StandingNotListed:
		return ruleMCHDStatus.Outcome("not-checked", "not in the status file; НомДовер="+m.Number, m.Number)
	case mchd.StandingUnavailable:
		detail := "registry unavailable"
		if err != nil {
			detail += ": " + err.Error()
		}
		return ruleMCHDStatus.Outcome("unavailable", detail, m.Number)
	case mchd.StandingActive:
		return ruleMCHDStatus.Passed(detail, m.Number)
	case mchd.StandingPending:
		return ruleMCHDStatus.Outcome("pending", detail, m.Number, rep.Status.Russian())
	case mchd.StandingInvalid:
		return ruleMCHDStatus.Violated(detail, m.Number, rep.Status.Russian())
	}
	return ruleMCHDStatus.Outcome("unknown-answer", detail, m.Number, string(rep.Status))
}
