package certificate_test

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/oid"
)

// This file pins ParseCRL to crypto/x509.ParseRevocationList, which parsed
// CRLs here before the package got its own parser: on the same DER both must
// give the same entries (serials, times, reasons), the same list fields, and
// every input crypto/x509 rejects must be rejected. The CRLs are written
// field by field (rawCRL) so that the edge cases — odd serials, every time
// form, unusual reason codes, malformed fields — are exactly the bytes named.

// rawExt is one extension: OID content, BOOLEAN content (nil: absent) and
// extnValue content.
type rawExt struct {
	oid, critical, value []byte
	after                []byte // written after extnValue
}

// rawEntry is one revokedCertificates entry: the INTEGER content of the
// serial, the whole time element, the extensions (nil: absent unless
// emptyExts) and bytes appended inside the entry.
type rawEntry struct {
	serial    []byte
	time      []byte
	exts      []rawExt
	emptyExts bool
	trailer   []byte
}

// rawCRL is a CertificateList written as given; the zero value of a field
// means the default of newRawCRL where noted.
type rawCRL struct {
	version      []byte // INTEGER content; nil: absent
	innerAlg     []byte // whole AlgorithmIdentifier
	outerAlg     []byte
	issuer       []byte // whole Name
	thisUpdate   []byte // whole time element
	nextUpdate   []byte // nil: absent
	entries      []rawEntry
	emptyList    bool // write an empty revokedCertificates SEQUENCE
	exts         []rawExt
	extsPresent  bool
	sig          []byte // BIT STRING content
	tbsTrailer   []byte
	outerTrailer []byte
}

func oidContent(id oid.ID) []byte {
	der, err := asn1.Marshal(id.OID())
	if err != nil {
		panic(err)
	}
	return der[2:]
}

func utcT(s string) []byte { return append([]byte{0x17, byte(len(s))}, s...) }
func genT(s string) []byte { return append([]byte{0x18, byte(len(s))}, s...) }

// intContent is the minimal two's-complement content of n.
func intContent(n *big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1BigInt(n)
	der := b.BytesOrPanic()
	s := cryptobyte.String(der)
	var c cryptobyte.String
	s.ReadASN1(&c, cbasn1.INTEGER)
	return c
}

func enumValue(content ...byte) []byte { return append([]byte{0x0a, byte(len(content))}, content...) }

func reasonExt(r int) rawExt {
	return rawExt{oid: oidContent(oid.ExtReasonCode), value: enumValue(intContent(big.NewInt(int64(r)))...)}
}

var (
	testIssuerDER = func() []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid.CommonName.OID())
					b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("Тестовый УЦ")) })
				})
			})
		})
		return b.BytesOrPanic()
	}()
	testAlgDER = func() []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.SignWithDigest256.OID()) })
		return b.BytesOrPanic()
	}()
)

// newRawCRL is a valid v2 CRL with the given entries: thisUpdate,
// nextUpdate, cRLNumber 5 and an authorityKeyIdentifier, signed by nobody
// (64 zero bytes).
func newRawCRL(entries ...rawEntry) *rawCRL {
	return &rawCRL{
		version: []byte{1}, innerAlg: testAlgDER, outerAlg: testAlgDER, issuer: testIssuerDER,
		thisUpdate: utcT("250601120000Z"), nextUpdate: utcT("250608120000Z"), entries: entries,
		exts: []rawExt{
			{oid: oidContent(oid.ExtAuthorityKeyID), value: []byte{0x30, 0x06, 0x80, 0x04, 1, 2, 3, 4}},
			{oid: oidContent(oid.ExtCRLNumber), value: []byte{0x02, 0x01, 0x05}},
		},
		extsPresent: true, sig: append([]byte{0}, make([]byte, 64)...),
	}
}

func addRawExts(b *cryptobyte.Builder, exts []rawExt) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, e := range exts {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(e.oid) })
				if e.critical != nil {
					b.AddASN1(cbasn1.BOOLEAN, func(b *cryptobyte.Builder) { b.AddBytes(e.critical) })
				}
				b.AddASN1(cbasn1.OCTET_STRING, func(b *cryptobyte.Builder) { b.AddBytes(e.value) })
				b.AddBytes(e.after)
			})
		}
	})
}

