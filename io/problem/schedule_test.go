package problem

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const datedProblem = `flextime: 1
name: Four Dated
teams: [KU, KSU, "7", "yes"]
slots: {generate: {from: 2027-01-02, weekdays: [Sat, Wed], count: 6}}
`

const plainProblem = `flextime: 1
name: Four Plain
teams: [KU, KSU, BYU, UTAH]
slots: [{id: r1}, {id: r2}, {id: r3}, {id: "4"}, {id: "05"}, {id: "6.0"}]
`

func mustParse(t testing.TB, src string) *flextime.Problem {
	t.Helper()
	p, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	return p
}

// circle returns a double round robin of n teams by the circle method, in scrambled order.
func circle(n int) []flextime.Game {
	var games []flextime.Game
	for r := range n - 1 {
		for i := range n / 2 {
			a, b := (r+i)%(n-1), (r+n-1-i)%(n-1)
			if i == 0 {
				b = n - 1
			}
			games = append(games, flextime.Game{Home: a, Away: b, Slot: r}, flextime.Game{Home: b, Away: a, Slot: r + n - 1})
		}
	}
	// Reverse so that the writer has to sort.
	for i, j := 0, len(games)-1; i < j; i, j = i+1, j-1 {
		games[i], games[j] = games[j], games[i]
	}
	return games
}

func sorted(gs []flextime.Game) []flextime.Game {
	out := append([]flextime.Game(nil), gs...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Slot != b.Slot {
			return a.Slot < b.Slot
		}
		if a.Home != b.Home {
			return a.Home < b.Home
		}
		return a.Away < b.Away
	})
	return out
}

func TestScheduleRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		problem string
		sched   *flextime.Schedule
	}{
		{"dated with score", datedProblem, &flextime.Schedule{Games: circle(4), Fingerprint: "sha256:0123abcd", Score: &flextime.Score{Hard: 2, Soft: 1234}}},
		{"plain without score", plainProblem, &flextime.Schedule{Games: circle(4)}},
		{"duplicate games", plainProblem, &flextime.Schedule{Games: []flextime.Game{{Home: 0, Away: 1, Slot: 2}, {Home: 0, Away: 1, Slot: 2}}}},
		{"empty", plainProblem, &flextime.Schedule{Score: &flextime.Score{}}},
	}
	for _, tt := range tests {
		p := mustParse(t, tt.problem)
		for _, format := range []string{"yaml", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteSchedule(&buf, p, tt.sched, format); err != nil {
					t.Fatalf("WriteSchedule() error = %v", err)
				}
				got, err := ParseSchedule("out."+format, buf.Bytes(), p)
				if err != nil {
					t.Fatalf("ParseSchedule() error = %v\n%s", err, buf.String())
				}
				if want := sorted(tt.sched.Games); !reflect.DeepEqual(got.Games, want) && len(want)+len(got.Games) > 0 {
					t.Errorf("games = %v, want %v (sorted by slot, then home)", got.Games, want)
				}
				if got.Fingerprint != tt.sched.Fingerprint {
					t.Errorf("Fingerprint = %q, want %q", got.Fingerprint, tt.sched.Fingerprint)
				}
				if !reflect.DeepEqual(got.Score, tt.sched.Score) {
					t.Errorf("Score = %v, want %v", got.Score, tt.sched.Score)
				}
				// Content sniffing must find JSON without the extension too.
				if _, err := ParseSchedule("out", buf.Bytes(), p); err != nil {
					t.Errorf("ParseSchedule(no extension) error = %v", err)
				}
			})
		}
	}
}

func TestWriteScheduleGolden(t *testing.T) {
	p := mustParse(t, datedProblem)
	s := &flextime.Schedule{Games: circle(4), Fingerprint: "sha256:0123abcd", Score: &flextime.Score{Hard: 0, Soft: 42}}
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSchedule(&buf, p, s, format); err != nil {
				t.Fatalf("WriteSchedule() error = %v", err)
			}
			golden := filepath.Join("testdata", "schedule."+format)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("WriteSchedule(%s) =\n%s\nwant\n%s", format, buf.Bytes(), want)
			}
		})
	}
}

