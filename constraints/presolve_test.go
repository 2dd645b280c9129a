package constraints

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flextime/flextime"
)

// saturdays is a partial round robin of n teams, games each, on count Saturdays from 2027-01-02.
func saturdays(n, games, count int, cons ...flextime.Constraint) *flextime.Problem {
	p := &flextime.Problem{Name: "clash", Format: flextime.Format{Rounds: 2, GamesPerTeam: games}, Constraints: cons}
	for i := range n {
		p.Teams = append(p.Teams, flextime.Team{ID: "T" + strconv.Itoa(i)})
	}
	for s := range count {
		p.Slots = append(p.Slots, flextime.Slot{ID: strconv.Itoa(s + 1), Date: civil(2027, 1, 2).AddDate(0, 0, 7*s)})
	}
	return p
}

func TestClashes(t *testing.T) {
	hardBase := flextime.ConstraintBase{Hard: true}
	exams := &Blackout{ConstraintBase: hardBase, Teams: flextime.Refs("T0"), Slots: flextime.Refs("1", "2", "3")}
	exams.Name = "exams"
	noHost := &Blackout{ConstraintBase: hardBase, Teams: flextime.Refs("T1"), Cannot: "host", Slots: flextime.Refs("1..5")}
	noHost.Name = "arena-renovation"
	shared := &SharedVenue{ConstraintBase: hardBase, Teams: flextime.Refs("T2", "T3")}
	shared.Name = "one-arena"
	weekend := &WeekendHomeGames{ConstraintBase: hardBase, Min: 7}
	weekend.Name = "weekend"
	cases := []struct {
		name  string
		p     *flextime.Problem
		fixed []flextime.Game
		want  []string // one substring per clash, in order
	}{
		{"none", saturdays(6, 4, 6), nil, nil},
		{"fewer open slots than games", saturdays(6, 4, 6, exams), nil, []string{"T0 has 4 games to play but only 3 of the 6 slots are open to it [exams, structure]"}},
		{"fewer host slots than home games", saturdays(6, 4, 6, noHost), nil, []string{"T1 must play 2 home games but may host in only 1 slots [arena-renovation, structure]"}},
		{"two teams of one arena fixed to host in one slot", saturdays(6, 4, 6, shared),
			[]flextime.Game{{Home: 2, Away: 0, Slot: 1}, {Home: 3, Away: 1, Slot: 1}},
			[]string{"the fixed games alone break it: T2 hosts T0 and T3 hosts T1 in slot 2 (Sat 2027-01-09), but they share a venue [one-arena, fixed games]"}},
		{"fixed game on a blackout", saturdays(6, 2, 6, exams), []flextime.Game{{Home: 0, Away: 1, Slot: 0}},
			[]string{"the fixed games alone break it: T0 hosts T1 in slot 1 (Sat 2027-01-02), but cannot play then [exams, fixed games]"}},
		{"fixed to meet too often", saturdays(6, 4, 6), []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 1, Away: 0, Slot: 1}},
			[]string{"T0 and T1 are fixed to meet 2 times; at most 1 allowed"}},
		{"everyone plays in a slot of an odd league", saturdays(7, 4, 6, &ByePlacement{ConstraintBase: flextime.ConstraintBase{Hard: true, Name: "no-early-bye"},
			Slots: flextime.Refs("1"), Max: ip(0)}), nil, []string{"7 teams must play in slot 1 (Sat 2027-01-02), but with 7 teams at most 6 can [no-early-bye, structure]"}},
		{"minimum above the slots", saturdays(6, 4, 6, weekend), nil, []string{"weekend asks for at least 7 home games of a team that plays 2 [weekend, structure]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.Fixed = tc.fixed
			m := mustCompile(t, tc.p)
			got := m.Clashes()
			var msgs []string
			for _, c := range got {
				msgs = append(msgs, c.Message+" ["+strings.Join(c.Constraints, ", ")+"]")
			}
			if len(msgs) != len(tc.want) {
				t.Fatalf("Clashes() = %q, want %d clash(es)", msgs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(msgs[i], w) {
					t.Errorf("clash %d = %q, want it to contain %q", i, msgs[i], w)
				}
			}
		})
	}
}

// TestClashesAcrossZones checks the day-based closing of a venue-local calendar: a Sunday blackout of
// a team closes a slot only when every game it could play there falls on Sunday at that venue.
func TestClashesAcrossZones(t *testing.T) {
	ny := zone(t, "America/New_York")
	var slots []flextime.Slot
	for i := range 3 {
		// Sunday 1 am Eastern: Saturday night in the Mountain zone, Sunday in the East.
		slots = append(slots, flextime.Slot{ID: strconv.Itoa(i + 1), Date: civil(2027, 1, 17).AddDate(0, 0, 7*i), HasTime: true, Minute: 60, Zone: ny})
	}
	b := &Blackout{ConstraintBase: flextime.ConstraintBase{Hard: true}, Teams: flextime.Refs("WVU"), Weekdays: flextime.Refs("Sun")}
	b.Name = "wvu-no-sunday"
	m := mustCompile(t, westProblem(t, slots, b))
	// WVU can still play at a western venue on Saturday night local time: no clash.
	if cs := m.Clashes(); len(cs) != 0 {
		t.Fatalf("Clashes() = %v, want none: WVU may play in the West", cs)
	}
	b2 := &Blackout{ConstraintBase: flextime.ConstraintBase{Hard: true}, Teams: flextime.Refs("WVU"), Weekdays: flextime.Refs("Sat", "Sun")}
	b2.Name = "wvu-weekend"
	m = mustCompile(t, westProblem(t, slots, b2))
	cs := m.Clashes()
	if len(cs) != 1 || !strings.Contains(cs[0].Message, "WVU has 3 games to play but only 0 of the 3 slots") {
		t.Fatalf("Clashes() = %v, want WVU closed everywhere", cs)
	}
	_ = time.UTC
}
