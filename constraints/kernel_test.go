package constraints

import (
	"strconv"
	"strings"
	"testing"

	"github.com/flextime/flextime"
)

// circle returns a valid single round robin of n teams (circle method) in n-1 slots.
func circle(n int) []flextime.Game {
	var games []flextime.Game
	for r := 0; r < n-1; r++ {
		for i := 0; i < n/2; i++ {
			a := (r + i) % (n - 1)
			b := (r + n - 1 - i) % (n - 1)
			if i == 0 {
				b = n - 1
			}
			if (r+i)%2 == 0 {
				a, b = b, a
			}
			games = append(games, flextime.Game{Home: a, Away: b, Slot: r})
		}
	}
	return games
}

// doubleRR mirrors a single round robin into a phased double round robin.
func doubleRR(n int) []flextime.Game {
	first := circle(n)
	games := append([]flextime.Game(nil), first...)
	for _, g := range first {
		games = append(games, flextime.Game{Home: g.Away, Away: g.Home, Slot: g.Slot + n - 1})
	}
	return games
}

func testProblem(n int, cons ...flextime.Constraint) *flextime.Problem {
	p := &flextime.Problem{Name: "test", Format: flextime.Format{Rounds: 2}, Constraints: cons}
	for i := range n {
		p.Teams = append(p.Teams, flextime.Team{ID: strconv.Itoa(i)})
	}
	for s := range 2 * (n - 1) {
		p.Slots = append(p.Slots, flextime.Slot{ID: strconv.Itoa(s)})
	}
	return p
}

func ip(v int) *int { return &v }

func soft(w int64) flextime.ConstraintBase { return flextime.ConstraintBase{Weight: w} }

func mustCompile(t *testing.T, p *flextime.Problem) *Model {
	t.Helper()
	m, err := Compile(p)
	if err != nil {
		t.Fatalf("Compile() error = %v", err)
	}
	return m
}

// table builds a table directly, for kernels tested in isolation.
func table(n, s int, games []flextime.Game) *Table { return NewTable(n, s, games) }

func TestValidDoubleRoundRobinHasNoStructuralCost(t *testing.T) {
	for _, n := range []int{4, 6, 8, 16} {
		games := doubleRR(n)
		k := &Structure{Format: flextime.Format{Rounds: 2, Phased: true, Mirrored: true}}
		if d := k.Eval(table(n, 2*(n-1), games), nil); d != 0 {
			t.Errorf("n=%d: Structure.Eval() = %d, want 0", n, d)
		}
	}
}

