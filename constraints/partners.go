package constraints

import "github.com/flextime/flextime"

// TravelPartners pairs schools that travel together: when one of a pair plays away at a school that has a
// partner of its own, the other should play away at that partner in the same slot (Arizona at Kansas
// while Arizona State is at Kansas State, and the other way round next time). Each team's road game
// whose partner is not at the matching venue costs 1.
type TravelPartners struct {
	// Pairs are the partner pairs; every team is in at most one.
	Pairs   [][2]int
	partner []int // team → its partner, or -1
}

// NewTravelPartners returns a TravelPartners over n teams.
func NewTravelPartners(n int, pairs [][2]int) *TravelPartners {
	k := &TravelPartners{Pairs: pairs, partner: make([]int, n)}
	for i := range k.partner {
		k.partner[i] = -1
	}
	for _, p := range pairs {
		k.partner[p[0]], k.partner[p[1]] = p[1], p[0]
	}
	return k
}

// Kind implements Kernel.
func (*TravelPartners) Kind() string { return "travel-partners" }

// miss reports whether team a, playing against opp at venue home, is on a road game whose matching game
// its partner b (against bOpp at bHome) does not play.
func (k *TravelPartners) miss(a int, opp int32, home bool, bOpp int32, bHome bool) bool {
	if opp < 0 || home {
		return false
	}
	b, want := k.partner[a], k.partner[opp]
	if want < 0 || want == b || int(opp) == b {
		return false
	}
	return bHome || int(bOpp) != want
}

// slotDev is the deviation of pair p in one slot, from the two teams' cells.
func (k *TravelPartners) slotDev(p [2]int, aOpp int32, aHome bool, bOpp int32, bHome bool) int64 {
	return int64(b2i(k.miss(p[0], aOpp, aHome, bOpp, bHome)) + b2i(k.miss(p[1], bOpp, bHome, aOpp, aHome)))
}

// Eval implements Kernel.
func (k *TravelPartners) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	cell := func(team, s int) (int32, bool) {
		return t.Opp[team*t.S+s], t.Venue[team*t.S+s] == venueHome
	}
	for _, p := range k.Pairs {
		for s := range t.S {
			ao, ah := cell(p[0], s)
			bo, bh := cell(p[1], s)
			d := k.slotDev(p, ao, ah, bo, bh)
			if d == 0 {
				continue
			}
			total += d
			if emit != nil {
				for x, team := range p {
					o, h := ao, ah
					po, ph := bo, bh
					if x == 1 {
						o, h, po, ph = bo, bh, ao, ah
					}
					if k.miss(team, o, h, po, ph) {
						det := Detail{Teams: []int{team, p[1-x]}, Slots: []int{s}, Count: int64(k.partner[o]), Deviation: 1,
							Games: []flextime.Game{{Home: int(o), Away: team, Slot: s}}}
						emit(det)
					}
				}
			}
		}
	}
	return total
}

func (k *TravelPartners) key(w *keyWriter) {
	for _, p := range k.Pairs {
		w.ints(p[0], p[1])
	}
}

// incTravelPartners keeps a deviation per (pair, slot).
type incTravelPartners struct {
	k      *TravelPartners
	pairOf []int32 // team → index into k.Pairs, or -1
	dev    []int64 // pair*S+s
	pend   []int64
	stamp  []uint32
	cur    uint32
	list   []int32
}

func newIncTravelPartners(e *Incremental, k *TravelPartners) *incTravelPartners {
	x := &incTravelPartners{k: k, pairOf: make([]int32, e.n), dev: make([]int64, len(k.Pairs)*e.s),
		pend: make([]int64, len(k.Pairs)*e.s), stamp: make([]uint32, len(k.Pairs)*e.s)}
	for i := range x.pairOf {
		x.pairOf[i] = -1
	}
	for i, p := range k.Pairs {
		x.pairOf[p[0]], x.pairOf[p[1]] = int32(i), int32(i)
	}
	return x
}

