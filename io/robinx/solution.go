package robinx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/flextime/flextime"
)

// Declared is the ObjectiveValue a solution file states about itself.
type Declared struct {
	Infeasibility int64
	Objective     int64
}

// LoadSolution reads a RobinX solution for problem p.
func LoadSolution(path string, p *flextime.Problem) (*flextime.Schedule, *Declared, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, err
	}
	return ParseSolution(path, data, p)
}

// ParseSolution reads a RobinX solution (<ScheduledMatch> or <Game> elements with home, away and slot
// ids) against problem p. It also returns the declared objective value when the file states one.
func ParseSolution(name string, data []byte, p *flextime.Problem) (*flextime.Schedule, *Declared, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, flextime.Errorf(flextime.Position{File: name}, "the file is empty")
	}
	teams := make(map[string]int, len(p.Teams))
	for i, t := range p.Teams {
		teams[NormalizeID(t.ID)] = i
	}
	slots := make(map[string]int, len(p.Slots))
	for i, s := range p.Slots {
		slots[NormalizeID(s.ID)] = i
	}
	r := newReader(name, data)
	s := &flextime.Schedule{}
	var decl *Declared
	sawRoot := false
	for {
		tok, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case len(r.stack) == 1:
			if e.Name.Local != "Solution" {
				return nil, nil, r.errorf("root element is <%s>, not <Solution>", e.Name.Local)
			}
			sawRoot = true
		case e.Name.Local == "ObjectiveValue":
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = strings.TrimSpace(at.Value)
			}
			d := &Declared{}
			var err1, err2 error
			d.Infeasibility, err1 = strconv.ParseInt(a["infeasibility"], 10, 64)
			d.Objective, err2 = strconv.ParseInt(a["objective"], 10, 64)
			if err1 == nil && err2 == nil {
				decl = d
			}
		case e.Name.Local == "ScheduledMatch" || e.Name.Local == "Game":
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			var g flextime.Game
			for _, f := range []struct {
				key  string
				m    map[string]int
				dst  *int
				what string
			}{{"home", teams, &g.Home, "team"}, {"away", teams, &g.Away, "team"}, {"slot", slots, &g.Slot, "slot"}} {
				v, ok := a[f.key]
				if !ok {
					return nil, nil, r.errorf("<%s> lacks the attribute %q", e.Name.Local, f.key)
				}
				i, ok := f.m[NormalizeID(v)]
				if !ok {
					return nil, nil, r.errorf("<%s> %s=%q: no %s with that id in %s", e.Name.Local, f.key, v, f.what, p.Source).
						WithHint("is this the solution of another instance?")
				}
				*f.dst = i
			}
			if g.Home == g.Away {
				return nil, nil, r.errorf("<%s> has team %s playing itself", e.Name.Local, a["home"])
			}
			if len(s.Games) >= flextime.MaxGames {
				return nil, nil, r.errorf("more than %d games", flextime.MaxGames)
			}
			s.Games = append(s.Games, g)
		}
	}
	if !sawRoot {
		return nil, nil, flextime.Errorf(flextime.Position{File: name}, "no <Solution> element found")
	}
	if decl != nil {
		s.Score = &flextime.Score{Hard: decl.Infeasibility, Soft: decl.Objective}
	}
	return s, decl, nil
}

// WriteSolution writes s as a RobinX solution with <ScheduledMatch> elements, stating score as its
// ObjectiveValue.
func WriteSolution(w io.Writer, p *flextime.Problem, s *flextime.Schedule, score flextime.Score) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Solution>\n  <MetaData>\n")
	fmt.Fprintf(&b, "    <InstanceName>%s</InstanceName>\n", escape(p.Name))
	b.WriteString("    <Contributor>flextime</Contributor>\n")
	fmt.Fprintf(&b, "    <ObjectiveValue infeasibility=\"%d\" objective=\"%d\"/>\n", score.Hard, score.Soft)
	b.WriteString("  </MetaData>\n  <Games>\n")
	for _, g := range s.Games {
		fmt.Fprintf(&b, "    <ScheduledMatch home=\"%s\" away=\"%s\" slot=\"%s\"/>\n",
			escape(p.Teams[g.Home].ID), escape(p.Teams[g.Away].ID), escape(p.Slots[g.Slot].ID))
	}
	b.WriteString("  </Games>\n</Solution>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
