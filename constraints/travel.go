package constraints

// Travel is the total distance the teams of a set travel under Traveling Tournament semantics: each team
// starts at its home venue, goes from venue to venue in slot order (its own for a home game, the
// opponent's for an away game) and returns home after its last game. A bye does not send a team home:
// it travels straight from one venue to the next, unless HomeAfter says otherwise.
type Travel struct {
	Teams []int
	N     int
	Dist  []int64 // N×N, row-major: Dist[i*N+j] from venue i to venue j
	// GoHome, when set, sends a team home between two games more than HomeAfter days apart (from the
	// last day of one to the first day of the next, on venue-local dates): a football team goes home
	// after every game (HomeAfter 0), a basketball team stays on the road from Saturday to Monday (2).
	// When it is not set a team never goes home between games, as in the TTP. It needs Cal.
	GoHome    bool
	HomeAfter int
	Cal       *Calendar
}

var _ teamKernel = (*Travel)(nil)

// Kind implements Kernel.
func (*Travel) Kind() string { return "travel" }

// Eval implements Kernel. Its detail lists each team's tour length.
func (k *Travel) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *Travel) teamSet() []int { return k.Teams }
func (k *Travel) depends() uint8 { return onBoth }

func (k *Travel) calendar() *Calendar {
	if k.GoHome {
		return k.Cal
	}
	return nil
}

func (k *Travel) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	d := k.tour(t, r)
	if emit != nil && d > 0 {
		emit(Detail{Teams: []int{t}, Count: d, Deviation: d})
	}
	return d
}

func (k *Travel) tour(team int, r *teamRow) int64 {
	var d int64
	at := team
	var prevLast int32 = noDay
	for i, a := range r.apps {
		v := team
		if !a.Home {
			v = a.Opp
		}
		if k.GoHome {
			first, last := r.first[i], r.last[i]
			if at != team && prevLast != noDay && first != noDay && int(first-prevLast) > k.HomeAfter {
				d += k.Dist[at*k.N+team]
				at = team
			}
			prevLast = last
		}
		d += k.Dist[at*k.N+v]
		at = v
	}
	return d + k.Dist[at*k.N+team]
}
