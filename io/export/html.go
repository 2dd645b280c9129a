package export

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// HTMLOptions are the settings of WriteHTML.
type HTMLOptions struct {
	// Made is when the page was written, shown at its foot; zero leaves it out.
	Made time.Time
}

// WriteHTML writes a schedule as one self-contained web page for the people who review it: the score,
// what still hurts (every violation by constraint, worst first, as validate reports it), and the season
// as a grid of teams by slots in which each cell names the opponent ("@KU" away, "KU" at home) and the
// cells a violation involves are marked, with its message on hover.
func WriteHTML(w io.Writer, m *constraints.Model, s *flextime.Schedule, r *constraints.Report, opts HTMLOptions) error {
	p := m.Problem
	gs, err := games(p, s)
	if err != nil {
		return err
	}
	type cell struct {
		Text, Class, Title string
	}
	type row struct {
		Team  string
		Cells []cell
	}
	type group struct {
		Name, Kind string
		Cost       int64
		Messages   []string
	}
	slotIdx := map[string]int{}
	var heads []string
	for i, sl := range p.Slots {
		slotIdx[sl.ID] = i
		h := sl.ID
		if sl.HasDate() {
			h = sl.Date.Format("Mon Jan 2")
		}
		heads = append(heads, h)
	}
	teamIdx := map[string]int{}
	rows := make([]row, len(p.Teams))
	for t, tm := range p.Teams {
		teamIdx[tm.Label()] = t
		rows[t] = row{Team: tm.Label(), Cells: make([]cell, len(p.Slots))}
	}
	for _, g := range gs {
		h, a := &rows[g.Home].Cells[g.Slot], &rows[g.Away].Cells[g.Slot]
		add := func(c *cell, text, class string) {
			if c.Text != "" {
				c.Text += " "
				class = "clash"
			}
			c.Text += text
			c.Class = class
		}
		add(h, p.Teams[g.Away].Label(), "home")
		add(a, "@"+p.Teams[g.Home].Label(), "away")
	}
	var groups []group
	byName := map[string]int{}
	for _, v := range r.Violations {
		key := v.Kind + "\x00" + v.Constraint
		gi, ok := byName[key]
		if !ok {
			gi = len(groups)
			byName[key] = gi
			groups = append(groups, group{Name: v.Constraint, Kind: v.Kind})
		}
		groups[gi].Cost += v.Cost
		groups[gi].Messages = append(groups[gi].Messages, fmt.Sprintf("%s [cost %d]", v.Message, v.Cost))
		// Mark the cells of the violation: its teams in its slots (or in every slot of its games).
		var slots []int
		for _, id := range v.Slots {
			if i, ok := slotIdx[id]; ok {
				slots = append(slots, i)
			}
		}
		for _, team := range v.Teams {
			t, ok := teamIdx[team]
			if !ok {
				continue
			}
			for _, s := range slots {
				c := &rows[t].Cells[s]
				if c.Class != "clash" {
					c.Class += " " + v.Kind
				}
				if !strings.Contains(c.Title, v.Message) {
					c.Title = strings.TrimSpace(c.Title + "\n" + v.Constraint + ": " + v.Message)
				}
			}
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].Kind != groups[j].Kind {
			return groups[i].Kind == "hard"
		}
		return groups[i].Cost > groups[j].Cost
	})
	verdict := "feasible"
	if !r.Score.Feasible() {
		verdict = "infeasible"
	}
	data := struct {
		Name, Verdict, Made string
		Score               flextime.Score
		Heads               []string
		Rows                []row
		Groups              []group
	}{Name: p.Name, Verdict: verdict, Score: r.Score, Heads: heads, Rows: rows, Groups: groups}
	if !opts.Made.IsZero() {
		data.Made = opts.Made.UTC().Format("2006-01-02 15:04 MST")
	}
	return htmlPage.Execute(w, data)
}

var htmlPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Name}}: schedule</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
.score { margin: 0 0 1em; }
.feasible { color: #176c2f; } .infeasible { color: #b00020; }
table.grid { border-collapse: collapse; font-size: 12px; }
.grid th, .grid td { border: 1px solid #ddd; padding: 2px 4px; white-space: nowrap; text-align: center; }
.grid th.team { text-align: left; position: sticky; left: 0; background: #fff; }
.grid thead th { position: sticky; top: 0; background: #f6f6f6; writing-mode: vertical-rl; transform: rotate(180deg); }
td.home { background: #eef5ff; } td.away { background: #fff; }
td.soft { box-shadow: inset 0 0 0 2px #e0a000; } td.hard { box-shadow: inset 0 0 0 2px #b00020; }
td.clash { background: #b00020; color: #fff; }
details { margin: .3em 0; } summary { cursor: pointer; }
.kind-hard { color: #b00020; font-weight: 600; } .kind-soft { color: #8a5a00; }
li { margin: .1em 0; }
</style>
</head>
<body>
<h1>{{.Name}}</h1>
<p class="score"><strong class="{{.Verdict}}">{{.Verdict}}</strong> · hard {{.Score.Hard}} · soft {{.Score.Soft}}</p>
{{if .Groups}}<h2>What still hurts</h2>
{{range .Groups}}<details><summary><span class="kind-{{.Kind}}">{{.Kind}}</span> {{.Name}}: cost {{.Cost}} ({{len .Messages}})</summary>
<ul>{{range .Messages}}<li>{{.}}</li>{{end}}</ul></details>
{{end}}{{else}}<p>No violations.</p>{{end}}
<h2>Schedule</h2>
<p>Each row is a team; a cell names its opponent, at home or <em>@</em> away. Outlined cells take part in
a violation (red: hard, amber: soft); hover for the message.</p>
<div style="overflow:auto">
<table class="grid">
<thead><tr><th class="team">team</th>{{range .Heads}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><th class="team">{{.Team}}</th>{{range .Cells}}<td class="{{.Class}}"{{if .Title}} title="{{.Title}}"{{end}}>{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</div>
{{if .Made}}<p><small>Written by flextime on {{.Made}}.</small></p>{{end}}
</body>
</html>
`))
