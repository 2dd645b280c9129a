package constraints

import (
	"fmt"
	"math/bits"

	"github.com/flextime/flextime"
)

// Incremental keeps the score of a Grid up to date as the solver changes a few cells at a time.
//
// A move is tried with Try, which writes the new cell values into the grid and returns the score delta,
// then either kept with Commit or rolled back with Undo (TryWithin serves a caller that keeps a move only
// within a limit, and stops scoring once the move is out). The work is proportional to what changed: an
// index maps every cell to the primitives that watch it, and each primitive keeps small running state
// (counts per team, window or slot; break counts; cumulative home counts; the meeting slots of each
// pair) from which it computes the change of its deviation.
//
// Moves must keep the grid consistent: when cell (t, s) says t plays o, cell (o, s) says o plays t at the
// other venue. In a compact season every cell holds a game; in a sparse one a cell may be empty (opponent
// -1: a bye), and a change between a game and a bye counts as a change of both venue and opponent. The
// structural rules (each pair meets as often as the format says) are scored like any other, so moves
// that keep them cost nothing there.
type Incremental struct {
	m    *Model
	g    *Grid
	n, s int

	prims []incKernel
	watch [][]watcher // cell → the primitives watching it whatever the opponent
	// watchOpp holds, at cell*n+o, the primitives that watch the cell but count only games against some
	// opponents, o among them: a change from o1 to o2 visits the lists of o1 and o2 only.
	watchOpp [][]watcher
	dev      []int64 // committed deviation per primitive
	score    flextime.Score

	// meet holds, at i*n+j, the slots in which i plays j (up to 4, for transient states inside a move).
	// It is kept only when a primitive reads it (needMeet). A move's opponent changes are written into it
	// on the first read (syncMeet) or when the move is kept: most moves are undone before anything reads it.
	meet     [][4]int16
	meetN    []uint8
	needMeet bool
	meetLag  bool // the pending move changed opponents that the index does not have yet
	meetDone bool // the index has the pending move's changes, which Undo must take back

	// The pending move.
	changes   []change
	cellStamp []uint32
	cellIdx   []int32
	cur       uint32
	touched   []int32
	primStamp []uint32
	primLast  []int32 // the last change a primitive was given, against visiting it twice for one change
	primCells [][]int32
	pendDev   []int64
	weight    []int64 // per primitive: its weight, negated for hard ones (read in the hot loop instead of m.Prims)
	pending   flextime.Score
	open      bool
	cut       bool    // TryWithin stopped before scoring every primitive: the move can only be undone
	first     []int32 // scratch for TryWithin: the primitives that can fall, then the rest
	rest      []int32
	visits    int // watcher entries looked at by the last Try

	// rows holds the rows of the teams the pending move changed, for the team kernels, valid while
	// rowStamp equals rowEpoch (which changes with every move). kept holds each team's row in the
	// committed grid, valid where keptOK is set; a changed team's row is its kept row with the changed
	// slots patched in.
	rows     []teamRow
	rowStamp []uint32
	rowEpoch uint32
	kept     []teamRow
	keptOK   []bool
	hasRows  bool // a team kernel reads rows
	// The pending move's changed slots by team, where chgStamp is rowEpoch, and whether all of them
	// held a game and still do; sorted out when chgEpoch is rowEpoch.
	chgSlots [][]int32
	chgGames []bool
	chgStamp []uint32
	chgEpoch uint32
}

// What a primitive depends on in a cell: its venue, its opponent, or both.
const (
	onVenue uint8 = 1 << iota
	onOpponent
	onBoth = onVenue | onOpponent
)

type watcher struct {
	prim int32
	on   uint8
}

type change struct {
	t, s    int32
	oldOpp  int32
	oldHome bool
}

// incKernel is the incremental form of one kernel primitive.
type incKernel interface {
	// init computes the deviation of the whole grid and builds the running state.
	init(e *Incremental) int64
	// watches reports whether the primitive depends on cell (t, s).
	watches(t, s int) bool
	// on says what in a cell the primitive depends on (onVenue, onOpponent, both, or nothing: a primitive
	// that no move can change).
	on() uint8
	// opponents returns the only opponents whose games the primitive counts, or nil when it is not so
	// limited.
	opponents() []int
	// delta returns the change of deviation caused by the pending changes listed (indices into
	// e.changes, all in cells the primitive watches). The grid already holds the new values. It may keep
	// pending state for commit, and must not touch its committed state.
	delta(e *Incremental, cells []int32) int64
	// commit makes the state of the last delta call the committed state.
	commit()
}

