package constraints

import "github.com/flextime/flextime"

// CA1 bounds, per team, the home (or away, or all) games it plays in a slot set.
type CA1 struct {
	Teams []int
	Slots Set
	Mode  Mode
	Bound
}

// Kind implements Kernel.
func (*CA1) Kind() string { return "CA1" }

// Eval implements Kernel.
func (k *CA1) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams {
		c := 0
		for _, a := range t.ByTeam[team] {
			if k.Mode.match(a.Home) && k.Slots.Has(a.Slot) {
				c++
			}
		}
		if d := k.dev(c); d > 0 {
			total += d
			if emit != nil {
				det := Detail{Teams: []int{team}, Count: int64(c), Deviation: d}
				for _, a := range t.ByTeam[team] {
					if k.Mode.match(a.Home) && k.Slots.Has(a.Slot) {
						det.Slots = append(det.Slots, a.Slot)
						det.Games = append(det.Games, t.Games[a.Game])
					}
				}
				emit(det)
			}
		}
	}
	return total
}

// CA2 bounds, per team of Teams1, its games against Teams2 in a slot set.
type CA2 struct {
	Teams1 []int
	Teams2 Set
	Slots  Set
	Mode   Mode
	Bound
}

// Kind implements Kernel.
func (*CA2) Kind() string { return "CA2" }

func (k *CA2) counts(a Appearance) bool {
	return k.Mode.match(a.Home) && k.Teams2.Has(a.Opp) && k.Slots.Has(a.Slot)
}

// Eval implements Kernel.
func (k *CA2) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams1 {
		c := 0
		for _, a := range t.ByTeam[team] {
			if k.counts(a) {
				c++
			}
		}
		if d := k.dev(c); d > 0 {
			total += d
			if emit != nil {
				det := Detail{Teams: []int{team}, Count: int64(c), Deviation: d}
				for _, a := range t.ByTeam[team] {
					if k.counts(a) {
						det.Slots = append(det.Slots, a.Slot)
						det.Games = append(det.Games, t.Games[a.Game])
					}
				}
				emit(det)
			}
		}
	}
	return total
}

// CA3 bounds, per team of Teams1, its games against Teams2 in every window of Intp consecutive slots.
// Only full windows count: there is no wrap-around and no truncated window at the end.
type CA3 struct {
	Teams1 []int
	Teams2 Set
	Mode   Mode
	Intp   int
	Bound
}

// Kind implements Kernel.
func (*CA3) Kind() string { return "CA3" }

// Eval implements Kernel.
func (k *CA3) Eval(t *Table, emit func(Detail)) int64 {
	if k.Intp <= 0 || k.Intp > t.S {
		return 0
	}
	var total int64
	cnt := make([]int, t.S)
	for _, team := range k.Teams1 {
		clear(cnt)
		for _, a := range t.ByTeam[team] {
			if k.Mode.match(a.Home) && k.Teams2.Has(a.Opp) {
				cnt[a.Slot]++
			}
		}
		c := 0
		for s := 0; s < k.Intp-1; s++ {
			c += cnt[s]
		}
		// A run of overlapping violated windows is reported as one detail.
		var run Detail
		runEnd := -1
		flush := func() {
			if runEnd >= 0 && emit != nil {
				for _, a := range t.ByTeam[team] {
					if a.Slot >= run.Slots[0] && a.Slot <= runEnd && k.Mode.match(a.Home) && k.Teams2.Has(a.Opp) {
						run.Games = append(run.Games, t.Games[a.Game])
					}
				}
				run.Slots = []int{run.Slots[0], runEnd}
				emit(run)
			}
			runEnd = -1
		}
		for end := k.Intp - 1; end < t.S; end++ {
			c += cnt[end]
			start := end - k.Intp + 1
			if d := k.dev(c); d > 0 {
				total += d
				if emit != nil {
					if runEnd >= start-1 && runEnd >= 0 {
						run.Deviation += d
						run.Count = max(run.Count, int64(c))
					} else {
						flush()
						run = Detail{Teams: []int{team}, Slots: []int{start}, Count: int64(c), Deviation: d}
					}
					runEnd = end
				}
			}
			c -= cnt[start]
		}
		flush()
	}
	return total
}

// CA4 bounds the games between the block Teams1 and the set Teams2 in a slot set, either in total
// (Every false) or in every slot of the set separately (Every true). In Any mode a game counts once even
// when both of its teams are in both sets.
type CA4 struct {
	Teams1 Set
	Teams2 Set
	Slots  []int
	Mode   Mode
	Every  bool
	Bound
}

// Kind implements Kernel.
func (*CA4) Kind() string { return "CA4" }

func (k *CA4) counts(g flextime.Game) bool {
	return (k.Mode&Home != 0 && k.Teams1.Has(g.Home) && k.Teams2.Has(g.Away)) ||
		(k.Mode&Away != 0 && k.Teams1.Has(g.Away) && k.Teams2.Has(g.Home))
}

// Eval implements Kernel.
func (k *CA4) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	c := 0
	check := func(slots []int) {
		if d := k.dev(c); d > 0 {
			total += d
			if emit != nil {
				det := Detail{Slots: slots, Count: int64(c), Deviation: d}
				for _, s := range slots {
					for _, gi := range t.BySlot[s] {
						if g := t.Games[gi]; k.counts(g) {
							det.Games = append(det.Games, g)
						}
					}
				}
				emit(det)
			}
		}
		c = 0
	}
	for _, s := range k.Slots {
		for _, gi := range t.BySlot[s] {
			if k.counts(t.Games[gi]) {
				c++
			}
		}
		if k.Every {
			check([]int{s})
		}
	}
	if !k.Every {
		check(k.Slots)
	}
	return total
}

// GA1 bounds how many of the given meetings (home, away) are played in a slot set.
type GA1 struct {
	Meetings []flextime.Game // Slot unused
	Slots    []int
	Bound
}

// Kind implements Kernel.
func (*GA1) Kind() string { return "GA1" }

// Eval implements Kernel.
func (k *GA1) Eval(t *Table, emit func(Detail)) int64 {
	c := 0
	var games []flextime.Game
	for _, s := range k.Slots {
		for _, gi := range t.BySlot[s] {
			g := t.Games[gi]
			for _, m := range k.Meetings {
				if m.Home == g.Home && m.Away == g.Away {
					c++
					if emit != nil {
						games = append(games, g)
					}
					break
				}
			}
		}
	}
	d := k.dev(c)
	if d > 0 && emit != nil {
		det := Detail{Slots: k.Slots, Games: games, Count: int64(c), Deviation: d}
		seen := map[int]bool{}
		for _, m := range k.Meetings {
			for _, tm := range []int{m.Home, m.Away} {
				if !seen[tm] {
					seen[tm] = true
					det.Teams = append(det.Teams, tm)
				}
			}
		}
		emit(det)
	}
	return d
}
