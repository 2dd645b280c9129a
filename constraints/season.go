package constraints

import "github.com/flextime/flextime"

// Kernels judged on each team's own sequence of games, for seasons with byes and calendars: a bye does
// not interrupt a run of road games, and "the first four games" are a team's own first four, whatever
// slots they fall in. On a compact season (a game in every slot) they agree with the slot-window kernels.

// Streak bounds, per team, its runs of consecutive home (or away) games in its own order of games. A run
// of L > Max games costs L - Max: the number of windows of Max+1 games in a row that are all home (away).
type Streak struct {
	Teams []int
	Mode  Mode // Home or Away
	Max   int
}

var _ teamKernel = (*Streak)(nil)

// Kind implements Kernel.
func (*Streak) Kind() string { return "streak" }

// Eval implements Kernel.
func (k *Streak) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *Streak) teamSet() []int { return k.Teams }
func (k *Streak) depends() uint8 { return onVenue }

func (k *Streak) calendar() *Calendar { return nil }

func (k *Streak) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	apps := r.apps
	var total int64
	run := 0
	end := func(i int) { // the run ends before apps[i]
		if run > k.Max {
			d := int64(run - k.Max)
			total += d
			if emit != nil {
				det := Detail{Teams: []int{t}, Slots: []int{apps[i-run].Slot, apps[i-1].Slot}, Count: int64(run), Deviation: d}
				for _, a := range apps[i-run : i] {
					det.Games = append(det.Games, appGame(t, a))
				}
				emit(det)
			}
		}
		run = 0
	}
	for i, a := range apps {
		if k.Mode.match(a.Home) {
			run++
		} else {
			end(i)
		}
	}
	end(len(apps))
	return total
}

// HomeSplit asks each team for at least Min home games and at least Min away games among its first
// Games games (or its last, when Last is set). The deviation is the shortfall of both.
type HomeSplit struct {
	Teams []int
	Games int
	Min   int
	Last  bool
}

var _ teamKernel = (*HomeSplit)(nil)

// Kind implements Kernel.
func (*HomeSplit) Kind() string { return "home-split" }

// Eval implements Kernel.
func (k *HomeSplit) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *HomeSplit) teamSet() []int { return k.Teams }
func (k *HomeSplit) depends() uint8 { return onVenue }

func (k *HomeSplit) calendar() *Calendar { return nil }

func (k *HomeSplit) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	apps := r.apps
	w := apps[:min(k.Games, len(apps))]
	if k.Last {
		w = apps[max(len(apps)-k.Games, 0):]
	}
	home := 0
	for _, a := range w {
		if a.Home {
			home++
		}
	}
	away := len(w) - home
	d := int64(max(k.Min-home, 0) + max(k.Min-away, 0))
	if d > 0 && emit != nil {
		det := Detail{Teams: []int{t}, Count: int64(home), Deviation: d}
		for _, a := range w {
			det.Slots = append(det.Slots, a.Slot)
			det.Games = append(det.Games, appGame(t, a))
		}
		emit(det)
	}
	return d
}

// Rest asks for rest between consecutive games of a team: at least Days days without a game between
// them (on venue-local dates, from the last day of one meeting to the first of the next), and, when the
// slots have start times, at least Hours hours between their starts. Each missing day and each missing
// hour (rounded up) costs 1.
type Rest struct {
	Teams []int
	Days  int // zero means no day rule
	Hours int // zero means no hour rule
	Cal   *Calendar
}

var _ teamKernel = (*Rest)(nil)

// Kind implements Kernel.
func (*Rest) Kind() string { return "rest" }

// Eval implements Kernel.
func (k *Rest) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *Rest) teamSet() []int { return k.Teams }
func (k *Rest) depends() uint8 { return onBoth }

func (k *Rest) calendar() *Calendar { return k.Cal }

