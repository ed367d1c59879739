// Package mchd owns the machine-readable power of attorney (МЧД, машиночитаемая
// доверенность) of format 003 (ВерсФорм="EMCHD_1", namespace
// urn://x-artefacts/EMCHD_1): its typed model, a hardened parser (size and depth
// limits, no DTDs or entities), schema validation through the project's own
// libxml2 binding, the business rules the XSD cannot express (each a check with a
// stable ID, a Russian message and a citation), verification of the detached
// signature that comes with the file and binding of its signer to the
// document. Synthetic МЧД for tests are built with package mchdtest.
//
// # Schema
//
// The package embeds its own XML Schema of format 003 (schema/emchd1.xsd),
// written from the format description with the elements, attributes, facets
// and optionality of the ФНС schema; a conformance test requires the same
// verdict from both on every fixture and on a table of mutations. [SchemaOwn]
// returns it, compiled once; [LoadSchema] compiles the official file for
// callers who prefer it. [Validate] runs it as rule MCHD-SCHEMA unless
// [ValidateOptions] names another schema or skips it.
//
// # Signed documents
//
// [VerifySigned] takes the file and its detached signature, verifies the
// signature over the exact file bytes with package signature (chain
// validation is the caller's hook) and binds the signer certificate to the
// principal: the head of the organisation (ЕИОФЛ), the head of the managing
// organisation (ЕИОУК) or the individual entrepreneur, by ИНН ЮЛ/ОГРН or
// ОГРНИП and by СНИЛС/ИНН, with the name only as a weak fallback.
// [BindRepresentative] binds the other side the same way: the certificate
// a user presents must belong to a representative the document names
// (MCHD-REPRESENTATIVE-CERT).
//
// Everything here is offline: the FNS registry status is reached only through
// an interface the caller implements.
package mchd