// NewIncremental returns an incremental evaluator of grid g under model m. The evaluator owns g from
// now on: change it only through Try.
func NewIncremental(m *Model, g *Grid) (*Incremental, error) {
	if g.N != m.N || g.S != m.S {
		return nil, fmt.Errorf("constraints: grid is %d×%d, model is %d×%d", g.N, g.S, m.N, m.S)
	}
	e := &Incremental{m: m, g: g, n: m.N, s: m.S,
		meet: make([][4]int16, m.N*m.N), meetN: make([]uint8, m.N*m.N),
		cellStamp: make([]uint32, m.N*m.S), cellIdx: make([]int32, m.N*m.S),
		watch: make([][]watcher, m.N*m.S),
		rows:  make([]teamRow, m.N), rowStamp: make([]uint32, m.N), rowEpoch: 1,
		kept: make([]teamRow, m.N), keptOK: make([]bool, m.N),
		chgSlots: make([][]int32, m.N), chgGames: make([]bool, m.N), chgStamp: make([]uint32, m.N),
	}
	for _, p := range m.Prims {
		switch k := p.Kernel.(type) {
		case *SE1, pairKernel:
			e.needMeet = true
		case *Structure:
			e.needMeet = e.needMeet || (k.Format.Rounds >= 2 && (k.Format.Phased || k.Format.Mirrored))
		}
	}
	if e.needMeet {
		for t := range e.n {
			for s := range e.s {
				if o := g.Opp[t*e.s+s]; o >= 0 {
					e.meetAdd(t, int(o), s)
				}
			}
		}
	}
	games := g.Games()
	for i := range m.Prims {
		p := &m.Prims[i]
		ik, err := newIncKernel(e, p.Kernel, games)
		if err != nil {
			return nil, err
		}
		e.prims = append(e.prims, ik)
		d := ik.init(e)
		e.dev = append(e.dev, d)
		if p.Hard {
			e.score.Hard += p.Weight * d
		} else {
			e.score.Soft += p.Weight * d
		}
		on := ik.on()
		if on == 0 {
			continue
		}
		opps := ik.opponents()
		if 2*len(opps) > e.n {
			opps = nil // indexing by opponent pays only for small sets
		}
		if opps != nil && e.watchOpp == nil {
			e.watchOpp = make([][]watcher, e.n*e.s*e.n)
		}
		w := watcher{prim: int32(i), on: on}
		for t := range e.n {
			for s := range e.s {
				if !ik.watches(t, s) {
					continue
				}
				cell := t*e.s + s
				if opps == nil {
					e.watch[cell] = append(e.watch[cell], w)
					continue
				}
				for _, o := range opps {
					e.watchOpp[cell*e.n+o] = append(e.watchOpp[cell*e.n+o], w)
				}
			}
		}
	}
	e.primStamp = make([]uint32, len(e.prims))
	e.primLast = make([]int32, len(e.prims))
	e.primCells = make([][]int32, len(e.prims))
	e.pendDev = make([]int64, len(e.prims))
	e.weight = make([]int64, len(e.prims))
	for i, p := range m.Prims {
		e.weight[i] = p.Weight
		if p.Hard {
			e.weight[i] = -p.Weight
		}
	}
	return e, nil
}

func newIncKernel(e *Incremental, k Kernel, games []flextime.Game) (incKernel, error) {
	switch k := k.(type) {
	case *CA1:
		return newIncCA1(e, k), nil
	case *CA2:
		return newIncCA2(e, k), nil
	case *CA3:
		return newIncCA3(e, k), nil
	case *CA4:
		return newIncCA4(e, k), nil
	case *GA1:
		return newIncGA1(e, k), nil
	case *BR1:
		return newIncBreaks(e, k.Teams, k.Slots, k.Mode, k.Max, true), nil
	case *BR2:
		return newIncBreaks(e, k.Teams, k.Slots, Any, k.Max, false), nil
	case *FA2:
		return newIncFA2(e, k), nil
	case *SE1:
		return newIncSE1(e, k), nil
	case *Travel:
		if !e.m.Compact || k.GoHome {
			return newIncTeams(e, k), nil
		}
		return newIncTravel(e, k), nil
	case *Structure:
		if k.Sparse {
			return newIncSparseStructure(e, k, games), nil
		}
		return newIncStructure(e, k, games), nil
	case *TravelPartners:
		return newIncTravelPartners(e, k), nil
	case teamKernel:
		return newIncTeams(e, k), nil
	case pairKernel:
		return newIncPairs(e, k), nil
	case cellKernel:
		return newIncCells(e, k), nil
	}
	return nil, fmt.Errorf("constraints: no incremental form for %T", k)
}

// Grid returns the grid being evaluated.
func (e *Incremental) Grid() *Grid { return e.g }

