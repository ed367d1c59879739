package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
)

// trustFlags are the trust inputs shared by check, verify and application:
// anchors, intermediates, CRLs.
type trustFlags struct {
	trust, ca, crl, ocsp, tslSigner listFlag
	tslHeadOGRN                     string
	requireCRL                      bool
	name                            string    // the command, for notes on stderr
	stderr                          io.Writer // where certificates left out are listed
}

func (t *trustFlags) register(c *cmd) {
	t.name, t.stderr = c.name, c.stderr
	c.fs.Var(&t.trust, "trust", "trust anchors: root certificates (PEM/DER, several per `FILE`, or a directory of such files) "+
		"or a trusted-list XML (АккредитованныеУдостоверяющиеЦентры); without --trust no chain can be trusted")
	c.fs.Var(&t.ca, "ca", "intermediate CA certificates (PEM/DER, several per `FILE`, or a directory of such files); "+
		"certificates that cannot be read are left out and listed on stderr")
	c.fs.Var(&t.crl, "crl", "certificate revocation list (DER or PEM, several PEM blocks per `FILE`)")
	c.fs.Var(&t.ocsp, "ocsp", "OCSP response (DER, PEM or base64; an OCSPResponse or a BasicOCSPResponse per `FILE`)")
	c.fs.StringVar(&t.tslHeadOGRN, "tsl-head-ogrn", trust.MinDigitalOGRN,
		"`OGRN` of the head CA whose self-signed certificates in a trusted-list XML become anchors "+
			"(the fixtures' list: 1373668222168)")
	c.fs.Var(&t.tslSigner, "tsl-signer", "certificate (PEM/DER) the trusted-list XML must be signed with; "+
		"without it a list's XMLDSig is not trusted and its chains are reported as not verified (the fixtures' list: pki/trusted-list-signer.pem)")
	c.fs.BoolVar(&t.requireCRL, "require-crl", false, "fail (instead of warn) when a certificate's revocation cannot be checked")
}

// load reads the files into the trust configuration (package
// certificate/trust decides what each file is) and returns the chain
// options at time at. A file that cannot be read or used is an error (a
// usage error for the caller): trust inputs are configuration, not the
// documents under check.
func (t *trustFlags) load(at time.Time) (certificate.VerifyOptions, error) {
	tr, err := cachedTrust(t.key(), t.read)
	if err != nil {
		return certificate.VerifyOptions{}, err
	}
	return certificate.VerifyOptions{Trust: tr, At: at}, nil
}

// key identifies the trust configuration by its flags.
func (t *trustFlags) key() string {
	return configKey(t.trust, t.ca, t.crl, t.ocsp, t.tslSigner, t.tslHeadOGRN, t.requireCRL)
}

// read loads the trust files (see load).
func (t *trustFlags) read() (certificate.Trust, error) {
	var files trust.Files
	files.List.HeadCAOGRN = t.tslHeadOGRN
	read := func(flag string, paths []string) ([]trust.File, error) {
		var out []trust.File
		for _, path := range paths {
			files := []string{path}
			if fi, err := os.Stat(path); err == nil && fi.IsDir() && flag != "tsl-signer" {
				// A directory: every regular file in it (not recursive),
				// in name order.
				entries, err := os.ReadDir(path)
				if err != nil {
					return nil, fmt.Errorf("--%s: %w", flag, err)
				}
				files = files[:0]
				for _, e := range entries {
					if e.Type().IsRegular() {
						files = append(files, filepath.Join(path, e.Name()))
					}
				}
			}
			for _, f := range files {
				data, err := readFile(flag, f)
				if err != nil {
					return nil, err
				}
				out = append(out, trust.File{Name: "--" + flag + " " + f, Data: data})
			}
		}
		return out, nil
	}
	var err error
	if files.Anchors, err = read("trust", t.trust); err != nil {
		return certificate.Trust{}, err
	}
	if files.CAs, err = read("ca", t.ca); err != nil {
		return certificate.Trust{}, err
	}
	if files.CRLs, err = read("crl", t.crl); err != nil {
		return certificate.Trust{}, err
	}
	if files.OCSP, err = read("ocsp", t.ocsp); err != nil {
		return certificate.Trust{}, err
	}
	signers, err := read("tsl-signer", t.tslSigner)
	if err != nil {
		return certificate.Trust{}, err
	}
	for _, f := range signers {
		certs, err := certificate.Parse(f.Data)
		if err != nil {
			return certificate.Trust{}, fmt.Errorf("%s: %w", f.Name, err)
		}
		files.List.Signers = append(files.List.Signers, certs...)
	}
	tr, loaded, err := trust.Load(files)
	var eu *trust.EuropeanListError
	if errors.As(err, &eu) {
		return certificate.Trust{}, errors.New(eu.MessageRU())
	}
	if errors.Is(err, trust.ErrNoHeadCA) {
		return certificate.Trust{}, fmt.Errorf("%w (set --tsl-head-ogrn)", err)
	}
	if err != nil {
		return certificate.Trust{}, err
	}
	if n := len(loaded.Skipped); n > 0 && t.stderr != nil {
		fmt.Fprintf(t.stderr, "registrar %s: %d сертификат(ов) из файлов доверия не прочитано и не используется / %d certificate(s) left out:\n", t.name, n, n)
		for _, s := range loaded.Skipped {
			fmt.Fprintf(t.stderr, "  %s: %s\n", s.File, s.Err.MessageRU())
		}
	}
	if t.requireCRL {
		tr.RevocationMode = certificate.RevocationRequire
	}
	return tr, nil
}
