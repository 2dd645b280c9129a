package problem

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

const goodProblem = `flextime: 1
name: Test League
format: {kind: round-robin, rounds: 2, mirrored: true}
teams:
  - {id: KU, name: Kansas, venue: Allen Fieldhouse, location: {lat: 38.9543, lon: -95.2558}, timezone: America/Chicago}
  - {id: KSU, location: {lat: 39.1974, lon: -96.5847}, timezone: America/Chicago}
  - BYU
  - id: 7
    name: Seven
groups:
  west: [BYU]
  kansas: [KU, KSU]
slots:
  - {id: a, date: 2027-01-02}
  - {date: 2027-01-05}
  - {id: c}
  - {id: d, date: 2027-01-09}
  - {}
  - {id: f, date: 2027-01-16}
fixed:
  - {home: KU, away: KSU, slot: a}
  - {home: BYU, away: "7", slot: 2027-01-09}
distances:
  unit: mi
  matrix:
    - [0, 80, 900, 10]
    - [80, 0, 850, 20]
    - [900, 850, 0, 30]
    - [10, 20, 30, 0]
constraints:
  - {type: max-streak, teams: all, away: 2, home: 3, hard: true}
  - type: blackout
    teams: [west]
    weekdays: [Sun]
    hard: true
    name: byu-no-sunday
  - {type: separation, teams: [KU, KSU], min-slots: 2, weight: 10}
  - {type: GA1, meetings: [{home: KU, away: BYU}], slots: "a..c", min: 1, weight: 3}
  - {type: travel, weight: 1}
`

func TestParseGood(t *testing.T) {
	p, err := Parse("good.yaml", []byte(goodProblem))
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	if p.Name != "Test League" || p.Source != "good.yaml" {
		t.Errorf("Name, Source = %q, %q, want Test League, good.yaml", p.Name, p.Source)
	}
	if want := (flextime.Format{Rounds: 2, Phased: true, Mirrored: true}); p.Format != want {
		t.Errorf("Format = %+v, want %+v", p.Format, want)
	}
	var ids, names []string
	for _, tm := range p.Teams {
		ids, names = append(ids, tm.ID), append(names, tm.Name)
	}
	if want := []string{"KU", "KSU", "BYU", "7"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("team ids = %v, want %v", ids, want)
	}
	if want := []string{"Kansas", "KSU", "BYU", "Seven"}; !reflect.DeepEqual(names, want) {
		t.Errorf("team names = %v, want %v", names, want)
	}
	ku := p.Teams[0]
	if ku.Venue != "Allen Fieldhouse" || ku.Location == nil || ku.Location.Lat != 38.9543 || ku.Location.Lon != -95.2558 {
		t.Errorf("KU = %+v, want venue and location", ku)
	}
	if ku.TimeZone != "America/Chicago" || ku.Zone == nil || ku.Zone.String() != "America/Chicago" {
		t.Errorf("KU zone = %q, %v, want America/Chicago", ku.TimeZone, ku.Zone)
	}
	if p.Teams[2].Zone != nil || p.Teams[2].Location != nil {
		t.Errorf("BYU = %+v, want no zone and no location", p.Teams[2])
	}
	if want := []flextime.Group{{Name: "kansas", Teams: []int{0, 1}}, {Name: "west", Teams: []int{2}}}; !reflect.DeepEqual(p.Groups, want) {
		t.Errorf("Groups = %+v, want %+v", p.Groups, want)
	}
	date := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d
	}
	wantSlots := []flextime.Slot{{ID: "a", Date: date("2027-01-02")}, {ID: "2", Date: date("2027-01-05")}, {ID: "c"},
		{ID: "d", Date: date("2027-01-09")}, {ID: "5"}, {ID: "f", Date: date("2027-01-16")}}
	if !reflect.DeepEqual(p.Slots, wantSlots) {
		t.Errorf("Slots = %v, want %v", p.Slots, wantSlots)
	}
	if want := []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 2, Away: 3, Slot: 3}}; !reflect.DeepEqual(p.Fixed, want) {
		t.Errorf("Fixed = %v, want %v", p.Fixed, want)
	}
	if p.DistanceUnit != "mi" || len(p.Distance) != 4 || p.Distance[2][1] != 850 {
		t.Errorf("Distance = %v %q, want the matrix in mi", p.Distance, p.DistanceUnit)
	}
	if len(p.Constraints) != 5 {
		t.Fatalf("len(Constraints) = %d, want 5", len(p.Constraints))
	}
	ms, ok := p.Constraints[0].(*constraints.MaxStreak)
	if !ok || ms.Away != 2 || ms.Home != 3 || !ms.Hard || !reflect.DeepEqual(ms.Teams.Names(), []string{"all"}) {
		t.Errorf("Constraints[0] = %#v, want max-streak away 2 home 3 hard", p.Constraints[0])
	}
	if w := ms.Where; w.File != "good.yaml" || w.Line != 31 || w.Col != 5 || w.Path != "constraints[0]" {
		t.Errorf("Constraints[0].Where = %+v, want good.yaml:31:5 constraints[0]", w)
	}
	bo, ok := p.Constraints[1].(*constraints.Blackout)
	if !ok || bo.Name != "byu-no-sunday" || bo.Weekdays.Names()[0] != "Sun" || bo.Teams[0].Pos.Line != 33 {
		t.Errorf("Constraints[1] = %#v, want blackout byu-no-sunday with positions", p.Constraints[1])
	}
	if se, ok := p.Constraints[2].(*constraints.Separation); !ok || se.MinSlots != 2 || se.Weight != 10 {
		t.Errorf("Constraints[2] = %#v, want separation min-slots 2 weight 10", p.Constraints[2])
	}
	ga, ok := p.Constraints[3].(*constraints.GA1Entry)
	if !ok || len(ga.Meetings) != 1 || ga.Meetings[0].Away.Name != "BYU" || ga.Min == nil || *ga.Min != 1 || ga.Max != nil {
		t.Errorf("Constraints[3] = %#v, want GA1 with one meeting and min 1", p.Constraints[3])
	}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatalf("Compile() error = %v", err)
	}
	if m.N != 4 || m.S != 6 {
		t.Errorf("compiled N, S = %d, %d, want 4, 6", m.N, m.S)
	}
}

