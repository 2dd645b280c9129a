package solver

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// Sparse seasons: odd team counts (a bye every slot), time-relaxed calendars (more slots than a team
// needs) and partial round robins (the solver chooses who meets whom). Their grids have empty cells, so
// games can move to free slots; a partial round robin can also change its pairings and flip venues in
// cycles that keep every team's home count.

// errNoStart reports that no first schedule could be built.
var errNoStart = errors.New("solver: cannot build a first schedule")

// moveGame moves one game to another slot in which both of its teams are free.
func (mv *mover) moveGame(rng *rand.Rand) {
	t := rng.IntN(mv.n)
	mv.slot = mv.slot[:0]
	for s := range mv.s {
		if mv.opp(t, s) >= 0 {
			mv.slot = append(mv.slot, s)
		}
	}
	if len(mv.slot) == 0 {
		return
	}
	a := mv.slot[rng.IntN(len(mv.slot))]
	o, h := mv.opp(t, a), mv.home(t, a)
	mv.slot = mv.slot[:0]
	for s := range mv.s {
		if mv.opp(t, s) < 0 && mv.opp(o, s) < 0 {
			mv.slot = append(mv.slot, s)
		}
	}
	if len(mv.slot) == 0 {
		return
	}
	b := mv.slot[rng.IntN(len(mv.slot))]
	mv.set(t, a, -1, false)
	mv.set(o, a, -1, false)
	mv.set(t, b, o, h)
	mv.set(o, b, t, !h)
}

// swapTeamsSparse exchanges the schedules of i and j, byes included: each takes the other's opponents and
// venues, and in their own games the other's venue, so each takes the other's home count too.
func (mv *mover) swapTeamsSparse(i, j int) {
	for s := range mv.s {
		a, b := mv.opp(i, s), mv.opp(j, s)
		if a == j {
			mv.set(i, s, j, !mv.home(i, s))
			mv.set(j, s, i, !mv.home(j, s))
			continue
		}
		if a < 0 && b < 0 {
			continue
		}
		hi, hj := mv.home(i, s), mv.home(j, s)
		mv.set(i, s, b, hj)
		mv.set(j, s, a, hi)
		if a >= 0 {
			mv.set(a, s, j, mv.home(a, s))
		}
		if b >= 0 {
			mv.set(b, s, i, mv.home(b, s))
		}
	}
}

// track has the mover keep the meeting counts of a sparse season's pairs, for moves that read them
// many times per kept move. The grid must then change only by moves the mover is told of (kept).
func (mv *mover) track() {
	mv.tracked = true
	mv.meet, mv.host = make([]int16, mv.n*mv.n), make([]int16, mv.n*mv.n)
	mv.stamp = make([]uint32, mv.n)
	for t := range mv.n {
		mv.recount(t)
	}
}

// apply writes the move of cells into the mover's grid and records it (see kept).
func (mv *mover) apply(cells []constraints.Cell) {
	writeCells(mv.g, cells)
	mv.kept(cells)
}

// writeCells writes the move of cells into g.
func writeCells(g *constraints.Grid, cells []constraints.Cell) {
	for _, c := range cells {
		i := int(c.T)*g.S + int(c.S)
		g.Opp[i], g.Home[i] = c.Opp, c.Home
	}
}

// kept records the move of cells, now in the grid: it counts the move in the versions of the slots it
// changed (see whole) and brings the meeting index (see at) and counts up to it.
func (mv *mover) kept(cells []constraints.Cell) {
	for _, c := range cells {
		mv.slotVer[c.S]++
		if mv.at != nil {
			mv.index(int(c.T), int(c.S), int(c.Opp), c.Home)
		}
	}
	if !mv.tracked {
		return
	}
	if mv.cur++; mv.cur == 0 {
		clear(mv.stamp)
		mv.cur = 1
	}
	for _, c := range cells {
		if t := int(c.T); mv.stamp[t] != mv.cur {
			mv.stamp[t] = mv.cur
			mv.recount(t)
		}
	}
}

// recount counts team t's meetings from the grid.
func (mv *mover) recount(t int) {
	row, hosts := mv.meet[t*mv.n:(t+1)*mv.n], mv.host[t*mv.n:(t+1)*mv.n]
	clear(row)
	clear(hosts)
	base := t * mv.s
	for s := range mv.s {
		if o := mv.g.Opp[base+s]; o >= 0 {
			row[o]++
			if mv.g.Home[base+s] {
				hosts[o]++
			}
		}
	}
}

