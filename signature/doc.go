// Package signature owns CMS / CAdES-BES SignedData with GOST algorithms:
// parsing from DER, BER (as CryptoPro and `openssl cms -stream` write it), PEM
// and bare base64 with a bounded BER→DER normaliser; verification of every
// signer over the exact received bytes of its signed attributes, with each
// check reported by ID, status and reason; and building detached or attached
// signatures with the project's GOST signer.
//
// The signer certificate is validated with package certificate at a time the
// caller chooses.
package signature
