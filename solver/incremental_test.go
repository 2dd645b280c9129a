package solver

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/problem"
	"github.com/flextime/flextime/io/robinx"
	"github.com/flextime/flextime/io/ttp"
)

func loadModel(t testing.TB, file string, mirrored bool) *constraints.Model {
	t.Helper()
	var p *flextime.Problem
	var err error
	switch {
	case strings.HasSuffix(file, ".txt"):
		p, err = ttp.Load("../testdata/"+file, ttp.Options{Mirrored: mirrored})
	case strings.HasSuffix(file, ".yaml"):
		p, err = problem.Load("../examples/" + file)
	default:
		if !strings.HasPrefix(file, "/") {
			file = "../testdata/" + file
		}
		p, err = robinx.LoadInstance(file)
	}
	if err != nil {
		t.Fatal(err)
	}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// plainProblem is a round robin of n teams over slots slots, both numbered from 0, with no constraints.
func plainProblem(name string, rounds, n, slots int) *flextime.Problem {
	p := &flextime.Problem{Name: name, Format: flextime.Format{Rounds: rounds}}
	for i := range n {
		p.Teams = append(p.Teams, flextime.Team{ID: strconv.Itoa(i)})
	}
	for s := range slots {
		p.Slots = append(p.Slots, flextime.Slot{ID: strconv.Itoa(s)})
	}
	return p
}

// modelCase is a named model for a table-driven test.
type modelCase struct {
	name  string
	model func(testing.TB) *constraints.Model
}

// fromFile returns a model builder for a test case that loads file (see loadModel).
func fromFile(file string, mirrored bool) func(testing.TB) *constraints.Model {
	return func(t testing.TB) *constraints.Model { return loadModel(t, file, mirrored) }
}

// singleRR is a 6-team single round robin with a little of everything the catalogue compiles to.
func singleRR(t testing.TB) *constraints.Model {
	p := plainProblem("single", 1, 6, 5)
	p.Distance = make([][]int64, 6)
	for i := range 6 {
		p.Distance[i] = make([]int64, 6)
		for j := range 6 {
			p.Distance[i][j] = int64((i - j) * (i - j) * 7)
		}
	}
	streak := &constraints.MaxStreak{Teams: flextime.Refs("all"), Home: 1, Away: 1}
	streak.Weight = 3
	black := &constraints.Blackout{Teams: flextime.Refs("0", "1"), Cannot: "host", Slots: flextime.Refs("1", "2")}
	black.Hard = true
	travel := &constraints.TravelEntry{}
	p.Constraints = []flextime.Constraint{streak, black, travel}
	p.Fixed = []flextime.Game{{Home: 2, Away: 3, Slot: 4}}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// windowSeason is a double round robin of n teams with window limits: streak limits on every team, and a
// CA3 with both a minimum and a maximum on a few. Up to 33 teams its 2(n−1) slots fit in a bit mask per
// team, beyond that the evaluator counts per window: both ways are checked. An FA2 over some of the slots
// (the ITC2021 instances have it over all of them) completes it.
func windowSeason(n int) func(testing.TB) *constraints.Model {
	return func(t testing.TB) *constraints.Model {
		p := plainProblem("windows", 2, n, 2*(n-1))
		streak := &constraints.MaxStreak{Teams: flextime.Refs("all"), Home: 2, Away: 3}
		streak.Hard = true
		lo, hi := 1, 3
		window := &constraints.CA3Entry{Teams1: flextime.Refs("0", "1", "2"), Teams2: flextime.Refs("3", "4", "5", "6", "7", "8"),
			Mode1: "A", Intp: 5, Min: &lo, Max: &hi}
		window.Weight = 2
		fair := &constraints.FA2Entry{Teams: flextime.Refs("0", "1", "2", "3", "4", "5"), Slots: flextime.Refs("0", "1", "2", "3", "4", "5", "6", "7", "8"),
			Mode: "H", Intp: 1}
		fair.Weight = 5
		p.Constraints = []flextime.Constraint{streak, window, fair}
		m, err := constraints.Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
}

// TestIncrementalMatchesFull applies thousands of random moves of every kind to real instances and
// checks after each that the incremental score equals a full evaluation, and every so often that each
// primitive's incremental deviation equals its full deviation.
func TestIncrementalMatchesFull(t *testing.T) {
	cases := []struct {
		name  string
		model func(testing.TB) *constraints.Model
		steps int
	}{
		{"Test1 phased SE1 BR2", fromFile("ITC2021_Test1.xml", false), 3000},
		{"Test2 not phased FA2", fromFile("ITC2021_Test2.xml", false), 3000},
		{"Test4 phased FA2 SE1 BR2", fromFile("ITC2021_Test4.xml", false), 3000},
		{"Early1 16 teams", fromFile("ITC2021_Early_1.xml", false), 1500},
		{"Early10 20 teams", fromFile("ITC2021_Early_10.xml", false), 1000},
		{"NL6 standard", fromFile("NL6.txt", false), 3000},
		{"NL6 mirrored", fromFile("NL6.txt", true), 3000},
		{"single round robin", singleRR, 3000},
		{"window limits, 22 slots", windowSeason(12), 2000},
		{"window limits, 66 slots", windowSeason(34), 1000},
	}
	var tried [numMoves]int
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			rng := rand.New(rand.NewPCG(7, uint64(len(tc.name))))
			g := construct(m, rng, len(tc.name)%2 == 0)
			inc := newCheckedIncremental(t, m, g)
			mv := newMover(m, g)
			mv.relabels = true // drawn in a solve once feasible or on a break budget, checked everywhere here
			for step := range tc.steps {
				kind := rng.IntN(numMoves)
				cells := mv.generate(kind, rng)
				if len(cells) == 0 {
					continue
				}
				tried[kind]++
				if checkMove(t, m, g, inc, rng, cells, step, kind, 100, nil) {
					mv.kept(cells)
				}
			}
			// Every move keeps the round robin: no structural cost appears beyond the phase and mirror.
			tb := constraints.NewTable(m.N, m.S, g.Games())
			if tb.Multi {
				t.Errorf("a team plays twice in a slot after the moves")
			}
		})
	}
	// A circle-method round robin whose n-1 is prime has a Hamiltonian cycle in the union of any two
	// rounds, so partial swap rounds is valid only on some instances: check each kind somewhere.
	for k, n := range tried {
		if n == 0 && k < moveGame { // the sparse-season moves are checked by TestSparseIncrementalMatchesFull
			t.Errorf("no valid %s move was drawn on any instance", moveNames[k])
		}
		if n > 0 && k >= moveGame {
			t.Errorf("%s made a move on a compact season", moveNames[k])
		}
	}
}

