package trust

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

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/msk"
)

// Limits of LoadList.
const (
	// MaxListSize is the largest trusted-list XML accepted: 50 MiB (real
	// snapshots are a few tens of megabytes at most).
	MaxListSize = 50 << 20
	// MaxListDepth is the deepest element nesting accepted.
	MaxListDepth = 32
	// maxTSLText bounds the text of one element (a base64 certificate).
	maxTSLText = 4 << 20
)

// MinDigitalOGRN is the ОГРН of Минцифры России, the head CA (ГУЦ) whose
// self-signed certificates in the trusted list become trust anchors.
const MinDigitalOGRN = "1047702026701"

// Errors of LoadList (errors.Is).
var (
	// ErrTooLarge: the XML exceeds the size limit.
	ErrTooLarge = errors.New("trust: trusted list too large")
	// ErrMalformed: the XML is not well formed, nests too deep, has a
	// DOCTYPE or another root element.
	ErrMalformed = errors.New("trust: malformed trusted list")
	// ErrThumbprint: an entry's Отпечаток differs from the SHA-1 of its
	// certificate (recorded in List.Rejected).
	ErrThumbprint = errors.New("trust: thumbprint mismatch")
)

// Status is the Статус of a CA's accreditation in the trusted list.
type Status string

// The statuses of the trusted list.
const (
	Active     Status = "Действует"
	Terminated Status = "Прекращена"
	Cancelled  Status = "Аннулирована"
)

// StatusChange is one СтатусАккредитации: a status and the date it took
// effect.
type StatusChange struct {
	// Status is the status as written.
	Status Status
	// From is ДействуетС (zero when absent or unreadable).
	From time.Time
}

// List is a parsed Минцифры list of accredited CAs
// (АккредитованныеУдостоверяющиеЦентры). It is immutable and safe for
// concurrent use; to refresh, load a new one and swap the pointer.
type List struct {
	// Version is Версия, Date is Дата.
	Version string
	Date    time.Time
	// CAs are the УдостоверяющийЦентр entries in document order.
	CAs []*CA
	// Roots are the trust anchors: self-signed certificates of the head-CA
	// entry (ОГРН ListOptions.HeadCAOGRN) whose self-signature verifies.
	Roots *certificate.Pool
	// Intermediates are all other certificates of the list, each carrying
	// its CA's accreditation data (certificate.Accreditation).
	Intermediates *certificate.Pool
	// Rejected lists certificate entries that were left out.
	Rejected []Rejected
	// Signature is what LoadList found of the list's enveloped XMLDSig;
	// its status also reaches Verify through the pools' TrustSource.
	Signature ListSignature
}

// CA is one accredited CA (УдостоверяющийЦентр).
type CA struct {
	// Name is Название, ShortName is КраткоеНазвание.
	Name, ShortName string
	// INN, OGRN and RegistryNumber (РеестровыйНомер) as written.
	INN, OGRN, RegistryNumber string
	// Status is the current СтатусАккредитации.
	Status StatusChange
	// History is ИсторияСтатусовАккредитации in document order.
	History []StatusChange
	// Keys are the CA keys (Ключ) with their certificates.
	Keys []*Key
	// Head reports whether this is the head-CA entry.
	Head bool
}

