package certificate

import (
	"encoding/asn1"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
)

// PublicKey describes the subject public key. A certificate is returned by
// Parse whatever its key; Err says whether the key is a usable GOST R
// 34.10-2012 key.
type PublicKey struct {
	// Algorithm is the key algorithm OID (1.2.643.7.1.1.1.1 for 256-bit,
	// 1.2.643.7.1.1.1.2 for 512-bit GOST R 34.10-2012 keys).
	Algorithm asn1.ObjectIdentifier
	// Bits is 256 or 512 for GOST R 34.10-2012 keys, 0 otherwise.
	Bits int
	// ParamSet is the publicKeyParamSet OID (the curve), nil if absent.
	ParamSet asn1.ObjectIdentifier
	// DigestParamSet is the optional digestParamSet OID. It does not decide
	// the hash: a 256-bit key always uses Streebog-256, a 512-bit key
	// Streebog-512.
	DigestParamSet asn1.ObjectIdentifier
	// Err is nil for a usable key, otherwise a *KeyError matching
	// ErrUnknownKeyAlgorithm, ErrUnknownCurve or ErrInvalidKey.
	Err error

	// curve is the parameter set, nil when ParamSet is unknown (Err then
	// matches ErrUnknownCurve).
	curve *gost3410.Curve
	// key is the parsed key ([Certificate.GOSTKey]), nil when Err is not
	// nil.
	key *GOSTPublicKey
}

// CurveName returns the parameter set's name ("CryptoPro-A", …), or
// "unknown (OID)" when it is not known.
func (k *PublicKey) CurveName() string {
	switch {
	case k.curve != nil:
		return k.curve.Name
	case k.ParamSet != nil:
		return "unknown (" + k.ParamSet.String() + ")"
	}
	return "unknown"
}

// AlgorithmName names the key algorithm in English.
func (k *PublicKey) AlgorithmName() string {
	switch {
	case k.Algorithm.Equal(oidGost2012Key256):
		return "GOST R 34.10-2012 256-bit"
	case k.Algorithm.Equal(oidGost2012Key512):
		return "GOST R 34.10-2012 512-bit"
	case k.Algorithm.Equal(oidGost2001Key):
		return "GOST R 34.10-2001"
	}
	return k.Algorithm.String()
}

// parsePublicKey decodes a SubjectPublicKeyInfo (RFC 9215).
func parsePublicKey(spki []byte) PublicKey {
	var d decoder
	return d.publicKey(spki)
}

// publicKey is parsePublicKey with the object identifiers taken from the
// decoder's arena.
func (d *decoder) publicKey(spki []byte) PublicKey {
	var k PublicKey
	fail := func(class error, oid asn1.ObjectIdentifier, format string, args ...any) PublicKey {
		e := &KeyError{Err: class, Detail: fmt.Sprintf(format, args...)}
		if oid != nil {
			e.OID = oid.String()
		}
		k.Err = e
		k.key = nil
		return k
	}
	s := cryptobyte.String(spki)
	var info, alg, bits cryptobyte.String
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!info.ReadASN1(&bits, cbasn1.BIT_STRING) || !info.Empty() {
		return fail(ErrInvalidKey, nil, "malformed SubjectPublicKeyInfo")
	}
	var ok bool
	if k.Algorithm, ok = d.readOID(&alg); !ok {
		return fail(ErrInvalidKey, nil, "malformed key algorithm identifier")
	}
	switch {
	case k.Algorithm.Equal(oidGost2012Key256):
		k.Bits = 256
	case k.Algorithm.Equal(oidGost2012Key512):
		k.Bits = 512
	case k.Algorithm.Equal(oidGost2001Key):
		return fail(ErrUnknownKeyAlgorithm, k.Algorithm, "GOST R 34.10-2001 keys are withdrawn; GOST R 34.10-2012 is required")
	default:
		return fail(ErrUnknownKeyAlgorithm, k.Algorithm, "not a GOST R 34.10-2012 key")
	}
	var params cryptobyte.String
	if !alg.ReadASN1(&params, cbasn1.SEQUENCE) || !alg.Empty() {
		return fail(ErrInvalidKey, nil, "GOST key parameters must be SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }")
	}
	if k.ParamSet, ok = d.readOID(&params); !ok {
		return fail(ErrInvalidKey, nil, "missing publicKeyParamSet")
	}
	if !params.Empty() {
		if k.DigestParamSet, ok = d.readOID(&params); !ok {
			return fail(ErrInvalidKey, nil, "malformed digestParamSet")
		}
		// 2001-era encoders may add an encryptionParamSet OID: tolerated.
		var extra asn1.ObjectIdentifier
		if !params.Empty() && (!params.ReadASN1ObjectIdentifier(&extra) || !params.Empty()) {
			return fail(ErrInvalidKey, nil, "unexpected key parameters")
		}
	}
	curve, err := gost3410.CurveByOID(k.ParamSet)
	if err != nil {
		return fail(ErrUnknownCurve, k.ParamSet, "parameter set not known")
	}
	k.curve = curve
	if curve.PointSize()*8 != k.Bits {
		return fail(ErrInvalidKey, k.ParamSet, "%s is a %d-bit parameter set but the key algorithm is %d-bit", curve.Name, curve.PointSize()*8, k.Bits)
	}
	var unused uint8
	var point cryptobyte.String
	bs := cryptobyte.String(bits)
	if !bs.ReadUint8(&unused) || unused != 0 {
		return fail(ErrInvalidKey, nil, "subjectPublicKey BIT STRING has unused bits")
	}
	if !bs.ReadASN1(&point, cbasn1.OCTET_STRING) || !bs.Empty() {
		return fail(ErrInvalidKey, nil, "subjectPublicKey must hold a DER OCTET STRING with LE(X)‖LE(Y)")
	}
	pub, err := gost3410.NewPublicKey(curve, point)
	if err != nil {
		k.Err = &KeyError{Err: ErrInvalidKey, OID: k.ParamSet.String(), Cause: err}
		return k
	}
	k.key = newGOSTPublicKey(pub)
	return k
}

