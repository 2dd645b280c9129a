package ttp_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
	"github.com/flextime/flextime/io/ttp"
)

func TestNL6(t *testing.T) {
	for _, tc := range []struct {
		sol      string
		mirrored bool
		want     int64
	}{{"NL6_Sol_Easton_Trick.xml", false, 23916}, {"NL6_Mirrored_UB_Cheung.xml", true, 26588}} {
		t.Run(tc.sol, func(t *testing.T) {
			p, err := ttp.Load("../../testdata/NL6.txt", ttp.Options{Mirrored: tc.mirrored})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Teams) != 6 || p.Teams[0].Name != "ATL" || len(p.Slots) != 10 {
				t.Fatalf("loaded %d teams (first %q), %d slots; want 6 (ATL), 10", len(p.Teams), p.Teams[0].Name, len(p.Slots))
			}
			m, err := constraints.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := robinx.LoadSolution("../../testdata/"+tc.sol, p)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Evaluate(s.Games); got.Hard != 0 || got.Soft != tc.want {
				t.Errorf("Evaluate() = %v, want hard 0, soft %d", got, tc.want)
			}
		})
	}
}

func TestStandardSolutionIsNotMirrored(t *testing.T) {
	// The standard NL6 record is not a mirrored schedule: read as the mirrored variant it must be infeasible.
	p, err := ttp.Load("../../testdata/NL6.txt", ttp.Options{Mirrored: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := robinx.LoadSolution("../../testdata/NL6_Sol_Easton_Trick.xml", p)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Evaluate(s.Games); got.Hard == 0 {
		t.Errorf("Evaluate() = %v, want hard > 0 under the mirrored variant", got)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty", "", "no team count"},
		{"garbage", "\x00\xff\x01", "not an integer"},
		{"not square", "3\n0 1 2\n1 0 2\n", "matrix has 6 entries"},
		{"too many numbers", "2\n0 1\n1 0\n5\n", "more numbers"},
		{"absurd team count", "100000000\n", "outside 2.."},
		{"negative distance", "2\n0 -1\n1 0\n", "negative"},
		{"nonzero diagonal", "2\n1 1\n1 0\n", "to itself"},
		{"yaml by mistake", "flextime: 1\n", "not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ttp.Parse("x.txt", []byte(tt.data), ttp.Options{})
			if err == nil {
				t.Fatalf("Parse() error = nil, want %q", tt.want)
			}
			if !errors.Is(err, flextime.ErrInput) {
				t.Errorf("Parse() error %v is not an input error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile("../../testdata/NL6.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, false)
	f.Add([]byte("# c\n4\n0 1 2 3\n1 0 1 2\n2 1 0 1\n3 2 1 0\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, mirrored bool) {
		p, err := ttp.Parse("fuzz.txt", data, ttp.Options{Mirrored: mirrored})
		if err != nil {
			if !errors.Is(err, flextime.ErrInput) {
				t.Fatalf("Parse error %v is not an input error", err)
			}
			return
		}
		if len(p.Teams) > 64 {
			return // compiling large matrices is slow and tells the fuzzer nothing new
		}
		if _, err := constraints.Compile(p); err != nil && !errors.Is(err, flextime.ErrInput) {
			t.Fatalf("Compile error %v is not an input error", err)
		}
	})
}
