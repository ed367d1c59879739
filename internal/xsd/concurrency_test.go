package xsd

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentValidate shares one schema between 8 goroutines doing 500
// validations each, over documents of every outcome (run with -race).
func TestConcurrentValidate(t *testing.T) {
	t.Parallel()
	s := compile(t, testXSD, Config{})
	docs := []struct {
		doc  string
		kind string
		line int
	}{
		{validDoc, "valid", 0},
		{strings.Replace(validDoc, `ИНН="7743321818"`, `ИНН="1"`, 1), "invalid", 3},
		{strings.Replace(validDoc, `</Примечание>`, ``, 1), "syntax", 6},
		{"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>\n<x>&e;</x>", "syntax", 1},
		{strings.Repeat("<a>", 300), "syntax", 1},
		{strings.Replace(validDoc, `КПП="770101001"`, `КПП="`+strings.Repeat("Я", 12000)+`"`, 1), "invalid", 3},
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				d := docs[(g+i)%len(docs)]
				err := s.Validate([]byte(d.doc))
				if kind(err) != d.kind {
					t.Errorf("goroutine %d, document %d: %v", g, (g+i)%len(docs), err)
					return
				}
				if errs := diagnostics(err); d.line != 0 && errs[0].Line != d.line {
					t.Errorf("goroutine %d: line %d, want %d", g, errs[0].Line, d.line)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestCloseWhileValidating closes a schema under concurrent use: calls in
// progress finish, later ones get ErrClosed.
func TestCloseWhileValidating(t *testing.T) {
	t.Parallel()
	s, err := Compile([]byte(testXSD), Config{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			<-start
			for range 200 {
				if err := s.Validate([]byte(validDoc)); err != nil && !errors.Is(err, ErrClosed) {
					t.Errorf("Validate: %v", err)
					return
				}
			}
		})
	}
	close(start)
	s.Close()
	wg.Wait()
	if err := s.Validate([]byte(validDoc)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// TestConcurrentCompile compiles schemas (with in-memory includes) on many
// goroutines at once: the entity loader's per-thread state must not mix.
func TestConcurrentCompile(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				s, err := CompileFS(includeFS, "xsd/main.xsd", Config{})
				if err != nil {
					t.Errorf("CompileFS: %v", err)
					return
				}
				err = s.Validate([]byte(`<Корень xmlns="urn:main" xmlns:c="urn:common" Код="123"><c:Общий>да</c:Общий></Корень>`))
				s.Close()
				if err != nil {
					t.Errorf("Validate: %v", err)
					return
				}
				if _, err := Compile(includeFS["xsd/main.xsd"].Data, Config{}); !errors.Is(err, ErrExternal) {
					t.Errorf("without files: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
