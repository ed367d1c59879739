// Package mchdtest builds synthetic machine-readable powers of attorney (МЧД,
// format 003) for tests: [Synthetic] fills a [Spec] of a given shape
// (mchd.ShapeHead, mchd.ShapeManagingOrganisation, mchd.ShapeEntrepreneur)
// with invented names and random identifiers with valid control digits, and
// [Build] writes its XML, which mchd.Parse reads back.
//
// It is meant for tests — those of this module and those of services that
// embed the library — and never for real documents: the data are
// synthetic, and Build writes whatever the Spec says, including documents
// that break the rules of package mchd (for negative tests). Sign the result
// with package signature and a key of package certificate/certtest to test
// mchd.VerifySigned.
package mchdtest
