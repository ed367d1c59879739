package certificate_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/oracle"
)

// opensslCRL is what `openssl crl -text` prints of a CRL.
type opensslCRL struct {
	lastUpdate, nextUpdate string
	number                 string
	entries                []opensslEntry
}

type opensslEntry struct {
	serial, date, reason string
}

// opensslReasons are OpenSSL's names of the reason codes.
var opensslReasons = map[certificate.RevocationReason]string{
	certificate.ReasonUnspecified: "Unspecified", certificate.ReasonKeyCompromise: "Key Compromise",
	certificate.ReasonCACompromise: "CA Compromise", certificate.ReasonAffiliationChanged: "Affiliation Changed",
	certificate.ReasonSuperseded: "Superseded", certificate.ReasonCessationOfOperation: "Cessation Of Operation",
	certificate.ReasonCertificateHold: "Certificate Hold", certificate.ReasonRemoveFromCRL: "Remove From CRL",
	certificate.ReasonPrivilegeWithdrawn: "Privilege Withdrawn", certificate.ReasonAACompromise: "AA Compromise",
}

func readOpenSSLCRL(t *testing.T, text []byte) opensslCRL {
	t.Helper()
	var out opensslCRL
	sc := bufio.NewScanner(bytes.NewReader(text))
	var prev string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Last Update: "):
			out.lastUpdate = strings.TrimPrefix(line, "Last Update: ")
		case strings.HasPrefix(line, "Next Update: "):
			out.nextUpdate = strings.TrimPrefix(line, "Next Update: ")
		case prev == "X509v3 CRL Number:":
			out.number = line
		case strings.HasPrefix(line, "Serial Number: "):
			out.entries = append(out.entries, opensslEntry{serial: strings.TrimPrefix(line, "Serial Number: ")})
		case strings.HasPrefix(line, "Revocation Date: "):
			out.entries[len(out.entries)-1].date = strings.TrimPrefix(line, "Revocation Date: ")
		case prev == "X509v3 CRL Reason Code:":
			out.entries[len(out.entries)-1].reason = line
		}
		prev = line
	}
	return out
}

// opensslSerial prints a serial as OpenSSL does: upper-case hex, an even
// number of digits, a minus sign for negative values.
func opensslSerial(n *big.Int) string {
	s := strings.ToUpper(new(big.Int).Abs(n).Text(16))
	if len(s)%2 == 1 {
		s = "0" + s
	}
	if n.Sign() < 0 {
		return "-" + s
	}
	return s
}

const opensslTime = "Jan _2 15:04:05 2006 GMT"

// TestOpenSSLReadsOurCRLEntries: `openssl crl -text` lists the same entries
// (serials, revocation dates, reasons) and list fields as ParseCRL, on a
// signed CRL of a few hundred entries and on unsigned edge cases.
func TestOpenSSLReadsOurCRLEntries(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	p := testPKI(t)
	rng := mrand.New(mrand.NewPCG(7, 7))
	var revoked []certificate.RevokedEntry
	for i := range 300 {
		serial := new(big.Int).SetBytes(binaryOf(rng.Uint64(), rng.Uint64()))
		if i%7 == 0 {
			serial.SetInt64(int64(i)) // short serials too
		}
		e := certificate.RevokedEntry{SerialNumber: serial, RevocationTime: testAt.Add(-time.Duration(rng.IntN(1e6)) * time.Second)}
		if i%3 != 0 {
			e.Reason, e.HasReason = []certificate.RevocationReason{0, 1, 2, 3, 4, 5, 6, 8, 9, 10}[i%10], true
		}
		revoked = append(revoked, e)
	}
	signed, err := certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(123456789), ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7),
		Revoked: revoked}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{9}))
	if err != nil {
		t.Fatal(err)
	}
	tm := utcT("250101100000Z")
	edge := newRawCRL(
		rawEntry{serial: []byte{0}, time: tm}, entry(0x80, tm, reasonExt(6)), entry(0xff00, genT("20510101000000Z")),
		rawEntry{serial: bigSerial("8000000000000000000000000000000000000001"), time: utcT("500101000000Z"), exts: []rawExt{reasonExt(1)}},
		entry(5, utcT("491231235959Z")), entry(5, utcT("240229120000Z"), reasonExt(4)),
	).der()
	dir := t.TempDir()
	for i, der := range [][]byte{signed.Raw, edge} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, err := certificate.ParseCRL(der)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%d.crl", i))
			if err := os.WriteFile(path, der, 0o600); err != nil {
				t.Fatal(err)
			}
			got := readOpenSSLCRL(t, o.Run(t, nil, "crl", "-inform", "DER", "-in", path, "-noout", "-text"))
			if got.lastUpdate != c.ThisUpdate.UTC().Format(opensslTime) || got.nextUpdate != c.NextUpdate.UTC().Format(opensslTime) ||
				got.number != c.Number.String() {
				t.Errorf("openssl: %q %q %q; ParseCRL %v %v %v", got.lastUpdate, got.nextUpdate, got.number, c.ThisUpdate, c.NextUpdate, c.Number)
			}
			ours := crlEntries(c)
			if len(got.entries) != len(ours) || len(ours) == 0 {
				t.Fatalf("openssl lists %d entries, ParseCRL %d", len(got.entries), len(ours))
			}
			for k, e := range ours {
				want := opensslEntry{serial: opensslSerial(e.SerialNumber), date: e.RevocationTime.UTC().Format(opensslTime)}
				if e.HasReason {
					want.reason = opensslReasons[e.Reason]
				}
				if got.entries[k] != want {
					t.Errorf("entry %d: openssl %+v, ParseCRL %+v", k, got.entries[k], want)
				}
			}
		})
	}
}

func binaryOf(a, b uint64) []byte {
	var out [16]byte
	for i := range 8 {
		out[i] = byte(a >> (56 - 8*i))
		out[8+i] = byte(b >> (56 - 8*i))
	}
	return out[:]
}
