package gost3410

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/egisz-lk/registrar/internal/oid"
)

// Algorithm identifiers of RFC 9215, from the module's one table.
var (
	oidKey256    = oid.Gost2012Key256.OID()
	oidKey512    = oid.Gost2012Key512.OID()
	oidDigest256 = oid.Streebog256.OID()
	oidDigest512 = oid.Streebog512.OID()
)

type subjectPublicKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// parseAlgorithm checks a GOST R 34.10-2012 AlgorithmIdentifier and returns
// its parameter set. Parameters are SEQUENCE { publicKeyParamSet OID,
// digestParamSet OID OPTIONAL, encryptionParamSet OID OPTIONAL }. The digest
// parameter set is not used to choose the hash (the key size does that); a
// Streebog OID of the other size is rejected, other OIDs are tolerated.
func parseAlgorithm(ai pkix.AlgorithmIdentifier) (*Curve, error) {
	var size int
	switch {
	case ai.Algorithm.Equal(oidKey256):
		size = 32
	case ai.Algorithm.Equal(oidKey512):
		size = 64
	default:
		return nil, fmt.Errorf("%w: algorithm %v", ErrUnsupportedAlgorithm, ai.Algorithm)
	}
	var oids []asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(ai.Parameters.FullBytes, &oids)
	if err != nil || len(rest) != 0 || ai.Parameters.Tag != asn1.TagSequence {
		return nil, fmt.Errorf("%w: algorithm parameters are not a SEQUENCE of OIDs", ErrInvalidEncoding)
	}
	if len(oids) < 1 || len(oids) > 3 {
		return nil, fmt.Errorf("%w: %d algorithm parameters", ErrInvalidEncoding, len(oids))
	}
	c, err := CurveByOID(oids[0])
	if err != nil {
		return nil, err
	}
	if c.size != size {
		return nil, fmt.Errorf("%w: %d-bit parameter set %s with a %d-bit key algorithm", ErrUnsupportedAlgorithm, 8*c.size, c.Name, 8*size)
	}
	if len(oids) > 1 {
		d := oids[1]
		if (size == 32 && d.Equal(oidDigest512)) || (size == 64 && d.Equal(oidDigest256)) {
			return nil, fmt.Errorf("%w: digestParamSet %v does not match a %d-bit key", ErrUnsupportedAlgorithm, d, 8*size)
		}
	}
	return c, nil
}

// algorithmIdentifier returns the AlgorithmIdentifier written for keys on c:
// digestParamSet is included for the CryptoPro sets, the 2001 test set and
// tc26-512-A/B, and omitted for the other TC26 sets, as OpenSSL's GOST
// engine and the RFC 9215 examples do.
func algorithmIdentifier(c *Curve) (pkix.AlgorithmIdentifier, error) {
	algo, digest := oidKey256, oidDigest256
	if c.size == 64 {
		algo, digest = oidKey512, oidDigest512
	}
	params := []asn1.ObjectIdentifier{c.oid}
	if c.digestParams {
		params = append(params, digest)
	}
	der, err := asn1.Marshal(params)
	if err != nil {
		return pkix.AlgorithmIdentifier{}, err
	}
	return pkix.AlgorithmIdentifier{Algorithm: algo, Parameters: asn1.RawValue{FullBytes: der}}, nil
}

// ParsePublicKey decodes the DER OCTET STRING that the BIT STRING of a GOST
// SubjectPublicKeyInfo contains (04 40 … for 256-bit keys, 04 81 80 … for
// 512-bit keys) and validates the point like [NewPublicKey].
func ParsePublicKey(c *Curve, octetString []byte) (*PublicKey, error) {
	var raw []byte
	rest, err := asn1.Unmarshal(octetString, &raw)
	if err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: public key is not a DER OCTET STRING", ErrInvalidEncoding)
	}
	return NewPublicKey(c, raw)
}

// ParsePKIXPublicKey decodes a DER SubjectPublicKeyInfo with algorithm
// 1.2.643.7.1.1.1.1 (256-bit) or 1.2.643.7.1.1.1.2 (512-bit) and parameters
// SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL } (a trailing third
// OID, seen in 2001-era structures, is tolerated). The parameter set must be
// one of [Curves] and its size must agree with the algorithm.
func ParsePKIXPublicKey(spki []byte) (*PublicKey, error) {
	var info subjectPublicKeyInfo
	rest, err := asn1.Unmarshal(spki, &info)
	if err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: SubjectPublicKeyInfo", ErrInvalidEncoding)
	}
	c, err := parseAlgorithm(info.Algorithm)
	if err != nil {
		return nil, err
	}
	if info.PublicKey.BitLength != 8*len(info.PublicKey.Bytes) {
		return nil, fmt.Errorf("%w: public key BIT STRING has unused bits", ErrInvalidEncoding)
	}
	return ParsePublicKey(c, info.PublicKey.Bytes)
}

