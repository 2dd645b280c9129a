package problem

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/flextime/flextime"
)

// seedExamples adds every example problem and the golden schedules to the corpus.
func seedExamples(f *testing.F, pattern string) {
	files, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParse(f *testing.F) {
	seedExamples(f, filepath.Join("..", "..", "examples", "*.yaml"))
	for _, s := range []string{goodProblem, base(), datedProblem, plainProblem,
		"{\"flextime\": 1, \"teams\": [\"A\", \"B\"], \"slots\": {\"count\": 2}}",
		"flextime: 1\nteams: [A, B]\nslots: {count: 100000000}\n",
		"a: &a [*a]\nflextime: 1\nteams: *a\n",
		"flextime: 1\nteams: [{<<: {id: X}}, {id: Y}]\nslots: {generate: {from: 2027-02-28, weekdays: [Sun], to: 2027-03-31}}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			var ie *flextime.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse() error = %T %v, want *flextime.InputError", err, err)
			}
			if ie.Pos.File != "fuzz.yaml" || ie.Msg == "" {
				t.Fatalf("Parse() error = %+v, want the file name and a message", ie)
			}
			return
		}
		n := len(p.Teams)
		if n == 0 || n > flextime.MaxTeams || len(p.Slots) == 0 || len(p.Slots) > flextime.MaxSlots {
			t.Fatalf("Parse() = %d teams, %d slots, want within limits", n, len(p.Slots))
		}
		if p.Format.Rounds != 1 && p.Format.Rounds != 2 {
			t.Fatalf("Format.Rounds = %d, want 1 or 2", p.Format.Rounds)
		}
		if p.Distance != nil {
			if len(p.Distance) != n {
				t.Fatalf("len(Distance) = %d, want %d", len(p.Distance), n)
			}
			for i, row := range p.Distance {
				if len(row) != n {
					t.Fatalf("len(Distance[%d]) = %d, want %d", i, len(row), n)
				}
			}
		}
		for _, g := range p.Fixed {
			if g.Home < 0 || g.Home >= n || g.Away < 0 || g.Away >= n || g.Home == g.Away || g.Slot < 0 || g.Slot >= len(p.Slots) {
				t.Fatalf("fixed game %+v is out of range", g)
			}
		}
		for _, c := range p.Constraints {
			if c.Base().Where.Line == 0 {
				t.Fatalf("constraint %s has no position", c.Type())
			}
		}
	})
}

func FuzzParseSchedule(f *testing.F) {
	seedExamples(f, filepath.Join("testdata", "schedule.*"))
	for _, s := range []string{
		"games: [{home: KU, away: KSU, slot: 1}]",
		"{\"games\": [{\"home\": \"KU\", \"away\": \"7\", \"slot\": \"2\", \"date\": \"2027-01-06\"}], \"score\": {\"hard\": 1, \"soft\": 2}}",
		"problem: x\nscore: {hard: 0, soft: 0}\ngames:\n  - {home: yes, away: KU, slot: 2027-01-02}\n",
	} {
		f.Add([]byte(s))
	}
	p, err := Parse("test.yaml", []byte(datedProblem))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSchedule("fuzz.yaml", data, p)
		if err != nil {
			var ie *flextime.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseSchedule() error = %T %v, want *flextime.InputError", err, err)
			}
			return
		}
		for _, format := range []string{"yaml", "json"} {
			var buf bytes.Buffer
			if err := WriteSchedule(&buf, p, s, format); err != nil {
				t.Fatalf("WriteSchedule(%s) error = %v", format, err)
			}
			back, err := ParseSchedule("back."+format, buf.Bytes(), p)
			if err != nil {
				t.Fatalf("ParseSchedule(WriteSchedule(%s)) error = %v\n%s", format, err, buf.Bytes())
			}
			if want := sorted(s.Games); len(want)+len(back.Games) > 0 && !reflect.DeepEqual(back.Games, want) {
				t.Fatalf("round trip (%s) games = %v, want %v", format, back.Games, want)
			}
			if back.Fingerprint != s.Fingerprint || !reflect.DeepEqual(back.Score, s.Score) {
				t.Fatalf("round trip (%s) = %q %v, want %q %v", format, back.Fingerprint, back.Score, s.Fingerprint, s.Score)
			}
		}
	})
}
