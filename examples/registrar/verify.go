package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/signature"
)

const verifySynopsis = "--content FILE --sig FILE [--trust FILE]... [--ca FILE]... [--crl FILE]... [--at RFC3339] [--json]"

const verifyAbout = `Verifies a CMS (CAdES-BES) signature with GOST R 34.10-2012: the signed
content (--content for a detached signature; optional for an attached one,
then it must equal the embedded content), every signer's signature value and
attributes, and the signer certificate's chain to a --trust anchor with
revocation from --crl. Without --at the certificate is validated now.

Exit status: 0 valid and trusted, 1 invalid or not trusted, 2 usage error or
unreadable file, 3 indeterminate (a fact the verdict depends on could not be
checked: revocation data, proof of existence, the trusted list's signature).`

// verifyJSON is the JSON of verify.
type verifyJSON struct {
	Verdict  string        `json:"verdict"`
	Format   string        `json:"format,omitempty"`
	Detached bool          `json:"detached"`
	At       *time.Time    `json:"at,omitempty"`
	Signers  []signerJSON  `json:"signers"`
	Checks   check.Results `json:"checks"`
	Content  *contentFacts `json:"content,omitempty"`
}

type contentFacts struct {
	Bytes int `json:"bytes"`
}

// signerJSON are the facts of one signer.
type signerJSON struct {
	Index       int        `json:"index"`
	Subject     string     `json:"subject,omitempty"`
	Issuer      string     `json:"issuer,omitempty"`
	Serial      string     `json:"serial,omitempty"`
	SNILS       string     `json:"snils,omitempty"`
	INN         string     `json:"inn,omitempty"`
	OGRN        string     `json:"ogrn,omitempty"`
	Kind        string     `json:"kind,omitempty"`
	SigningTime *time.Time `json:"signing_time,omitempty"`
	// Level is the CAdES level of the signer's attributes.
	Level signature.Level `json:"level"`
	// Timestamps are the signer's timestamp tokens (CAdES-T, -C, -A);
	// BestSignatureTime is the earliest verified genTime.
	Timestamps        []signature.TimestampResult `json:"timestamps,omitempty"`
	BestSignatureTime *time.Time                  `json:"best_signature_time,omitempty"`
	// ValidationTime is when the signer certificate was validated, and
	// ValidationTimeSource why.
	ValidationTime       time.Time            `json:"validation_time"`
	ValidationTimeSource signature.TimeSource `json:"validation_time_source"`
	Verdict              check.Status         `json:"verdict"`
}

func signerFacts(s signature.SignerResult) signerJSON {
	j := signerJSON{Index: s.Index + 1, Verdict: s.Verdict}
	if c := s.Certificate; c != nil {
		j.Subject, j.Issuer = c.Subject.String(), c.Issuer.String()
		j.Serial = strings.ToUpper(c.SerialNumber.Text(16))
		j.SNILS, j.INN, j.OGRN = idValue(c.Subject.SNILS), idValue(c.Subject.INN), idValue(c.Subject.OGRN)
		j.Kind = c.Classify(nil).Kind.String()
	}
	if s.HasSigningTime {
		t := s.SigningTime
		j.SigningTime = &t
	}
	j.Level = s.Level
	j.Timestamps = s.Timestamps
	if !s.BestSignatureTime.IsZero() {
		t := s.BestSignatureTime
		j.BestSignatureTime = &t
	}
	j.ValidationTime, j.ValidationTimeSource = s.ValidationTime, s.ValidationTimeSource
	return j
}

// timeSourceRU says why a signer's certificate was validated when it was.
func timeSourceRU(s signature.TimeSource) string {
	switch s {
	case signature.SourceSignatureTimestamp:
		return "время штампа времени (доказательство существования подписи) / timestamp"
	case signature.SourceSigningTimeClaim:
		return "время подписания, указанное подписантом / signing-time claim"
	}
	return "момент проверки / validation time"
}

