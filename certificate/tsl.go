package certificate

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Limits of LoadTrustedList.
const (
	// MaxTrustedListSize is the largest trusted-list XML accepted: 50 MiB
	// (real snapshots are a few tens of megabytes at most).
	MaxTrustedListSize = 50 << 20
	// MaxTrustedListDepth is the deepest element nesting accepted.
	MaxTrustedListDepth = 32
	// maxTSLText bounds the text of one element (a base64 certificate).
	maxTSLText = 4 << 20
)

// MinDigitalOGRN is the ОГРН of Минцифры России, the head CA (ГУЦ) whose
// self-signed certificates in the trusted list become trust anchors.
const MinDigitalOGRN = "1047702026701"

// Errors of LoadTrustedList (errors.Is).
var (
	// ErrTrustedListTooLarge: the XML exceeds the size limit.
	ErrTrustedListTooLarge = errors.New("certificate: trusted list too large")
	// ErrTrustedListMalformed: the XML is not well formed, nests too deep,
	// has a DOCTYPE or another root element.
	ErrTrustedListMalformed = errors.New("certificate: malformed trusted list")
	// ErrThumbprintMismatch: an entry's Отпечаток differs from the SHA-1 of
	// its certificate (recorded in TrustedList.Rejected).
	ErrThumbprintMismatch = errors.New("certificate: trusted-list thumbprint mismatch")
)

// AccreditationStatus is the Статус of a CA in the trusted list.
type AccreditationStatus string

// The statuses of the trusted list.
const (
	StatusActive     AccreditationStatus = "Действует"
	StatusTerminated AccreditationStatus = "Прекращена"
	StatusCancelled  AccreditationStatus = "Аннулирована"
)

// StatusChange is one СтатусАккредитации: a status and the date it took
// effect.
type StatusChange struct {
	// Status is the status as written.
	Status AccreditationStatus
	// From is ДействуетС (zero when absent or unreadable).
	From time.Time
}

// TrustedList is a parsed Минцифры list of accredited CAs
// (АккредитованныеУдостоверяющиеЦентры). It is immutable and safe for
// concurrent use; to refresh, load a new one and swap the pointer.
type TrustedList struct {
	// Version is Версия, Date is Дата.
	Version string
	Date    time.Time
	// CAs are the УдостоверяющийЦентр entries in document order.
	CAs []*TrustedCA
	// Roots are the trust anchors: self-signed certificates of the head-CA
	// entry (ОГРН TrustedListOptions.HeadCAOGRN) whose self-signature
	// verifies.
	Roots *Pool
	// Intermediates are all other certificates of the list, each carrying
	// its CA's accreditation data.
	Intermediates *Pool
	// Rejected lists certificate entries that were left out.
	Rejected []RejectedEntry
	// SignatureChecked is false: the list's XMLDSig is not verified here;
	// accept lists only from a trusted channel (trusted-list.md §5).
	SignatureChecked bool
}

// TrustedCA is one accredited CA (УдостоверяющийЦентр).
type TrustedCA struct {
	// Name is Название, ShortName is КраткоеНазвание.
	Name, ShortName string
	// INN, OGRN and RegistryNumber (РеестровыйНомер) as written.
	INN, OGRN, RegistryNumber string
	// Status is the current СтатусАккредитации.
	Status StatusChange
	// History is ИсторияСтатусовАккредитации in document order.
	History []StatusChange
	// Keys are the CA keys (Ключ) with their certificates.
	Keys []*TrustedKey
	// Head reports whether this is the head-CA entry.
	Head bool
}

// StatusAt returns the accreditation status in effect at t: the entry of
// the current status and the history with the latest ДействуетС not after
// t. ok is false when no entry is in effect yet.
func (ca *TrustedCA) StatusAt(t time.Time) (status AccreditationStatus, since time.Time, ok bool) {
	consider := func(s StatusChange) {
		if s.Status == "" || s.From.After(t) {
			return
		}
		if !ok || !s.From.Before(since) {
			status, since, ok = s.Status, s.From, true
		}
	}
	for _, s := range ca.History {
		consider(s)
	}
	consider(ca.Status)
	return status, since, ok
}