// StatusAt returns the accreditation status in effect at t: the entry of
// the current status and the history with the latest ДействуетС not after
// t. ok is false when no entry is in effect yet.
func (ca *CA) StatusAt(t time.Time) (status Status, since time.Time, ok bool) {
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

// Key is one CA key (Ключ) of a CA.
type Key struct {
	// KeyID is ИдентификаторКлюча decoded from hex (nil if absent or not
	// hex); KeyIDText is the text as written.
	KeyID     []byte
	KeyIDText string
	// CRLURLs are АдресаСписковОтзыва.
	CRLURLs []string
	// Certificates are the accepted certificates of the key (the Данные of
	// each ДанныеСертификата whose Отпечаток matches).
	Certificates []*certificate.Certificate
}

// Rejected is a certificate entry of the list that was left out.
type Rejected struct {
	// CA is the Название of the enclosing CA.
	CA string
	// KeyID is ИдентификаторКлюча as written.
	KeyID string
	// Thumbprint is Отпечаток as written.
	Thumbprint string
	// Err says why (ErrThumbprint, a *certificate.ParseError, …).
	Err error
}

// ListOptions configure LoadList. The zero value pins the Минцифры entry
// and the default size limit, and pins no signer (so no list's signature
// is verified).
type ListOptions struct {
	// HeadCAOGRN is the ОГРН of the head-CA entry whose self-signed
	// certificates become anchors; MinDigitalOGRN when empty.
	HeadCAOGRN string
	// MaxSize lowers the size limit below MaxListSize.
	MaxSize int64
	// Signers pin the signer of the list: the signature verifies only
	// with the key of one of these certificates, found either as the
	// certificate of the XMLDSig KeyInfo (byte for byte) or tried directly.
	// The certificates are trusted as given: no path to an anchor, no
	// validity period or revocation check (pin the certificate Минцифры
	// signs the list with, and its successor when it is announced).
	Signers []*certificate.Certificate
}

// LoadList reads the trusted-list XML from r (at most MaxListSize bytes;
// the read stops as soon as the limit is passed) and parses it as
// ParseList does. opts may be nil.
func LoadList(r io.Reader, opts *ListOptions) (*List, error) {
	limit := listLimit(opts)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return ParseList(data, opts)
}

// ParseList parses the trusted-list XML with encoding/xml in streaming mode:
// no DTD (a DOCTYPE is rejected, entities are not expanded), at most
// MaxListSize bytes (an oversized slice is rejected before parsing) and
// MaxListDepth levels; the root element may not reappear inside the list
// and no element may repeat an attribute. Unknown elements are ignored;
// КлючиУполномоченныхЛиц is accepted both under ПрограммноАппаратныйКомплекс
// and directly under УдостоверяющийЦентр. Certificate entries whose
// Отпечаток does not match, or whose Данные do not parse, are left out and
// listed in Rejected.
//
// The list's enveloped XMLDSig is then checked (see ListSignature and the
// package documentation): its status is recorded in List.Signature and in
// the pools' TrustSource, so that certificate.Verify reports chains built
// on an unverified or forged list. A signature problem is never an error of
// ParseList. An ETSI TS 119 612 trusted list is refused with a
// *EuropeanListError (ErrEuropeanList). opts may be nil.
func ParseList(data []byte, opts *ListOptions) (*List, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.HeadCAOGRN == "" {
		o.HeadCAOGRN = MinDigitalOGRN
	}
	if limit := listLimit(opts); int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), limit)
	}
	if IsEuropeanList(data) {
		return nil, &EuropeanListError{}
	}
	p := &tslParser{list: &List{}, opts: o}
	if err := p.parse(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	p.list.Signature = ListSignature{Status: certificate.SourceUnsigned}
	if p.sawSignature {
		p.list.Signature = verifySignature(data, o.Signers)
	}
	p.list.build(o)
	return p.list, nil
}

// listLimit is the size limit of opts.
func listLimit(opts *ListOptions) int64 {
	limit := int64(MaxListSize)
	if opts != nil && opts.MaxSize > 0 && opts.MaxSize < limit {
		limit = opts.MaxSize
	}
	return limit
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
	list  *List
	opts  ListOptions
	stack []string
	text  []byte
	ca    *CA
	key   *Key
	cert  *tslCert
	st    *StatusChange
	// skip is the depth of the Signature element whose subtree is being
	// skipped (0: none); sawSignature records that one was seen.
	skip         int
	sawSignature bool
}

// tslCert is the ДанныеСертификата entry being read.
type tslCert struct {
	thumbprint string
	data       string
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
		return nil, fmt.Errorf("%w: encoding %q, want UTF-8", ErrMalformed, label)
	}
	sawRoot := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) {
				return err
			}
			return fmt.Errorf("%w: line %d: %w", ErrMalformed, lineOf(d), err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fmt.Errorf("%w: line %d: DOCTYPE and other directives are not allowed", ErrMalformed, lineOf(d))
		case xml.StartElement:
			name := t.Name.Local
			if len(p.stack) == 0 {
				if sawRoot {
					return fmt.Errorf("%w: second root element <%s>", ErrMalformed, name)
				}
				if name != tslRoot {
					return fmt.Errorf("%w: root element <%s>, want <%s>", ErrMalformed, name, tslRoot)
				}
				sawRoot = true
			}
			if len(p.stack) >= MaxListDepth {
				return fmt.Errorf("%w: line %d: nesting deeper than %d", ErrMalformed, lineOf(d), MaxListDepth)
			}
			if len(p.stack) > 0 && name == tslRoot {
				return fmt.Errorf("%w: line %d: <%s> nested inside <%s>", ErrMalformed, lineOf(d), name, p.stack[len(p.stack)-1])
			}
			if err := uniqueAttrs(t.Attr); err != nil {
				return fmt.Errorf("%w: line %d: <%s>: %w", ErrMalformed, lineOf(d), name, err)
			}
			p.stack = append(p.stack, name)
			p.text = p.text[:0]
			if name == "Signature" && p.skip == 0 {
				// The XMLDSig (whatever its namespace) is not list content:
				// nothing under it is read, so that what the list says is
				// only what a verified signature covers.
				p.skip, p.sawSignature = len(p.stack), true
			}
			if p.skip == 0 {
				p.start(name)
			}
		case xml.EndElement:
			if len(p.stack) == 0 || p.stack[len(p.stack)-1] != t.Name.Local {
				return fmt.Errorf("%w: line %d: unexpected </%s>", ErrMalformed, lineOf(d), t.Name.Local)
			}
			if p.skip == 0 {
				p.end(t.Name.Local, strings.TrimSpace(string(p.text)))
			} else if p.skip == len(p.stack) {
				p.skip = 0
			}
			p.stack = p.stack[:len(p.stack)-1]
			p.text = p.text[:0]
		case xml.CharData:
			if len(p.stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return fmt.Errorf("%w: text outside the root element", ErrMalformed)
				}
				continue
			}
			if len(p.text)+len(t) > maxTSLText {
				return fmt.Errorf("%w: line %d: element text longer than %d bytes", ErrMalformed, lineOf(d), maxTSLText)
			}
			p.text = append(p.text, t...)
		}
	}
	if !sawRoot {
		return fmt.Errorf("%w: no <%s> element", ErrMalformed, tslRoot)
	}
	if len(p.stack) != 0 {
		return fmt.Errorf("%w: unexpected end of input inside <%s>", ErrMalformed, p.stack[len(p.stack)-1])
	}
	return nil
}

