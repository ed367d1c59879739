package gost3410

import (
	"encoding/asn1"
	"fmt"
	"math/big"
	"slices"
	"sync"
)

//go:generate go run gen.go

// Window sizes of the scalar multiplications (per field size; ec512.go
// uses the 512 names).
const (
	gWindow256    = 7                     // wNAF width for the base point (precomputed table)
	qWindow256    = 5                     // wNAF width for the public key (table built per verification)
	gWindow512    = 8                     // longer scalars: wider windows pay off
	qWindow512    = 6                     //
	gTableSize256 = 1 << (gWindow256 - 2) // odd multiples G … (2^(w−1)−1)·G
	qTableSize256 = 1 << (qWindow256 - 2)
	gTableSize512 = 1 << (gWindow512 - 2)
	qTableSize512 = 1 << (qWindow512 - 2)
	ctTableSize   = 16 // 0·G … 15·G for the 4-bit fixed window of signing

	// A precomputed key (prep256.go) splits each scalar into splitParts
	// pieces, with a table of 32 odd multiples per piece: 16 KiB per
	// 256-bit key, 32 KiB per 512-bit key (half as much again in the
	// Edwards model).
	splitParts        = 8
	splitWindow256    = 7
	splitWindow512    = 7
	splitTableSize256 = 1 << (splitWindow256 - 2)
	splitTableSize512 = 1 << (splitWindow512 - 2)

	// maxScalarTries bounds rejection sampling; a working random source
	// needs more than a few tries with negligible probability.
	maxScalarTries = 100
)

// Curve is a GOST R 34.10-2012 elliptic-curve parameter set. The values
// returned by [Curves], [CurveByOID] and [CurveByName] are shared and must not
// be modified. Parameter sets that are aliases of each other (CryptoPro-A,
// CryptoPro-XchA and tc26-256-B, for example) are distinct Curve values with
// their own Name and OID but share the arithmetic.
type Curve struct {
	// Name is the short name used throughout this package, e.g. "CryptoPro-A"
	// or "tc26-512-C".
	Name string
	// OID is the parameter-set object identifier (publicKeyParamSet).
	OID asn1.ObjectIdentifier
	// Twisted reports that the curve is a twisted Edwards curve (cofactor 4),
	// handled here in its equivalent short Weierstrass form.
	Twisted bool

	oid          asn1.ObjectIdentifier // private copy used for lookups and encoding
	size         int                   // coordinate size in bytes: 32 or 64
	digestParams bool                  // SubjectPublicKeyInfo carries digestParamSet
	params       CurveParams
	ar           *arith // shared by aliases, built on first use
}

// arith is the lazily built arithmetic context of one set of domain
// parameters (shared by aliases). Building it costs a few milliseconds for
// the twisted Edwards sets, so it is deferred from package initialisation to
// the first use of the curve.
type arith struct {
	once   sync.Once
	params CurveParams
	c256   *curve256
	c512   *curve512
}

func (a *arith) build() {
	p := a.params
	if p.P.BitLen() <= 256 {
		a.c256 = newCurve256(p.P, p.A, p.B, p.Q, p.X, p.Y, p.Cofactor)
	} else {
		a.c512 = newCurve512(p.P, p.A, p.B, p.Q, p.X, p.Y, p.Cofactor)
	}
}

// a256 returns the arithmetic of a 256-bit curve (nil for 512-bit curves).
func (c *Curve) a256() *curve256 {
	c.ar.once.Do(c.ar.build)
	return c.ar.c256
}

// a512 returns the arithmetic of a 512-bit curve (nil for 256-bit curves).
func (c *Curve) a512() *curve512 {
	c.ar.once.Do(c.ar.build)
	return c.ar.c512
}

// CurveParams are the textbook domain parameters of a [Curve]: the curve
// y² = x³ + A·x + B over GF(P) with base point (X, Y) of prime order Q and
// the given cofactor.
type CurveParams struct {
	P, A, B, Q, X, Y *big.Int
	Cofactor         int
}

// PointSize returns the size in bytes of one coordinate, of a private key and
// of each half of a signature: 32 for 256-bit curves, 64 for 512-bit curves.
func (c *Curve) PointSize() int { return c.size }

