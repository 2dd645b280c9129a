package flextime

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInput marks errors caused by bad input. Every *InputError matches it with errors.Is.
var ErrInput = errors.New("flextime: bad input")

// Position is a place in an input file. Zero fields are unknown.
type Position struct {
	File string
	Line int
	Col  int
	// Path is the field path inside the document, such as "constraints[3].teams[1]".
	Path string
}

// At returns a copy of p with its field path replaced.
func (p Position) At(path string) Position {
	p.Path = path
	return p
}

// Child returns a copy of p whose path is extended by a field name or an index such as "[2]".
func (p Position) Child(elem string) Position {
	switch {
	case p.Path == "":
		p.Path = strings.TrimPrefix(elem, ".")
	case strings.HasPrefix(elem, "["):
		p.Path += elem
	default:
		p.Path += "." + elem
	}
	return p
}

func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// InputError is a problem with an input file: where it is, what is wrong and, when we can tell, what to
// try instead.
type InputError struct {
	Pos  Position
	Msg  string
	Hint string
	// Err is the underlying error, when there is one (a missing file, say).
	Err error
}

func (e *InputError) Error() string {
	var b strings.Builder
	if loc := e.Pos.String(); loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	if e.Pos.Path != "" {
		b.WriteString(e.Pos.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Is makes every InputError match ErrInput.
func (e *InputError) Is(target error) bool { return target == ErrInput }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// Errorf builds an InputError at pos.
func Errorf(pos Position, format string, args ...any) *InputError {
	return &InputError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// WithHint returns e with a hint attached.
func (e *InputError) WithHint(format string, args ...any) *InputError {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// Suggest returns the candidate closest to s by edit distance when it is close enough to be a likely
// typo, or "".
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len(s)/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions, deletions, substitutions and
// swaps of two neighbouring letters each count as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}
