package problem

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"gopkg.in/yaml.v3"
)

var (
	refType     = reflect.TypeFor[flextime.Ref]()
	refListType = reflect.TypeFor[flextime.RefList]()
)

// constraints decodes the constraint list into the catalogue's types. References to teams, groups and
// slots stay as written; constraints.Compile resolves them.
func (d *decoder) constraints(top *fields) ([]flextime.Constraint, error) {
	e, ok := top.get("constraints")
	if !ok {
		return nil, nil
	}
	items, err := d.sequence(e.val, "constraints", "a list of constraints like [{type: max-streak, away: 2, hard: true}]")
	if err != nil {
		return nil, err
	}
	catalogue := constraints.Catalogue()
	names := constraints.CatalogueNames()
	out := make([]flextime.Constraint, 0, len(items))
	for i := range items {
		c, err := d.constraint(&items[i], index("constraints", i), catalogue, names)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (d *decoder) constraint(slot **yaml.Node, path string, catalogue map[string]func() flextime.Constraint,
	names []string) (flextime.Constraint, error) {
	n := d.resolve(*slot)
	*slot = n
	f, err := d.entries(n, path, "a constraint like {type: max-streak, teams: all, away: 2, hard: true}")
	if err != nil {
		return nil, err
	}
	e, ok := f.get("type")
	if !ok {
		return nil, d.errAt(n, path+".type", "constraint has no type").
			WithHint("add type: with one of %s", strings.Join(names, ", "))
	}
	typ, err := d.scalar(e.val, path+".type", "a constraint type")
	if err != nil {
		return nil, err
	}
	ctor, ok := catalogue[typ]
	if !ok {
		err := d.errAt(d.resolve(e.val), path+".type", "unknown constraint type %q", typ)
		return nil, didYouMean(err, typ, names, "known types: "+strings.Join(names, ", "))
	}
	c := ctor()
	rv := reflect.ValueOf(c)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return nil, d.errAt(n, path, "constraint type %q cannot be read from a file", typ)
	}
	fs := yamlFields(rv.Elem().Type())
	allowed := []string{"type"}
	types := map[string]reflect.Type{}
	for _, fi := range fs {
		allowed = append(allowed, fi.name)
		types[fi.name] = fi.typ
	}
	if err := d.checkFields(f, allowed); err != nil {
		return nil, err
	}
	for _, kv := range f.order {
		if kv.name == "type" {
			continue
		}
		if err := d.checkValue(kv.slot, types[kv.name], join(path, kv.name)); err != nil {
			return nil, err
		}
	}
	if err := d.decodeInto(n, c, path); err != nil {
		return nil, err
	}
	c.Base().Where = flextime.Position{File: d.file, Line: n.Line, Col: n.Column, Path: path}
	return c, nil
}

// decodeInto runs yaml.v3's decoder on a node already checked, converting any error it still finds.
func (d *decoder) decodeInto(n *yaml.Node, dst any, path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = d.errAt(n, path, "cannot decode: %v", r)
		}
	}()
	if err := n.Decode(dst); err != nil {
		return d.decodeError(n, path, err)
	}
	return nil
}

var unmarshalLine = regexp.MustCompile(`line (\d+): (.*)`)

func (d *decoder) decodeError(n *yaml.Node, path string, err error) error {
	pos := flextime.Position{File: d.file, Line: n.Line, Col: n.Column, Path: path}
	msg := err.Error()
	if m := unmarshalLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		pos.Col = 0
		msg = m[2]
	}
	return &flextime.InputError{Pos: pos, Msg: strings.TrimPrefix(msg, "yaml: "), Hint: "see docs/format.md for the fields of each constraint type"}
}

// fieldInfo is one field a constraint type accepts.
type fieldInfo struct {
	name string
	typ  reflect.Type
}

// yamlFields lists the fields yaml.v3 decodes into struct type t, by their yaml tag names, descending
// into inline structs.
func yamlFields(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(opts, ","), "inline") && sf.Type.Kind() == reflect.Struct {
			out = append(out, yamlFields(sf.Type)...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		out = append(out, fieldInfo{name: name, typ: sf.Type})
	}
	return out
}

// checkValue checks that the node at *slot has the shape Go type t needs, so that decoding cannot fail
// with a message the user cannot place. It replaces aliases by their targets in place (the reference
// types' decoders expect plain nodes).
func (d *decoder) checkValue(slot **yaml.Node, t reflect.Type, path string) error {
	n := d.resolve(*slot)
	*slot = n
	if t.Kind() == reflect.Pointer {
		if isNull(n) {
			return nil
		}
		t = t.Elem()
	}
	if isNull(n) {
		return d.errAt(n, path, "no value given").WithHint("give a value, or leave the field out")
	}
	switch {
	case t == refType:
		_, err := d.scalar(n, path, "a single id")
		return err
	case t == refListType:
		if n.Kind == yaml.ScalarNode {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return d.errAt(n, path, "expected an id or a list of ids, found %s", describe(n))
		}
		for i := range n.Content {
			c := d.resolve(n.Content[i])
			if _, err := d.scalar(c, index(path, i), "an id"); err != nil {
				return err
			}
			n.Content[i] = c
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		_, err := d.boolean(n, path)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v, err := d.integer(n, path)
		if err != nil {
			return err
		}
		if reflect.Zero(t).OverflowInt(v) {
			return d.errAt(n, path, "%d is out of range", v)
		}
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v, err := d.integer(n, path)
		if err != nil {
			return err
		}
		if v < 0 || reflect.Zero(t).OverflowUint(uint64(v)) {
			return d.errAt(n, path, "%d is out of range", v)
		}
		return nil
	case reflect.Float32, reflect.Float64:
		_, err := d.number(n, path)
		return err
	case reflect.String:
		_, err := d.scalar(n, path, "text")
		return err
	case reflect.Struct:
		f, err := d.entries(n, path, "a mapping")
		if err != nil {
			return err
		}
		fs := yamlFields(t)
		allowed := make([]string, 0, len(fs))
		types := map[string]reflect.Type{}
		for _, fi := range fs {
			allowed = append(allowed, fi.name)
			types[fi.name] = fi.typ
		}
		if err := d.checkFields(f, allowed); err != nil {
			return err
		}
		for _, kv := range f.order {
			if err := d.checkValue(kv.slot, types[kv.name], join(path, kv.name)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		items, err := d.sequence(n, path, "a list")
		if err != nil {
			return err
		}
		for i := range items {
			if err := d.checkValue(&items[i], t.Elem(), index(path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	return nil
}
