package signature

import (
	"errors"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/internal/oid"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/check"
)

// signedDataParts splits a DER SignedData into its fields before
// signerInfos, its certificates and its SignerInfo elements.
func signedDataParts(t *testing.T, der []byte) (head, certs []byte, signers [][]byte) {
	t.Helper()
	s := cryptobyte.String(der)
	var ci, content, sd cryptobyte.String
	var oid cryptobyte.String
	if !s.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1Element(&oid, cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&content, cbasn1.Tag(0).Constructed().ContextSpecific()) || !content.ReadASN1(&sd, cbasn1.SEQUENCE) {
		t.Fatal("bad SignedData")
	}
	var ver, algs, encap, certSet, infos cryptobyte.String
	if !sd.ReadASN1Element(&ver, cbasn1.INTEGER) || !sd.ReadASN1Element(&algs, cbasn1.SET) || !sd.ReadASN1Element(&encap, cbasn1.SEQUENCE) ||
		!sd.ReadASN1(&certSet, cbasn1.Tag(0).Constructed().ContextSpecific()) || !sd.ReadASN1(&infos, cbasn1.SET) {
		t.Fatal("bad SignedData fields")
	}
	head = append(append(append([]byte{}, ver...), algs...), encap...)
	for !infos.Empty() {
		var si cryptobyte.String
		infos.ReadASN1Element(&si, cbasn1.SEQUENCE)
		signers = append(signers, si)
	}
	return head, certSet, signers
}

func TestSeveralSigners(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	a := signT(t, p, testContent, SignOptions{})
	other, err := Sign(testContent, p.other, p.otherKey, SignOptions{Time: testAt})
	if err != nil {
		t.Fatal(err)
	}
	headA, certsA, sA := signedDataParts(t, a)
	_, certsB, sB := signedDataParts(t, other)
	build := func(signers ...[]byte) []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid.SignedData.OID())
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddBytes(headA)
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddBytes(certsA)
						b.AddBytes(certsB)
					})
					b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
						for _, s := range signers {
							b.AddBytes(s)
						}
					})
				})
			})
		})
		return b.BytesOrPanic()
	}
	sd := mustParse(t, build(sA[0], sB[0]))
	if len(sd.Signers) != 2 || len(sd.Certificates) != 2 {
		t.Fatalf("%d signers, %d certificates", len(sd.Signers), len(sd.Certificates))
	}
	r := sd.Verify(testContent, fixedOpts())
	if r.Verdict != check.Pass || len(r.Signers) != 2 || r.Signers[1].Certificate.SerialNumber.Cmp(p.other.SerialNumber) != 0 {
		t.Fatalf("%s", r)
	}
	if got, ok := r.All().Lookup("SIG-VALUE", check.Scope{Signer: 2}); !ok || got.Status != check.Pass {
		t.Fatal("All() lacks the second signer's SIG-VALUE in scope {signer: 2}")
	}
	for _, x := range r.All() {
		if strings.HasPrefix(x.ID, "SIGNER") {
			t.Fatalf("a prefixed ID: %s", x)
		}
	}
	// One damaged signer fails the whole signature; the other still passes.
	bad := append([]byte{}, sB[0]...)
	bad[len(bad)-4] ^= 1
	r = mustParse(t, build(sA[0], bad)).Verify(testContent, fixedOpts())
	if r.Valid() || r.Signers[0].Verdict != check.Pass || r.Signers[1].Verdict != check.Fail {
		t.Fatalf("%s", r)
	}
	// No signers at all is an error, never "nothing to verify".
	if _, err := Parse(build()); !errors.Is(err, ErrNoSigners) {
		t.Fatal("SignedData without signers parsed")
	}
}
