package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
)

// Sources are the inputs of an upload check besides trust and the
// documents: the ФНС registry of МЧД, ЕГРЮЛ, the CAs accepted for heads,
// the facts accepted unchecked and the power required.
type Sources struct {
	HeadIssuers               List
	EGRULFile                 string
	RegistryFile, RegistryURL string
	RegistryHeaders           List
	RegistryTimeout           time.Duration
	AllowUnchecked            string
	Power                     string
}

// Register adds the flags of the sources to fs.
func (s *Sources) Register(fs *flag.FlagSet) {
	fs.Var(&s.HeadIssuers, "head-issuer", "accept a CA for certificates of heads and entrepreneurs besides ФНС, "+
		"Казначейство and Банк России: `OGRN[:INNLE]`")
	fs.StringVar(&s.EGRULFile, "egrul-file", "", "ЕГРЮЛ records of organisations, JSON `FILE`")
	fs.StringVar(&s.RegistryFile, "registry-file", "", "copy of the ФНС registry of МЧД: JSON `FILE` {\"<НомДовер>\": \"active\"|\"revoked\"|…}")
	fs.StringVar(&s.RegistryURL, "registry-url", "", "registry check service: `URL` template with {number} "+
		"(and optionally {principal_inn}, {representative_inn})")
	fs.Var(&s.RegistryHeaders, "registry-header", "header for --registry-url: `\"Name: value\"` (repeatable)")
	fs.DurationVar(&s.RegistryTimeout, "registry-timeout", mchd.DefaultRegistryTimeout, "bound of one --registry-url request: `DURATION`")
	RegisterAllowUnchecked(fs, &s.AllowUnchecked)
	fs.StringVar(&s.Power, "power", "", "power `CODE` the МЧД must grant (default EGISZ_LK_01)")
}

// RegisterAllowUnchecked adds --allow-unchecked to fs.
func RegisterAllowUnchecked(fs *flag.FlagSet, dst *string) {
	fs.StringVar(dst, "allow-unchecked", "", "facts to accept unchecked, comma-separated `LIST` of "+WaiverNames()+
		": a check left undecided only for want of such a fact is a warning instead of indeterminate (exit 3)")
}

// WaiverNames lists the names --allow-unchecked accepts.
func WaiverNames() string {
	names := make([]string, 0, len(check.Waivers()))
	for _, w := range check.Waivers() {
		names = append(names, string(w))
	}
	return strings.Join(names, ", ")
}

// Key identifies the sources by their flags.
func (s *Sources) Key() string {
	return Key(s.HeadIssuers, s.EGRULFile, s.RegistryFile, s.RegistryURL, s.RegistryHeaders, s.RegistryTimeout, s.Power, s.AllowUnchecked)
}

// Options reads the sources into opts: the head issuers, the registry,
// ЕГРЮЛ, the waivers and the power. The error is a usage error.
func (s *Sources) Options(opts *application.CheckOptions) error {
	waivers, err := check.ParseWaivers(s.AllowUnchecked)
	if err != nil {
		return fmt.Errorf("--allow-unchecked: %w", err)
	}
	opts.AllowUnchecked, opts.RequiredPower = waivers, s.Power
	if len(s.HeadIssuers) > 0 {
		issuers := certificate.DefaultHeadIssuers()
		for _, v := range s.HeadIssuers {
			i, err := ParseIssuer(v)
			if err != nil {
				return err
			}
			issuers = append(issuers, i)
		}
		opts.Certificate = &certificate.Options{HeadIssuers: issuers}
	}
	if opts.Registry, err = s.Registry(); err != nil {
		return err
	}
	if s.EGRULFile != "" {
		data, err := ReadFile("egrul-file", s.EGRULFile)
		if err != nil {
			return err
		}
		f, err := application.ParseEGRULFile(data)
		if err != nil {
			var fe *application.EGRULFileError
			if errors.As(err, &fe) {
				return fmt.Errorf("--egrul-file %s: %s (%v)", s.EGRULFile, fe.MessageRU(), err)
			}
			return fmt.Errorf("--egrul-file %s: %w", s.EGRULFile, err)
		}
		opts.EGRUL = f
	}
	return nil
}