// TrustedKey is one CA key (Ключ) of a TrustedCA.
type TrustedKey struct {
	// KeyID is ИдентификаторКлюча decoded from hex (nil if absent or not
	// hex); KeyIDText is the text as written.
	KeyID     []byte
	KeyIDText string
	// CRLURLs are АдресаСписковОтзыва.
	CRLURLs []string
	// Certificates are the accepted certificates of the key.
	Certificates []*TrustedCertificate
}

// TrustedCertificate is one ДанныеСертификата entry.
type TrustedCertificate struct {
	// Certificate is the parsed Данные.
	Certificate *Certificate
	// Thumbprint is Отпечаток as written.
	Thumbprint string
	// IssuedBy (КемВыдан), IssuedTo (КомуВыдан) and SerialNumber
	// (СерийныйНомер) as written.
	IssuedBy, IssuedTo, SerialNumber string
	// ValidFrom and ValidTo are ПериодДействияС / ПериодДействияДо.
	ValidFrom, ValidTo time.Time
}

// RejectedEntry is a certificate entry of the list that was left out.
type RejectedEntry struct {
	// CA is the Название of the enclosing CA.
	CA string
	// KeyID is ИдентификаторКлюча as written.
	KeyID string
	// Thumbprint is Отпечаток as written.
	Thumbprint string
	// Err says why (ErrThumbprintMismatch, a *ParseError, …).
	Err error
}

// TrustedListOptions configure LoadTrustedList. The zero value pins the
// Минцифры entry and the default size limit.
type TrustedListOptions struct {
	// HeadCAOGRN is the ОГРН of the head-CA entry whose self-signed
	// certificates become anchors; MinDigitalOGRN when empty.
	HeadCAOGRN string
	// MaxSize lowers the size limit below MaxTrustedListSize.
	MaxSize int64
}

// LoadTrustedList parses the trusted-list XML from r with encoding/xml in
// streaming mode: no DTD (a DOCTYPE is rejected, entities are not
// expanded), at most MaxTrustedListSize bytes (the read stops as soon as
// the limit is passed) and MaxTrustedListDepth levels. Unknown elements are
// ignored; КлючиУполномоченныхЛиц is accepted both under
// ПрограммноАппаратныйКомплекс and directly under УдостоверяющийЦентр.
// Certificate entries whose Отпечаток does not match, or whose Данные do
// not parse, are left out and listed in Rejected. opts may be nil.
func LoadTrustedList(r io.Reader, opts *TrustedListOptions) (*TrustedList, error) {
	var o TrustedListOptions
	if opts != nil {
		o = *opts
	}
	if o.HeadCAOGRN == "" {
		o.HeadCAOGRN = MinDigitalOGRN
	}
	limit := int64(MaxTrustedListSize)
	if o.MaxSize > 0 && o.MaxSize < limit {
		limit = o.MaxSize
	}
	lr := &limitedReader{r: r, left: limit}
	p := &tslParser{list: &TrustedList{}, opts: o}
	if err := p.parse(lr); err != nil {
		if lr.over {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrTrustedListTooLarge, limit)
		}
		return nil, err
	}
	p.list.build(o)
	return p.list, nil
}

// ParseTrustedList is LoadTrustedList over a byte slice; an oversized slice
// is rejected before parsing.
func ParseTrustedList(data []byte, opts *TrustedListOptions) (*TrustedList, error) {
	limit := int64(MaxTrustedListSize)
	if opts != nil && opts.MaxSize > 0 && opts.MaxSize < limit {
		limit = opts.MaxSize
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTrustedListTooLarge, len(data), limit)
	}
	return LoadTrustedList(bytes.NewReader(data), opts)
}

