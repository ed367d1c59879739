// Package ident parses and validates Russian identifiers used in qualified
// certificates and machine-readable powers of attorney (МЧД):
//
//   - ИНН: 10 digits for a legal entity (ЮЛ), 12 digits for a person (ФЛ, ИП);
//   - ОГРН: 13 digits (legal entity);
//   - ОГРНИП: 15 digits (individual entrepreneur);
//   - СНИЛС: 11 digits, written "DDD-DDD-DDD DD" in an МЧД and as bare digits
//     in certificates;
//   - КПП: 9 characters, format only (it has no check digit).
//
// Every Parse function returns a typed value or an *Error. Errors fall into two
// classes that can be told apart with errors.Is: ErrFormat (the text does not
// have the shape the МЧД XSD requires) and ErrChecksum (the shape is right but a
// control digit is wrong; the XSD does not check control digits, so this is a
// separate check level). *Error.MessageRU gives a Russian message suitable for
// end users; Error gives an English message for logs.
//
// Inputs are taken exactly as given: surrounding whitespace is a format error,
// as it is in the XSD and in certificate NumericString attributes. The one
// exception is ParseSNILS, the lenient СНИЛС parser meant for user input and
// certificates, which trims surrounding whitespace. Only the ASCII digits 0-9
// count as digits; other Unicode digits (fullwidth, Arabic-Indic, ...) are
// format errors.
//
// The values are small comparable structs; the zero value of each type is not
// a valid identifier and reports IsZero. Values can only be obtained from the
// Parse, Complete and Random functions, so a non-zero value is always valid.
//
// The Complete* and Random* functions build numbers with correct control
// digits. They exist for synthetic test data and fixtures only.
//
// The forms are the facets of the МЧД schema (ИННЮЛТип, ИННФЛТип, КППТип,
// ОГРН, ОГРНИП, СНИЛС) and the NumericString attributes of Приказ ФСБ России
// № 795; the control digits are those of the ФНС (ИНН, ОГРН, ОГРНИП) and of
// the Социальный фонд (СНИЛС), which the schema does not check.
package ident