func (x *incTravelPartners) at(e *Incremental, pi, s int) int64 {
	p := x.k.Pairs[pi]
	a, b := p[0]*e.s+s, p[1]*e.s+s
	return x.k.slotDev(p, e.g.Opp[a], e.g.Home[a], e.g.Opp[b], e.g.Home[b])
}

func (x *incTravelPartners) init(e *Incremental) int64 {
	var d int64
	for pi := range x.k.Pairs {
		for s := range e.s {
			x.dev[pi*e.s+s] = x.at(e, pi, s)
			d += x.dev[pi*e.s+s]
		}
	}
	return d
}

// watches: a team's own cells, and the cells of every team whose venue a road game could be at; the
// deviation of a pair reads only its two teams' cells, so only those matter.
func (x *incTravelPartners) watches(t, _ int) bool { return x.pairOf[t] >= 0 }

func (x *incTravelPartners) on() uint8 { return onBoth }

func (x *incTravelPartners) opponents() []int { return nil }

func (x *incTravelPartners) delta(e *Incremental, cells []int32) int64 {
	x.cur++
	x.list = x.list[:0]
	var d int64
	for _, ci := range cells {
		ch := e.changes[ci]
		k := int(x.pairOf[ch.t])*e.s + int(ch.s)
		if x.stamp[k] == x.cur {
			continue
		}
		x.stamp[k] = x.cur
		x.list = append(x.list, int32(k))
		x.pend[k] = x.at(e, int(x.pairOf[ch.t]), int(ch.s))
		d += x.pend[k] - x.dev[k]
	}
	return d
}

func (x *incTravelPartners) commit() {
	for _, k := range x.list {
		x.dev[k] = x.pend[k]
	}
}

// VenueFlip asks that pairs which met last season at one venue meet this season at the other: for each
// listed game (Home hosted Away), the pair costs 1 when this season Home hosts Away again and Away never
// hosts Home. A pair that does not meet, or meets at both venues, costs nothing.
type VenueFlip struct {
	Previous []flextime.Game // Slot unused
	host     map[[2]int]int  // (lo, hi) → last season's host
	member   Set
}

var _ pairKernel = (*VenueFlip)(nil)

// NewVenueFlip returns a VenueFlip over n teams.
func NewVenueFlip(n int, previous []flextime.Game) *VenueFlip {
	k := &VenueFlip{Previous: previous, host: map[[2]int]int{}, member: NewSet(n)}
	for _, g := range previous {
		k.host[[2]int{min(g.Home, g.Away), max(g.Home, g.Away)}] = g.Home
		k.member.Add(g.Home)
		k.member.Add(g.Away)
	}
	return k
}

// Kind implements Kernel.
func (*VenueFlip) Kind() string { return "venue-flip" }

// Eval implements Kernel.
func (k *VenueFlip) Eval(t *Table, emit func(Detail)) int64 { return evalPairs(k, t, emit) }

func (k *VenueFlip) pairMembers() Set { return k.member }
func (k *VenueFlip) depends() uint8   { return onBoth }

func (k *VenueFlip) pairDev(i, j int, ms []meeting, emit func(Detail)) int64 {
	h, ok := k.host[[2]int{i, j}]
	if !ok || len(ms) == 0 {
		return 0
	}
	for _, m := range ms {
		if m.IHome != (h == i) {
			return 0 // the pair meets at last season's visitor
		}
	}
	if emit != nil {
		a := i + j - h
		det := Detail{Teams: []int{h, a}, Deviation: 1}
		for _, m := range ms {
			det.Slots = append(det.Slots, m.Slot)
			det.Games = append(det.Games, flextime.Game{Home: h, Away: a, Slot: m.Slot})
		}
		emit(det)
	}
	return 1
}

func (k *VenueFlip) key(w *keyWriter) {
	for _, g := range k.Previous {
		w.ints(g.Home, g.Away)
	}
}
