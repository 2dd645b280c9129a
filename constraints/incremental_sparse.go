package constraints

import "github.com/flextime/flextime"

// incSparseStructure is the incremental form of the structure of a sparse season: per team its games and
// home games, per ordered pair its meetings (counted on the host's cell), from which the deviations of
// teams and pairs follow. Teams playing twice in a slot cannot occur in a grid; that part of the
// structural cost is carried over from the full evaluation.
type incSparseStructure struct {
	k     *Structure
	n     int
	base  int64
	games []int32 // per team
	home  []int32
	meet  []int32 // i*n+j: i hosts j
	// Pending changes of the counts, with the teams and ordered pairs they touch.
	dGames, dHome, dMeet []int32
	tstamp, pstamp       []uint32
	cur                  uint32
	teams, pairs         []int32
	tdev                 []int64 // committed deviation per team (partial formats)
	pdev                 []int64 // committed deviation per pair key (see pairKey)
	tpend, ppend         []int64
	plist                []int32 // pair keys whose deviation is pending
	pkstamp              []uint32
}

func newIncSparseStructure(e *Incremental, k *Structure, games []flextime.Game) *incSparseStructure {
	n := e.n
	x := &incSparseStructure{k: k, n: n, games: make([]int32, n), home: make([]int32, n), meet: make([]int32, n*n),
		dGames: make([]int32, n), dHome: make([]int32, n), dMeet: make([]int32, n*n),
		tstamp: make([]uint32, n), pstamp: make([]uint32, n*n), tdev: make([]int64, n), pdev: make([]int64, n*n),
		tpend: make([]int64, n), ppend: make([]int64, n*n), pkstamp: make([]uint32, n*n)}
	x.base = k.Eval(NewTable(n, e.s, games), nil)
	return x
}

// pairKey is the key under which a pair's deviation is kept: the ordered pair for a double round robin
// (each ordered pair meets once), the unordered pair (lo*n+hi) otherwise.
func (x *incSparseStructure) pairKey(i, j int) int {
	if !x.k.Format.Partial() && x.k.Format.Rounds >= 2 {
		return i*x.n + j
	}
	return min(i, j)*x.n + max(i, j)
}

func (x *incSparseStructure) pairDevAt(key int, meet func(i, j int) int32) int64 {
	i, j := key/x.n, key%x.n
	if !x.k.Format.Partial() && x.k.Format.Rounds >= 2 {
		return absDev(meet(i, j), 1)
	}
	m, v := x.k.pairDev(meet(i, j), meet(j, i))
	return m + v
}

func (x *incSparseStructure) teamDevAt(t int, g, h int32) int64 {
	if !x.k.Format.Partial() {
		return 0
	}
	d := x.k.teamDev(g, h)
	return d[0] + d[1]
}

func (x *incSparseStructure) init(e *Incremental) int64 {
	for t := range e.n {
		for s := range e.s {
			o := e.g.Opp[t*e.s+s]
			if o < 0 {
				continue
			}
			x.games[t]++
			if e.g.Home[t*e.s+s] {
				x.home[t]++
				x.meet[t*x.n+int(o)]++
			}
		}
	}
	committed := func(i, j int) int32 { return x.meet[i*x.n+j] }
	var moving int64
	for t := range e.n {
		x.tdev[t] = x.teamDevAt(t, x.games[t], x.home[t])
		moving += x.tdev[t]
	}
	for i := range e.n {
		for j := range e.n {
			if i == j {
				continue
			}
			if key := x.pairKey(i, j); key == i*x.n+j {
				x.pdev[key] = x.pairDevAt(key, committed)
				moving += x.pdev[key]
			}
		}
	}
	x.base -= moving
	return x.base + moving
}

func (x *incSparseStructure) watches(int, int) bool { return true }

func (x *incSparseStructure) on() uint8 { return onBoth }

func (x *incSparseStructure) opponents() []int { return nil }

func (x *incSparseStructure) touchTeam(t int) {
	if x.tstamp[t] != x.cur {
		x.tstamp[t] = x.cur
		x.dGames[t], x.dHome[t] = 0, 0
		x.teams = append(x.teams, int32(t))
	}
}

func (x *incSparseStructure) addMeet(i, j int, d int32) {
	k := i*x.n + j
	if x.pstamp[k] != x.cur {
		x.pstamp[k] = x.cur
		x.dMeet[k] = 0
		x.pairs = append(x.pairs, int32(k))
	}
	x.dMeet[k] += d
}

func (x *incSparseStructure) delta(e *Incremental, cells []int32) int64 {
	x.cur++
	x.teams, x.pairs, x.plist = x.teams[:0], x.pairs[:0], x.plist[:0]
	for _, ci := range cells {
		ch := e.changes[ci]
		t := int(ch.t)
		idx := t*e.s + int(ch.s)
		o1, h1 := ch.oldOpp, ch.oldHome
		o2, h2 := e.g.Opp[idx], e.g.Home[idx]
		x.touchTeam(t)
		x.dGames[t] += b2i(o2 >= 0) - b2i(o1 >= 0)
		x.dHome[t] += b2i(o2 >= 0 && h2) - b2i(o1 >= 0 && h1)
		if o1 >= 0 && h1 {
			x.addMeet(t, int(o1), -1)
		}
		if o2 >= 0 && h2 {
			x.addMeet(t, int(o2), 1)
		}
	}
	pending := func(i, j int) int32 {
		k := i*x.n + j
		if x.pstamp[k] == x.cur {
			return x.meet[k] + x.dMeet[k]
		}
		return x.meet[k]
	}
	var d int64
	for _, t := range x.teams {
		x.tpend[t] = x.teamDevAt(int(t), x.games[t]+x.dGames[t], x.home[t]+x.dHome[t])
		d += x.tpend[t] - x.tdev[t]
	}
	for _, k := range x.pairs {
		key := x.pairKey(int(k)/x.n, int(k)%x.n)
		if x.pkstamp[key] == x.cur {
			continue
		}
		x.pkstamp[key] = x.cur
		x.plist = append(x.plist, int32(key))
		x.ppend[key] = x.pairDevAt(key, pending)
		d += x.ppend[key] - x.pdev[key]
	}
	return d
}

func (x *incSparseStructure) commit() {
	for _, t := range x.teams {
		x.games[t] += x.dGames[t]
		x.home[t] += x.dHome[t]
		x.tdev[t] = x.tpend[t]
	}
	for _, k := range x.pairs {
		x.meet[k] += x.dMeet[k]
	}
	for _, key := range x.plist {
		x.pdev[key] = x.ppend[key]
	}
	x.teams, x.pairs, x.plist = x.teams[:0], x.pairs[:0], x.plist[:0]
}
