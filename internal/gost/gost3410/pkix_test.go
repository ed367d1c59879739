package gost3410

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
)

func TestPKIXRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			key, err := GenerateKey(c, newDetReader("pkix "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			spki, err := MarshalPKIXPublicKey(key.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParsePKIXPublicKey(spki)
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Equal(key.PublicKey()) || pub.Curve() != c {
				t.Fatal("SPKI round trip changed the key")
			}
			// digestParamSet presence follows the GOST engine.
			var info subjectPublicKeyInfo
			if _, err := asn1.Unmarshal(spki, &info); err != nil {
				t.Fatal(err)
			}
			var params []asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &params); err != nil {
				t.Fatal(err)
			}
			wantDigest := map[string]bool{
				"GostR3410-2001-TestParamSet": true, "CryptoPro-A": true, "CryptoPro-B": true,
				"CryptoPro-C": true, "CryptoPro-XchA": true, "CryptoPro-XchB": true,
				"tc26-512-A": true, "tc26-512-B": true,
			}[c.Name]
			if (len(params) == 2) != wantDigest || !params[0].Equal(c.OID) {
				t.Fatalf("parameters %v", params)
			}
			der, err := MarshalPKCS8PrivateKey(key)
			if err != nil {
				t.Fatal(err)
			}
			k2, err := ParsePKCS8PrivateKey(der)
			if err != nil {
				t.Fatal(err)
			}
			if !k2.Equal(key) || !k2.PublicKey().Equal(key.PublicKey()) {
				t.Fatal("PKCS#8 round trip changed the key")
			}
		})
	}
}

