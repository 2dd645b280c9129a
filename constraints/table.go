package constraints

import (
	"sort"

	"github.com/flextime/flextime"
)

// Appearance is one game seen from one team's side.
type Appearance struct {
	Slot int
	Opp  int
	Home bool
	Game int // index into Table.Games
}

// Venue status of a team in a slot.
const (
	venueNone int8 = iota
	venueHome
	venueAway
)

// Table indexes a schedule for evaluation. It tolerates malformed schedules (missing games, a team twice
// in a slot) so that they can be scored exactly rather than rejected.
type Table struct {
	N, S   int
	Games  []flextime.Game
	ByTeam [][]Appearance // each team's games in slot order (input order within a slot)
	BySlot [][]int        // game indices per slot
	// Venue holds, per team t and slot s at t*S+s, the venue status of t's first game in s.
	Venue []int8
	// CumHome holds, at t*S+s, the number of home games of t in slots 0..s.
	CumHome []int32
	// Opp holds, at t*S+s, the opponent of t's first game in s, or -1.
	Opp []int32
	// Multi is set when some team plays more than one game in a slot; the dense grids then show only the
	// first, and kernels fall back to the game lists.
	Multi bool
}

// NewTable indexes games for a problem of n teams and s slots. Games must reference valid indices.
func NewTable(n, s int, games []flextime.Game) *Table {
	t := &Table{
		N: n, S: s, Games: games,
		ByTeam:  make([][]Appearance, n),
		BySlot:  make([][]int, s),
		Venue:   make([]int8, n*s),
		CumHome: make([]int32, n*s),
		Opp:     make([]int32, n*s),
	}
	for i := range t.Opp {
		t.Opp[i] = -1
	}
	for i, g := range games {
		t.ByTeam[g.Home] = append(t.ByTeam[g.Home], Appearance{Slot: g.Slot, Opp: g.Away, Home: true, Game: i})
		t.ByTeam[g.Away] = append(t.ByTeam[g.Away], Appearance{Slot: g.Slot, Opp: g.Home, Home: false, Game: i})
		t.BySlot[g.Slot] = append(t.BySlot[g.Slot], i)
	}
	for team, apps := range t.ByTeam {
		sort.SliceStable(apps, func(i, j int) bool { return apps[i].Slot < apps[j].Slot })
		row := t.Venue[team*s : (team+1)*s]
		cum := t.CumHome[team*s : (team+1)*s]
		opp := t.Opp[team*s : (team+1)*s]
		for _, a := range apps {
			if row[a.Slot] != venueNone {
				t.Multi = true
			} else {
				opp[a.Slot] = int32(a.Opp)
				if a.Home {
					row[a.Slot] = venueHome
				} else {
					row[a.Slot] = venueAway
				}
			}
			if a.Home {
				cum[a.Slot]++
			}
		}
		for i := 1; i < s; i++ {
			cum[i] += cum[i-1]
		}
	}
	return t
}
