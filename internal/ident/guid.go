package ident

// IsGUID reports whether s has the 8-4-4-4-12 hexadecimal layout of a GUID
// (either case), the form of НомДовер and the other GUID attributes of the
// МЧД schema.
func IsGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// IsLowerGUID reports whether s is a GUID in the lower-case form the
// library writes (application.NewID): the IDs of applications and access
// requests, and what the web wrapper accepts in a path.
func IsLowerGUID(s string) bool {
	if !IsGUID(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'F' {
			return false
		}
	}
	return true
}
