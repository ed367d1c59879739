// Package application owns the registration of an organisation's
// «Регистратор» in the personal cabinet of ЕГИСЗ (ЛК ЕГИСЗ): the three upload
// variants (head, representative, managing organisation), the applicant's ЕСИА
// account, the application XML (built, validated, parsed back), its lifecycle
// from draft to decision, the signing flows, the printable form and the
// review deadline in working days.
//
// # Checking an upload
//
// Check(upload, applicant, options) runs every check of the variant to the
// end and returns one Report: the upload (APP-VARIANT, APP-DOCUMENTS), the
// ЕСИА account (APP-ESIA-CONFIRMED, …), the certificate (APP-CERT-PARSE,
// APP-CERT-KIND, the qualified-profile checks CERT-*, the chain and
// revocation at T CHAIN-*, the owner against the account APP-PERSON-MATCH)
// and, for the МЧД variants, everything mchd.VerifySigned reports (MCHD-*,
// and SIG-* scoped to the signer of the МЧД signature, the signer binding),
// the registry status, the shape of the
// МЧД for the variant (APP-MCHD-SHAPE), the representative against the
// uploaded certificate (MCHD-REPRESENTATIVE-CERT) and, for the managing
// variant, the certificate against the managing organisation
// (APP-MANAGING-CERT) and the caller's ЕГРЮЛ record (APP-EGRUL-MANAGED).
// Trust comes only from CheckOptions.Trust; nothing touches the network
// unless the caller's Fetcher or StatusChecker does. Report.Input turns an
// accepted report into the Input of Build.
//
// # ЕГРЮЛ
//
// The managing variant exists because ЕГРЮЛ names a managing organisation as
// the organisation's single executive body (ЕИО); the library never queries
// ЕГРЮЛ. An EGRULRecord is what the caller knows: the organisation (name,
// ИНН, ОГРН, КПП), its EGRULStatus (active, liquidating, liquidated,
// unknown) and its ЕИО — a natural person (Head) or a managing organisation
// with the person heading it. An EGRUL provider answers an EGRULQuery (ИНН
// and/or ОГРН) with a record or (nil, nil); EGRULFile is the file-backed
// one, read by ParseEGRULFile from JSON — one record or an array of them,
// snake_case fields, identifiers as strings with valid control digits:
//
//	{"organisation": {"name": "ООО «Клиника»", "inn": "9900000024", "ogrn": "1999900000021"},
//	 "status": "active",
//	 "managing_organisation": {"name": "АО «УК»", "inn": "9900000017", "ogrn": "1999900000010",
//	   "head": {"surname": "Образцов", "given_name": "Олег", "snils": "900-000-001 82", "position": "Генеральный директор"}}}
//
// The rules: APP-EGRUL-MANAGED (managing variant) — the record of the МЧД's
// principal names the МЧД's managing organisation as its ЕИО, and the head
// of that managing organisation, when the record names one, is the
// certificate's owner; without a record the result is undecided (waiver
// egrul). APP-EGRUL-HEAD (head variant, when a record is given) — the
// certificate's owner is the person ЕГРЮЛ names as the ЕИО of the
// certificate's organisation; a managing organisation as ЕИО is refused
// with a pointer to the managing variant. APP-EGRUL-STATUS — a liquidated
// organisation is refused; one in liquidation is a warning (it still exists
// and its liquidator acts for it, ГК РФ ст. 62 п. 4); an unknown status is
// undecided. ManagedBy.Record turns the identifiers of CheckOptions.ManagedBy
// into a record.
//
// # Variants and applicant
//
// Variant (head, representative, managing; JSON "head", …) lists the
// documents each variant requires (step 2.1 of the ЕГИСЗ instruction).
// Applicant is the ЕСИА account; CheckApplicant requires a confirmed account
// (step 1; Постановление Правительства РФ от 28.11.2011 № 977), valid СНИЛС
// and ИНН control digits and well-formed contacts. MatchPerson compares the
// applicant with a certificate owner for the cross-check.
//
// # Application and XML
//
// Build makes a draft from a passed report (pass or warn), the document
// facts, the applicant, the organisation and the editable Fields (region —
// one of the 89 subject codes of Regions, position, e-mail, phone as +7 and
// 10 digits). Marshal writes canonical XML in the namespace
// urn:egisz-lk:registrar:application:1 (root Application, version="1",
// ASCII element names, the embedded schema application-1.xsd is the
// reference): the same content always gives the same bytes, so a detached
// signature over them stays valid. Unmarshal reads it back after size,
// DOCTYPE, depth and schema checks.
//
// # Lifecycle
//
// draft → saved → signed → submitted → approved | rejected; draft and saved
// may be deleted; Edit is allowed in draft and saved and returns a saved
// application to draft (it must be saved, exported and signed again).
// Invalid transitions return a *TransitionError matching
// ErrInvalidTransition. Every transition is timestamped with the
// application's clock (Input.Now, SetClock).
//
// # Signing
//
// ExportForSigning returns the bytes to sign (a saved application's XML);
// AttachSignature verifies a detached CMS signature over exactly those
// bytes, requires the signer's СНИЛС to be the applicant's and explains the
// CryptoPro browser plug-in pitfall (the XML signed as UTF-16LE text).
//
// # Review deadline
//
// ReviewDeadline: a decision is due by 23:59:59 Moscow time (fixed UTC+3) of
// the 3rd working day after the day of submission; the submission day never
// counts. Working days come from a Calendar; RussianCalendar embeds the
// production calendar for 2024–2027 from the Government decrees on the
// transfer of days off (№ 1314 of 10.08.2023 for 2024, № 1335 of 04.10.2024
// for 2025, the decree of 24.09.2025 for 2026); 2027 is provisional (Labour
// Code art. 112 only) until its decree is published.
package application
