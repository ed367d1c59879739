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
// the registry status (MCHD-REGISTRY-STATUS), the shape of the МЧД for the
// variant (APP-MCHD-SHAPE), the representative against the uploaded
// certificate (MCHD-REPRESENTATIVE-CERT) and, for the managing variant, the
// certificate against the managing organisation (APP-MANAGING-CERT); then
// the ЕГРЮЛ record (below). Trust comes only from CheckOptions.Trust;
// nothing touches the network unless the caller's Fetcher, StatusChecker or
// EGRUL provider does. Report.Input turns an accepted report into the Input
// of Build.
//
// The verdict is accepted, rejected (a check failed) or indeterminate:
// nothing failed, but a fact the verdict depends on could not be
// established — the ЕСИА account, revocation data, the registry status, the
// ЕГРЮЛ record, the trusted list's signature. Report.Text says which and how
// to provide each (Missing); CheckOptions.AllowUnchecked names the facts
// the caller accepts unchecked (check.Waiver), which turns those checks
// into warnings that the report, the application XML and the print form
// keep visible.
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
// the service stores them. AttachSignature verifies a detached CMS
// signature over exactly those bytes, requires one signer's СНИЛС to be the
// applicant's (APP-SIGNER-SNILS; co-signers such as the head of the
// organisation are reported by APP-CO-SIGNERS, and every signer's signature
// must verify) and explains the CryptoPro browser plug-in pitfall (the XML
// signed as UTF-16LE text).
//
// VerifyReceived checks an application signed outside the cabinet against
// the stored export (Received.Stored, the reference): the signature is
// verified over the stored bytes, and a file received with it
// (Received.XML) must be byte-identical to them — an application edited
// after export fails APP-XML-UNCHANGED, which says what changed and whether
// the edited file was signed again. The answer (ReceivedResult.Indication)
// is passed, failed or indeterminate with a sub-indication: a fact that
// could not be established (revocation data, a chain validator) makes it
// indeterminate, never passed, and ReceivedResult.Russian says which facts
// are missing and how to provide them. AttachOptions.AllowUnchecked lists
// the facts (check.Waiver) the caller accepts unchecked; the results left
// undecided only for want of them become warnings before the verdict.
//
// # Review deadline
//
// ReviewDeadline: a decision is due by 23:59:59 Moscow time (fixed UTC+3) of
// the 3rd working day after the day of submission; the submission day never
// counts. Working days come from a Calendar; RussianCalendar embeds the
// production calendar for 2024–2027 from the Government decrees on the
// transfer of days off (№ 1314 of 10.08.2023 for 2024, № 1335 of 04.10.2024
// for 2025, the decree of 24.09.2025 for 2026); 2027 is provisional (Labour
// Code art. 112 only) until its decree is published. It stays the default
// through 2027; a caller supplies other years in a file (below), parsed by
// ParseCalendar and joined with ProductionCalendar.With:
//
//	extra, err := application.ParseCalendar(data)
//	cal := application.RussianCalendar().With(extra)
//
// ReviewDeadline returns ErrCalendarNotCovered when a year it needs is not
// covered. Where the deadline feeds a report, a print form or a lifecycle
// view, CheckReviewDeadline (and Application.ReviewDeadlineCheck) give the
// check APP-REVIEW-DEADLINE instead: it passes with the deadline, warns
// when the decision came (or now is) after it, and is indeterminate
// (MISSING_INPUT, outcome calendar-not-covered) when the calendar does not
// cover the year — saying which year and how to supply a calendar — so
// that the report is still made.
//
// # Production calendar file
//
// The format of ParseCalendar and of the embedded calendar (UTF-8 text,
// one statement per line, at most MaxCalendarSize bytes):
//
//   - "# …" is a comment; blank lines are ignored;
//   - "year YYYY official|provisional SOURCE…" opens a year: official when
//     the Government decree on the transfer of days off for it is applied,
//     provisional when only the Labour Code (art. 112) is; SOURCE names the
//     decree or the norm (free text, required);
//   - "off YYYY-MM-DD …" lists non-working days that fall on Monday to
//     Friday: public holidays and transferred days off;
//   - "work YYYY-MM-DD …" lists working Saturdays and Sundays (transferred
//     working days).
//
// Every other Saturday and Sunday is a day off and every other weekday a
// working day. Dates belong to the year opened last; a year and a date may
// appear once. For example, a provisional 2028 (Labour Code holidays; 4
// November, a Saturday, moved to Monday 6 November):
//
//	# Производственный календарь на 2028 год (до постановления о переносе)
//	year 2028 provisional ТК РФ, ст. 112
//	off 2028-01-03 2028-01-04 2028-01-05 2028-01-06 2028-01-07
//	off 2028-02-23 2028-03-08 2028-05-01 2028-05-09 2028-06-12 2028-11-06
package application