// newCheckedIncremental builds the incremental evaluator of g and checks that its score is the full one.
func newCheckedIncremental(t *testing.T, m *constraints.Model, g *constraints.Grid) *constraints.Incremental {
	t.Helper()
	inc, err := constraints.NewIncremental(m, g)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := inc.Score(), m.Evaluate(g.Games()); got != want {
		t.Fatalf("initial incremental score %v, full %v", got, want)
	}
	return inc
}

// checkMove tries the move's cells on inc and checks that the incremental score equals a full
// evaluation (and that the grid passes check, when given); then it undoes the move one time in three,
// checking the score is back, or commits it, and reports whether it did. Every primitives-th step it also
// checks each primitive's incremental deviation against its full deviation.
func checkMove(t *testing.T, m *constraints.Model, g *constraints.Grid, inc *constraints.Incremental, rng *rand.Rand,
	cells []constraints.Cell, step, kind, primitives int, check func(*constraints.Grid) error) bool {
	t.Helper()
	before := inc.Score()
	d := inc.Try(cells)
	if check != nil {
		if err := check(g); err != nil {
			t.Fatalf("step %d, %s: %v", step, moveNames[kind], err)
		}
	}
	full := m.Evaluate(g.Games())
	if want := (flextime.Score{Hard: before.Hard + d.Hard, Soft: before.Soft + d.Soft}); full != want {
		t.Fatalf("step %d, %s: incremental %v + %v, full %v", step, moveNames[kind], before, d, full)
	}
	kept := rng.IntN(3) != 0
	if kept {
		inc.Commit()
	} else {
		inc.Undo()
		if full := m.Evaluate(g.Games()); full != before {
			t.Fatalf("step %d, %s: after Undo full %v, want %v", step, moveNames[kind], full, before)
		}
	}
	if step%primitives == 0 {
		tb := constraints.NewTable(m.N, m.S, g.Games())
		for i, p := range m.Prims {
			if got, want := inc.Deviation(i), p.Kernel.Eval(tb, nil); got != want {
				t.Fatalf("step %d: primitive %d (%s %s) incremental deviation %d, full %d", step, i, p.Type, p.Kernel.Kind(), got, want)
			}
		}
	}
	return kept
}