// Score returns the committed score.
func (e *Incremental) Score() flextime.Score { return e.score }

// Deviation returns the committed deviation of primitive i.
func (e *Incremental) Deviation(i int) int64 { return e.dev[i] }

// Try writes the cells into the grid and returns the change of score. A cell may be listed more than
// once; the last value wins. Commit or Undo must follow before the next Try.
func (e *Incremental) Try(cells []Cell) flextime.Score {
	e.stage(cells)
	for _, p := range e.touched {
		e.score1(p)
	}
	return e.pending
}

// TryWithin is Try for a caller that keeps the move only when its weighted change, wHard × Hard + Soft,
// is at most limit (wHard ≥ 0), as an annealing step does once it has drawn its acceptance threshold.
// It reports whether the move is within the limit, and stops scoring as soon as it is sure the move is
// not. The score returned is then incomplete, and the move must be undone.
//
// Deviations are never negative, so a primitive's change is at least minus its committed deviation:
// the change of the move is at least what is scored so far minus the deviations of the primitives not
// yet scored, and once that floor is above the limit the move is out. The primitives that can fall are
// scored first; those at zero, usually most, can only rise, and are skipped once the floor passes the
// limit. Most annealing steps are rejected, and on a feasible schedule the first primitive scored (say
// the travel) often settles it.
func (e *Incremental) TryWithin(cells []Cell, wHard, limit float64) (flextime.Score, bool) {
	e.stage(cells)
	factor := func(p int32) float64 { // what a unit of p's deviation weighs
		w := float64(e.weight[p])
		if w < 0 {
			return -w * wHard // a hard primitive
		}
		return w
	}
	var floor float64
	e.first, e.rest = e.first[:0], e.rest[:0]
	for _, p := range e.touched {
		if e.dev[p] > 0 {
			e.first = append(e.first, p)
			floor -= factor(p) * float64(e.dev[p])
		} else {
			e.rest = append(e.rest, p)
		}
	}
	for _, list := range [2][]int32{e.first, e.rest} {
		for _, p := range list {
			if floor > limit {
				e.cut = true
				return e.pending, false
			}
			e.score1(p)
			floor += factor(p) * float64(e.pendDev[p]+e.dev[p])
		}
	}
	return e.pending, wHard*float64(e.pending.Hard)+float64(e.pending.Soft) <= limit
}

// score1 scores primitive p's part of the pending move.
func (e *Incremental) score1(p int32) {
	d := e.prims[p].delta(e, e.primCells[p])
	e.pendDev[p] = d
	if w := e.weight[p]; w < 0 {
		e.pending.Hard -= w * d
	} else {
		e.pending.Soft += w * d
	}
}

// stage writes the cells into the grid and hands every change to the primitives watching its cell.
func (e *Incremental) stage(cells []Cell) {
	if e.open {
		panic("constraints: Try while a move is pending")
	}
	e.open = true
	e.nextRows()
	e.cur++
	if e.cur == 0 { // wrapped: clear the stamps
		clear(e.cellStamp)
		clear(e.primStamp)
		e.cur = 1
	}
	e.changes = e.changes[:0]
	e.touched = e.touched[:0]
	e.visits = len(cells)
	for _, c := range cells {
		idx := int(c.T)*e.s + int(c.S)
		if e.cellStamp[idx] != e.cur {
			e.cellStamp[idx] = e.cur
			e.cellIdx[idx] = int32(len(e.changes))
			e.changes = append(e.changes, change{t: c.T, s: c.S, oldOpp: e.g.Opp[idx], oldHome: e.g.Home[idx]})
		}
		if e.needMeet && e.g.Opp[idx] != c.Opp {
			e.meetLag = true
		}
		e.g.Opp[idx], e.g.Home[idx] = c.Opp, c.Home
	}
	for ci, ch := range e.changes {
		idx := int(ch.t)*e.s + int(ch.s)
		var changed uint8
		if e.g.Home[idx] != ch.oldHome {
			changed |= onVenue
		}
		if e.g.Opp[idx] != ch.oldOpp {
			changed |= onOpponent
			if (e.g.Opp[idx] < 0) != (ch.oldOpp < 0) {
				changed = onBoth // a game became a bye or the other way round
			}
		}
		if changed == 0 {
			continue
		}
		e.visit(e.watch[idx], changed, int32(ci))
		if e.watchOpp != nil {
			o1, o2 := int(ch.oldOpp), int(e.g.Opp[idx])
			if o1 >= 0 {
				e.visitOpp(e.watchOpp[idx*e.n+o1], changed, int32(ci))
			}
			if o2 != o1 && o2 >= 0 {
				e.visitOpp(e.watchOpp[idx*e.n+o2], changed, int32(ci))
			}
		}
	}
	e.pending = flextime.Score{}
}