// SignatureAlgorithm is the certificate's signature algorithm identifier.
type SignatureAlgorithm struct {
	// OID is the algorithm (1.2.643.7.1.1.3.2 or .3.3 for GOST R
	// 34.10-2012 with Streebog-256/512).
	OID asn1.ObjectIdentifier
	// Bits is 256 or 512 for the GOST 2012 algorithms, 0 otherwise.
	Bits int
	// Parameters is the raw parameters element, nil when absent.
	Parameters []byte
}

// ParametersOK reports whether the parameters are absent or NULL, the two
// forms accepted for GOST (RFC 9215, Р 1323565.1.024-2019).
func (a SignatureAlgorithm) ParametersOK() bool {
	return len(a.Parameters) == 0 || (len(a.Parameters) == 2 && a.Parameters[0] == 0x05 && a.Parameters[1] == 0)
}

// String names the algorithm in English.
func (a SignatureAlgorithm) String() string {
	switch a.Bits {
	case 256:
		return "GOST R 34.10-2012 with Streebog-256"
	case 512:
		return "GOST R 34.10-2012 with Streebog-512"
	}
	if a.OID.Equal(oidGost2001Sign) {
		return "GOST R 34.10-2001 with GOST R 34.11-94"
	}
	return a.OID.String()
}

// parseSignatureAlgorithm decodes an AlgorithmIdentifier.
func parseSignatureAlgorithm(der []byte) (SignatureAlgorithm, error) {
	var d decoder
	return d.signatureAlgorithm(der)
}

// signatureAlgorithm is parseSignatureAlgorithm with the OID taken from
// the decoder's arena.
func (d *decoder) signatureAlgorithm(der []byte) (SignatureAlgorithm, error) {
	var a SignatureAlgorithm
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	ok := s.ReadASN1(&seq, cbasn1.SEQUENCE)
	if ok {
		a.OID, ok = d.readOID(&seq)
	}
	if !ok {
		return a, errors.New("malformed signature AlgorithmIdentifier")
	}
	if !seq.Empty() {
		var p cryptobyte.String
		if !seq.ReadAnyASN1Element(&p, nil) || !seq.Empty() {
			return a, errors.New("malformed signature algorithm parameters")
		}
		a.Parameters = append([]byte(nil), p...)
	}
	switch {
	case a.OID.Equal(oidSignGost2012With256):
		a.Bits = 256
	case a.OID.Equal(oidSignGost2012With512):
		a.Bits = 512
	}
	return a, nil
}