func idValue(id certificate.Identifier) string {
	if !id.Present {
		return ""
	}
	return id.Value
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	c := newCmd("verify", verifySynopsis, verifyAbout, stdout, stderr)
	var trust trustFlags
	content := c.fs.String("content", "", "the signed `FILE` (required for a detached signature)")
	sigPath := c.fs.String("sig", "", "the signature `FILE` (DER, BER, PEM or base64; required)")
	trust.register(c)
	atFlag := c.fs.String("at", "", "validation time of the signer certificate, `RFC3339` (default now)")
	jsonOut := c.fs.Bool("json", false, "print the result as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	var allow string
	registerAllowUnchecked(c, &allow)
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("sig"); code >= 0 {
		return code
	}
	waivers, err := check.ParseWaivers(allow)
	if err != nil {
		return c.fail("--allow-unchecked: %v", err)
	}
	at, fixed, err := parseAt(*atFlag)
	if err != nil {
		return c.fail("%v", err)
	}
	sig, err := readFile("sig", *sigPath)
	if err != nil {
		return c.fail("%v", err)
	}
	var data []byte
	if *content != "" {
		if data, err = readFile("content", *content); err != nil {
			return c.fail("%v", err)
		}
	}
	chain, err := trust.load(at)
	if err != nil {
		return c.fail("%v", err)
	}
	out := verifyJSON{Signers: []signerJSON{}}
	if fixed {
		out.At = &at
	}
	sd, parsed := signature.ParseResult(sig)
	out.Checks = check.Results{parsed}
	if sd != nil {
		if sd.Detached && data == nil {
			return c.fail("the signature is detached: give the signed file with --content")
		}
		cfg := application.CheckOptions{Trust: chain.Trust, AllowUnchecked: waivers}
		if fixed {
			cfg.At = at
		}
		opts := checkerFor(configKey(trust.key(), cfg.At, waivers), cfg).SignatureOptions()
		res := sd.Verify(data, opts)
		out.Format, out.Detached = sd.Format, sd.Detached
		out.Content = &contentFacts{Bytes: len(data)}
		if !sd.Detached {
			out.Content.Bytes = len(sd.Content)
		}
		for _, s := range res.Signers {
			out.Signers = append(out.Signers, signerFacts(s))
		}
		out.Checks = append(out.Checks, res.All()...)
	}
	// Three verdicts (ETSI EN 319 102-1): invalid when a check failed,
	// indeterminate when nothing failed but a fact could not be checked
	// (no revocation data, an expired certificate without a timestamp…),
	// else valid.
	indication, _ := out.Checks.Indication()
	if err != nil || len(out.Signers) == 0 {
		indication = check.IndicationFailed
	}
	code := map[check.Indication]int{check.IndicationPassed: exitOK, check.IndicationIndeterminate: exitIndeterminate}[indication]
	out.Verdict = map[check.Indication]string{check.IndicationPassed: "valid", check.IndicationIndeterminate: "indeterminate"}[indication]
	if indication == check.IndicationFailed {
		code, out.Verdict = exitRejected, "invalid"
	}
	if *jsonOut {
		if err := writeJSON(stdout, out); err != nil {
			fmt.Fprintf(stderr, "registrar verify: %v\n", err)
			return exitUsage
		}
	} else {
		printVerify(newUI(stdout), out, indication, chain.Roots == nil, *verbose)
	}
	return code
}

func printVerify(u *ui, v verifyJSON, indication check.Indication, noTrust, verbose bool) {
	u.title("Проверка подписи / signature verification")
	kind := "присоединённая / attached"
	if v.Detached {
		kind = "отсоединённая / detached"
	}
	fs := []field{{"Формат / format", v.Format}}
	if v.Format != "" {
		fs = append(fs, field{"Вид / type", kind})
	}
	if v.At != nil {
		fs = append(fs, field{"Проверено на / at", msk.DateTimeSeconds(*v.At)})
	}
	for _, s := range v.Signers {
		who := s.Subject
		if who == "" {
			who = "сертификат не найден / certificate not found"
		}
		if s.SigningTime != nil {
			who += "; подписано / signed " + msk.DateTimeSeconds(*s.SigningTime)
		}
		fs = append(fs, field{fmt.Sprintf("Подписант / signer %d", s.Index), who})
		fs = append(fs, field{"  Формат подписи / level", string(s.Level)})
		for k, t := range s.Timestamps {
			state := "проверен / verified"
			if !t.Verified {
				state = "не проверен / not verified"
			}
			fs = append(fs, field{fmt.Sprintf("  Штамп времени / timestamp %d", k+1),
				fmt.Sprintf("%s, %s, %s", t.Kind, msk.DateTimeSeconds(t.GenTime), state)})
		}
		if !s.ValidationTime.IsZero() {
			fs = append(fs, field{"  Сертификат проверен на / certificate at", msk.DateTimeSeconds(s.ValidationTime) + " — " + timeSourceRU(s.ValidationTimeSource)})
		}
	}
	var verdict string
	switch indication {
	case check.IndicationPassed:
		verdict = u.verdict(true, "подпись верна", "valid")
	case check.IndicationIndeterminate:
		verdict = u.paint(ansiYellow+ansiBold, "ПОДПИСЬ НЕ УДАЛОСЬ ПРОВЕРИТЬ ДО КОНЦА (indeterminate)")
	default:
		verdict = u.verdict(false, "подпись не подтверждена", "invalid")
	}
	fs = append(fs, field{"Итог / verdict", verdict})
	u.fields(fs)
	if noTrust {
		u.printf("  %s\n", u.paint(ansiYellow, "Не задан --trust: доверенных корневых сертификатов нет, цепочка не может быть доверенной / no --trust given"))
	}
	u.results(v.Checks, verbose)
}