func TestStructure(t *testing.T) {
	n := 4
	base := doubleRR(n)
	tests := []struct {
		name   string
		format flextime.Format
		edit   func([]flextime.Game) []flextime.Game
		want   int64
	}{
		{"missing game costs 1 per ordered pair", flextime.Format{Rounds: 2}, func(g []flextime.Game) []flextime.Game { return g[1:] }, 1},
		{"team twice in a slot costs 2(g-1) for each team", flextime.Format{Rounds: 2}, func(g []flextime.Game) []flextime.Game {
			// Move the first game of slot 1 into slot 0: both its teams now play twice in slot 0.
			out := append([]flextime.Game(nil), g...)
			for i := range out {
				if out[i].Slot == 1 {
					out[i].Slot = 0
					break
				}
			}
			return out
		}, 4},
		{"phased pair meeting twice in one half costs 2", flextime.Format{Rounds: 2, Phased: true}, func(g []flextime.Game) []flextime.Game {
			// Swap slots 2 and 3 (= n-1): pairs of old slot 3 now meet twice in the first half.
			out := append([]flextime.Game(nil), g...)
			for i := range out {
				switch out[i].Slot {
				case 2:
					out[i].Slot = 3
				case 3:
					out[i].Slot = 2
				}
			}
			return out
		}, 2 * 2 * 2}, // two pairs per slot, both halves broken: 4 pairs × 2
		{"mirror broken costs 1 per unmirrored game", flextime.Format{Rounds: 2, Phased: true, Mirrored: true}, func(g []flextime.Game) []flextime.Game {
			out := append([]flextime.Game(nil), g...)
			for i := range out {
				switch out[i].Slot {
				case 3:
					out[i].Slot = 4
				case 4:
					out[i].Slot = 3
				}
			}
			return out
		}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &Structure{Format: tt.format}
			if got := k.Eval(table(n, 2*(n-1), tt.edit(base)), nil); got != tt.want {
				t.Errorf("Structure.Eval() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCA3CountsFullWindowsOnly(t *testing.T) {
	// Team 0 plays away in slots 0..3 of a 6-slot season: windows of 3 are [0-2], [1-3] (3 away each),
	// [2-4], [3-5]. With max 2 the two first windows deviate by 1 each; nothing wraps around.
	games := []flextime.Game{
		{Home: 1, Away: 0, Slot: 0}, {Home: 2, Away: 0, Slot: 1}, {Home: 3, Away: 0, Slot: 2}, {Home: 1, Away: 0, Slot: 3},
		{Home: 0, Away: 2, Slot: 4}, {Home: 0, Away: 3, Slot: 5},
	}
	all := SetOf(4, []int{0, 1, 2, 3})
	k := &CA3{Teams1: []int{0}, Teams2: all, Mode: Away, Intp: 3, Bound: Bound{Max: 2}}
	var details []Detail
	if got := k.Eval(table(4, 6, games), func(d Detail) { details = append(details, d) }); got != 2 {
		t.Errorf("CA3.Eval() = %d, want 2", got)
	}
	if len(details) != 1 || details[0].Slots[0] != 0 || details[0].Slots[1] != 3 || len(details[0].Games) != 4 {
		t.Errorf("CA3 details = %+v, want one run over slots 0..3 with 4 games", details)
	}
	// A minimum counts too: at least 1 home game in every 3 slots fails in the same windows.
	k = &CA3{Teams1: []int{0}, Teams2: all, Mode: Home, Intp: 3, Bound: Bound{Min: 1, Max: Unbounded}}
	if got := k.Eval(table(4, 6, games), nil); got != 2 {
		t.Errorf("CA3 min Eval() = %d, want 2", got)
	}
}

func TestCA4AnyModeCountsAGameOnce(t *testing.T) {
	games := []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 2, Away: 3, Slot: 0}}
	k := NewCA4(4, []int{0, 1}, []int{0, 1}, []int{0}, Any, false, Bound{Max: 0})
	if got := k.Eval(table(4, 2, games), nil); got != 1 {
		t.Errorf("CA4 HA Eval() = %d, want 1 (the game 0-1 counted once)", got)
	}
	k = NewCA4(4, []int{0, 1}, []int{0, 1}, []int{0}, Home, false, Bound{Max: 0})
	if got := k.Eval(table(4, 2, games), nil); got != 1 {
		t.Errorf("CA4 H Eval() = %d, want 1", got)
	}
	k = NewCA4(4, []int{0, 1}, []int{2, 3}, []int{0, 1}, Any, true, Bound{Min: 1, Max: Unbounded})
	if got := k.Eval(table(4, 2, games), nil); got != 2 {
		t.Errorf("CA4 EVERY Eval() = %d, want 2 (one missing game in each slot)", got)
	}
}

func TestBreaksBelongToTheLaterSlot(t *testing.T) {
	// Team 0: H H A A. Breaks in slots 1 (home) and 3 (away).
	games := []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 0, Away: 2, Slot: 1}, {Home: 3, Away: 0, Slot: 2}, {Home: 1, Away: 0, Slot: 3}}
	tb := table(4, 4, games)
	tests := []struct {
		name  string
		k     Kernel
		want  int64
		slots []int
	}{
		{"all slots, any break, none allowed", &BR1{Teams: []int{0}, Slots: []int{0, 1, 2, 3}, Mode: Any, Max: 0}, 2, []int{1, 3}},
		{"slot 0 never has a break", &BR1{Teams: []int{0}, Slots: []int{0}, Mode: Any, Max: 0}, 0, nil},
		{"only the later slot counts", &BR1{Teams: []int{0}, Slots: []int{2}, Mode: Any, Max: 0}, 0, nil},
		{"home breaks only", &BR1{Teams: []int{0}, Slots: []int{0, 1, 2, 3}, Mode: Home, Max: 0}, 1, []int{1}},
		{"total over teams", &BR2{Teams: []int{0, 1}, Slots: []int{0, 1, 2, 3}, Max: 1}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var slots []int
			got := tt.k.Eval(tb, func(d Detail) { slots = append(slots, d.Slots...) })
			if got != tt.want {
				t.Errorf("Eval() = %d, want %d", got, tt.want)
			}
			if tt.slots != nil && len(slots) != len(tt.slots) {
				t.Errorf("detail slots = %v, want %v", slots, tt.slots)
			}
		})
	}
}

