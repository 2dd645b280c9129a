package constraints

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/flextime/flextime"
)

// Clash is a set of hard rules that no schedule can satisfy together, found before any search.
type Clash struct {
	// Message says what cannot be done, in a scheduler's terms.
	Message string `json:"message"`
	// Constraints names the rules involved ("structure" for the format itself).
	Constraints []string `json:"constraints"`
}

// Clashes looks for hard rules that cannot all hold, without searching: a team with fewer open slots
// than games, or fewer slots it may host in than home games it must play; fixed games that break a hard
// limit on their own (two teams sharing an arena both fixed to host in one slot, a fixed game on a
// blackout date); fixed games that break the format; and minimum counts that the slots cannot hold. A
// problem with no clash may still be infeasible: these checks are necessary conditions only.
func (m *Model) Clashes() []Clash {
	var out []Clash
	out = append(out, m.capacityClashes()...)
	out = append(out, m.byeClashes()...)
	out = append(out, m.fixedClashes()...)
	out = append(out, m.minimumClashes()...)
	return out
}

// closedCells marks, per team and slot, whether hard rules close the team's cell for any game, for home
// games and for away games, and records which rules do.
type closedCells struct {
	play, host, visit []bool
	why               [][]string // per team: the names of the rules closing some of its cells
}

func (m *Model) closed() closedCells {
	n, s := m.N, m.S
	c := closedCells{play: make([]bool, n*s), host: make([]bool, n*s), visit: make([]bool, n*s), why: make([][]string, n)}
	mark := func(t, sl int, mode Mode, name string) {
		i := t*s + sl
		switch mode {
		case Any:
			c.play[i] = true
		case Home:
			c.host[i] = true
		case Away:
			c.visit[i] = true
		default:
			return
		}
		if !slices.Contains(c.why[t], name) {
			c.why[t] = append(c.why[t], name)
		}
	}
	for _, p := range m.Prims {
		if !p.Hard {
			continue
		}
		switch k := p.Kernel.(type) {
		case *CA1:
			if k.Max != 0 {
				continue
			}
			for _, t := range k.Teams {
				for _, sl := range k.Slots {
					mark(t, sl, k.Mode, p.Name)
				}
			}
		case *DayCount:
			if k.Max != 0 {
				continue
			}
			for _, t := range k.Teams {
				for sl := range s {
					if m.dayClosed(k, t, sl) {
						mark(t, sl, k.Mode, p.Name)
					}
				}
			}
		}
	}
	return c
}

// dayClosed reports whether every game team t could play in slot s, against anyone at either venue
// that the mode counts, falls on a day of k.
func (m *Model) dayClosed(k *DayCount, t, s int) bool {
	for o := range m.N {
		if o == t {
			continue
		}
		for _, home := range []bool{true, false} {
			if k.Mode.match(home) && !k.cellCounts(t, s, int32(o), home) {
				return false
			}
		}
	}
	return true
}

// homeRange is the number of home games a team must play: exactly n-1 in a double round robin, half of
// the games (rounded either way) in a partial one, anything in a single round robin.
func (m *Model) homeRange() (lo, hi int) {
	switch {
	case m.Format.Partial():
		return m.Games / 2, (m.Games + 1) / 2
	case m.Format.Rounds >= 2:
		return m.N - 1, m.N - 1
	}
	return 0, m.Games
}

func (m *Model) capacityClashes() []Clash {
	c := m.closed()
	lo, hi := m.homeRange()
	awayLo := m.Games - hi
	var out []Clash
	for t := range m.N {
		open, host, visit := 0, 0, 0
		for s := range m.S {
			i := t*m.S + s
			if c.play[i] {
				continue
			}
			open++
			if !c.host[i] {
				host++
			}
			if !c.visit[i] {
				visit++
			}
		}
		name := m.Problem.Teams[t].Label()
		rules := append([]string(nil), c.why[t]...)
		switch {
		case open < m.Games:
			out = append(out, Clash{Message: fmt.Sprintf("%s has %d games to play but only %d of the %d slots are open to it",
				name, m.Games, open, m.S), Constraints: append(rules, "structure")})
		case host < lo:
			out = append(out, Clash{Message: fmt.Sprintf("%s must play %d home games but may host in only %d slots", name, lo, host),
				Constraints: append(rules, "structure")})
		case visit < awayLo:
			out = append(out, Clash{Message: fmt.Sprintf("%s must play %d road games but may travel in only %d slots", name, awayLo, visit),
				Constraints: append(rules, "structure")})
		}
	}
	return out
}

// byeClashes finds slots in which hard rules make more teams play than can: with an odd number of
// teams someone sits out every slot.
func (m *Model) byeClashes() []Clash {
	must := make([]int, m.S)
	plays := make([]bool, m.N*m.S)
	why := make([][]string, m.S)
	for _, p := range m.Prims {
		k, ok := p.Kernel.(*CA1)
		if !ok || !p.Hard || k.Mode != Bye || k.Max != 0 {
			continue
		}
		for _, s := range k.Slots {
			for _, t := range k.Teams {
				if !plays[t*m.S+s] {
					plays[t*m.S+s] = true
					must[s]++
				}
			}
			if !slices.Contains(why[s], p.Name) {
				why[s] = append(why[s], p.Name)
			}
		}
	}
	var out []Clash
	for s, n := range must {
		if most := 2 * (m.N / 2); n > most {
			out = append(out, Clash{Message: fmt.Sprintf("%d teams must play in %s, but with %d teams at most %d can",
				n, m.Problem.SlotLabel(s), m.N, most), Constraints: append(why[s], "structure")})
		}
	}
	return out
}

