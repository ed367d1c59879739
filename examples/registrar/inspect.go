package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

const inspectAbout = `Recognises each file — a certificate (or a bundle), a CRL, an МЧД, a CMS
signature, an application XML, a trusted list, an applicant JSON, a copy of
the МЧД registry, an ЕГРЮЛ file or a GOST private key (PKCS#8) — and prints
its key facts. Nothing is verified: use check, verify and
application verify for verdicts.

Exit status: 0 every file recognised and read, 1 some file not recognised
(or recognised but malformed), 2 usage error or unreadable file.`

// fact is one key fact: a stable JSON key, a label for people, a value.
type fact struct {
	key, label, value string
}

// item is one recognised document (a bundle gives one per certificate).
type item struct {
	Path  string            `json:"path"`
	Index int               `json:"index,omitempty"`
	Kind  string            `json:"kind"`
	Error string            `json:"error,omitempty"`
	Facts map[string]string `json:"facts"`

	kindRU string
	facts  []fact
}

func (it *item) add(key, label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	it.facts = append(it.facts, fact{key, label, value})
}

func runInspect(args []string, stdout, stderr io.Writer) int {
	c := newCmd("inspect", "FILE... [--json]", inspectAbout, stdout, stderr)
	jsonOut := c.fs.Bool("json", false, "print the facts as JSON")
	if code := c.parse(args, -1); code >= 0 {
		return code
	}
	if len(c.args) == 0 {
		return c.fail("give at least one FILE")
	}
	var items []*item
	for _, path := range c.args {
		data, err := readFile("inspect", path)
		if err != nil {
			return c.fail("%s", strings.TrimPrefix(err.Error(), "--inspect: "))
		}
		items = append(items, inspect(path, data)...)
	}
	code := exitOK
	for _, it := range items {
		if it.Kind == "unknown" || it.Error != "" {
			code = exitRejected
		}
		it.Facts = map[string]string{}
		for _, f := range it.facts {
			it.Facts[f.key] = f.value
		}
	}
	if *jsonOut {
		if err := writeJSON(stdout, map[string]any{"files": items}); err != nil {
			fmt.Fprintf(stderr, "registrar inspect: %v\n", err)
			return exitUsage
		}
		return code
	}
	u := newUI(stdout)
	for i, it := range items {
		if i > 0 {
			u.printf("\n")
		}
		name := it.Path
		if it.Index > 0 {
			name += fmt.Sprintf(" [%d]", it.Index)
		}
		u.title(name + " — " + it.kindRU + " / " + it.Kind)
		if it.Error != "" {
			u.printf("  %s\n", u.paint(ansiRed, it.Error))
		}
		fs := make([]field, len(it.facts))
		for j, f := range it.facts {
			fs[j] = field{f.label, f.value}
		}
		u.fields(fs)
	}
	return code
}

// inspect recognises one file.
func inspect(path string, data []byte) []*item {
	if name, enc, ok := rootElement(data); ok {
		switch {
		case trust.IsList(data):
			return []*item{inspectTrustedList(path, data)}
		case trust.IsEuropeanList(data):
			it := &item{Path: path, Kind: "european-trusted-list", kindRU: "доверенный список ETSI TS 119 612"}
			it.Error = (&trust.EuropeanListError{}).MessageRU()
			return []*item{it}
		case name.Local == "Application" && name.Space == application.Namespace:
			return []*item{inspectApplication(path, data)}
		case name.Local == "Доверенность" || name.Local == "Файл":
			// Format 003, and the legacy 001/002 that mchd.Parse names.
			return []*item{inspectMCHD(path, data)}
		}
		return []*item{otherXML(path, name, enc)}
	}
	if t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return []*item{inspectJSON(path, t)}
	}
	if certs, skipped, err := certificate.ParseBundle(data); err == nil {
		// Every certificate in input order; one that is refused is named
		// with the reason instead of failing the whole file.
		var out []*item
		for len(certs) > 0 || len(skipped) > 0 {
			var it *item
			if len(skipped) > 0 && skipped[0].Index == len(out) {
				it, skipped = rejectedItem(path, skipped[0]), skipped[1:]
			} else {
				it, certs = certificateItem(path, certs[0]), certs[1:]
			}
			out = append(out, it)
		}
		if len(out) > 1 {
			for i, it := range out {
				it.Index = i + 1
			}
		}
		return out
	}
	if crls, err := certificate.ParseCRLs(data); err == nil && len(crls) == 1 {
		return []*item{crlItem(path, crls[0])}
	}
	if r, err := certificate.ParseOCSPResponse(data); err == nil {
		return []*item{ocspItem(path, r)}
	}
	if ts, err := signature.ParseTimestamp(data); err == nil {
		return []*item{timestampItem(path, ts)}
	}
	if sd, err := signature.Parse(data); err == nil {
		return []*item{signatureItem(path, sd)}
	}
	if k, err := certificate.ParsePrivateKey(data); err == nil {
		it := &item{Path: path, Kind: "private-key", kindRU: "закрытый ключ (PKCS#8)"}
		it.add("curve", "Кривая", k.CurveName())
		it.add("bits", "Размер ключа, бит", fmt.Sprint(k.Bits()))
		it.add("warning", "Внимание", "закрытый ключ не должен покидать владельца / keep private keys private")
		return []*item{it}
	}
	return []*item{{Path: path, Kind: "unknown", kindRU: "не распознан",
		Error: "не сертификат, не CRL, не подпись CMS, не XML и не JSON / not a certificate, CRL, CMS signature, XML or JSON"}}
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(msk.Zone).Format("2006-01-02 15:04:05") + " МСК"
}

