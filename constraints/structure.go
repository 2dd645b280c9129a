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
type Structure struct {
	Format flextime.Format
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
	// Teams playing more than once in a slot.
	for team, apps := range t.ByTeam {
		for i := 0; i < len(apps); {
			j := i + 1
			for j < len(apps) && apps[j].Slot == apps[i].Slot {
				j++
			}
			if g := j - i; g > 1 {
				det := Detail{Teams: []int{team}, Slots: []int{apps[i].Slot}, Count: int64(g), Deviation: int64(2 * (g - 1))}
				if emit != nil {
					for _, a := range apps[i:j] {
						det.Games = append(det.Games, t.Games[a.Game])
					}
				}
				add(det)
			}
			i = j
		}
	}
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
	return total
}
