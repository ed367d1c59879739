package signature

import (
	"bytes"
	"fmt"
	"sort"
)

// Limits of the BER→DER normaliser. They bound the work and memory spent on
// any input, whatever lengths it declares: nothing is allocated according to
// a declared length, only according to bytes actually present.
const (
	// MaxInputSize is the largest input Parse and NormalizeBER accept: 64 MiB.
	MaxInputSize = 64 << 20
	// MaxDepth is the deepest nesting of constructed elements accepted.
	MaxDepth = 64
	// MaxElements is the largest number of BER elements in one input.
	MaxElements = 1 << 20
)

// span is a byte range [start, end) of the original input.
type span struct{ start, end int }

// origin maps an element of the normalised DER output to the bytes it was
// read from.
type origin struct {
	out int  // offset of the element in the DER output
	in  span // the whole element (header and contents) in the input
	// definite reports that the element and every element inside it used
	// definite lengths (it may still use non-minimal length octets).
	definite bool
}

// node is one element of the parsed BER tree.
type node struct {
	tagStart, tagEnd int // identifier octets in the input
	start, end       int // the whole element in the input
	constructed      bool
	definite         bool // definite length here and in all descendants
	// content is the content range of a primitive element. For flattened
	// strings, parts are the content ranges in the input, concatenated in
	// order. For flattened BIT STRINGs, unused is
	// the number of unused bits of the last segment and the ranges exclude
	// the per-segment unused-bits octets.
	content   span
	parts     []span
	flattened bool // a constructed string joined into a primitive one
	bitString bool
	unused    byte
	children  []int // indices into normalizer.nodes
	outLen    int   // length of the DER contents
}

// normalizer converts BER to DER in two passes: parse into a flat tree, then
// emit with the lengths known.
type normalizer struct {
	in      []byte
	nodes   []node
	origins []origin
	ber     bool // the input used a BER-only feature
}

// berError describes where and why the BER input was rejected.
func (n *normalizer) errorf(class error, off int, format string, args ...any) error {
	return &ParseError{Err: class, Offset: off, Detail: fmt.Sprintf(format, args...)}
}

// NormalizeBER converts one BER element filling all of data to DER:
// indefinite lengths become definite, constructed OCTET STRING and BIT
// STRING values are joined into primitive ones and length octets are made
// minimal. It does not sort SET OF values. Inputs over MaxInputSize, nesting
// deeper than MaxDepth, more than MaxElements elements, lengths beyond the
// input, indefinite lengths on primitive elements and trailing bytes are
// rejected with a *ParseError (errors.Is with ErrBER, ErrTruncated,
// ErrTooLarge, ErrTrailingData). Memory use is bounded by the input size.
func NormalizeBER(data []byte) ([]byte, error) {
	out, _, err := normalize(data)
	if err == nil && len(out) > 0 && &out[0] == &data[0] {
		out = bytes.Clone(out) // DER already: a copy of the caller's bytes
	}
	return out, err
}

// normalize is NormalizeBER that also returns, for every constructed [0]
// element (tag 0xA0), where it was read from in data. When data is DER
// already the result is data itself, not a copy: the callers own data (a
// fresh transport decoding, or a part of a parsed signature).
func normalize(data []byte) ([]byte, []origin, error) {
	if len(data) > MaxInputSize {
		return nil, nil, &ParseError{Err: ErrTooLarge, Offset: -1, Detail: fmt.Sprintf("%d bytes, limit %d", len(data), MaxInputSize)}
	}
	if len(data) == 0 {
		return nil, nil, &ParseError{Err: ErrEmpty, Offset: -1}
	}
	// Most inputs are DER already: checked without building the tree, and
	// then every element maps to itself (no origins needed).
	if isDER(data) {
		return data, nil, nil
	}
	return normalizeTree(data)
}

// isDER reports whether data is one DER element that normalize would leave
// unchanged (see derElement).
func isDER(data []byte) bool {
	count := 0
	end, ok := derElement(data, 0, 0, &count)
	return ok && end == len(data)
}

// normalizeTree is normalize without the DER fast path: it builds the
// element tree and emits it.
func normalizeTree(data []byte) ([]byte, []origin, error) {
	n := &normalizer{in: data}
	root, end, err := n.parse(0, len(data), 0)
	if err != nil {
		return nil, nil, err
	}
	if end != len(data) {
		return nil, nil, n.errorf(ErrTrailingData, end, "%d bytes after the end of the outer element", len(data)-end)
	}
	total := n.size(root)
	out := make([]byte, 0, total)
	out = n.emit(out, root)
	return out, n.origins, nil
}

