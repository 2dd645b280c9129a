package solver

import (
	"math/rand/v2"

	"github.com/flextime/flextime/constraints"
)

// Move kinds. Every move keeps the grid a valid round robin of the problem's format: each pair meets as
// often as the format says, phased formats stay phased and mirrored ones mirrored. The last three serve
// sparse seasons only (byes, time-relaxed calendars, partial round robins; see sparse.go); in a compact
// season they are never valid and never drawn.
const (
	moveSwapHomes = iota
	moveSwapRounds
	moveSwapTeams
	movePartialSwapRounds
	movePartialSwapTeams
	moveRelabel
	moveGame
	moveRepair
	moveFlipCycle
	numMoves
)

var moveNames = [numMoves]string{"swap-homes", "swap-rounds", "swap-teams", "partial-swap-rounds", "partial-swap-teams",
	"relabel", "move-game", "re-pair", "flip-cycle"}

// mover generates moves as lists of changed cells for one grid. It owns scratch buffers and is not safe
// for concurrent use.
type mover struct {
	g        *constraints.Grid
	n, s     int
	rounds   int
	phased   bool
	mirrored bool
	half     int // slots per half of a double round robin
	span     int // slots moves operate on directly: half when mirrored, all otherwise

	// sparse is set when cells may be empty (see constraints.Model.Compact); partial when the season is a
	// partial round robin whose pairs meet between pairMin and pairMax times.
	sparse           bool
	partial          bool
	pairMin, pairMax int

	// relabels is set when relabel moves are drawn (see worker.drawsRelabels).
	relabels bool

	cells []constraints.Cell
	inT   []bool
	team  []int
	slot  []int
	inR   []bool

	// A partial swap of rounds a < b is no move when the games of the two rounds join every team in one
	// cycle, as they often do; whole[a*s+b] remembers the versions of the two slots (see kept) with which
	// they were last found so, and slotVer counts the kept moves that changed each slot.
	whole   []wholeRounds
	slotVer []uint32

	// at[(t*n+o)*2+k] is the slot in which team t meets o, and k which of their meetings: t's venue (1:
	// home) in a double round robin that is not phased, the half in one that is, 0 in a single round
	// robin. Nil in the formats where a pair's meetings have no such key (sparse seasons, three or more
	// rounds), which scan the row instead. kept brings it up to a kept move.
	at []int32

	// Where tracked, meet[i*n+j] counts the games of i against j in g and host[i*n+j] those i hosts;
	// kept brings them up to a kept move (see meetings).
	tracked    bool
	meet, host []int16
	stamp      []uint32
	cur        uint32
}

func newMover(m *constraints.Model, g *constraints.Grid) *mover {
	f := m.Format
	mv := &mover{g: g, n: g.N, s: g.S, rounds: f.Rounds, phased: f.Phased || f.Mirrored, mirrored: f.Mirrored,
		half: g.S / 2, span: g.S, inT: make([]bool, g.N), inR: make([]bool, g.S),
		whole: make([]wholeRounds, g.S*g.S), slotVer: make([]uint32, g.S),
		sparse: !m.Compact, partial: f.Partial(), pairMin: m.PairMin, pairMax: m.PairMax}
	if f.Rounds < 2 || mv.sparse {
		mv.phased, mv.mirrored = false, false
	}
	if mv.mirrored {
		mv.span = mv.half
	}
	if !mv.sparse && f.Rounds <= 2 {
		mv.at = make([]int32, 2*g.N*g.N)
		for i := range mv.at {
			mv.at[i] = -1
		}
		for t := range g.N {
			for s := range g.S {
				mv.index(t, s, mv.opp(t, s), mv.home(t, s))
			}
		}
	}
	return mv
}

// index records in at that team t meets o in slot s, at home or away.
func (mv *mover) index(t, s, o int, home bool) {
	if o >= 0 {
		mv.at[mv.meeting(t, o, s, home)] = int32(s)
	}
}

// meeting returns the entry of at for a meeting of t and o in slot s (or any slot of its half, in a
// phased season), at home or away.
func (mv *mover) meeting(t, o, s int, home bool) int {
	k := 0
	switch {
	case mv.phased:
		if s >= mv.half {
			k = 1
		}
	case home && mv.rounds == 2:
		k = 1
	}
	return (t*mv.n+o)*2 + k
}

// meets returns the slot in [lo, hi) in which team t meets o, at home if home says so unless meetings
// are told apart by the half they are in (byOpponent: a phased season or a single round robin, where
// [lo, hi) is a half or the season); -1 when there is none. It looks the slot up in at, and scans the
// row where at has none or is out of date (a grid changed without kept).
func (mv *mover) meets(t, o int, home, byOpponent bool, lo, hi int) int {
	is := func(x int) bool { return mv.opp(t, x) == o && (byOpponent || mv.home(t, x) == home) }
	if mv.at != nil {
		if x := int(mv.at[mv.meeting(t, o, lo, home)]); x >= lo && x < hi && is(x) {
			return x
		}
	}
	for x := lo; x < hi; x++ {
		if is(x) {
			return x
		}
	}
	return -1
}

