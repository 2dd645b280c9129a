package constraints

import (
	"slices"

	"github.com/flextime/flextime"
)

// The generic incremental forms. The kernels of real seasons (streaks over a team's own games, home
// splits, rest days, road trips, rematch days) are judged on a team's games in order or on a pair's
// meetings; each such kernel writes its deviation once, as a function of those games, and both the full
// evaluation and the incremental one call that same function. The incremental form recomputes only the
// teams or pairs a move touched.

// teamKernel is a kernel whose deviation is a sum over its teams of a function of each team's games in
// slot order.
type teamKernel interface {
	Kernel
	// teamSet lists the teams the kernel judges.
	teamSet() []int
	// teamDev returns the deviation of team t from its row (Appearance.Game may be -1). When emit is not
	// nil it is called for every violated part.
	teamDev(t int, r *teamRow, emit func(Detail)) int64
	// depends says what in a cell the team's deviation depends on (onVenue, onOpponent or onBoth).
	depends() uint8
	// calendar is the calendar the kernel reads days from, or nil.
	calendar() *Calendar
}

// teamRow is one team's games in slot order and, when there is a calendar, the venue-local first and
// last day of each meeting and the starts (minutes since the Unix epoch, or noTime) of its first and
// last game.
type teamRow struct {
	apps        []Appearance
	first, last []int32
	start, end  []int64
}

// fill computes the days and starts of r.apps for team t.
func (r *teamRow) fill(cal *Calendar, t int) {
	r.first, r.last, r.start, r.end = r.first[:0], r.last[:0], r.start[:0], r.end[:0]
	if cal == nil {
		return
	}
	for _, a := range r.apps {
		r.fillOne(cal, t, a)
	}
}

// fillOne appends the days and starts of team t's appearance a.
func (r *teamRow) fillOne(cal *Calendar, t int, a Appearance) {
	f, l, st, en := appDays(cal, t, a)
	r.first, r.last, r.start, r.end = append(r.first, f), append(r.last, l), append(r.start, st), append(r.end, en)
}

// appDays returns the first and last day and the starts of the first and last game of team t's
// appearance a.
func appDays(cal *Calendar, t int, a Appearance) (first, last int32, start, end int64) {
	h, aw := t, a.Opp
	if !a.Home {
		h, aw = aw, h
	}
	first, last = cal.Days(h, aw, a.Slot)
	start = cal.Start(h, aw, a.Slot)
	end = start
	if cal.Span > 1 && start != noTime {
		end = cal.GameStart(h, aw, a.Slot, cal.Span-1)
	}
	return first, last, start, end
}

// reset empties r, keeping its storage.
func (r *teamRow) reset() {
	r.apps = r.apps[:0]
	r.first, r.last, r.start, r.end = r.first[:0], r.last[:0], r.start[:0], r.end[:0]
}

// copyFrom appends entries i to j of row o.
func (r *teamRow) copyFrom(o *teamRow, i, j int) {
	r.apps = append(r.apps, o.apps[i:j]...)
	if len(o.first) > 0 {
		r.first, r.last = append(r.first, o.first[i:j]...), append(r.last, o.last[i:j]...)
		r.start, r.end = append(r.start, o.start[i:j]...), append(r.end, o.end[i:j]...)
	}
}

// evalTeams is the full evaluation of a team kernel.
func evalTeams(k teamKernel, t *Table, emit func(Detail)) int64 {
	var total int64
	var r teamRow
	for _, team := range k.teamSet() {
		r.apps = t.ByTeam[team]
		r.fill(k.calendar(), team)
		total += k.teamDev(team, &r, emit)
	}
	return total
}

// appGame returns the game an appearance of team t stands for.
func appGame(t int, a Appearance) flextime.Game {
	if a.Home {
		return flextime.Game{Home: t, Away: a.Opp, Slot: a.Slot}
	}
	return flextime.Game{Home: a.Opp, Away: t, Slot: a.Slot}
}

