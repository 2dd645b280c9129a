package constraints

// Travel is the total distance the teams of a set travel under Traveling Tournament semantics: each team
// starts at its home venue, goes from venue to venue in slot order (its own for a home game, the
// opponent's for an away game) and returns home after its last game.
type Travel struct {
	Teams []int
	N     int
	Dist  []int64 // N×N, row-major: Dist[i*N+j] from venue i to venue j
}

// Kind implements Kernel.
func (*Travel) Kind() string { return "travel" }

// Eval implements Kernel. Its detail lists each team's tour length.
func (k *Travel) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams {
		d := k.tour(t, team)
		total += d
		if emit != nil && d > 0 {
			emit(Detail{Teams: []int{team}, Count: d, Deviation: d})
		}
	}
	return total
}

func (k *Travel) tour(t *Table, team int) int64 {
	var d int64
	at := team
	for _, a := range t.ByTeam[team] {
		v := team
		if !a.Home {
			v = a.Opp
		}
		d += k.Dist[at*k.N+v]
		at = v
	}
	return d + k.Dist[at*k.N+team]
}
