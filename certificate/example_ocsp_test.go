package certificate_test

import (
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// ExampleParseOCSPResponse reads an OCSP response signed by a delegated
// responder, finds the status of a certificate and checks that the
// responder may speak for the certificate's CA.
func ExampleParseOCSPResponse() {
	rnd := mrand.NewChaCha8([32]byte{11})
	ids := mrand.New(mrand.NewPCG(11, 11))
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), nil, caKey, caKey.Public(), rnd)
	userKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), ca, caKey, userKey.Public(), rnd)
	ocspKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	responder, _ := certtest.Create(certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from), ca, caKey, ocspKey.Public(), rnd)
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	der, _ := certtest.CreateOCSPResponse(&certtest.OCSPTemplate{ProducedAt: at, ResponderByKey: true,
		Responses: []certtest.OCSPEntry{{Certificate: user, Issuer: ca, Status: certificate.OCSPRevoked,
			RevocationTime: at.Add(-48 * time.Hour), Reason: certificate.ReasonKeyCompromise, HasReason: true, ThisUpdate: at}},
	}, responder, ocspKey, rnd)

	resp, err := certificate.ParseOCSPResponse(der)
	if err != nil {
		fmt.Println(err)
		return
	}
	sr := resp.ResponseFor(user, ca)
	fmt.Println(sr.Status, sr.RevocationTime.Format(time.DateOnly), sr.Reason.Russian())
	// The responder certificate travels with the document (e.g. in a CAdES
	// signature's certificate values) and is passed as a candidate.
	who, err := resp.Responder(ca, responder)
	fmt.Println(who.Subject.CommonName, err)
	_, err = resp.Responder(ca)
	fmt.Println(err != nil)
	// Output:
	// revoked 2025-02-27 компрометация ключа
	// Служба OCSP тестового УЦ <nil>
	// true
}