// stepRandomly draws a move of a random kind on mv and tries it on inc, keeping it (and telling mv) one
// time in two. It returns the kind drawn and whether the draw was a move.
func stepRandomly(inc *constraints.Incremental, mv *mover, rng *rand.Rand) (kind int, moved bool) {
	kind = rng.IntN(numMoves)
	cells := mv.generate(kind, rng)
	if len(cells) == 0 {
		return kind, false
	}
	inc.Try(cells)
	if rng.IntN(2) == 0 {
		inc.Undo()
	} else {
		inc.Commit()
		mv.kept(cells)
	}
	return kind, true
}

// TestWholeRoundsRemembered checks the mover's memory of round pairs that join every team in one cycle:
// after random moves, some kept, a partial round swap draws the same cells as on a fresh mover.
func TestWholeRoundsRemembered(t *testing.T) {
	for _, name := range []string{"ITC2021_Early_1.xml", "NL16.txt"} {
		t.Run(name, func(t *testing.T) {
			m := loadModel(t, name, false)
			rng := rand.New(rand.NewPCG(5, uint64(len(name))))
			g := construct(m, rng, false)
			inc := newCheckedIncremental(t, m, g)
			mv := newMover(m, g)
			var whole, moves int
			for step := range 3000 {
				stepRandomly(inc, mv, rng)
				tm, a, b := rng.IntN(m.N), rng.IntN(m.S), rng.IntN(m.S)
				if a == b || !mv.sameHalf(a, b) {
					continue
				}
				mv.cells = mv.cells[:0]
				mv.partialSwapRounds(tm, a, b)
				fresh := newMover(m, g)
				fresh.partialSwapRounds(tm, a, b)
				if !slices.Equal(mv.cells, fresh.cells) {
					t.Fatalf("step %d: partial swap of %d in rounds %d, %d: %v, fresh mover %v", step, tm, a, b, mv.cells, fresh.cells)
				}
				if len(fresh.cells) == 0 {
					whole++
				} else {
					moves++
				}
			}
			if whole == 0 || moves == 0 {
				t.Fatalf("%d whole round pairs and %d moves drawn: the check needs both", whole, moves)
			}
		})
	}
}

