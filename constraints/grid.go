package constraints

import (
	"fmt"

	"github.com/flextime/flextime"
)

// Grid is a complete timetable: every team plays exactly one game in every slot. It is the solver's
// state; Incremental keeps its score up to date as cells change.
type Grid struct {
	N, S int
	// Opp holds, at t*S+s, the opponent of team t in slot s.
	Opp []int32
	// Home holds, at t*S+s, whether team t plays at home in slot s.
	Home []bool
}

// NewGrid returns an empty grid; its cells must all be set before use.
func NewGrid(n, s int) *Grid {
	return &Grid{N: n, S: s, Opp: make([]int32, n*s), Home: make([]bool, n*s)}
}

// GridFromGames builds a grid from a schedule in which every team plays once in every slot.
func GridFromGames(n, s int, games []flextime.Game) (*Grid, error) {
	g := NewGrid(n, s)
	for i := range g.Opp {
		g.Opp[i] = -1
	}
	for _, gm := range games {
		if gm.Home < 0 || gm.Home >= n || gm.Away < 0 || gm.Away >= n || gm.Slot < 0 || gm.Slot >= s || gm.Home == gm.Away {
			return nil, fmt.Errorf("constraints: game %+v does not fit %d teams and %d slots", gm, n, s)
		}
		h, a := gm.Home*s+gm.Slot, gm.Away*s+gm.Slot
		if g.Opp[h] >= 0 || g.Opp[a] >= 0 {
			return nil, fmt.Errorf("constraints: a team plays twice in slot %d", gm.Slot)
		}
		g.Opp[h], g.Home[h] = int32(gm.Away), true
		g.Opp[a], g.Home[a] = int32(gm.Home), false
	}
	for i, o := range g.Opp {
		if o < 0 {
			return nil, fmt.Errorf("constraints: team %d has no game in slot %d", i/s, i%s)
		}
	}
	return g, nil
}

// Games lists the grid's games in slot order.
func (g *Grid) Games() []flextime.Game {
	out := make([]flextime.Game, 0, g.N*g.S/2)
	for s := range g.S {
		for t := range g.N {
			if g.Home[t*g.S+s] {
				out = append(out, flextime.Game{Home: t, Away: int(g.Opp[t*g.S+s]), Slot: s})
			}
		}
	}
	return out
}

// Clone returns a deep copy.
func (g *Grid) Clone() *Grid {
	return &Grid{N: g.N, S: g.S, Opp: append([]int32(nil), g.Opp...), Home: append([]bool(nil), g.Home...)}
}

// CopyFrom overwrites g with o, which must have the same size.
func (g *Grid) CopyFrom(o *Grid) {
	copy(g.Opp, o.Opp)
	copy(g.Home, o.Home)
}

// Cell is a new value for one (team, slot) cell of a grid.
type Cell struct {
	T, S int32
	Opp  int32
	Home bool
}
