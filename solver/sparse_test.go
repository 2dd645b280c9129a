package solver

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// seasonProblem builds a sparse season in code: n teams in three time zones (one without daylight
// saving), dated slots from 2027-01-02 on the given weekdays, distances from positions on a line, and
// the given format. Slots whose index is a multiple of 4 carry a 9 pm start in New York time (a TV
// window); the others start at 7 pm local time.
func seasonProblem(t testing.TB, n, slots int, f flextime.Format, weekdays []time.Weekday) *flextime.Problem {
	t.Helper()
	zones := []string{"America/New_York", "America/Denver", "America/Phoenix"}
	p := &flextime.Problem{Name: "season", Format: f}
	for i := range n {
		z, err := time.LoadLocation(zones[i%3])
		if err != nil {
			t.Fatal(err)
		}
		p.Teams = append(p.Teams, flextime.Team{ID: "T" + strconv.Itoa(i), Venue: "Arena " + strconv.Itoa(i/2), TimeZone: zones[i%3], Zone: z})
	}
	ny, _ := time.LoadLocation("America/New_York")
	day := time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	for len(p.Slots) < slots {
		for _, wd := range weekdays {
			if day.Weekday() == wd && len(p.Slots) < slots {
				sl := flextime.Slot{ID: strconv.Itoa(len(p.Slots) + 1), Date: day, HasTime: true, Minute: 19 * 60}
				if len(p.Slots)%4 == 0 {
					sl.Zone, sl.Minute = ny, 21*60
				}
				p.Slots = append(p.Slots, sl)
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	p.Distance = make([][]int64, n)
	for i := range n {
		p.Distance[i] = make([]int64, n)
		for j := range n {
			p.Distance[i][j] = int64(max(i-j, j-i) * 100)
		}
	}
	return p
}

func hard[T interface {
	Base() *flextime.ConstraintBase
}](c T) T {
	c.Base().Hard = true
	return c
}
func weight[T interface {
	Base() *flextime.ConstraintBase
}](c T, w int64) T {
	c.Base().Weight = w
	return c
}
func intp(v int) *int { return &v }

// seasonConstraints is one of every catalogue entry of real seasons, hard and soft.
func seasonConstraints(n int) []flextime.Constraint {
	pairs := []flextime.RefList{flextime.Refs("T0", "T1"), flextime.Refs("T2", "T3")}
	return []flextime.Constraint{
		weight(&constraints.MaxStreak{Teams: flextime.Refs("all"), Away: 2, Home: 2}, 3),
		hard(&constraints.Blackout{Teams: flextime.Refs("T0"), Weekdays: flextime.Refs("Sun", "Mon")}),
		weight(&constraints.Blackout{Teams: flextime.Refs("T1"), Cannot: "host", Dates: flextime.Refs("2027-01-09")}, 4),
		weight(&constraints.SharedVenue{Teams: flextime.Refs("T2", "T3")}, 5),
		hard(&constraints.VenueClosed{Venue: "Arena 2", Weekdays: flextime.Refs("Wed")}),
		weight(&constraints.HomeSplitEntry{Games: 4, Min: 2}, 2),
		weight(&constraints.WeekendHomeGames{Min: 2}, 3),
		weight(&constraints.TVWindow{Weekdays: flextime.Refs("Sat", "Fri"), MaxGames: intp(2), TeamMax: intp(2)}, 2),
		weight(&constraints.TravelPartnersEntry{Pairs: pairs}, 7),
		weight(&constraints.MaxRoadTrip{Games: 2, Distance: 700}, 1),
		weight(&constraints.PreviousSeason{Games: []constraints.PastGame{{Home: flextime.Ref{Name: "T0"}, Away: flextime.Ref{Name: "T1"}},
			{Home: flextime.Ref{Name: "T3"}, Away: flextime.Ref{Name: "T2"}}}}, 9),
		weight(&constraints.RestEntry{Days: 1, Hours: 60}, 2),
		weight(&constraints.RematchSeparation{MinDays: 10}, 3),
		weight(&constraints.NoTravel{Teams: flextime.Refs("T0"), Weekdays: flextime.Refs("Sun")}, 6),
		weight(&constraints.TravelEntry{HomeBetweenDays: intp(2)}, 1),
		weight(&constraints.Separation{Teams: flextime.Refs("all"), MinSlots: 2}, 2),
		weight(&constraints.GamesInDaysEntry{Days: 7, Max: 2}, 3),
		weight(&constraints.ByePlacement{Slots: flextime.Refs("1", "2"), Max: intp(0)}, 4),
		weight(&constraints.Preferred{Home: flextime.Ref{Name: "T4"}, Away: flextime.Ref{Name: "T5"}, Slot: flextime.Ref{Name: "3"}}, 8),
	}
}

// sparseModels are the sparse seasons the tests run on.
func sparseModels(t testing.TB) map[string]*constraints.Model {
	sat := []time.Weekday{time.Saturday}
	week := []time.Weekday{time.Monday, time.Wednesday, time.Saturday}
	cases := []struct {
		name   string
		n, s   int
		f      flextime.Format
		days   []time.Weekday
		series int
	}{
		{"odd double round robin with byes", 7, 14, flextime.Format{Rounds: 2}, week, 0},
		{"time-relaxed single round robin", 8, 10, flextime.Format{Rounds: 1}, week, 0},
		{"partial 9 games of 8 teams (some twice)", 8, 14, flextime.Format{GamesPerTeam: 9}, week, 0},
		{"partial 5 of 9 opponents, odd", 10, 8, flextime.Format{GamesPerTeam: 5}, sat, 0},
		{"partial odd 7 teams 8 games", 7, 12, flextime.Format{GamesPerTeam: 8}, week, 0},
		{"series of 3, partial", 8, 8, flextime.Format{GamesPerTeam: 6, Series: 3}, []time.Weekday{time.Friday}, 3},
	}
	out := map[string]*constraints.Model{}
	for _, c := range cases {
		p := seasonProblem(t, c.n, c.s, c.f, c.days)
		if c.series > 0 {
			p.Teams[1].SeriesOffset = -1
		}
		p.Constraints = seasonConstraints(c.n)
		p.Fixed = []flextime.Game{{Home: 5, Away: 6, Slot: 4}}
		m, err := constraints.Compile(p)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m.Compact {
			t.Fatalf("%s: compiled as compact", c.name)
		}
		out[c.name] = m
	}
	return out
}

// checkGrid reports a grid whose cells disagree: t plays o in s but o does not play t there, at the other
// venue.
func checkGrid(g *constraints.Grid) error {
	for t := range g.N {
		for s := range g.S {
			o := g.Opp[t*g.S+s]
			if o < 0 {
				if g.Home[t*g.S+s] {
					return fmt.Errorf("team %d has a home bye in slot %d", t, s)
				}
				continue
			}
			if int(o) == t || g.Opp[int(o)*g.S+s] != int32(t) || g.Home[int(o)*g.S+s] == g.Home[t*g.S+s] {
				return fmt.Errorf("team %d plays %d in slot %d, which does not agree", t, o, s)
			}
		}
	}
	return nil
}

// TestSparseIncrementalMatchesFull is TestIncrementalMatchesFull for sparse seasons: thousands of random
// moves of every kind, incremental == full after each, per-primitive deviations checked every so often,
// and the grid consistent throughout.
func TestSparseIncrementalMatchesFull(t *testing.T) {
	var tried [numMoves]int
	for name, m := range sparseModels(t) {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(len(name))))
			g, err := startGrid(m, rng, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkGrid(g); err != nil {
				t.Fatalf("constructed grid: %v", err)
			}
			// The construction meets the format exactly.
			tb := constraints.NewTable(m.N, m.S, g.Games())
			if d := m.Prims[0].Kernel.Eval(tb, nil); d != 0 {
				t.Fatalf("constructed schedule has structural cost %d", d)
			}
			inc := newCheckedIncremental(t, m, g)
			mv := newMover(m, g)
			for step := range 2500 {
				kind := rng.IntN(numMoves)
				cells := mv.generate(kind, rng)
				if len(cells) == 0 {
					continue
				}
				if !mv.allowed(kind) {
					t.Fatalf("%s produced a move but is not allowed here", moveNames[kind])
				}
				tried[kind]++
				if checkMove(t, m, g, inc, rng, cells, step, kind, 200, checkGrid) {
					mv.kept(cells)
				}
			}
		})
	}
	for k, n := range tried {
		if n == 0 && k != movePartialSwapTeams && k != moveRelabel {
			t.Errorf("no valid %s move was drawn on any sparse season", moveNames[k])
		}
	}
}

