package gost3410

import (
	"bytes"
	"crypto"
	cryptorand "crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"math/big"
)

// PublicKey is a GOST R 34.10-2012 public key: a point of the prime-order
// subgroup of a [Curve]. Its zero value is not usable; create keys with
// [NewPublicKey], [ParsePublicKey], [ParsePKIXPublicKey] or from a
// [PrivateKey]. A PublicKey is immutable and safe for concurrent use.
type PublicKey struct {
	curve *Curve
	raw   []byte // LE(X)‖LE(Y)
	p256  aff256
	p512  aff512
}

// NewPublicKey returns the public key with the raw encoding LE(X)‖LE(Y)
// (64 bytes for 256-bit curves, 128 bytes for 512-bit curves). It rejects a
// wrong length, a coordinate not below p, the all-zero encoding (the usual
// representation of the point at infinity), a point that is not on the curve
// and, on the twisted Edwards sets with cofactor 4 (tc26-256-A,
// tc26-512-C), a point outside the subgroup of order q: such a point could
// never be an honest key, and rejecting it costs one scalar multiplication per
// parsed key. The errors wrap [ErrInvalidPublicKey].
func NewPublicKey(c *Curve, raw []byte) (*PublicKey, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil curve", ErrInvalidPublicKey)
	}
	n := c.size
	if len(raw) != 2*n {
		return nil, fmt.Errorf("%w: %d bytes, want %d for %s", ErrInvalidPublicKey, len(raw), 2*n, c.Name)
	}
	pub := &PublicKey{curve: c, raw: bytes.Clone(raw)}
	var err error
	if cc := c.a256(); cc != nil {
		err = cc.setPublic(&pub.p256, raw)
	} else {
		err = c.a512().setPublic(&pub.p512, raw)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidPublicKey, c.Name, err)
	}
	return pub, nil
}

// Curve returns the key's parameter set.
func (pub *PublicKey) Curve() *Curve { return pub.curve }

// Bytes returns the raw encoding LE(X)‖LE(Y) (a fresh copy).
func (pub *PublicKey) Bytes() []byte { return bytes.Clone(pub.raw) }

// Point returns the affine coordinates of the key as integers.
func (pub *PublicKey) Point() (x, y *big.Int) {
	n := len(pub.raw) / 2
	rev := func(b []byte) *big.Int {
		r := bytes.Clone(b)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return new(big.Int).SetBytes(r)
	}
	return rev(pub.raw[:n]), rev(pub.raw[n:])
}

// Equal reports whether x is a *PublicKey with the same parameter set (the
// same Curve value, so aliases such as CryptoPro-A and tc26-256-B differ) and
// the same point.
func (pub *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	if !ok || o == nil || pub == nil {
		return false
	}
	return pub.curve == o.curve && bytes.Equal(pub.raw, o.raw)
}

// VerifyDigest checks the signature sig = s‖r over digest, the raw bytes
// of the Streebog hash of the message (Streebog-256 for 256-bit keys,
// Streebog-512 for 512-bit keys, exactly as stored in CMS messageDigest). It
// returns nil for a valid signature, [ErrDigestLength] or
// [ErrSignatureLength] for inputs of the wrong size, [ErrSignatureRange] when
// r or s is not in (0, q) and [ErrVerification] otherwise. It does not
// allocate and runs in variable time (all inputs are public).
func (pub *PublicKey) VerifyDigest(digest, sig []byte) error {
	if pub == nil || pub.curve == nil {
		return ErrInvalidPublicKey
	}
	if c := pub.curve.a256(); c != nil {
		return c.verify(&pub.p256, nil, digest, sig)
	}
	return pub.curve.a512().verify(&pub.p512, nil, digest, sig)
}

// PrecomputedKey is a public key prepared for many verifications: a CA's
// key that checks the certificates and lists it issued, for example. It
// gives the same results as the key's VerifyDigest in about a third of the
// time (0.34–0.38 ×, by parameter set), at the cost of tables built once,
// in the time of two verifications (six on the twisted Edwards sets), that
// take 16 KiB for a 256-bit key (24 KiB on the twisted Edwards set) and
// twice that for a 512-bit key. A PrecomputedKey is immutable and safe for
// concurrent use. Make one with [PublicKey.Precompute].
type PrecomputedKey struct {
	pub  *PublicKey
	s256 *split256
	s512 *split512
}

