package check_test

import (
	"fmt"
	"strings"

	"github.com/egisz-lk/registrar/check"
)

// upload is the input of the example's checks.
type upload struct {
	snils        string
	registryDown bool
}

// ruleSNILS is a rule with a second, declared way to end: a registry that
// did not answer makes the result indeterminate, never a pass.
var ruleSNILS = check.Rule{
	ID:          "EX-SNILS",
	Title:       "СНИЛС is known to the registry",
	Citation:    "Приказ ФСБ России № 795",
	Severity:    check.Fail,
	Message:     "СНИЛС %s не найден",
	PassMessage: "СНИЛС %s найден",
	Outcomes: []check.Outcome{{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater,
		Message: "Не удалось проверить СНИЛС %s: реестр недоступен"}},
}

// table pairs each rule with when it applies and how it is decided.
var table = check.Table[upload]{{
	Rule: &ruleSNILS,
	Applies: func(u upload) string {
		if u.snils == "" {
			return "no СНИЛС"
		}
		return ""
	},
	Evaluate: func(u upload) check.Result {
		switch {
		case u.registryDown:
			return ruleSNILS.Outcome("unavailable", "registry timed out", u.snils)
		case strings.HasSuffix(u.snils, "95"):
			return ruleSNILS.Passed("found", u.snils)
		}
		return ruleSNILS.Violated("not found", u.snils)
	},
}}

func ExampleTable() {
	for _, u := range []upload{{snils: "112-233-445 95"}, {snils: "112-233-445 95", registryDown: true}, {snils: "112-233-445 96"}, {}} {
		rs := table.Run(u)
		r := rs[0]
		status := string(r.Status)
		if r.SubIndication != "" {
			status += "/" + string(r.SubIndication)
		}
		fmt.Printf("%s: %s (failed=%v)\n", status, r.Message, rs.Failed())
	}
	// Output:
	// pass: СНИЛС 112-233-445 95 найден (failed=false)
	// indeterminate/TRY_LATER: Не удалось проверить СНИЛС 112-233-445 95: реестр недоступен (failed=false)
	// fail: СНИЛС 112-233-445 96 не найден (failed=true)
	// skip: Проверка не применима (failed=false)
}

func ExampleResults_Worst() {
	rs := check.Results{
		{ID: "A", Status: check.Pass},
		{ID: "B", Status: check.Warn},
		{ID: "C", Status: check.Indeterminate, SubIndication: check.NoRevocationData},
	}
	fmt.Println(rs.Worst(), rs.Failed())
	rs = append(rs, check.Result{ID: "D"}) // an empty status counts as a failure
	fmt.Println(rs.Worst(), rs.Failed())
	// Output:
	// indeterminate false
	// fail true
}

func ExampleScope() {
	signer := check.Scope{Signer: 2}
	in := signer.Within(check.Scope{Document: check.DocMCHDSignature})
	fmt.Println(in)
	fmt.Println(in.Russian())
	// Output:
	// mchd-signature/signer 2
	// подпись доверенности, подписант 2
}