// wholeRounds records that two rounds join every team in one cycle, as of the slot versions va and vb.
type wholeRounds struct {
	va, vb uint32
	ok     bool
}

// allowed reports whether moves of a kind can be valid for the season.
func (mv *mover) allowed(kind int) bool {
	switch kind {
	case movePartialSwapTeams:
		return !mv.sparse
	case moveRelabel:
		return mv.relabels && !mv.sparse
	case moveGame:
		return mv.sparse
	case moveRepair, moveFlipCycle:
		return mv.partial
	}
	return true
}

func (mv *mover) opp(t, s int) int   { return int(mv.g.Opp[t*mv.s+s]) }
func (mv *mover) home(t, s int) bool { return mv.g.Home[t*mv.s+s] }

// set records a new cell value, and its mirror image when the format is mirrored.
func (mv *mover) set(t, s, opp int, home bool) {
	mv.cells = append(mv.cells, constraints.Cell{T: int32(t), S: int32(s), Opp: int32(opp), Home: home})
	if mv.mirrored && s < mv.half {
		mv.cells = append(mv.cells, constraints.Cell{T: int32(t), S: int32(s + mv.half), Opp: int32(opp), Home: !home})
	}
}

// sameHalf reports whether two slots may be exchanged without breaking the phase.
func (mv *mover) sameHalf(a, b int) bool {
	return !mv.phased || mv.mirrored || (a < mv.half) == (b < mv.half)
}

// generate fills mv.cells with a random move of the given kind; an empty list means the draw was not
// a valid move.
func (mv *mover) generate(kind int, rng *rand.Rand) []constraints.Cell {
	mv.cells = mv.cells[:0]
	switch kind {
	case moveSwapHomes:
		mv.swapHomes(distinct(rng, mv.n))
	case moveSwapRounds:
		if mv.span < 2 {
			break
		}
		if a, b := distinct(rng, mv.span); mv.sameHalf(a, b) {
			mv.swapRounds(a, b)
		}
	case moveSwapTeams:
		mv.swapTeams(distinct(rng, mv.n))
	case movePartialSwapRounds:
		if mv.span < 2 {
			break
		}
		if a, b := distinct(rng, mv.span); mv.sameHalf(a, b) {
			mv.partialSwapRounds(rng.IntN(mv.n), a, b)
		}
	case movePartialSwapTeams:
		if !mv.sparse {
			i, j := distinct(rng, mv.n)
			mv.partialSwapTeams(i, j, rng.IntN(mv.span))
		}
	case moveRelabel:
		if mv.relabels && !mv.sparse {
			mv.relabel(distinct(rng, mv.n))
		}
	case moveGame:
		if mv.sparse {
			mv.moveGame(rng)
		}
	case moveRepair:
		if mv.partial {
			mv.repair(rng)
		}
	case moveFlipCycle:
		if mv.partial {
			mv.flipCycle(rng)
		}
	}
	return mv.cells
}

// distinct draws two different numbers in [0, n), uniformly.
func distinct(rng *rand.Rand, n int) (int, int) {
	i, j := rng.IntN(n), rng.IntN(n-1)
	if j >= i {
		j++
	}
	return i, j
}

// pairSlots returns the slots of the meetings of i and j in slot order, b -1 when they meet once, from
// at; ok is false when at has none or is out of date (see meets).
func (mv *mover) pairSlots(i, j int) (a, b int, ok bool) {
	if mv.at == nil {
		return 0, 0, false
	}
	a, b = int(mv.at[mv.meeting(i, j, 0, false)]), -1
	if mv.rounds == 2 {
		b = int(mv.at[mv.meeting(i, j, mv.s-1, true)])
	}
	for _, s := range [2]int{a, b} {
		if s >= 0 && mv.opp(i, s) != j {
			return 0, 0, false
		}
	}
	if b >= 0 && a > b {
		a, b = b, a
	}
	return a, b, a >= 0 && b != a
}

// swapHomes exchanges the venues of every meeting of i and j. In a double round robin, or for a pair
// of a partial round robin that meets twice, that keeps every ordered pair's meetings; otherwise it flips
// a single game's venue.
func (mv *mover) swapHomes(i, j int) {
	if a, b, ok := mv.pairSlots(i, j); ok {
		for _, s := range [2]int{a, b} {
			if s >= 0 && s < mv.span {
				mv.set(i, s, j, !mv.home(i, s))
				mv.set(j, s, i, !mv.home(j, s))
			}
		}
		return
	}
	for s := range mv.span {
		if mv.opp(i, s) == j {
			mv.set(i, s, j, !mv.home(i, s))
			mv.set(j, s, i, !mv.home(j, s))
		}
	}
}

// swapRounds exchanges the games of slots a and b.
func (mv *mover) swapRounds(a, b int) {
	for t := range mv.n {
		oa, ha := mv.opp(t, a), mv.home(t, a)
		mv.set(t, a, mv.opp(t, b), mv.home(t, b))
		mv.set(t, b, oa, ha)
	}
}