// visit hands change ci to the watchers that depend on what changed. A primitive is listed once in a
// cell's watch list and not in its watchOpp lists, so it is visited once here.
func (e *Incremental) visit(ws []watcher, changed uint8, ci int32) {
	e.visits += len(ws)
	for _, w := range ws {
		if w.on&changed == 0 {
			continue
		}
		p := w.prim
		if e.primStamp[p] != e.cur {
			e.primStamp[p] = e.cur
			e.touched = append(e.touched, p)
			e.primCells[p] = e.primCells[p][:0]
		}
		e.primCells[p] = append(e.primCells[p], ci)
	}
}

// visitOpp is visit for a watchOpp list: a change of opponent from o1 to o2 visits the lists of both, in
// which a primitive counting games against both is listed twice, so it is handed the change once.
func (e *Incremental) visitOpp(ws []watcher, changed uint8, ci int32) {
	e.visits += len(ws)
	for _, w := range ws {
		if w.on&changed == 0 {
			continue
		}
		p := w.prim
		if e.primStamp[p] != e.cur {
			e.primStamp[p] = e.cur
			e.touched = append(e.touched, p)
			e.primCells[p] = e.primCells[p][:0]
		} else if e.primLast[p] == ci {
			continue
		}
		e.primLast[p] = ci
		e.primCells[p] = append(e.primCells[p], ci)
	}
}

// Work is the effort of the last Try: the cells it changed plus the watcher entries it looked at. It
// tracks the time a move takes closely enough to compare moves by.
func (e *Incremental) Work() int { return e.visits }

// Commit keeps the pending move.
func (e *Incremental) Commit() {
	if e.cut {
		panic("constraints: Commit of a move TryWithin did not finish scoring")
	}
	e.syncMeet()
	e.meetDone = false
	e.keepRows()
	for _, p := range e.touched {
		e.prims[p].commit()
		e.dev[p] += e.pendDev[p]
	}
	e.score.Hard += e.pending.Hard
	e.score.Soft += e.pending.Soft
	e.open = false
}

// Undo rolls the pending move back.
func (e *Incremental) Undo() {
	for i := len(e.changes) - 1; i >= 0; i-- {
		ch := e.changes[i]
		idx := int(ch.t)*e.s + int(ch.s)
		if cur := e.g.Opp[idx]; e.meetDone && cur != ch.oldOpp {
			e.meetMove(int(ch.t), cur, ch.oldOpp, int(ch.s))
		}
		e.g.Opp[idx], e.g.Home[idx] = ch.oldOpp, ch.oldHome
	}
	e.meetLag, e.meetDone = false, false
	e.nextRows()
	e.cut = false
	e.cur++ // forget the pending cells
	if e.cur == 0 {
		clear(e.cellStamp)
		clear(e.primStamp)
		e.cur = 1
	}
	e.open = false
}

// syncMeet brings the meeting index up to date with the pending move.
func (e *Incremental) syncMeet() {
	if !e.meetLag {
		return
	}
	e.meetLag, e.meetDone = false, true
	for _, ch := range e.changes {
		if now := e.g.Opp[int(ch.t)*e.s+int(ch.s)]; now != ch.oldOpp {
			e.meetMove(int(ch.t), ch.oldOpp, now, int(ch.s))
		}
	}
}

// nextRows invalidates the cached team rows.
func (e *Incremental) nextRows() {
	e.rowEpoch++
	if e.rowEpoch == 0 {
		clear(e.rowStamp)
		clear(e.chgStamp)
		e.chgEpoch = 0
		e.rowEpoch = 1
	}
}

// meetMove records that t's opponent in slot s changed from o1 to o2 (either may be -1, a bye).
func (e *Incremental) meetMove(t int, o1, o2 int32, s int) {
	if o1 >= 0 {
		e.meetDel(t, int(o1), s)
	}
	if o2 >= 0 {
		e.meetAdd(t, int(o2), s)
	}
}

func (e *Incremental) meetAdd(t, o, s int) {
	i := t*e.n + o
	if e.meetN[i] < 4 {
		e.meet[i][e.meetN[i]] = int16(s)
	}
	e.meetN[i]++
}

func (e *Incremental) meetDel(t, o, s int) {
	i := t*e.n + o
	n := int(min(e.meetN[i], 4))
	for k := 0; k < n; k++ {
		if int(e.meet[i][k]) == s {
			e.meet[i][k] = e.meet[i][n-1]
			break
		}
	}
	e.meetN[i]--
}