// spkiWith builds a SubjectPublicKeyInfo from parts.
func spkiWith(t *testing.T, algo asn1.ObjectIdentifier, params any, key asn1.BitString) []byte {
	t.Helper()
	ai := pkix.AlgorithmIdentifier{Algorithm: algo}
	if params != nil {
		b, err := asn1.Marshal(params)
		if err != nil {
			t.Fatal(err)
		}
		ai.Parameters = asn1.RawValue{FullBytes: b}
	}
	der, err := asn1.Marshal(subjectPublicKeyInfo{Algorithm: ai, PublicKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestParsePKIXPublicKeyErrors(t *testing.T) {
	t.Parallel()
	c256, _ := CurveByName("CryptoPro-A")
	c512, _ := CurveByName("tc26-512-A")
	key, err := GenerateKey(c256, newDetReader("errors"))
	if err != nil {
		t.Fatal(err)
	}
	raw := key.PublicKey().Bytes()
	octets, _ := asn1.Marshal(raw)
	bits := asn1.BitString{Bytes: octets, BitLength: 8 * len(octets)}
	good := []asn1.ObjectIdentifier{c256.OID, oidDigest256}
	legacy := asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	long, _ := asn1.Marshal(append(bytes.Clone(raw), 0))
	rawBits := asn1.BitString{Bytes: raw, BitLength: 8 * len(raw)}
	tests := []struct {
		name string
		der  []byte
		want error // nil: accepted
	}{
		{"good", spkiWith(t, oidKey256, good, bits), nil},
		{"no digest", spkiWith(t, oidKey256, good[:1], bits), nil},
		{"trailing OID", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{c256.OID, oidDigest256, {1, 2, 643, 2, 2, 31, 1}}, bits), nil},
		{"other digest OID", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{c256.OID, {1, 2, 643, 2, 2, 30, 1}}, bits), nil},
		{"four OIDs", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{c256.OID, oidDigest256, {1, 2}, {1, 3}}, bits), ErrInvalidEncoding},
		{"empty params", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{}, bits), ErrInvalidEncoding},
		{"NULL params", spkiWith(t, oidKey256, asn1.NullRawValue, bits), ErrInvalidEncoding},
		{"absent params", spkiWith(t, oidKey256, nil, bits), ErrInvalidEncoding},
		{"legacy 2001 algorithm", spkiWith(t, legacy, good, bits), ErrUnsupportedAlgorithm},
		{"512 algorithm with 256 curve", spkiWith(t, oidKey512, good, bits), ErrUnsupportedAlgorithm},
		{"256 algorithm with 512 curve", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{c512.OID}, bits), ErrUnsupportedAlgorithm},
		{"digest of the other size", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{c256.OID, oidDigest512}, bits), ErrUnsupportedAlgorithm},
		{"unknown paramset", spkiWith(t, oidKey256, []asn1.ObjectIdentifier{{1, 2, 643, 2, 2, 35, 9}}, bits), ErrUnknownCurve},
		{"unused bits", spkiWith(t, oidKey256, good, asn1.BitString{Bytes: octets, BitLength: 8*len(octets) - 1}), ErrInvalidEncoding},
		{"key without OCTET STRING", spkiWith(t, oidKey256, good, rawBits), ErrInvalidEncoding},
		{"key too long", spkiWith(t, oidKey256, good, asn1.BitString{Bytes: long, BitLength: 8 * len(long)}), ErrInvalidPublicKey},
		{"trailing data", append(spkiWith(t, oidKey256, good, bits), 0), ErrInvalidEncoding},
		{"empty", nil, ErrInvalidEncoding},
		{"garbage", []byte{0x30, 0x03, 0x02, 0x01}, ErrInvalidEncoding},
	}
	for _, tc := range tests {
		pub, err := ParsePKIXPublicKey(tc.der)
		if tc.want == nil {
			if err != nil || !pub.Equal(key.PublicKey()) {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := ParsePublicKey(c256, raw); !errors.Is(err, ErrInvalidEncoding) {
		t.Errorf("ParsePublicKey without OCTET STRING: %v", err)
	}
	if _, err := MarshalPKIXPublicKey(nil); err == nil {
		t.Error("MarshalPKIXPublicKey(nil) succeeded")
	}
	if _, err := MarshalPKCS8PrivateKey(nil); err == nil {
		t.Error("MarshalPKCS8PrivateKey(nil) succeeded")
	}
}

// pkcs8With builds a PKCS#8 structure around the given privateKey octets.
func pkcs8With(t *testing.T, c *Curve, version int, octets []byte, pub []byte) []byte {
	t.Helper()
	ai, err := algorithmIdentifier(c)
	if err != nil {
		t.Fatal(err)
	}
	info := pkcs8{Version: version, Algo: ai, PrivateKey: octets}
	if pub != nil {
		info.PublicKey = asn1.BitString{Bytes: pub, BitLength: 8 * len(pub)}
	}
	der, err := asn1.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestParsePKCS8Variants(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-C"} {
		c, _ := CurveByName(name)
		n := c.PointSize()
		key, err := GenerateKey(c, newDetReader("pkcs8 "+name))
		if err != nil {
			t.Fatal(err)
		}
		be := key.Bytes()
		le := bytes.Clone(be)
		reverse(le)
		wrapped, _ := asn1.Marshal(le)
		integer, _ := asn1.Marshal(new(big.Int).SetBytes(be))
		pubOctets, _ := asn1.Marshal(key.PublicKey().Bytes())
		other, _ := GenerateKey(c, newDetReader("other"))
		otherOctets, _ := asn1.Marshal(other.PublicKey().Bytes())
		// d + q: reduced to d when it fits (it does on the cofactor-4 curves).
		dq := new(big.Int).Add(new(big.Int).SetBytes(be), c.Params().Q)
		for _, tc := range []struct {
			name string
			der  []byte
			ok   bool
		}{
			{"raw LE", pkcs8With(t, c, 0, le, nil), true},
			{"OCTET STRING", pkcs8With(t, c, 0, wrapped, nil), true},
			{"INTEGER", pkcs8With(t, c, 0, integer, nil), true},
			{"v1 with public key", pkcs8With(t, c, 1, le, pubOctets), true},
			{"wrong public key", pkcs8With(t, c, 1, le, otherOctets), false},
			{"version 2", pkcs8With(t, c, 2, le, nil), false},
			{"short", pkcs8With(t, c, 0, le[:n-1], nil), false},
			{"zero", pkcs8With(t, c, 0, make([]byte, n), nil), false},
			{"trailing", append(pkcs8With(t, c, 0, le, nil), 0), false},
			{"garbage", []byte("not a key"), false},
		} {
			k, err := ParsePKCS8PrivateKey(tc.der)
			if tc.ok != (err == nil) {
				t.Errorf("%s %s: %v", name, tc.name, err)
				continue
			}
			if tc.ok && !k.Equal(key) {
				t.Errorf("%s %s: different key", name, tc.name)
			}
		}
		if dq.BitLen() <= 8*n {
			b := make([]byte, n)
			dq.FillBytes(b)
			reverse(b)
			k, err := ParsePKCS8PrivateKey(pkcs8With(t, c, 0, b, nil))
			if err != nil || !k.Equal(key) {
				t.Errorf("%s d + q: %v", name, err)
			}
		}
	}
}