// SignatureSize returns the length of a signature s‖r in bytes (64 or 128).
func (c *Curve) SignatureSize() int { return 2 * c.size }

// DigestSize returns the length of the Streebog digest used with the curve in
// bytes (32 for Streebog-256, 64 for Streebog-512).
func (c *Curve) DigestSize() int { return c.size }

// Params returns a copy of the curve's domain parameters.
func (c *Curve) Params() CurveParams {
	cp := func(x *big.Int) *big.Int { return new(big.Int).Set(x) }
	p := c.params
	return CurveParams{P: cp(p.P), A: cp(p.A), B: cp(p.B), Q: cp(p.Q), X: cp(p.X), Y: cp(p.Y), Cofactor: p.Cofactor}
}

// String returns the curve's Name.
func (c *Curve) String() string { return c.Name }

// curveDef is the textbook description of one arithmetic (shared by aliases).
type curveDef struct {
	p, a, b, q, x, y string
	cofactor         int
}

var (
	defTest256 = &curveDef{
		p:        "8000000000000000000000000000000000000000000000000000000000000431",
		a:        "7",
		b:        "5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E",
		q:        "8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3",
		x:        "2",
		y:        "08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8",
		cofactor: 1,
	}
	defCryptoProA = &curveDef{
		p:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
		a:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94",
		b:        "A6",
		q:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893",
		x:        "1",
		y:        "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14",
		cofactor: 1,
	}
	defCryptoProB = &curveDef{
		p:        "8000000000000000000000000000000000000000000000000000000000000C99",
		a:        "8000000000000000000000000000000000000000000000000000000000000C96",
		b:        "3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B",
		q:        "800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F",
		x:        "1",
		y:        "3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC",
		cofactor: 1,
	}
	defCryptoProC = &curveDef{
		p:        "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B",
		a:        "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D7598",
		b:        "805A",
		q:        "9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9",
		x:        "0",
		y:        "41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67",
		cofactor: 1,
	}
	defTC26256A = &curveDef{
		p:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
		a:        "C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335",
		b:        "295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513",
		q:        "400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67",
		x:        "91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28",
		y:        "32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C",
		cofactor: 4,
	}
	defTest512 = &curveDef{
		p:        "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15DF1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373",
		a:        "7",
		b:        "1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC4361834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC",
		q:        "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15DA82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF",
		x:        "24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A",
		y:        "2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E",
		cofactor: 1,
	}
	defTC26512A = &curveDef{
		p:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
		a:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
		b:        "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
		q:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
		x:        "3",
		y:        "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
		cofactor: 1,
	}
	defTC26512B = &curveDef{
		p:        "8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006F",
		a:        "8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006C",
		b:        "687D1B459DC841457E3E06CF6F5E2517B97C7D614AF138BCBF85DC806C4B289F3E965D2DB1416D217F8B276FAD1AB69C50F78BEE1FA3106EFB8CCBC7C5140116",
		q:        "800000000000000000000000000000000000000000000000000000000000000149A1EC142565A545ACFDB77BD9D40CFA8B996712101BEA0EC6346C54374F25BD",
		x:        "2",
		y:        "1A8F7EDA389B094C2C071E3647A8940F3C123B697578C213BE6DD9E6C8EC7335DCB228FD1EDF4A39152CBCAAF8C0398828041055F94CEEEC7E21340780FE41BD",
		cofactor: 1,
	}
	defTC26512C = &curveDef{
		p:        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
		a:        "DC9203E514A721875485A529D2C722FB187BC8980EB866644DE41C68E143064546E861C0E2C9EDD92ADE71F46FCF50FF2AD97F951FDA9F2A2EB6546F39689BD3",
		b:        "B4C4EE28CEBC6C2C8AC12952CF37F16AC7EFB6A9F69F4B57FFDA2E4F0DE5ADE038CBC2FFF719D2C18DE0284B8BFEF3B52B8CC7A5F5BF0A3C8D2319A5312557E1",
		q:        "3FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC98CDBA46506AB004C33A9FF5147502CC8EDA9E7A769A12694623CEF47F023ED",
		x:        "E2E31EDFC23DE7BDEBE241CE593EF5DE2295B7A9CBAEF021D385F7074CEA043AA27272A7AE602BF2A7B9033DB9ED3610C6FB85487EAE97AAC5BC7928C1950148",
		y:        "F5CE40D95B5EB899ABBCCFF5911CB8577939804D6527378B8C108C3D2090FF9BE18E2D33E3021ED2EF32D85822423B6304F726AA854BAE07D0396E9A9ADDC40F",
		cofactor: 4,
	}
)