// limitedReader fails once more than left bytes were requested.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Probe for one more byte: EOF means the input fits exactly.
		var b [1]byte
		n, err := l.r.Read(b[:])
		if n > 0 {
			l.over = true
			return 0, ErrTrustedListTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// Element names of the list.
const (
	tslRoot     = "АккредитованныеУдостоверяющиеЦентры"
	tslCA       = "УдостоверяющийЦентр"
	tslStatus   = "СтатусАккредитации"
	tslHistory  = "ИсторияСтатусовАккредитации"
	tslKeys     = "КлючиУполномоченныхЛиц"
	tslKey      = "Ключ"
	tslCertData = "ДанныеСертификата"
	tslCRLs     = "АдресаСписковОтзыва"
)

type tslParser struct {
	list  *TrustedList
	opts  TrustedListOptions
	stack []string
	text  []byte
	ca    *TrustedCA
	key   *TrustedKey
	cert  *tslCert
	st    *StatusChange
}

type tslCert struct {
	TrustedCertificate
	data string
}

func (p *tslParser) parent(n int) string {
	if i := len(p.stack) - 1 - n; i >= 0 {
		return p.stack[i]
	}
	return ""
}

func (p *tslParser) parse(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("%w: encoding %q, want UTF-8", ErrTrustedListMalformed, label)
	}
	sawRoot := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, ErrTrustedListTooLarge) || errors.Is(err, ErrTrustedListMalformed) {
				return err
			}
			return fmt.Errorf("%w: line %d: %w", ErrTrustedListMalformed, lineOf(d), err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fmt.Errorf("%w: line %d: DOCTYPE and other directives are not allowed", ErrTrustedListMalformed, lineOf(d))
		case xml.StartElement:
			name := t.Name.Local
			if len(p.stack) == 0 {
				if sawRoot {
					return fmt.Errorf("%w: second root element <%s>", ErrTrustedListMalformed, name)
				}
				if name != tslRoot {
					return fmt.Errorf("%w: root element <%s>, want <%s>", ErrTrustedListMalformed, name, tslRoot)
				}
				sawRoot = true
			}
			if len(p.stack) >= MaxTrustedListDepth {
				return fmt.Errorf("%w: line %d: nesting deeper than %d", ErrTrustedListMalformed, lineOf(d), MaxTrustedListDepth)
			}
			p.stack = append(p.stack, name)
			p.text = p.text[:0]
			p.start(name)
		case xml.EndElement:
			if len(p.stack) == 0 || p.stack[len(p.stack)-1] != t.Name.Local {
				return fmt.Errorf("%w: line %d: unexpected </%s>", ErrTrustedListMalformed, lineOf(d), t.Name.Local)
			}
			p.end(t.Name.Local, strings.TrimSpace(string(p.text)))
			p.stack = p.stack[:len(p.stack)-1]
			p.text = p.text[:0]
		case xml.CharData:
			if len(p.stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return fmt.Errorf("%w: text outside the root element", ErrTrustedListMalformed)
				}
				continue
			}
			if len(p.text)+len(t) > maxTSLText {
				return fmt.Errorf("%w: line %d: element text longer than %d bytes", ErrTrustedListMalformed, lineOf(d), maxTSLText)
			}
			p.text = append(p.text, t...)
		}
	}
	if !sawRoot {
		return fmt.Errorf("%w: no <%s> element", ErrTrustedListMalformed, tslRoot)
	}
	if len(p.stack) != 0 {
		return fmt.Errorf("%w: unexpected end of input inside <%s>", ErrTrustedListMalformed, p.stack[len(p.stack)-1])
	}
	return nil
}

func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

func (p *tslParser) start(name string) {
	par := p.parent(1)
	switch {
	case name == tslCA && par == tslRoot:
		p.ca = &TrustedCA{}
	case p.ca == nil:
	case name == tslStatus && (par == tslCA || par == tslHistory):
		p.st = &StatusChange{}
	case name == tslKey && par == tslKeys:
		p.key = &TrustedKey{}
	case name == tslCertData && p.key != nil:
		p.cert = &tslCert{}
	}
}