// Precompute returns pub prepared for many verifications.
func (pub *PublicKey) Precompute() *PrecomputedKey {
	k := &PrecomputedKey{pub: pub}
	if pub == nil || pub.curve == nil {
		return k
	}
	// Without the base point's tables (never, for a valid curve) the key
	// stays on the plain path.
	if c := pub.curve.a256(); c != nil {
		if c.gSplit() != nil {
			k.s256 = c.newSplit256(&pub.p256)
		}
	} else if c := pub.curve.a512(); c.gSplit() != nil {
		k.s512 = c.newSplit512(&pub.p512)
	}
	return k
}

// PublicKey returns the key k was prepared from.
func (k *PrecomputedKey) PublicKey() *PublicKey { return k.pub }

// VerifyDigest is [PublicKey.VerifyDigest] with the precomputed tables:
// the same results and errors, no allocations.
func (k *PrecomputedKey) VerifyDigest(digest, sig []byte) error {
	if k == nil || k.pub == nil || k.pub.curve == nil {
		return ErrInvalidPublicKey
	}
	pub := k.pub
	if c := pub.curve.a256(); c != nil {
		return c.verify(&pub.p256, k.s256, digest, sig)
	}
	return pub.curve.a512().verify(&pub.p512, k.s512, digest, sig)
}

// PrivateKey is a GOST R 34.10-2012 private key. It implements
// [crypto.Signer]. Create keys with [GenerateKey], [NewPrivateKey] or
// [ParsePKCS8PrivateKey].
type PrivateKey struct {
	pub  *PublicKey
	d256 fe256 // plain integer d, for 256-bit curves
	d512 fe512 // plain integer d, for 512-bit curves
}

// GenerateKey returns a new key on c with d drawn uniformly from (0, q) by
// rejection sampling bytes from rand (crypto/rand when nil). The result
// depends only on the bytes read, so a deterministic reader gives
// reproducible keys (useful for test PKIs). The public point is computed in
// constant time.
func GenerateKey(c *Curve, rand io.Reader) (*PrivateKey, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil curve", ErrInvalidPrivateKey)
	}
	if rand == nil {
		rand = cryptorand.Reader
	}
	k := &PrivateKey{}
	var raw []byte
	if cc := c.a256(); cc != nil {
		d, err := cc.randScalar(rand)
		if err != nil {
			return nil, err
		}
		k.d256 = d
		raw = cc.publicRaw(&d)
	} else {
		cc := c.a512()
		d, err := cc.randScalar(rand)
		if err != nil {
			return nil, err
		}
		k.d512 = d
		raw = cc.publicRaw(&d)
	}
	pub, err := NewPublicKey(c, raw)
	if err != nil {
		return nil, err // unreachable for a correct implementation
	}
	k.pub = pub
	return k, nil
}

// NewPrivateKey returns the key with the big-endian secret d, 0 < d < q.
// d may be shorter than [Curve.PointSize] (leading zeros omitted) but not
// longer. The errors wrap [ErrInvalidPrivateKey].
func NewPrivateKey(c *Curve, d []byte) (*PrivateKey, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil curve", ErrInvalidPrivateKey)
	}
	if len(d) > c.size {
		return nil, fmt.Errorf("%w: %d bytes, want at most %d for %s", ErrInvalidPrivateKey, len(d), c.size, c.Name)
	}
	buf := make([]byte, c.size)
	copy(buf[c.size-len(d):], d)
	k := &PrivateKey{}
	var raw []byte
	if cc := c.a256(); cc != nil {
		k.d256 = fe256FromBE(buf)
		if k.d256.ctIsZero() == 1 || !fe256Less(&k.d256, &cc.fq.p) {
			return nil, fmt.Errorf("%w: d not in (0, q)", ErrInvalidPrivateKey)
		}
		raw = cc.publicRaw(&k.d256)
	} else {
		cc := c.a512()
		k.d512 = fe512FromBE(buf)
		if k.d512.ctIsZero() == 1 || !fe512Less(&k.d512, &cc.fq.p) {
			return nil, fmt.Errorf("%w: d not in (0, q)", ErrInvalidPrivateKey)
		}
		raw = cc.publicRaw(&k.d512)
	}
	pub, err := NewPublicKey(c, raw)
	if err != nil {
		return nil, err
	}
	k.pub = pub
	return k, nil
}

