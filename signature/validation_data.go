package signature

import (
	"encoding/asn1"
	"fmt"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
)

// validationData is the validation material one signer's signature
// carries: the SignedData's own crls field (CRLs and, as
// OtherRevocationInfoFormat id-ri-ocsp-response, OCSP responses) and the
// signer's certificate-values and revocation-values (CAdES-X Long).
type validationData struct {
	longTerm *LongTermData
	certs    []*certificate.Certificate // certificate-values that parsed
	rev      certificate.RevocationData
	problems []string // values that could not be read, English
}

// validationData gathers the validation material of signer si.
func (sd *SignedData) validationData(si *SignerInfo) *validationData {
	v := &validationData{}
	for i, el := range sd.CRLs {
		crl, resp, err := revocationChoice(el)
		switch {
		case err != nil:
			v.problems = append(v.problems, fmt.Sprintf("crls[%d]: %v", i, err))
		case crl != nil:
			v.rev.CRLs = append(v.rev.CRLs, crl)
		case resp != nil:
			v.rev.OCSP = append(v.rev.OCSP, resp)
		}
	}
	ltd, err := si.LongTermData()
	v.longTerm = ltd
	if err != nil {
		if many, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range many.Unwrap() {
				v.problems = append(v.problems, e.Error())
			}
		} else {
			v.problems = append(v.problems, err.Error())
		}
	}
	if ltd == nil {
		return v
	}
	v.certs = ltd.Certificates
	v.rev.CRLs = append(v.rev.CRLs, ltd.CRLs...)
	for i, der := range ltd.OCSPResponses {
		resp, err := certificate.ParseOCSPResponse(der)
		if err != nil {
			v.problems = append(v.problems, fmt.Sprintf("revocation-values ocspVals[%d]: %v", i, err))
			continue
		}
		v.rev.OCSP = append(v.rev.OCSP, resp)
	}
	for _, o := range ltd.OtherRevocationValues {
		v.problems = append(v.problems, "revocation-values: other revocation format "+o.Type.String()+" not read")
	}
	return v
}

// revocationChoice reads one RevocationInfoChoice of the SignedData crls
// field (RFC 5652 §10.2.1): a CertificateList, or [1] an
// OtherRevocationInfoFormat of which id-ri-ocsp-response (RFC 5940) is
// read.
func revocationChoice(el []byte) (*certificate.CRL, *certificate.OCSPResponse, error) {
	s := cryptobyte.String(el)
	if s.PeekASN1Tag(cbasn1.SEQUENCE) {
		crl, err := certificate.ParseCRL(el)
		return crl, nil, err
	}
	var other cryptobyte.String
	var format asn1.ObjectIdentifier
	if !s.ReadASN1(&other, cbasn1.Tag(1).Constructed().ContextSpecific()) || !other.ReadASN1ObjectIdentifier(&format) {
		return nil, nil, fmt.Errorf("neither a CRL nor an OtherRevocationInfoFormat")
	}
	if !oid.RIOCSPResponse.Equal(format) {
		return nil, nil, fmt.Errorf("revocation format %s not read", format)
	}
	resp, err := certificate.ParseOCSPResponse(other)
	return nil, resp, err
}

// ruleValidationData reports the validation material a signature carries
// that could not be read.
var ruleValidationData = check.Rule{
	ID: "SIG-VALIDATION-DATA", Title: "the validation data carried in the signature is readable",
	Citation: "RFC 5652 §10.2.1; ETSI EN 319 122-1 §5.4 (certificate-values, revocation-values)", Severity: check.Warn,
	Message:     "Часть данных для проверки, вложенных в подпись (сертификаты, списки отзыва, ответы OCSP), не удалось прочитать: %d из %d; они не использовались",
	PassMessage: "Данные для проверки, вложенные в подпись, прочитаны: %d",
}

// evalValidationData decides SIG-VALIDATION-DATA.
func evalValidationData(v *validationData) check.Result {
	r := &ruleValidationData
	usable, bad := len(v.certs)+len(v.rev.CRLs)+len(v.rev.OCSP), len(v.problems)
	switch {
	case usable+bad == 0:
		return r.Skipped("the signature carries no CRLs, OCSP responses or certificate-values")
	case bad > 0:
		return r.Violated(strings.Join(v.problems, "; "), bad, usable+bad)
	}
	return r.Passed(fmt.Sprintf("%d CRLs, %d OCSP responses, %d certificate-values", len(v.rev.CRLs), len(v.rev.OCSP), len(v.certs)), usable)
}
