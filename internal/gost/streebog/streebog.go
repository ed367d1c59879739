// Package streebog implements the GOST R 34.11-2012 hash function
// ("Streebog", RFC 6986) with 256- and 512-bit results.
//
// Byte order: the standard prints messages and hash codes as numbers, most
// significant digit first. This package works on byte strings, as every
// interoperating implementation does (OpenSSL's GOST engine, CryptoPro, CMS
// messageDigest): the first byte of the input is the least significant byte
// of the standard's message number, and the returned hash bytes are the
// standard's printed hash value reversed. For example, for the RFC 6986
// example M1 Sum256 returns 9d151eef...e57b5500, while the RFC prints
// 00557be5...ef1e159d.
package streebog

import (
	"encoding/binary"
	"errors"
	"hash"
	"math/bits"
)

const (
	// Size256 is the size of a Streebog-256 hash code in bytes.
	Size256 = 32
	// Size512 is the size of a Streebog-512 hash code in bytes.
	Size512 = 64
	// BlockSize is the block size of both Streebog variants in bytes.
	BlockSize = 64
)

// State serialisation (MarshalBinary / UnmarshalBinary). Version 1 layout:
//
//	magic (8 bytes: "stbg256" or "stbg512" followed by the version byte 0x01)
//	h     (64 bytes, eight little-endian 64-bit words, least significant first)
//	N     (64 bytes, same encoding)
//	Sigma (64 bytes, same encoding)
//	buffered input (64 bytes; bytes past the buffered length are zero)
//	buffered length (1 byte, 0 ... 63)
const (
	magic256      = "stbg256\x01"
	magic512      = "stbg512\x01"
	magicLen      = 8
	marshaledSize = magicLen + 3*64 + BlockSize + 1
)

// digest is the running state of a Streebog computation.
type digest struct {
	h     [8]uint64 // chaining value
	n     [8]uint64 // N: number of message bits processed, mod 2^512
	sigma [8]uint64 // Σ: sum of the processed message blocks, mod 2^512
	buf   [BlockSize]byte
	nx    int // number of bytes buffered in buf, always < BlockSize
	size  int // Size256 or Size512
}

// New256 returns a new hash.Hash computing Streebog-256. The returned value
// also implements encoding.BinaryMarshaler and encoding.BinaryUnmarshaler to
// save and restore its internal state.
func New256() hash.Hash {
	d := &digest{size: Size256}
	d.Reset()
	return d
}

// New512 returns a new hash.Hash computing Streebog-512. The returned value
// also implements encoding.BinaryMarshaler and encoding.BinaryUnmarshaler to
// save and restore its internal state.
func New512() hash.Hash {
	d := &digest{size: Size512}
	d.Reset()
	return d
}

// Sum256 returns the Streebog-256 hash of data.
func Sum256(data []byte) [Size256]byte {
	var d digest
	d.size = Size256
	d.Reset()
	d.write(data)
	full := d.checkSum()
	var out [Size256]byte
	copy(out[:], full[Size512-Size256:])
	return out
}

// Sum512 returns the Streebog-512 hash of data.
func Sum512(data []byte) [Size512]byte {
	var d digest
	d.size = Size512
	d.Reset()
	d.write(data)
	return d.checkSum()
}

// Reset restores the initial state: IV = 0^512 for Streebog-512 and
// (00000001)^64 (every byte 0x01) for Streebog-256.
func (d *digest) Reset() {
	var iv uint64
	if d.size == Size256 {
		iv = 0x0101010101010101
	}
	for i := range d.h {
		d.h[i] = iv
	}
	d.n = [8]uint64{}
	d.sigma = [8]uint64{}
	d.buf = [BlockSize]byte{}
	d.nx = 0
}

// Size returns the number of bytes Sum appends: 32 or 64.
func (d *digest) Size() int { return d.size }

// BlockSize returns the block size of the hash, 64 bytes.
func (d *digest) BlockSize() int { return BlockSize }

// Write adds p to the running hash. It never returns an error.
func (d *digest) Write(p []byte) (int, error) {
	d.write(p)
	return len(p), nil
}

func (d *digest) write(p []byte) {
	if d.nx > 0 {
		n := copy(d.buf[d.nx:], p)
		d.nx += n
		p = p[n:]
		if d.nx < BlockSize {
			return
		}
		d.processBlock(&d.buf)
		d.nx = 0
	}
	for len(p) >= BlockSize {
		d.processBlock((*[BlockSize]byte)(p[:BlockSize]))
		p = p[BlockSize:]
	}
	if len(p) > 0 {
		d.nx = copy(d.buf[:], p)
	}
}

