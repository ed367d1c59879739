package mchd_test

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/egisz-lk/registrar/mchd"
)

// The differential tests: Parse and the etree-based parser it replaced
// (mchd.OldParse, kept in a test file) give deep-equal documents, or errors
// of the same class, on every МЧД the repository can make and on
// mutations of them. Errors of a class other than ErrMalformed must also
// agree on the offset, the detail and the Russian message.

var (
	diffMutations = flag.Int("mchd.mutations", 40, "mutated documents per corpus document in TestParseSameAsOld")
	diffDir       = flag.String("mchd.diffdir", "", "also compare the parsers on every .xml file under this folder")
)

// sameParse returns "" when both parsers agree on data.
func sameParse(data []byte, opts mchd.ParseOptions) string {
	d1, e1 := mchd.OldParse(data, opts)
	d2, e2 := mchd.Parse(data, opts)
	switch {
	case e1 == nil && e2 == nil:
		if !reflect.DeepEqual(d1, d2) {
			diff := ""
			assert.Equal(recorder{&diff}, d1, d2)
			return "documents differ:\n" + diff
		}
		return ""
	case e1 == nil:
		return fmt.Sprintf("old parser accepts, new one says %v", e2)
	case e2 == nil:
		return fmt.Sprintf("old parser says %v, new one accepts", e1)
	}
	var p1, p2 *mchd.ParseError
	if !errors.As(e1, &p1) || !errors.As(e2, &p2) {
		return fmt.Sprintf("not *ParseError: %T %v / %T %v", e1, e1, e2, e2)
	}
	if d2 != nil {
		return "new parser returned a document with an error"
	}
	if p1.Err != p2.Err {
		return fmt.Sprintf("class: old %v, new %v", e1, e2)
	}
	if p1.Err == mchd.ErrMalformed {
		if p2.MessageRU() == "" || p2.Offset < -1 || p2.Offset > len(data) {
			return fmt.Sprintf("malformed error shape: %v", e2)
		}
		return ""
	}
	if p1.Offset != p2.Offset || p1.Detail != p2.Detail || p1.MessageRU() != p2.MessageRU() {
		return fmt.Sprintf("error differs:\nold %v | %s\nnew %v | %s", e1, p1.MessageRU(), e2, p2.MessageRU())
	}
	return ""
}

// recorder is an assert.TestingT that keeps the message.
type recorder struct{ s *string }

func (r recorder) Errorf(format string, args ...any) { *r.s = fmt.Sprintf(format, args...) }

func TestParseSameAsOld(t *testing.T) {
	t.Parallel()
	corpus := parseCorpus(t)
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		doc := corpus[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if d := sameParse(doc, mchd.ParseOptions{}); d != "" {
				t.Fatalf("%s\ninput:\n%q", d, doc)
			}
			for _, o := range []mchd.ParseOptions{{MaxDepth: 3}, {MaxDepth: 9}, {MaxSize: len(doc) - 1}} {
				if d := sameParse(doc, o); d != "" {
					t.Fatalf("options %+v: %s", o, d)
				}
			}
			m := mutator{rand.New(rand.NewPCG(uint64(i), 7))}
			for k := 0; k < *diffMutations && len(doc) < 1<<15; k++ {
				s := string(doc)
				for n := 1 + m.pick(3); n > 0; n-- {
					s = m.mutate(s)
				}
				if d := sameParse([]byte(s), mchd.ParseOptions{}); d != "" {
					t.Fatalf("mutation %d: %s\ninput:\n%q", k, d, s)
				}
			}
		})
	}
}

// TestParseSameAsOldDir compares the parsers on real documents kept
// outside the repository: go test ./mchd -run SameAsOldDir -args
// -mchd.diffdir=/tmp/rw.
func TestParseSameAsOldDir(t *testing.T) {
	if *diffDir == "" {
		t.Skip("no -mchd.diffdir")
	}
	var files []string
	err := walkXML(*diffDir, func(path string) { files = append(files, path) })
	if err != nil {
		t.Fatal(err)
	}
	same, mchds := 0, 0
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Доверенность") {
			continue
		}
		mchds++
		if d := sameParse(b, mchd.ParseOptions{}); d != "" {
			t.Errorf("%s: %s", path, d)
			continue
		}
		same++
		m := mutator{rand.New(rand.NewPCG(uint64(len(b)), 11))}
		for k := 0; k < *diffMutations; k++ {
			s := m.mutate(string(b))
			if d := sameParse([]byte(s), mchd.ParseOptions{}); d != "" {
				t.Errorf("%s, mutation %d: %s", path, k, d)
				break
			}
		}
	}
	t.Logf("%d files, %d МЧД, %d parsed the same", len(files), mchds, same)
}

// walkXML calls f for every .xml file under dir.
func walkXML(dir string, f func(path string)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".xml") {
			f(path)
		}
		return nil
	})
}

// FuzzParseSameAsOld is the differential fuzz target: on any input the two
// parsers agree (see sameParse). Seeds are the corpus documents, so the
// fuzzer starts from valid МЧД and mutates them.
func FuzzParseSameAsOld(f *testing.F) {
	for _, doc := range parseCorpus(f) {
		if len(doc) < 1<<13 {
			f.Add(doc)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := sameParse(data, mchd.ParseOptions{}); d != "" {
			t.Fatalf("%s\ninput:\n%q", d, data)
		}
	})
}
