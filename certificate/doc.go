// Package certificate owns GOST X.509 certificates as used in Russian qualified
// electronic signatures (КЭП): parsing (DER, PEM, base64, bundles), the typed
// Russian subject (ОГРН, ОГРНИП, ИНН, ИНН ЮЛ, СНИЛС, …), classification into
// ЮЛ, ИП and ФЛ, the qualified-profile rules of Приказ ФСБ № 795 and 63-ФЗ as
// small checks with stable IDs, chain building and verification at a given time
// against trust anchors supplied by the caller (PEM/DER files, a directory or the
// Минцифры trusted-list XML), CRLs, and building certificates for test PKIs.
//
// Trust comes only from the caller: a root embedded in a signature is never
// trusted by itself, and nothing here touches the network unless the caller
// installs a fetcher.
package certificate