// meetings counts the games of i against j, and how many of them i hosts.
func (mv *mover) meetings(i, j int) (all, hosted int) {
	if mv.tracked {
		return int(mv.meet[i*mv.n+j]), int(mv.host[i*mv.n+j])
	}
	base := i * mv.s
	for s := range mv.s {
		if int(mv.g.Opp[base+s]) == j {
			all++
			if mv.g.Home[base+s] {
				hosted++
			}
		}
	}
	return all, hosted
}

// canHostAgain reports whether h may host one more game against a: the pair stays within its meetings,
// and a second meeting is at the other venue.
func (mv *mover) canHostAgain(h, a int) bool {
	all, hosted := mv.meetings(h, a)
	return all+1 <= mv.pairMax && (all == 0 || hosted < (all+2)/2)
}

// repair re-pairs two games of one slot, keeping their hosts: h1 v a1 and h2 v a2 become h1 v a2 and
// h2 v a1. Every team keeps its game count and home count; the meetings of four pairs change, within
// the bounds the format sets.
func (mv *mover) repair(rng *rand.Rand) {
	s := rng.IntN(mv.s)
	mv.team = mv.team[:0]
	for t := range mv.n {
		if mv.opp(t, s) >= 0 && mv.home(t, s) {
			mv.team = append(mv.team, t)
		}
	}
	if len(mv.team) < 2 {
		return
	}
	x, y := distinct(rng, len(mv.team))
	h1, h2 := mv.team[x], mv.team[y]
	a1, a2 := mv.opp(h1, s), mv.opp(h2, s)
	if n, _ := mv.meetings(h1, a1); n-1 < mv.pairMin {
		return
	}
	if n, _ := mv.meetings(h2, a2); n-1 < mv.pairMin {
		return
	}
	if !mv.canHostAgain(h1, a2) || !mv.canHostAgain(h2, a1) {
		return
	}
	mv.set(h1, s, a2, true)
	mv.set(a2, s, h1, false)
	mv.set(h2, s, a1, true)
	mv.set(a1, s, h2, false)
}

// singleHomeGame picks at random a slot in which t hosts an opponent it meets only once, and returns it
// with the opponent, or -1.
func (mv *mover) singleHomeGame(rng *rand.Rand, t, not int) (slot, opp int) {
	mv.slot = mv.slot[:0]
	for s := range mv.s {
		if o := mv.opp(t, s); o >= 0 && o != not && mv.home(t, s) {
			mv.slot = append(mv.slot, s)
		}
	}
	for len(mv.slot) > 0 {
		k := rng.IntN(len(mv.slot))
		s := mv.slot[k]
		o := mv.opp(t, s)
		if n, _ := mv.meetings(t, o); n == 1 {
			return s, o
		}
		mv.slot[k] = mv.slot[len(mv.slot)-1]
		mv.slot = mv.slot[:len(mv.slot)-1]
	}
	return -1, -1
}

// flipCycle reverses the venues of three single meetings that form a cycle (a hosts b, b hosts c, c
// hosts a): each team loses a home game and gains one, so home-away balance holds.
func (mv *mover) flipCycle(rng *rand.Rand) {
	a := rng.IntN(mv.n)
	x, b := mv.singleHomeGame(rng, a, -1)
	if x < 0 {
		return
	}
	y, c := mv.singleHomeGame(rng, b, a)
	if y < 0 {
		return
	}
	z := -1
	for s := range mv.s {
		if mv.opp(c, s) == a && mv.home(c, s) {
			z = s
			break
		}
	}
	if z < 0 {
		return
	}
	if n, _ := mv.meetings(c, a); n != 1 {
		return
	}
	mv.set(a, x, b, false)
	mv.set(b, x, a, true)
	mv.set(b, y, c, false)
	mv.set(c, y, b, true)
	mv.set(c, z, a, false)
	mv.set(a, z, c, true)
}

