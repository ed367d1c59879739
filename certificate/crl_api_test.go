package certificate_test

import (
	"bytes"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// accessorCRL is a signed CRL of the test CA whose serial 7 is listed twice
// (first with keyCompromise) and that lists 0x80…, whose DER has a leading
// zero octet.
func accessorCRL(t *testing.T) (*certificate.CRL, []certificate.RevokedEntry) {
	t.Helper()
	p := testPKI(t)
	high, _ := new(big.Int).SetString("80aa55aa55aa55aa55aa55aa55aa55aa", 16)
	revoked := []certificate.RevokedEntry{
		{SerialNumber: big.NewInt(7), RevocationTime: testAt.AddDate(0, 0, -3), Reason: certificate.ReasonKeyCompromise, HasReason: true},
		{SerialNumber: high, RevocationTime: testAt.AddDate(0, 0, -2)},
		{SerialNumber: big.NewInt(7), RevocationTime: testAt.AddDate(0, 0, -1), Reason: certificate.ReasonSuperseded, HasReason: true},
		{SerialNumber: big.NewInt(0x7f), RevocationTime: testAt.AddDate(0, 0, 2), Reason: certificate.ReasonCertificateHold, HasReason: true},
	}
	c, err := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7), Revoked: revoked}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{4}))
	if err != nil {
		t.Fatal(err)
	}
	return c, revoked
}

func sameEntry(a, b certificate.RevokedEntry) bool {
	return a.SerialNumber.Cmp(b.SerialNumber) == 0 && a.RevocationTime.Equal(b.RevocationTime) && a.Reason == b.Reason && a.HasReason == b.HasReason
}

func TestCRLEntries(t *testing.T) {
	t.Parallel()
	c, revoked := accessorCRL(t)
	if c.Len() != len(revoked) {
		t.Fatalf("Len %d", c.Len())
	}
	var all []certificate.RevokedEntry
	for e := range c.All() {
		all = append(all, e)
	}
	for i, want := range revoked {
		if e := c.Entry(i); !sameEntry(e, want) || !sameEntry(all[i], want) || e.SerialNumber == want.SerialNumber {
			t.Errorf("entry %d: %+v, All %+v, want %+v", i, e, all[i], want)
		}
	}
	n := 0
	for range c.All() {
		n++
		break
	}
	if n != 1 {
		t.Error("All does not stop")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Entry(Len()) did not panic")
			}
		}()
		c.Entry(c.Len())
	}()
}

func TestCRLLookup(t *testing.T) {
	t.Parallel()
	c, revoked := accessorCRL(t)
	serial := big.NewInt(7)
	e, ok := c.Lookup(serial)
	if !ok || !sameEntry(e, revoked[0]) || e.SerialNumber != serial {
		t.Errorf("Lookup(7) = %+v %v: want the first entry, with the caller's serial", e, ok)
	}
	// 0x80AA… is found from its value (whose DER has a leading zero).
	if e, ok := c.Lookup(new(big.Int).Set(revoked[1].SerialNumber)); !ok || !sameEntry(e, revoked[1]) {
		t.Errorf("Lookup(high) = %+v %v", e, ok)
	}
	for _, s := range []*big.Int{big.NewInt(8), big.NewInt(-7), big.NewInt(0), new(big.Int).Neg(revoked[1].SerialNumber), nil} {
		if _, ok := c.Lookup(s); ok {
			t.Errorf("Lookup(%v) found", s)
		}
	}
	// Revoked: the time bound, and a copy the caller may keep.
	r, ok := c.Revoked(serial, testAt)
	if !ok || !sameEntry(*r, revoked[0]) || r.SerialNumber == serial {
		t.Fatalf("Revoked(7) = %+v %v", r, ok)
	}
	r.SerialNumber.SetInt64(8)
	if _, ok := c.Revoked(big.NewInt(7), testAt); !ok {
		t.Error("changing a returned serial changed the CRL")
	}
	if _, ok := c.Revoked(serial, testAt.AddDate(0, 0, -4)); ok {
		t.Error("revoked before its revocation date")
	}
	if _, ok := c.Revoked(big.NewInt(0x7f), testAt); ok {
		t.Error("revocation date after at")
	}
	if _, ok := c.Revoked(big.NewInt(0x7f), time.Time{}); !ok {
		t.Error("zero at does not ignore the time")
	}
	var none *certificate.CRL
	if _, ok := none.Lookup(serial); ok || none.Len() != 0 {
		t.Error("nil CRL")
	}
	if _, ok := none.Revoked(serial, testAt); ok {
		t.Error("nil CRL revokes")
	}
}

