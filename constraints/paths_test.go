package constraints_test

import (
	"math/rand/v2"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
)

func loadITC(t testing.TB, inst, sol string) (*constraints.Model, []flextime.Game) {
	t.Helper()
	p, err := robinx.LoadInstance("../testdata/" + inst)
	if err != nil {
		t.Fatal(err)
	}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := robinx.LoadSolution("../testdata/"+sol, p)
	if err != nil {
		t.Fatal(err)
	}
	return m, s.Games
}

// perturb applies a random schedule-preserving change: swap two slots, or flip a game's venue.
func perturb(rng *rand.Rand, games []flextime.Game, slots int) {
	if rng.IntN(2) == 0 {
		a, b := rng.IntN(slots), rng.IntN(slots)
		for i := range games {
			switch games[i].Slot {
			case a:
				games[i].Slot = b
			case b:
				games[i].Slot = a
			}
		}
		return
	}
	g := &games[rng.IntN(len(games))]
	g.Home, g.Away = g.Away, g.Home
}

// TestGridAndListPathsAgree checks that every kernel scores a well-formed schedule the same through its
// dense-grid fast path and through the game-list path used for malformed schedules, and that Explain's
// violation costs add up to Evaluate's score, over many random changes to real schedules.
func TestGridAndListPathsAgree(t *testing.T) {
	for _, tc := range []struct{ inst, sol string }{
		{"ITC2021_Test1.xml", "ITC2021_Test1_SolIP.xml"},
		{"ITC2021_Early_1.xml", "Early_1_comp_best.xml"},
		{"ITC2021_Early_10.xml", "Early_10_comp_best.xml"},
	} {
		t.Run(tc.inst, func(t *testing.T) {
			m, games := loadITC(t, tc.inst, tc.sol)
			rng := rand.New(rand.NewPCG(1, 2))
			for step := range 200 {
				perturb(rng, games, m.S)
				fast := constraints.NewTable(m.N, m.S, games)
				if fast.Multi {
					t.Fatalf("step %d: perturbation made a team play twice in a slot", step)
				}
				slow := constraints.NewTable(m.N, m.S, games)
				slow.Multi = true
				for i, p := range m.Prims {
					if a, b := p.Kernel.Eval(fast, nil), p.Kernel.Eval(slow, nil); a != b {
						t.Fatalf("step %d: prim %d (%s %s): grid path %d, list path %d", step, i, p.Type, p.Kernel.Kind(), a, b)
					}
				}
				r := m.Explain(games)
				var sum flextime.Score
				for _, v := range r.Violations {
					if v.Kind == "hard" {
						sum.Hard += v.Cost
					} else {
						sum.Soft += v.Cost
					}
				}
				if want := m.Evaluate(games); r.Score != want || sum != want {
					t.Fatalf("step %d: Explain score %v, violation sum %v, Evaluate %v", step, r.Score, sum, want)
				}
			}
		})
	}
}