// constructSparse builds a first schedule for a sparse season: rounds of pairings (a 1-factorization,
// with a dummy team giving the byes when the number of teams is odd, repeated as the format asks, plus
// the extra meetings of a partial round robin), venues chosen so that every team's home count is
// balanced and a pair meeting twice meets once at each venue, and the rounds spread over the slots.
// Fixed games are then moved into place where a meeting of the pair exists.
//
// When the rounds are fewer than the slots, which slots hold them matters for every rule of the
// calendar (rest days, games per week, dates closed): several spreads are tried, some evenly spaced by
// date and some at random, and the one that scores best is kept.
func constructSparse(m *constraints.Model, rng *rand.Rand) (*constraints.Grid, error) {
	n, S := m.N, m.S
	rounds := sparseRounds(m, rng)
	venue := orientMeetings(n, rounds, rng)
	type placed struct{ h, a int }
	games := make([][]placed, len(rounds))
	for r, rg := range rounds {
		for _, p := range rg {
			h, a := venue(p)
			games[r] = append(games[r], placed{h, a})
		}
	}
	if len(rounds) > S {
		g := constraints.NewGrid(n, S)
		if err := packGames(g, rounds, venue, rng); err != nil {
			return nil, err
		}
		placeFixedSparse(m, g)
		return g, nil
	}
	var best *constraints.Grid
	var bestScore flextime.Score
	for try := range spreadTries {
		slots := spreadSlots(m, rng, len(rounds), try%2 == 0)
		g := constraints.NewGrid(n, S)
		for r, rg := range games {
			s := slots[r]
			for _, p := range rg {
				g.Opp[p.h*S+s], g.Home[p.h*S+s] = int32(p.a), true
				g.Opp[p.a*S+s], g.Home[p.a*S+s] = int32(p.h), false
			}
		}
		placeFixedSparse(m, g)
		if sc := m.Evaluate(g.Games()); best == nil || sc.Less(bestScore) {
			best, bestScore = g, sc
		}
		if len(rounds) == S {
			break // every slot holds a round; only their order differs, which the search settles
		}
	}
	return best, nil
}

// spreadTries is how many spreads of the rounds over the slots a construction compares.
const spreadTries = 24

