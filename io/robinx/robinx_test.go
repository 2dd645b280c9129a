package robinx_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSolutionRoundTrip(t *testing.T) {
	p, err := robinx.ParseInstance("Test1.xml", readTestdata(t, "ITC2021_Test1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s, decl, err := robinx.ParseSolution("sol.xml", readTestdata(t, "ITC2021_Test1_SolIP.xml"), p)
	if err != nil {
		t.Fatal(err)
	}
	if decl == nil || decl.Objective != 1066 {
		t.Fatalf("declared = %+v, want objective 1066", decl)
	}
	score := m.Evaluate(s.Games)
	var buf bytes.Buffer
	if err := robinx.WriteSolution(&buf, p, s, score); err != nil {
		t.Fatal(err)
	}
	back, decl2, err := robinx.ParseSolution("back.xml", buf.Bytes(), p)
	if err != nil {
		t.Fatalf("ParseSolution(written) error = %v\n%s", err, buf.String())
	}
	if len(back.Games) != len(s.Games) || m.Evaluate(back.Games) != score {
		t.Errorf("round trip: %d games scored %v, want %d games scored %v", len(back.Games), m.Evaluate(back.Games), len(s.Games), score)
	}
	if decl2 == nil || decl2.Objective != score.Soft || decl2.Infeasibility != score.Hard {
		t.Errorf("written ObjectiveValue = %+v, want %v", decl2, score)
	}
}

func TestSolutionIDVariants(t *testing.T) {
	p, err := robinx.ParseInstance("Test1.xml", readTestdata(t, "ITC2021_Test1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := `<?xml version="1.0"?><Solution><MetaData><ObjectiveValue infeasibility = "0" objective= "5"/></MetaData>
<Games><Game home="1.0" away = "0" slot="3.0"/><ScheduledMatch away="2" home="4" slot="0"/></Games></Solution>`
	s, decl, err := robinx.ParseSolution("x.xml", []byte(doc), p)
	if err != nil {
		t.Fatal(err)
	}
	want := []flextime.Game{{Home: 1, Away: 0, Slot: 3}, {Home: 4, Away: 2, Slot: 0}}
	if len(s.Games) != 2 || s.Games[0] != want[0] || s.Games[1] != want[1] {
		t.Errorf("games = %+v, want %+v", s.Games, want)
	}
	if decl == nil || decl.Objective != 5 {
		t.Errorf("declared = %+v, want objective 5", decl)
	}
}

func TestBadInput(t *testing.T) {
	inst := string(readTestdata(t, "ITC2021_Test1.xml"))
	tests := []struct {
		name     string
		instance string
		solution string // when set, parsed against the good instance
		want     string
	}{
		{"empty", "", "", "empty"},
		{"binary garbage", "\x00\x01\x02\xff\xfe", "", "XML"},
		{"truncated", inst[:len(inst)/2], "", "truncated"},
		{"not an instance", "<Solution></Solution>", "", "not <Instance>"},
		{"unknown constraint type", strings.Replace(inst, "<CA1 ", "<CA9 ", 1), "", "CA9 is not supported"},
		{"unknown attribute", strings.Replace(inst, "<CA1 max=", "<CA1 maxx=", 1), "", "unsupported attribute"},
		{"bad type", strings.Replace(inst, `type="HARD"`, `type="HARDER"`, 1), "", "HARD or SOFT"},
		{"not an integer", strings.Replace(inst, `max="1" min="0" mode="H"`, `max="x" min="0" mode="H"`, 1), "", "not an integer"},
		{"relaxed format", strings.Replace(inst, "<compactness>C<", "<compactness>R<", 1), "", "not supported yet"},
		{"solution naming team 99", "", `<Solution><Games><ScheduledMatch home="99" away="0" slot="0"/></Games></Solution>`, `home="99"`},
		{"solution naming slot 10", "", `<Solution><Games><ScheduledMatch home="1" away="0" slot="10"/></Games></Solution>`, `slot="10"`},
		{"solution with team playing itself", "", `<Solution><Games><ScheduledMatch home="1" away="1" slot="0"/></Games></Solution>`, "itself"},
		{"solution missing attribute", "", `<Solution><Games><ScheduledMatch home="1" slot="0"/></Games></Solution>`, `"away"`},
		{"solution truncated", "", `<Solution><Games><ScheduledMatch home="1" away="0" slot="0"/>`, "truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.solution == "" {
				var p *flextime.Problem
				p, err = robinx.ParseInstance("in.xml", []byte(tt.instance))
				if err == nil {
					_, err = constraints.Compile(p)
				}
			} else {
				p, perr := robinx.ParseInstance("in.xml", []byte(inst))
				if perr != nil {
					t.Fatal(perr)
				}
				_, _, err = robinx.ParseSolution("sol.xml", []byte(tt.solution), p)
			}
			if err == nil {
				t.Fatalf("error = nil, want one containing %q", tt.want)
			}
			if !errors.Is(err, flextime.ErrInput) {
				t.Errorf("error %v (%T) is not an input error", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParseInstance(f *testing.F) {
	f.Add(readTestdata(f, "ITC2021_Test1.xml"))
	f.Add([]byte(`<Instance><Resources><Teams><team id="0"/><team id="1"/></Teams><Slots><slot id="0"/><slot id="1"/></Slots></Resources><Constraints><C><CA1 teams="0;" slots="0" mode="H" max="0" type="HARD"/></C></Constraints></Instance>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := robinx.ParseInstance("fuzz.xml", data)
		if err != nil {
			if !errors.Is(err, flextime.ErrInput) {
				t.Fatalf("ParseInstance error %v (%T) is not an input error", err, err)
			}
			return
		}
		m, err := constraints.Compile(p)
		if err != nil {
			if !errors.Is(err, flextime.ErrInput) {
				t.Fatalf("Compile error %v (%T) is not an input error", err, err)
			}
			return
		}
		m.Explain(nil)
	})
}

func FuzzParseSolution(f *testing.F) {
	inst := readTestdata(f, "ITC2021_Test1.xml")
	f.Add(readTestdata(f, "ITC2021_Test1_SolIP.xml"))
	f.Add([]byte(`<Solution><Games><Game home="1.0" away="0" slot="3"/></Games></Solution>`))
	p, err := robinx.ParseInstance("Test1.xml", inst)
	if err != nil {
		f.Fatal(err)
	}
	m, err := constraints.Compile(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := robinx.ParseSolution("fuzz.xml", data, p)
		if err != nil {
			if !errors.Is(err, flextime.ErrInput) {
				t.Fatalf("ParseSolution error %v (%T) is not an input error", err, err)
			}
			return
		}
		if got, want := m.Explain(s.Games).Score, m.Evaluate(s.Games); got != want {
			t.Fatalf("Explain score %v != Evaluate %v", got, want)
		}
	})
}