// newPrivateKeyReduced is NewPrivateKey for a big-endian d of at most
// PointSize bytes that may be ≥ q: it uses d mod q, reduced in constant time.
func newPrivateKeyReduced(c *Curve, d []byte) (*PrivateKey, error) {
	if len(d) > c.size {
		return nil, fmt.Errorf("%w: %d bytes, want at most %d for %s", ErrInvalidPrivateKey, len(d), c.size, c.Name)
	}
	buf := make([]byte, c.size)
	copy(buf[c.size-len(d):], d)
	if cc := c.a256(); cc != nil {
		v := fe256FromBE(buf)
		cc.fq.reduce(&v, &v)
		v.putBE(buf)
	} else {
		v := fe512FromBE(buf)
		c.a512().fq.reduce(&v, &v)
		v.putBE(buf)
	}
	return NewPrivateKey(c, buf)
}

// Curve returns the key's parameter set.
func (k *PrivateKey) Curve() *Curve { return k.pub.curve }

// Bytes returns the secret d as a big-endian integer of [Curve.PointSize]
// bytes.
func (k *PrivateKey) Bytes() []byte {
	b := make([]byte, k.pub.curve.size)
	if k.pub.curve.size == 32 {
		k.d256.putBE(b)
	} else {
		k.d512.putBE(b)
	}
	return b
}

// Public returns the public key as a [crypto.PublicKey] (a *PublicKey).
func (k *PrivateKey) Public() crypto.PublicKey { return k.pub }

// PublicKey returns the public key.
func (k *PrivateKey) PublicKey() *PublicKey { return k.pub }

// Equal reports whether x is a *PrivateKey with the same parameter set and
// secret. The secret comparison is constant time.
func (k *PrivateKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*PrivateKey)
	if !ok || o == nil || k == nil || k.pub == nil || o.pub == nil {
		return false
	}
	return k.pub.curve == o.pub.curve && subtle.ConstantTimeCompare(k.Bytes(), o.Bytes()) == 1
}

// Sign signs digest, the raw Streebog hash bytes of the message (32 bytes for
// 256-bit keys, 64 for 512-bit keys), and returns the signature s‖r. The
// nonce k is drawn from rand (crypto/rand when nil) by rejection sampling;
// opts is ignored (the standard library has no crypto.Hash for Streebog) and
// may be nil. Scalar multiplication and the arithmetic on d and k run in
// constant time.
func (k *PrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if k == nil || k.pub == nil {
		return nil, ErrInvalidPrivateKey
	}
	c := k.pub.curve
	if len(digest) != c.size {
		return nil, ErrDigestLength
	}
	if rand == nil {
		rand = cryptorand.Reader
	}
	sig := make([]byte, 2*c.size)
	for range maxScalarTries {
		var ok bool
		if cc := c.a256(); cc != nil {
			nonce, err := cc.randScalar(rand)
			if err != nil {
				return nil, err
			}
			ok = cc.signWithK(sig, &k.d256, &nonce, digest)
		} else {
			cc := c.a512()
			nonce, err := cc.randScalar(rand)
			if err != nil {
				return nil, err
			}
			ok = cc.signWithK(sig, &k.d512, &nonce, digest)
		}
		if ok {
			return sig, nil
		}
	}
	return nil, errRandom
}

// signWithK signs with the given big-endian nonce 0 < k < q; it exists to
// reproduce the worked examples of the standard. It fails if r or s is zero.
func signWithK(key *PrivateKey, nonce, digest []byte) ([]byte, error) {
	c := key.pub.curve
	if len(digest) != c.size {
		return nil, ErrDigestLength
	}
	if len(nonce) != c.size {
		return nil, errRandom
	}
	sig := make([]byte, 2*c.size)
	var ok bool
	if cc := c.a256(); cc != nil {
		n := fe256FromBE(nonce)
		if n.isZero() || !fe256Less(&n, &cc.fq.p) {
			return nil, errRandom
		}
		ok = cc.signWithK(sig, &key.d256, &n, digest)
	} else {
		cc := c.a512()
		n := fe512FromBE(nonce)
		if n.isZero() || !fe512Less(&n, &cc.fq.p) {
			return nil, errRandom
		}
		ok = cc.signWithK(sig, &key.d512, &n, digest)
	}
	if !ok {
		return nil, errRandom
	}
	return sig, nil
}
