// Package mchd owns the machine-readable power of attorney (МЧД, машиночитаемая
// доверенность) of format 003 (ВерсФорм="EMCHD_1", namespace
// urn://x-artefacts/EMCHD_1): its typed model, a hardened parser (size and depth
// limits, no DTDs or entities), schema validation through the project's own
// libxml2 binding, the business rules the XSD cannot express (each a check with a
// stable ID, a Russian message and a citation), verification of the detached
// signature that comes with the file and binding of its signer to the document,
// and building new МЧД documents.
//
// Everything here is offline: the FNS registry status is reached only through
// an interface the caller implements.
package mchd
