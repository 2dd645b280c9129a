package robinx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// MaxFileSize bounds what the readers accept, so a wrong file cannot exhaust memory.
const MaxFileSize = 64 << 20

func readFile(path string) ([]byte, error) { return flextime.ReadFile(path, MaxFileSize) }

// LooksLikeXML reports whether data starts like an XML document.
func LooksLikeXML(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n\ufeff")
	return bytes.HasPrefix(data, []byte("<"))
}

// NormalizeID turns numeric ids written as "7", " 7 " or "7.0" into "7"; other ids are only trimmed.
func NormalizeID(s string) string {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return s
}

// reader walks an XML document token by token, tracking the element path and the line of each element.
type reader struct {
	name  string
	d     *xml.Decoder
	data  []byte
	stack []string
}

func newReader(name string, data []byte) *reader {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown character encoding %q", label)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	return &reader{name: name, d: d, data: data}
}

func (r *reader) pos() flextime.Position {
	line, col := r.d.InputPos()
	return flextime.Position{File: r.name, Line: line, Col: col, Path: strings.Join(r.stack, "/")}
}

func (r *reader) errorf(format string, args ...any) *flextime.InputError {
	return flextime.Errorf(r.pos(), format, args...)
}

// next returns the next start element, end element or char data; io.EOF at the end.
func (r *reader) next() (xml.Token, error) {
	for {
		tok, err := r.d.Token()
		if err != nil {
			if err == io.EOF {
				if len(r.stack) > 0 {
					return nil, r.errorf("the document ends inside <%s>", r.stack[len(r.stack)-1]).WithHint("the file may be truncated")
				}
				return nil, io.EOF
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				e := flextime.Errorf(flextime.Position{File: r.name, Line: se.Line}, "XML syntax error: %s", se.Msg)
				if strings.Contains(se.Msg, "unexpected EOF") {
					e = e.WithHint("the file may be truncated")
				}
				return nil, e
			}
			return nil, flextime.Errorf(r.pos(), "XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.stack = append(r.stack, t.Name.Local)
			return t, nil
		case xml.EndElement:
			if len(r.stack) > 0 {
				r.stack = r.stack[:len(r.stack)-1]
			}
			return t, nil
		case xml.CharData:
			return t, nil
		}
	}
}

// attrs returns the attributes of e by local name, rejecting duplicates and names outside allowed.
func (r *reader) attrs(e xml.StartElement, allowed ...string) (map[string]string, error) {
	out := make(map[string]string, len(e.Attr))
	for _, a := range e.Attr {
		k := a.Name.Local
		if !contains(allowed, k) {
			err := r.errorf("<%s> has an unsupported attribute %q", e.Name.Local, k)
			if s := flextime.Suggest(k, allowed); s != "" {
				err = err.WithHint("did you mean %q?", s)
			}
			return nil, err
		}
		out[k] = strings.TrimSpace(a.Value)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ids splits a RobinX id list ("3;1;2;", "1,11;") into normalized ids, skipping empty items.
func ids(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, NormalizeID(p))
		}
	}
	return out
}

func (r *reader) int(e xml.StartElement, a map[string]string, key string, required bool) (*int, error) {
	v, ok := a[key]
	if !ok {
		if required {
			return nil, r.errorf("<%s> lacks the attribute %q", e.Name.Local, key)
		}
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return nil, r.errorf("<%s> attribute %s=%q is not an integer", e.Name.Local, key, v)
	}
	n := int(f)
	return &n, nil
}

func refs(list []string, line int) flextime.RefList {
	out := make(flextime.RefList, len(list))
	for i, s := range list {
		out[i] = flextime.Ref{Name: s, Pos: flextime.Position{Line: line}}
	}
	return out
}

// LoadInstance reads a RobinX instance file.
func LoadInstance(path string) (*flextime.Problem, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseInstance(path, data)
}

var constraintAttrs = map[string][]string{
	"CA1": {"teams", "slots", "mode", "min", "max", "penalty", "type"},
	"CA2": {"teams1", "teams2", "slots", "mode1", "mode2", "min", "max", "penalty", "type"},
	"CA3": {"teams1", "teams2", "mode1", "mode2", "intp", "min", "max", "penalty", "type"},
	"CA4": {"teams1", "teams2", "slots", "mode1", "mode2", "min", "max", "penalty", "type"},
	"GA1": {"meetings", "slots", "min", "max", "penalty", "type"},
	"BR1": {"teams", "slots", "mode1", "mode2", "intp", "penalty", "type"},
	"BR2": {"teams", "slots", "homeMode", "mode2", "intp", "penalty", "type"},
	"FA2": {"teams", "slots", "mode", "intp", "penalty", "type"},
	"SE1": {"teams", "mode1", "min", "max", "penalty", "type"},
}