func (p *tslParser) end(name, text string) {
	par := p.parent(1)
	if par == tslRoot {
		switch name {
		case "Версия":
			p.list.Version = text
		case "Дата":
			p.list.Date, _ = parseTSLTime(text)
		case tslCA:
			if p.ca != nil {
				p.list.CAs = append(p.list.CAs, p.ca)
			}
			p.ca = nil
		}
		return
	}
	if p.ca == nil {
		return
	}
	switch {
	case par == tslCA && name == "Название":
		p.ca.Name = text
	case par == tslCA && name == "КраткоеНазвание":
		p.ca.ShortName = text
	case par == tslCA && name == "ИНН":
		p.ca.INN = text
	case par == tslCA && name == "ОГРН":
		p.ca.OGRN = text
	case par == tslCA && name == "РеестровыйНомер":
		p.ca.RegistryNumber = text
	case par == tslStatus && p.st != nil && name == "Статус":
		p.st.Status = AccreditationStatus(text)
	case par == tslStatus && p.st != nil && name == "ДействуетС":
		p.st.From, _ = parseTSLTime(text)
	case name == tslStatus && p.st != nil:
		if par == tslCA {
			p.ca.Status = *p.st
		} else if par == tslHistory {
			p.ca.History = append(p.ca.History, *p.st)
		}
		p.st = nil
	case p.key != nil && par == tslKey && name == "ИдентификаторКлюча":
		p.key.KeyIDText = text
		p.key.KeyID, _ = hex.DecodeString(strings.ReplaceAll(text, " ", ""))
	case p.key != nil && par == tslCRLs && name == "Адрес":
		if text != "" {
			p.key.CRLURLs = append(p.key.CRLURLs, text)
		}
	case p.cert != nil && par == tslCertData:
		switch name {
		case "Отпечаток":
			p.cert.Thumbprint = text
		case "КемВыдан":
			p.cert.IssuedBy = text
		case "КомуВыдан":
			p.cert.IssuedTo = text
		case "СерийныйНомер":
			p.cert.SerialNumber = text
		case "ПериодДействияС":
			p.cert.ValidFrom, _ = parseTSLTime(text)
		case "ПериодДействияДо":
			p.cert.ValidTo, _ = parseTSLTime(text)
		case "Данные":
			p.cert.data = text
		}
	case name == tslCertData && p.cert != nil:
		p.addCert()
		p.cert = nil
	case name == tslKey && par == tslKeys && p.key != nil:
		p.ca.Keys = append(p.ca.Keys, p.key)
		p.key = nil
	}
}

// addCert decodes, parses and checks the current certificate entry.
func (p *tslParser) addCert() {
	reject := func(err error) {
		p.list.Rejected = append(p.list.Rejected, RejectedEntry{CA: p.ca.Name, KeyID: p.key.KeyIDText, Thumbprint: p.cert.Thumbprint, Err: err})
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(p.cert.data), ""))
	if err != nil || len(der) == 0 {
		reject(fmt.Errorf("%w: Данные is not base64: %v", ErrTrustedListMalformed, err))
		return
	}
	c, err := ParseOne(der)
	if err != nil {
		reject(err)
		return
	}
	want := strings.ToUpper(strings.NewReplacer(" ", "", ":", "").Replace(p.cert.Thumbprint))
	if want != "" {
		sum := sha1.Sum(c.Raw)
		if got := strings.ToUpper(hex.EncodeToString(sum[:])); got != want {
			reject(fmt.Errorf("%w: Отпечаток %s, certificate SHA-1 %s", ErrThumbprintMismatch, want, got))
			return
		}
	}
	tc := p.cert.TrustedCertificate
	tc.Certificate = c
	p.key.Certificates = append(p.key.Certificates, &tc)
}

// build fills the pools.
func (l *TrustedList) build(o TrustedListOptions) {
	n := 0
	for _, ca := range l.CAs {
		for _, k := range ca.Keys {
			n += len(k.Certificates)
		}
	}
	l.Roots, l.Intermediates = newPool(8), newPool(n)
	l.Roots.list, l.Intermediates.list = l, l
	for _, ca := range l.CAs {
		ca.Head = ca.OGRN == o.HeadCAOGRN
		for _, k := range ca.Keys {
			for _, tc := range k.Certificates {
				c := tc.Certificate
				e := &poolEntry{cert: c, ca: ca, key: k}
				if ca.Head && c.SelfIssued() && c.PublicKey.key != nil && c.CheckSignature(c.PublicKey.key) == nil {
					l.Roots.add(e)
					continue
				}
				l.Intermediates.add(e)
			}
		}
	}
}

// CA returns the CA entry with the given ОГРН, nil if none.
func (l *TrustedList) CA(ogrn string) *TrustedCA {
	for _, ca := range l.CAs {
		if ca.OGRN == ogrn {
			return ca
		}
	}
	return nil
}

// VerifyOptions returns options that verify against the list at time at.
func (l *TrustedList) VerifyOptions(at time.Time) VerifyOptions {
	return VerifyOptions{At: at, Roots: l.Roots, Intermediates: l.Intermediates}
}

// parseTSLTime reads RFC 3339 date-times and dates, with or without a zone
// (Moscow time assumed without one).
func parseTSLTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02Z07:00", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, moscow); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("certificate: trusted-list date %q", s)
}
