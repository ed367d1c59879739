package application

import (
	"testing"

	"github.com/beevik/etree"

	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
)

// TestCheckSurvivesEveryElementRemoved removes each element of each fixture
// МЧД in turn (and, separately, each attribute), signs the result with the
// right key so that the signature stays valid, and runs Check: structural
// gaps the XSD forbids must give a failed check, never a panic. Byte-level
// fuzzing rarely produces such well-formed, correctly signed documents.
func TestCheckSurvivesEveryElementRemoved(t *testing.T) {
	t.Parallel()
	s := fx(t)
	opts := fxOptions(t, s)
	for _, tc := range []struct {
		name   string
		c      checkCase
		doc    fixtures.Signed
		signer fixtures.Credential
	}{
		{"representative", acceptedCases[2], s.Representative, s.HeadUL},
		{"entrepreneur", acceptedCases[4], s.IPMCHD, s.IP},
		{"managing", acceptedCases[5], s.Managing, s.ManagingHeadUL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := fxApplicant(t, s, tc.c.applicant)
			base := tc.c.upload(s)
			count := func() int {
				d := etree.NewDocument()
				if err := d.ReadFromBytes(tc.doc.XML); err != nil {
					t.Fatal(err)
				}
				return len(d.FindElements("//*"))
			}()
			if count < 10 {
				t.Fatalf("only %d elements: the fixture did not parse as expected", count)
			}
			for i := 1; i < count; i++ { // element 0 is the root
				for _, attrs := range []bool{false, true} {
					d := etree.NewDocument()
					if err := d.ReadFromBytes(tc.doc.XML); err != nil {
						t.Fatal(err)
					}
					e := d.FindElements("//*")[i]
					if attrs {
						if len(e.Attr) == 0 {
							continue
						}
						e.Attr = nil
					} else {
						e.Parent().RemoveChild(e)
					}
					x, err := d.WriteToBytes()
					if err != nil {
						t.Fatal(err)
					}
					sig, err := signature.Sign(x, tc.signer.Cert, tc.signer.Key, signature.SignOptions{Time: fixtures.SigningTime})
					if err != nil {
						t.Fatal(err)
					}
					u := base
					u.MCHD, u.MCHDSignature = x, sig
					r := Check(u, a, opts) // must not panic
					if r.Accepted() && !attrs {
						// Removing an optional element may keep the document
						// acceptable; it must then still be schema-valid.
						if c, _ := r.Checks.Find("MCHD-SCHEMA"); c.Status != "pass" {
							t.Errorf("element %s removed: accepted with MCHD-SCHEMA %s", e.Tag, c.Status)
						}
					}
				}
			}
		})
	}
}