// TestTrackedMeetings checks the meeting counts a tracked mover keeps against a count from the grid,
// after random moves of every kind, some kept and some undone.
func TestTrackedMeetings(t *testing.T) {
	checked := 0
	for name, m := range sparseModels(t) {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(13, uint64(len(name))))
			g, err := startGrid(m, rng, false)
			if err != nil {
				t.Fatal(err)
			}
			inc, err := constraints.NewIncremental(m, g)
			if err != nil {
				t.Fatal(err)
			}
			mv, scan := newMover(m, g), newMover(m, g)
			mv.track()
			for step := range 2000 {
				kind, moved := stepRandomly(inc, mv, rng)
				if !moved {
					continue
				}
				for i := range m.N {
					for j := range m.N {
						all, hosted := mv.meetings(i, j)
						if wAll, wHosted := scan.meetings(i, j); all != wAll || hosted != wHosted {
							t.Fatalf("step %d, %s: %d against %d: tracked %d games (%d hosted), grid %d (%d)",
								step, moveNames[kind], i, j, all, hosted, wAll, wHosted)
						}
					}
				}
				checked++
			}
		})
	}
	if checked == 0 {
		t.Fatal("no move was checked")
	}
}

// TestStructurePreservingSparseMoves checks that the moves meant to keep a sparse season's structure do:
// every kind but single venue flips, from a constructed start, leaves the structural cost at zero.
func TestStructurePreservingSparseMoves(t *testing.T) {
	for name, m := range sparseModels(t) {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, uint64(len(name))))
			g, err := startGrid(m, rng, false)
			if err != nil {
				t.Fatal(err)
			}
			mv := newMover(m, g)
			for step := range 3000 {
				kind := rng.IntN(numMoves)
				if kind == moveSwapHomes && m.Format.Partial() {
					continue // a single meeting's venue flip changes two teams' home counts
				}
				mv.apply(mv.generate(kind, rng))
				tb := constraints.NewTable(m.N, m.S, g.Games())
				if d := m.Prims[0].Kernel.Eval(tb, nil); d != 0 {
					t.Fatalf("step %d: %s made the structural cost %d", step, moveNames[kind], d)
				}
			}
		})
	}
}