func (k *Rest) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	apps := r.apps
	var total int64
	for i := 1; i < len(apps); i++ {
		end, start := r.last[i-1], r.first[i]
		var d int64
		rest := int64(0)
		if end != noDay && start != noDay && k.Days > 0 {
			rest = int64(start - end - 1)
			d += max(int64(k.Days)-rest, 0)
		}
		var hours int64
		if k.Hours > 0 {
			a, b := r.end[i-1], r.start[i] // from the start of the previous meeting's last game
			if a != noTime && b != noTime {
				hours = (b - a) / 60
				if miss := int64(k.Hours)*60 - (b - a); miss > 0 {
					d += (miss + 59) / 60
				}
			}
		}
		if d > 0 {
			total += d
			if emit != nil {
				count := rest
				if k.Days == 0 {
					count = hours
				}
				p, q := appGame(t, apps[i-1]), appGame(t, apps[i])
				emit(Detail{Teams: []int{t}, Slots: []int{p.Slot, q.Slot}, Games: []flextime.Game{p, q}, Count: count, Deviation: d})
			}
		}
	}
	return total
}

// RoadTrip bounds each team's road trips: runs of consecutive away games (a bye does not end one, a home
// game does). A trip longer than MaxGames games costs one per extra game; one longer than MaxDistance
// (home to each venue in turn and back) costs one per unit of distance over. Zero means no limit.
type RoadTrip struct {
	Teams       []int
	MaxGames    int
	MaxDistance int64
	N           int
	Dist        []int64 // N×N, as Travel's
}

var _ teamKernel = (*RoadTrip)(nil)

// Kind implements Kernel.
func (*RoadTrip) Kind() string { return "road-trip" }

// Eval implements Kernel.
func (k *RoadTrip) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *RoadTrip) teamSet() []int { return k.Teams }
func (k *RoadTrip) depends() uint8 { return onBoth }

func (k *RoadTrip) calendar() *Calendar { return nil }

func (k *RoadTrip) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	apps := r.apps
	var total int64
	for i := 0; i < len(apps); {
		if apps[i].Home {
			i++
			continue
		}
		j := i
		var dist int64
		at := t
		for j < len(apps) && !apps[j].Home {
			if k.Dist != nil {
				dist += k.Dist[at*k.N+apps[j].Opp]
			}
			at = apps[j].Opp
			j++
		}
		if k.Dist != nil {
			dist += k.Dist[at*k.N+t]
		}
		var d int64
		if k.MaxGames > 0 && j-i > k.MaxGames {
			d += int64(j - i - k.MaxGames)
		}
		if k.MaxDistance > 0 && dist > k.MaxDistance {
			d += dist - k.MaxDistance
		}
		if d > 0 {
			total += d
			if emit != nil {
				det := Detail{Teams: []int{t}, Slots: []int{apps[i].Slot, apps[j-1].Slot}, Count: dist, Deviation: d}
				for _, a := range apps[i:j] {
					det.Games = append(det.Games, appGame(t, a))
				}
				emit(det)
			}
		}
		i = j
	}
	return total
}

// GamesInDays bounds how many games a team plays in any Days consecutive days (venue-local dates; a
// series counts each of its games): at most two games in any seven days. For every window that starts
// on the first day of one of the team's meetings, each game over Max costs 1.
type GamesInDays struct {
	Teams []int
	Days  int
	Max   int
	Cal   *Calendar
}

var _ teamKernel = (*GamesInDays)(nil)

// Kind implements Kernel.
func (*GamesInDays) Kind() string { return "games-in-days" }

// Eval implements Kernel.
func (k *GamesInDays) Eval(t *Table, emit func(Detail)) int64 { return evalTeams(k, t, emit) }

func (k *GamesInDays) teamSet() []int { return k.Teams }
func (k *GamesInDays) depends() uint8 { return onBoth }

func (k *GamesInDays) calendar() *Calendar { return k.Cal }

func (k *GamesInDays) teamDev(t int, r *teamRow, emit func(Detail)) int64 {
	apps := r.apps
	var total int64
	span := k.Cal.Span
	for i, a := range apps {
		start := r.first[i]
		if start == noDay {
			continue
		}
		end := start + int32(k.Days) - 1
		count, j := 0, i
		for ; j < len(apps); j++ {
			first := r.first[j]
			if first == noDay || first > end {
				break
			}
			// The series days that fall in the window.
			count += min(span, int(end-first)+1)
		}
		if count > k.Max {
			d := int64(count - k.Max)
			total += d
			if emit != nil {
				det := Detail{Teams: []int{t}, Slots: []int{a.Slot, apps[j-1].Slot}, Count: int64(count), Deviation: d}
				for _, b := range apps[i:j] {
					det.Games = append(det.Games, appGame(t, b))
				}
				emit(det)
			}
		}
	}
	return total
}

func (k *GamesInDays) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Days, k.Max)
}