func (r *rawCRL) der() []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			if r.version != nil {
				b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(r.version) })
			}
			b.AddBytes(r.innerAlg)
			b.AddBytes(r.issuer)
			b.AddBytes(r.thisUpdate)
			b.AddBytes(r.nextUpdate)
			if len(r.entries) > 0 || r.emptyList {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, e := range r.entries {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(e.serial) })
							b.AddBytes(e.time)
							if e.exts != nil || e.emptyExts {
								addRawExts(b, e.exts)
							}
							b.AddBytes(e.trailer)
						})
					}
				})
			}
			if r.extsPresent {
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { addRawExts(b, r.exts) })
			}
			b.AddBytes(r.tbsTrailer)
		})
		b.AddBytes(r.outerAlg)
		b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) { b.AddBytes(r.sig) })
		b.AddBytes(r.outerTrailer)
	})
	return b.BytesOrPanic()
}

// entry is a shorthand for a rawEntry with a positive serial.
func entry(serial int64, tm []byte, exts ...rawExt) rawEntry {
	return rawEntry{serial: intContent(big.NewInt(serial)), time: tm, exts: exts}
}

func bigSerial(hex string) []byte {
	n, ok := new(big.Int).SetString(hex, 16)
	if !ok {
		panic(hex)
	}
	return intContent(n)
}

// x509Agrees parses der with both parsers and reports every difference.
func x509Agrees(t *testing.T, der []byte) {
	t.Helper()
	rl, xerr := x509.ParseRevocationList(der)
	c, err := certificate.ParseCRL(der)
	if xerr != nil || err != nil {
		t.Fatalf("crypto/x509: %v; ParseCRL: %v", xerr, err)
	}
	if !bytes.Equal(c.Raw, rl.Raw) || !c.ThisUpdate.Equal(rl.ThisUpdate) || !c.NextUpdate.Equal(rl.NextUpdate) ||
		!sameZone(c.ThisUpdate, rl.ThisUpdate) || !sameZone(c.NextUpdate, rl.NextUpdate) {
		t.Errorf("list fields: %v %v, crypto/x509 %v %v", c.ThisUpdate, c.NextUpdate, rl.ThisUpdate, rl.NextUpdate)
	}
	if (c.Number == nil) != (rl.Number == nil) || c.Number != nil && c.Number.Cmp(rl.Number) != 0 {
		t.Errorf("number %v, crypto/x509 %v", c.Number, rl.Number)
	}
	if !bytes.Equal(c.AuthorityKeyID, rl.AuthorityKeyId) || (c.AuthorityKeyID == nil) != (rl.AuthorityKeyId == nil) {
		t.Errorf("AKI %X, crypto/x509 %X", c.AuthorityKeyID, rl.AuthorityKeyId)
	}
	if !bytes.Equal(crlRawIssuer(c), rl.RawIssuer) || !bytes.Equal(crlTBS(c), rl.RawTBSRevocationList) || !bytes.Equal(crlSignature(c), rl.Signature) {
		t.Errorf("raw issuer, TBS or signature differ")
	}
	got := crlEntries(c)
	if len(got) != len(rl.RevokedCertificateEntries) {
		t.Fatalf("%d entries, crypto/x509 %d", len(got), len(rl.RevokedCertificateEntries))
	}
	for i, x := range rl.RevokedCertificateEntries {
		e := got[i]
		hasReason := false
		for _, ext := range x.Extensions {
			hasReason = hasReason || ext.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 21})
		}
		if e.SerialNumber.Cmp(x.SerialNumber) != 0 || !e.RevocationTime.Equal(x.RevocationTime) ||
			!sameZone(e.RevocationTime, x.RevocationTime) || int(e.Reason) != x.ReasonCode || e.HasReason != hasReason {
			t.Errorf("entry %d: %v %v %d %v; crypto/x509 %v %v %d %v", i, e.SerialNumber, e.RevocationTime, e.Reason, e.HasReason,
				x.SerialNumber, x.RevocationTime, x.ReasonCode, hasReason)
		}
		// Revoked finds the first entry with the serial.
		first := x
		for _, y := range rl.RevokedCertificateEntries {
			if y.SerialNumber.Cmp(x.SerialNumber) == 0 {
				first = y
				break
			}
		}
		r, ok := c.Revoked(new(big.Int).Set(x.SerialNumber), time.Time{})
		if !ok || r.SerialNumber.Cmp(first.SerialNumber) != 0 || !r.RevocationTime.Equal(first.RevocationTime) || int(r.Reason) != first.ReasonCode {
			t.Errorf("Revoked(%v): %+v %v, want the first entry %v %v", x.SerialNumber, r, ok, first.SerialNumber, first.RevocationTime)
		}
	}
}

