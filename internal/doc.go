// Package internal holds the shared building blocks of the registrar module that
// are not part of its public API: GOST primitives (internal/gost), Russian
// identifiers (internal/ident), the libxml2 XSD binding, calendars and test
// oracles. Nothing here is imported by code outside this module.
package internal
