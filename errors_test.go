package flextime

import (
	"errors"
	"io/fs"
	"testing"
)

func TestSuggest(t *testing.T) {
	ids := []string{"KU", "KSU", "BYU", "UTAH", "name", "weight"}
	tests := []struct{ in, want string }{
		{"KUU", "KU"},
		{"BUY", "BYU"}, // two neighbouring letters swapped
		{"nmae", "name"},
		{"wieght", "weight"},
		{"utah", "UTAH"},
		{"XYZZY", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, ids); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInputError(t *testing.T) {
	e := Errorf(Position{File: "p.yaml", Line: 3, Col: 7, Path: "teams[1].id"}, "duplicate team id %q", "KU").WithHint("rename one")
	if got, want := e.Error(), `p.yaml:3:7: teams[1].id: duplicate team id "KU" (rename one)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, ErrInput) {
		t.Errorf("errors.Is(e, ErrInput) = false")
	}
	e.Err = fs.ErrNotExist
	if !errors.Is(e, fs.ErrNotExist) {
		t.Errorf("errors.Is(e, fs.ErrNotExist) = false with Err set")
	}
}