func TestGenerateSlots(t *testing.T) {
	tests := []struct {
		name      string
		slots     string
		wantN     int
		wantFirst string
		wantLast  string
	}{
		{"count from a matching day", "{generate: {from: 2026-12-30, weekdays: [Wed, Sat], count: 30}}", 30, "2026-12-30", "2027-04-10"},
		{"count from a non-matching day", "{generate: {from: 2027-01-01, weekdays: [saturday], count: 3}}", 3, "2027-01-02", "2027-01-16"},
		{"to is inclusive", "{generate: {from: 2027-01-01, weekdays: [Mon, TUE], to: 2027-01-11}}", 3, "2027-01-04", "2027-01-11"},
		{"single weekday as a scalar", "{generate: {from: 2027-03-01, weekdays: Sun, to: 2027-03-31}}", 4, "2027-03-07", "2027-03-28"},
		{"leap day", "{generate: {from: 2028-02-28, weekdays: [Tue], count: 1}}", 1, "2028-02-29", "2028-02-29"},
		{"count only", "{count: 4}", 4, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "flextime: 1\nteams: [A, B]\nslots: " + tt.slots + "\n"
			p, err := Parse("gen.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if len(p.Slots) != tt.wantN {
				t.Fatalf("len(Slots) = %d, want %d", len(p.Slots), tt.wantN)
			}
			for i, s := range p.Slots {
				if want := strconv.Itoa(i + 1); s.ID != want {
					t.Errorf("Slots[%d].ID = %q, want %q", i, s.ID, want)
				}
				if i > 0 && s.HasDate() && !s.Date.After(p.Slots[i-1].Date) {
					t.Errorf("Slots[%d].Date = %v, not after the previous slot", i, s.Date)
				}
			}
			first, last := p.Slots[0], p.Slots[len(p.Slots)-1]
			if got := dateString(first); got != tt.wantFirst {
				t.Errorf("first date = %q, want %q", got, tt.wantFirst)
			}
			if got := dateString(last); got != tt.wantLast {
				t.Errorf("last date = %q, want %q", got, tt.wantLast)
			}
			if first.HasDate() && first.Date.Location() != time.UTC {
				t.Errorf("first date location = %v, want UTC", first.Date.Location())
			}
		})
	}
}

func dateString(s flextime.Slot) string {
	if !s.HasDate() {
		return ""
	}
	return s.Date.Format(time.DateOnly)
}

func TestDistancesFromLocations(t *testing.T) {
	// One degree of longitude on the equator is 2πR/360 = 111.195 km = 69.093 mi.
	tests := []struct {
		unit string
		want int64
	}{{"km", 111}, {"mi", 69}}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			src := `flextime: 1
teams:
  - {id: A, location: {lat: 0, lon: 10}}
  - {id: B, location: {lat: 0, lon: 11}}
slots: {count: 2}
distances: {unit: ` + tt.unit + `, from: locations}
`
			p, err := Parse("dist.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			want := [][]int64{{0, tt.want}, {tt.want, 0}}
			if !reflect.DeepEqual(p.Distance, want) || p.DistanceUnit != tt.unit {
				t.Errorf("Distance = %v %q, want %v %q", p.Distance, p.DistanceUnit, want, tt.unit)
			}
		})
	}
}

