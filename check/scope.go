package check

import (
	"strconv"
	"strings"
)

// Scope says what a result is about: which document of the input, which
// signer of a signature, which timestamp of a signer. The zero Scope means
// the input as a whole (the upload, the call). Within one scope every rule
// is reported at most once, so (ID, Scope) identifies a result.
//
// In JSON a scope is an object with the fields that are set, for example
// {"document": "mchd-signature", "signer": 1}; a zero scope is omitted.
type Scope struct {
	// Document names the document of the input, one of the Doc… constants
	// (empty: the input as a whole).
	Document string `json:"document,omitempty"`
	// Signer is the 1-based position of the SignerInfo in a CMS signature
	// (0: not about one signer).
	Signer int `json:"signer,omitempty"`
	// Timestamp is the 1-based position of a timestamp token among the
	// signer's timestamps (0: not about a timestamp).
	Timestamp int `json:"timestamp,omitempty"`
}

// The documents a scope can name.
const (
	// DocCertificate is the uploaded certificate (or the certificate given
	// to certificate.Verify).
	DocCertificate = "certificate"
	// DocMCHD is the power of attorney (XML).
	DocMCHD = "mchd"
	// DocMCHDSignature is the detached signature of the power of attorney.
	DocMCHDSignature = "mchd-signature"
	// DocSignature is a CMS signature verified on its own.
	DocSignature = "signature"
	// DocApplicant is the ЕСИА account of the applicant.
	DocApplicant = "applicant"
	// DocApplication is the application XML.
	DocApplication = "application"
	// DocApplicationSignature is the detached signature of the
	// application.
	DocApplicationSignature = "application-signature"
	// DocTrustedList is the trusted list of accredited CAs.
	DocTrustedList = "trusted-list"
	// DocAccessRequest is a request to grant or revoke access (package
	// access).
	DocAccessRequest = "access-request"
	// DocAccessRequestSignature is the detached signature of an access
	// request.
	DocAccessRequestSignature = "access-request-signature"
)

// Documents lists the document names a Scope may carry.
func Documents() []string {
	return []string{DocCertificate, DocMCHD, DocMCHDSignature, DocSignature, DocApplicant, DocApplication,
		DocApplicationSignature, DocTrustedList, DocAccessRequest, DocAccessRequestSignature}
}

// IsZero reports whether the scope is the input as a whole.
func (s Scope) IsZero() bool { return s == Scope{} }

// Within returns s with each empty field taken from outer: a signer-level
// scope {Signer: 1} within {Document: "mchd-signature"} becomes
// {Document: "mchd-signature", Signer: 1}.
func (s Scope) Within(outer Scope) Scope {
	if s.Document == "" {
		s.Document = outer.Document
	}
	if s.Signer == 0 {
		s.Signer = outer.Signer
	}
	if s.Timestamp == 0 {
		s.Timestamp = outer.Timestamp
	}
	return s
}

// String renders the scope for logs: "mchd-signature/signer 1/timestamp 1".
func (s Scope) String() string {
	return s.render(s.Document, "/", "signer ", "timestamp ")
}

// Russian renders the scope for text reports: "подпись доверенности,
// подписант 1".
func (s Scope) Russian() string {
	doc := documentRU[s.Document]
	if doc == "" {
		doc = s.Document
	}
	return s.render(doc, ", ", "подписант ", "штамп времени ")
}

// render joins the document name and the numbered parts that are set.
func (s Scope) render(doc, sep, signer, timestamp string) string {
	parts := make([]string, 0, 3)
	if doc != "" {
		parts = append(parts, doc)
	}
	if s.Signer > 0 {
		parts = append(parts, signer+strconv.Itoa(s.Signer))
	}
	if s.Timestamp > 0 {
		parts = append(parts, timestamp+strconv.Itoa(s.Timestamp))
	}
	return strings.Join(parts, sep)
}

var documentRU = map[string]string{
	DocCertificate:            "сертификат",
	DocMCHD:                   "доверенность",
	DocMCHDSignature:          "подпись доверенности",
	DocSignature:              "подпись",
	DocApplicant:              "учётная запись ЕСИА",
	DocApplication:            "заявка",
	DocApplicationSignature:   "подпись заявки",
	DocTrustedList:            "перечень аккредитованных УЦ",
	DocAccessRequest:          "заявка на доступ",
	DocAccessRequestSignature: "подпись заявки на доступ",
}