// TestSparseSolveProperties solves every sparse season for a small budget and checks what every result
// must have: no team twice in a slot, the score a full evaluation gives, and, from the same seed,
// workers and budget, the same schedule twice.
func TestSparseSolveProperties(t *testing.T) {
	for name, m := range sparseModels(t) {
		t.Run(name, func(t *testing.T) {
			opts := Options{Workers: 2, Seed: 3, Iterations: 60000, Epoch: 5000}
			a, err := Solve(t.Context(), m, opts)
			if err != nil {
				t.Fatal(err)
			}
			busy := map[[2]int]bool{}
			for _, g := range a.Games {
				for _, team := range []int{g.Home, g.Away} {
					if busy[[2]int{team, g.Slot}] {
						t.Fatalf("team %d plays twice in slot %d", team, g.Slot)
					}
					busy[[2]int{team, g.Slot}] = true
				}
			}
			if full := m.Evaluate(a.Games); full != a.Score {
				t.Errorf("reported score %v, full evaluation %v", a.Score, full)
			}
			if got, want := len(a.Games), m.N*m.Games/2; got != want {
				t.Errorf("%d games, want %d", got, want)
			}
			b, err := Solve(t.Context(), m, opts)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(a.Games) != fmt.Sprint(b.Games) {
				t.Errorf("two runs with the same seed, workers and budget differ: %v and %v", a.Score, b.Score)
			}
		})
	}
}