func TestFA2ChargesTheLargestGapPerPair(t *testing.T) {
	// Team 0 hosts in slots 0, 1, 2; team 1 is away in all three: gaps 1, 2, 3 after each slot.
	games := []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 0, Away: 2, Slot: 1}, {Home: 0, Away: 3, Slot: 2},
		{Home: 2, Away: 1, Slot: 1}, {Home: 3, Away: 1, Slot: 2}}
	k := &FA2{Teams: []int{0, 1}, Slots: []int{0, 1, 2}, Max: 1}
	if got := k.Eval(table(4, 3, games), nil); got != 2 {
		t.Errorf("FA2.Eval() = %d, want 2 (largest gap 3 minus 1, once per pair)", got)
	}
}

func TestSE1CountsSlotsStrictlyBetween(t *testing.T) {
	tests := []struct {
		s1, s2 int
		min    int
		want   int64
	}{{0, 1, 1, 1}, {0, 2, 1, 0}, {0, 2, 3, 2}, {3, 9, 10, 5}}
	for _, tt := range tests {
		games := []flextime.Game{{Home: 0, Away: 1, Slot: tt.s1}, {Home: 1, Away: 0, Slot: tt.s2}}
		k := &SE1{Teams: []int{0, 1}, Min: tt.min, member: SetOf(2, []int{0, 1})}
		if got := k.Eval(table(2, 10, games), nil); got != tt.want {
			t.Errorf("meetings in %d and %d, min %d: SE1.Eval() = %d, want %d", tt.s1, tt.s2, tt.min, got, tt.want)
		}
	}
}

func TestTravelFollowsTheTour(t *testing.T) {
	// Venues on a line at 0, 10, 30: team 0 plays at 1, at 2, then home against 1.
	dist := []int64{0, 10, 30, 10, 0, 20, 30, 20, 0}
	games := []flextime.Game{{Home: 1, Away: 0, Slot: 0}, {Home: 2, Away: 0, Slot: 1}, {Home: 0, Away: 1, Slot: 2}}
	k := &Travel{Teams: []int{0}, N: 3, Dist: dist}
	// 0→1 (10), 1→2 (20), 2→0 (30) for the home game; home at the end costs nothing more.
	if got := k.Eval(table(3, 3, games), nil); got != 60 {
		t.Errorf("Travel.Eval() = %d, want 60", got)
	}
}

func TestGA1AndCA1Bounds(t *testing.T) {
	games := []flextime.Game{{Home: 0, Away: 1, Slot: 0}, {Home: 2, Away: 3, Slot: 0}, {Home: 1, Away: 0, Slot: 1}}
	tb := table(4, 2, games)
	ga := &GA1{Meetings: []flextime.Game{{Home: 0, Away: 1}, {Home: 1, Away: 0}}, Slots: []int{0, 1}, Bound: Bound{Max: 1}}
	if got := ga.Eval(tb, nil); got != 1 {
		t.Errorf("GA1.Eval() = %d, want 1", got)
	}
	ca := NewCA1(2, []int{0, 1}, []int{0, 1}, Home, Bound{Min: 2, Max: Unbounded})
	if got := ca.Eval(tb, nil); got != 2 {
		t.Errorf("CA1.Eval() = %d, want 2 (each team hosts once, 2 wanted)", got)
	}
}

