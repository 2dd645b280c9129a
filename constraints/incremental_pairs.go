package constraints

import (
	"slices"

	"github.com/flextime/flextime"
)

// pairSet collects the pairs a move touches, once each.
type pairSet struct {
	n     int
	stamp []uint32
	cur   uint32
	list  []int32 // i*n+j with i < j
}

func newPairSet(n int) pairSet { return pairSet{n: n, stamp: make([]uint32, n*n)} }

func (p *pairSet) begin() {
	p.cur++
	p.list = p.list[:0]
}

func (p *pairSet) add(i, j int) {
	if i == j {
		return
	}
	if i > j {
		i, j = j, i
	}
	k := i*p.n + j
	if p.stamp[k] != p.cur {
		p.stamp[k] = p.cur
		p.list = append(p.list, int32(k))
	}
}

// pairCosts is a cost per pair with pending new values.
type pairCosts struct {
	cost []int64
	pend []int64
	ps   pairSet
}

func newPairCosts(n int) pairCosts {
	return pairCosts{cost: make([]int64, n*n), pend: make([]int64, n*n), ps: newPairSet(n)}
}

func (c *pairCosts) delta(f func(i, j int) int64) int64 {
	var d int64
	for _, k := range c.ps.list {
		i, j := int(k)/c.ps.n, int(k)%c.ps.n
		c.pend[k] = f(i, j)
		d += c.pend[k] - c.cost[k]
	}
	return d
}

func (c *pairCosts) commit() {
	for _, k := range c.ps.list {
		c.cost[k] = c.pend[k]
	}
}

// incSE1: a cost per pair, from the meeting index.
type incSE1 struct {
	k *SE1
	c pairCosts
}

func newIncSE1(e *Incremental, k *SE1) *incSE1 { return &incSE1{k: k, c: newPairCosts(e.n)} }

func (x *incSE1) pair(e *Incremental, i, j int) int64 {
	a, b, n := e.meetings(i, j)
	if n < 2 {
		return 0
	}
	if between := b - a - 1; between < x.k.Min {
		return int64(x.k.Min - between)
	}
	return 0
}

func (x *incSE1) init(e *Incremental) int64 {
	var d int64
	for a, i := range x.k.Teams {
		for _, j := range x.k.Teams[a+1:] {
			lo, hi := min(i, j), max(i, j)
			x.c.cost[lo*e.n+hi] = x.pair(e, lo, hi)
			d += x.c.cost[lo*e.n+hi]
		}
	}
	return d
}

func (x *incSE1) watches(t, _ int) bool { return x.k.member.Has(t) }

func (x *incSE1) on() uint8 { return onOpponent }

func (x *incSE1) opponents() []int { return nil }

func (x *incSE1) delta(e *Incremental, cells []int32) int64 {
	x.c.ps.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		now := int(e.g.Opp[t*e.s+int(ch.s)])
		if now == int(ch.oldOpp) {
			continue
		}
		if now >= 0 && x.k.member.Has(now) {
			x.c.ps.add(t, now)
		}
		if old := int(ch.oldOpp); old >= 0 && x.k.member.Has(old) {
			x.c.ps.add(t, old)
		}
	}
	return x.c.delta(func(i, j int) int64 { return x.pair(e, i, j) })
}

func (x *incSE1) commit() { x.c.commit() }

// incFA2: a cost per pair from cumulative home counts.
//
// Where the limit holds in every slot, a move recounts a pair's gaps only in the slots where one of the
// two teams' counts changed, [lo, hi): the largest gap before and after them is kept per pair, as the
// largest gap up to each slot (pre) and from each slot on (suf) of the committed counts.
type incFA2 struct {
	k       *FA2
	member  []bool
	cum     []int32 // t*S+s: home games of t in slots 0..s
	pendCum []int32
	tstamp  []uint32
	cur     uint32
	tlist   []int
	c       pairCosts
	ns      int
	all     bool    // the limit holds in every slot
	pre     []int32 // where all: (i*n+j)*S+s for i < j, the largest gap of i and j in slots 0..s
	suf     []int32 // and in slots s..S-1
	lo, hi  []int32 // per team in tlist: the slots [lo, hi) in which its pending counts differ
}

