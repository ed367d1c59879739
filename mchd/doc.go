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
// # Registry of МЧД (ФНС)
//
// [CheckStatus] decides MCHD-REGISTRY-STATUS from the answer of a
// [StatusChecker] about the document's НомДовер (with the ИНН of the
// principal and of the representative): active passes; created and
// processing warn; revoked, suspended, expired, rejected and not_found
// fail. A status that could not be established is never a pass: without a
// checker the result is indeterminate MISSING_INPUT (not-checked), an
// unreachable registry or an answer nobody knows is indeterminate
// TRY_LATER; both declare the waiver check.WaiveRegistry, so a caller may
// accept the fact unchecked, visibly.
//
// The checkers of the package:
//
//   - [StatusFile] ([ParseStatusFile]) is an offline copy of the registry, a
//     JSON object from the number (a GUID, either case) to its status (see
//     the example below); a number it does not list is unknown
//     ([ErrNotListed]: undecided, waiver registry), since a copy may be
//     partial; "not_found" rejects.
//   - [HTTPStatus] asks a check service over HTTP. ФНС publishes no API, so
//     the address is a template ("https://…/check?guid={number}") and the
//     answer a small JSON object with a "status" field; anything else
//     (network error, timeout, non-2xx, a body too large or unreadable) is
//     "unavailable".
//   - [CachedStatus] ([NewCachedStatus]) wraps any checker: answers kept for
//     a TTL (a shorter one for not_found), an outage back-off, a timeout per
//     question, one question for concurrent callers of the same number, a
//     bounded size; a hit does not allocate.
//   - [StaticStatus] is a map for tests.
//
// A status file:
//
//	{
//	  "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active",
//	  "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D": "revoked",
//	  "11111111-2222-4333-8444-555555555555": "suspended"
//	}
//
// Nothing in the package goes to the network unless the caller configures
// an HTTPStatus.
package mchd
