// Package gost3410 implements GOST R 34.10-2012 elliptic-curve signatures
// (RFC 7091) on every standard parameter set: the CryptoPro sets of RFC 4357
// (including the key-exchange aliases XchA and XchB), the TC26 sets of
// RFC 7836 (256-bit A–D and 512-bit A–C; 256-bit A and 512-bit C are twisted
// Edwards curves, published and encoded in short Weierstrass form), and the
// two test sets of the standard itself, together with the PKIX encodings of
// RFC 9215 (SubjectPublicKeyInfo) and the PKCS#8 private-key format written by
// OpenSSL's GOST engine.
//
// This package is NOT a certified cryptographic tool (it is not an СКЗИ and
// has no ФСБ certification). It exists to verify GOST signatures on
// documents, certificates and CRLs, and to sign for test PKIs and
// software-key services where certified cryptography is not required.
//
// # Byte orders
//
// Public keys are LE(X)‖LE(Y), the content of the OCTET STRING inside a
// SubjectPublicKeyInfo. Signatures are s‖r, each big-endian and fixed width
// (32 or 64 bytes), as in X.509 signatureValue and CMS SignerInfo.signature.
// Digests are the raw Streebog output bytes (as in CMS messageDigest); the
// integer e is those bytes read little-endian, reduced mod q, with e = 0
// replaced by 1. Private keys are handled as big-endian integers by
// [NewPrivateKey] and [PrivateKey.Bytes], and as little-endian octets inside
// PKCS#8, as OpenSSL's GOST engine writes them.
//
// # Implementation
//
// Field arithmetic uses fixed-size limbs (4×64 bits for the 256-bit sets,
// 8×64 bits for the 512-bit sets) with branch-free reductions: a special
// reduction for the primes of the form 2^n − c (CryptoPro-A and its aliases,
// tc26-256-A, tc26-512-A, tc26-512-C) and 2^(n−1) + c (CryptoPro-B,
// tc26-512-B, the 2001 test set), Montgomery multiplication for the others
// and for arithmetic modulo q. math/big is used only to set up constants.
// On amd64 CPUs with BMI2 and ADX the 512-bit products and squares run in
// generated Go assembly (MULX/ADCX/ADOX, fused with the 2^n − c reduction,
// equally branch-free); elsewhere, or when built with the purego tag, the
// same operations run in pure Go.
//
// Verification computes z1·P + z2·Q with interleaved wNAF expansions and a
// lazily built table of base-point multiples: in Jacobian coordinates on the
// prime-order curves, and on the complete twisted Edwards model for
// tc26-256-A and tc26-512-C. It handles public data only, runs in variable
// time and does not allocate.
//
// Signing and key generation use a fixed 4-bit window over the complete
// projective addition law of Renes, Costello and Batina (2016) with
// constant-time table selection, so that neither branches nor memory
// accesses depend on the secret key or nonce; signing speed is not a goal of
// the package.
//
// Each curve's arithmetic context is built on first use (well under 2 ms),
// not at package initialisation.
package gost3410
