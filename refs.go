package flextime

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Ref names a team, group or slot the way the user wrote it, and remembers where.
type Ref struct {
	Name string
	Pos  Position // line and column only; the path is filled in by whoever reports on it
}

// UnmarshalYAML accepts any scalar (an id, a number, a date).
func (r *Ref) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: expected a single id, got a %s", n.Line, kindName(n.Kind))}}
	}
	*r = Ref{Name: n.Value, Pos: Position{Line: n.Line, Col: n.Column}}
	return nil
}

// MarshalYAML writes the bare name.
func (r Ref) MarshalYAML() (any, error) { return r.Name, nil }

// RefList is a list of references. In YAML it may be written as one scalar ("all", an id, a group) or as
// a sequence of them.
type RefList []Ref

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (l *RefList) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.ScalarNode:
		*l = RefList{{Name: n.Value, Pos: Position{Line: n.Line, Col: n.Column}}}
		return nil
	case yaml.SequenceNode:
		out := make(RefList, 0, len(n.Content))
		for _, c := range n.Content {
			var r Ref
			if err := r.UnmarshalYAML(c); err != nil {
				return err
			}
			out = append(out, r)
		}
		*l = out
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: expected an id or a list of ids, got a %s", n.Line, kindName(n.Kind))}}
}

// Names returns the bare names.
func (l RefList) Names() []string {
	out := make([]string, len(l))
	for i, r := range l {
		out[i] = r.Name
	}
	return out
}

// Refs builds a RefList without positions, for constraints made in code.
func Refs(names ...string) RefList {
	out := make(RefList, len(names))
	for i, n := range names {
		out[i] = Ref{Name: n}
	}
	return out
}

// resolveAlias follows YAML aliases (*name) to the node they stand for.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}