// uniqueAttrs rejects an attribute written twice (not well-formed XML,
// which encoding/xml accepts).
func uniqueAttrs(attrs []xml.Attr) error {
	if len(attrs) <= 8 {
		for i := 1; i < len(attrs); i++ {
			for j := range i {
				if attrs[i].Name == attrs[j].Name {
					return fmt.Errorf("attribute %s repeated", attrName(attrs[i].Name))
				}
			}
		}
		return nil
	}
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return fmt.Errorf("attribute %s repeated", attrName(a.Name))
		}
		seen[a.Name] = true
	}
	return nil
}

func attrName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

func (p *tslParser) start(name string) {
	par := p.parent(1)
	switch {
	case name == tslCA && par == tslRoot:
		p.ca = &CA{}
	case p.ca == nil:
	case name == tslStatus && (par == tslCA || par == tslHistory):
		p.st = &StatusChange{}
	case name == tslKey && par == tslKeys:
		p.key = &Key{}
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
		p.st.Status = Status(text)
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
			p.cert.thumbprint = text
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
		p.list.Rejected = append(p.list.Rejected, Rejected{CA: p.ca.Name, KeyID: p.key.KeyIDText, Thumbprint: p.cert.thumbprint, Err: err})
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(p.cert.data), ""))
	if err != nil || len(der) == 0 {
		reject(fmt.Errorf("%w: Данные is not base64: %v", ErrMalformed, err))
		return
	}
	c, err := certificate.ParseOne(der)
	if err != nil {
		reject(err)
		return
	}
	want := strings.ToUpper(strings.NewReplacer(" ", "", ":", "").Replace(p.cert.thumbprint))
	if want != "" {
		sum := sha1.Sum(c.Raw)
		if got := strings.ToUpper(hex.EncodeToString(sum[:])); got != want {
			reject(fmt.Errorf("%w: Отпечаток %s, certificate SHA-1 %s", ErrThumbprint, want, got))
			return
		}
	}
	p.key.Certificates = append(p.key.Certificates, c)
}

// accreditation is what the list says about the CA operating one key; it
// implements certificate.Accreditation for the key's certificates.
type accreditation struct {
	ca  *CA
	key *Key
}

func (a accreditation) CA() (name, ogrn string) { return a.ca.Name, a.ca.OGRN }

func (a accreditation) StatusAt(t time.Time) (status string, active bool, since time.Time, known bool) {
	st, since, ok := a.ca.StatusAt(t)
	return string(st), st == Active, since, ok
}

func (a accreditation) CRLURLs() []string { return a.key.CRLURLs }

// build fills the pools.
func (l *List) build(o ListOptions) {
	src := certificate.TrustSource{Name: "перечень аккредитованных УЦ", Version: l.Version, Date: l.Date, Signature: l.Signature.Status}
	var roots, inter []*certificate.Certificate
	var rootAcc, interAcc []certificate.Accreditation
	for _, ca := range l.CAs {
		ca.Head = ca.OGRN == o.HeadCAOGRN
		for _, k := range ca.Keys {
			for _, c := range k.Certificates {
				acc := accreditation{ca: ca, key: k}
				if ca.Head && c.SelfIssued() && c.CheckSignatureFrom(c) == nil {
					roots, rootAcc = append(roots, c), append(rootAcc, acc)
					continue
				}
				inter, interAcc = append(inter, c), append(interAcc, acc)
			}
		}
	}
	l.Roots = certificate.NewAccreditedPool(src, roots, rootAcc)
	l.Intermediates = certificate.NewAccreditedPool(src, inter, interAcc)
}

// CA returns the CA entry with the given ОГРН, nil if none.
func (l *List) CA(ogrn string) *CA {
	for _, ca := range l.CAs {
		if ca.OGRN == ogrn {
			return ca
		}
	}
	return nil
}

// Trust returns the trust configuration of the list: its anchors and its
// intermediates.
func (l *List) Trust() certificate.Trust {
	return certificate.Trust{Roots: l.Roots, Intermediates: l.Intermediates}
}

// parseTSLTime reads RFC 3339 date-times and dates, with or without a zone
// (Moscow time assumed without one).
func parseTSLTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02Z07:00", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, msk.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("trust: date %q", s)
}
