package application

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/signature"
)

// Rules of a signed application as the cabinet receives it back (step 2.4,
// second way: exported, signed elsewhere, the detached signature uploaded).
var (
	ruleXML = check.Rule{
		ID: "APP-XML", Title: "the stored application XML is valid and byte-identical to its canonical form",
		Citation: citeAlgorithm + ", шаг 2.4; схема заявки " + Namespace, Severity: check.Fail,
		Message:     "Файл заявки не прошёл проверку формата: %s",
		PassMessage: "Выгруженная заявка соответствует схеме",
		Outcomes: []check.Outcome{
			{Code: "not-canonical", Status: check.Fail,
				Message: "Файл заявки не прошёл проверку формата: файл отличается от канонического XML заявки (подписывается ровно то, что выгрузил кабинет); выгрузите заявку заново"},
			{Code: "no-stored", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Не передана выгруженная заявка — файл, который кабинет выдал на подпись: подпись не с чем сверить. " +
					"Передайте файл заявки, сохранённый при выгрузке"},
		},
	}
	ruleXMLUnchanged = check.Rule{
		ID: "APP-XML-UNCHANGED", Title: "the application file received with the signature is byte-identical to the exported one",
		Citation: citeAlgorithm + ", шаг 2.4 (подписывается выгруженный файл заявки); 63-ФЗ «Об электронной подписи», ст. 11",
		Severity: check.Fail,
		Message: "Файл заявки изменён после выгрузки (изменено: %s). Подписывать нужно заявку в том виде, в каком её выгрузил " +
			"кабинет. Изменения вносятся в кабинете: отредактируйте и сохраните заявку, выгрузите её заново и подпишите",
		PassMessage: "Файл заявки совпадает с выгруженным кабинетом байт в байт",
		Outcomes: []check.Outcome{
			{Code: "re-signed", Status: check.Fail,
				Message: "Файл заявки изменён после выгрузки и подписан заново (изменено: %s): подпись сделана над изменённым файлом, " +
					"а не над выгруженной заявкой. Изменения вносятся в кабинете: отредактируйте и сохраните заявку, выгрузите её заново и подпишите"},
			{Code: "not-an-application", Status: check.Fail,
				Message: "Вместе с подписью передан не файл выгруженной заявки: файл не соответствует схеме заявки. " +
					"Загрузите файл заявки, выгруженный кабинетом, без изменений, и подпись к нему"},
			{Code: "not-given", Status: check.Skip,
				Message: "Файл заявки вместе с подписью не передан: подпись проверена над выгруженной заявкой"},
		},
	}
	ruleApplicantMatch = check.Rule{
		ID: "APP-APPLICANT-MATCH", Title: "the applicant named in the application is the ESIA user",
		Citation:    citeAlgorithm + ", шаги 2.3–2.4 (заявка формируется из сведений учётной записи и подписывается заявителем)",
		Severity:    check.Fail,
		Message:     "Заявитель в заявке не совпадает с пользователем ЕСИА: %s",
		PassMessage: "Заявитель в заявке — пользователь ЕСИА (СНИЛС и ФИО совпадают)",
	}
)

// Received is a signed application as the cabinet receives it back (step
// 2.4, second way: exported, signed outside the cabinet, uploaded).
type Received struct {
	// Stored is the application as the service stored it when it exported
	// it for signing: exactly the bytes ExportForSigning gave the signer.
	// It is the reference: the signature is verified over these bytes, and
	// the application, applicant and fields are read from them. Required.
	Stored []byte
	// XML is the application file uploaded with the signature, when the
	// signer sends one back; it must be byte-identical to Stored
	// (APP-XML-UNCHANGED). Nil when only the signature comes back.
	XML []byte
	// Signature is the detached CMS signature (DER, PEM or base64): the
	// applicant's, possibly with co-signers' SignerInfos beside it.
	Signature []byte
	// Applicant is the ЕСИА user who submits the application.
	Applicant Applicant
}

// ReceivedResult is the verdict of VerifyReceived.
type ReceivedResult struct {
	// Application is the stored application, nil when Stored is not an
	// application. It is in the signed state, holding the signature, when
	// Indication is passed, and saved otherwise.
	Application *Application
	// Checks are every result, in order: APP-XML, APP-XML-UNCHANGED,
	// APP-APPLICANT-MATCH, the field rules that failed, then the signature
	// results (see AttachSignature), with the waivers of
	// AttachOptions.AllowUnchecked applied.
	Checks check.Results
	// Indication is the answer: passed (the application is validly signed
	// by the applicant), failed (a check failed: reject it) or
	// indeterminate (nothing failed but a fact could not be established;
	// never to be taken as valid), with SubIndication saying why for the
	// last; Russian says which facts are missing and how to provide them.
	Indication    check.Indication
	SubIndication check.SubIndication
	// Signers are the signers of the signature, in SignerInfo order.
	Signers []ReceivedSigner
	// Waived are the facts the caller accepted unchecked that changed a
	// result.
	Waived []check.Waiver
}

