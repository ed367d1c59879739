package armor

import (
	"bytes"
	"encoding/pem"
	"runtime"
	"strings"
	"testing"
)

var (
	certLabels = []string{"CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS"}
	sigLabels  = []string{"CMS", "PKCS7", "SIGNED DATA", "SIGNED MESSAGE"}
	keyLabels  = []string{"PRIVATE KEY"}
	crlLabels  = []string{"X509 CRL"}
)

// TestTransports decodes the same objects from every transport.
func TestTransports(t *testing.T) {
	t.Parallel()
	one := func(der []byte) []Block { return []Block{{Bytes: der}} }
	labelled := func(label string, der []byte) []Block { return []Block{{Bytes: der, Label: label}} }
	ber := []byte{0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00} // indefinite length: not checked here
	unpadded := strings.TrimRight(b64(der1), "=")
	std := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der2})
	tests := []struct {
		name   string
		in     []byte
		opts   Options
		format string
		want   []Block
	}{
		{"DER", der1, Options{}, "DER", one(der1)},
		{"BER is not checked", ber, Options{}, "DER", one(ber)},
		{"DER with labels and Single", der2, Options{Labels: certLabels, Single: true}, "DER", one(der2)},
		{"DER at MaxSize", der1, Options{MaxSize: len(der1)}, "DER", one(der1)},
		{"base64 one line", []byte(b64(der1)), Options{}, "base64", one(der1)},
		{"base64 one line with LF", []byte(b64(der1) + "\n"), Options{}, "base64", one(der1)},
		{"base64 64 columns LF", []byte(wrap(b64(der2), 64, "\n")), Options{}, "base64", one(der2)},
		{"base64 76 columns CRLF", []byte(wrap(b64(der2), 76, "\r\n")), Options{}, "base64", one(der2)},
		{"base64 CR line ends", []byte(wrap(b64(der2), 60, "\r")), Options{}, "base64", one(der2)},
		{"base64 odd width", []byte(wrap(b64(der2), 13, "\n")), Options{}, "base64", one(der2)},
		{"base64 spaces tabs blank lines", []byte("\n\n  \t" + strings.ReplaceAll(wrap(b64(der1), 64, " \r\n\t"), "AA", "A A") + "\n\n"), Options{}, "base64", one(der1)},
		{"base64 unpadded", []byte(unpadded), Options{}, "base64", one(der1)},
		{"base64 unpadded wrapped", []byte(wrap(unpadded, 64, "\r\n")), Options{}, "base64", one(der1)},
		{"base64 single =", []byte(b64(der3)), Options{}, "base64", one(der3)},
		{"base64 ignores labels and Single", []byte(b64(der3)), Options{Labels: keyLabels, Single: true}, "base64", one(der3)},
		{"PEM", []byte(pemOf("CERTIFICATE", der1, 64, "\n")), Options{Labels: certLabels}, "PEM", labelled("CERTIFICATE", der1)},
		{"PEM from encoding/pem", std, Options{Labels: certLabels, Single: true}, "PEM", labelled("CERTIFICATE", der2)},
		{"PEM CRLF 76 columns", []byte(pemOf("CMS", der2, 76, "\r\n")), Options{Labels: sigLabels}, "PEM", labelled("CMS", der2)},
		{"PEM CR line ends", []byte(pemOf("X509 CRL", der2, 64, "\r")), Options{Labels: crlLabels}, "PEM", labelled("X509 CRL", der2)},
		{"PEM no final line end", bytes.TrimSuffix([]byte(pemOf("CMS", der1, 64, "\n")), []byte("\n")), Options{}, "PEM", labelled("CMS", der1)},
		{"PEM indented with trailing blanks", []byte("  " + strings.ReplaceAll(pemOf("PRIVATE KEY", der1, 64, "\n"), "\n", " \t\n\t")), Options{Labels: keyLabels}, "PEM", labelled("PRIVATE KEY", der1)},
		{"PEM blank lines in body", []byte(pemOf("CMS", der2, 32, "\n\n")), Options{}, "PEM", labelled("CMS", der2)},
		{"PEM with explanatory text", []byte("Subject: ООО «Ромашка»\nIssuer: УЦ\n" + pemOf("CERTIFICATE", der1, 64, "\n") + "trailer\x01\xff text\n"), Options{Labels: certLabels}, "PEM", labelled("CERTIFICATE", der1)},
		{"PEM OpenSSL PKCS7 label", []byte(pemOf("PKCS #7 SIGNED DATA", der1, 64, "\n")), Options{Labels: append(sigLabels, "PKCS #7 SIGNED DATA")}, "PEM", labelled("PKCS #7 SIGNED DATA", der1)},
		{"PEM shortest block", []byte(minPEMBlock), Options{Labels: []string{"A"}, Single: true}, "PEM", labelled("A", []byte{0x30})},
		{"PEM any label when Labels nil", []byte(pemOf("SOMETHING ELSE", der3, 64, "\n")), Options{}, "PEM", labelled("SOMETHING ELSE", der3)},
		{"PEM any label when Labels empty", []byte(pemOf("A-B C", der3, 64, "\n")), Options{Labels: []string{}}, "PEM", labelled("A-B C", der3)},
		{
			"PEM several blocks in order",
			[]byte("bundle\n" + pemOf("CERTIFICATE", der1, 64, "\n") + "between\n" + pemOf("PKCS7", der2, 64, "\r\n") + pemOf("X509 CERTIFICATE", der3, 64, "\n")),
			Options{Labels: certLabels}, "PEM",
			[]Block{{Bytes: der1, Label: "CERTIFICATE"}, {Bytes: der2, Label: "PKCS7", Index: 1}, {Bytes: der3, Label: "X509 CERTIFICATE", Index: 2}},
		},
		{"UTF-8 BOM PEM", utf8BOM(pemOf("CERTIFICATE", der1, 64, "\r\n")), Options{Labels: certLabels}, "PEM (UTF-8 BOM)", labelled("CERTIFICATE", der1)},
		{"UTF-8 BOM base64", utf8BOM(wrap(b64(der2), 64, "\r\n")), Options{}, "base64 (UTF-8 BOM)", one(der2)},
		{"UTF-16LE BOM base64", utf16Of(wrap(b64(der2), 76, "\r\n"), false, true), Options{}, "base64 (UTF-16LE)", one(der2)},
		{"UTF-16LE BOM base64 unpadded", utf16Of(unpadded, false, true), Options{}, "base64 (UTF-16LE)", one(der1)},
		{"UTF-16LE BOM PEM", utf16Of(pemOf("CMS", der1, 64, "\r\n"), false, true), Options{Labels: sigLabels}, "PEM (UTF-16LE)", labelled("CMS", der1)},
		{"UTF-16BE BOM PEM", utf16Of(pemOf("CERTIFICATE", der2, 64, "\n"), true, true), Options{Labels: certLabels}, "PEM (UTF-16BE)", labelled("CERTIFICATE", der2)},
		{"UTF-16BE BOM base64", utf16Of(b64(der1), true, true), Options{}, "base64 (UTF-16BE)", one(der1)},
		{"UTF-16LE no BOM base64", utf16Of(wrap(b64(der2), 64, "\r\n"), false, false), Options{}, "base64 (UTF-16LE, no BOM)", one(der2)},
		{"UTF-16BE no BOM PEM", utf16Of(pemOf("CERTIFICATE", der1, 64, "\n"), true, false), Options{}, "PEM (UTF-16BE, no BOM)", labelled("CERTIFICATE", der1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := bytes.Clone(tt.in)
			d, err := Decode(in, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != tt.format {
				t.Errorf("Format %q, want %q", d.Format, tt.format)
			}
			if len(d.Blocks) != len(tt.want) {
				t.Fatalf("%d blocks, want %d", len(d.Blocks), len(tt.want))
			}
			for i, b := range d.Blocks {
				w := tt.want[i]
				if !bytes.Equal(b.Bytes, w.Bytes) || b.Label != w.Label || b.Index != w.Index {
					t.Errorf("block %d: %q %d % x, want %q %d % x", i, b.Label, b.Index, b.Bytes, w.Label, w.Index, w.Bytes)
				}
			}
			// The blocks are copies: overwriting the input changes nothing.
			for i := range in {
				in[i] = 0x30
			}
			for i, b := range d.Blocks {
				if !bytes.Equal(b.Bytes, tt.want[i].Bytes) {
					t.Errorf("block %d aliases the input", i)
				}
			}
		})
	}
}