func TestWriteScheduleErrors(t *testing.T) {
	p := mustParse(t, plainProblem)
	tests := []struct {
		name   string
		s      *flextime.Schedule
		format string
	}{
		{"unknown format", &flextime.Schedule{}, "xml"},
		{"team out of range", &flextime.Schedule{Games: []flextime.Game{{Home: 0, Away: 9, Slot: 0}}}, "yaml"},
		{"slot out of range", &flextime.Schedule{Games: []flextime.Game{{Home: 0, Away: 1, Slot: -1}}}, "json"},
		{"no schedule", nil, "yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSchedule(&buf, p, tt.s, tt.format); err == nil {
				t.Errorf("WriteSchedule() = nil, want an error")
			}
			if buf.Len() != 0 {
				t.Errorf("WriteSchedule() wrote %d bytes on error, want none", buf.Len())
			}
		})
	}
}

func TestParseScheduleErrors(t *testing.T) {
	p := mustParse(t, datedProblem)
	tests := []struct {
		name     string
		file     string
		src      string
		wantLine int
		wantPath string
		want     string
	}{
		{"empty", "s.yaml", "", 0, "", "file is empty"},
		{"binary", "s.yaml", "\xff\xfe\x00g", 1, "", "not a text file"},
		{"unknown team", "s.yaml", "games:\n  - {home: KU, away: KSUU, slot: \"1\"}\n", 2, "games[0].away", `did you mean "KSU"?`},
		{"unknown slot", "s.yaml", "games:\n  - {home: KU, away: KSU, slot: \"70\"}\n", 2, "games[0].slot", "slot ids run 1 to 6"},
		{"team plays itself", "s.yaml", "games:\n  - {home: KU, away: KU, slot: \"1\"}\n", 2, "games[0].away", "cannot play itself"},
		{"missing away", "s.yaml", "games:\n  - {home: KU, slot: \"1\"}\n", 2, "games[0].away", "game has no away"},
		{"unknown game field", "s.yaml", "games:\n  - {home: KU, away: KSU, slto: \"1\"}\n", 2, "games[0].slto", `did you mean "slot"?`},
		{"wrong date", "s.yaml", "games:\n  - {home: KU, away: KSU, slot: \"1\", date: 2027-01-03}\n", 2, "games[0].date", "slot 1 is on 2027-01-02"},
		{"impossible date", "s.yaml", "games:\n  - {home: KU, away: KSU, slot: \"1\", date: 2027-02-30}\n", 2, "games[0].date", "has 28 days"},
		{"unknown top-level field", "s.yaml", "score: {hard: 0, soft: 1}\ngame: []\n", 2, "game", `did you mean "games"?`},
		{"no games", "s.yaml", "problem: x\n", 1, "games", "no games given"},
		{"score without soft", "s.yaml", "score: {hard: 0}\ngames: []\n", 1, "score.soft", "no soft part"},
		{"score not a number", "s.yaml", "score: {hard: 0, soft: lots}\ngames: []\n", 1, "score.soft", "whole number"},
		{"wrong version", "s.yaml", "flextime: 3\ngames: []\n", 1, "flextime", "unsupported schema version"},
		{"games not a list", "s.yaml", "games: {home: KU}\n", 1, "games", "expected a list of games"},
		{"json syntax", "s.json", "{\"games\": [\n  {\"home\": \"KU\",}\n]}", 2, "", "invalid JSON"},
		{"json unknown team", "s.json", "{\"games\": [\n  {\"home\": \"KU\", \"away\": \"ku\", \"slot\": \"1\"}\n]}", 2, "games[0].away", `did you mean "KU"?`},
		{"json trailing text", "s.json", "{\"games\": []} []", 1, "", "after the end"},
		{"json number as slot", "s.json", "{\"games\": [{\"home\": \"KU\", \"away\": \"KSU\", \"slot\": 70}]}", 1, "games[0].slot", "unknown slot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchedule(tt.file, []byte(tt.src), p)
			if err == nil {
				t.Fatalf("ParseSchedule() = %+v, want an error", s)
			}
			var ie *flextime.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseSchedule() error = %T %v, want *flextime.InputError", err, err)
			}
			if ie.Pos.File != tt.file || ie.Pos.Line != tt.wantLine || ie.Pos.Path != tt.wantPath {
				t.Errorf("Pos = %+v, want %s line %d path %q (%v)", ie.Pos, tt.file, tt.wantLine, tt.wantPath, err)
			}
			if !strings.Contains(ie.Msg+" "+ie.Hint, tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseScheduleAccepts(t *testing.T) {
	p := mustParse(t, datedProblem)
	tests := []struct {
		name string
		src  string
		want []flextime.Game
	}{
		{"numbers as ids", "games: [{home: 7, away: KU, slot: 3}]", []flextime.Game{{Home: 2, Away: 0, Slot: 2}}},
		{"slot given by its date", "games: [{home: KU, away: KSU, slot: 2027-01-06}]", []flextime.Game{{Home: 0, Away: 1, Slot: 1}}},
		{"duplicates are kept", "games: [{home: KU, away: KSU, slot: 1}, {home: KU, away: KSU, slot: 1}]",
			[]flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 0, Away: 1, Slot: 0}}},
		{"empty games", "games:\n", nil},
		{"yaml 1.1 boolean id is text", "games: [{home: yes, away: KU, slot: 1}]", []flextime.Game{{Home: 3, Away: 0, Slot: 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchedule("s.yaml", []byte(tt.src), p)
			if err != nil {
				t.Fatalf("ParseSchedule() error = %v", err)
			}
			if len(s.Games)+len(tt.want) > 0 && !reflect.DeepEqual(s.Games, tt.want) {
				t.Errorf("Games = %v, want %v", s.Games, tt.want)
			}
		})
	}
}

func TestLoadSchedule(t *testing.T) {
	p := mustParse(t, plainProblem)
	dir := t.TempDir()
	s := &flextime.Schedule{Games: circle(4), Fingerprint: "sha256:feed"}
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSchedule(&buf, p, s, format); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "s."+format)
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := LoadSchedule(path, p)
			if err != nil {
				t.Fatalf("LoadSchedule() error = %v", err)
			}
			if len(got.Games) != len(s.Games) || got.Fingerprint != s.Fingerprint {
				t.Errorf("LoadSchedule() = %d games, %q, want %d games, %q", len(got.Games), got.Fingerprint, len(s.Games), s.Fingerprint)
			}
		})
	}
	if _, err := LoadSchedule(filepath.Join(dir, "missing.yaml"), p); !errors.Is(err, flextime.ErrInput) {
		t.Errorf("LoadSchedule(missing) error = %v, want an input error", err)
	}
}