// rejectedItem describes a certificate that is refused, as far as it could
// be read.
func rejectedItem(path string, e *certificate.ParseError) *item {
	it := &item{Path: path, Kind: "certificate", kindRU: "сертификат (не принят)", Error: e.MessageRU()}
	if r := e.Rejected; r != nil {
		it.add("subject", "Владелец", r.Subject)
		it.add("issuer", "Издатель", r.Issuer)
		if r.SerialNumber != nil {
			it.add("serial", "Серийный номер", strings.ToUpper(r.SerialNumber.Text(16)))
		}
		it.add("not_before", "Действует с", date(r.NotBefore))
		it.add("not_after", "Действует по", date(r.NotAfter))
		it.add("key", "Ключ", r.KeyAlgorithm)
	}
	it.add("reason", "Причина", e.Error())
	return it
}

func certificateItem(path string, c *certificate.Certificate) *item {
	it := &item{Path: path, Kind: "certificate", kindRU: "сертификат"}
	s := &c.Subject
	cl := c.Classify(nil)
	kind := cl.Kind.Russian()
	if c.IsCA {
		kind = "удостоверяющий центр / CA"
	}
	it.add("owner_kind", "Тип владельца", kind+" ("+cl.Kind.String()+")")
	it.add("subject", "Владелец", s.String())
	it.add("person", "ФИО", s.PersonName())
	it.add("title", "Должность", s.Title)
	it.add("organization", "Организация", s.Organization)
	it.add("snils", "СНИЛС", idValue(s.SNILS))
	it.add("inn", "ИНН ФЛ", idValue(s.INN))
	it.add("innle", "ИНН ЮЛ", idValue(s.INNLE))
	it.add("ogrn", "ОГРН", idValue(s.OGRN))
	it.add("ogrnip", "ОГРНИП", idValue(s.OGRNIP))
	it.add("issuer", "Издатель", c.Issuer.String())
	it.add("serial", "Серийный номер", strings.ToUpper(c.SerialNumber.Text(16)))
	it.add("not_before", "Действует с", date(c.NotBefore))
	it.add("not_after", "Действует по", date(c.NotAfter))
	it.add("key", "Ключ", c.PublicKey.AlgorithmName()+" "+c.PublicKey.CurveName())
	it.add("sha1", "Отпечаток SHA-1", c.FingerprintSHA1)
	it.add("streebog256", "Отпечаток Стрибог-256", c.FingerprintStreebog256())
	return it
}

func crlItem(path string, l *certificate.CRL) *item {
	it := &item{Path: path, Kind: "crl", kindRU: "список отзыва"}
	it.add("issuer", "Издатель", l.Issuer.String())
	it.add("this_update", "Выпущен", date(l.ThisUpdate))
	it.add("next_update", "Следующий", date(l.NextUpdate))
	if l.Number != nil {
		it.add("number", "Номер", l.Number.String())
	}
	it.add("entries", "Отозвано сертификатов", fmt.Sprint(l.Len()))
	var serials []string
	for i := range min(l.Len(), 5) {
		e := l.Entry(i)
		serials = append(serials, strings.ToUpper(e.SerialNumber.Text(16))+" ("+e.Reason.Russian()+", "+date(e.RevocationTime)+")")
	}
	if l.Len() > 5 {
		serials = append(serials, "…")
	}
	it.add("revoked", "Отозваны", strings.Join(serials, "; "))
	return it
}

