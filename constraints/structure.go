package constraints

import "github.com/flextime/flextime"

// Structure checks that a schedule is the round robin the format asks for. Its deviation is the
// official structural infeasibility:
//   - a team with g > 1 games in one slot: 2(g-1);
//   - a double round robin: 1 for every ordered pair (home, away) that never meets; a single round robin:
//     1 for every pair that never meets;
//   - phased: 2 for every pair that meets twice in the same half;
//   - mirrored: 1 for every game of the first half whose mirror (venues swapped, n-1 slots later) is not
//     played.
//
// A sparse season (byes, a time-relaxed calendar or a partial round robin: see Model.Compact) keeps the
// first rule and replaces the others:
//   - a round robin: for every ordered pair (a single round robin: every pair), the distance of its
//     number of meetings from the one the format asks for, so a missing game costs 1 and so does an extra
//     one;
//   - a partial round robin: for every team, the distance of its number of games from Games and of its
//     home games from half of Games (rounded either way); for every pair, the distance of its meetings
//     from [PairMin, PairMax]; and 1 for a pair that meets twice at the same venue.
type Structure struct {
	Format flextime.Format
	// Sparse selects the rules of seasons whose grid has empty cells.
	Sparse bool
	// Games is the number of meetings per team; PairMin and PairMax bound the meetings of a pair.
	Games, PairMin, PairMax int
}

// Kind implements Kernel.
func (*Structure) Kind() string { return "structure" }

// Eval implements Kernel.
func (k *Structure) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	add := func(d Detail) {
		total += d.Deviation
		if emit != nil {
			emit(d)
		}
	}
	doubleBooked(t, add)
	if k.Sparse {
		k.evalSparse(t, add)
		return total
	}
	k.evalCompact(t, add)
	return total
}

// doubleBooked charges 2(g-1) for a team with g > 1 games in one slot.
func doubleBooked(t *Table, add func(Detail)) {
	for team, apps := range t.ByTeam {
		for i := 0; i < len(apps); {
			j := i + 1
			for j < len(apps) && apps[j].Slot == apps[i].Slot {
				j++
			}
			if g := j - i; g > 1 {
				det := Detail{Teams: []int{team}, Slots: []int{apps[i].Slot}, Count: int64(g), Deviation: int64(2 * (g - 1))}
				for _, a := range apps[i:j] {
					det.Games = append(det.Games, t.Games[a.Game])
				}
				add(det)
			}
			i = j
		}
	}
}

func (k *Structure) evalCompact(t *Table, add func(Detail)) {
	// Meetings per ordered pair, and per half.
	n := t.N
	meet := make([]int32, n*n)
	half := t.S / 2
	first := make([]int32, n*n) // meetings of the unordered pair (min,max) in the first half
	for _, g := range t.Games {
		meet[g.Home*n+g.Away]++
		lo, hi := min(g.Home, g.Away), max(g.Home, g.Away)
		if g.Slot < half {
			first[lo*n+hi]++
		}
	}
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			switch {
			case k.Format.Rounds >= 2 && meet[i*n+j] == 0:
				add(Detail{Teams: []int{i, j}, Games: []flextime.Game{{Home: i, Away: j, Slot: -1}}, Deviation: 1})
			case k.Format.Rounds < 2 && i < j && meet[i*n+j]+meet[j*n+i] == 0:
				add(Detail{Teams: []int{i, j}, Deviation: 1})
			}
		}
	}
	if k.Format.Rounds >= 2 && (k.Format.Phased || k.Format.Mirrored) {
		for i := range n {
			for j := i + 1; j < n; j++ {
				all := meet[i*n+j] + meet[j*n+i]
				f := first[i*n+j]
				if f >= 2 || all-f >= 2 {
					det := Detail{Teams: []int{i, j}, Count: int64(f), Deviation: 2}
					add(det)
				}
			}
		}
	}
	if k.Format.Rounds >= 2 && k.Format.Mirrored {
		at := make(map[flextime.Game]bool, len(t.Games))
		for _, g := range t.Games {
			at[g] = true
		}
		for _, g := range t.Games {
			if g.Slot >= half {
				continue
			}
			m := flextime.Game{Home: g.Away, Away: g.Home, Slot: g.Slot + half}
			if !at[m] {
				add(Detail{Teams: []int{g.Home, g.Away}, Slots: []int{g.Slot, m.Slot}, Games: []flextime.Game{g}, Deviation: 1})
			}
		}
	}
}

// Kinds of sparse structural detail, in Detail.Tag.
const (
	structGames    = 1 // a team's number of games
	structHome     = 2 // a team's number of home games
	structMeetings = 3 // a pair's number of meetings
	structVenue    = 4 // a pair meeting twice at one venue
)

func (k *Structure) evalSparse(t *Table, add func(Detail)) {
	n := t.N
	meet := make([]int32, n*n)
	for _, g := range t.Games {
		meet[g.Home*n+g.Away]++
	}
	if k.Format.Partial() {
		for team, apps := range t.ByTeam {
			home := int32(0)
			for _, a := range apps {
				home += b2i(a.Home)
			}
			if d := k.teamDev(int32(len(apps)), home); d != [2]int64{} {
				if d[0] > 0 {
					add(Detail{Teams: []int{team}, Count: int64(len(apps)), Tag: structGames, Deviation: d[0]})
				}
				if d[1] > 0 {
					add(Detail{Teams: []int{team}, Count: int64(home), Tag: structHome, Deviation: d[1]})
				}
			}
		}
	}
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			if !k.Format.Partial() && k.Format.Rounds >= 2 {
				if d := absDev(meet[i*n+j], 1); d > 0 {
					add(Detail{Teams: []int{i, j}, Count: int64(meet[i*n+j]), Tag: structMeetings,
						Games: []flextime.Game{{Home: i, Away: j, Slot: -1}}, Deviation: d})
				}
				continue
			}
			if j < i {
				continue
			}
			m, v := k.pairDev(meet[i*n+j], meet[j*n+i])
			if m > 0 {
				add(Detail{Teams: []int{i, j}, Count: int64(meet[i*n+j] + meet[j*n+i]), Tag: structMeetings, Deviation: m})
			}
			if v > 0 {
				add(Detail{Teams: []int{i, j}, Count: 2, Tag: structVenue, Deviation: v})
			}
		}
	}
}

// teamDev is the deviation of a team of a partial round robin with g games, h of them at home: from the
// number of games, and from home-away balance.
func (k *Structure) teamDev(g, h int32) [2]int64 {
	lo, hi := int32(k.Games/2), int32((k.Games+1)/2)
	var d [2]int64
	d[0] = absDev(g, int32(k.Games))
	switch {
	case h < lo:
		d[1] = int64(lo - h)
	case h > hi:
		d[1] = int64(h - hi)
	}
	return d
}

// pairDev is the deviation of an unordered pair of a single or partial round robin where i hosts j ij
// times and j hosts i ji times: from the allowed number of meetings, and from alternating venues.
func (k *Structure) pairDev(ij, ji int32) (meetings, venue int64) {
	m := ij + ji
	switch {
	case m < int32(k.PairMin):
		meetings = int64(int32(k.PairMin) - m)
	case m > int32(k.PairMax):
		meetings = int64(m - int32(k.PairMax))
	}
	if k.Format.Partial() && m == 2 && ij != 1 {
		venue = 1
	}
	return meetings, venue
}

func absDev(v, want int32) int64 {
	if v > want {
		return int64(v - want)
	}
	return int64(want - v)
}