// meetings returns the first two slots (in slot order) in which t plays o, and how many meetings there
// are.
func (e *Incremental) meetings(t, o int) (a, b, n int) {
	e.syncMeet()
	i := t*e.n + o
	n = int(e.meetN[i])
	if n > 4 {
		panic("constraints: a pair meets more than 4 times inside a move")
	}
	a, b = -1, -1
	for k := 0; k < n; k++ {
		s := int(e.meet[i][k])
		switch {
		case a < 0 || s < a:
			a, b = s, a
		case b < 0 || s < b:
			b = s
		}
	}
	return a, b, n
}

// venueAt returns the venue of cell (t, s) as the grid has it now.
func (e *Incremental) venueAt(t, s int) int { return venue(t, e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s]) }

// old returns the value cell (t, s) had before the pending move.
func (e *Incremental) old(t, s int) (int32, bool) {
	idx := t*e.s + s
	if e.cellStamp[idx] == e.cur {
		ch := e.changes[e.cellIdx[idx]]
		return ch.oldOpp, ch.oldHome
	}
	return e.g.Opp[idx], e.g.Home[idx]
}

// counts is a set of counted parts with a graded bound, and the pending change of each.
type counts struct {
	bound   Bound
	count   []int32
	pend    []int32
	stamp   []uint32
	touched []int32
	cur     uint32
}

func newCounts(parts int, b Bound) counts {
	return counts{bound: b, count: make([]int32, parts), pend: make([]int32, parts), stamp: make([]uint32, parts)}
}

func (c *counts) begin() {
	c.cur++
	c.touched = c.touched[:0]
}

func (c *counts) add(p int, d int32) {
	if c.stamp[p] != c.cur {
		c.stamp[p] = c.cur
		c.pend[p] = 0
		c.touched = append(c.touched, int32(p))
	}
	c.pend[p] += d
}

func (c *counts) delta() int64 {
	var d int64
	for _, p := range c.touched {
		d += c.bound.dev(int(c.count[p]+c.pend[p])) - c.bound.dev(int(c.count[p]))
	}
	return d
}

func (c *counts) commit() {
	for _, p := range c.touched {
		c.count[p] += c.pend[p]
	}
	c.touched = c.touched[:0]
}

func (c *counts) total() int64 {
	var d int64
	for _, v := range c.count {
		d += c.bound.dev(int(v))
	}
	return d
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// teamParts maps team → part index, -1 for teams outside the set.
func teamParts(n int, teams []int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = -1
	}
	for i, t := range teams {
		p[t] = int32(i)
	}
	return p
}

// incCA1: one count per team.
type incCA1 struct {
	k       *CA1
	part    []int32
	c       counts
	compact bool
}

func newIncCA1(e *Incremental, k *CA1) *incCA1 {
	return &incCA1{k: k, part: teamParts(e.n, k.Teams), c: newCounts(len(k.Teams), k.Bound), compact: e.m.Compact}
}

func (x *incCA1) contrib(opp int32, home bool) int32 { return b2i(x.k.Mode.cell(opp, home)) }

func (x *incCA1) init(e *Incremental) int64 {
	for i, t := range x.k.Teams {
		for _, s := range x.k.Slots {
			x.c.count[i] += x.contrib(e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s])
		}
	}
	return x.c.total()
}

func (x *incCA1) watches(t, s int) bool { return x.part[t] >= 0 && x.k.slots.Has(s) }

func (x *incCA1) opponents() []int { return nil }

// on: a count of all games in a compact grid never changes, so Any mode depends on nothing there. A
// change between a game and a bye counts as a change of venue.
func (x *incCA1) on() uint8 {
	if x.k.Mode == Any && x.compact {
		return 0
	}
	return onVenue
}

func (x *incCA1) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		idx := int(ch.t)*e.s + int(ch.s)
		if d := x.contrib(e.g.Opp[idx], e.g.Home[idx]) - x.contrib(ch.oldOpp, ch.oldHome); d != 0 {
			x.c.add(int(x.part[ch.t]), d)
		}
	}
	return x.c.delta()
}

func (x *incCA1) commit() { x.c.commit() }

// incCA2: one count per team of Teams1.
type incCA2 struct {
	k       *CA2
	part    []int32
	c       counts
	watchOn uint8
}

func newIncCA2(e *Incremental, k *CA2) *incCA2 {
	return &incCA2{k: k, part: teamParts(e.n, k.Teams1), c: newCounts(len(k.Teams1), k.Bound),
		watchOn: setOn(e.n, k.Teams1, k.teams2, k.Mode)}
}

func (x *incCA2) contrib(opp int32, home bool) int32 {
	return b2i(opp >= 0 && x.k.Mode.match(home) && x.k.teams2.Has(int(opp)))
}

