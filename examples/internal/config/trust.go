package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
)

// Trust are the trust inputs: anchors, intermediates, CRLs, OCSP responses
// and the pinned signers of a trusted list.
type Trust struct {
	Trust, CA, CRL, OCSP, TSLSigner List
	TSLHeadOGRN                     string
	RequireCRL                      bool
	// Name is the program or command, for the notes written to Stderr.
	Name string
	// Stderr is where certificates left out are listed (nil: nowhere).
	Stderr io.Writer
}

// Register adds the trust flags to fs.
func (t *Trust) Register(fs *flag.FlagSet) {
	fs.Var(&t.Trust, "trust", "trust anchors: root certificates (PEM/DER, several per `FILE`, or a directory of such files) "+
		"or a trusted-list XML (АккредитованныеУдостоверяющиеЦентры); without --trust no chain can be trusted")
	fs.Var(&t.CA, "ca", "intermediate CA certificates (PEM/DER, several per `FILE`, or a directory of such files); "+
		"certificates that cannot be read are left out and listed on stderr")
	fs.Var(&t.CRL, "crl", "certificate revocation list (DER or PEM, several PEM blocks per `FILE`)")
	fs.Var(&t.OCSP, "ocsp", "OCSP response (DER, PEM or base64; an OCSPResponse or a BasicOCSPResponse per `FILE`)")
	fs.StringVar(&t.TSLHeadOGRN, "tsl-head-ogrn", trust.MinDigitalOGRN,
		"`OGRN` of the head CA whose self-signed certificates in a trusted-list XML become anchors "+
			"(the fixtures' list: 1373668222168)")
	fs.Var(&t.TSLSigner, "tsl-signer", "certificate (PEM/DER) the trusted-list XML must be signed with; "+
		"without it a list's XMLDSig is not trusted and its chains are reported as not verified (the fixtures' list: pki/trusted-list-signer.pem)")
	fs.BoolVar(&t.RequireCRL, "require-crl", false, "fail (instead of warn) when a certificate's revocation cannot be checked")
}

// Key identifies the trust configuration by its flags.
func (t *Trust) Key() string {
	return Key(t.Trust, t.CA, t.CRL, t.OCSP, t.TSLSigner, t.TSLHeadOGRN, t.RequireCRL)
}

// Read loads the trust files (package certificate/trust decides what each
// file is). A file that cannot be read or used is an error (a usage error
// for the caller): trust inputs are configuration, not the documents under
// check.
func (t *Trust) Read() (certificate.Trust, error) {
	var files trust.Files
	files.List.HeadCAOGRN = t.TSLHeadOGRN
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
				data, err := ReadFile(flag, f)
				if err != nil {
					return nil, err
				}
				out = append(out, trust.File{Name: "--" + flag + " " + f, Data: data})
			}
		}
		return out, nil
	}
	var err error
	if files.Anchors, err = read("trust", t.Trust); err != nil {
		return certificate.Trust{}, err
	}
	if files.CAs, err = read("ca", t.CA); err != nil {
		return certificate.Trust{}, err
	}
	if files.CRLs, err = read("crl", t.CRL); err != nil {
		return certificate.Trust{}, err
	}
	if files.OCSP, err = read("ocsp", t.OCSP); err != nil {
		return certificate.Trust{}, err
	}
	signers, err := read("tsl-signer", t.TSLSigner)
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
	if n := len(loaded.Skipped); n > 0 && t.Stderr != nil {
		fmt.Fprintf(t.Stderr, "registrar %s: %d сертификат(ов) из файлов доверия не прочитано и не используется / %d certificate(s) left out:\n", t.Name, n, n)
		for _, s := range loaded.Skipped {
			fmt.Fprintf(t.Stderr, "  %s: %s\n", s.File, s.Err.MessageRU())
		}
	}
	if t.RequireCRL {
		tr.RevocationMode = certificate.RevocationRequire
	}
	return tr, nil
}