// spreadSlots picks k distinct slots for k rounds, in a random order of the rounds: evenly spaced over
// the calendar (by date when the slots are dated, by position otherwise) with a little jitter, or at
// random.
func spreadSlots(m *constraints.Model, rng *rand.Rand, k int, even bool) []int {
	S := m.S
	if !even || k == 0 {
		return rng.Perm(S)[:k]
	}
	pos := make([]float64, S) // each slot's place on the calendar
	for s := range S {
		pos[s] = float64(s)
		if sl := m.Problem.Slots[s]; sl.HasDate() {
			pos[s] = float64(sl.Date.Unix()) / 86400
		}
	}
	lo, hi := pos[0], pos[S-1]
	step := (hi - lo) / float64(k)
	used := make([]bool, S)
	out := make([]int, 0, k)
	for i := range k {
		want := lo + step*(float64(i)+0.25+0.5*rng.Float64())
		bestS := -1
		for s := range S {
			if !used[s] && (bestS < 0 || abs(pos[s]-want) < abs(pos[bestS]-want)) {
				bestS = s
			}
		}
		used[bestS] = true
		out = append(out, bestS)
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// sparseRounds returns rounds of unordered pairings: in each round no team plays twice.
func sparseRounds(m *constraints.Model, rng *rand.Rand) [][][2]int {
	n := m.N
	relabel := func(rounds [][][2]int, perm []int) [][][2]int {
		out := make([][][2]int, 0, len(rounds))
		for _, r := range rounds {
			var games [][2]int
			for _, p := range r {
				if p[0] < n && p[1] < n {
					games = append(games, [2]int{perm[p[0]], perm[p[1]]})
				}
			}
			out = append(out, games)
		}
		return out
	}
	// One round robin: the circle method, with a dummy team n when n is odd.
	size := n + n%2
	perm := append(rng.Perm(n), n)
	base := relabel(circleRounds(size), perm)
	copies := m.Format.Rounds
	if m.Format.Partial() {
		copies = m.PairMin
	}
	var rounds [][][2]int
	for range copies {
		rounds = append(rounds, base...)
	}
	if !m.Format.Partial() {
		return rounds
	}
	extra := m.Games - m.PairMin*(n-1) // extra meetings per team
	if extra == 0 {
		return rounds
	}
	if n%2 == 0 {
		// Another 1-factorization, relabelled: any extra of its rounds form an extra-regular graph.
		other := relabel(circleRounds(n), append(rng.Perm(n), n))
		idx := rng.Perm(n - 1)[:extra]
		for _, i := range idx {
			rounds = append(rounds, other[i])
		}
		return rounds
	}
	// n odd (so extra is even): the circulant graph joining i to i±1, ..., i±extra/2, relabelled, split
	// into extra+1 rounds by an edge colouring. With the n rounds of each round robin that is as few
	// slots as an odd number of teams can play the season in.
	p := rng.Perm(n)
	var edges [][2]int
	for i := range n {
		for k := 1; k <= extra/2; k++ {
			edges = append(edges, [2]int{p[i], p[(i+k)%n]})
		}
	}
	rng.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	colors, ok := colorEdges(n, edges)
	if !ok {
		colors = firstFitColors(n, edges)
	}
	var extraRounds [][][2]int
	for i, e := range edges {
		for colors[i] >= len(extraRounds) {
			extraRounds = append(extraRounds, nil)
		}
		extraRounds[colors[i]] = append(extraRounds[colors[i]], e)
	}
	for _, r := range extraRounds {
		if len(r) > 0 {
			rounds = append(rounds, r)
		}
	}
	return rounds
}

// firstFitColors gives each edge in turn the smallest colour free at both its ends.
func firstFitColors(n int, edges [][2]int) []int {
	used := make([]map[int]bool, n)
	for v := range used {
		used[v] = map[int]bool{}
	}
	out := make([]int, len(edges))
	for i, e := range edges {
		c := 0
		for used[e[0]][c] || used[e[1]][c] {
			c++
		}
		used[e[0]][c], used[e[1]][c] = true, true
		out[i] = c
	}
	return out
}

// colorEdges colours the edges of a simple graph on n vertices with at most Δ+1 colours, Δ its largest
// degree, so that no two edges at a vertex share a colour: the algorithm of Misra and Gries (1992), a
// constructive proof of Vizing's theorem. Each edge is coloured in turn: a maximal fan of the uncoloured
// edge's end u is built, the path alternating between a colour c free at u and a colour d free at the
// fan's last vertex is inverted, and the fan is rotated up to a vertex at which d is free. It reports
// false, should the invariant the algorithm rests on ever fail, rather than return a wrong colouring.
func colorEdges(n int, edges [][2]int) ([]int, bool) {
	deg := make([]int, n)
	for _, e := range edges {
		deg[e[0]]++
		deg[e[1]]++
	}
	colors := 1
	for _, d := range deg {
		colors = max(colors, d+1)
	}
	at := make([][]int, n) // at[v][c]: the neighbour joined to v by the edge of colour c, or -1
	for v := range at {
		at[v] = make([]int, colors)
		for c := range at[v] {
			at[v][c] = -1
		}
	}
	col := make(map[[2]int]int, len(edges)) // colour of the edge {u, v}, keyed (min, max)
	key := func(u, v int) [2]int { return [2]int{min(u, v), max(u, v)} }
	colorOf := func(u, v int) int {
		if c, ok := col[key(u, v)]; ok {
			return c
		}
		return -1
	}
	set := func(u, v, c int) { at[u][c], at[v][c], col[key(u, v)] = v, u, c }
	unset := func(u, v int) {
		c := col[key(u, v)]
		at[u][c], at[v][c] = -1, -1
		delete(col, key(u, v))
	}
	free := func(v int) int {
		for c, w := range at[v] {
			if w < 0 {
				return c
			}
		}
		return -1
	}
	inFan := make([]bool, n)
	for _, e := range edges {
		u, v := e[0], e[1]
		// A maximal fan of u from v: each next vertex's edge to u has a colour free at the previous one.
		fan := []int{v}
		inFan[v] = true
		for {
			last, grown := fan[len(fan)-1], false
			for c, w := range at[u] {
				if w >= 0 && !inFan[w] && at[last][c] < 0 {
					fan, inFan[w], grown = append(fan, w), true, true
					break
				}
			}
			if !grown {
				break
			}
		}
		for _, w := range fan {
			inFan[w] = false
		}
		c, d := free(u), free(fan[len(fan)-1])
		if c != d {
			// Invert the path from u whose edges alternate d, c, d, ...
			var path [][3]int
			for x, want := u, d; at[x][want] >= 0; {
				y := at[x][want]
				path = append(path, [3]int{x, y, want})
				x = y
				if want == d {
					want = c
				} else {
					want = d
				}
			}
			for _, pe := range path {
				unset(pe[0], pe[1])
			}
			for _, pe := range path {
				nc := c
				if pe[2] == c {
					nc = d
				}
				set(pe[0], pe[1], nc)
			}
		}
		// The first fan vertex at which d is free and up to which the fan still holds.
		k := -1
		for i, w := range fan {
			if i > 0 {
				prev := fan[i-1]
				if cw := colorOf(u, w); cw < 0 || at[prev][cw] >= 0 {
					break // the fan stops holding here
				}
			}
			if at[w][d] < 0 {
				k = i
				break
			}
		}
		if k < 0 {
			return nil, false // cannot happen (Misra and Gries); the caller falls back to first fit
		}
		for i := range k {
			next := colorOf(u, fan[i+1])
			unset(u, fan[i+1])
			set(u, fan[i], next)
		}
		set(u, fan[k], d)
	}
	out := make([]int, len(edges))
	for i, e := range edges {
		out[i] = col[key(e[0], e[1])]
	}
	return out, true
}

// orientMeetings chooses venues: a pair that meets twice meets once at each venue (first meeting at the
// lower-numbered team, in round order), and the pairs that meet once are oriented along closed trails of
// their graph, which gives every team home and away counts within one of each other. It returns a
// function from a round's pairing to (home, away), to be called once per pairing in round order.
func orientMeetings(n int, rounds [][][2]int, rng *rand.Rand) func([2]int) (int, int) {
	count := map[[2]int]int{}
	key := func(p [2]int) [2]int { return [2]int{min(p[0], p[1]), max(p[0], p[1])} }
	for _, r := range rounds {
		for _, p := range r {
			count[key(p)]++
		}
	}
	var single [][2]int
	for r := range rounds {
		for _, p := range rounds[r] {
			if count[key(p)] == 1 {
				single = append(single, key(p))
			}
		}
	}
	hostOf := map[[2]int]int{}
	for _, e := range orient(n, single, rng) {
		hostOf[key(e)] = e[0]
	}
	seen := map[[2]int]int{}
	return func(p [2]int) (int, int) {
		k := key(p)
		if h, ok := hostOf[k]; ok {
			return h, k[0] + k[1] - h
		}
		i := seen[k]
		seen[k]++
		if i%2 == 0 {
			return k[0], k[1]
		}
		return k[1], k[0]
	}
}

// orient directs the edges of a simple graph so that every vertex has out- and in-degree within one of
// each other: the vertices of odd degree are joined to a dummy vertex, and each closed trail of the
// resulting even graph is walked in its own direction.
func orient(n int, edges [][2]int, rng *rand.Rand) [][2]int {
	type arc struct{ to, id int }
	adj := make([][]arc, n+1)
	all := append([][2]int(nil), edges...)
	deg := make([]int, n)
	for _, e := range edges {
		deg[e[0]]++
		deg[e[1]]++
	}
	for v, d := range deg {
		if d%2 == 1 {
			all = append(all, [2]int{v, n})
		}
	}
	for id, e := range all {
		adj[e[0]] = append(adj[e[0]], arc{e[1], id})
		adj[e[1]] = append(adj[e[1]], arc{e[0], id})
	}
	for v := range adj {
		rng.Shuffle(len(adj[v]), func(i, j int) { adj[v][i], adj[v][j] = adj[v][j], adj[v][i] })
	}
	used := make([]bool, len(all))
	next := make([]int, n+1)
	out := make([][2]int, 0, len(edges))
	for start := range n + 1 {
		for {
			// Walk a closed trail from start along unused edges.
			v, moved := start, false
			for {
				for next[v] < len(adj[v]) && used[adj[v][next[v]].id] {
					next[v]++
				}
				if next[v] == len(adj[v]) {
					break
				}
				a := adj[v][next[v]]
				used[a.id] = true
				if a.id < len(edges) {
					out = append(out, [2]int{v, a.to})
				}
				v, moved = a.to, true
			}
			if !moved {
				break
			}
		}
	}
	return out
}

// packGames places the rounds' games one by one into the first slot in which both teams are free, for
// seasons whose rounds outnumber the slots.
func packGames(g *constraints.Grid, rounds [][][2]int, venue func([2]int) (int, int), rng *rand.Rand) error {
	S := g.S
	order := rng.Perm(S)
	for _, r := range rounds {
		for _, p := range r {
			h, a := venue(p)
			placed := false
			for _, s := range order {
				if g.Opp[h*S+s] < 0 && g.Opp[a*S+s] < 0 {
					g.Opp[h*S+s], g.Home[h*S+s] = int32(a), true
					g.Opp[a*S+s], g.Home[a*S+s] = int32(h), false
					placed = true
					break
				}
			}
			if !placed {
				return fmt.Errorf("%w: the games do not fit in the %d slots with every team playing at most once per slot (add slots)",
					errNoStart, S)
			}
		}
	}
	return nil
}

// placeFixedSparse moves fixed games into their slots with partial round swaps (the games of the teams
// connected to the pair in the two slots move together), flipping a single meeting's venue when needed,
// and never disturbing a fixed game already in place.
func placeFixedSparse(m *constraints.Model, g *constraints.Grid) {
	if len(m.Fixed) == 0 {
		return
	}
	S := g.S
	mv := newMover(m, g)
	locked := make([]bool, g.N*S)
	disturbs := func() bool {
		for _, c := range mv.cells {
			i := int(c.T)*S + int(c.S)
			if locked[i] && (g.Opp[i] != c.Opp || g.Home[i] != c.Home) {
				return true
			}
		}
		return false
	}
	for _, f := range m.Fixed {
		if !placed(g, f) {
			for s := range S {
				if int(g.Opp[f.Home*S+s]) != f.Away {
					continue
				}
				if s != f.Slot {
					mv.cells = mv.cells[:0]
					mv.partialSwapRounds(f.Home, s, f.Slot)
					if len(mv.cells) == 0 { // the pair's slots connect every team: swap the whole slots
						mv.swapRounds(s, f.Slot)
					}
					if disturbs() {
						continue
					}
					mv.apply(mv.cells)
				}
				if !g.Home[f.Home*S+f.Slot] {
					all, _ := mv.meetings(f.Home, f.Away)
					if all == 1 || (m.Format.Rounds < 2 && !m.Format.Partial()) {
						mv.cells = mv.cells[:0]
						mv.set(f.Home, f.Slot, f.Away, true)
						mv.set(f.Away, f.Slot, f.Home, false)
						mv.apply(mv.cells)
						if m.Format.Partial() {
							locked[f.Home*S+f.Slot], locked[f.Away*S+f.Slot] = true, true
							mv.cells = mv.cells[:0]
							mv.flipPath(f.Home, f.Away, locked)
							mv.apply(mv.cells)
						}
					}
				}
				break
			}
		}
		if placed(g, f) {
			locked[f.Home*S+f.Slot], locked[f.Away*S+f.Slot] = true, true
		}
	}
}

// flipPath gives back the home game a venue flip moved from b to a: it finds the shortest chain of
// single meetings a hosts x1, x1 hosts x2, ..., xk hosts b, none of them locked, and flips every one, so
// that a loses a home game, b gains one and the teams between keep their counts.
func (mv *mover) flipPath(a, b int, locked []bool) {
	type step struct{ from, slot int }
	prev := make([]step, mv.n)
	for i := range prev {
		prev[i] = step{-1, -1}
	}
	prev[a] = step{a, -1}
	queue := []int{a}
	for len(queue) > 0 && prev[b].from < 0 {
		x := queue[0]
		queue = queue[1:]
		for s := range mv.s {
			y := mv.opp(x, s)
			if y < 0 || !mv.home(x, s) || prev[y].from >= 0 || locked[x*mv.s+s] {
				continue
			}
			if n, _ := mv.meetings(x, y); n != 1 {
				continue
			}
			prev[y] = step{x, s}
			queue = append(queue, y)
		}
	}
	if prev[b].from < 0 {
		return
	}
	for y := b; y != a; y = prev[y].from {
		x, s := prev[y].from, prev[y].slot
		mv.set(x, s, y, false)
		mv.set(y, s, x, true)
	}
}

// startGrid builds a worker's first schedule.
func startGrid(m *constraints.Model, rng *rand.Rand, binding bool) (*constraints.Grid, error) {
	if m.Compact {
		return construct(m, rng, binding), nil
	}
	return constructSparse(m, rng)
}