func signatureItem(path string, sd *signature.SignedData) *item {
	it := &item{Path: path, Kind: "signature", kindRU: "подпись CMS"}
	it.add("format", "Формат", sd.Format)
	if sd.Detached {
		it.add("type", "Вид", "отсоединённая / detached")
	} else {
		it.add("type", "Вид", "присоединённая / attached")
		it.add("content_bytes", "Вложено байт", fmt.Sprint(len(sd.Content)))
	}
	it.add("certificates", "Вложено сертификатов", fmt.Sprint(len(sd.Certificates)))
	it.add("signers", "Подписантов", fmt.Sprint(len(sd.Signers)))
	for i, si := range sd.Signers {
		key := fmt.Sprintf("signer%d", i+1)
		label := fmt.Sprintf("Подписант %d", i+1)
		who := "сертификат не вложен / certificate not embedded"
		if c := embeddedSigner(sd, si); c != nil {
			who = c.Subject.String()
		}
		it.add(key, label, who)
		if si.HasSigningTime {
			it.add(key+"_signing_time", label+": время", date(si.SigningTime))
		}
		it.add(key+"_level", label+": формат", string(si.Level()))
		if ltd, _ := si.LongTermData(); ltd != nil && len(ltd.Tokens) > 0 {
			var toks []string
			for _, t := range ltd.Tokens {
				desc := string(t.Kind)
				if ts, err := signature.ParseTimestamp(t.DER); err == nil {
					desc += " " + date(ts.Info.GenTime)
				}
				toks = append(toks, desc)
			}
			it.add(key+"_timestamps", label+": штампы времени", strings.Join(toks, "; "))
		}
	}
	return it
}

// ocspItem describes an OCSP response.
func ocspItem(path string, r *certificate.OCSPResponse) *item {
	it := &item{Path: path, Kind: "ocsp-response", kindRU: "ответ OCSP"}
	switch {
	case r.RawResponderName != nil:
		for _, c := range r.Certificates {
			if bytes.Equal(c.RawSubject, r.RawResponderName) {
				it.add("responder", "Служба OCSP", c.Subject.String())
			}
		}
		if len(it.facts) == 0 {
			it.add("responder", "Служба OCSP", "по имени / by name")
		}
	default:
		it.add("responder", "Служба OCSP", fmt.Sprintf("по ключу / by key SHA-1 %X", r.ResponderKeyHash))
	}
	it.add("produced_at", "Подписан", date(r.ProducedAt))
	for i, sr := range r.Responses {
		key, label := fmt.Sprintf("response%d", i+1), fmt.Sprintf("Ответ %d", i+1)
		status := sr.Status.String()
		if sr.Status == certificate.OCSPRevoked {
			status += ", " + date(sr.RevocationTime) + ", " + sr.Reason.Russian()
		}
		it.add(key, label, fmt.Sprintf("серийный номер %s: %s", strings.ToUpper(sr.CertID.SerialNumber.Text(16)), status))
		it.add(key+"_period", label+": действует", date(sr.ThisUpdate)+" — "+date(sr.NextUpdate))
	}
	it.add("certificates", "Вложено сертификатов", fmt.Sprint(len(r.Certificates)))
	return it
}

// timestampItem describes an RFC 3161 timestamp token.
func timestampItem(path string, ts *signature.Timestamp) *item {
	it := &item{Path: path, Kind: "timestamp", kindRU: "штамп времени (RFC 3161)"}
	it.add("gen_time", "Время штампа", date(ts.Info.GenTime))
	it.add("policy", "Политика", ts.Info.Policy.String())
	it.add("serial", "Серийный номер", ts.Info.SerialNumber.Text(16))
	it.add("imprint", "Хэш", fmt.Sprintf("%s %X", ts.Info.MessageImprint.HashAlgorithm.OID, ts.Info.MessageImprint.HashedMessage))
	if len(ts.Token.Signers) > 0 {
		if c := embeddedSigner(ts.Token, ts.Token.Signers[0]); c != nil {
			it.add("tsa", "Служба штампов", c.Subject.String())
		}
	}
	return it
}

