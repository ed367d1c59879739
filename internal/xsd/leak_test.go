package xsd

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// leakCycle compiles schemas (good ones, with in-memory includes, and bad
// ones), validates documents of every outcome and closes everything.
func leakCycle(t *testing.T) {
	t.Helper()
	docs := []string{
		validDoc,
		strings.Replace(validDoc, `ИНН="7743321818"`, `ИНН="1"`, 1),
		strings.Replace(validDoc, `КПП="770101001"`, `КПП="`+strings.Repeat("Я", 12000)+`"`, 1),
		strings.Replace(validDoc, `Код="Код-значение-007"`, `Код="нет"`, 1),
		strings.Replace(validDoc, `</Примечание>`, ``, 1),
		strings.Replace(validDoc, `Проверка`, "\xff", 1),
		strings.Replace(validDoc, `<Примечание>`, `<y:Примечание>`, 1),
		"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
		strings.Repeat("<a>", 300),
		strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200),
		"<?xml version='1.0' encoding='windows-1251'?><a>\xc0</a>",
		"<?xml version='1.0' encoding='UTF-7'?><a/>",
		"",
		// Text joined from pieces, past the first buffer size.
		strings.Replace(validDoc, `Проверка`, strings.Repeat("ab<!-- c -->&#x44F;<![CDATA[d]]>", 200), 1),
		strings.Replace(validDoc, `Проверка`, strings.Repeat("ab<!-- c -->", 3)+"<Лишний/>", 1),
	}
	s, err := Compile([]byte(testXSD), Config{MaxErrors: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		s.Validate([]byte(d))
		s.ValidateTree([]byte(d))
	}
	var many strings.Builder
	many.WriteString(`<Заявка xmlns="urn:registrar:test" Версия="1.0">`)
	for range 50 {
		many.WriteString("<Организация ИНН='x'/>")
	}
	s.Validate([]byte(many.String() + "</Заявка>")) // more errors than MaxErrors
	s.validate([]byte(`<!DOCTYPE Заявка [<!ENTITY x SYSTEM "file:///etc/passwd">]><Заявка>&x;</Заявка>`), 10, true, false)
	s.validate([]byte(`<!DOCTYPE Заявка SYSTEM "http://127.0.0.1:1/x.dtd"><Заявка/>`), 10, true, false)
	s.validate([]byte(`<!DOCTYPE Заявка [<!ENTITY x "y">]><Заявка>&x;</Заявка>`), 10, true, false)
	s.Close()

	// Identity constraints: a failed keyref makes Validate go through the
	// tree as well.
	s, err = Compile([]byte(idcXSD), Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range idcDocs {
		s.Validate([]byte(d))
	}
	s.Close()

	s, err = CompileFS(includeFS, "xsd/main.xsd", Config{})
	if err != nil {
		t.Fatal(err)
	}
	s.Validate([]byte(`<Корень xmlns="urn:main" xmlns:c="urn:common" Код="1"><c:Общий>нет</c:Общий></Корень>`))
	s.Close()

	for _, bad := range []string{
		"", "<xs:schema", "<a/>",
		`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="t"><xs:restriction base="xs:string"><xs:pattern value="(("/></xs:restriction></xs:simpleType></xs:schema>`,
		`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="http://127.0.0.1:1/x.xsd"/></xs:schema>`,
		`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="urn:x" schemaLocation="x.xsd"/></xs:schema>`,
	} {
		if s, err := Compile([]byte(bad), Config{}); err == nil {
			s.Close()
			t.Fatalf("compiled: %s", bad)
		}
	}
	if s, err := Compile(includeFS["xsd/main.xsd"].Data, Config{}); err == nil {
		s.Close()
	}
}

// TestNoLeaks counts libxml2's live allocations (through the allocator
// installed with xmlMemSetup) across compile / validate / close cycles: the
// count must come back to zero. Not parallel: the count is process-wide.
func TestNoLeaks(t *testing.T) {
	leakCycle(t) // warm-up: libxml2 builds some tables once, lazily
	countAllocations(true)
	defer countAllocations(false)
	leakCycle(t)
	// A text node over libxml2's limit stops the parser mid-text.
	s, err := Compile([]byte(testXSD), Config{})
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Replace(validDoc, `Проверка`, strings.Repeat("текст ", 10_000_000/11+1), 1)
	if err := s.Validate([]byte(huge)); kind(err) != "syntax" {
		t.Fatalf("huge text: %v", err)
	}
	s.Close()
	after1 := liveBlocks()
	for range 50 {
		leakCycle(t)
	}
	after51 := liveBlocks()
	t.Logf("live libxml2 blocks after 1 cycle: %d, after 51: %d", after1, after51)
	if after1 != 0 || after51 != 0 {
		t.Errorf("libxml2 blocks leaked: %d after 1 cycle, %d after 51", after1, after51)
	}

	// A Schema dropped without Close is freed by its cleanup.
	func() {
		s, err := Compile([]byte(testXSD), Config{})
		if err != nil {
			t.Fatal(err)
		}
		s.Validate([]byte(validDoc))
	}()
	if liveBlocks() == 0 {
		t.Fatal("a compiled schema holds no blocks?")
	}
	deadline := time.Now().Add(10 * time.Second)
	for liveBlocks() != 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := liveBlocks(); n != 0 {
		t.Errorf("%d blocks still live after the Schema became unreachable", n)
	}
}

// TestAllocatorCounts checks the accounting itself: a compiled schema holds
// blocks, Close releases exactly those.
func TestAllocatorCounts(t *testing.T) {
	countAllocations(true)
	defer countAllocations(false)
	s, err := Compile([]byte(testXSD), Config{})
	if err != nil {
		t.Fatal(err)
	}
	held := liveBlocks()
	s.Validate([]byte(validDoc))
	if n := liveBlocks(); n != held {
		t.Errorf("Validate changed the live count from %d to %d", held, n)
	}
	s.Close()
	t.Logf("a compiled test schema holds %d blocks", held)
	if held < 100 || liveBlocks() != 0 {
		t.Errorf("held %d, after Close %d", held, liveBlocks())
	}
}
