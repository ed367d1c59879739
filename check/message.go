package check

import "errors"

// RussianMessager is implemented by the project's error types that carry a
// Russian message for the end user beside their English Error text.
type RussianMessager interface {
	MessageRU() string
}

// MessageRU returns the Russian message of the first error in err's chain
// (errors.As) that has one, else fallback, else err.Error(). It returns ""
// for a nil err.
func MessageRU(err error, fallback string) string {
	if err == nil {
		return ""
	}
	var m RussianMessager
	if errors.As(err, &m) {
		if s := m.MessageRU(); s != "" {
			return s
		}
	}
	if fallback != "" {
		return fallback
	}
	return err.Error()
}