// embeddedSigner finds a signer's certificate among the embedded ones.
func embeddedSigner(sd *signature.SignedData, si *signature.SignerInfo) *certificate.Certificate {
	for _, c := range sd.Certificates {
		switch {
		case si.SubjectKeyID != nil:
			if bytes.Equal(c.SubjectKeyID, si.SubjectKeyID) {
				return c
			}
		case si.SerialNumber != nil && c.SerialNumber.Cmp(si.SerialNumber) == 0 && bytes.Equal(c.RawIssuer, si.Issuer):
			return c
		}
	}
	return nil
}

func inspectMCHD(path string, data []byte) *item {
	it := &item{Path: path, Kind: "mchd", kindRU: "машиночитаемая доверенность"}
	doc, err := mchd.Parse(data, mchd.ParseOptions{})
	if err != nil {
		var msg = err.Error()
		if pe, ok := err.(*mchd.ParseError); ok && pe.MessageRU() != "" {
			msg = pe.MessageRU()
		}
		// The root element says it is a power of attorney: name the kind
		// and say why it cannot be read.
		it.kindRU, it.Error = "машиночитаемая доверенность (не прочитана)", msg
		return it
	}
	it.add("format", "Формат", doc.FormatVersion)
	it.add("file_id", "ИдФайл", doc.FileID)
	if doc.IsRetrust() {
		it.add("type", "Вид", "передоверие / retrust")
	}
	if m := doc.Meta(); m != nil {
		it.add("number", "Номер", m.Number)
		it.add("issued", "Выдана", m.IssueDate.String())
		it.add("expires", "Действует по", m.ExpiryDate.String())
	}
	if p := doc.Principal(); p != nil {
		switch {
		case p.RussianOrg != nil:
			o := p.RussianOrg.Org
			it.add("principal", "Доверитель", application.Organisation{Name: o.Name, INN: o.INN, KPP: o.KPP, OGRN: o.OGRN}.String())
		case p.Entrepreneur != nil:
			ip := p.Entrepreneur
			it.add("principal", "Доверитель", application.Organisation{Name: "ИП " + ip.Details.Name.String(), INN: ip.INN, OGRNIP: ip.OGRNIP}.String())
		case p.Person != nil:
			it.add("principal", "Доверитель", "физическое лицо "+p.Person.Details.Name.String())
		}
		it.add("shape", "Вид доверителя", p.Shape().Russian())
	}
	if m := doc.ManagingOrganisation(); m != nil {
		it.add("managing", "Управляющая организация", application.Organisation{Name: m.Org.Name, INN: m.Org.INN, KPP: m.Org.KPP, OGRN: m.Org.OGRN}.String())
	}
	if h := doc.Head(); h != nil {
		it.add("head", "Руководитель", personLine(h))
	}
	var reps []string
	for _, r := range doc.Representatives() {
		switch {
		case r.Person != nil:
			reps = append(reps, personLine(r.Person))
		case r.Entrepreneur != nil:
			reps = append(reps, "ИП "+r.Entrepreneur.Details.Name.String())
		case r.Org != nil:
			reps = append(reps, r.Org.Name)
		}
	}
	it.add("representatives", "Представитель", strings.Join(reps, "; "))
	if p := doc.Powers(); p != nil {
		var codes []string
		for _, m := range p.Machine {
			codes = append(codes, strings.TrimSpace(m.Code+" "+m.Name))
		}
		it.add("powers", "Полномочия", strings.Join(codes, "; "))
		if p.HasText {
			it.add("power_text", "Текст полномочий", p.Text)
		}
		if _, ok := doc.FindPower(application.MCHDPowerCode); ok {
			it.add("egisz_power", "Полномочие "+application.MCHDPowerCode, "есть / granted")
		} else {
			it.add("egisz_power", "Полномочие "+application.MCHDPowerCode, "нет / not granted")
		}
	}
	return it
}

func personLine(p *mchd.Person) string {
	s := p.Details.Name.String()
	if p.Position != "" {
		s += ", " + p.Position
	}
	if p.SNILS != "" {
		s += ", СНИЛС " + p.SNILS
	}
	return s
}