func newIncFA2(e *Incremental, k *FA2) *incFA2 {
	x := &incFA2{k: k, member: make([]bool, e.n), cum: make([]int32, e.n*e.s), pendCum: make([]int32, e.n*e.s),
		tstamp: make([]uint32, e.n), c: newPairCosts(e.n), ns: e.s, cur: 1}
	for _, t := range k.Teams {
		x.member[t] = true
	}
	seen := make([]bool, e.s)
	for _, s := range k.Slots {
		seen[s] = true
	}
	if x.all = !slices.Contains(seen, false); x.all {
		x.pre, x.suf = make([]int32, e.n*e.n*e.s), make([]int32, e.n*e.n*e.s)
		x.lo, x.hi = make([]int32, e.n), make([]int32, e.n)
	}
	return x
}

func (x *incFA2) row(e *Incremental, t int, dst []int32) {
	var c int32
	for s := range e.s {
		c += b2i(e.g.Home[t*e.s+s])
		dst[t*e.s+s] = c
	}
}

func (x *incFA2) cumOf(t int) []int32 {
	if x.tstamp[t] == x.cur {
		return x.pendCum
	}
	return x.cum
}

// gap returns the largest gap of teams i and j over the limit's slots, where all is not set (spans keeps
// it where it is).
func (x *incFA2) gap(i, j int) int32 {
	a := x.cumOf(i)[i*x.ns : (i+1)*x.ns]
	b := x.cumOf(j)[j*x.ns : (j+1)*x.ns]
	var hi, lo int32 // the largest and the least difference over the slots, or 0
	for _, s := range x.k.Slots {
		d := a[s] - b[s]
		hi, lo = max(hi, d), min(lo, d)
	}
	return max(hi, -lo)
}

func (x *incFA2) cost(gap int32) int64 { return int64(max(int(gap)-x.k.Max, 0)) }

// pendingGap returns the largest gap of teams i < j with the pending counts, where all is set.
func (x *incFA2) pendingGap(i, j int) int32 {
	lo, hi := int32(x.ns), int32(0)
	for _, t := range [2]int{i, j} {
		if x.tstamp[t] == x.cur {
			lo, hi = min(lo, x.lo[t]), max(hi, x.hi[t])
		}
	}
	k := (i*x.c.ps.n + j) * x.ns
	if lo >= hi {
		return x.pre[k+x.ns-1] // the counts of both are as committed
	}
	var gap int32
	if lo > 0 {
		gap = x.pre[k+int(lo)-1]
	}
	if int(hi) < x.ns {
		gap = max(gap, x.suf[k+int(hi)])
	}
	a := x.cumOf(i)[i*x.ns+int(lo) : i*x.ns+int(hi)]
	b := x.cumOf(j)[j*x.ns+int(lo) : j*x.ns+int(hi)]
	b = b[:len(a)]
	for s, v := range a {
		d := v - b[s]
		gap = max(gap, d, -d)
	}
	return gap
}

// spans sets pre and suf of the pair i < j from the committed counts.
func (x *incFA2) spans(i, j int) {
	a, b := x.cum[i*x.ns:(i+1)*x.ns], x.cum[j*x.ns:(j+1)*x.ns]
	pre := x.pre[(i*x.c.ps.n+j)*x.ns:][:len(a)]
	suf := x.suf[(i*x.c.ps.n+j)*x.ns:][:len(a)]
	b = b[:len(a)]
	var g int32
	for s, v := range a {
		d := v - b[s]
		g = max(g, d, -d)
		pre[s] = g
	}
	g = 0
	for s := len(a) - 1; s >= 0; s-- {
		d := a[s] - b[s]
		g = max(g, d, -d)
		suf[s] = g
	}
}

func (x *incFA2) init(e *Incremental) int64 {
	for _, t := range x.k.Teams {
		x.row(e, t, x.cum)
	}
	var d int64
	for a, i := range x.k.Teams {
		for _, j := range x.k.Teams[a+1:] {
			lo, hi := min(i, j), max(i, j)
			var gap int32
			if x.all {
				x.spans(lo, hi)
				gap = x.pre[(lo*e.n+hi+1)*e.s-1] // the largest gap up to the last slot
			} else {
				gap = x.gap(lo, hi)
			}
			x.c.cost[lo*e.n+hi] = x.cost(gap)
			d += x.c.cost[lo*e.n+hi]
		}
	}
	return d
}

func (x *incFA2) watches(t, _ int) bool { return x.member[t] }

func (x *incFA2) on() uint8 { return onVenue }

func (x *incFA2) opponents() []int { return nil }