func TestParseCRLAgreesWithX509(t *testing.T) {
	t.Parallel()
	crit := []byte{0xff}
	invalidity := rawExt{oid: []byte{0x55, 0x1d, 0x18}, value: genT("20240101000000Z")}
	certIssuer := rawExt{oid: []byte{0x55, 0x1d, 0x1d}, critical: crit, value: []byte{0x30, 0x00}}
	unknown := rawExt{oid: []byte{0x2a, 0x03, 0x04}, value: []byte{0x05, 0x00}}
	tm := utcT("250101100000Z")
	mod := func(f func(r *rawCRL), entries ...rawEntry) []byte {
		r := newRawCRL(entries...)
		f(r)
		return r.der()
	}
	tests := []struct {
		name string
		der  []byte
	}{
		{"three entries", newRawCRL(entry(42, tm, reasonExt(1)), entry(43, tm), entry(44, utcT("250102100000Z"), reasonExt(5))).der()},
		{"no entries", newRawCRL().der()},
		{"empty revokedCertificates", mod(func(r *rawCRL) { r.emptyList = true })},
		{"serials", newRawCRL(
			rawEntry{serial: []byte{0}, time: tm},
			entry(1, tm), entry(0x7f, tm), entry(0x80, tm), entry(0xff00, tm),
			rawEntry{serial: bigSerial("8000000000000000000000000000000000000001"), time: tm},
			rawEntry{serial: bigSerial("7c0001b0dd2cce43bd6db4d1c30001000001b0dd"), time: tm},
			rawEntry{serial: bigSerial(strings.Repeat("f1", 64)), time: tm},
			rawEntry{serial: bigSerial(strings.Repeat("1e", 100)), time: tm},
		).der()},
		{"negative serials", newRawCRL(
			rawEntry{serial: intContent(big.NewInt(-1)), time: tm},
			rawEntry{serial: intContent(big.NewInt(-128)), time: tm},
			rawEntry{serial: intContent(big.NewInt(-129)), time: tm},
			rawEntry{serial: intContent(big.NewInt(-256)), time: tm},
			rawEntry{serial: intContent(new(big.Int).Lsh(big.NewInt(-5), 150)), time: tm},
		).der()},
		{"duplicate serials", newRawCRL(entry(5, tm, reasonExt(1)), entry(6, tm), entry(5, utcT("240101100000Z"), reasonExt(4)),
			entry(0x80, tm), rawEntry{serial: []byte{0x00, 0x80}, time: utcT("240101100000Z")}).der()},
		// Before the package had its own parser, a positive serial listed
		// after the negative one of the same magnitude (or the other way
		// round) was not found: the index keyed on the magnitude.
		{"serials of one magnitude and both signs", newRawCRL(entry(-5, tm, reasonExt(1)), entry(5, utcT("240101100000Z"), reasonExt(4)),
			entry(0x80, tm), entry(-0x80, utcT("240101100000Z")), entry(0, tm), entry(-1, tm), entry(1, tm)).der()},
		{"time forms", newRawCRL(
			entry(1, utcT("240229235959Z")), entry(2, utcT("491231235959Z")), entry(3, utcT("500101000000Z")),
			entry(4, utcT("680101000000Z")), entry(5, utcT("690101000000Z")), entry(6, utcT("000101000000Z")),
			entry(7, utcT("2401011200Z")), entry(8, utcT("240101120000+0300")), entry(9, utcT("2401011200-0130")),
			entry(10, genT("20240101120000Z")), entry(11, utcT("240101120000+2400")), entry(12, utcT("240101120000-2459")),
			entry(13, genT("20500101000000Z")), entry(14, genT("00000101000000Z")), entry(15, genT("99991231235959Z")),
			entry(16, genT("20240101120000+0100")), entry(17, utcT("520229000000Z")),
		).der()},
		{"reasons", newRawCRL(
			entry(1, tm, reasonExt(0)), entry(2, tm, reasonExt(7)), entry(3, tm, reasonExt(10)), entry(4, tm, reasonExt(11)),
			entry(5, tm, reasonExt(255)), entry(6, tm, reasonExt(-1)), entry(7, tm, reasonExt(1000)),
			entry(8, tm, rawExt{oid: oidContent(oid.ExtReasonCode), critical: crit, value: enumValue(3)}),
			entry(9, tm, rawExt{oid: oidContent(oid.ExtReasonCode), critical: []byte{0}, value: enumValue(6)}),
		).der()},
		{"entry extensions", newRawCRL(
			entry(1, tm, invalidity), entry(2, tm, reasonExt(1), invalidity), entry(3, tm, certIssuer, reasonExt(2)),
			entry(4, tm, unknown), rawEntry{serial: []byte{5}, time: tm, emptyExts: true},
			entry(6, tm, rawExt{oid: []byte{0x55, 0x1d, 0x18}, value: []byte("not a time")}),
		).der()},
		{"no nextUpdate", mod(func(r *rawCRL) { r.nextUpdate = nil }, entry(1, tm))},
		{"GeneralizedTime updates", mod(func(r *rawCRL) {
			r.thisUpdate, r.nextUpdate = genT("20500101000000Z"), genT("20500201000000Z")
		}, entry(1, tm))},
		{"no extensions", mod(func(r *rawCRL) { r.extsPresent = false }, entry(1, tm))},
		{"empty extensions", mod(func(r *rawCRL) { r.exts = nil }, entry(1, tm))},
		{"AKI without keyIdentifier, large negative number", mod(func(r *rawCRL) {
			r.exts = []rawExt{{oid: oidContent(oid.ExtAuthorityKeyID), value: []byte{0x30, 0x00}},
				{oid: oidContent(oid.ExtCRLNumber), value: append([]byte{0x02, 0x15}, intContent(new(big.Int).Lsh(big.NewInt(-3), 160))...)}}
		})},
		{"empty keyIdentifier", mod(func(r *rawCRL) {
			r.exts = []rawExt{{oid: oidContent(oid.ExtAuthorityKeyID), value: []byte{0x30, 0x02, 0x80, 0x00}}}
		})},
		{"unknown CRL extensions, critical too", mod(func(r *rawCRL) {
			r.exts = append(r.exts, unknown, rawExt{oid: []byte{0x55, 0x1d, 0x1b}, critical: crit, value: []byte{0x02, 0x01, 0x01}})
		})},
		{"signature with unused bits", mod(func(r *rawCRL) { r.sig = []byte{4, 0xab, 0xc0} })},
		{"empty signature", mod(func(r *rawCRL) { r.sig = []byte{0} })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x509Agrees(t, tc.der)
		})
	}
}