// curveList is the registry in the order returned by Curves.
var curveList = []struct {
	name         string
	oid          asn1.ObjectIdentifier
	def          *curveDef
	twisted      bool
	digestParams bool
}{
	{"GostR3410-2001-TestParamSet", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0}, defTest256, false, true},
	{"CryptoPro-A", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 1}, defCryptoProA, false, true},
	{"CryptoPro-B", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 2}, defCryptoProB, false, true},
	{"CryptoPro-C", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 3}, defCryptoProC, false, true},
	{"CryptoPro-XchA", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 0}, defCryptoProA, false, true},
	{"CryptoPro-XchB", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 1}, defCryptoProC, false, true},
	{"tc26-256-A", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}, defTC26256A, true, false},
	{"tc26-256-B", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 2}, defCryptoProA, false, false},
	{"tc26-256-C", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 3}, defCryptoProB, false, false},
	{"tc26-256-D", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 4}, defCryptoProC, false, false},
	{"tc26-512-Test", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 0}, defTest512, false, false},
	{"tc26-512-A", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}, defTC26512A, false, true},
	{"tc26-512-B", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 2}, defTC26512B, false, true},
	{"tc26-512-C", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 3}, defTC26512C, true, false},
}

var curves = buildCurves()

// abs16 returns |d| for a wNAF digit.
func abs16(d int16) int16 {
	if d < 0 {
		return -d
	}
	return d
}

func mustHex(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("gost3410: bad curve constant " + s)
	}
	return v
}

func buildCurves() []*Curve {
	shared := make(map[*curveDef]*arith)
	out := make([]*Curve, 0, len(curveList))
	for _, e := range curveList {
		d := e.def
		params := CurveParams{
			P: mustHex(d.p), A: mustHex(d.a), B: mustHex(d.b),
			Q: mustHex(d.q), X: mustHex(d.x), Y: mustHex(d.y),
			Cofactor: d.cofactor,
		}
		ar, ok := shared[d]
		if !ok {
			ar = &arith{params: params}
			shared[d] = ar
		}
		size := 32
		if params.P.BitLen() > 256 {
			size = 64
		}
		out = append(out, &Curve{
			Name:         e.name,
			OID:          slices.Clone(e.oid),
			Twisted:      e.twisted,
			oid:          e.oid,
			size:         size,
			digestParams: e.digestParams,
			params:       params,
			ar:           ar,
		})
	}
	return out
}

// Curves returns every supported parameter set in a stable order: the
// 256-bit sets (GostR3410-2001-TestParamSet, CryptoPro-A, -B, -C, -XchA,
// -XchB, tc26-256-A … -D) followed by the 512-bit sets (tc26-512-Test,
// tc26-512-A, -B, -C). The slice is a fresh copy; the curves are shared.
func Curves() []*Curve { return slices.Clone(curves) }

// CurveByOID returns the parameter set with the given publicKeyParamSet OID.
// The error wraps [ErrUnknownCurve].
func CurveByOID(oid asn1.ObjectIdentifier) (*Curve, error) {
	for _, c := range curves {
		if c.oid.Equal(oid) {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: OID %v", ErrUnknownCurve, oid)
}

// CurveByName returns the parameter set with the given Name (exact match,
// e.g. "CryptoPro-A", "tc26-512-C"). The error wraps [ErrUnknownCurve].
func CurveByName(name string) (*Curve, error) {
	for _, c := range curves {
		if c.Name == name {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: name %q", ErrUnknownCurve, name)
}
