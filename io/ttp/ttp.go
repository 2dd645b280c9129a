// Package ttp reads Traveling Tournament Problem instances: a distance-matrix text file with "#" comment
// lines, the number of teams n, then n lines of n integers (the distance from team i's venue to team
// j's, 0-based).
//
// The problem is the standard TTP: a compact double round robin in 2(n-1) slots, at most 3 consecutive
// home and at most 3 consecutive away games, no repeaters (the same pair in consecutive slots), and total
// travel as the objective, every team starting and ending at home. The mirrored variant adds that the
// game in slot s < n-1 is repeated with venues swapped in slot s+n-1.
package ttp

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// MaxFileSize bounds what Load accepts.
const MaxFileSize = 16 << 20

// Options select the problem variant.
type Options struct {
	// Mirrored selects the mirrored variant.
	Mirrored bool
}

// Load reads a TTP instance file.
func Load(path string, opt Options) (*flextime.Problem, error) {
	data, err := flextime.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, opt)
}

// Parse reads a TTP instance from data; name is used in messages.
func Parse(name string, data []byte, opt Options) (*flextime.Problem, error) {
	at := func(line int) flextime.Position { return flextime.Position{File: name, Line: line} }
	var names []string
	var nums []int64
	var lines []int // line of each number
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), MaxFileSize)
	n := -1
	for ln := 1; sc.Scan(); ln++ {
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(text[1:]), "teams:"); ok {
				names = strings.Fields(rest)
			}
			continue
		}
		for _, f := range strings.Fields(text) {
			v, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, flextime.Errorf(at(ln), "%q is not an integer", truncate(f)).
					WithHint("a TTP instance holds the team count, then an n×n distance matrix")
			}
			if n < 0 {
				if v < 2 || v > flextime.MaxTeams {
					return nil, flextime.Errorf(at(ln), "team count %d is outside 2..%d", v, flextime.MaxTeams)
				}
				n = int(v)
				continue
			}
			if v < 0 {
				return nil, flextime.Errorf(at(ln), "distance %d is negative", v)
			}
			if len(nums) == n*n {
				return nil, flextime.Errorf(at(ln), "more numbers than an %d×%d matrix holds", n, n)
			}
			nums = append(nums, v)
			lines = append(lines, ln)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, flextime.Errorf(at(0), "read: %v", err)
	}
	if n < 0 {
		return nil, flextime.Errorf(at(0), "no team count found").WithHint("is this a TTP instance?")
	}
	if len(nums) != n*n {
		return nil, flextime.Errorf(at(0), "the matrix has %d entries, an %d×%d matrix needs %d", len(nums), n, n, n*n).
			WithHint("the matrix must be square, one row per team")
	}
	// Rows must each be on their own line when the file is laid out by lines.
	p := &flextime.Problem{
		Name:   strings.TrimSuffix(baseName(name), ".txt"),
		Source: name,
		Format: flextime.Format{Rounds: 2, Phased: opt.Mirrored, Mirrored: opt.Mirrored},
	}
	for i := range n {
		t := flextime.Team{ID: strconv.Itoa(i)}
		if len(names) == n {
			t.Name = names[i]
		}
		p.Teams = append(p.Teams, t)
	}
	for s := range 2 * (n - 1) {
		p.Slots = append(p.Slots, flextime.Slot{ID: strconv.Itoa(s)})
	}
	p.Distance = make([][]int64, n)
	for i := range n {
		p.Distance[i] = nums[i*n : (i+1)*n]
		if p.Distance[i][i] != 0 {
			return nil, flextime.Errorf(at(lines[i*n+i]), "distance from team %d to itself is %d, not 0", i, p.Distance[i][i])
		}
	}
	streak := &constraints.MaxStreak{Teams: flextime.Refs("all"), Home: 3, Away: 3}
	streak.Hard = true
	noRepeat := &constraints.NoRepeat{Teams: flextime.Refs("all")}
	noRepeat.Hard = true
	travel := &constraints.TravelEntry{}
	travel.Weight = 1
	p.Constraints = []flextime.Constraint{streak, noRepeat, travel}
	return p, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func truncate(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}