// row returns team t's row in the grid as it is now. A team the pending move did not change has its
// kept row; a changed team's row is computed once per move, for all the team kernels that read it, by
// patching the changed slots into its kept row.
func (e *Incremental) row(t int) *teamRow {
	if e.rowStamp[t] == e.rowEpoch {
		return &e.rows[t]
	}
	var slots []int32
	games := true // every changed slot held a game and still does
	if e.open {
		e.changesByTeam()
		if e.chgStamp[t] == e.rowEpoch {
			slots, games = e.chgSlots[t], e.chgGames[t]
		}
	}
	if len(slots) == 0 {
		if !e.keptOK[t] {
			e.buildRow(t, &e.kept[t])
			e.keptOK[t] = true
		}
		return &e.kept[t]
	}
	e.rowStamp[t] = e.rowEpoch
	r := &e.rows[t]
	if !e.keptOK[t] {
		e.buildRow(t, r)
		return r
	}
	k := &e.kept[t]
	r.reset()
	if games { // the same slots hold games: copy the kept row and overwrite the changed entries
		r.copyFrom(k, 0, len(k.apps))
		for _, s := range slots {
			i := appAt(k.apps, int(s))
			a := e.gridApp(t, int(s))
			r.apps[i] = a
			if e.m.Cal != nil {
				r.first[i], r.last[i], r.start[i], r.end[i] = appDays(e.m.Cal, t, a)
			}
		}
		return r
	}
	slices.Sort(slots)
	i := 0 // the next entry of the kept row to take
	for _, s := range slots {
		j := i
		for j < len(k.apps) && k.apps[j].Slot < int(s) {
			j++
		}
		r.copyFrom(k, i, j)
		if j < len(k.apps) && k.apps[j].Slot == int(s) {
			j++ // the kept game in a changed slot
		}
		i = j
		if e.g.Opp[t*e.s+int(s)] >= 0 {
			a := e.gridApp(t, int(s))
			r.apps = append(r.apps, a)
			if e.m.Cal != nil {
				r.fillOne(e.m.Cal, t, a)
			}
		}
	}
	r.copyFrom(k, i, len(k.apps))
	return r
}

// changesByTeam lists the pending move's changed slots by team, once per move.
func (e *Incremental) changesByTeam() {
	if e.chgEpoch == e.rowEpoch {
		return
	}
	e.chgEpoch = e.rowEpoch
	for _, ch := range e.changes {
		t := ch.t
		if e.chgStamp[t] != e.rowEpoch {
			e.chgStamp[t] = e.rowEpoch
			e.chgSlots[t], e.chgGames[t] = e.chgSlots[t][:0], true
		}
		e.chgSlots[t] = append(e.chgSlots[t], ch.s)
		e.chgGames[t] = e.chgGames[t] && ch.oldOpp >= 0 && e.g.Opp[int(t)*e.s+int(ch.s)] >= 0
	}
}

