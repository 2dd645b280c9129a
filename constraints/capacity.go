package constraints

import "github.com/flextime/flextime"

// CA1 bounds, per team, the home (or away, or all) games it plays in a slot set.
type CA1 struct {
	Teams []int
	Slots []int
	Mode  Mode
	Bound
	slots Set
}

// NewCA1 returns a CA1 over a season of nSlots slots.
func NewCA1(nSlots int, teams, slots []int, mode Mode, b Bound) *CA1 {
	return &CA1{Teams: teams, Slots: slots, Mode: mode, Bound: b, slots: SetOf(nSlots, slots)}
}

// Kind implements Kernel.
func (*CA1) Kind() string { return "CA1" }

// Eval implements Kernel.
func (k *CA1) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams {
		c := 0
		row := t.Venue[team*t.S : (team+1)*t.S]
		if t.Multi {
			for _, a := range t.ByTeam[team] {
				if k.Mode.match(a.Home) && k.slots.Has(a.Slot) {
					c++
				}
			}
		} else {
			for _, s := range k.Slots {
				if v := row[s]; v != venueNone && k.Mode.match(v == venueHome) {
					c++
				}
			}
		}
		if k.Mode&Bye != 0 {
			for _, s := range k.Slots {
				if row[s] == venueNone {
					c++
				}
			}
		}
		if d := k.dev(c); d > 0 {
			total += d
			if emit != nil {
				det := Detail{Teams: []int{team}, Count: int64(c), Deviation: d}
				for _, a := range t.ByTeam[team] {
					if k.Mode.match(a.Home) && k.slots.Has(a.Slot) {
						det.Slots = append(det.Slots, a.Slot)
						det.Games = append(det.Games, t.Games[a.Game])
					}
				}
				if k.Mode&Bye != 0 {
					for _, s := range k.Slots {
						if row[s] == venueNone {
							det.Slots = append(det.Slots, s)
						}
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
	Teams2 []int
	Slots  []int
	Mode   Mode
	Bound
	teams2 Set
	slots  Set
}

// NewCA2 returns a CA2 over a season of nTeams teams and nSlots slots.
func NewCA2(nTeams, nSlots int, teams1, teams2, slots []int, mode Mode, b Bound) *CA2 {
	return &CA2{Teams1: teams1, Teams2: teams2, Slots: slots, Mode: mode, Bound: b,
		teams2: SetOf(nTeams, teams2), slots: SetOf(nSlots, slots)}
}

// Kind implements Kernel.
func (*CA2) Kind() string { return "CA2" }

func (k *CA2) counts(a Appearance) bool {
	return k.Mode.match(a.Home) && k.teams2.Has(a.Opp) && k.slots.Has(a.Slot)
}

// Eval implements Kernel.
func (k *CA2) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams1 {
		c := 0
		if t.Multi {
			for _, a := range t.ByTeam[team] {
				if k.counts(a) {
					c++
				}
			}
		} else {
			base := team * t.S
			for _, s := range k.Slots {
				if o := t.Opp[base+s]; o >= 0 && k.teams2.Has(int(o)) && k.Mode.match(t.Venue[base+s] == venueHome) {
					c++
				}
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
	Teams1 []int
	Teams2 []int
	Slots  []int
	Mode   Mode
	Every  bool
	Bound
	teams1 Set
	teams2 Set
}

// NewCA4 returns a CA4 over a season of nTeams teams.
func NewCA4(nTeams int, teams1, teams2, slots []int, mode Mode, every bool, b Bound) *CA4 {
	return &CA4{Teams1: teams1, Teams2: teams2, Slots: slots, Mode: mode, Every: every, Bound: b,
		teams1: SetOf(nTeams, teams1), teams2: SetOf(nTeams, teams2)}
}

// Kind implements Kernel.
func (*CA4) Kind() string { return "CA4" }

func (k *CA4) counts(g flextime.Game) bool {
	return (k.Mode&Home != 0 && k.teams1.Has(g.Home) && k.teams2.Has(g.Away)) ||
		(k.Mode&Away != 0 && k.teams1.Has(g.Away) && k.teams2.Has(g.Home))
}

// countGrid counts the games of slot s from the side of the teams of Teams1. In Any mode a game whose
// two teams both qualify is counted from the lower-numbered side only.
func (k *CA4) countGrid(t *Table, s int) int {
	c := 0
	for _, team := range k.Teams1 {
		o := int(t.Opp[team*t.S+s])
		if o < 0 || !k.teams2.Has(o) {
			continue
		}
		home := t.Venue[team*t.S+s] == venueHome
		if !k.Mode.match(home) {
			continue
		}
		if k.Mode == Any && o < team && k.teams1.Has(o) && k.teams2.Has(team) {
			continue
		}
		c++
	}
	return c
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
		if t.Multi {
			for _, gi := range t.BySlot[s] {
				if k.counts(t.Games[gi]) {
					c++
				}
			}
		} else {
			c += k.countGrid(t, s)
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
