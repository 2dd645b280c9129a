package constraints

import (
	"fmt"

	"github.com/flextime/flextime"
)

// Grid is a timetable of one cell per team and slot: the solver's state; Incremental keeps its score up
// to date as cells change. In a compact season every cell holds a game; otherwise a cell may be empty
// (opponent -1, a bye).
type Grid struct {
	N, S int
	// Opp holds, at t*S+s, the opponent of team t in slot s, or -1.
	Opp []int32
	// Home holds, at t*S+s, whether team t plays at home in slot s (false when the cell is empty).
	Home []bool
}

// NewGrid returns a grid of empty cells.
func NewGrid(n, s int) *Grid {
	g := &Grid{N: n, S: s, Opp: make([]int32, n*s), Home: make([]bool, n*s)}
	for i := range g.Opp {
		g.Opp[i] = -1
	}
	return g
}

// GridFromGames builds a grid from a schedule in which no team plays twice in a slot. Unless sparse is
// set, every team must play in every slot.
func GridFromGames(n, s int, games []flextime.Game, sparse bool) (*Grid, error) {
	g := NewGrid(n, s)
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
	if !sparse {
		for i, o := range g.Opp {
			if o < 0 {
				return nil, fmt.Errorf("constraints: team %d has no game in slot %d", i/s, i%s)
			}
		}
	}
	return g, nil
}

// Games lists the grid's games in slot order.
func (g *Grid) Games() []flextime.Game {
	out := make([]flextime.Game, 0, g.N*g.S/2)
	for s := range g.S {
		for t := range g.N {
			if g.Home[t*g.S+s] && g.Opp[t*g.S+s] >= 0 {
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