// TestParseCRLRejectsWhatX509Rejects: every input crypto/x509 refuses is
// refused, as ErrMalformed.
func TestParseCRLRejectsWhatX509Rejects(t *testing.T) {
	t.Parallel()
	tm := utcT("250101100000Z")
	mod := func(f func(r *rawCRL), entries ...rawEntry) []byte {
		r := newRawCRL(entries...)
		f(r)
		return r.der()
	}
	one := func(e rawEntry) []byte { return newRawCRL(entry(1, tm), e).der() }
	name := func(tag byte, value string) []byte {
		v := append([]byte{tag, byte(len(value))}, value...)
		atv := append([]byte{0x30, byte(5 + len(v)), 0x06, 0x03, 0x55, 0x04, 0x03}, v...)
		set := append([]byte{0x31, byte(len(atv))}, atv...)
		return append([]byte{0x30, byte(len(set))}, set...)
	}
	var badTimes []string
	for _, s := range []string{"240230120000Z", "241301120000Z", "240001120000Z", "240100120000Z", "240101240000Z", "240101126000Z",
		"240101120060Z", "24010112000Z", "2401011200000Z", "240101120000", "240101120000z", "2401011200a0Z", "240101120000+0000",
		"240101120000+2360", " 40101120000Z", "230229120000Z", "240431120000Z", "240101120000.5Z", ""} {
		badTimes = append(badTimes, "utc:"+s)
	}
	for _, s := range []string{"20240101120000.0Z", "20240101120000.5Z", "20240101120000.123456789Z", "20240101120000,5Z", "20240101120000.Z", "2024010112000Z", "20240101120000",
		"20230229120000Z", "20240101246000Z", "2024010112Z", "202401011200Z", "+0240101120000Z"} {
		badTimes = append(badTimes, "gen:"+s)
	}
	type tcase struct {
		name string
		der  []byte
	}
	tests := []tcase{
		{"no version", mod(func(r *rawCRL) { r.version = nil })},
		{"version 1 (v1 value 0)", mod(func(r *rawCRL) { r.version = []byte{0} })},
		{"version 3", mod(func(r *rawCRL) { r.version = []byte{2} })},
		{"version non-minimal", mod(func(r *rawCRL) { r.version = []byte{0, 1} })},
		{"inner and outer algorithms differ", mod(func(r *rawCRL) { r.innerAlg = []byte{0x30, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04} })},
		{"algorithm not a SEQUENCE", mod(func(r *rawCRL) { r.innerAlg, r.outerAlg = []byte{0x05, 0x00}, []byte{0x05, 0x00} })},
		{"issuer not a SEQUENCE", mod(func(r *rawCRL) { r.issuer = []byte{0x31, 0x00} })},
		{"issuer PrintableString with @", mod(func(r *rawCRL) { r.issuer = name(0x13, "a@b") })},
		{"issuer bad UTF-8", mod(func(r *rawCRL) { r.issuer = name(0x0c, "\xff\xfe") })},
		{"issuer UniversalString", mod(func(r *rawCRL) { r.issuer = name(0x1c, "\x00\x00\x00A") })},
		{"issuer BMPString surrogate", mod(func(r *rawCRL) { r.issuer = name(0x1e, "\xd8\x00") })},
		{"issuer BMPString odd", mod(func(r *rawCRL) { r.issuer = name(0x1e, "\x00A\x00") })},
		{"issuer IA5String 8-bit", mod(func(r *rawCRL) { r.issuer = name(0x16, "\xe9") })},
		{"issuer NumericString letter", mod(func(r *rawCRL) { r.issuer = name(0x12, "12a") })},
		{"issuer INTEGER value", mod(func(r *rawCRL) { r.issuer = name(0x02, "\x01") })},
		{"thisUpdate INTEGER", mod(func(r *rawCRL) { r.thisUpdate = []byte{0x02, 0x01, 0x01} })},
		{"thisUpdate missing", mod(func(r *rawCRL) { r.thisUpdate, r.nextUpdate = nil, nil; r.extsPresent = false })},
		{"bad nextUpdate", mod(func(r *rawCRL) { r.nextUpdate = utcT("251301120000Z") })},
		{"serial empty", one(rawEntry{serial: []byte{}, time: tm})},
		{"serial non-minimal positive", one(rawEntry{serial: []byte{0, 1}, time: tm})},
		{"serial non-minimal negative", one(rawEntry{serial: []byte{0xff, 0x80}, time: tm})},
		{"entry time missing", one(rawEntry{serial: []byte{2}})},
		{"entry time INTEGER", one(rawEntry{serial: []byte{2}, time: []byte{0x02, 0x01, 0x01}})},
		{"reason not ENUMERATED", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: []byte{0x02, 0x01, 0x01}}))},
		{"reason empty", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: []byte{0x0a, 0x00}}))},
		{"reason non-minimal", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: enumValue(0, 1)}))},
		{"reason beyond int64", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: enumValue(1, 0, 0, 0, 0, 0, 0, 0, 0)}))},
		{"reason value missing", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode)}))},
		{"critical not DER", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), critical: []byte{1}, value: enumValue(1)}))},
		{"critical two bytes", one(entry(2, tm, rawExt{oid: oidContent(oid.ExtReasonCode), critical: []byte{0xff, 0xff}, value: enumValue(1)}))},
		{"extension OID empty", one(entry(2, tm, rawExt{oid: []byte{}, value: []byte{5, 0}}))},
		{"extension OID non-minimal", one(entry(2, tm, rawExt{oid: []byte{0x55, 0x80, 0x1d}, value: []byte{5, 0}}))},
		{"extension OID truncated", one(entry(2, tm, rawExt{oid: []byte{0x55, 0x9d}, value: []byte{5, 0}}))},
		{"extension OID arc too large", one(entry(2, tm, rawExt{oid: []byte{0x55, 0x8f, 0xff, 0xff, 0xff, 0x7f}, value: []byte{5, 0}}))},
		{"CRL number not INTEGER", mod(func(r *rawCRL) { r.exts[1].value = []byte{0x04, 0x01, 0x05} })},
		{"CRL number non-minimal", mod(func(r *rawCRL) { r.exts[1].value = []byte{0x02, 0x02, 0x00, 0x05} })},
		{"AKI critical", mod(func(r *rawCRL) { r.exts[0].critical = []byte{0xff} })},
		{"AKI not a SEQUENCE", mod(func(r *rawCRL) { r.exts[0].value = []byte{0x04, 0x00} })},
		{"AKI keyIdentifier bad length", mod(func(r *rawCRL) { r.exts[0].value = []byte{0x30, 0x02, 0x80, 0x05} })},
		{"extensions [0] not a SEQUENCE", mod(func(r *rawCRL) { r.extsPresent = false; r.tbsTrailer = []byte{0xa0, 0x02, 0x31, 0x00} })},
		{"signature padding > 7", mod(func(r *rawCRL) { r.sig = []byte{8, 0} })},
		{"signature padding bits set", mod(func(r *rawCRL) { r.sig = []byte{4, 0xab, 0xc8} })},
		{"signature empty with padding", mod(func(r *rawCRL) { r.sig = []byte{1} })},
		{"signature no content", mod(func(r *rawCRL) { r.sig = []byte{} })},
		{"entry not a SEQUENCE", mod(func(r *rawCRL) {
			r.entries = nil
			r.extsPresent = false
			r.tbsTrailer = []byte{0x30, 0x03, 0x02, 0x01, 0x01}
		})},
		{"inner BER length", func() []byte {
			d := newRawCRL(entry(1, tm)).der()
			i := bytes.Index(d, utcT("250101100000Z"))
			return append(append(append([]byte(nil), d[:i]...), 0x17, 0x81, 0x0d), d[i+2:]...)
		}()},
	}
	for _, s := range badTimes {
		tmEl := utcT(strings.TrimPrefix(s, "utc:"))
		if strings.HasPrefix(s, "gen:") {
			tmEl = genT(strings.TrimPrefix(s, "gen:"))
		}
		tests = append(tests, tcase{"entry time " + s, one(rawEntry{serial: []byte{2}, time: tmEl})},
			tcase{"thisUpdate " + s, mod(func(r *rawCRL) { r.thisUpdate = tmEl })})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := x509.ParseRevocationList(tc.der); err == nil {
				t.Fatalf("crypto/x509 accepts the case: it does not test anything")
			}
			c, err := certificate.ParseCRL(tc.der)
			if !errors.Is(err, certificate.ErrMalformed) || c != nil {
				t.Fatalf("ParseCRL: %v", err)
			}
			var pe *certificate.ParseError
			if !errors.As(err, &pe) || pe.Format != "CRL" || pe.MessageRU() == "" {
				t.Errorf("not a CRL *ParseError: %#v", err)
			}
		})
	}
}