func (x *incCA2) init(e *Incremental) int64 {
	for i, t := range x.k.Teams1 {
		for _, s := range x.k.Slots {
			x.c.count[i] += x.contrib(e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s])
		}
	}
	return x.c.total()
}

func (x *incCA2) watches(t, s int) bool { return x.part[t] >= 0 && x.k.slots.Has(s) }

func (x *incCA2) on() uint8 { return x.watchOn }

func (x *incCA2) opponents() []int { return x.k.Teams2 }

// modeOn: counting games against a set depends on the opponent, and on the venue unless every game
// counts.
func modeOn(m Mode) uint8 {
	if m == Any {
		return onOpponent
	}
	return onBoth
}

// setOn is modeOn for a count of the games of teams against set. When set holds every team but the
// counting one, which opponent it is cannot matter, only the venue and whether there is a game at all (a
// change between a game and a bye counts as a change of venue): the common "against anyone" case, where
// moves that only exchange opponents need not be looked at.
func setOn(n int, teams []int, set Set, m Mode) uint8 {
	for _, t := range teams {
		for o := range n {
			if o != t && !set.Has(o) {
				return modeOn(m)
			}
		}
	}
	return onVenue
}

func (x *incCA2) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		idx := int(ch.t)*e.s + int(ch.s)
		if d := x.contrib(e.g.Opp[idx], e.g.Home[idx]) - x.contrib(ch.oldOpp, ch.oldHome); d != 0 {
			x.c.add(int(x.part[ch.t]), d)
		}
	}
	return x.c.delta()
}

func (x *incCA2) commit() { x.c.commit() }

// incCA3: one count per (team, window). When the slots fit in 64 bits, a team's counted slots are kept
// as a bit mask instead (slotMasks), and a move recounts only the windows around the bits it flips.
type incCA3 struct {
	k       *CA3
	part    []int32
	w       int    // windows per team
	c       counts // per (team, window), when the slots do not fit in a mask
	watchOn uint8
	masks   *slotMasks // set when they do
}

// slotMasks keeps, per team, the bit mask of the slots whose games a window limit counts, and the
// pending masks of the teams a move changes.
type slotMasks struct {
	intp    int
	bound   Bound
	win     uint64 // the window that starts in slot 0: intp low bits
	windows uint64 // one bit per window, by its first slot
	// run is set for a limit of a run, at most intp−1 (what a streak limit compiles to): a window then
	// deviates by one exactly when all its slots count, which a few shifts and ANDs find in every window
	// at once.
	run   bool
	mask  []uint64 // committed, per part
	pend  []uint64 // the pending mask of each part in list
	stamp []uint32
	list  []int32
	cur   uint32
}

// dev returns the deviation of the windows set in windows, on mask m.
func (r *slotMasks) dev(m, windows uint64) int64 {
	if r.run {
		full := m
		for j := 1; j < r.intp; j++ {
			full &= m >> j
		}
		return int64(bits.OnesCount64(full & windows))
	}
	var d int64
	for a := windows; a != 0; a &= a - 1 {
		d += r.bound.dev(bits.OnesCount64(m & (r.win << bits.TrailingZeros64(a))))
	}
	return d
}

func newIncCA3(e *Incremental, k *CA3) *incCA3 {
	w := max(e.s-k.Intp+1, 0)
	x := &incCA3{k: k, part: teamParts(e.n, k.Teams1), w: w, watchOn: setOn(e.n, k.Teams1, k.Teams2, k.Mode)}
	parts := len(k.Teams1)
	if e.s > 64 {
		x.c = newCounts(parts*w, k.Bound)
		return x
	}
	r := &slotMasks{intp: k.Intp, bound: k.Bound, win: 1<<k.Intp - 1, windows: ^uint64(0),
		run:  k.Max == k.Intp-1 && k.Min <= 0,
		mask: make([]uint64, parts), pend: make([]uint64, parts), stamp: make([]uint32, parts)}
	if w < 64 {
		r.windows = 1<<w - 1
	}
	x.masks = r
	return x
}

func (x *incCA3) contrib(opp int32, home bool) int32 {
	return b2i(opp >= 0 && x.k.Mode.match(home) && x.k.Teams2.Has(int(opp)))
}

func (x *incCA3) init(e *Incremental) int64 {
	if r := x.masks; r != nil {
		var d int64
		for i, t := range x.k.Teams1 {
			for s := range e.s {
				if x.contrib(e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s]) != 0 {
					r.mask[i] |= 1 << s
				}
			}
			d += r.dev(r.mask[i], r.windows)
		}
		return d
	}
	for i, t := range x.k.Teams1 {
		for w := range x.w {
			for s := w; s < w+x.k.Intp; s++ {
				x.c.count[i*x.w+w] += x.contrib(e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s])
			}
		}
	}
	return x.c.total()
}

