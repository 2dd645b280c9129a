package solver

import (
	"math/rand/v2"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// constructHAPFirst builds a compact double round robin with the fewest breaks, n-2, pattern set first:
// it draws the slots where teams break, gives the teams their home-away patterns for the constraints
// that depend on venues alone and for the venues of the fixed games, and then finds games that fit the
// patterns by an exact cover with the fixed games pinned (see coverTimetable), keeping the start of the
// lowest such cost of up to hapAssignTries pattern sets, or the first whose cost settles it (see
// hapRules.settles). When no pinned cover is found, it returns a timetable of the first pattern set
// without the fixed games; nil when no pattern set has one.
//
// The doubled circle method has n-2 breaks too, but for 20 teams no partial round swap keeps its venues,
// even after a walk of other venue-keeping moves, and a worker held to few breaks has hardly a move left
// that rearranges who meets whom when (BENCHMARKS.md). The timetables found for other pattern sets leave
// it hundreds, as the best known ITC2021 solutions with the fewest breaks do.
func constructHAPFirst(m *constraints.Model, rng *rand.Rand) *constraints.Grid {
	n, S := m.N, m.S
	rules := newHAPRules(m)
	var best, plain *constraints.Grid // the best start with the fixed games pinned, and one without
	var bestScore flextime.Score
	for tries, found := 0, 0; tries < hapSetTries && found < hapAssignTries; tries++ {
		pats := drawPatternSet(n, S, rng)
		if pats == nil {
			continue
		}
		g := coverTimetable(pats, nil, hapCoverSteps, rng)
		if g == nil {
			continue // no timetable fits this pattern set (or none found quickly)
		}
		found++
		pinned, perm, sc := assignPatterns(rules, pats, rng)
		if plain == nil {
			plain = relabel(g, perm)
		}
		if pinned != nil && (best == nil || sc.Less(bestScore)) {
			best, bestScore = pinned, sc
		}
		if best != nil && rules.settles(bestScore) {
			break
		}
	}
	if best == nil {
		return plain
	}
	return best
}

// Bounds of constructHAPFirst: pattern sets drawn; pattern sets with a timetable whose assignment is
// tried; nodes of a cover with the fixed games pinned, and swaps of an assignment tried that way; nodes
// of a cover without; swaps of the assignment's descent. A cover of a pattern set either finds a
// timetable within a few hundred nodes or, for most sets, fails within ten; with the fixed games pinned,
// a swap or a few dozen of the assignment usually lead to one. On ITC2021 Early 14, 5 of 8 starts placed
// all 8 fixed games. A start takes 0.2-0.45 s on Early 14 and 0.3-0.75 s on Early 15 (seeds 0-2), most
// of it in covers now that the descents score incrementally (1.1-1.3 s and 2.9-3.7 s before).
const (
	hapSetTries    = 50
	hapAssignTries = 6
	hapPinSteps    = 2000
	hapPerturbs    = 300
	hapCoverSteps  = 20000
	hapLabelSteps  = 4000
)

// drawBreakSlots draws the (n-2)/2 even slots at which two teams break: the first at 2, 4 or 6 and then
// every fourth slot, with now and then a step of two. Nil when they do not fit in the season. Sets of
// this shape are those a timetable was found for: for 20 teams the exact cover found one at once for {6,
// 8, 12, ..., 36} and for several sets of fours from 2 or 4 with one step of two, and failed within ten
// nodes on random sets of nine even slots.
func drawBreakSlots(n, S int, rng *rand.Rand) []int {
	k := (n - 2) / 2
	b := 2 + 2*rng.IntN(3)
	out := make([]int, 0, k)
	for len(out) < k {
		if b > S-2 {
			return nil
		}
		out = append(out, b)
		if rng.IntN(6) == 0 {
			b += 2
		} else {
			b += 4
		}
	}
	return out
}

// drawPatternSet draws break slots (drawBreakSlots) and returns their pattern set (minBreakPatterns);
// nil when the slots drawn do not fit in the season.
func drawPatternSet(n, S int, rng *rand.Rand) [][]bool {
	breaks := drawBreakSlots(n, S, rng)
	if breaks == nil {
		return nil
	}
	return minBreakPatterns(n, S, breaks)
}

// minBreakPatterns returns n home-away patterns: two that alternate all season from home and from away,
// and for each break slot b one home in slots b-1 and b and one away in both, alternating elsewhere.
func minBreakPatterns(n, S int, breaks []int) [][]bool {
	pats := make([][]bool, 0, n)
	for _, first := range [2]bool{true, false} {
		p := make([]bool, S)
		for s := range S {
			p[s] = (s%2 == 0) == first
		}
		pats = append(pats, p)
	}
	for _, b := range breaks {
		for _, atBreak := range [2]bool{true, false} {
			p := make([]bool, S)
			for s := range S {
				d := b - 1 - s
				if s >= b {
					d = s - b
				}
				p[s] = (d%2 == 0) == atBreak
			}
			pats = append(pats, p)
		}
	}
	return pats
}

// hapRules is what constructHAPFirst reads of the model, gathered once: the model, the model with only
// the constraints that read venues alone (capacity per slot set, breaks, home-away differences), the
// games a hard GA1 with a maximum of 0 forbids, as (home, away, slot), and whether the soft constraints
// all read venues alone.
type hapRules struct {
	m      *constraints.Model
	venues *constraints.Model
	banned map[[3]int]bool
	// venueSoft is set when every soft constraint of the model reads venues alone: the pattern set and
	// its assignment then decide the soft cost, and not only whether the hard venue rules can hold.
	venueSoft bool
}

// settles reports whether constructHAPFirst can stop at a start whose pattern assignment costs sc: when
// it breaks no hard venue rule and, where the soft cost is all venues (venueSoft), none of that either.
// Where other soft costs weigh in, the first start without a hard venue cost is kept: the search reworks
// who meets whom when anyway, and the time spent on more pattern sets was lost to it. Measured side by
// side (60 s, 2 workers, BENCHMARKS.md), drawing on for the least soft venue cost (up to hapAssignTries
// pattern sets with a timetable) against stopping at the first: ITC2021 Early 14, whose soft costs are
// all venues, 8, 10, 28, 10, 28 against 11, 11, 29, 30, 112 (seeds 1-5); Early 13 393, 413 against 391,
// 333 and Early 15 4830, 4966 against 4743, 4385 (seeds 1-2), which this rule leaves as they were.
func (r *hapRules) settles(sc flextime.Score) bool {
	return sc.Hard == 0 && (!r.venueSoft || sc.Soft == 0)
}

func newHAPRules(m *constraints.Model) *hapRules {
	venues := *m
	venues.Prims = nil
	banned := map[[3]int]bool{}
	soft, softOnVenues := 0, 0 // soft constraints, and those of them that read venues alone
	for _, p := range m.Prims {
		if !p.Hard {
			soft++
		}
		switch k := p.Kernel.(type) {
		case *constraints.CA1, *constraints.BR1, *constraints.BR2, *constraints.FA2:
			venues.Prims = append(venues.Prims, p)
			if !p.Hard {
				softOnVenues++
			}
		case *constraints.GA1:
			if p.Hard && k.Max == 0 {
				for _, mt := range k.Meetings {
					for _, s := range k.Slots {
						banned[[3]int{mt.Home, mt.Away, s}] = true
					}
				}
			}
		}
	}
	return &hapRules{m: m, venues: &venues, banned: banned, venueSoft: soft > 0 && softOnVenues == soft}
}

// assignPatterns gives pattern p to team perm[p], by a descent over swaps of two teams' patterns on the
// cost of the constraints that depend on venues alone (capacity per slot set, breaks, home-away
// differences), with the fixed games whose teams would not be home and away in their slot counted hard,
// and returns that cost. It also returns a timetable for the assignment with the fixed games pinned (see
// coverTimetable), found as is or after swaps that keep the hard cost; nil when none is found.
func assignPatterns(rules *hapRules, pats [][]bool, rng *rand.Rand) (*constraints.Grid, []int, flextime.Score) {
	m := rules.m
	n, S := m.N, m.S
	perm := rng.Perm(n)
	rows := make([][]bool, n)
	assigned := func() [][]bool { return patternRows(rows, pats, perm) }
	// The venues of the assignment, scored incrementally: a swap of two teams' patterns is a relabelling
	// of the two teams.
	g := venueGrid(assigned())
	inc, err := constraints.NewIncremental(rules.venues, g)
	if err != nil {
		// The grid has the model's size, and the workers score these kernels incrementally too.
		panic(err)
	}
	mv := newMover(rules.venues, g)
	// fixedOff counts the fixed games whose teams would not be home and away in their slot.
	fixedOff := func() int64 {
		var c int64
		for _, f := range m.Fixed {
			if !g.Home[f.Home*S+f.Slot] || g.Home[f.Away*S+f.Slot] {
				c++
			}
		}
		return c
	}
	// try swaps the patterns of perm[i] and perm[j] and returns the cost; Commit or Undo on inc follows.
	try := func(i, j int) flextime.Score {
		mv.cells = mv.cells[:0]
		mv.relabel(perm[i], perm[j])
		perm[i], perm[j] = perm[j], perm[i]
		d, sc := inc.Try(mv.cells), inc.Score()
		return flextime.Score{Hard: sc.Hard + d.Hard + fixedOff(), Soft: sc.Soft + d.Soft}
	}
	undo := func(i, j int) {
		inc.Undo()
		perm[i], perm[j] = perm[j], perm[i]
	}
	cur := inc.Score()
	cur.Hard += fixedOff()
	for range hapLabelSteps {
		i, j := distinct(rng, n)
		if sc := try(i, j); !cur.Less(sc) {
			inc.Commit()
			mv.kept(mv.cells)
			cur = sc
		} else {
			undo(i, j)
		}
	}
	cover := func() *constraints.Grid { return coverTimetable(assigned(), rules, hapPinSteps, rng) }
	if g := cover(); g != nil {
		return g, perm, cur
	}
	// The fixed games may fit the venues and still no timetable: swaps of two teams' patterns that keep
	// the hard cost, each tried with the fixed games pinned; fewer where some venue does not fit (such as
	// a season with every game fixed), whose covers rarely exist.
	swaps := hapPerturbs
	if cur.Hard > 0 {
		swaps /= 10
	}
	for range swaps {
		i, j := distinct(rng, n)
		if sc := try(i, j); sc.Hard <= cur.Hard {
			if g := cover(); g != nil {
				return g, perm, sc
			}
		}
		undo(i, j)
	}
	return nil, perm, cur
}

// patternRows fills rows with the venue rows of the assignment perm (pattern p to team perm[p]) and
// returns it.
func patternRows(rows, pats [][]bool, perm []int) [][]bool {
	for p, t := range perm {
		rows[t] = pats[p]
	}
	return rows
}

// venueGrid returns a grid with the venue rows home (home[t][s]: team t at home in slot s) and any
// pairing of each slot's home and away teams, for the constraints that read venues only.
func venueGrid(home [][]bool) *constraints.Grid {
	n, S := len(home), len(home[0])
	g := constraints.NewGrid(n, S)
	hs, as := make([]int, 0, n), make([]int, 0, n)
	for s := range S {
		hs, as = hs[:0], as[:0]
		for t := range n {
			g.Home[t*S+s] = home[t][s]
			if home[t][s] {
				hs = append(hs, t)
			} else {
				as = append(as, t)
			}
		}
		for i, h := range hs {
			g.Opp[h*S+s], g.Opp[as[i]*S+s] = int32(as[i]), int32(h)
		}
	}
	return g
}

// coverTimetable finds games for the venue rows home (home[t][s]: team t at home in slot s): every team
// once in every slot, every ordered pair (home i, away j) once, in a slot where i is at home and j away.
// With rules, the model's fixed games whose venues fit are pinned to their slots, and the games it
// forbids are kept out of theirs. It is an exact cover, searched depth first by dancing
// links with the column of fewest candidates first and random order among candidates, and gives up
// (nil) after steps nodes.
func coverTimetable(home [][]bool, rules *hapRules, steps int, rng *rand.Rand) *constraints.Grid {
	n := len(home)
	S := len(home[0])
	pin := make([]int, n*n)
	for i := range pin {
		pin[i] = -1
	}
	var banned map[[3]int]bool
	if rules != nil {
		for _, f := range rules.m.Fixed {
			if home[f.Home][f.Slot] && !home[f.Away][f.Slot] {
				pin[f.Home*n+f.Away] = f.Slot
			}
		}
		banned = rules.banned
	}
	// Columns: ordered pair h*n+a (the diagonal left out), then team t in slot s at n*n + t*S + s.
	x := newLinks(n*n + n*S)
	for t := range n {
		x.drop(t*n + t)
	}
	for h := range n {
		for a := range n {
			if h == a {
				continue
			}
			for s := range S {
				if !home[h][s] || home[a][s] || (pin[h*n+a] >= 0 && pin[h*n+a] != s) || banned[[3]int{h, a, s}] {
					continue
				}
				x.addRow([3]int{h*n + a, n*n + h*S + s, n*n + a*S + s}, [3]int32{int32(h), int32(a), int32(s)})
			}
		}
	}
	x.limit, x.rng = steps, rng
	if !x.search() {
		return nil
	}
	g := constraints.NewGrid(n, S)
	for _, r := range x.sol {
		h, a, s := int(x.rows[r][0]), int(x.rows[r][1]), int(x.rows[r][2])
		g.Opp[h*S+s], g.Home[h*S+s] = int32(a), true
		g.Opp[a*S+s], g.Home[a*S+s] = int32(h), false
	}
	return g
}

// links is Knuth's dancing links for an exact cover whose rows each cover three columns. Node 0 is the
// root; nodes 1..cols head the columns.
type links struct {
	l, r, u, d, c, row []int32
	size               []int32
	rows               [][3]int32
	sol                []int32
	steps, limit       int
	rng                *rand.Rand
}

func newLinks(cols int) *links {
	x := &links{size: make([]int32, cols+1)}
	for i := range cols + 1 {
		x.push(int32(i-1), int32(i+1), int32(i), int32(i), int32(i), -1)
	}
	x.l[0], x.r[cols] = int32(cols), 0
	return x
}

func (x *links) push(l, r, u, d, c, row int32) {
	x.l, x.r, x.u, x.d = append(x.l, l), append(x.r, r), append(x.u, u), append(x.d, d)
	x.c, x.row = append(x.c, c), append(x.row, row)
}

// drop takes column col out of the header list: nothing needs to cover it.
func (x *links) drop(col int) {
	c := int32(col + 1)
	x.r[x.l[c]], x.l[x.r[c]] = x.r[c], x.l[c]
}

func (x *links) addRow(cols [3]int, info [3]int32) {
	row := int32(len(x.rows))
	x.rows = append(x.rows, info)
	first := int32(len(x.l))
	for k, col := range cols {
		c := int32(col + 1)
		i := int32(len(x.l))
		x.push(i-1, i+1, x.u[c], c, c, row)
		x.d[x.u[c]] = i
		x.u[c] = i
		x.size[c]++
		if k == 0 {
			x.l[i] = first + 2
		}
		if k == 2 {
			x.r[i] = first
		}
	}
}

func (x *links) cover(c int32) {
	x.r[x.l[c]], x.l[x.r[c]] = x.r[c], x.l[c]
	for i := x.d[c]; i != c; i = x.d[i] {
		for j := x.r[i]; j != i; j = x.r[j] {
			x.d[x.u[j]], x.u[x.d[j]] = x.d[j], x.u[j]
			x.size[x.c[j]]--
		}
	}
}

func (x *links) uncover(c int32) {
	for i := x.u[c]; i != c; i = x.u[i] {
		for j := x.l[i]; j != i; j = x.l[j] {
			x.size[x.c[j]]++
			x.d[x.u[j]], x.u[x.d[j]] = j, j
		}
	}
	x.r[x.l[c]], x.l[x.r[c]] = c, c
}

// search covers every column left, or reports false when a column has no candidate or the step limit
// is reached.
func (x *links) search() bool {
	if x.r[0] == 0 {
		return true
	}
	if x.steps++; x.steps > x.limit {
		return false
	}
	best, size, ties := int32(-1), int32(1<<30), 0
	for c := x.r[0]; c != 0; c = x.r[c] {
		switch {
		case x.size[c] < size:
			best, size, ties = c, x.size[c], 1
		case x.size[c] == size:
			if ties++; x.rng.IntN(ties) == 0 {
				best = c
			}
		}
	}
	if size == 0 {
		return false
	}
	x.cover(best)
	var cand []int32
	for i := x.d[best]; i != best; i = x.d[i] {
		cand = append(cand, i)
	}
	x.rng.Shuffle(len(cand), func(a, b int) { cand[a], cand[b] = cand[b], cand[a] })
	for _, i := range cand {
		x.sol = append(x.sol, x.row[i])
		for j := x.r[i]; j != i; j = x.r[j] {
			x.cover(x.c[j])
		}
		if x.search() {
			return true
		}
		for j := x.l[i]; j != i; j = x.l[j] {
			x.uncover(x.c[j])
		}
		x.sol = x.sol[:len(x.sol)-1]
	}
	x.uncover(best)
	return false
}
