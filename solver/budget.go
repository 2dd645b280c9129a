package solver

import (
	"math/bits"

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
// more breaks than the budget allows still has workers that find a feasible schedule, until a budget
// worker leads with a feasible schedule and they take a budget too (see adoptsBudget). Side by side, 60 s,
// 2 workers (BENCHMARKS.md), with the budget / without: Early 14 90 / 219 and 73 / 254 (seeds 1, 2), Early
// 9 628 / 658 and 578 / 628, Early 15 5716 / 5279 and 5240 / 5434, Early 13 372 / 401, Test 6 4088 / 4183.
type breakBudget struct {
	limits []budgetLimit
	s      int // slots
	words  int // words of a team set: bit t%64 of word t/64 for team t
	// home holds the venues of the worker's schedule as team sets, home[s*words:(s+1)*words] those at
	// home in slot s; kept up to date by commit and recount.
	home []uint64
	// Scratch for allows: next is home with the venues of the last move allows saw, the slots it changes
	// (changed, marked with stamp in mark) and the change it makes to each limit's breaks.
	next    []uint64
	stamp   uint32
	mark    []uint32
	changed []int32
	delta   []int
}

// budgetLimit is the budget of one BR2 constraint: the breaks it counts (team t breaking at slot s where
// t is in watched[s*words:(s+1)*words]), how many there are now and how many are allowed. The doubled
// construction is compact, so every cell holds a game.
type budgetLimit struct {
	watched []uint64
	cur     int
	bound   int
}

// budgetStep is how many breaks a budget grows by each time it grows: breaks come in pairs in a schedule
// with the fewest, one team home twice running where another is away twice.
const budgetStep = 2

// newBreakBudget returns the budget for a worker starting from g, or nil when no BR2 constraint limits
// the breaks.
func newBreakBudget(m *constraints.Model, g *constraints.Grid) *breakBudget {
	words := (m.N + 63) / 64
	b := &breakBudget{s: m.S, words: words}
	for _, p := range m.Prims {
		k, ok := p.Kernel.(*constraints.BR2)
		if !ok {
			continue
		}
		l := budgetLimit{watched: make([]uint64, m.S*words), bound: k.Max} // raised to the start's breaks below
		for _, t := range k.Teams {
			for _, s := range k.Slots {
				if s > 0 {
					l.watched[s*words+t/64] |= 1 << (t % 64)
				}
			}
		}
		b.limits = append(b.limits, l)
	}
	if len(b.limits) == 0 {
		return nil
	}
	b.home, b.next = make([]uint64, m.S*words), make([]uint64, m.S*words)
	b.mark, b.delta = make([]uint32, m.S), make([]int, len(b.limits))
	b.recount(g)
	for k := range b.limits {
		l := &b.limits[k]
		l.bound = max(l.bound, l.cur)
	}
	return b
}

// breaksAt counts the teams of watched that break at slot s in venues (team sets of words words per
// slot, laid out as breakBudget.home): those whose venues in slots s-1 and s agree.
func breaksAt(venues []uint64, s, words int, watched []uint64) int {
	c := 0
	at, prev := s*words, (s-1)*words
	for w := range words {
		c += bits.OnesCount64(^(venues[prev+w] ^ venues[at+w]) & watched[at+w])
	}
	return c
}

// breaks counts the breaks of the schedule with venues home that l counts.
func (b *breakBudget) breaks(l *budgetLimit, home []uint64) int {
	c := 0
	for s := 1; s < b.s; s++ {
		c += breaksAt(home, s, b.words, l.watched)
	}
	return c
}

// venues writes the venues of g into home, as team sets laid out as b.home.
func (b *breakBudget) venues(g *constraints.Grid, home []uint64) {
	clear(home)
	for t := range g.N {
		for s := range b.s {
			if g.Home[t*b.s+s] {
				home[s*b.words+t/64] |= 1 << (t % 64)
			}
		}
	}
}

// recount sets the venues and current breaks from g, a schedule the worker now holds. The bounds stay.
func (b *breakBudget) recount(g *constraints.Grid) {
	b.venues(g, b.home)
	copy(b.next, b.home)
	b.changed = b.changed[:0]
	for k := range b.limits {
		b.limits[k].cur = b.breaks(&b.limits[k], b.home)
	}
}

// allows reports whether the move that sets cells keeps within the budget (or, where a schedule is over
// it, as after a restart or a repair descent, adds no breaks), leaving the change it makes for commit.
// It writes the move's venues into next and compares the breaks at the slot boundaries next to the
// slots it changes with those of home, a word per 64 teams at a time.
func (b *breakBudget) allows(cells []constraints.Cell) bool {
	b.restore()
	if b.stamp++; b.stamp == 0 { // wrapped: no old mark may match a new stamp
		clear(b.mark)
		b.stamp = 1
	}
	for _, c := range cells {
		if b.mark[c.S] != b.stamp {
			b.mark[c.S] = b.stamp
			b.changed = append(b.changed, c.S)
		}
		i, bit := int(c.S)*b.words+int(c.T/64), uint64(1)<<(c.T%64)
		v := b.next[i] &^ bit
		if c.Home {
			v |= bit
		}
		b.next[i] = v
	}
	clear(b.delta)
	for _, cs := range b.changed {
		// The boundaries before and after each changed slot; one between two changed slots is counted
		// with the later of them.
		for s := int(cs); s <= int(cs)+1 && s < b.s; s++ {
			if s == 0 || (s > int(cs) && b.mark[s] == b.stamp) {
				continue
			}
			for k := range b.limits {
				w := b.limits[k].watched
				b.delta[k] += breaksAt(b.next, s, b.words, w) - breaksAt(b.home, s, b.words, w)
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

// restore puts back in next the venues of home in the slots the last move allows saw changed, unless
// commit kept them.
func (b *breakBudget) restore() {
	for _, s := range b.changed {
		i := int(s) * b.words
		copy(b.next[i:i+b.words], b.home[i:i+b.words])
	}
	b.changed = b.changed[:0]
}

// commit records the change of the move allows last accepted, which the worker's schedule now holds.
func (b *breakBudget) commit() {
	for k, d := range b.delta {
		b.limits[k].cur += d
	}
	for _, s := range b.changed {
		i := int(s) * b.words
		copy(b.home[i:i+b.words], b.next[i:i+b.words])
	}
	b.changed = b.changed[:0]
}

// grow raises every bound by budgetStep.
func (b *breakBudget) grow() {
	for k := range b.limits {
		b.limits[k].bound += budgetStep
	}
}
