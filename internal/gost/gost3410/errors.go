package gost3410

import "errors"

// Errors returned by this package. They are returned either directly or
// wrapped with more detail; test for them with [errors.Is].
var (
	// ErrUnknownCurve reports a parameter set that is not supported.
	ErrUnknownCurve = errors.New("gost3410: unknown parameter set")
	// ErrUnsupportedAlgorithm reports a key algorithm other than
	// GOST R 34.10-2012 256/512 (1.2.643.7.1.1.1.1 and .1.2), or a key size
	// that does not match the parameter set.
	ErrUnsupportedAlgorithm = errors.New("gost3410: unsupported key algorithm")
	// ErrInvalidEncoding reports malformed DER.
	ErrInvalidEncoding = errors.New("gost3410: malformed encoding")
	// ErrInvalidPublicKey reports a public key of the wrong length, with a
	// coordinate not below p, not on the curve, the point at infinity, or
	// outside the prime-order subgroup.
	ErrInvalidPublicKey = errors.New("gost3410: invalid public key")
	// ErrInvalidPrivateKey reports a private key outside (0, q) or of the
	// wrong length.
	ErrInvalidPrivateKey = errors.New("gost3410: invalid private key")
	// ErrDigestLength reports a digest whose length is not that of the
	// curve's Streebog variant (32 or 64 bytes).
	ErrDigestLength = errors.New("gost3410: digest length does not match the key")
	// ErrSignatureLength reports a signature whose length is not twice the
	// curve's coordinate size.
	ErrSignatureLength = errors.New("gost3410: signature length does not match the key")
	// ErrSignatureRange reports a signature with r or s outside (0, q).
	ErrSignatureRange = errors.New("gost3410: signature value out of range")
	// ErrVerification reports a well-formed signature that does not verify.
	ErrVerification = errors.New("gost3410: verification failed")

	errRandom = errors.New("gost3410: random source did not yield a usable scalar")
)

// Details wrapped into ErrInvalidPublicKey.
var (
	errInfinity        = errors.New("point at infinity")
	errCoordinateRange = errors.New("coordinate not below p")
	errNotOnCurve      = errors.New("point not on the curve")
	errNotInSubgroup   = errors.New("point not in the subgroup of order q")
)