// processBlock runs stage 2 of the algorithm for one full message block:
// h = g_N(h, m), N = N + 512, Σ = Σ + m.
func (d *digest) processBlock(b *[BlockSize]byte) {
	var m [8]uint64
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	compress(&d.h, &d.n, &m)
	add512(&d.n, 512)
	addVec512(&d.sigma, &m)
}

// Sum appends the current hash to in and returns the result. The state of
// d is not changed.
func (d *digest) Sum(in []byte) []byte {
	d0 := *d
	full := d0.checkSum()
	return append(in, full[Size512-d.size:]...)
}

// checkSum runs stage 3 (padding and finalisation) on d and returns h as a
// byte string; Streebog-256 is its second half (the most significant 256
// bits of h).
func (d *digest) checkSum() [Size512]byte {
	// Pad the remaining r < 64 bytes as 0^(511-8r) || 1 || M: in byte-string
	// order the message bytes come first, then 0x01, then zeros.
	var block [BlockSize]byte
	copy(block[:], d.buf[:d.nx])
	block[d.nx&(BlockSize-1)] = 0x01
	var m [8]uint64
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(block[8*i:])
	}
	compress(&d.h, &d.n, &m)
	add512(&d.n, uint64(d.nx)*8)
	addVec512(&d.sigma, &m)

	var zero [8]uint64
	compress(&d.h, &zero, &d.n)
	compress(&d.h, &zero, &d.sigma)

	var out [Size512]byte
	for i, w := range d.h {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return out
}

// add512 sets a = a + v mod 2^512.
func add512(a *[8]uint64, v uint64) {
	var carry uint64
	a[0], carry = bits.Add64(a[0], v, 0)
	for i := 1; i < len(a); i++ {
		a[i], carry = bits.Add64(a[i], 0, carry)
	}
}

// addVec512 sets a = a + b mod 2^512.
func addVec512(a, b *[8]uint64) {
	var carry uint64
	for i := range a {
		a[i], carry = bits.Add64(a[i], b[i], carry)
	}
}

// Clone returns an independent copy of the running hash.
func (d *digest) Clone() (hash.Cloner, error) {
	d0 := *d
	return &d0, nil
}

// MarshalBinary returns the current state in the versioned format described
// above the magic256 constant (marshaledSize bytes, starting with a magic
// string that names the variant and the format version).
func (d *digest) MarshalBinary() ([]byte, error) {
	return d.AppendBinary(make([]byte, 0, marshaledSize))
}

// AppendBinary appends the current state to b in the format of
// MarshalBinary.
func (d *digest) AppendBinary(b []byte) ([]byte, error) {
	if d.size == Size256 {
		b = append(b, magic256...)
	} else {
		b = append(b, magic512...)
	}
	for _, v := range [...]*[8]uint64{&d.h, &d.n, &d.sigma} {
		for _, w := range v {
			b = binary.LittleEndian.AppendUint64(b, w)
		}
	}
	b = append(b, d.buf[:d.nx]...)
	b = append(b, make([]byte, BlockSize-d.nx)...)
	b = append(b, byte(d.nx))
	return b, nil
}

var (
	errMagic  = errors.New("streebog: invalid hash state identifier")
	errLength = errors.New("streebog: invalid hash state size")
	errBuffer = errors.New("streebog: invalid hash state buffer length")
)

// UnmarshalBinary restores a state written by MarshalBinary. It rejects
// states of the other variant (256 vs 512), of another version, and of the
// wrong length; on error d is left unchanged.
func (d *digest) UnmarshalBinary(b []byte) error {
	var want string
	if d.size == Size256 {
		want = magic256
	} else {
		want = magic512
	}
	if len(b) < magicLen || string(b[:magicLen]) != want {
		return errMagic
	}
	if len(b) != marshaledSize {
		return errLength
	}
	nx := int(b[marshaledSize-1])
	if nx >= BlockSize {
		return errBuffer
	}
	p := b[magicLen:]
	for _, v := range [...]*[8]uint64{&d.h, &d.n, &d.sigma} {
		for i := range v {
			v[i] = binary.LittleEndian.Uint64(p)
			p = p[8:]
		}
	}
	d.buf = [BlockSize]byte{}
	copy(d.buf[:nx], p)
	d.nx = nx
	return nil
}