// appAt returns the index of the appearance in slot s among apps, which holds one.
func appAt(apps []Appearance, s int) int {
	lo, hi := 0, len(apps)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if apps[mid].Slot < s {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// gridApp returns team t's game in slot s of the grid, which holds one.
func (e *Incremental) gridApp(t, s int) Appearance {
	i := t*e.s + s
	return Appearance{Slot: s, Opp: int(e.g.Opp[i]), Home: e.g.Home[i], Game: -1}
}

// buildRow computes team t's row from the grid.
func (e *Incremental) buildRow(t int, r *teamRow) {
	r.apps = r.apps[:0]
	for s, o := range e.g.Opp[t*e.s : (t+1)*e.s] {
		if o >= 0 {
			r.apps = append(r.apps, e.gridApp(t, s))
		}
	}
	r.fill(e.m.Cal, t)
}

// keepRows makes the rows of the teams the pending move changed their kept rows, as the move is
// kept, computing those no team kernel read.
func (e *Incremental) keepRows() {
	if !e.hasRows {
		return
	}
	for _, ch := range e.changes {
		e.row(int(ch.t))
	}
	for _, ch := range e.changes {
		if t := ch.t; e.rowStamp[t] == e.rowEpoch {
			e.rows[t], e.kept[t] = e.kept[t], e.rows[t]
			e.keptOK[t] = true
			e.rowStamp[t] = 0
		}
	}
}

// incTeams is the incremental form of a team kernel: a deviation per team, recomputed for the teams
// whose cells changed.
type incTeams struct {
	k      teamKernel
	member []bool
	dev    []int64
	pend   []int64
	stamp  []uint32
	cur    uint32
	list   []int32
}

func newIncTeams(e *Incremental, k teamKernel) *incTeams {
	e.hasRows = true
	x := &incTeams{k: k, member: make([]bool, e.n), dev: make([]int64, e.n), pend: make([]int64, e.n), stamp: make([]uint32, e.n)}
	for _, t := range k.teamSet() {
		x.member[t] = true
	}
	return x
}

func (x *incTeams) init(e *Incremental) int64 {
	var d int64
	for _, t := range x.k.teamSet() {
		x.dev[t] = x.k.teamDev(t, e.row(t), nil)
		d += x.dev[t]
	}
	return d
}

func (x *incTeams) watches(t, _ int) bool { return x.member[t] }

func (x *incTeams) on() uint8 { return x.k.depends() }

func (x *incTeams) opponents() []int { return nil }

func (x *incTeams) delta(e *Incremental, cells []int32) int64 {
	x.cur++
	x.list = x.list[:0]
	var d int64
	for _, ci := range cells {
		t := e.changes[ci].t
		if x.stamp[t] == x.cur {
			continue
		}
		x.stamp[t] = x.cur
		x.list = append(x.list, t)
		x.pend[t] = x.k.teamDev(int(t), e.row(int(t)), nil)
		d += x.pend[t] - x.dev[t]
	}
	return d
}

func (x *incTeams) commit() {
	for _, t := range x.list {
		x.dev[t] = x.pend[t]
	}
}

// meeting is one game of a pair (i, j), i < j, seen from i.
type meeting struct {
	Slot  int
	IHome bool
}

// pairKernel is a kernel whose deviation is a sum over pairs of its teams of a function of the pair's
// meetings in slot order.
type pairKernel interface {
	Kernel
	// pairMembers is the set of teams whose pairs the kernel judges.
	pairMembers() Set
	// pairDev returns the deviation of the pair i < j from its meetings in slot order.
	pairDev(i, j int, ms []meeting, emit func(Detail)) int64
	depends() uint8
}

// evalPairs is the full evaluation of a pair kernel.
func evalPairs(k pairKernel, t *Table, emit func(Detail)) int64 {
	member := k.pairMembers()
	var total int64
	ms := make([][]meeting, t.N)
	for i := range t.N {
		if !member.Has(i) {
			continue
		}
		for j := range ms {
			ms[j] = ms[j][:0]
		}
		for _, a := range t.ByTeam[i] {
			if a.Opp > i && member.Has(a.Opp) {
				ms[a.Opp] = append(ms[a.Opp], meeting{Slot: a.Slot, IHome: a.Home})
			}
		}
		for j := i + 1; j < t.N; j++ {
			if member.Has(j) {
				total += k.pairDev(i, j, ms[j], emit)
			}
		}
	}
	return total
}

// incPairs is the incremental form of a pair kernel, from the meeting index.
type incPairs struct {
	k      pairKernel
	member Set
	c      pairCosts
	ms     []meeting
}

func newIncPairs(e *Incremental, k pairKernel) *incPairs {
	return &incPairs{k: k, member: k.pairMembers(), c: newPairCosts(e.n)}
}

// meetingsOf lists the meetings of i < j in slot order from the meeting index and the grid.
func (x *incPairs) meetingsOf(e *Incremental, i, j int) []meeting {
	e.syncMeet()
	x.ms = x.ms[:0]
	k := i*e.n + j
	for m := range int(min(e.meetN[k], 4)) {
		s := int(e.meet[k][m])
		x.ms = append(x.ms, meeting{Slot: s, IHome: e.g.Home[i*e.s+s]})
	}
	for a := 1; a < len(x.ms); a++ {
		for b := a; b > 0 && x.ms[b].Slot < x.ms[b-1].Slot; b-- {
			x.ms[b], x.ms[b-1] = x.ms[b-1], x.ms[b]
		}
	}
	return x.ms
}

func (x *incPairs) init(e *Incremental) int64 {
	var d int64
	for i := range e.n {
		if !x.member.Has(i) {
			continue
		}
		for j := i + 1; j < e.n; j++ {
			if x.member.Has(j) {
				x.c.cost[i*e.n+j] = x.k.pairDev(i, j, x.meetingsOf(e, i, j), nil)
				d += x.c.cost[i*e.n+j]
			}
		}
	}
	return d
}

func (x *incPairs) watches(t, _ int) bool { return x.member.Has(t) }

func (x *incPairs) on() uint8 { return x.k.depends() }

func (x *incPairs) opponents() []int { return nil }

func (x *incPairs) delta(e *Incremental, cells []int32) int64 {
	x.c.ps.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		if now := int(e.g.Opp[t*e.s+int(ch.s)]); now >= 0 && x.member.Has(now) {
			x.c.ps.add(t, now)
		}
		if old := int(ch.oldOpp); old >= 0 && x.member.Has(old) {
			x.c.ps.add(t, old)
		}
	}
	return x.c.delta(func(i, j int) int64 { return x.k.pairDev(i, j, x.meetingsOf(e, i, j), nil) })
}

func (x *incPairs) commit() { x.c.commit() }

// cellKernel is a kernel that bounds, per team, how many of its cells satisfy a predicate of the cell
// alone (its slot, opponent and venue).
type cellKernel interface {
	Kernel
	teamSet() []int
	bound() Bound
	// cellCounts reports whether team t's cell in slot s, against opp (-1: a bye) at venue home, counts.
	cellCounts(t, s int, opp int32, home bool) bool
	// slotWatched reports whether any cell of slot s can count.
	slotWatched(s int) bool
	depends() uint8
}

// evalCells is the full evaluation of a cell kernel; its details list the counted games.
func evalCells(k cellKernel, t *Table, emit func(Detail)) int64 {
	var total int64
	b := k.bound()
	for _, team := range k.teamSet() {
		c := 0
		var det Detail
		for s := range t.S {
			if !k.slotWatched(s) {
				continue
			}
			counted := false
			for _, a := range t.ByTeam[team] {
				if a.Slot == s && k.cellCounts(team, s, int32(a.Opp), a.Home) {
					c++
					counted = true
					if emit != nil {
						det.Games = append(det.Games, appGame(team, a))
					}
				}
			}
			if !counted && t.Venue[team*t.S+s] == venueNone && k.cellCounts(team, s, -1, false) {
				c++
				counted = true
			}
			if counted && emit != nil {
				det.Slots = append(det.Slots, s)
			}
		}
		if d := b.dev(c); d > 0 {
			total += d
			if emit != nil {
				det.Teams, det.Count, det.Deviation = []int{team}, int64(c), d
				emit(det)
			}
		}
	}
	return total
}

// incCells is the incremental form of a cell kernel: a count per team.
type incCells struct {
	k    cellKernel
	part []int32
	c    counts
}

func newIncCells(e *Incremental, k cellKernel) *incCells {
	return &incCells{k: k, part: teamParts(e.n, k.teamSet()), c: newCounts(len(k.teamSet()), k.bound())}
}

func (x *incCells) init(e *Incremental) int64 {
	for i, t := range x.k.teamSet() {
		for s := range e.s {
			if x.k.slotWatched(s) && x.k.cellCounts(t, s, e.g.Opp[t*e.s+s], e.g.Home[t*e.s+s]) {
				x.c.count[i]++
			}
		}
	}
	return x.c.total()
}

func (x *incCells) watches(t, s int) bool { return x.part[t] >= 0 && x.k.slotWatched(s) }

func (x *incCells) on() uint8 { return x.k.depends() }

func (x *incCells) opponents() []int { return nil }

func (x *incCells) delta(e *Incremental, cells []int32) int64 {
	x.c.begin()
	for _, ci := range cells {
		ch := e.changes[ci]
		t, s := int(ch.t), int(ch.s)
		idx := t*e.s + s
		d := b2i(x.k.cellCounts(t, s, e.g.Opp[idx], e.g.Home[idx])) - b2i(x.k.cellCounts(t, s, ch.oldOpp, ch.oldHome))
		if d != 0 {
			x.c.add(int(x.part[t]), d)
		}
	}
	return x.c.delta()
}

func (x *incCells) commit() { x.c.commit() }
