package mchd

import "github.com/egisz-lk/registrar/internal/xsd"

// Test-only access to unexported identifiers for the external tests of
// package mchd_test (the standard export_test.go pattern): they live outside
// the package because they build their documents with package mchdtest,
// which imports this one.

// OwnXSD is the embedded schema of format 003.
var OwnXSD = ownXSD

// SchemaCompileErr is the compile error of a Schema (nil when it compiled).
func SchemaCompileErr(s *Schema) error { return s.err }

// SchemaWarnings are the compiler warnings of a compiled Schema.
func SchemaWarnings(s *Schema) []xsd.Error { return s.s.Warnings() }