// TestTinySeasons solves every small shape a file can ask for, from two teams up: compact and relaxed
// round robins, odd counts, partial round robins down to one game each, series. None may panic, every
// result must be consistent and score as a full evaluation does, and the structure must hold.
func TestTinySeasons(t *testing.T) {
	for n := 2; n <= 9; n++ {
		var formats []flextime.Format
		for rounds := 1; rounds <= 2; rounds++ {
			formats = append(formats, flextime.Format{Rounds: rounds})
		}
		for g := 1; g <= 2*(n-1); g++ {
			if n*g%2 == 0 {
				formats = append(formats, flextime.Format{Rounds: 2, GamesPerTeam: g}, flextime.Format{Rounds: 2, GamesPerTeam: g, Series: 2})
			}
		}
		for _, f := range formats {
			games := f.Games(n)
			need := games
			if n%2 == 1 {
				need = max(need, (n*games/2+n/2-1)/(n/2))
			}
			for _, slots := range []int{need, need + 2} {
				p := &flextime.Problem{Name: "tiny", Format: f}
				for i := range n {
					p.Teams = append(p.Teams, flextime.Team{ID: strconv.Itoa(i)})
				}
				for s := range slots {
					p.Slots = append(p.Slots, flextime.Slot{ID: strconv.Itoa(s + 1)})
				}
				m, err := constraints.Compile(p)
				if err != nil {
					t.Fatalf("n=%d %+v slots=%d: %v", n, f, slots, err)
				}
				res, err := Solve(t.Context(), m, Options{Workers: 2, Seed: 1, Iterations: 4000, Epoch: 1000})
				if err != nil {
					t.Fatalf("n=%d %+v slots=%d: %v", n, f, slots, err)
				}
				if full := m.Evaluate(res.Games); full != res.Score {
					t.Errorf("n=%d %+v slots=%d: reported %v, full %v", n, f, slots, res.Score, full)
				}
				if res.Score.Hard != 0 {
					t.Errorf("n=%d %+v slots=%d: structural cost %d with no other rule", n, f, slots, res.Score.Hard)
				}
			}
		}
	}
}

// TestColorEdges checks the Misra-Gries edge colouring on circulant and random graphs: a proper colouring
// (no colour twice at a vertex) with at most Δ+1 colours.
func TestColorEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 300 {
		n := 3 + rng.IntN(30)
		var edges [][2]int
		seen := map[[2]int]bool{}
		if trial%2 == 0 {
			k := 1 + rng.IntN((n-1)/2)
			for i := range n {
				for d := 1; d <= k; d++ {
					e := [2]int{min(i, (i+d)%n), max(i, (i+d)%n)}
					if !seen[e] {
						seen[e] = true
						edges = append(edges, e)
					}
				}
			}
		} else {
			for range rng.IntN(n * n / 2) {
				a, b := distinct(rng, n)
				e := [2]int{min(a, b), max(a, b)}
				if !seen[e] {
					seen[e] = true
					edges = append(edges, e)
				}
			}
		}
		colors, ok := colorEdges(n, edges)
		if !ok {
			t.Fatalf("trial %d: colorEdges gave up", trial)
		}
		deg := make([]int, n)
		used := map[[2]int]bool{}
		maxDeg := 0
		for i, e := range edges {
			for _, v := range e {
				deg[v]++
				maxDeg = max(maxDeg, deg[v])
				if used[[2]int{v, colors[i]}] {
					t.Fatalf("trial %d: colour %d twice at vertex %d", trial, colors[i], v)
				}
				used[[2]int{v, colors[i]}] = true
			}
		}
		for i := range edges {
			if colors[i] < 0 || colors[i] > maxDeg {
				t.Fatalf("trial %d: colour %d, Δ = %d", trial, colors[i], maxDeg)
			}
		}
	}
}
