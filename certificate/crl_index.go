package certificate

import (
	"bytes"
	"hash/maphash"
	"math/big"
	"math/bits"
)

// serialIndex finds a CRL entry by serial number in O(1) without decoding
// the entries: an open-addressing hash table (linear probing, load at most
// one half) whose slots hold the offset in Raw of an entry, with the spare
// high bits of the slot used for a few bits of the hash so that most probes
// of other entries are rejected without reading Raw. The key is the content
// octets of the serial's DER INTEGER, which DER makes unique per value
// (minimal two's complement), so byte equality is equality of serials. The
// table is written once by buildIndex and only read after: concurrent
// lookups are safe.
type serialIndex struct {
	entries []uint32 // offset of each entry, in list order
	slots   []uint32 // 0: empty; else tag<<offBits | offset
	offBits uint     // bits of an offset
	seed    maphash.Seed
}

// maxStackSerial is the longest serial content a lookup encodes on the
// stack; longer ones (RFC 5280 §4.1.2.2 allows 20 octets) allocate.
const maxStackSerial = 64

// entrySerial returns the serial content of the entry whose SEQUENCE starts
// at off in raw (an entry ParseCRL checked).
func entrySerial(raw []byte, off int) []byte {
	_, b, e, ok := header(raw, off, len(raw))
	if !ok {
		return nil
	}
	_, sb, se, ok := header(raw, b, e)
	if !ok {
		return nil
	}
	return raw[sb:se:se]
}

// buildIndex indexes the n entries of revokedCertificates (content
// raw[b:e], checked by checkEntries). With several entries of one serial
// the first is indexed (as before).
func buildIndex(raw []byte, b, e, n int) serialIndex {
	x := serialIndex{seed: maphash.MakeSeed(), offBits: uint(bits.Len32(uint32(len(raw))))}
	if n == 0 {
		return x
	}
	x.entries = make([]uint32, n)
	size := 1
	for size < 2*n {
		size <<= 1
	}
	x.slots = make([]uint32, size)
	mask := uint64(size - 1)
	om := x.offMask()
	// Entries go in by batches: the hashes of a batch first, with a load of
	// each home slot so that the cache misses overlap, then the inserts.
	const batch = 32
	var hs [batch]uint64
	var offs, sbs, ses [batch]int
	var home [batch]uint32
	k := 0
	for i := b; i < e && k < n; {
		m := 0
		for ; m < batch && i < e && k+m < n; m++ {
			_, eb, ee, _ := header(raw, i, e)
			_, sb, se, _ := header(raw, eb, ee)
			h := maphash.Bytes(x.seed, raw[sb:se])
			hs[m], offs[m], sbs[m], ses[m] = h, i, sb, se
			home[m] = x.slots[h&mask]
			i = ee
		}
		for q := range m {
			h, off, key := hs[q], offs[q], raw[sbs[q]:ses[q]]
			x.entries[k] = uint32(off)
			k++
			tag := x.tag(h)
			if home[q] == 0 && x.slots[h&mask] == 0 {
				x.slots[h&mask] = tag | uint32(off)
				continue
			}
			for j := h & mask; ; j = (j + 1) & mask {
				s := x.slots[j]
				if s == 0 {
					x.slots[j] = tag | uint32(off)
					break
				}
				if s&^om == tag && bytes.Equal(entrySerial(raw, int(s&om)), key) {
					break // a later entry of a serial already listed
				}
			}
		}
	}
	return x
}

func (x *serialIndex) offMask() uint32 { return 1<<x.offBits - 1 }

// tag is the part of a slot taken from the hash: its top 32−offBits bits.
func (x *serialIndex) tag(h uint64) uint32 {
	tb := 32 - x.offBits
	return uint32(h>>(64-tb)) << x.offBits
}

// find returns the offset of the first entry whose serial content is key.
func (x *serialIndex) find(raw, key []byte) (int, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := maphash.Bytes(x.seed, key)
	tag, om := x.tag(h), x.offMask()
	mask := uint64(len(x.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		s := x.slots[j]
		if s == 0 {
			return 0, false
		}
		if s&^om == tag {
			off := int(s & om)
			if bytes.Equal(entrySerial(raw, off), key) {
				return off, true
			}
		}
	}
}

// serialContent writes the DER INTEGER content of n (minimal two's
// complement) into buf when it fits and returns it; a longer one is
// allocated.
func serialContent(n *big.Int, buf *[maxStackSerial]byte) []byte {
	m := (n.BitLen() + 7) / 8
	var b []byte
	if m+1 <= len(buf) {
		b = buf[:m+1]
	} else {
		b = make([]byte, m+1)
	}
	switch n.Sign() {
	case 0:
		b[0] = 0
		return b[:1]
	case 1:
		n.FillBytes(b[1:])
		if b[1]&0x80 != 0 {
			b[0] = 0
			return b
		}
		return b[1:]
	}
	// Negative: the two's complement of |n| on m octets is ^(|n|−1).
	n.FillBytes(b[1:])
	for k := m; k >= 1; k-- {
		b[k]--
		if b[k] != 0xff {
			break
		}
	}
	for k := 1; k <= m; k++ {
		b[k] = ^b[k]
	}
	if b[1]&0x80 == 0 {
		b[0] = 0xff
		return b
	}
	return b[1:]
}