func TestBig12Distances(t *testing.T) {
	p, err := Load(filepath.Join("..", "..", "examples", "big12-mbb.yaml"))
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	ku, ksu, wvu, asu := p.TeamIndex("KU"), p.TeamIndex("KSU"), p.TeamIndex("WVU"), p.TeamIndex("ASU")
	// Lawrence to Manhattan, Kansas is about 75 miles by air; Morgantown to Tempe about 1,800.
	for _, c := range []struct {
		a, b     int
		min, max int64
	}{{ku, ksu, 70, 80}, {wvu, asu, 1750, 1850}} {
		if d := p.Distance[c.a][c.b]; d < c.min || d > c.max || d != p.Distance[c.b][c.a] {
			t.Errorf("Distance[%s][%s] = %d, want within [%d, %d] and symmetric", p.Teams[c.a].ID, p.Teams[c.b].ID, d, c.min, c.max)
		}
	}
}

// base is a valid problem that the error cases below break in one place each.
func base(replace ...string) string {
	src := `flextime: 1
name: test
teams:
  - {id: KU, timezone: America/Chicago}
  - {id: KSU}
  - {id: BYU}
  - {id: UTAH}
slots: {count: 6}
constraints:
  - {type: max-streak, teams: all, away: 2, hard: true}
`
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(src, replace[i]) {
			panic("base: no " + replace[i])
		}
		src = strings.Replace(src, replace[i], replace[i+1], 1)
	}
	return src
}