func inspectApplication(path string, data []byte) *item {
	it := &item{Path: path, Kind: "application", kindRU: "заявка"}
	app, err := application.Unmarshal(data)
	if err != nil {
		it.Error = "заявка не прошла проверку формата / not a valid application: " + err.Error()
		return it
	}
	it.add("id", "Идентификатор", app.ID)
	it.add("number", "Номер", app.Number)
	it.add("variant", "Вариант", app.Variant.Russian()+" ("+app.Variant.Code()+")")
	it.add("created", "Создана", date(app.Created))
	a := app.Applicant
	it.add("applicant", "Заявитель", strings.TrimSpace(a.Surname+" "+a.GivenName+" "+a.Patronymic))
	it.add("snils", "СНИЛС", a.SNILS)
	it.add("organisation", "Организация", app.Organisation.String())
	if app.Fields.RegionCode != "" {
		name, _ := application.RegionName(app.Fields.RegionCode)
		it.add("region", "Регион", app.Fields.RegionCode+" "+name)
	}
	it.add("position", "Должность", app.Fields.Position)
	it.add("email", "Почта", app.Fields.Email)
	it.add("phone", "Телефон", app.Fields.Phone)
	it.add("certificate", "Сертификат", app.Documents.Certificate.Subject)
	if m := app.Documents.MCHD; m != nil {
		it.add("mchd", "МЧД", m.Number+" до "+m.ExpiryDate.Format("2006-01-02"))
	}
	it.add("report", "Проверка документов", string(app.Report.Verdict)+", "+date(app.Report.CheckedAt))
	return it
}

func inspectTrustedList(path string, data []byte) *item {
	it := &item{Path: path, Kind: "trusted-list", kindRU: "перечень аккредитованных УЦ"}
	l, err := trust.ParseList(data, nil)
	if err != nil {
		it.Error = err.Error()
		return it
	}
	it.add("version", "Версия", l.Version)
	it.add("date", "Дата", date(l.Date))
	it.add("cas", "Удостоверяющих центров", fmt.Sprint(len(l.CAs)))
	var names []string
	for _, ca := range l.CAs {
		names = append(names, application.Organisation{Name: ca.Name, OGRN: ca.OGRN}.String()+", "+string(ca.Status.Status))
	}
	it.add("ca_list", "УЦ", strings.Join(names, "; "))
	it.add("rejected", "Отброшено записей", fmt.Sprint(len(l.Rejected)))
	it.add("signature", "Подпись перечня", string(l.Signature.Status)+": "+l.CheckSignature().Message)
	return it
}

// inspectJSON tells the JSON inputs apart by their shape: an ЕГРЮЛ file (an
// array, or an object with "organisation"), a copy of the МЧД registry (an
// object whose first key is a GUID) or the ЕСИА applicant.
func inspectJSON(path string, data []byte) *item {
	if data[0] == '[' {
		return inspectEGRUL(path, data)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err == nil {
		if key, err := dec.Token(); err == nil {
			switch k, _ := key.(string); {
			case k == "organisation":
				return inspectEGRUL(path, data)
			case ident.IsGUID(k):
				return inspectRegistry(path, data)
			}
		}
	}
	return inspectApplicant(path, data)
}

func inspectEGRUL(path string, data []byte) *item {
	it := &item{Path: path, Kind: "egrul", kindRU: "сведения ЕГРЮЛ"}
	f, err := application.ParseEGRULFile(data)
	if err != nil {
		var fe *application.EGRULFileError
		if errors.As(err, &fe) {
			it.Error = fe.MessageRU() + " / " + err.Error()
		} else {
			it.Error = err.Error()
		}
		return it
	}
	it.add("records", "Записей", fmt.Sprint(len(f.Records)))
	for i, r := range f.Records {
		o := r.Organisation
		line := application.Organisation{Name: o.Name, INN: o.INN, OGRN: o.OGRN}.String() + ", " + r.Status.Russian()
		switch {
		case r.Head != nil:
			line += "; руководитель: " + strings.TrimSpace(r.Head.Surname+" "+r.Head.GivenName+" "+r.Head.Patronymic)
		case r.ManagingOrganisation != nil:
			m := r.ManagingOrganisation
			line += "; управляющая организация: " + application.Organisation{Name: m.Name, INN: m.INN, OGRN: m.OGRN}.String()
		}
		it.add(fmt.Sprintf("record_%d", i+1), fmt.Sprintf("Запись %d", i+1), line)
	}
	return it
}

func inspectRegistry(path string, data []byte) *item {
	it := &item{Path: path, Kind: "mchd-registry", kindRU: "выгрузка реестра МЧД"}
	f, err := mchd.ParseStatusFile(data)
	if err != nil {
		var fe *mchd.StatusFileError
		if errors.As(err, &fe) {
			it.Error = fe.MessageRU() + " / " + err.Error()
		} else {
			it.Error = err.Error()
		}
		return it
	}
	it.add("entries", "Доверенностей", fmt.Sprint(f.Len()))
	counts := map[mchd.RegistryStatus]int{}
	for _, st := range f.All() {
		counts[st]++
	}
	var parts []string
	for _, st := range mchd.RegistryStatuses() {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s): %d", st.Russian(), st, counts[st]))
		}
	}
	it.add("statuses", "Статусы", strings.Join(parts, "; "))
	return it
}