func (x *incFA2) delta(e *Incremental, cells []int32) int64 {
	if x.cur++; x.cur == 0 { // wrapped
		clear(x.tstamp)
		x.cur = 1
	}
	x.tlist = x.tlist[:0]
	x.c.ps.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		if e.g.Home[t*e.s+int(ch.s)] == ch.oldHome || x.tstamp[t] == x.cur {
			continue
		}
		x.tstamp[t] = x.cur
		x.tlist = append(x.tlist, t)
		x.row(e, t, x.pendCum)
		if x.all {
			old, now := x.cum[t*e.s:(t+1)*e.s], x.pendCum[t*e.s:(t+1)*e.s]
			lo, hi := 0, e.s
			for lo < hi && old[lo] == now[lo] {
				lo++
			}
			for hi > lo && old[hi-1] == now[hi-1] {
				hi--
			}
			x.lo[t], x.hi[t] = int32(lo), int32(hi)
		}
	}
	for _, t := range x.tlist {
		for _, j := range x.k.Teams {
			x.c.ps.add(t, j)
		}
	}
	if x.all {
		return x.c.delta(func(i, j int) int64 { return x.cost(x.pendingGap(i, j)) })
	}
	return x.c.delta(func(i, j int) int64 { return x.cost(x.gap(i, j)) })
}

func (x *incFA2) commit() {
	for _, t := range x.tlist {
		copy(x.cum[t*x.ns:(t+1)*x.ns], x.pendCum[t*x.ns:(t+1)*x.ns])
	}
	x.c.commit()
	if x.all {
		for _, k := range x.c.ps.list {
			x.spans(int(k)/x.c.ps.n, int(k)%x.c.ps.n)
		}
	}
}

// incTravel: per-team tour legs around the changed cells, on a compact schedule (every cell a game).
type incTravel struct {
	k      *Travel
	member Set
	ven    []int32  // committed venue of each cell
	next   []int32  // the venue of each cell the last delta changed (where mark is cur)
	mark   []uint32 // per cell
	cur    uint32
	cells  []int32 // the cells of the last delta, for commit
	e      *Incremental
}

func newIncTravel(e *Incremental, k *Travel) *incTravel {
	return &incTravel{k: k, member: SetOf(e.n, k.Teams), ven: make([]int32, e.n*e.s), next: make([]int32, e.n*e.s),
		mark: make([]uint32, e.n*e.s), e: e}
}

func (x *incTravel) init(e *Incremental) int64 {
	var d int64
	for t := range e.n {
		for s := range e.s {
			x.ven[t*e.s+s] = int32(e.venueAt(t, s))
		}
	}
	for _, t := range x.k.Teams {
		at := t
		for s := range e.s {
			v := int(x.ven[t*e.s+s])
			d += x.k.Dist[at*x.k.N+v]
			at = v
		}
		d += x.k.Dist[at*x.k.N+t]
	}
	return d
}

func (x *incTravel) watches(t, _ int) bool { return x.member.Has(t) }

func (x *incTravel) on() uint8 { return onBoth }

func (x *incTravel) opponents() []int { return nil }

func venue(t int, opp int32, home bool) int {
	if home {
		return t
	}
	return int(opp)
}

// delta gives each changed cell the leg that ends in it, and the leg that leaves it when the next cell did
// not change (a changed next cell has that leg as its own), so every changed leg is counted once. The
// cells of a member team are all watched, so a changed cell of the team is always in the list.
func (x *incTravel) delta(e *Incremental, cells []int32) int64 {
	x.cur++
	if x.cur == 0 { // wrapped
		clear(x.mark)
		x.cur = 1
	}
	x.cells = cells
	for _, ci := range cells {
		ch := e.changes[ci]
		t, s := int(ch.t), int(ch.s)
		x.mark[t*e.s+s] = x.cur
		x.next[t*e.s+s] = int32(e.venueAt(t, s))
	}
	var d int64
	n := int32(x.k.N)
	dist := x.k.Dist
	for _, ci := range cells {
		ch := e.changes[ci]
		t, s := int(ch.t), int(ch.s)
		i := t*e.s + s
		oldAt, newAt := x.ven[i], x.next[i]
		// The leg into slot s, from slot s-1 or from home before the season.
		oldFrom, newFrom := int32(t), int32(t)
		if s > 0 {
			oldFrom, newFrom = x.ven[i-1], x.ven[i-1]
			if x.mark[i-1] == x.cur {
				newFrom = x.next[i-1]
			}
		}
		d += dist[newFrom*n+newAt] - dist[oldFrom*n+oldAt]
		// The leg out of slot s, to slot s+1 or home after the season, unless slot s+1 has it.
		switch {
		case s+1 == e.s:
			d += dist[newAt*n+int32(t)] - dist[oldAt*n+int32(t)]
		case x.mark[i+1] != x.cur:
			to := x.ven[i+1]
			d += dist[newAt*n+to] - dist[oldAt*n+to]
		}
	}
	return d
}