func TestParseErrors(t *testing.T) {
	if _, err := Parse("base.yaml", []byte(base())); err != nil {
		t.Fatalf("Parse(base) error = %v", err)
	}
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantPath string
		want     string // a substring of the error message or hint
	}{
		{"empty file", "", 0, "", "file is empty"},
		{"only whitespace", "  \n\n", 0, "", "file is empty"},
		{"only comments", "# nothing here\n", 0, "", "only comments"},
		{"binary garbage", "\x00\x01\x02\xff\xfe", 1, "", "not a text file"},
		{"invalid utf-8 on line 3", "flextime: 1\nname: x\nteams: [\xff]\n", 3, "", "not a text file"},
		{"yaml syntax error", "flextime: 1\nteams: [KU, KSU\nslots: {count: 2}\n", 2, "", "is not closed"},
		{"tab indentation", "flextime: 1\nteams:\n\t- KU\n", 3, "", "spaces, not tabs"},
		{"top level is a list", "- flextime: 1\n", 1, "", "expected a mapping"},
		{"two documents", base() + "---\nflextime: 1\n", 11, "", "more than one YAML document"},
		{"missing version", base("flextime: 1\n", ""), 1, "flextime", "flextime: 1"},
		{"wrong version", base("flextime: 1", "flextime: 2"), 1, "flextime", "unsupported schema version"},
		{"version as text", base("flextime: 1", "flextime: one"), 1, "flextime", "unsupported schema version"},
		{"unknown top-level field", base("name: test", "nmae: test"), 2, "nmae", `did you mean "name"?`},
		{"unknown field without suggestion", base("name: test", "zzzzzz: test"), 2, "zzzzzz", "allowed fields here"},
		{"duplicate top-level key", base("name: test", "name: test\nname: again"), 3, "name", "given twice (first on line 2)"},
		{"unknown team field", base("{id: KSU}", "{id: KSU, venu: Bramlage}"), 5, "teams[1].venu", `did you mean "venue"?`},
		{"team without id", base("{id: KSU}", "{name: KSU}"), 5, "teams[1].id", "team has no id"},
		{"empty team id", base("{id: KSU}", `{id: ""}`), 5, "teams[1].id", "team id is empty"},
		{"team id all", base("{id: KSU}", "{id: all}"), 5, "teams[1].id", "reserved"},
		{"duplicate team id", base("{id: BYU}", "{id: KU}"), 6, "teams[2].id", `duplicate team id "KU" (first on line 4)`},
		{"bad timezone with suggestion", base("America/Chicago", "America/Chicgo"), 4, "teams[0].timezone", `did you mean "America/Chicago"?`},
		{"bad timezone", base("America/Chicago", "CST"), 4, "teams[0].timezone", "unknown time zone"},
		{"local timezone", base("America/Chicago", "Local"), 4, "teams[0].timezone", "unknown time zone"},
		{"latitude out of range", base("{id: KSU}", "{id: KSU, location: {lat: 95, lon: 0}}"), 5, "teams[1].location.lat", "outside [-90, 90]"},
		{"longitude out of range", base("{id: KSU}", "{id: KSU, location: {lat: 0, lon: -190}}"), 5, "teams[1].location.lon", "outside [-180, 180]"},
		{"latitude not a number", base("{id: KSU}", "{id: KSU, location: {lat: .nan, lon: 0}}"), 5, "teams[1].location.lat", "finite number"},
		{"location without lon", base("{id: KSU}", "{id: KSU, location: {lat: 1}}"), 5, "teams[1].location.lon", "has no lon"},
		{"teams not a list", "flextime: 1\nteams: {id: KU}\nslots: {count: 2}\n", 2, "teams", "expected a list of teams"},
		{"no teams", base("teams:\n", "teamz:\n"), 3, "teamz", `did you mean "teams"?`},
		{"too many teams", "flextime: 1\nteams: [" + strings.Repeat("a, ", flextime.MaxTeams) + "b]\nslots: {count: 2}\n", 2, "teams", "more than the 1000"},
		{"group clashes with team", base("slots:", "groups: {KU: [KSU]}\nslots:"), 8, "groups.KU", "already a team id"},
		{"unknown group member", base("slots:", "groups: {west: [BYU, UTA]}\nslots:"), 8, "groups.west[1]", `did you mean "UTAH"?`},
		{"empty group", base("slots:", "groups: {west: []}\nslots:"), 8, "groups.west", "has no teams"},
		{"slots missing", base("slots: {count: 6}\n", ""), 1, "slots", "no slots given"},
		{"slot count zero", base("{count: 6}", "{count: 0}"), 8, "slots.count", "at least 1"},
		{"absurd slot count", base("{count: 6}", "{count: 100000000}"), 8, "slots.count", "more than the 10000"},
		{"count and generate", base("{count: 6}", "{count: 6, generate: {from: 2027-01-01, weekdays: [Sat], count: 6}}"), 8, "slots.count", "not both"},
		{"generator count absurd", base("{count: 6}", "{generate: {from: 2027-01-01, weekdays: [Sat], count: 100000000}}"), 8, "slots.generate.count", "more than the 10000"},
		{"generator to far away", base("{count: 6}", "{generate: {from: 2027-01-01, weekdays: [Sat], to: 9999-12-31}}"), 8, "slots.generate.to", "more than the 10000"},
		{"impossible date", base("{count: 6}", "{generate: {from: 2027-02-30, weekdays: [Sat], count: 6}}"), 8, "slots.generate.from", "February 2027 has 28 days"},
		{"not a date", base("{count: 6}", "{generate: {from: next monday, weekdays: [Sat], count: 6}}"), 8, "slots.generate.from", "YYYY-MM-DD"},
		{"unknown weekday", base("{count: 6}", "{generate: {from: 2027-01-01, weekdays: [Sat, Thursdy], count: 6}}"), 8, "slots.generate.weekdays[1]", `did you mean "Thursday"?`},
		{"generator without count or to", base("{count: 6}", "{generate: {from: 2027-01-01, weekdays: [Sat]}}"), 8, "slots.generate.count", "needs count or to"},
		{"generator to before from", base("{count: 6}", "{generate: {from: 2027-01-01, weekdays: [Sat], to: 2026-01-01}}"), 8, "slots.generate.to", "before the start date"},
		{"generator finds no day", base("{count: 6}", "{generate: {from: 2027-01-04, weekdays: [Sat], to: 2027-01-07}}"), 8, "slots.generate", "no day"},
		{"unknown generator field", base("{count: 6}", "{generate: {from: 2027-01-04, weekday: [Sat], count: 2}}"), 8, "slots.generate.weekday", `did you mean "weekdays"?`},
		{"duplicate slot id", base("{count: 6}", "[{id: x}, {id: y}, {id: x}]"), 8, "slots[2].id", `duplicate slot id "x"`},
		{"default slot id clash", base("{count: 6}", "[{id: \"2\"}, {}]"), 8, "slots[1].id", `duplicate slot id "2"`},
		{"slot dates out of order", base("{count: 6}", "\n  - {date: 2027-01-05}\n  - {date: 2027-01-05}"), 10, "slots[1].date", "not after 2027-01-05"},
		{"reserved slot id", base("{count: 6}", "[{id: all}]"), 8, "slots[0].id", "reserved"},
		{"slot list item not a mapping", base("{count: 6}", "[1, 2]"), 8, "slots[0]", "expected a slot"},
		{"games-per-team without games", base("slots:", "format: {kind: games-per-team}\nslots:"), 8, "format.games", "needs the number of games"},
		{"games on a round robin", base("slots:", "format: {rounds: 2, games: 4}\nslots:"), 8, "format.games", "applies to kind: games-per-team"},
		{"rounds on games-per-team", base("slots:", "format: {kind: games-per-team, games: 2, rounds: 2}\nslots:"), 8, "format.rounds", "applies to kind: round-robin"},
		{"series too long", base("slots:", "format: {rounds: 2, series: 9}\nslots:"), 8, "format.series", "1 to 7 games"},
		{"series offset too far", base("{id: KSU}", "{id: KSU, series-offset: 9}"), 5, "teams[1].series-offset", "more than six days"},
		{"slot time not a time", base("{count: 6}", `[{date: 2027-01-02, time: "7pm"}]`), 8, "slots[0].time", "not a time of day"},
		{"slot time without date", base("{count: 6}", `[{time: "19:00"}]`), 8, "slots[0].time", "needs a date"},
		{"slot zone without time", base("{count: 6}", `[{date: 2027-01-02, zone: America/New_York}]`), 8, "slots[0].zone", "needs a start time"},
		{"slot zone unknown", base("{count: 6}", `[{date: 2027-01-02, time: "21:00", zone: America/NewYork}]`), 8, "slots[0].zone", `did you mean "America/New_York"?`},
		{"generator time weekday not generated", base("{count: 6}", `{generate: {from: 2027-01-02, weekdays: [Sat], count: 6, time: {Tue: "19:00"}}}`), 8,
			"slots.generate.time.Tue", "not one of the generator's weekdays"},
		{"generator skip not a date", base("{count: 6}", `{generate: {from: 2027-01-02, weekdays: [Sat], count: 6, skip: [2027-02-30]}}`), 8,
			"slots.generate.skip[0]", "February 2027 has 28 days"},
		{"format kind misspelt", base("slots:", "format: {kind: round-robbin}\nslots:"), 8, "format.kind", `did you mean "round-robin"?`},
		{"rounds 3", base("slots:", "format: {rounds: 3}\nslots:"), 8, "format.rounds", "rounds must be 1 or 2"},
		{"mirrored single round", base("slots:", "format: {rounds: 1, mirrored: true}\nslots:"), 8, "format.mirrored", "needs 2 rounds"},
		{"phased not a bool", base("slots:", "format: {phased: maybe}\nslots:"), 8, "format.phased", "true or false"},
		{"unknown team in fixed", base("constraints:", "fixed: [{home: KU, away: KSUU, slot: \"1\"}]\nconstraints:"), 9, "fixed[0].away", `did you mean "KSU"?`},
		{"unknown slot in fixed", base("constraints:", "fixed: [{home: KU, away: KSU, slot: \"9\"}]\nconstraints:"), 9, "fixed[0].slot", `unknown slot "9"`},
		{"fixed team plays itself", base("constraints:", "fixed: [{home: KU, away: KU, slot: \"1\"}]\nconstraints:"), 9, "fixed[0].away", "cannot play itself"},
		{"fixed game without slot", base("constraints:", "fixed: [{home: KU, away: KSU}]\nconstraints:"), 9, "fixed[0].slot", "game has no slot"},
		{"fixed team twice in a slot", base("constraints:", "fixed:\n  - {home: KU, away: KSU, slot: \"1\"}\n  - {home: BYU, away: KU, slot: \"1\"}\nconstraints:"), 11, "fixed[1]", "already has a fixed game"},
		{"non-square matrix", base("constraints:", "distances:\n  matrix:\n    - [0, 1, 2, 3]\n    - [1, 0, 2]\n    - [2, 2, 0, 1]\n    - [3, 3, 1, 0]\nconstraints:"), 12, "distances.matrix[1]", "row 2 (KSU) has 3 entries for 4 teams"},
		{"matrix rows", base("constraints:", "distances: {matrix: [[0, 1], [1, 0]]}\nconstraints:"), 9, "distances.matrix", "2 rows for 4 teams"},
		{"negative distance", base("constraints:", "distances: {matrix: [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, -1], [1, 1, 1, 0]]}\nconstraints:"), 9, "distances.matrix[2][3]", "outside 0.."},
		{"fractional distance", base("constraints:", "distances: {matrix: [[0, 1.5, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]}\nconstraints:"), 9, "distances.matrix[0][1]", "whole number"},
		{"nonzero diagonal", base("constraints:", "distances: {matrix: [[0, 1, 1, 1], [1, 5, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]}\nconstraints:"), 9, "distances.matrix[1][1]", "must be 0"},
		{"locations missing", base("constraints:", "distances: {unit: mi, from: locations}\nconstraints:"), 9, "distances.from", "team KU (teams[0]) has no location"},
		{"unknown unit", base("constraints:", "distances: {unit: miles, from: locations}\nconstraints:"), 9, "distances.unit", `unknown unit "miles"`},
		{"unknown constraint type", base("max-streak,", "max-streek,"), 10, "constraints[0].type", `did you mean "max-streak"?`},
		{"constraint type case", base("max-streak,", "ca1,"), 10, "constraints[0].type", `did you mean "CA1"?`},
		{"constraint without type", base("{type: max-streak, ", "{"), 10, "constraints[0].type", "constraint has no type"},
		{"unknown constraint field", base("away: 2,", "awya: 2,"), 10, "constraints[0].awya", `did you mean "away"?`},
		{"base field misspelt", base("hard: true}", "hrad: true}"), 10, "constraints[0].hrad", `did you mean "hard"?`},
		{"constraint field of another type", base("away: 2,", "away: 2, min-slots: 3,"), 10, "constraints[0].min-slots", "allowed fields here"},
		{"constraint field wrong type", base("away: 2,", "away: two,"), 10, "constraints[0].away", "whole number"},
		{"constraint weight fractional", base("hard: true}", "weight: 1.5}"), 10, "constraints[0].weight", "whole number"},
		{"constraint teams as mapping", base("teams: all", "teams: {a: 1}"), 10, "constraints[0].teams", "expected an id or a list of ids"},
		{"constraint teams nested list", base("teams: all", "teams: [[KU]]"), 10, "constraints[0].teams[0]", "expected an id"},
		{"constraint field empty", base("teams: all,", "teams: ,"), 10, "constraints[0].teams", "no value given"},
		{"duplicate constraint key", base("away: 2,", "away: 2, away: 3,"), 10, "constraints[0].away", "given twice"},
		{"unknown meeting field", base("{type: max-streak, teams: all, away: 2, hard: true}", "{type: GA1, meetings: [{home: KU, awya: KSU}], max: 0, hard: true}"), 10, "constraints[0].meetings[0].awya", `did you mean "away"?`},
		{"constraint not a mapping", base("{type: max-streak, teams: all, away: 2, hard: true}", "max-streak"), 10, "constraints[0]", "expected a constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("bad.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse() = %+v, want an error", p)
			}
			var ie *flextime.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse() error = %T %v, want *flextime.InputError", err, err)
			}
			if !errors.Is(err, flextime.ErrInput) {
				t.Errorf("errors.Is(err, ErrInput) = false, want true")
			}
			if ie.Pos.File != "bad.yaml" {
				t.Errorf("Pos.File = %q, want bad.yaml", ie.Pos.File)
			}
			if ie.Pos.Line != tt.wantLine {
				t.Errorf("Pos.Line = %d, want %d (%v)", ie.Pos.Line, tt.wantLine, err)
			}
			if ie.Pos.Path != tt.wantPath {
				t.Errorf("Pos.Path = %q, want %q (%v)", ie.Pos.Path, tt.wantPath, err)
			}
			if !strings.Contains(ie.Msg+" "+ie.Hint, tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if ie.Msg == "" {
				t.Errorf("Msg is empty")
			}
		})
	}
}