// header reads identifier and length octets at pos (limit is the end of the
// enclosing element). It returns the content start and the declared length,
// or -1 for the indefinite form.
func (n *normalizer) header(pos, limit int) (tagEnd, contentStart, length int, constructed bool, err error) {
	in := n.in[:limit]
	if pos >= len(in) {
		return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "element expected, input ends")
	}
	first := in[pos]
	constructed = first&0x20 != 0
	p := pos + 1
	if first&0x1f == 0x1f {
		// High tag number form: at most 4 continuation octets, the first
		// not 0x80 (non-minimal).
		for i := 0; ; i++ {
			if p >= len(in) {
				return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "tag number truncated")
			}
			c := in[p]
			p++
			if i == 0 && c == 0x80 {
				return 0, 0, 0, false, n.errorf(ErrMalformed, pos, "non-minimal tag number")
			}
			if c&0x80 == 0 {
				break
			}
			if i >= 3 {
				return 0, 0, 0, false, n.errorf(ErrMalformed, pos, "tag number too large")
			}
		}
	}
	tagEnd = p
	if p >= len(in) {
		return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "length octets missing")
	}
	l := in[p]
	p++
	switch {
	case l < 0x80:
		length = int(l)
	case l == 0x80:
		if !constructed {
			return 0, 0, 0, false, n.errorf(ErrBER, pos, "indefinite length on a primitive element")
		}
		length = -1
	case l == 0xff:
		return 0, 0, 0, false, n.errorf(ErrMalformed, pos, "reserved length octet 0xFF")
	default:
		k := int(l & 0x7f)
		if k > 8 {
			return 0, 0, 0, false, n.errorf(ErrMalformed, pos, "%d length octets", k)
		}
		if p+k > len(in) {
			return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "length octets truncated")
		}
		var v uint64
		for _, c := range in[p : p+k] {
			v = v<<8 | uint64(c)
		}
		p += k
		if v < 0x80 || (k > 1 && in[p-k] == 0) {
			n.ber = true // non-minimal length octets: BER, made minimal
		}
		if v > uint64(len(in)-p) {
			return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "declared length %d exceeds the %d bytes available", v, len(in)-p)
		}
		length = int(v)
	}
	if length >= 0 && p+length > len(in) {
		return 0, 0, 0, false, n.errorf(ErrTruncated, pos, "declared length %d exceeds the %d bytes available", length, len(in)-p)
	}
	return tagEnd, p, length, constructed, nil
}

// parse reads one element at pos within [pos, limit) and returns its node
// index and end.
func (n *normalizer) parse(pos, limit, depth int) (int, int, error) {
	if depth > MaxDepth {
		return 0, 0, n.errorf(ErrTooDeep, pos, "nesting deeper than %d", MaxDepth)
	}
	if len(n.nodes) >= MaxElements {
		return 0, 0, n.errorf(ErrTooLarge, pos, "more than %d elements", MaxElements)
	}
	tagEnd, cs, length, constructed, err := n.header(pos, limit)
	if err != nil {
		return 0, 0, err
	}
	if n.in[pos] == 0 && tagEnd == pos+1 {
		return 0, 0, n.errorf(ErrMalformed, pos, "unexpected end-of-contents octets")
	}
	idx := len(n.nodes)
	n.nodes = append(n.nodes, node{tagStart: pos, tagEnd: tagEnd, start: pos, constructed: constructed, definite: length >= 0})
	if !constructed {
		n.nodes[idx].content = span{cs, cs + length}
		n.nodes[idx].end = cs + length
		n.nodes[idx].outLen = length
		return idx, cs + length, nil
	}
	var end, innerLimit int
	if length >= 0 {
		innerLimit = cs + length
	} else {
		n.ber = true
		innerLimit = limit
	}
	p := cs
	var children []int
	definite := length >= 0
	for {
		if length >= 0 {
			if p == innerLimit {
				end = p
				break
			}
		} else {
			if p+2 <= innerLimit && n.in[p] == 0 && n.in[p+1] == 0 {
				end = p + 2
				break
			}
			if p >= innerLimit {
				return 0, 0, n.errorf(ErrTruncated, pos, "indefinite-length element has no end-of-contents octets")
			}
		}
		c, ce, err := n.parse(p, innerLimit, depth+1)
		if err != nil {
			return 0, 0, err
		}
		if !n.nodes[c].definite {
			definite = false
		}
		children = append(children, c)
		p = ce
	}
	nd := &n.nodes[idx]
	nd.end = end
	nd.definite = definite
	tag := n.in[pos]
	if tagEnd == pos+1 && (tag == 0x24 || tag == 0x23) {
		// Constructed OCTET STRING / BIT STRING: join the segments.
		n.ber = true
		bit := tag == 0x23
		var parts []span
		var unused byte
		for i, c := range children {
			if err := n.collect(c, bit, &parts, &unused, i == len(children)-1, depth+1); err != nil {
				return 0, 0, err
			}
		}
		nd = &n.nodes[idx]
		nd.constructed = false
		nd.flattened = true
		nd.bitString = bit
		nd.unused = unused
		nd.parts = parts
		total := 0
		for _, s := range parts {
			total += s.end - s.start
		}
		if bit {
			total++
		}
		nd.outLen = total
		return idx, end, nil
	}
	nd.children = children
	total := 0
	for _, c := range children {
		total += n.size(c)
	}
	nd.outLen = total
	return idx, end, nil
}