func (x *incCA3) watches(t, _ int) bool { return x.part[t] >= 0 && x.w > 0 }

func (x *incCA3) on() uint8 { return x.watchOn }

func (x *incCA3) opponents() []int { return x.k.Teams2.Items() }

func (x *incCA3) delta(e *Incremental, cells []int32) int64 {
	if x.masks != nil {
		return x.maskDelta(e, cells)
	}
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		idx := int(ch.t)*e.s + int(ch.s)
		d := x.contrib(e.g.Opp[idx], e.g.Home[idx]) - x.contrib(ch.oldOpp, ch.oldHome)
		if d == 0 {
			continue
		}
		base := int(x.part[ch.t]) * x.w
		for w := max(0, int(ch.s)-x.k.Intp+1); w <= min(int(ch.s), x.w-1); w++ {
			x.c.add(base+w, d)
		}
	}
	return x.c.delta()
}

// maskDelta is delta on the slot masks: each change flips its slot's bit in its team's pending mask, and
// the windows that hold a flipped bit are counted again.
func (x *incCA3) maskDelta(e *Incremental, cells []int32) int64 {
	r := x.masks
	r.cur++
	if r.cur == 0 { // wrapped
		clear(r.stamp)
		r.cur = 1
	}
	r.list = r.list[:0]
	for _, ci := range cells {
		ch := e.changes[ci]
		idx := int(ch.t)*e.s + int(ch.s)
		if x.contrib(e.g.Opp[idx], e.g.Home[idx]) == x.contrib(ch.oldOpp, ch.oldHome) {
			continue
		}
		i := x.part[ch.t]
		if r.stamp[i] != r.cur {
			r.stamp[i] = r.cur
			r.pend[i] = r.mask[i]
			r.list = append(r.list, i)
		}
		r.pend[i] ^= 1 << ch.s
	}
	var d int64
	for _, i := range r.list {
		windows := r.windows
		if !r.run {
			flipped := r.pend[i] ^ r.mask[i]
			var hit uint64 // the windows that start at most intp−1 slots before a flipped bit
			for j := range r.intp {
				hit |= flipped >> j
			}
			windows &= hit
		}
		d += r.dev(r.pend[i], windows) - r.dev(r.mask[i], windows)
	}
	return d
}

func (x *incCA3) commit() {
	if r := x.masks; r != nil {
		for _, i := range r.list {
			r.mask[i] = r.pend[i]
		}
		r.list = r.list[:0]
		return
	}
	x.c.commit()
}

// incCA4: one count in total, or one per slot.
type incCA4 struct {
	k      *CA4
	member []bool
	part   []int32 // slot → part
	c      counts
}

func newIncCA4(e *Incremental, k *CA4) *incCA4 {
	x := &incCA4{k: k, member: make([]bool, e.n), part: make([]int32, e.s)}
	for _, t := range k.Teams1 {
		x.member[t] = true
	}
	for i := range x.part {
		x.part[i] = -1
	}
	for i, s := range k.Slots {
		if k.Every {
			x.part[s] = int32(i)
		} else {
			x.part[s] = 0
		}
	}
	parts := 1
	if k.Every {
		parts = len(k.Slots)
	}
	x.c = newCounts(parts, k.Bound)
	return x
}

// contrib counts a cell of a team of Teams1 as countGrid does.
func (x *incCA4) contrib(t int, opp int32, home bool) int32 {
	o := int(opp)
	if o < 0 || !x.k.teams2.Has(o) || !x.k.Mode.match(home) {
		return 0
	}
	if x.k.Mode == Any && o < t && x.k.teams1.Has(o) && x.k.teams2.Has(t) {
		return 0
	}
	return 1
}

func (x *incCA4) init(e *Incremental) int64 {
	for _, s := range x.k.Slots {
		for _, t := range x.k.Teams1 {
			x.c.count[x.part[s]] += x.contrib(t, e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s])
		}
	}
	return x.c.total()
}

func (x *incCA4) watches(t, s int) bool { return x.member[t] && x.part[s] >= 0 }

func (x *incCA4) on() uint8 { return modeOn(x.k.Mode) }

func (x *incCA4) opponents() []int { return x.k.Teams2 }

func (x *incCA4) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		idx := t*e.s + int(ch.s)
		if d := x.contrib(t, e.g.Opp[idx], e.g.Home[idx]) - x.contrib(t, ch.oldOpp, ch.oldHome); d != 0 {
			x.c.add(int(x.part[ch.s]), d)
		}
	}
	return x.c.delta()
}

