package check

// Indication is the overall answer of a validation, as ETSI EN 319 102-1
// §5.1.3 gives it: passed, failed, or indeterminate — when a fact the
// answer depends on could not be established. Warnings do not change it.
type Indication string

// The indications.
const (
	// IndicationPassed: nothing failed and nothing was left undecided.
	IndicationPassed Indication = "passed"
	// IndicationFailed: a check failed (ETSI TOTAL-FAILED).
	IndicationFailed Indication = "failed"
	// IndicationIndeterminate: nothing failed, but a check could not be
	// decided; the sub-indication says why.
	IndicationIndeterminate Indication = "indeterminate"
)

// Russian returns the indication for people.
func (i Indication) Russian() string {
	switch i {
	case IndicationPassed:
		return "проверка пройдена"
	case IndicationIndeterminate:
		return "не удалось проверить"
	}
	return "проверка не пройдена"
}

// Indication returns the indication of the results and, when it is
// indeterminate, the sub-indication of the first undecided result: any
// failure (or a result with an unknown status) fails, else any
// indeterminate result makes it indeterminate, else it passed.
func (rs Results) Indication() (Indication, SubIndication) {
	_, ind, sub := Verdict(rs)
	return ind, sub
}

// Verdict is Worst and Indication of the lists as if they were one list
// joined in order, without joining them.
func Verdict(lists ...Results) (Status, Indication, SubIndication) {
	w := Skip
	for _, rs := range lists {
		if s := rs.Worst(); s.Worse(w) {
			w = s
		}
	}
	switch w {
	case Fail:
		return w, IndicationFailed, ""
	case Indeterminate:
		for _, rs := range lists {
			for _, r := range rs {
				if r.Status == Indeterminate {
					return w, IndicationIndeterminate, r.SubIndication
				}
			}
		}
	}
	return w, IndicationPassed, ""
}
