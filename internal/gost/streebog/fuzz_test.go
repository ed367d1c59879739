package streebog

import (
	"bytes"
	"encoding"
	"hash"
	"testing"
)

// FuzzStreebog checks, for both output sizes, that hashing msg in one call,
// in chunks whose sizes come from chunks (cycled; zero-length writes
// included), and through a MarshalBinary/UnmarshalBinary round trip at a
// chunk boundary all agree, and that they agree with the reference
// implementation. It also feeds msg, behind a valid magic, to
// UnmarshalBinary, which must reject it or yield a usable state.
func FuzzStreebog(f *testing.F) {
	f.Add([]byte(""), []byte{})
	f.Add([]byte("012345678901234567890123456789012345678901234567890123456789012"), []byte{1})
	f.Add(bytes.Repeat([]byte{0xff}, 144), []byte{63, 0, 65})
	f.Add(bytes.Repeat([]byte{0x5a}, 200), []byte{64, 1, 127})
	f.Add(bytes.Repeat([]byte{0x00}, 64), []byte{0, 0, 32})
	f.Add(make([]byte, marshaledSize-magicLen), []byte("abc"))
	f.Fuzz(func(t *testing.T, msg, chunks []byte) {
		if len(msg) > 1<<16 {
			msg = msg[:1<<16]
		}
		one256, one512 := Sum256(msg), Sum512(msg)
		if len(msg) <= 300 { // the reference is slow; 300 bytes cover 0-4 full blocks
			if want := refSum256(msg); one256 != want {
				t.Fatalf("Sum256 = %x, reference %x", one256, want)
			}
			if want := refSum512(msg); one512 != want {
				t.Fatalf("Sum512 = %x, reference %x", one512, want)
			}
		}
		// Arbitrary states must be rejected or accepted without panics, and
		// an accepted state must be usable.
		for _, magic := range []string{magic256, magic512} {
			state := append([]byte(magic), msg...)
			h := New256()
			if magic == magic512 {
				h = New512()
			}
			if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err == nil {
				h.Write(chunks)
				h.Sum(nil)
			}
		}
		for _, tc := range []struct {
			newHash func() hash.Hash
			want    []byte
		}{{New256, one256[:]}, {New512, one512[:]}} {
			h := tc.newHash()
			writeChunks(t, h, msg, chunks, len(msg)/2)
			if got := h.Sum(nil); !bytes.Equal(got, tc.want) {
				t.Fatalf("size %d: chunked %x, one-shot %x", h.Size(), got, tc.want)
			}
		}
	})
}

// writeChunks writes msg to h in pieces whose sizes are the bytes of sizes,
// cycled. At the first chunk boundary at or after snapshotAt it replaces
// h's state by a marshalled copy of itself.
func writeChunks(t testing.TB, h hash.Hash, msg, sizes []byte, snapshotAt int) {
	t.Helper()
	if len(sizes) == 0 {
		sizes = []byte{1}
	}
	done, zeros, snapped := 0, 0, false
	for i := 0; done < len(msg); i++ {
		n := int(sizes[i%len(sizes)])
		if n == 0 {
			zeros++
			if zeros >= len(sizes) { // a whole cycle of zeros: finish in one write
				n = len(msg) - done
			}
		} else {
			zeros = 0
		}
		n = min(n, len(msg)-done)
		h.Write(msg[done : done+n])
		done += n
		if !snapped && done >= snapshotAt {
			snapped = true
			state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			h.Reset()
			h.Write([]byte("junk"))
			if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
				t.Fatal(err)
			}
		}
	}
}