// swapTeams exchanges the schedules of i and j, except for their games against each other.
func (mv *mover) swapTeams(i, j int) {
	if mv.sparse {
		mv.swapTeamsSparse(i, j)
		return
	}
	for s := range mv.span {
		a, b := mv.opp(i, s), mv.opp(j, s)
		if a == j {
			continue
		}
		hi, hj := mv.home(i, s), mv.home(j, s)
		mv.set(i, s, b, hj)
		mv.set(j, s, a, hi)
		mv.set(a, s, j, mv.home(a, s))
		mv.set(b, s, i, mv.home(b, s))
	}
}

// relabel exchanges the names of i and j: each takes the other's whole schedule, their games against
// each other included (which swapTeams leaves in place), so every team's sequence of venues, and with it
// every break, moves to the other name.
func (mv *mover) relabel(i, j int) {
	for s := range mv.span {
		a, b := mv.opp(i, s), mv.opp(j, s)
		hi, hj := mv.home(i, s), mv.home(j, s)
		if a == j {
			mv.set(i, s, j, hj)
			mv.set(j, s, i, hi)
			continue
		}
		mv.set(i, s, b, hj)
		mv.set(j, s, a, hi)
		mv.set(a, s, j, mv.home(a, s))
		mv.set(b, s, i, mv.home(b, s))
	}
}

// partialSwapRounds exchanges the games of slots a and b for the smallest set of teams that contains t
// and is closed under playing each other in a or b. When that set is every team it is a round swap,
// which swapRounds already covers, so the draw is dropped.
func (mv *mover) partialSwapRounds(t, a, b int) {
	key := min(a, b)*mv.s + max(a, b)
	va, vb := mv.slotVer[min(a, b)], mv.slotVer[max(a, b)]
	if w := mv.whole[key]; w.ok && w.va == va && w.vb == vb {
		return
	}
	mv.team = append(mv.team[:0], t)
	mv.inT[t] = true
	for k := 0; k < len(mv.team); k++ {
		x := mv.team[k]
		for _, y := range [2]int{mv.opp(x, a), mv.opp(x, b)} {
			if y >= 0 && !mv.inT[y] {
				mv.inT[y] = true
				mv.team = append(mv.team, y)
			}
		}
	}
	for _, x := range mv.team {
		mv.inT[x] = false
	}
	if len(mv.team) == mv.n {
		mv.whole[key] = wholeRounds{va: va, vb: vb, ok: true}
		return
	}
	for _, x := range mv.team {
		oa, ha := mv.opp(x, a), mv.home(x, a)
		mv.set(x, a, mv.opp(x, b), mv.home(x, b))
		mv.set(x, b, oa, ha)
	}
}

// partialSwapTeams exchanges the games of t1 and t2 in slot r and in as few other slots as keep the
// round robin valid (a cycle of slots in which the two teams' games are the same set).
//
// In a double round robin that is not phased, games are (opponent, venue) pairs, each played once. In a
// phased half (and a single round robin) games are opponents, each met once in the half; there each
// team keeps its venue against each opponent, so that every ordered pair still meets exactly once.
func (mv *mover) partialSwapTeams(t1, t2, r int) {
	if mv.opp(t1, r) == t2 {
		return
	}
	lo, hi := 0, mv.span
	byOpponent := mv.rounds < 2 || mv.phased
	if mv.phased && !mv.mirrored {
		if r < mv.half {
			hi = mv.half
		} else {
			lo = mv.half
		}
	}
	// The cycle: from slot s, go to the slot where t1 plays the game t2 plays in s.
	mv.slot = mv.slot[:0]
	s := r
	for {
		mv.slot = append(mv.slot, s)
		mv.inR[s] = true
		b, hb := mv.opp(t2, s), mv.home(t2, s)
		next := mv.meets(t1, b, hb, byOpponent, lo, hi)
		if next < 0 || mv.opp(t1, next) == t2 {
			next = -1
		}
		if next < 0 || mv.inR[next] {
			for _, x := range mv.slot {
				mv.inR[x] = false
			}
			if next != r {
				mv.slot = mv.slot[:0] // no closed cycle through r: not a valid move
			}
			break
		}
		s = next
	}
	if len(mv.slot) == 0 || len(mv.slot) == hi-lo {
		return
	}
	// Venue each team keeps against each opponent, when games are identified by opponent alone.
	venue := func(t, opp int) bool {
		x := mv.meets(t, opp, false, true, lo, hi)
		return x >= 0 && mv.home(t, x)
	}
	for _, s := range mv.slot {
		a, b := mv.opp(t1, s), mv.opp(t2, s)
		h1, h2 := mv.home(t2, s), mv.home(t1, s)
		if byOpponent {
			h1, h2 = venue(t1, b), venue(t2, a)
		}
		mv.set(t1, s, b, h1)
		mv.set(t2, s, a, h2)
		mv.set(b, s, t1, !h1)
		mv.set(a, s, t2, !h2)
	}
}
