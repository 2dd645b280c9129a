package solver

import (
	"github.com/flextime/flextime/constraints"
)

// breakBudget holds a worker that starts from the doubled construction (n-2 breaks, the fewest) to a
// number of breaks: a move that would take the breaks a BR2 constraint counts above its budget is not
// tried. Annealing weighs breaks like any soft cost, so while the search is warm it accepts moves that
// add them, and a schedule that has lost the alternating venues of the construction does not find its
// way back: the best known ITC2021 solutions of seasons with a tight break limit keep nearly every team
// alternating (Early 14: 18 breaks, the fewest possible), where the search without a budget ended at
// 38-44. Within the budget, relabelling and the partial round swaps among teams whose venues agree in
// both slots rearrange who meets whom when and keep every team's venues; a venue swap of a pair that
// meets in consecutive slots moves both teams' breaks.
//
// A budget starts at the constraint's limit, or at the start's breaks where those are more, and grows by
// budgetStep while the worker stays infeasible, by turns with a repair descent that may leave the worker
// over its bound (see worker.budgetStall). Only the workers that start from the doubled construction have
// one; the others, from the binding construction, search without, so a season whose hard constraints need
// more breaks than the budget allows still has workers that find a feasible schedule. Side by side, 60 s,
// 2 workers (BENCHMARKS.md), with the budget / without: Early 14 90 / 219 and 73 / 254 (seeds 1, 2), Early
// 9 628 / 658 and 578 / 628, Early 15 5716 / 5279 and 5240 / 5434, Early 13 372 / 401, Test 6 4088 / 4183.
type breakBudget struct {
	limits []budgetLimit
	// Scratch for allows: the venues a move sets, by cell (where set is stamp), and the slot boundaries
	// already counted (where seen is stamp); delta is the change in each limit's breaks.
	stamp uint32
	set   []uint32
	venue []bool
	seen  []uint32
	delta []int
}

// budgetLimit is the budget of one BR2 constraint: the breaks it counts (team t breaking at slot s where
// watched[t*S+s]), how many there are now and how many are allowed. The doubled construction is compact,
// so every cell holds a game.
type budgetLimit struct {
	watched []bool
	cur     int
	bound   int
}

// budgetStep is how many breaks a budget grows by each time it grows: breaks come in pairs in a schedule
// with the fewest, one team home twice running where another is away twice.
const budgetStep = 2

// newBreakBudget returns the budget for a worker starting from g, or nil when no BR2 constraint limits
// the breaks.
func newBreakBudget(m *constraints.Model, g *constraints.Grid) *breakBudget {
	b := &breakBudget{}
	cells := m.N * m.S
	for _, p := range m.Prims {
		k, ok := p.Kernel.(*constraints.BR2)
		if !ok {
			continue
		}
		l := budgetLimit{watched: make([]bool, cells)}
		for _, t := range k.Teams {
			for _, s := range k.Slots {
				if s > 0 {
					l.watched[t*m.S+s] = true
				}
			}
		}
		l.cur = l.breaks(g)
		l.bound = max(k.Max, l.cur)
		b.limits = append(b.limits, l)
	}
	if len(b.limits) == 0 {
		return nil
	}
	b.set, b.venue, b.seen = make([]uint32, cells), make([]bool, cells), make([]uint32, cells)
	b.delta = make([]int, len(b.limits))
	return b
}

// breaks counts the breaks of g that l counts.
func (l *budgetLimit) breaks(g *constraints.Grid) int {
	c := 0
	for i, on := range l.watched {
		if on && g.Home[i] == g.Home[i-1] {
			c++
		}
	}
	return c
}

// recount sets the current breaks from g, a schedule the worker now holds. The bounds stay.
func (b *breakBudget) recount(g *constraints.Grid) {
	for k := range b.limits {
		b.limits[k].cur = b.limits[k].breaks(g)
	}
}

// fits reports whether g keeps within every bound.
func (b *breakBudget) fits(g *constraints.Grid) bool {
	for k := range b.limits {
		if b.limits[k].breaks(g) > b.limits[k].bound {
			return false
		}
	}
	return true
}

// allows reports whether the move that sets cells on g keeps within the budget (or, where a schedule is
// over it, as after a restart or a repair descent, adds no breaks), leaving the change it makes for commit.
func (b *breakBudget) allows(g *constraints.Grid, cells []constraints.Cell) bool {
	if b.stamp++; b.stamp == 0 { // wrapped: no old mark may match a new stamp
		clear(b.set)
		clear(b.seen)
		b.stamp = 1
	}
	S := g.S
	for _, c := range cells {
		i := int(c.T)*S + int(c.S)
		b.set[i], b.venue[i] = b.stamp, c.Home
	}
	after := func(i int) bool {
		if b.set[i] == b.stamp {
			return b.venue[i]
		}
		return g.Home[i]
	}
	clear(b.delta)
	for _, c := range cells {
		for s := int(c.S); s <= int(c.S)+1 && s < S; s++ {
			if s == 0 {
				continue
			}
			i := int(c.T)*S + s
			if b.seen[i] == b.stamp {
				continue
			}
			b.seen[i] = b.stamp
			d := 0
			if g.Home[i] == g.Home[i-1] {
				d--
			}
			if after(i) == after(i-1) {
				d++
			}
			if d == 0 {
				continue
			}
			for k := range b.limits {
				if b.limits[k].watched[i] {
					b.delta[k] += d
				}
			}
		}
	}
	for k, d := range b.delta {
		if l := &b.limits[k]; d > 0 && l.cur+d > l.bound {
			return false
		}
	}
	return true
}

// commit records the change of the move allows last accepted.
func (b *breakBudget) commit() {
	for k, d := range b.delta {
		b.limits[k].cur += d
	}
}

// grow raises every bound by budgetStep.
func (b *breakBudget) grow() {
	for k := range b.limits {
		b.limits[k].bound += budgetStep
	}
}