// TestCompileReportsPositions checks that references inside constraints, which Parse leaves to
// constraints.Compile, are reported at the place the user wrote them.
func TestCompileReportsPositions(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantCol  int
		wantPath string
		want     string
	}{
		{"unknown team in a team list", base("teams: all", "teams: [KU, KUU]"), 10, 36, "constraints[0].teams[1]", `did you mean "KU"?`},
		{"unknown team as a scalar", base("teams: all", "teams: UTH"), 10, 31, "constraints[0].teams", `did you mean "UTAH"?`},
		{"unknown slot in a blackout", base("{type: max-streak, teams: all, away: 2, hard: true}", "{type: blackout, teams: [KU], slots: [\"1\", \"7\"], hard: true}"), 10, 48, "constraints[0].slots[1]", `unknown slot "7"`},
		{"neither hard nor weight", base(", hard: true}", "}"), 10, 5, "constraints[0].weight", "neither hard nor weighted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("c.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse() error = %v, want success (references are resolved by Compile)", err)
			}
			_, err = constraints.Compile(p)
			var ie *flextime.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Compile() error = %v, want *flextime.InputError", err)
			}
			if ie.Pos.File != "c.yaml" || ie.Pos.Line != tt.wantLine || ie.Pos.Col != tt.wantCol || ie.Pos.Path != tt.wantPath {
				t.Errorf("Pos = %+v, want c.yaml:%d:%d %s (%v)", ie.Pos, tt.wantLine, tt.wantCol, tt.wantPath, err)
			}
			if !strings.Contains(ie.Msg+" "+ie.Hint, tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestYAMLFeatures(t *testing.T) {
	tests := []struct {
		name string
		src  string
		test func(t *testing.T, p *flextime.Problem)
	}{
		{"anchors and merge keys", `flextime: 1
teams:
  - &central {id: KU, timezone: America/Chicago}
  - {<<: *central, id: KSU}
  - {id: BYU}
  - {id: UTAH}
slots: {count: 6}
constraints:
  - &streak {type: max-streak, teams: &both [KU, KSU], away: 2, hard: true}
  - {<<: *streak, away: 3, name: looser}
  - {type: no-repeat, teams: *both, hard: true}
`, func(t *testing.T, p *flextime.Problem) {
			if p.Teams[1].TimeZone != "America/Chicago" {
				t.Errorf("merged timezone = %q, want America/Chicago", p.Teams[1].TimeZone)
			}
			ms := p.Constraints[1].(*constraints.MaxStreak)
			if ms.Away != 3 || ms.Name != "looser" || !ms.Hard || len(ms.Teams) != 2 {
				t.Errorf("merged constraint = %+v, want away 3, hard, two teams", ms)
			}
			if nr := p.Constraints[2].(*constraints.NoRepeat); !reflect.DeepEqual(nr.Teams.Names(), []string{"KU", "KSU"}) {
				t.Errorf("aliased teams = %v, want [KU KSU]", nr.Teams.Names())
			}
			if _, err := constraints.Compile(p); err != nil {
				t.Errorf("Compile() error = %v", err)
			}
		}},
		{"JSON problem", "{\n\t\"flextime\": 1,\n\t\"teams\": [\"A\", \"B\"],\n\t\"slots\": {\"count\": 2},\n\t\"name\": \"a\\/b\"\n}\n",
			func(t *testing.T, p *flextime.Problem) {
				if p.Name != "a/b" || len(p.Teams) != 2 {
					t.Errorf("Problem = %+v, want name a/b and two teams", p)
				}
			}},
		{"YAML flow mapping is not JSON", "{flextime: 1, teams: [A, B], slots: {count: 2}}",
			func(t *testing.T, p *flextime.Problem) {
				if len(p.Teams) != 2 || len(p.Slots) != 2 {
					t.Errorf("Problem = %+v, want two teams and two slots", p)
				}
			}},
		{"numeric ids are text", "flextime: 1\nteams: [1, 2]\nslots: [{id: 1}, {id: 1.0}]\nfixed: [{home: 1, away: 2, slot: 1.0}]\n",
			func(t *testing.T, p *flextime.Problem) {
				if p.Teams[0].ID != "1" || p.Slots[1].ID != "1.0" || p.Fixed[0].Slot != 1 {
					t.Errorf("ids = %q %q, fixed %v, want text ids", p.Teams[0].ID, p.Slots[1].ID, p.Fixed)
				}
			}},
		{"empty sections", "flextime: 1\nname:\nteams: [A, B]\nslots: {count: 2}\nfixed:\nconstraints:\n",
			func(t *testing.T, p *flextime.Problem) {
				if p.Name != "features" || p.Fixed != nil || p.Constraints != nil {
					t.Errorf("Problem = %+v, want the file name and no fixed games or constraints", p)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("features.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			tt.test(t, p)
		})
	}
}

func TestJSONSyntaxError(t *testing.T) {
	_, err := Parse("p.json", []byte("{\n  \"flextime\": 1,\n  \"teams\": [\"A\" \"B\"]\n}"))
	var ie *flextime.InputError
	if !errors.As(err, &ie) || ie.Pos.Line != 3 || !strings.Contains(ie.Msg, "invalid JSON") {
		t.Errorf("Parse() error = %v, want invalid JSON on line 3", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "nope.yaml")
		_, err := Load(path)
		var ie *flextime.InputError
		if !errors.As(err, &ie) || ie.Pos.File != path || !strings.Contains(err.Error(), "cannot open") {
			t.Errorf("Load() error = %v, want an InputError naming the file", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		path := filepath.Join(dir, "big.yaml")
		data := []byte("flextime: 1\n" + strings.Repeat("#", MaxInputSize))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		var ie *flextime.InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "larger than") {
			t.Errorf("Load() error = %v, want a size error", err)
		}
		if _, err := Parse("big.yaml", data); err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("Parse() error = %v, want a size error", err)
		}
	})
	t.Run("name defaults to the file name", func(t *testing.T) {
		path := filepath.Join(dir, "my-league.yaml")
		if err := os.WriteFile(path, []byte("flextime: 1\nteams: [A, B]\nslots: {count: 2}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path)
		if err != nil {
			t.Fatalf("Load() error = %v", err)
		}
		if p.Name != "my-league" || p.Source != path {
			t.Errorf("Name, Source = %q, %q, want my-league, %s", p.Name, p.Source, path)
		}
	})
}

func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("found %d examples, want at least 3", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := Load(f)
			if err != nil {
				t.Fatalf("Load() error = %v", err)
			}
			m, err := constraints.Compile(p)
			if err != nil {
				t.Fatalf("Compile() error = %v", err)
			}
			if len(p.Constraints) == 0 || len(m.Prims) <= len(p.Constraints) {
				t.Errorf("example compiles to %d primitives from %d constraints, want constraints", len(m.Prims), len(p.Constraints))
			}
		})
	}
}

// TestParseSeasonFormats reads the fields of real seasons: a partial round robin of three-game series, a
// team whose series start a day early, and slots with start times local to the venue or in a named zone.
func TestParseSeasonFormats(t *testing.T) {
	src := `flextime: 1
format: {kind: games-per-team, games: 2, series: 3}
teams:
  - {id: BYU, timezone: America/Denver, series-offset: -1}
  - {id: UTAH, timezone: America/Denver}
  - {id: ASU, timezone: America/Phoenix}
  - {id: ARIZ, timezone: America/Phoenix}
slots:
  generate: {from: 2027-03-05, weekdays: [Fri], count: 3, skip: [2027-03-12], time: "18:30"}
`
	p, err := Parse("season.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := (flextime.Format{Rounds: 2, GamesPerTeam: 2, Series: 3}); p.Format != want {
		t.Errorf("Format = %+v, want %+v", p.Format, want)
	}
	if p.Teams[0].SeriesOffset != -1 || p.Teams[1].SeriesOffset != 0 {
		t.Errorf("series offsets = %d, %d, want -1, 0", p.Teams[0].SeriesOffset, p.Teams[1].SeriesOffset)
	}
	var dates []string
	for _, sl := range p.Slots {
		dates = append(dates, sl.Date.Format(time.DateOnly))
		if !sl.HasTime || sl.Minute != 18*60+30 || sl.Zone != nil {
			t.Errorf("slot %s: time %v %d zone %v, want 18:30 venue-local", sl.ID, sl.HasTime, sl.Minute, sl.Zone)
		}
	}
	if got, want := strings.Join(dates, " "), "2027-03-05 2027-03-19 2027-03-26"; got != want {
		t.Errorf("dates = %s, want %s (2027-03-12 skipped)", got, want)
	}

	src = `flextime: 1
teams: [A, B, C, D]
slots:
  - {date: 2027-01-02, time: "21:00", zone: America/New_York}
  - {date: 2027-01-05}
  - {date: 2027-01-09, time: "14:00"}
slots2: x
`
	if _, err := Parse("bad.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "slots2") {
		t.Errorf("unknown top-level field: error %v", err)
	}
	src = strings.Replace(src, "slots2: x\n", "", 1)
	p, err = Parse("tv.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if sl := p.Slots[0]; !sl.HasTime || sl.Minute != 21*60 || sl.Zone == nil || sl.Zone.String() != "America/New_York" {
		t.Errorf("slot 1 = %+v, want 21:00 in America/New_York", sl)
	}
	if sl := p.Slots[1]; sl.HasTime || sl.Zone != nil {
		t.Errorf("slot 2 = %+v, want a date without a time", sl)
	}

	src = `flextime: 1
teams: [A, B]
slots:
  generate: {from: 2027-01-02, to: 2027-01-12, weekdays: [Sat, Tue], time: {Sat: "14:00", Tue: "19:00"}}
`
	p, err = Parse("weekday-times.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []int{14 * 60, 19 * 60, 14 * 60, 19 * 60}
	if len(p.Slots) != len(want) {
		t.Fatalf("%d slots, want %d", len(p.Slots), len(want))
	}
	for i, sl := range p.Slots {
		if !sl.HasTime || sl.Minute != want[i] {
			t.Errorf("slot %s (%s): minute %d, want %d", sl.ID, sl.Date.Weekday(), sl.Minute, want[i])
		}
	}
}