// TestErrors checks every error class, its offset, English detail and
// Russian message.
func TestErrors(t *testing.T) {
	t.Parallel()
	cert := pemOf("CERTIFICATE", der1, 64, "\n")
	truncated := strings.Join(strings.SplitAfter(cert, "\n")[:3], "")
	notSeq := pemOf("CERTIFICATE", []byte{0x02, 0x01, 0x05}, 64, "\n")
	corruptChar := strings.Replace(cert, "\n", "\n!", 2)
	badPadding := strings.Replace(pemOf("CMS", der3, 64, "\n"), "MAMCAQU=", "MAMCAQV=", 1)
	unpaddedPEM := strings.Replace(pemOf("CMS", der3, 64, "\n"), "MAMCAQU=", "MAMCAQU", 1)
	encrypted := "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,0123456789ABCDEF\n\n" + wrap(b64(der1), 64, "\n") + "-----END PRIVATE KEY-----\n"
	const off = -2 // any offset
	tests := []struct {
		name   string
		in     []byte
		opts   Options
		class  error
		offset int    // input offset of the problem, off for any
		at     string // when set, offset is strings.Index(in, at)
		detail string // substring of Error()
		ru     string // substring of MessageRU()
	}{
		{"nil", nil, Options{}, ErrEmpty, -1, "", "empty input", "Файл пуст"},
		{"whitespace", []byte(" \t\r\n \n"), Options{}, ErrEmpty, -1, "", "only whitespace", "Файл пуст"},
		{"UTF-8 BOM only", utf8BOM("\r\n"), Options{}, ErrEmpty, -1, "", "empty input in UTF-8 BOM: only whitespace after a byte-order mark", "Файл пуст"},
		{"UTF-16 BOM and spaces", utf16Of("  \r\n", false, true), Options{}, ErrEmpty, -1, "", "UTF-16LE", "Файл пуст"},
		{"too large", append(bytes.Clone(der1), 0), Options{MaxSize: len(der1)}, ErrTooLarge, -1, "", "116 bytes, limit 115", "не более 115 байт"},
		{"too large before anything", []byte("\x00garbage"), Options{MaxSize: 4}, ErrTooLarge, -1, "", "limit 4", "не более 4 байт"},
		{"too large MiB", make([]byte, 1<<20+1), Options{MaxSize: 1 << 20}, ErrTooLarge, -1, "", "limit 1048576", "не более 1 МиБ"},
		{"NUL in base64", []byte("MIIB\x00AAA"), Options{}, ErrUnrecognized, 4, "", "NUL byte", ruUnrecognized},
		{"NUL in PEM text", []byte("note\x00\n" + cert), Options{}, ErrUnrecognized, 4, "", "NUL byte", ruUnrecognized},
		{"binary garbage", []byte{0x04, 0x03, 0xff, 0xfe, 0xfd}, Options{}, ErrUnrecognized, 0, "", "byte 0x04: the input is neither", ruUnrecognized},
		{"binary SET", []byte{0x31, 0x03, 0x02, 0x01, 0x05}, Options{}, ErrUnrecognized, 1, "", "byte 0x03:", ruUnrecognized},
		{"binary with NUL", []byte{0xA0, 0x82, 0x00, 0x10}, Options{}, ErrUnrecognized, 2, "", "at offset 2: a NUL byte", ruUnrecognized},
		{"character outside base64", []byte("MIIB#AAA"), Options{}, ErrUnrecognized, 4, "", "at offset 4: byte 0x23 '#'", ruUnrecognized},
		{"base64url", []byte("MIIB-_AA"), Options{}, ErrUnrecognized, 4, "", "byte 0x2d", ruUnrecognized},
		{"UTF-8 text", []byte("Сертификат"), Options{}, ErrUnrecognized, 0, "", "byte 0xd0:", ruUnrecognized},
		{"END without BEGIN is not PEM", []byte("MIIB\n-----END CERTIFICATE-----\n"), Options{}, ErrUnrecognized, 5, "", "byte 0x2d", ruUnrecognized},
		{"base64 not a SEQUENCE", []byte(" AgEF"), Options{}, ErrUnrecognized, 1, "", "does not decode to an ASN.1 SEQUENCE (first byte 0x02", ruNotSequence},
		{"base64 bad length", []byte("MIIBA"), Options{}, ErrBase64, off, "", "base64 does not decode", ruBase64},
		{"base64 misplaced padding", []byte("MA=A"), Options{}, ErrBase64, off, "", "base64 does not decode", ruBase64},
		{"base64 trailing bits", []byte("MB=="), Options{}, ErrBase64, off, "", "base64 does not decode", ruBase64},
		{"base64 trailing bits unpadded", []byte("MB"), Options{}, ErrBase64, off, "", "base64 does not decode", ruBase64},
		{"base64 missing padding", []byte("10=\n"), Options{}, ErrBase64, 4, "", "wrong length, missing or misplaced padding", ruBase64},
		{"UTF-16 base64 missing padding", utf16Of("10=", false, true), Options{}, ErrBase64, 8, "", "in base64 (UTF-16LE) at offset 8", ruBase64},
		{"base64 concatenated", []byte("MA==\nMA==\n"), Options{}, ErrBase64, 5, "", "base64 does not decode", ruBase64},
		{"UTF-16 non-ASCII", utf16Of("MIIB\nСертификат", false, true), Options{}, ErrUnrecognized, 12, "", "U+0421", "UTF-16"},
		{"UTF-16BE non-ASCII", utf16Of("MI\u00e9", true, true), Options{}, ErrUnrecognized, 6, "", "U+00E9", "UTF-16"},
		{"UTF-16 odd length", append(utf16Of("MAMCAQU=", false, true), '\n'), Options{}, ErrUnrecognized, 18, "", "odd number of bytes", "UTF-16"},
		{"UTF-16 NUL", utf16Of("MA\x00A", false, true), Options{}, ErrUnrecognized, 6, "", "at offset 6: a NUL character", ruUnrecognized},
		{"UTF-16 BOM base64 not a SEQUENCE", utf16Of("AgEF", true, true), Options{}, ErrUnrecognized, 2, "", "base64 (UTF-16BE)", ruNotSequence},
		{"UTF-16 BOM bad character", utf16Of("MI*B", false, true), Options{}, ErrUnrecognized, 6, "", "character 0x2a '*'", ruUnrecognized},
		{"PEM truncated", []byte(truncated), Options{}, ErrPEM, 0, "", "block 1 (CERTIFICATE) lacks its END line: the text ends first", ruPEMNoEnd},
		{"PEM truncated first of two", []byte("text\n" + truncated + cert), Options{}, ErrPEM, 5, "", "lacks its END line: another BEGIN line follows", ruPEMNoEnd},
		{"PEM truncated second of two", []byte(cert + "\n" + truncated), Options{}, ErrPEM, len(cert) + 1, "", "block 2 (CERTIFICATE) lacks its END line", ruPEMNoEnd},
		{"PEM corrupt character", []byte(corruptChar), Options{}, ErrPEM, off, "!", "corrupt body: byte 0x21 '!' is not base64", ruPEMBody},
		{"PEM corrupt padding", []byte(badPadding), Options{}, ErrPEM, off, "", "corrupt body: the base64 does not decode", ruPEMBody},
		{"PEM unpadded", []byte(unpaddedPEM), Options{}, ErrPEM, off, "", "corrupt body", ruPEMBody},
		{"PEM two bodies", []byte(strings.Replace(pemOf("CMS", der3, 64, "\n"), "MAMCAQU=", "MAMCAQU=\nMAMCAQU=", 1)), Options{}, ErrPEM, off, "", "corrupt body", ruPEMBody},
		{"PEM headers", []byte(encrypted), Options{Labels: keyLabels}, ErrPEM, off, "Proc-Type", "encrypted or annotated PEM", ruPEMHeaders},
		{"PEM empty block", []byte("-----BEGIN CMS-----\n\n-----END CMS-----\n"), Options{}, ErrPEM, 0, "", "block 1 (CMS) is empty", ruPEMEmpty},
		{"PEM not a SEQUENCE", []byte(notSeq), Options{}, ErrPEM, 0, "", "does not hold an ASN.1 SEQUENCE", ruPEMNotSequence},
		{"PEM END label mismatch", []byte(strings.Replace(cert, "END CERTIFICATE", "END CMS", 1)), Options{}, ErrPEM, off, "-----END", "ends with END CMS instead of END CERTIFICATE", ruPEMArmour},
		{"PEM END without dashes", []byte(strings.Replace(cert, "END CERTIFICATE-----", "END CERTIFICATE", 1)), Options{}, ErrPEM, off, "-----END", "malformed END line", ruPEMArmour},
		{"PEM stray END", []byte(cert + "-----END CERTIFICATE-----\n"), Options{}, ErrPEM, len(cert), "", "without a BEGIN line", ruPEMArmour},
		{"PEM BEGIN without dashes", []byte(strings.Replace(cert, "BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE", 1)), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"PEM BEGIN not at line start", []byte("see:" + cert), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"PEM BEGIN no space", []byte(strings.Replace(cert, "BEGIN ", "BEGIN", 1)), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"PEM empty label", []byte("-----BEGIN -----\nMAMCAQU=\n-----END -----\n"), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"PEM label double space", []byte(pemOf("X509  CRL", der3, 64, "\n")), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"PEM label too long", []byte(pemOf(strings.Repeat("A", 65), der3, 64, "\n")), Options{}, ErrPEM, 0, "", "at most 64", ruPEMArmour},
		{"PEM label not ASCII", []byte(pemOf("СЕРТИФИКАТ", der3, 64, "\n")), Options{}, ErrPEM, 0, "", "malformed BEGIN line", ruPEMArmour},
		{"UTF-16 PEM truncated", utf16Of("x\r\n"+truncated, true, true), Options{}, ErrPEM, 8, "", "PEM (UTF-16BE)", ruPEMNoEnd},
		{"private key for a certificate", []byte(pemOf("PRIVATE KEY", der1, 64, "\n")), Options{Labels: certLabels}, ErrLabel, 0, "", `block 1 is "PRIVATE KEY"; want "CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS" (this is a private key: never upload it)`,
			"Загружен закрытый ключ, а не сертификат или подпись: никогда не передавайте закрытый ключ"},
		{"certificate for a signature", []byte(cert + pemOf("EC PRIVATE KEY", der1, 64, "\n")), Options{Labels: sigLabels}, ErrLabel, 0, "", `block 1 is "CERTIFICATE"`, "«CERTIFICATE», а ожидается «CMS», «PKCS7», «SIGNED DATA» или «SIGNED MESSAGE»"},
		{"second block private key", []byte(cert + pemOf("EC PRIVATE KEY", der1, 64, "\n")), Options{Labels: certLabels, Single: true}, ErrLabel, len(cert), "", "never upload it", "никогда не передавайте закрытый ключ"},
		{"encrypted key for keys", []byte(pemOf("ENCRYPTED PRIVATE KEY", der1, 64, "\n")), Options{Labels: keyLabels}, ErrLabel, 0, "", `"ENCRYPTED PRIVATE KEY"; want "PRIVATE KEY"`, "Файл PEM содержит блок «ENCRYPTED PRIVATE KEY», а ожидается «PRIVATE KEY»"},
		{"certificate request", []byte(pemOf("CERTIFICATE REQUEST", der1, 64, "\n")), Options{Labels: certLabels}, ErrLabel, 0, "", "certificate request, not a certificate", "это запрос на сертификат"},
		{"CRL for a certificate", []byte(pemOf("X509 CRL", der1, 64, "\n")), Options{Labels: certLabels}, ErrLabel, 0, "", "revocation list", "это список отзыва сертификатов"},
		{"CRL label variant for CRLs", []byte(pemOf("CRL", der1, 64, "\n")), Options{Labels: crlLabels}, ErrLabel, 0, "", `want "X509 CRL"`, "а ожидается «X509 CRL»"},
		{"trusted certificate", []byte(pemOf("TRUSTED CERTIFICATE", der1, 64, "\n")), Options{Labels: certLabels}, ErrLabel, 0, "", "openssl x509", "openssl x509"},
		{"label in UTF-16", utf16Of("\n"+pemOf("PRIVATE KEY", der1, 64, "\n"), false, true), Options{Labels: certLabels}, ErrLabel, 4, "", "PEM (UTF-16LE)", "закрытый ключ"},
		{"Single with two blocks", []byte(cert + "\n" + pemOf("CMS", der2, 64, "\n")), Options{Labels: certLabels, Single: true}, ErrSeveral, len(cert) + 1, "", "a second PEM block (CMS)", ruSeveral},
		{"Single with two blocks in UTF-16", utf16Of(cert+cert, true, false), Options{Single: true}, ErrSeveral, 2 * len(cert), "", "PEM (UTF-16BE, no BOM)", ruSeveral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Decode(tt.in, tt.opts)
			if d != nil {
				t.Errorf("result %+v with error %v", d, err)
			}
			e := checkError(t, err, tt.class, len(tt.in))
			t.Logf("%v\n%s", err, e.MessageRU())
			want := tt.offset
			if tt.at != "" {
				want = bytes.Index(tt.in, []byte(tt.at))
			}
			if want != off && e.Offset != want {
				t.Errorf("Offset %d, want %d (%v)", e.Offset, want, err)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("Error() %q lacks %q", err, tt.detail)
			}
			if ru := e.MessageRU(); !strings.Contains(ru, tt.ru) {
				t.Errorf("MessageRU() %q lacks %q", ru, tt.ru)
			}
			if tt.class == ErrLabel && !strings.Contains(err.Error(), e.Label) {
				t.Errorf("Error() %q does not name label %q", err, e.Label)
			}
		})
	}
}