func (x *incCA4) commit() { x.c.commit() }

// incGA1: one count, seen from the home team's cells.
type incGA1 struct {
	k     *GA1
	slots Set
	homes []bool
	c     counts
}

func newIncGA1(e *Incremental, k *GA1) *incGA1 {
	x := &incGA1{k: k, slots: SetOf(e.s, k.Slots), homes: make([]bool, e.n), c: newCounts(1, k.Bound)}
	for _, m := range k.Meetings {
		x.homes[m.Home] = true
	}
	return x
}

func (x *incGA1) contrib(t int, opp int32, home bool) int32 {
	if !home {
		return 0
	}
	for _, m := range x.k.Meetings {
		if m.Home == t && m.Away == int(opp) {
			return 1
		}
	}
	return 0
}

func (x *incGA1) init(e *Incremental) int64 {
	for _, s := range x.k.Slots {
		for t := range e.n {
			if x.homes[t] {
				x.c.count[0] += x.contrib(t, e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s])
			}
		}
	}
	return x.c.total()
}

func (x *incGA1) watches(t, s int) bool { return x.homes[t] && x.slots.Has(s) }

func (x *incGA1) on() uint8 { return onBoth }

func (x *incGA1) opponents() []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range x.k.Meetings {
		if !seen[m.Away] {
			seen[m.Away] = true
			out = append(out, m.Away)
		}
	}
	return out
}

func (x *incGA1) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		idx := t*e.s + int(ch.s)
		if d := x.contrib(t, e.g.Opp[idx], e.g.Home[idx]) - x.contrib(t, ch.oldOpp, ch.oldHome); d != 0 {
			x.c.add(0, d)
		}
	}
	return x.c.delta()
}

func (x *incGA1) commit() { x.c.commit() }

// incBreaks serves BR1 (a count per team) and BR2 (one count over the teams).
type incBreaks struct {
	part    []int32
	slots   Set
	mode    Mode
	c       counts
	teams   []int
	perTeam bool
	stamp   []uint32 // (team, slot) positions seen in this delta
	cur     uint32
	ns      int
}

func newIncBreaks(e *Incremental, teams, slots []int, mode Mode, maxBreaks int, perTeam bool) *incBreaks {
	parts := 1
	if perTeam {
		parts = len(teams)
	}
	return &incBreaks{part: teamParts(e.n, teams), slots: SetOf(e.s, slots), mode: mode, teams: teams, perTeam: perTeam,
		c: newCounts(parts, Bound{Max: maxBreaks}), stamp: make([]uint32, e.n*e.s), ns: e.s}
}

func (x *incBreaks) partOf(t int) int {
	if x.perTeam {
		return int(x.part[t])
	}
	return 0
}

// brk reports a break between two cells: games in both, at the same venue status.
func (x *incBreaks) brk(prevOpp int32, prevHome bool, opp int32, home bool) int32 {
	return b2i(prevOpp >= 0 && opp >= 0 && prevHome == home && x.mode.match(home))
}

func (x *incBreaks) init(e *Incremental) int64 {
	for _, t := range x.teams {
		for s := 1; s < e.s; s++ {
			if x.slots.Has(s) {
				i := t*e.s + s
				x.c.count[x.partOf(t)] += x.brk(e.g.Opp[i-1], e.g.Home[i-1], e.g.Opp[i], e.g.Home[i])
			}
		}
	}
	return x.c.total()
}

func (x *incBreaks) watches(t, s int) bool {
	return x.part[t] >= 0 && (x.slots.Has(s) || (s+1 < x.ns && x.slots.Has(s+1)))
}

func (x *incBreaks) on() uint8 { return onVenue }

func (x *incBreaks) opponents() []int { return nil }

func (x *incBreaks) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	x.cur++
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		for _, p := range [2]int{int(ch.s), int(ch.s) + 1} {
			if p < 1 || p >= e.s || !x.slots.Has(p) || x.stamp[t*e.s+p] == x.cur {
				continue
			}
			x.stamp[t*e.s+p] = x.cur
			oPrev, hPrev := e.old(t, p-1)
			oCur, hCur := e.old(t, p)
			i := t*e.s + p
			d := x.brk(e.g.Opp[i-1], e.g.Home[i-1], e.g.Opp[i], e.g.Home[i]) - x.brk(oPrev, hPrev, oCur, hCur)
			if d != 0 {
				x.c.add(x.partOf(t), d)
			}
		}
	}
	return x.c.delta()
}

func (x *incBreaks) commit() { x.c.commit() }