// ReceivedSigner says who one signer of the application's signature is.
type ReceivedSigner struct {
	// Index is the signer's number from 1, the Signer of the scope of its
	// results.
	Index int `json:"index"`
	// Name is the person's full name from the certificate (the common name
	// when it has none); empty when the certificate was not found.
	Name string `json:"name,omitempty"`
	// SNILS is the 11 digits of the certificate's СНИЛС, when it has one.
	SNILS string `json:"snils,omitempty"`
	// Organisation is the organisation of an entity certificate (O), with
	// its ОГРН when present.
	Organisation string `json:"organisation,omitempty"`
	// Applicant reports that the signer's СНИЛС is the applicant's.
	Applicant bool `json:"applicant"`
	// Indication is the verdict on this signer's signature alone.
	Indication    check.Indication    `json:"indication"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
}

// describe renders the signer for people: "Фамилия Имя Отчество (СНИЛС …,
// организация)".
func (s ReceivedSigner) describe() string {
	name := s.Name
	if name == "" {
		name = fmt.Sprintf("подписант %d", s.Index)
	}
	var ids []string
	if s.SNILS != "" {
		ids = append(ids, "СНИЛС "+s.SNILS)
	}
	if s.Organisation != "" {
		ids = append(ids, s.Organisation)
	}
	if len(ids) == 0 {
		return name
	}
	return name + " (" + strings.Join(ids, ", ") + ")"
}

// VerifyReceived checks a signed application as received, against the
// application the service stored when it exported it (in.Stored, the
// reference): Stored must be an application XML that passes Unmarshal and
// is its canonical form (APP-XML); the file received with the signature,
// when given, must be byte-identical to it (APP-XML-UNCHANGED: an
// application edited after export fails, and when the signature covers the
// edited file it says it was signed again); the applicant it names must be
// in.Applicant, the ЕСИА user (СНИЛС and full name, APP-APPLICANT-MATCH);
// its fields must be complete (Save); and in.Signature must be a valid
// detached signature of Stored in which every signer verifies and one signer
// is the applicant (APP-SIGNER-SNILS; the others are reported by
// APP-CO-SIGNERS). opts are those of AttachSignature; opts.At is also the
// application's clock and opts.AllowUnchecked is applied to every result
// before the indication is computed.
//
// Every step runs that can. The application is moved to the signed state
// only when the indication is passed.
func VerifyReceived(in Received, opts AttachOptions) *ReceivedResult {
	out := &ReceivedResult{}
	rs, sd := verifyReceived(in, opts, out)
	out.Checks = rs.Waive(opts.AllowUnchecked)
	out.Waived = out.Checks.Waived()
	out.Indication, out.SubIndication = out.Checks.Indication()
	if app := out.Application; app != nil && sd != nil && out.Indication == check.IndicationPassed {
		if err := app.move("sign", StateSigned, ""); err == nil {
			app.Signature = bytes.Clone(sd.DER)
		}
	}
	return out
}

// verifyReceived runs the checks of VerifyReceived, sets the application
// and the signers in out, and returns the results (before waivers) and
// the signature when it was verified.
func verifyReceived(in Received, opts AttachOptions, out *ReceivedResult) (check.Results, *signature.SignedData) {
	skipRest := func(rs check.Results, why string) check.Results {
		return append(rs, ruleXMLUnchanged.Skipped(why), ruleApplicantMatch.Skipped(why))
	}
	if len(in.Stored) == 0 {
		return skipRest(check.Results{ruleXML.Outcome("no-stored", "Received.Stored is empty")}, "no stored application"), nil
	}
	app, err := Unmarshal(in.Stored)
	if err != nil {
		why := strings.TrimPrefix(err.Error(), "application: ")
		return skipRest(check.Results{ruleXML.Violated(err.Error(), why)}, "the stored application is not readable"), nil
	}
	out.Application = app
	var rs check.Results
	// in.Stored passed the schema in Unmarshal; its canonical form is only
	// compared with it, so the schema runs once.
	switch canon, err := app.marshal(false); {
	case err != nil:
		rs = append(rs, ruleXML.Violated(err.Error(), err.Error()))
	case !bytes.Equal(canon, in.Stored):
		rs = append(rs, ruleXML.Outcome("not-canonical", "the stored file differs from the canonical XML the signature must cover"))
	default:
		rs = append(rs, ruleXML.Passed(fmt.Sprintf("%d bytes, canonical", len(in.Stored))))
	}
	sd, parsed := signature.ParseResult(in.Signature)
	rs = append(rs, unchanged(app, in, sd, opts))
	rs = append(rs, matchUser(app.Applicant, in.Applicant))
	if !opts.At.IsZero() {
		at := opts.At
		app.SetClock(func() time.Time { return at })
	}
	if fs, err := app.Save(); err != nil {
		n := len(rs)
		for _, r := range fs {
			if r.Status == check.Fail {
				rs = append(rs, r)
			}
		}
		if len(rs) == n {
			rs = append(rs, ruleXML.Violated(err.Error(), err.Error()))
		}
		return rs, nil
	}
	// The signature covers exactly the stored bytes, which equal the
	// canonical XML when APP-XML passed.
	srs, signers := app.verifySignature(in.Stored, sd, parsed, opts)
	out.Signers = signers
	return append(rs, srs...), sd
}

// unchanged evaluates APP-XML-UNCHANGED: the received file against the
// stored one and, when they differ, what changed and whether the
// signature covers the changed file.
func unchanged(stored *Application, in Received, sd *signature.SignedData, opts AttachOptions) check.Result {
	if in.XML == nil {
		return ruleXMLUnchanged.Outcome("not-given", "no received XML")
	}
	if bytes.Equal(in.XML, in.Stored) {
		return ruleXMLUnchanged.Passed(fmt.Sprintf("%d bytes", len(in.XML)))
	}
	at := firstDifference(in.XML, in.Stored)
	got, err := Unmarshal(in.XML)
	if err != nil {
		return ruleXMLUnchanged.Outcome("not-an-application", fmt.Sprintf("differs from byte %d; %v", at, err))
	}
	changed := strings.Join(contentDiff(&stored.Content, &got.Content), ", ")
	detail := fmt.Sprintf("differs from byte %d", at)
	if sd != nil {
		at := opts.At
		if at.IsZero() {
			at = time.Now()
		}
		// Only the digest over the received file matters here: no chain.
		res := sd.Verify(in.XML, signature.VerifyOptions{At: at})
		for _, s := range res.Signers {
			if r, ok := s.Checks.Find("SIG-MESSAGE-DIGEST"); ok && r.Status == check.Pass {
				return ruleXMLUnchanged.Outcome("re-signed", fmt.Sprintf("%s; signer %d signed the received file", detail, s.Index+1), changed)
			}
		}
	}
	return ruleXMLUnchanged.Violated(detail, changed)
}

func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// contentDiff names, in Russian, the parts of the content that differ; the
// layout of the file when no part does.
func contentDiff(a, b *Content) []string {
	var out []string
	for _, p := range []struct {
		name string
		x, y any
	}{
		{"идентификатор заявки", a.ID, b.ID},
		{"номер заявки", a.Number, b.Number},
		{"вариант загрузки документов", a.Variant, b.Variant},
		{"дата создания", a.Created.UTC(), b.Created.UTC()},
		{"сведения о заявителе", a.Applicant, b.Applicant},
		{"сведения об организации", a.Organisation, b.Organisation},
		{"регион", a.Fields.RegionCode, b.Fields.RegionCode},
		{"должность", a.Fields.Position, b.Fields.Position},
		{"адрес электронной почты", a.Fields.Email, b.Fields.Email},
		{"номер телефона", a.Fields.Phone, b.Fields.Phone},
		{"сведения о документах", a.Documents, b.Documents},
		{"результат проверки документов", a.Report, b.Report},
	} {
		if !reflect.DeepEqual(p.x, p.y) {
			out = append(out, p.name)
		}
	}
	if len(out) == 0 {
		out = append(out, "только оформление файла — пробелы, переносы строк или кодировка")
	}
	return out
}

// matchUser compares the applicant named in an application with the ЕСИА
// user: СНИЛС by digits and the full name (case-insensitive, ё = е).
func matchUser(p Person, user Applicant) check.Result {
	var diff []string
	us, err := ident.ParseSNILS(user.SNILS)
	switch {
	case err != nil:
		diff = append(diff, "СНИЛС пользователя ЕСИА не указан или неверен")
	case us.Digits() != p.SNILS:
		diff = append(diff, fmt.Sprintf("СНИЛС в заявке %s, у пользователя %s", p.SNILS, us.Digits()))
	}
	if match.Name(p.FullName()) != match.Name(user.FullName()) {
		diff = append(diff, fmt.Sprintf("ФИО в заявке «%s», у пользователя «%s»", p.FullName(), user.FullName()))
	}
	detail := fmt.Sprintf("application SNILS %s, ESIA SNILS %s", p.SNILS, us.Digits())
	if len(diff) > 0 {
		return ruleApplicantMatch.Violated(detail, strings.Join(diff, "; "))
	}
	return ruleApplicantMatch.Passed(detail)
}

// Russian says the verdict to people: for a valid signature who signed and
// what was accepted unchecked; for an invalid one what failed; for an
// indeterminate one which facts could not be established and how to
// provide them (or, for a fact a caller may accept unchecked, its waiver
// name).
func (r *ReceivedResult) Russian() string {
	var b strings.Builder
	switch r.Indication {
	case check.IndicationPassed:
		b.WriteString("Заявка подписана заявителем, подпись верна")
		var others []string
		for _, s := range r.Signers {
			if !s.Applicant {
				others = append(others, s.describe())
			}
		}
		if len(others) > 0 {
			b.WriteString("; заявку также подписали: " + strings.Join(others, "; "))
		}
		if len(r.Waived) > 0 {
			facts := make([]string, len(r.Waived))
			for i, w := range r.Waived {
				facts[i] = w.Russian()
			}
			b.WriteString("; без проверки по решению проверяющей стороны приняты: " + strings.Join(facts, ", "))
		}
	case check.IndicationIndeterminate:
		b.WriteString("Подпись заявки не удалось проверить до конца, поэтому заявка не принята как подписанная. Не установлено:")
		seen := map[string]bool{}
		n := 0
		for _, c := range r.Checks {
			if c.Status != check.Indeterminate || c.ID == ruleSignature.ID {
				continue
			}
			var item string
			if c.Waiver != "" {
				item = fmt.Sprintf("%s — %s; либо примите без проверки (разрешение «%s»)", c.Waiver.Russian(), c.Waiver.Hint(), c.Waiver)
			} else {
				item = c.Message
				// The generic MISSING_INPUT text adds nothing to a
				// rule's own message.
				if hint := c.SubIndication.Russian(); c.SubIndication != check.MissingInput && !strings.Contains(item, hint) {
					item += " (" + hint + ")"
				}
			}
			if seen[item] {
				continue
			}
			seen[item] = true
			n++
			fmt.Fprintf(&b, " %d) %s.", n, strings.TrimRight(item, "."))
		}
	default:
		// The application's own rules (APP-*) summarise the signature's
		// and the chain's; those are listed only when no APP rule failed.
		failed := r.Checks.With(check.Fail)
		var own check.Results
		for _, c := range failed {
			if strings.HasPrefix(c.ID, "APP-") {
				own = append(own, c)
			}
		}
		if len(own) > 0 {
			failed = own
		}
		b.WriteString("Подпись заявки не принята:")
		seen := map[string]bool{}
		for _, c := range failed {
			if !seen[c.Message] {
				seen[c.Message] = true
				b.WriteString(" " + strings.TrimRight(c.Message, ".") + ".")
			}
		}
	}
	return b.String()
}

// signerFacts says who signed: the signer's certificate facts and whether
// the signer is the applicant (СНИЛС equal to want, the applicant's 11
// digits).
func signerFacts(res *signature.Result, want string) []ReceivedSigner {
	out := make([]ReceivedSigner, 0, len(res.Signers))
	for _, s := range res.Signers {
		f := ReceivedSigner{Index: s.Index + 1, Indication: s.Indication, SubIndication: s.SubIndication}
		if c := s.Certificate; c != nil {
			n := &c.Subject
			f.Name = joinNonEmpty(n.Surname, n.GivenNames)
			if f.Name == "" {
				f.Name = n.CommonName
			}
			if n.SNILS.Valid() {
				f.SNILS = n.SNILS.Value
			}
			if n.HasEntity() && n.Organization != "" {
				f.Organisation = n.Organization
				if n.OGRN.Present {
					f.Organisation += ", ОГРН " + n.OGRN.Value
				}
			}
			f.Applicant = want != "" && f.SNILS == want
		}
		out = append(out, f)
	}
	return out
}
