package signature

import (
	"bytes"
	"encoding/asn1"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// realWorldDir holds the local corpus of real signatures rebuilt by the
// real-world kit (never committed: real people's data).
const realWorldDir = "/tmp/rw/corpus/pdf_scp/pdfsig"

// realWorld returns the detached CMS extracted from the real signed PDFs,
// or skips.
func realWorld(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(realWorldDir, "*.p7s"))
	if len(files) == 0 {
		t.Skipf("real-world corpus absent (%s)", realWorldDir)
	}
	return files
}

// levelHints maps the level named in the real file names to ours.
var levelHints = []struct {
	re    *regexp.Regexp
	level Level
}{
	{regexp.MustCompile(`(?i)cades-a`), LevelA},
	{regexp.MustCompile(`(?i)xlt`), LevelXLongType1},
	{regexp.MustCompile(`(?i)(cadest|_t_|-t-)`), LevelT},
	{regexp.MustCompile(`(?i)bes`), LevelBES},
}

// TestRealWorldLongTerm reads every real CMS: the level agrees with the
// file name, every time-stamp token's messageImprint is the hash of
// StampedData, and every ats-hash-index entry names an element.
func TestRealWorldLongTerm(t *testing.T) {
	t.Parallel()
	files := realWorld(t)
	matched := map[TokenKind]int{}
	levels := map[Level]int{}
	for _, f := range files {
		name := filepath.Base(f)
		sig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		content, err := os.ReadFile(strings.TrimSuffix(f, ".p7s") + ".content")
		if err != nil {
			t.Fatal(err)
		}
		sd, err := Parse(sig)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, si := range sd.Signers {
			d, err := si.LongTermData()
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			levels[d.Level]++
			want := Level("")
			for _, h := range levelHints {
				if h.re.MatchString(name) {
					want = h.level
					break
				}
			}
			if want == "" {
				t.Logf("%s: level %s (the name does not say)", name, d.Level)
			} else if d.Level != want {
				t.Errorf("%s: level %s, the name says %s", name, d.Level, want)
			}
			for _, tok := range d.Tokens {
				ti, err := readTokenInfo(tok.DER)
				if err != nil {
					t.Errorf("%s %s: %v", name, tok.Kind, err)
					continue
				}
				in, err := sd.StampedData(si, tok, content)
				if err != nil {
					t.Errorf("%s %s: %v", name, tok.Kind, err)
					continue
				}
				got, err := digest(ti.hashAlg.OID, in)
				if err != nil || !bytes.Equal(got, ti.imprint) {
					t.Errorf("%s %s: imprint %X, hash of the stamped data %X (%v)", name, tok.Kind, ti.imprint, got, err)
					continue
				}
				matched[tok.Kind]++
				if tok.Kind == TokenArchiveV3 {
					if tok.HashIndex == nil {
						t.Errorf("%s: archive-time-stamp-v3 without ats-hash-index", name)
					} else if err := sd.CheckHashIndex(si, tok.HashIndex); err != nil {
						t.Errorf("%s: %v", name, err)
					}
				}
			}
		}
	}
	t.Logf("%d CMS; levels %v; imprints matched %v", len(files), levels, matched)
	if matched[TokenSignature] == 0 || matched[TokenCAdESC] == 0 || matched[TokenArchiveV3] == 0 {
		t.Errorf("the corpus lacks a kind it is known to hold: %v", matched)
	}
}

// TestRealWorldFacts logs what the real files contain, for the record:
// attribute types, hash algorithms of tokens and references, whether the
// references name the embedded values, and the shape of the OCSP
// responses. It fails only when something cannot be read.
func TestRealWorldFacts(t *testing.T) {
	t.Parallel()
	files := realWorld(t)
	count := map[string]int{}
	add := func(format string, args ...any) { count[fmt.Sprintf(format, args...)]++ }
	for _, f := range files {
		sig, _ := os.ReadFile(f)
		sd, err := Parse(sig)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		add("format %s", sd.Format)
		for _, si := range sd.Signers {
			var types []string
			for _, a := range si.UnsignedAttrs {
				types = append(types, attrName(a.Type))
			}
			add("unsigned attributes [%s]", strings.Join(types, ", "))
			if len(si.UnsignedAttrs) > 1 {
				sorted := sort.SliceIsSorted(si.UnsignedAttrs, func(i, j int) bool {
					return bytes.Compare(si.UnsignedAttrs[i].Raw, si.UnsignedAttrs[j].Raw) < 0
				})
				add("unsigned attributes in DER SET OF order: %v", sorted)
			}
			d, err := si.LongTermData()
			if err != nil {
				t.Errorf("%s: %v", f, err)
			}
			factsOf(t, sd, si, d, "signer", add)
			for _, tok := range d.Tokens {
				ti, err := readTokenInfo(tok.DER)
				if err != nil {
					t.Fatal(err)
				}
				add("token %s imprint hash %s", tok.Kind, ti.hashAlg.OID)
				tsd := mustParse(t, tok.DER)
				for _, tsi := range tsd.Signers {
					var types []string
					for _, a := range tsi.UnsignedAttrs {
						types = append(types, attrName(a.Type))
					}
					add("token %s signer unsigned attributes [%s]", tok.Kind, strings.Join(types, ", "))
					td, err := tsi.LongTermData()
					if err != nil {
						t.Errorf("%s token: %v", f, err)
					}
					factsOf(t, tsd, tsi, td, "TSA signer", add)
				}
			}
		}
	}
	var lines []string
	for k, n := range count {
		lines = append(lines, fmt.Sprintf("%4d  %s", n, k))
	}
	sort.Strings(lines)
	t.Logf("facts of %d real CMS:\n%s", len(files), strings.Join(lines, "\n"))
}