// TestFormatDoc checks that the complete examples in docs/format.md (the first problem, and the schedule
// in YAML and JSON) are read as the page says.
func TestFormatDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "format.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for i, part := range strings.Split(string(data), "```") {
		if i%2 == 1 {
			blocks = append(blocks, part)
		}
	}
	var problemSrc string
	var schedules []string
	for _, b := range blocks {
		lang, body, _ := strings.Cut(b, "\n")
		switch {
		case lang == "yaml" && strings.HasPrefix(body, "flextime: 1") && problemSrc == "":
			problemSrc = body
		case lang == "yaml" && strings.HasPrefix(body, "# flextime schedule"), lang == "json":
			schedules = append(schedules, body)
		}
	}
	if problemSrc == "" || len(schedules) != 2 {
		t.Fatalf("found problem %t and %d schedules in docs/format.md, want a problem and 2 schedules", problemSrc != "", len(schedules))
	}
	p, err := Parse("format.md", []byte(problemSrc))
	if err != nil {
		t.Fatalf("Parse(first example) error = %v", err)
	}
	if _, err := constraints.Compile(p); err != nil {
		t.Fatalf("Compile(first example) error = %v", err)
	}
	for i, src := range schedules {
		s, err := ParseSchedule("format.md", []byte(src), p)
		if err != nil {
			t.Errorf("ParseSchedule(example %d) error = %v", i, err)
			continue
		}
		if len(s.Games) < 2 || s.Score == nil || s.Score.Soft != 120 || !strings.HasPrefix(s.Fingerprint, "sha256:") {
			t.Errorf("ParseSchedule(example %d) = %+v, want games, a score and a fingerprint", i, s)
		}
	}
}