func (x *incTravel) commit() {
	e := x.e
	for _, ci := range x.cells {
		ch := e.changes[ci]
		i := int(ch.t)*e.s + int(ch.s)
		x.ven[i] = x.next[i]
	}
}

// incStructure tracks what moves can change in a round robin: the phase of each pair and the mirror of
// each first-half game. The rest of the structural cost (missing games, teams twice in a slot) cannot
// change under moves that keep the grid a round robin, and is carried over from the full evaluation.
type incStructure struct {
	k      *Structure
	base   int64 // the part no move changes
	half   int
	phase  pairCosts
	mirror []int32 // t*half+s for s < half: 1 when t hosts in s and the mirror game is missing
	pendM  []int32
	mstamp []uint32
	mlist  []int32
	cur    uint32
}

func newIncStructure(e *Incremental, k *Structure, games []flextime.Game) *incStructure {
	x := &incStructure{k: k, half: e.s / 2, phase: newPairCosts(e.n)}
	x.mirror = make([]int32, e.n*x.half)
	x.pendM = make([]int32, e.n*x.half)
	x.mstamp = make([]uint32, e.n*x.half)
	x.base = k.Eval(NewTable(e.n, e.s, games), nil)
	return x
}

func (x *incStructure) phased() bool {
	return x.k.Format.Rounds >= 2 && (x.k.Format.Phased || x.k.Format.Mirrored)
}

func (x *incStructure) mirrored() bool { return x.k.Format.Rounds >= 2 && x.k.Format.Mirrored }

func (x *incStructure) pair(e *Incremental, i, j int) int64 {
	a, b, n := e.meetings(i, j)
	if n != 2 {
		return 0
	}
	if (a < x.half) == (b < x.half) {
		return 2
	}
	return 0
}

func (x *incStructure) mirrorCost(e *Incremental, t, s int) int32 {
	idx := t*e.s + s
	if !e.g.Home[idx] {
		return 0
	}
	m := idx + x.half
	return b2i(e.g.Opp[m] != e.g.Opp[idx] || e.g.Home[m])
}

func (x *incStructure) init(e *Incremental) int64 {
	var moving int64
	if x.phased() {
		for i := range e.n {
			for j := i + 1; j < e.n; j++ {
				x.phase.cost[i*e.n+j] = x.pair(e, i, j)
				moving += x.phase.cost[i*e.n+j]
			}
		}
	}
	if x.mirrored() {
		for t := range e.n {
			for s := range x.half {
				x.mirror[t*x.half+s] = x.mirrorCost(e, t, s)
				moving += int64(x.mirror[t*x.half+s])
			}
		}
	}
	x.base -= moving
	return x.base + moving
}

func (x *incStructure) watches(int, int) bool { return x.phased() || x.mirrored() }

func (x *incStructure) opponents() []int { return nil }

func (x *incStructure) on() uint8 {
	switch {
	case x.mirrored():
		return onBoth
	case x.phased():
		return onOpponent
	}
	return 0
}

func (x *incStructure) delta(e *Incremental, cells []int32) int64 {
	var d int64
	if x.phased() {
		x.phase.ps.begin()
		for _, ci := range cells {
			ch := e.changes[ci]
			now := int(e.g.Opp[int(ch.t)*e.s+int(ch.s)])
			if now != int(ch.oldOpp) {
				x.phase.ps.add(int(ch.t), now)
				x.phase.ps.add(int(ch.t), int(ch.oldOpp))
			}
		}
		d += x.phase.delta(func(i, j int) int64 { return x.pair(e, i, j) })
	}
	if x.mirrored() {
		x.cur++
		x.mlist = x.mlist[:0]
		for _, ci := range cells {
			ch := e.changes[ci]
			k := int(ch.t)*x.half + int(ch.s)%x.half
			if int(ch.s) >= 2*x.half || x.mstamp[k] == x.cur {
				continue
			}
			x.mstamp[k] = x.cur
			x.mlist = append(x.mlist, int32(k))
			x.pendM[k] = x.mirrorCost(e, int(ch.t), int(ch.s)%x.half)
			d += int64(x.pendM[k] - x.mirror[k])
		}
	}
	return d
}

func (x *incStructure) commit() {
	if x.phased() {
		x.phase.commit()
	}
	for _, k := range x.mlist {
		x.mirror[k] = x.pendM[k]
	}
	x.mlist = x.mlist[:0]
}