// collect appends the content ranges of a segment of a constructed string.
func (n *normalizer) collect(idx int, bit bool, parts *[]span, unused *byte, last bool, depth int) error {
	if depth > MaxDepth {
		return n.errorf(ErrTooDeep, n.nodes[idx].start, "nesting deeper than %d", MaxDepth)
	}
	nd := n.nodes[idx]
	want := byte(0x04)
	if bit {
		want = 0x03
	}
	tag := n.in[nd.tagStart] &^ 0x20
	if tag != want || nd.tagEnd != nd.tagStart+1 {
		return n.errorf(ErrMalformed, nd.start, "segment of a constructed string has tag 0x%02x", n.in[nd.tagStart])
	}
	if n.in[nd.tagStart]&0x20 != 0 {
		// A nested constructed segment, already flattened by parse.
		if bit {
			if nd.unused != 0 && !last {
				return n.errorf(ErrMalformed, nd.start, "unused bits in a non-final BIT STRING segment")
			}
			*unused = nd.unused
		}
		*parts = append(*parts, nd.parts...)
		return nil
	}
	s := nd.content
	if bit {
		if s.end == s.start {
			return n.errorf(ErrMalformed, nd.start, "empty BIT STRING segment")
		}
		u := n.in[s.start]
		if u > 7 || (u != 0 && !last) {
			return n.errorf(ErrMalformed, nd.start, "invalid unused-bits count %d in a BIT STRING segment", u)
		}
		*unused = u
		s.start++
	}
	*parts = append(*parts, s)
	return nil
}

// size is the DER size of node idx: header and contents.
func (n *normalizer) size(idx int) int {
	nd := &n.nodes[idx]
	return nd.tagEnd - nd.tagStart + lengthSize(nd.outLen) + nd.outLen
}

func lengthSize(l int) int {
	if l < 0x80 {
		return 1
	}
	k := 1
	for v := l; v > 0; v >>= 8 {
		k++
	}
	return k
}

func appendLength(out []byte, l int) []byte {
	if l < 0x80 {
		return append(out, byte(l))
	}
	k := lengthSize(l) - 1
	out = append(out, 0x80|byte(k))
	for i := k - 1; i >= 0; i-- {
		out = append(out, byte(l>>(8*i)))
	}
	return out
}

// emit appends the DER encoding of node idx.
func (n *normalizer) emit(out []byte, idx int) []byte {
	nd := &n.nodes[idx]
	if nd.tagEnd == nd.tagStart+1 && n.in[nd.tagStart] == 0xa0 {
		n.origins = append(n.origins, origin{out: len(out), in: span{nd.start, nd.end}, definite: nd.definite})
	}
	tag := n.in[nd.tagStart:nd.tagEnd]
	if nd.flattened {
		// A flattened string: primitive tag.
		out = append(out, tag[0]&^0x20)
		out = append(out, tag[1:]...)
	} else {
		out = append(out, tag...)
	}
	out = appendLength(out, nd.outLen)
	if nd.constructed {
		for _, c := range nd.children {
			out = n.emit(out, c)
		}
		return out
	}
	if !nd.flattened {
		return append(out, n.in[nd.content.start:nd.content.end]...)
	}
	if nd.bitString {
		out = append(out, nd.unused)
	}
	for _, s := range nd.parts {
		out = append(out, n.in[s.start:s.end]...)
	}
	return out
}

// derElement checks, without allocating, that the element at pos is DER as
// normalize would leave it: definite minimal lengths, no end-of-contents
// octets, no constructed OCTET STRING or BIT STRING, within MaxDepth and
// MaxElements (count). It returns the element's end; ok is false for
// anything else, which the normaliser then handles (and reports).
func derElement(in []byte, pos, depth int, count *int) (end int, ok bool) {
	if depth > MaxDepth || *count >= MaxElements || pos >= len(in) {
		return 0, false
	}
	*count++
	first := in[pos]
	p := pos + 1
	if first&0x1f == 0x1f || first == 0 {
		// High tag numbers (not used by CMS) and end-of-contents octets
		// are left to the normaliser.
		return 0, false
	}
	if p >= len(in) {
		return 0, false
	}
	l := in[p]
	p++
	var length int
	switch {
	case l < 0x80:
		length = int(l)
	case l == 0x80 || l == 0xff:
		return 0, false
	default:
		k := int(l & 0x7f)
		if k > 4 || p+k > len(in) || in[p] == 0 {
			return 0, false
		}
		for _, c := range in[p : p+k] {
			length = length<<8 | int(c)
		}
		p += k
		if length < 0x80 {
			return 0, false
		}
	}
	if length > len(in)-p {
		return 0, false
	}
	end = p + length
	if first&0x20 == 0 {
		return end, true
	}
	if first == 0x24 || first == 0x23 {
		return 0, false
	}
	for q := p; q < end; {
		var ok bool
		if q, ok = derElement(in[:end], q, depth+1, count); !ok {
			return 0, false
		}
	}
	return end, true
}

// findOrigin returns the origin recorded for the element at output offset
// off.
func findOrigin(origins []origin, off int) (origin, bool) {
	i := sort.Search(len(origins), func(i int) bool { return origins[i].out >= off })
	if i < len(origins) && origins[i].out == off {
		return origins[i], true
	}
	return origin{}, false
}