// TestParseCRLStricterThanX509: what ParseCRL refuses although crypto/x509
// reads it (so the agreement above is one-way on these inputs).
func TestParseCRLStricterThanX509(t *testing.T) {
	t.Parallel()
	tm := utcT("250101100000Z")
	mod := func(f func(r *rawCRL), entries ...rawEntry) []byte {
		r := newRawCRL(entries...)
		f(r)
		return r.der()
	}
	tests := []struct {
		name, why string
		der       []byte
	}{
		{"duplicate CRL extension", "occurs twice", mod(func(r *rawCRL) { r.exts = append(r.exts, r.exts[1]) })},
		{"duplicate entry extension", "occurs twice", newRawCRL(entry(1, tm, reasonExt(1), reasonExt(2))).der()},
		{"empty RDN in issuer", "", mod(func(r *rawCRL) { r.issuer = []byte{0x30, 0x02, 0x31, 0x00} })},
		{"algorithm parameters followed by more", "", mod(func(r *rawCRL) {
			r.innerAlg = []byte{0x30, 0x09, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x05, 0x00, 0x05, 0x00}
			r.outerAlg = r.innerAlg
		})},
		// Bytes crypto/x509 skips.
		{"bytes after the entry extensions", "unexpected bytes after the extensions",
			newRawCRL(rawEntry{serial: []byte{1}, time: tm, exts: []rawExt{reasonExt(1)}, trailer: []byte{0x05, 0x00}}).der()},
		{"non-SEQUENCE after the revocation date", "entry 2: extensions has tag 0x02",
			newRawCRL(entry(1, tm), rawEntry{serial: []byte{2}, time: tm, trailer: []byte{0x02, 0x01, 0x01}}).der()},
		{"bytes after the crlExtensions", "tag 0x05 in TBSCertList", mod(func(r *rawCRL) { r.tbsTrailer = []byte{0x05, 0x00} })},
		{"bytes after the signature", "after signatureValue", mod(func(r *rawCRL) { r.outerTrailer = []byte{0x05, 0x00} })},
		{"bytes after extnValue", "unexpected bytes after extnValue",
			newRawCRL(entry(1, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: enumValue(1), after: []byte{0x05, 0x00}})).der()},
		{"bytes after the reasonCode", "reasonCode is not a DER ENUMERATED",
			newRawCRL(entry(1, tm, rawExt{oid: oidContent(oid.ExtReasonCode), value: append(enumValue(1), 0)})).der()},
		{"bytes after the cRLNumber", "cRLNumber", mod(func(r *rawCRL) { r.exts[1].value = []byte{0x02, 0x01, 0x05, 0x00} })},
		{"bytes after the authorityKeyIdentifier", "authorityKeyIdentifier", mod(func(r *rawCRL) { r.exts[0].value = []byte{0x30, 0x00, 0x00} })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := x509.ParseRevocationList(tc.der); err != nil {
				t.Fatalf("crypto/x509 rejects the case too: %v", err)
			}
			c, err := certificate.ParseCRL(tc.der)
			if !errors.Is(err, certificate.ErrMalformed) || c != nil || !strings.Contains(err.Error(), tc.why) {
				t.Fatalf("ParseCRL: %v", err)
			}
		})
	}
}

// sameZone reports whether a and b have the same zone name and offset.
func sameZone(a, b time.Time) bool {
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return an == bn && ao == bo
}

// Accessors of the fields the comparison needs.
func crlEntries(c *certificate.CRL) []certificate.RevokedEntry { return slices.Collect(c.All()) }
func crlRawIssuer(c *certificate.CRL) []byte                   { return c.RawIssuer }
func crlTBS(c *certificate.CRL) []byte                         { return c.RawTBSCertList }
func crlSignature(c *certificate.CRL) []byte                   { return c.Signature }