// TestCRLLookupAllocs: a lookup allocates nothing, found or not, and
// Revoked allocates only for a revoked serial.
func TestCRLLookupAllocs(t *testing.T) {
	c, revoked := accessorCRL(t)
	present, absent := revoked[1].SerialNumber, big.NewInt(12345)
	if n := testing.AllocsPerRun(200, func() {
		if _, ok := c.Lookup(present); !ok {
			t.Fatal("not found")
		}
		if _, ok := c.Lookup(absent); ok {
			t.Fatal("found")
		}
		if _, ok := c.Revoked(absent, testAt); ok {
			t.Fatal("revoked")
		}
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestCRLConcurrentLookups: many goroutines look up serials in one CRL
// (run with -race).
func TestCRLConcurrentLookups(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	tm := certtest.LargeCRL{Entries: 5000, ThisUpdate: testAt}
	der, err := certtest.CreateLargeCRL(&tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := certificate.ParseCRL(der)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 16 {
		wg.Go(func() {
			for i := g; i < 2*tm.Entries; i += 16 {
				e, ok := c.Lookup(certtest.LargeCRLSerial(i))
				if ok != (i < tm.Entries) || ok && e.RevocationTime != certtest.LargeCRLEntry(&tm, i).RevocationTime {
					errs <- "wrong answer"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestReadCRL(t *testing.T) {
	t.Parallel()
	c, _ := accessorCRL(t)
	path := filepath.Join(t.TempDir(), "list.crl")
	if err := os.WriteFile(path, c.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pemText := pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: c.Raw})
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		{"file", f, nil},
		{"DER one byte at a time", iotest.OneByteReader(bytes.NewReader(c.Raw)), nil},
		{"PEM", bytes.NewReader(pemText), nil},
		{"empty", strings.NewReader(""), certificate.ErrEmpty},
		{"truncated", bytes.NewReader(c.Raw[:len(c.Raw)-1]), certificate.ErrMalformed},
		{"too large", io.LimitReader(zeros{}, certificate.MaxCRLSize+1), certificate.ErrTooLarge},
		{"too large DER", io.MultiReader(bytes.NewReader([]byte{0x30}), io.LimitReader(zeros{}, certificate.MaxCRLSize)), certificate.ErrTooLarge},
		{"reader error", iotest.ErrReader(errTestRead), errTestRead},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := certificate.ReadCRL(tc.r)
			if tc.want != nil {
				if !errors.Is(err, tc.want) || got != nil {
					t.Fatalf("err %v, want %v", err, tc.want)
				}
				return
			}
			if err != nil || !bytes.Equal(got.Raw, c.Raw) || got.Len() != c.Len() || got.FingerprintSHA1 != c.FingerprintSHA1 {
				t.Fatalf("ReadCRL: %v", err)
			}
		})
	}
}

var errTestRead = errors.New("test read error")

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// TestParseCRLErrorPosition: an error in an entry names the entry and the
// offset of the bad field.
func TestParseCRLErrorPosition(t *testing.T) {
	t.Parallel()
	tm := utcT("250101100000Z")
	bad := utcT("250230100000Z")
	der := newRawCRL(entry(1, tm), entry(2, tm), entry(3, bad)).der()
	_, err := certificate.ParseCRL(der)
	var pe *certificate.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, certificate.ErrMalformed) || pe.Offset != bytes.Index(der, bad) ||
		!strings.Contains(pe.Detail, "CRL entry 3: revocation date") || pe.MessageRU() != "Структура повреждена: список отзыва не удалось прочитать" {
		t.Fatalf("%#v", err)
	}
	// A BER length inside the list is told as such.
	berTime := append([]byte{0x17, 0x81, 0x0d}, tm[2:]...)
	ber := newRawCRL(entry(1, tm), rawEntry{serial: []byte{2}, time: berTime}).der()
	_, err = certificate.ParseCRL(ber)
	if !errors.As(err, &pe) || !strings.Contains(pe.MessageRU(), "BER") || pe.Offset != bytes.Index(ber, berTime)+1 {
		t.Fatalf("BER inside: %v", err)
	}
}