// TestTryWithinAgreesWithTry checks the annealing's evaluation against the full one: for random moves
// and limits around each move's weighted change, TryWithin keeps a move exactly when Try's change is
// within the limit, returns Try's change when it keeps it, and leaves the evaluator consistent after an
// Undo of a move it stopped scoring early; and it does stop early on some moves.
func TestTryWithinAgreesWithTry(t *testing.T) {
	cut := 0
	for _, tc := range []modelCase{
		{"Early1", fromFile("ITC2021_Early_1.xml", false)},
		{"NL6", fromFile("NL6.txt", false)},
		{"basketball", fromFile("big12-mbb.yaml", false)},
		{"single round robin", singleRR},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			rng := rand.New(rand.NewPCG(11, uint64(len(tc.name))))
			g, err := startGrid(m, rng, false)
			if err != nil {
				t.Fatal(err)
			}
			inc := newCheckedIncremental(t, m, g)
			mv := newMover(m, g)
			for step := range 2000 {
				kind := rng.IntN(numMoves)
				cells := mv.generate(kind, rng)
				if len(cells) == 0 {
					continue
				}
				cells = slices.Clone(cells) // the mover's buffer is reused
				wHard := []float64{1, 10, 1000}[rng.IntN(3)]
				d := inc.Try(cells)
				inc.Undo()
				delta := wHard*float64(d.Hard) + float64(d.Soft)
				limit := []float64{delta - 1, delta, delta + 1, rng.Float64() * 50}[rng.IntN(4)]
				got, keep := inc.TryWithin(cells, wHard, limit)
				if want := delta <= limit; keep != want {
					t.Fatalf("step %d, %s: change %v (weighted %g), limit %g: kept %t", step, moveNames[kind], d, delta, limit, keep)
				}
				if keep && got != d {
					t.Fatalf("step %d, %s: TryWithin kept the move with change %v, Try says %v", step, moveNames[kind], got, d)
				}
				if !keep && got != d {
					cut++
				}
				if keep && rng.IntN(2) == 0 {
					inc.Commit()
					mv.kept(cells)
				} else {
					inc.Undo()
				}
				if full := m.Evaluate(g.Games()); full != inc.Score() {
					t.Fatalf("step %d, %s: evaluator says %v, full evaluation %v", step, moveNames[kind], inc.Score(), full)
				}
			}
		})
	}
	if cut == 0 {
		t.Errorf("TryWithin never stopped scoring early")
	}
	t.Logf("%d moves stopped early", cut)
}

// TestMeetingIndexKept checks the mover's index of meetings (at) after random moves, some kept: every
// game of the grid is where the index says, and venue swaps and partial team swaps draw the same cells
// as on a mover that scans the rows. Early 10 is phased, NL6 mirrored and standard, and the single round
// robin tells meetings apart by neither venue nor half.
func TestMeetingIndexKept(t *testing.T) {
	cases := []modelCase{
		{"Early10", fromFile("ITC2021_Early_10.xml", false)},
		{"NL6 standard", fromFile("NL6.txt", false)},
		{"NL6 mirrored", fromFile("NL6.txt", true)},
		{"single round robin", singleRR},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			rng := rand.New(rand.NewPCG(3, uint64(len(tc.name))))
			g := construct(m, rng, false)
			inc := newCheckedIncremental(t, m, g)
			mv := newMover(m, g)
			if mv.at == nil {
				t.Fatal("no meeting index")
			}
			var drawn int
			for step := range 2000 {
				stepRandomly(inc, mv, rng)
				for tm := range m.N {
					for s := range m.S {
						o, home := mv.opp(tm, s), mv.home(tm, s)
						if got := mv.at[mv.meeting(tm, o, s, home)]; int(got) != s {
							t.Fatalf("step %d: team %d meets %d in slot %d, the index says %d", step, tm, o, s, got)
						}
					}
				}
				scan := newMover(m, g)
				scan.at = nil
				i, j := distinct(rng, m.N)
				r := rng.IntN(mv.span)
				for _, draw := range []func(x *mover){
					func(x *mover) { x.swapHomes(i, j) },
					func(x *mover) { x.partialSwapTeams(i, j, r) },
				} {
					mv.cells, scan.cells = mv.cells[:0], scan.cells[:0]
					draw(mv)
					draw(scan)
					if !slices.Equal(mv.cells, scan.cells) {
						t.Fatalf("step %d, teams %d and %d, slot %d: %v, scanning %v", step, i, j, r, mv.cells, scan.cells)
					}
					drawn += len(mv.cells)
				}
			}
			if drawn == 0 {
				t.Fatal("no cells drawn")
			}
		})
	}
}
