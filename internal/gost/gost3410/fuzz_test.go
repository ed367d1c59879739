package gost3410

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

// fuzzCurve picks a curve from a fuzz byte.
func fuzzCurve(b byte) *Curve { return curves[int(b)%len(curves)] }

// FuzzVerify compares VerifyDigest with the math/big reference. The input
// selects the curve, derives a key (from a seed, or takes raw key bytes) and
// supplies the digest and the signature, either raw or as a valid signature
// with fuzz-controlled changes. Both implementations must agree and neither
// may panic.
func FuzzVerify(f *testing.F) {
	f.Add(byte(1), byte(0), []byte("seed"), []byte("digest"), []byte("sig"))
	f.Add(byte(6), byte(1), []byte("seed"), []byte("digest"), []byte{0, 0})
	f.Add(byte(13), byte(2), []byte("k"), []byte("d"), []byte{5, 1})
	f.Add(byte(10), byte(3), []byte{1}, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, curveSel, mode byte, keyData, digestData, sigData []byte) {
		c := fuzzCurve(curveSel)
		n := c.PointSize()
		// Digest: fuzz bytes padded/truncated to n, except in mode 3 where the
		// raw length is kept (length errors).
		digest := make([]byte, n)
		copy(digest, digestData)
		if mode%4 == 3 {
			digest = digestData
		}
		var pub *PublicKey
		var key *PrivateKey
		if mode&4 != 0 && len(keyData) == 2*n {
			var err error
			pub, err = NewPublicKey(c, keyData)
			_, refOK := refPublic(c, keyData)
			if (err == nil) != refOK {
				t.Fatalf("NewPublicKey: %v, reference accepts %v", err, refOK)
			}
			if err != nil {
				return
			}
		} else {
			var err error
			key, err = GenerateKey(c, newDetReader(string(keyData)))
			if err != nil {
				t.Fatal(err)
			}
			pub = key.PublicKey()
		}
		var sig []byte
		switch {
		case mode%4 == 1 && key != nil:
			// A valid signature, then XOR the fuzz bytes over it at a
			// fuzz-chosen offset.
			var err error
			sig, err = key.Sign(newDetReader(string(sigData)), digest, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(sigData) > 1 {
				off := int(sigData[0]) % len(sig)
				for i, b := range sigData[1:] {
					sig[(off+i)%len(sig)] ^= b
				}
			}
		case mode%4 == 2:
			// r and s from the fuzz input, stretched to the right width.
			sig = make([]byte, 2*n)
			h := sha256.Sum256(sigData)
			for i := range sig {
				sig[i] = h[i%32] ^ byte(i*int(h[0]))
			}
			copy(sig, sigData)
			if len(sigData) > 0 {
				sig[0] &= sigData[0]
				sig[n] &= sigData[len(sigData)-1]
			}
		default:
			sig = sigData
		}
		err := pub.VerifyDigest(digest, sig)
		ref, _ := refPublic(c, pub.Bytes())
		want := refVerify(c, ref, digest, sig)
		if (err == nil) != want {
			t.Fatalf("%s: VerifyDigest = %v, reference %v (digest %x sig %x)", c.Name, err, want, digest, sig)
		}
		if perr := pub.Precompute().VerifyDigest(digest, sig); perr != err {
			t.Fatalf("%s: precomputed VerifyDigest = %v, VerifyDigest %v (digest %x sig %x)", c.Name, perr, err, digest, sig)
		}
	})
}

// FuzzParsePublicKey feeds raw and DER-wrapped key bytes to NewPublicKey and
// ParsePublicKey: no panic, acceptance identical to the reference, and an
// accepted key round-trips through Bytes and MarshalPKIXPublicKey.
func FuzzParsePublicKey(f *testing.F) {
	for i, c := range curves {
		k, _ := GenerateKey(c, newDetReader(c.Name))
		f.Add(byte(i), k.PublicKey().Bytes())
	}
	f.Add(byte(0), make([]byte, 64))
	f.Add(byte(11), bytes.Repeat([]byte{0xff}, 128))
	f.Fuzz(func(t *testing.T, curveSel byte, raw []byte) {
		c := fuzzCurve(curveSel)
		pub, err := NewPublicKey(c, raw)
		_, refOK := refPublic(c, raw)
		if (err == nil) != refOK {
			t.Fatalf("NewPublicKey: %v, reference accepts %v", err, refOK)
		}
		octets := append([]byte{0x04, byte(len(raw))}, raw...)
		if len(raw) >= 128 {
			octets = append([]byte{0x04, 0x81, byte(len(raw))}, raw...)
		}
		if len(raw) < 256 {
			_, err2 := ParsePublicKey(c, octets)
			if (err == nil) != (err2 == nil) {
				t.Fatalf("ParsePublicKey disagrees with NewPublicKey: %v vs %v", err2, err)
			}
		}
		_, _ = ParsePublicKey(c, raw) // arbitrary DER
		if err != nil {
			return
		}
		if !bytes.Equal(pub.Bytes(), raw) {
			t.Fatal("Bytes() differs from the input")
		}
		spki, err := MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePKIXPublicKey(spki)
		if err != nil || !back.Equal(pub) {
			t.Fatalf("SPKI round trip: %v", err)
		}
	})
}

// FuzzParsePKIXPublicKey checks that arbitrary DER never panics and that an
// accepted SubjectPublicKeyInfo round-trips to an equal key.
func FuzzParsePKIXPublicKey(f *testing.F) {
	for _, c := range curves {
		k, _ := GenerateKey(c, newDetReader(c.Name))
		spki, _ := MarshalPKIXPublicKey(k.PublicKey())
		f.Add(spki)
		der, _ := MarshalPKCS8PrivateKey(k)
		f.Add(der)
	}
	f.Add([]byte{0x30, 0x80})
	f.Fuzz(func(t *testing.T, der []byte) {
		if k, err := ParsePKCS8PrivateKey(der); err == nil {
			again, err := MarshalPKCS8PrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			if k2, err := ParsePKCS8PrivateKey(again); err != nil || !k2.Equal(k) {
				t.Fatalf("PKCS#8 round trip: %v", err)
			}
		}
		pub, err := ParsePKIXPublicKey(der)
		if err != nil {
			return
		}
		spki, err := MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePKIXPublicKey(spki)
		if err != nil || !back.Equal(pub) {
			t.Fatalf("round trip: %v", err)
		}
		// Exercise the parsed key once.
		var dg [64]byte
		binary.LittleEndian.PutUint64(dg[:], uint64(len(der)))
		_ = pub.VerifyDigest(dg[:pub.Curve().DigestSize()], make([]byte, pub.Curve().SignatureSize()))
	})
}