func inspectApplicant(path string, data []byte) *item {
	it := &item{Path: path, Kind: "applicant", kindRU: "данные ЕСИА"}
	var a application.Applicant
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil || a.SNILS == "" {
		it.Kind, it.kindRU = "unknown", "JSON не распознан"
		it.Error = "не данные заявителя ЕСИА / not an applicant JSON"
		if err != nil {
			it.Error += ": " + err.Error()
		}
		return it
	}
	it.add("name", "ФИО", a.FullName())
	it.add("snils", "СНИЛС", a.SNILS)
	it.add("inn", "ИНН", a.INN)
	it.add("email", "Почта", a.Email)
	it.add("phone", "Телефон", a.Phone)
	it.add("account_level", "Учётная запись", a.Level.Russian()+" ("+a.Level.String()+")")
	return it
}

// rootElement returns the name of the first element of an XML document and
// the text encoding it was read in: UTF-8 (with or without a BOM), UTF-16
// (with a BOM, or without one when the first character is "<"), or a
// declared windows-1251.
func rootElement(data []byte) (name xml.Name, encoding string, ok bool) {
	body, encoding := toUTF8(data)
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '<' {
		return xml.Name{}, "", false
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "windows-1251", "cp1251", "cp-1251":
			if encoding == "UTF-8" {
				encoding = "windows-1251"
				return charmap.Windows1251.NewDecoder().Reader(r), nil
			}
		}
		return r, nil
	}
	for range 64 {
		tok, err := dec.Token()
		if err != nil {
			return xml.Name{}, "", false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, encoding, true
		}
	}
	return xml.Name{}, "", false
}

// toUTF8 decodes UTF-16 text (recognised by its BOM, or by a NUL byte next
// to a leading "<") and drops a UTF-8 BOM, for sniffing only: the parsers
// of each kind read the original bytes and judge the encoding themselves.
func toUTF8(data []byte) ([]byte, string) {
	var order unicode.Endianness
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), len(data) >= 2 && data[0] == '<' && data[1] == 0:
		order = unicode.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), len(data) >= 2 && data[0] == 0 && data[1] == '<':
		order = unicode.BigEndian
	default:
		return bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), "UTF-8"
	}
	out, err := unicode.UTF16(order, unicode.UseBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, ""
	}
	name := "UTF-16LE"
	if order == unicode.BigEndian {
		name = "UTF-16BE"
	}
	return out, name
}

// otherXML describes an XML document that is none of the kinds above.
func otherXML(path string, name xml.Name, encoding string) *item {
	it := &item{Path: path}
	root := name.Local
	if name.Space != "" {
		root += " (" + name.Space + ")"
	}
	switch {
	case name.Local == "schema" && name.Space == "http://www.w3.org/2001/XMLSchema":
		it.Kind, it.kindRU = "xsd", "XML-схема (XSD)"
	default:
		it.Kind, it.kindRU = "unknown", "XML не распознан"
		it.Error = "XML-документ с корневым элементом «" + name.Local + "» — не МЧД, не заявка и не перечень УЦ / " +
			"an XML document that is not an МЧД, an application or a trusted list"
	}
	it.add("root", "Корневой элемент", root)
	it.add("encoding", "Кодировка", encoding)
	return it
}