// monotone reports whether a kernel's deviation can only grow as games are added to a schedule: an upper
// bound on a count. Its deviation on the fixed games alone is then a lower bound on any schedule's.
func monotone(k Kernel) bool {
	switch k := k.(type) {
	case *CA1:
		return k.Min == 0 && k.Mode&Bye == 0
	case *CA2:
		return k.Min == 0
	case *CA4:
		return k.Min == 0
	case *GA1:
		return k.Min == 0
	case *DayCount:
		return k.Min == 0
	}
	return false
}

func (m *Model) fixedClashes() []Clash {
	if len(m.Fixed) == 0 {
		return nil
	}
	var out []Clash
	games := append([]flextime.Game(nil), m.Fixed...)
	t := NewTable(m.N, m.S, games)
	for i := range m.Prims {
		p := &m.Prims[i]
		if !p.Hard || !monotone(p.Kernel) {
			continue
		}
		p.Kernel.Eval(t, func(d Detail) {
			v := m.violation(p, "hard", d)
			out = append(out, Clash{Message: "the fixed games alone break it: " + v.Message, Constraints: []string{p.Name, "fixed games"}})
		})
	}
	// The format: how often a pair may meet, at which venues, and how many home games a team plays.
	meet := map[[2]int]int{}
	home := make([]int, m.N)
	for _, g := range games {
		meet[[2]int{g.Home, g.Away}]++
		home[g.Home]++
	}
	label := func(i int) string { return m.Problem.Teams[i].Label() }
	var pairs [][2]int
	for k := range meet {
		pairs = append(pairs, k)
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][0] < pairs[j][0] || pairs[i][0] == pairs[j][0] && pairs[i][1] < pairs[j][1]
	})
	for _, k := range pairs {
		ij, ji := meet[k], meet[[2]int{k[1], k[0]}]
		switch {
		case !m.Format.Partial() && m.Format.Rounds >= 2 && ij > 1:
			out = append(out, Clash{Message: fmt.Sprintf("%s is fixed to host %s %d times; a double round robin has one such game",
				label(k[0]), label(k[1]), ij), Constraints: []string{"fixed games", "structure"}})
		case (m.Format.Partial() || m.Format.Rounds < 2) && k[0] < k[1] && ij+ji > m.PairMax:
			out = append(out, Clash{Message: fmt.Sprintf("%s and %s are fixed to meet %d times; at most %d allowed",
				label(k[0]), label(k[1]), ij+ji, m.PairMax), Constraints: []string{"fixed games", "structure"}})
		case m.Format.Partial() && ij == 2 && m.PairMax == 2:
			out = append(out, Clash{Message: fmt.Sprintf("%s is fixed to host %s twice; a pair that meets twice plays once at each venue",
				label(k[0]), label(k[1])), Constraints: []string{"fixed games", "structure"}})
		}
	}
	_, hi := m.homeRange()
	for t, h := range home {
		if h > hi {
			out = append(out, Clash{Message: fmt.Sprintf("%s is fixed to host %d games; it plays %d home games in all", label(t), h, hi),
				Constraints: []string{"fixed games", "structure"}})
		}
	}
	return out
}

// minimumClashes finds hard lower bounds the slots cannot hold: more games of a team in a slot set than
// the set has slots, more games in one slot than half the teams.
func (m *Model) minimumClashes() []Clash {
	var out []Clash
	for _, p := range m.Prims {
		if !p.Hard {
			continue
		}
		switch k := p.Kernel.(type) {
		case *CA1:
			if k.Mode&Bye != 0 || k.Min == 0 {
				continue
			}
			// The tightest of: the slots in the set, and the team's games of that mode.
			_, homeHi := m.homeRange()
			word, most := "games", m.Games
			switch k.Mode {
			case Home:
				word, most = "home games", homeHi
			case Away:
				lo, _ := m.homeRange()
				word, most = "road games", m.Games-lo
			}
			switch {
			case k.Min > len(k.Slots) && len(k.Slots) <= most:
				out = append(out, Clash{Message: fmt.Sprintf("%s asks for at least %d %s in %d slots", p.Name, k.Min, word, len(k.Slots)),
					Constraints: []string{p.Name}})
			case k.Min > most:
				out = append(out, Clash{Message: fmt.Sprintf("%s asks for at least %d %s of a team that plays %d", p.Name, k.Min, word, most),
					Constraints: []string{p.Name, "structure"}})
			}
		case *CA4:
			if k.Every && k.Min > m.N/2 {
				out = append(out, Clash{Message: fmt.Sprintf("%s asks for at least %d games in one slot; %d teams play at most %d",
					p.Name, k.Min, m.N, m.N/2), Constraints: []string{p.Name}})
			}
		}
	}
	return out
}

// ClashText formats clashes for a terminal, one per line.
func ClashText(cs []Clash) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  - %s [%s]\n", c.Message, strings.Join(c.Constraints, ", "))
	}
	return b.String()
}