// Registry returns the МЧД registry of --registry-file or --registry-url;
// nil when neither is given.
func (s *Sources) Registry() (mchd.StatusChecker, error) {
	switch {
	case s.RegistryFile != "" && s.RegistryURL != "":
		return nil, fmt.Errorf("give the registry either as --registry-file or as --registry-url, not both")
	case len(s.RegistryHeaders) > 0 && s.RegistryURL == "":
		return nil, fmt.Errorf("--registry-header needs --registry-url")
	case s.RegistryFile != "":
		data, err := ReadFile("registry-file", s.RegistryFile)
		if err != nil {
			return nil, err
		}
		f, err := mchd.ParseStatusFile(data)
		if err != nil {
			var fe *mchd.StatusFileError
			if errors.As(err, &fe) {
				return nil, fmt.Errorf("--registry-file %s: %s (%v)", s.RegistryFile, fe.MessageRU(), err)
			}
			return nil, fmt.Errorf("--registry-file %s: %w", s.RegistryFile, err)
		}
		return f, nil
	case s.RegistryURL != "":
		if !strings.Contains(s.RegistryURL, "{number}") {
			return nil, fmt.Errorf("--registry-url %q: the template needs {number}", s.RegistryURL)
		}
		if uu, err := url.Parse(strings.ReplaceAll(s.RegistryURL, "{number}", "x")); err != nil ||
			uu.Scheme != "http" && uu.Scheme != "https" || uu.Host == "" {
			return nil, fmt.Errorf("--registry-url %q: want an http or https address", s.RegistryURL)
		}
		if s.RegistryTimeout <= 0 {
			return nil, fmt.Errorf("--registry-timeout %s: want a positive duration", s.RegistryTimeout)
		}
		h := http.Header{}
		for _, kv := range s.RegistryHeaders {
			name, value, ok := strings.Cut(kv, ":")
			if name = strings.TrimSpace(name); !ok || name == "" || strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("--registry-header %q: want \"Name: value\"", kv)
			}
			h.Add(name, strings.TrimSpace(value))
		}
		return &mchd.HTTPStatus{URL: s.RegistryURL, Headers: h, Timeout: s.RegistryTimeout}, nil
	}
	return nil, nil
}

// ParseIssuer reads OGRN[:INNLE] (either part may be empty, not both),
// each with valid control digits.
func ParseIssuer(s string) (certificate.Issuer, error) {
	ogrn, innle, _ := strings.Cut(strings.TrimSpace(s), ":")
	bad := ogrn == "" && innle == ""
	if ogrn != "" {
		_, err := ident.ParseOGRN(ogrn)
		bad = bad || err != nil
	}
	if innle != "" {
		_, err := ident.ParseINNLE(innle)
		bad = bad || err != nil
	}
	if bad {
		return certificate.Issuer{}, fmt.Errorf("--head-issuer %q: want OGRN[:INNLE], a valid 13-digit ОГРН and 10-digit ИНН", s)
	}
	return certificate.Issuer{Name: "--head-issuer " + s, OGRN: ogrn, INNLE: innle}, nil
}

// DecodeApplicant reads the applicant JSON ({"surname", "given_name",
// "patronymic", "snils", "inn", "email", "phone", "account_level"});
// unknown fields are an error.
func DecodeApplicant(data []byte) (*application.Applicant, error) {
	var a application.Applicant
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the JSON object")
	}
	return &a, nil
}

// LoadApplicant reads an applicant JSON file named by a flag.
func LoadApplicant(flagName, path string) (*application.Applicant, error) {
	data, err := ReadFile(flagName, path)
	if err != nil {
		return nil, err
	}
	a, err := DecodeApplicant(data)
	if err != nil {
		return nil, fmt.Errorf("--%s %s: not an applicant JSON: %w", flagName, path, err)
	}
	return a, nil
}