// TestErrorDefaults checks the messages of an *Error built outside Decode.
func TestErrorDefaults(t *testing.T) {
	t.Parallel()
	for _, c := range append(classes, nil) {
		e := &Error{Class: c, Offset: -1}
		if !hasCyrillic(e.MessageRU()) {
			t.Errorf("%v: MessageRU %q", c, e.MessageRU())
		}
		if !strings.HasPrefix(e.Error(), "armor: ") {
			t.Errorf("%v: Error %q", c, e.Error())
		}
	}
	e := &Error{Class: ErrUnrecognized, Format: "UTF-16LE", Offset: 7, Detail: "x"}
	if got, want := e.Error(), "armor: unrecognised input format in UTF-16LE at offset 7: x"; got != want {
		t.Errorf("Error() %q, want %q", got, want)
	}
	if !strings.Contains(e.MessageRU(), "UTF-16") {
		t.Errorf("MessageRU() %q does not name UTF-16", e.MessageRU())
	}
	e = &Error{Class: ErrLabel, Label: "PRIVATE KEY", Offset: -1}
	if !strings.Contains(e.MessageRU(), "«PRIVATE KEY»") {
		t.Errorf("MessageRU() %q", e.MessageRU())
	}
}

func TestSizeRU(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{
		1: "1 байта", 2: "2 байт", 5: "5 байт", 11: "11 байт", 21: "21 байта", 111: "111 байт",
		1000: "1000 байт", 1024: "1 КиБ", 1536: "1536 байт", 64 << 10: "64 КиБ", 50 << 20: "50 МиБ", 3 << 19: "1536 КиБ",
	} {
		if got := sizeRU(n); got != want {
			t.Errorf("sizeRU(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestHostile feeds inputs that make naive decoders slow (encoding/pem
// rescans the rest of the input after each BEGIN line without END: quadratic
// time) or allocate much. Each must finish quickly; the test timeout catches
// a hang.
func TestHostile(t *testing.T) {
	t.Parallel()
	const n = 4 << 20
	many := func(s string) []byte { return bytes.Repeat([]byte(s), n/len(s)) }
	manyBlocks := many(pemOf("CMS", der3, 64, "\n"))
	tests := []struct {
		name   string
		in     []byte
		class  error // nil: success
		blocks int
	}{
		{"BEGIN lines", many("-----BEGIN A-----\n"), ErrPEM, 0},
		{"BEGIN lines without newline", append([]byte("-----BEGIN A-----\n"), many("-----BEGIN A-----")...), ErrPEM, 0},
		{"one block without END", append([]byte("-----BEGIN A-----\n"), many("QUFB\n")...), ErrPEM, 0},
		{"dashes", many("-----"), ErrUnrecognized, 0},
		{"dashes after BEGIN", append([]byte("-----BEGIN A-----\n"), many("-----")...), ErrPEM, 0},
		{"colons", append([]byte("-----BEGIN A-----\n"), many(":")...), ErrPEM, 0},
		{"text lines", append(many("text\n"), pemOf("CMS", der3, 64, "\n")...), nil, 1},
		{"CR lines", append(many("\r"), pemOf("CMS", der3, 64, "\n")...), nil, 1},
		{"many blocks", manyBlocks, nil, len(manyBlocks) / len(pemOf("CMS", der3, 64, "\n"))},
		{"base64", []byte(wrap(b64(testDER(n*3/4-8, 3)), 64, "\n")), nil, 1},
		{"whitespace", many(" \t\r\n"), ErrEmpty, 0},
		{"UTF-16 whitespace", utf16Of(string(many(" \n")), false, true), ErrEmpty, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Decode(tt.in, Options{MaxSize: 3 * n})
			if tt.class != nil {
				checkError(t, err, tt.class, len(tt.in))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != tt.blocks {
				t.Errorf("%d blocks, want %d", len(d.Blocks), tt.blocks)
			}
		})
	}
}

// TestAllocation checks that Decode allocates in proportion to its input.
// It does not run in parallel: it reads the process-wide allocation counter
// (parallel tests start only after the sequential ones have finished).
func TestAllocation(t *testing.T) {
	const n = 2 << 20
	der := testDER(n*3/4-8, 4)
	inputs := map[string][]byte{
		"DER":          der,
		"base64":       []byte(wrap(b64(der), 64, "\r\n")),
		"UTF-16 PEM":   utf16Of(pemOf("CMS", der, 64, "\r\n"), false, true),
		"PEM":          []byte(pemOf("CMS", der, 76, "\n")),
		"blocks":       bytes.Repeat([]byte(pemOf("CMS", der3, 64, "\n")), n/40),
		"BEGINs":       bytes.Repeat([]byte("-----BEGIN"), n/10),
		"min blocks":   bytes.Repeat([]byte(minPEMBlock+"\n"), n/39),
		"PEM error":    []byte(strings.TrimSuffix(pemOf("CMS", der, 64, "\n"), "-----END CMS-----\n")),
		"base64 error": append([]byte(wrap(b64(der), 64, "\n")), '!'),
	}
	for name, in := range inputs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _ = Decode(in, Options{})
		runtime.ReadMemStats(&after)
		allocs := after.TotalAlloc - before.TotalAlloc
		if limit := uint64(3*len(in) + 4096); allocs > limit {
			t.Errorf("%s: %d bytes allocated for %d input bytes (limit %d)", name, allocs, len(in), limit)
		} else {
			t.Logf("%s: %d bytes allocated for %d input bytes", name, allocs, len(in))
		}
	}
}
