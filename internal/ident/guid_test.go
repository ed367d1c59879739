package ident

import "testing"

func TestIsGUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		want bool
	}{
		{"bdd640fb-0667-4ad1-9c80-317fa3b1799d", true},
		{"BDD640FB-0667-4AD1-9C80-317FA3B1799D", true},
		{"bdd640fb06674ad19c80317fa3b1799d", false},
		{"bdd640fb-0667-4ad1-9c80-317fa3b1799", false},
		{"bdd640fb-0667-4ad1-9c80-317fa3b1799dd", false},
		{"gdd640fb-0667-4ad1-9c80-317fa3b1799d", false},
		{"bdd640fb_0667-4ad1-9c80-317fa3b1799d", false},
		{"{dd640fb-0667-4ad1-9c80-317fa3b1799}", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsGUID(tt.s); got != tt.want {
			t.Errorf("IsGUID(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestIsLowerGUID(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b", true},
		{"3F2B8C1E-9A4D-4E6F-8B7A-0C1D2E3F4A5B", false},
		{"3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5B", false},
		{"3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5", false},
		{"3f2b8c1e+9a4d-4e6f-8b7a-0c1d2e3f4a5b", false},
		{"../../../../../../../../etc/passwd00", false},
		{"", false},
	} {
		if got := IsLowerGUID(tt.s); got != tt.want {
			t.Errorf("IsLowerGUID(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