// MarshalPKIXPublicKey returns the DER SubjectPublicKeyInfo of pub (RFC 9215),
// in the form OpenSSL's GOST engine writes: digestParamSet is present for the
// CryptoPro sets, GostR3410-2001-TestParamSet and tc26-512-A/B and absent for
// tc26-256-A…D, tc26-512-C and tc26-512-Test.
func MarshalPKIXPublicKey(pub *PublicKey) ([]byte, error) {
	if pub == nil || pub.curve == nil {
		return nil, ErrInvalidPublicKey
	}
	ai, err := algorithmIdentifier(pub.curve)
	if err != nil {
		return nil, err
	}
	octets, err := asn1.Marshal(pub.raw)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(subjectPublicKeyInfo{
		Algorithm: ai,
		PublicKey: asn1.BitString{Bytes: octets, BitLength: 8 * len(octets)},
	})
}

// pkcs8 is PrivateKeyInfo (RFC 5208) / OneAsymmetricKey (RFC 5958).
type pkcs8 struct {
	Version    int
	Algo       pkix.AlgorithmIdentifier
	PrivateKey []byte
	Attributes asn1.RawValue  `asn1:"optional,tag:0"`
	PublicKey  asn1.BitString `asn1:"optional,tag:1"`
}

// ParsePKCS8PrivateKey decodes a DER PKCS#8 PrivateKeyInfo holding a
// GOST R 34.10-2012 key. The privateKey OCTET STRING may hold the secret as
// little-endian octets of exactly the key size (what current OpenSSL GOST
// engines write), as a DER OCTET STRING of such octets, or as a DER INTEGER
// (both written by older engines). CryptoPro's masked container formats are
// not supported. A secret d ≥ q is reduced mod q (RFC 9215's own tc26-256-A
// example uses such a d); d ≡ 0 is rejected. If the structure carries a public
// key it must match.
func ParsePKCS8PrivateKey(der []byte) (*PrivateKey, error) {
	var info pkcs8
	rest, err := asn1.Unmarshal(der, &info)
	if err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: PKCS#8 PrivateKeyInfo", ErrInvalidEncoding)
	}
	if info.Version != 0 && info.Version != 1 {
		return nil, fmt.Errorf("%w: PKCS#8 version %d", ErrInvalidEncoding, info.Version)
	}
	c, err := parseAlgorithm(info.Algo)
	if err != nil {
		return nil, err
	}
	d, err := privateScalar(c, info.PrivateKey)
	if err != nil {
		return nil, err
	}
	key, err := newPrivateKeyReduced(c, d)
	if err != nil {
		return nil, err
	}
	if len(info.PublicKey.Bytes) != 0 {
		var raw []byte
		if r, err := asn1.Unmarshal(info.PublicKey.Bytes, &raw); err != nil || len(r) != 0 {
			raw = info.PublicKey.Bytes
		}
		if !bytes.Equal(raw, key.pub.raw) {
			return nil, fmt.Errorf("%w: embedded public key does not match the private key", ErrInvalidPrivateKey)
		}
	}
	return key, nil
}

// privateScalar returns the big-endian secret from the privateKey octets.
func privateScalar(c *Curve, octets []byte) ([]byte, error) {
	n := c.size
	le := func(b []byte) []byte {
		d := bytes.Clone(b)
		reverse(d)
		return d
	}
	if len(octets) == n {
		return le(octets), nil
	}
	if len(octets) > 0 && octets[0] == asn1.TagOctetString {
		var inner []byte
		if rest, err := asn1.Unmarshal(octets, &inner); err == nil && len(rest) == 0 && len(inner) == n {
			return le(inner), nil
		}
	}
	if len(octets) > 0 && octets[0] == asn1.TagInteger {
		var v *big.Int
		if rest, err := asn1.Unmarshal(octets, &v); err == nil && len(rest) == 0 && v.Sign() > 0 && v.BitLen() <= 8*n {
			return v.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("%w: unrecognised privateKey encoding (%d bytes)", ErrInvalidPrivateKey, len(octets))
}

// MarshalPKCS8PrivateKey returns the DER PKCS#8 PrivateKeyInfo of k in the
// form OpenSSL's GOST engine writes and reads: the AlgorithmIdentifier of
// [MarshalPKIXPublicKey] and the secret as little-endian octets of the key
// size directly in the privateKey OCTET STRING.
func MarshalPKCS8PrivateKey(k *PrivateKey) ([]byte, error) {
	if k == nil || k.pub == nil {
		return nil, ErrInvalidPrivateKey
	}
	ai, err := algorithmIdentifier(k.pub.curve)
	if err != nil {
		return nil, err
	}
	d := k.Bytes()
	reverse(d)
	return asn1.Marshal(pkcs8{Version: 0, Algo: ai, PrivateKey: d})
}

func reverse(b []byte) {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
}
