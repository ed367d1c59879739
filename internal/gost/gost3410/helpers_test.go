package gost3410

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/pem"
)

// detReader is a deterministic byte stream (SHA-256 in counter mode) for
// reproducible keys and nonces in tests.
type detReader struct {
	seed [32]byte
	ctr  uint64
	buf  []byte
}

func newDetReader(seed string) *detReader {
	return &detReader{seed: sha256.Sum256([]byte(seed))}
}

func (r *detReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.buf) == 0 {
			var blk [40]byte
			copy(blk[:], r.seed[:])
			binary.BigEndian.PutUint64(blk[32:], r.ctr)
			r.ctr++
			h := sha256.Sum256(blk[:])
			r.buf = h[:]
		}
		c := copy(p[n:], r.buf)
		r.buf = r.buf[c:]
		n += c
	}
	return n, nil
}

// pemDecode returns the bytes of the first PEM block, or the input itself
// when it is not PEM.
func pemDecode(b []byte) ([]byte, bool) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return b, false
	}
	return blk.Bytes, true
}