// ParseInstance reads a RobinX instance from data; name is used in messages.
func ParseInstance(name string, data []byte) (*flextime.Problem, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, flextime.Errorf(flextime.Position{File: name}, "the file is empty")
	}
	r := newReader(name, data)
	p := &flextime.Problem{Source: name, Format: flextime.Format{Rounds: 2}}
	sawInstance := false
	counts := map[string]int{}
	for {
		tok, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		path := strings.Join(r.stack, "/")
		switch {
		case len(r.stack) == 1:
			if e.Name.Local != "Instance" {
				return nil, r.errorf("root element is <%s>, not <Instance>", e.Name.Local).
					WithHint("is this a solution file? give the instance first")
			}
			sawInstance = true
		case path == "Instance/MetaData/InstanceName":
			s, err := r.text()
			if err != nil {
				return nil, err
			}
			p.Name = strings.Trim(s, "\" ")
		case strings.HasPrefix(path, "Instance/Structure/Format/"):
			s, err := r.text()
			if err != nil {
				return nil, err
			}
			if err := r.format(p, e.Name.Local, s); err != nil {
				return nil, err
			}
		case path == "Instance/ObjectiveFunction/Objective":
			s, err := r.text()
			if err != nil {
				return nil, err
			}
			if s != "SC" && s != "" {
				return nil, r.errorf("objective %q is not supported", s).WithHint("flextime reads ITC2021 instances with objective SC")
			}
		case path == "Instance/Resources/Teams/team":
			a, err := r.attrs(e, "id", "league", "name", "teamGroups")
			if err != nil {
				return nil, err
			}
			if len(p.Teams) >= flextime.MaxTeams {
				return nil, r.errorf("more than %d teams", flextime.MaxTeams)
			}
			id := NormalizeID(a["id"])
			if id == "" {
				return nil, r.errorf("<team> has no id")
			}
			p.Teams = append(p.Teams, flextime.Team{ID: id, Name: a["name"]})
		case path == "Instance/Resources/Slots/slot":
			a, err := r.attrs(e, "id", "name")
			if err != nil {
				return nil, err
			}
			if len(p.Slots) >= flextime.MaxSlots {
				return nil, r.errorf("more than %d slots", flextime.MaxSlots)
			}
			id := NormalizeID(a["id"])
			if id == "" {
				return nil, r.errorf("<slot> has no id")
			}
			p.Slots = append(p.Slots, flextime.Slot{ID: id})
		case len(r.stack) == 4 && r.stack[1] == "Constraints":
			kind := e.Name.Local
			counts[kind]++
			c, err := r.constraint(e, fmt.Sprintf("%s/%s[%d]", r.stack[2], kind, counts[kind]-1))
			if err != nil {
				return nil, err
			}
			p.Constraints = append(p.Constraints, c)
		}
	}
	if !sawInstance {
		return nil, flextime.Errorf(flextime.Position{File: name}, "no <Instance> element found").WithHint("is this a RobinX instance?")
	}
	return p, nil
}