func TestCatalogueEntriesCompileToTheirKernels(t *testing.T) {
	n := 4
	streak := &MaxStreak{ConstraintBase: flextime.ConstraintBase{Hard: true}, Teams: flextime.Refs("all"), Away: 1}
	sep := &Separation{ConstraintBase: soft(10), Teams: flextime.Refs("all"), MinSlots: 2}
	black := &Blackout{ConstraintBase: flextime.ConstraintBase{Hard: true, Name: "no-home-0"}, Teams: flextime.Refs("0"),
		Cannot: "host", Slots: flextime.Refs("0")}
	m := mustCompile(t, testProblem(n, streak, sep, black))
	games := doubleRR(n)
	r := m.Explain(games)
	if r.Score != m.Evaluate(games) {
		t.Fatalf("Explain().Score = %v, Evaluate() = %v", r.Score, m.Evaluate(games))
	}
	var sum flextime.Score
	for _, v := range r.Violations {
		if v.Kind == "hard" {
			sum.Hard += v.Cost
		} else {
			sum.Soft += v.Cost
		}
		if v.Message == "" || v.Constraint == "" {
			t.Errorf("violation without message or name: %+v", v)
		}
	}
	if sum != r.Score {
		t.Errorf("violation costs add up to %v, score is %v", sum, r.Score)
	}
	for _, v := range r.Violations {
		if v.Constraint == "no-home-0" && v.Type != "blackout" {
			t.Errorf("blackout reported as type %q, want blackout", v.Type)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		p    *flextime.Problem
		want string
	}{
		{"unknown team with suggestion", testProblem(4, &NoRepeat{ConstraintBase: flextime.ConstraintBase{Hard: true},
			Teams: flextime.RefList{{Name: "O"}}}), "unknown team or group"},
		{"neither hard nor weight", testProblem(4, &NoRepeat{Teams: flextime.Refs("all")}), "neither hard nor weighted"},
		{"odd team count", testProblem(5), "odd number"},
		{"travel without distances", testProblem(4, &TravelEntry{}), "travel needs distances"},
		{"CA1 without bounds", testProblem(4, &CA1Entry{ConstraintBase: flextime.ConstraintBase{Hard: true},
			Teams: flextime.Refs("0"), Mode: "H"}), "neither min nor max"},
		{"bad mode", testProblem(4, &CA1Entry{ConstraintBase: flextime.ConstraintBase{Hard: true},
			Teams: flextime.Refs("0"), Mode: "X", Max: ip(1)}), "unknown mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.p)
			if err == nil {
				t.Fatalf("Compile() = nil error, want one containing %q", tt.want)
			}
			if _, ok := err.(*flextime.InputError); !ok {
				t.Errorf("Compile() error type %T, want *flextime.InputError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile() error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestHardSingleMeetingGA1IsFixed(t *testing.T) {
	pin := &GA1Entry{ConstraintBase: flextime.ConstraintBase{Hard: true}, Meetings: []Meeting{{Home: flextime.Ref{Name: "2"}, Away: flextime.Ref{Name: "0"}}},
		Slots: flextime.Refs("3"), Min: ip(1), Max: ip(1)}
	soft := &GA1Entry{ConstraintBase: flextime.ConstraintBase{Weight: 1}, Meetings: []Meeting{{Home: flextime.Ref{Name: "1"}, Away: flextime.Ref{Name: "0"}}},
		Slots: flextime.Refs("4"), Min: ip(1), Max: ip(1)}
	p := testProblem(4, pin, soft)
	p.Fixed = []flextime.Game{{Home: 3, Away: 1, Slot: 0}}
	m := mustCompile(t, p)
	want := []flextime.Game{{Home: 3, Away: 1, Slot: 0}, {Home: 2, Away: 0, Slot: 3}}
	if len(m.Fixed) != len(want) || m.Fixed[0] != want[0] || m.Fixed[1] != want[1] {
		t.Errorf("Fixed = %v, want %v (the top-level fixed game and the hard GA1, not the soft one)", m.Fixed, want)
	}
}