// factsOf counts the facts of one signer's long-term data.
func factsOf(t *testing.T, sd *SignedData, si *SignerInfo, d *LongTermData, who string, add func(string, ...any)) {
	t.Helper()
	certs := map[string]bool{}
	for _, c := range sd.Certificates {
		certs[string(c.Raw)] = true
	}
	for _, c := range d.Certificates {
		certs[string(c.Raw)] = true
	}
	for _, r := range d.CertificateRefs {
		hit := false
		for raw := range certs {
			if h, err := digest(r.Hash.Algorithm.OID, []byte(raw)); err == nil && bytes.Equal(h, r.Hash.Value) {
				hit = true
			}
		}
		add("%s certificate ref: hash %s (sha1Hash choice %v), issuerSerial %v, names a carried certificate %v",
			who, r.Hash.Algorithm.OID, r.Hash.SHA1Choice, r.HasIssuerSerial, hit)
	}
	for _, r := range d.RevocationRefs {
		for _, c := range r.CRLs {
			hit := false
			for _, crl := range d.CRLs {
				if h, err := digest(c.Hash.Algorithm.OID, crl.Raw); err == nil && bytes.Equal(h, c.Hash.Value) {
					hit = true
				}
			}
			add("%s CRL ref: hash %s, identifier %v, number %v, names a carried CRL %v", who, c.Hash.Algorithm.OID,
				c.HasIdentifier, c.Number != nil, hit)
		}
		for _, o := range r.OCSP {
			by := "name"
			if o.ResponderKey != nil {
				by = "key"
			}
			hash, hit := "absent", false
			if o.Hash != nil {
				hash = o.Hash.Algorithm.OID.String()
				for _, b := range d.OCSPResponses {
					if h, err := digest(o.Hash.Algorithm.OID, b); err == nil && bytes.Equal(h, o.Hash.Value) {
						hit = true
					}
				}
			}
			add("%s OCSP ref: responder by %s, hash %s, names a carried BasicOCSPResponse %v", who, by, hash, hit)
		}
		if len(r.CRLs) == 0 && len(r.OCSP) == 0 && r.Other == nil {
			add("%s revocation ref: empty CrlOcspRef", who)
		}
	}
	if len(d.Certificates) > 0 {
		add("%s certificate-values: %d certificates", who, len(d.Certificates))
	}
	for _, c := range d.CRLs {
		add("%s CRL value: %d entries, signed with %s", who, c.Len(), c.SignatureAlgorithm)
	}
	for _, b := range d.OCSPResponses {
		add("%s OCSP value: %s", who, ocspShape(t, b))
	}
	for _, o := range d.OtherRevocationValues {
		add("%s other revocation value %s", who, o.Type)
	}
	if len(sd.CRLs) > 0 {
		add("%s SignedData.crls: %d", who, len(sd.CRLs))
	}
}

// ocspShape describes a BasicOCSPResponse (RFC 6960 §4.2.1): responder ID
// form, number of responses, statuses, embedded certificates.
func ocspShape(t *testing.T, b []byte) string {
	t.Helper()
	s := cryptobyte.String(b)
	var basic, tbs, responses cryptobyte.String
	if !s.ReadASN1(&basic, cbasn1.SEQUENCE) || !basic.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return "unreadable"
	}
	tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	by, rid := "name", cbasn1.Tag(1).Constructed().ContextSpecific()
	if tbs.PeekASN1Tag(cbasn1.Tag(2).Constructed().ContextSpecific()) {
		by, rid = "key", cbasn1.Tag(2).Constructed().ContextSpecific()
	}
	if !tbs.SkipASN1(rid) {
		return "unreadable responderID"
	}
	if !tbs.SkipASN1(cbasn1.GeneralizedTime) || !tbs.ReadASN1(&responses, cbasn1.SEQUENCE) {
		return "unreadable responses"
	}
	var statuses []string
	for !responses.Empty() {
		var single, certID, alg cryptobyte.String
		var st cryptobyte.String
		var tag cbasn1.Tag
		var hashAlg asn1.ObjectIdentifier
		if !responses.ReadASN1(&single, cbasn1.SEQUENCE) || !single.ReadASN1(&certID, cbasn1.SEQUENCE) ||
			!certID.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&hashAlg) || !single.ReadAnyASN1(&st, &tag) {
			return "unreadable SingleResponse"
		}
		status := "unknown"
		switch tag {
		case cbasn1.Tag(0).ContextSpecific():
			status = "good"
		case cbasn1.Tag(1).Constructed().ContextSpecific():
			status = "revoked"
		}
		statuses = append(statuses, status+" (certID hash "+hashAlg.String()+")")
	}
	exts := tbs.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific())
	var sigAlg cryptobyte.String
	basic.ReadASN1(&sigAlg, cbasn1.SEQUENCE)
	basic.SkipASN1(cbasn1.BIT_STRING)
	ncerts := 0
	if basic.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var explicit, list cryptobyte.String
		basic.ReadASN1(&explicit, cbasn1.Tag(0).Constructed().ContextSpecific())
		explicit.ReadASN1(&list, cbasn1.SEQUENCE)
		for !list.Empty() && list.SkipASN1(cbasn1.SEQUENCE) {
			ncerts++
		}
	}
	return fmt.Sprintf("responder by %s, %d responses %v, responseExtensions %v, signed with %s, %d embedded certificates",
		by, len(statuses), statuses, exts, algOID(sigAlg), ncerts)
}

// algOID returns the algorithm OID of an AlgorithmIdentifier's contents.
func algOID(s cryptobyte.String) string {
	var o asn1.ObjectIdentifier
	if !s.ReadASN1ObjectIdentifier(&o) {
		return "?"
	}
	return o.String()
}
