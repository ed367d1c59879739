package signature_test

import (
	"fmt"

	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// Read what a CAdES-A signature carries beyond CAdES-BES: its level, the
// validation data, and for every time-stamp token the data it must cover.
// (The signature is extended here with the sigtest builders and a test
// time-stamping authority; stampedOK compares a token's messageImprint with
// the hash of the data.)
func ExampleSignerInfo_LongTermData() {
	p, err := newLTPKI()
	if err != nil {
		panic(err)
	}
	sig, _ := p.sign(false)
	sig, _ = sigtest.AddSignatureTimestamp(sig, 0, nil, p.stamp)
	sig, _ = sigtest.AddXLongType1(sig, 0, sigtest.LongTermValues{
		Certificates: [][]byte{p.ee.Raw, p.ca.Raw, p.root.Raw},
		CRLs:         [][]byte{p.crl.Raw},
	}, nil, p.stamp)
	sig, err = sigtest.AddArchiveTimestampV3(sig, 0, ltContent, nil, p.stamp)
	if err != nil {
		panic(err)
	}

	sd, err := signature.Parse(sig)
	if err != nil {
		panic(err)
	}
	si := sd.Signers[0]
	d, err := si.LongTermData()
	fmt.Println(d.Level, err)
	fmt.Println(len(d.Certificates), "certificates,", len(d.CRLs), "CRL,", len(d.CertificateRefs), "certificate references")
	for _, tok := range d.Tokens {
		data, err := sd.StampedData(si, tok, ltContent)
		if err != nil {
			panic(err)
		}
		ok, _ := stampedOK(tok.DER, data)
		fmt.Println(tok.Kind, "covers the signature:", ok)
		if tok.HashIndex != nil {
			fmt.Println("ats-hash-index names only what is there:", sd.CheckHashIndex(si, tok.HashIndex) == nil)
		}
	}
	// Output:
	// CAdES-A <nil>
	// 3 certificates, 1 CRL, 3 certificate references
	// signature-time-stamp covers the signature: true
	// CAdES-C-time-stamp covers the signature: true
	// archive-time-stamp-v3 covers the signature: true
	// ats-hash-index names only what is there: true
}