// text reads the character data of the current element up to its end.
func (r *reader) text() (string, error) {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := r.next()
		if err != nil {
			if err == io.EOF {
				return "", r.errorf("the document ends inside an element").WithHint("the file may be truncated")
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 1 {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return strings.TrimSpace(b.String()), nil
}

func (r *reader) format(p *flextime.Problem, field, v string) error {
	switch field {
	case "numberRoundRobin":
		n, err := strconv.Atoi(v)
		if err != nil || (n != 1 && n != 2) {
			return r.errorf("numberRoundRobin %q is not supported", v).WithHint("flextime handles single and double round robins")
		}
		p.Format.Rounds = n
	case "compactness":
		if v != "C" {
			return r.errorf("compactness %q is not supported yet", v).WithHint("only compact (C) timetables can be read")
		}
	case "gameMode":
		switch v {
		case "P":
			p.Format.Phased = true
		case "NULL", "":
		default:
			return r.errorf("gameMode %q is not supported", v).WithHint("use P (phased) or NULL")
		}
	}
	return nil
}

func (r *reader) constraint(e xml.StartElement, path string) (flextime.Constraint, error) {
	kind := e.Name.Local
	allowed, ok := constraintAttrs[kind]
	if !ok {
		return nil, r.errorf("RobinX constraint type %s is not supported", kind).
			WithHint("flextime reads CA1, CA2, CA3, CA4, GA1, BR1, BR2, FA2 and SE1")
	}
	a, err := r.attrs(e, allowed...)
	if err != nil {
		return nil, err
	}
	line, _ := r.d.InputPos()
	base := flextime.ConstraintBase{Where: flextime.Position{File: r.name, Line: line, Path: path}}
	switch strings.ToUpper(a["type"]) {
	case "HARD":
		base.Hard = true
	case "SOFT":
	default:
		return nil, r.errorf("<%s> type=%q must be HARD or SOFT", kind, a["type"])
	}
	pen, err := r.int(e, a, "penalty", !base.Hard)
	if err != nil {
		return nil, err
	}
	base.Weight = 1
	if pen != nil {
		base.Weight = int64(*pen)
	}
	if base.Weight <= 0 && !base.Hard {
		return nil, r.errorf("<%s> penalty must be positive", kind)
	}
	if base.Weight <= 0 {
		base.Weight = 1
	}
	lo, err := r.int(e, a, "min", false)
	if err != nil {
		return nil, err
	}
	hi, err := r.int(e, a, "max", false)
	if err != nil {
		return nil, err
	}
	intp := func() (int, error) {
		v, err := r.int(e, a, "intp", true)
		if err != nil {
			return 0, err
		}
		return *v, nil
	}
	list := func(k string) flextime.RefList { return refs(ids(a[k], ";"), line) }
	switch kind {
	case "CA1":
		return &constraints.CA1Entry{ConstraintBase: base, Teams: list("teams"), Slots: list("slots"), Mode: a["mode"], Min: lo, Max: hi}, nil
	case "CA2":
		return &constraints.CA2Entry{ConstraintBase: base, Teams1: list("teams1"), Teams2: list("teams2"), Slots: list("slots"),
			Mode1: a["mode1"], Mode2: a["mode2"], Min: lo, Max: hi}, nil
	case "CA3":
		k, err := intp()
		if err != nil {
			return nil, err
		}
		return &constraints.CA3Entry{ConstraintBase: base, Teams1: list("teams1"), Teams2: list("teams2"), Mode1: a["mode1"],
			Mode2: a["mode2"], Intp: k, Min: lo, Max: hi}, nil
	case "CA4":
		return &constraints.CA4Entry{ConstraintBase: base, Teams1: list("teams1"), Teams2: list("teams2"), Slots: list("slots"),
			Mode1: a["mode1"], Mode2: a["mode2"], Min: lo, Max: hi}, nil
	case "GA1":
		var ms []constraints.Meeting
		for _, pair := range strings.Split(a["meetings"], ";") {
			if strings.TrimSpace(pair) == "" {
				continue
			}
			ha := ids(pair, ",")
			if len(ha) != 2 {
				return nil, r.errorf("<GA1> meeting %q is not home,away", pair)
			}
			ms = append(ms, constraints.Meeting{Home: flextime.Ref{Name: ha[0], Pos: flextime.Position{Line: line}},
				Away: flextime.Ref{Name: ha[1], Pos: flextime.Position{Line: line}}})
		}
		return &constraints.GA1Entry{ConstraintBase: base, Meetings: ms, Slots: list("slots"), Min: lo, Max: hi}, nil
	case "BR1":
		k, err := intp()
		if err != nil {
			return nil, err
		}
		return &constraints.BR1Entry{ConstraintBase: base, Teams: list("teams"), Slots: list("slots"), Mode1: a["mode1"],
			Mode2: a["mode2"], Intp: k}, nil
	case "BR2":
		k, err := intp()
		if err != nil {
			return nil, err
		}
		return &constraints.BR2Entry{ConstraintBase: base, Teams: list("teams"), Slots: list("slots"), HomeMode: a["homeMode"],
			Mode2: a["mode2"], Intp: k}, nil
	case "FA2":
		k, err := intp()
		if err != nil {
			return nil, err
		}
		return &constraints.FA2Entry{ConstraintBase: base, Teams: list("teams"), Slots: list("slots"), Mode: a["mode"], Intp: k}, nil
	default: // SE1
		if lo == nil {
			return nil, r.errorf("<SE1> lacks the attribute \"min\"")
		}
		return &constraints.SE1Entry{ConstraintBase: base, Teams: list("teams"), Mode1: a["mode1"], Min: *lo, Max: hi}, nil
	}
}
