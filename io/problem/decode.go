package problem

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flextime/flextime"
	"gopkg.in/yaml.v3"
)

// MaxInputSize is the largest file Load, Parse, LoadSchedule and ParseSchedule accept, in bytes.
const MaxInputSize = 16 << 20

// maxMergeWork bounds the number of fields visited while expanding YAML merge keys (<<), so that a file
// of nested merges cannot make decoding exponential.
const maxMergeWork = 1 << 20

// decoder walks a parsed YAML document and turns its mistakes into positioned input errors.
type decoder struct {
	file string
	// work is what remains of the merge-expansion budget.
	work int
}

func newDecoder(file string) *decoder { return &decoder{file: file, work: maxMergeWork} }

// errAt builds an input error at node n (which may be nil) with the given field path.
func (d *decoder) errAt(n *yaml.Node, path, format string, args ...any) *flextime.InputError {
	pos := flextime.Position{File: d.file, Path: path}
	if n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	}
	return flextime.Errorf(pos, format, args...)
}

// readFile reads a whole file, refusing one larger than MaxInputSize without reading it all.
func readFile(path string) ([]byte, error) { return flextime.ReadFile(path, MaxInputSize) }

func tooLarge(name string) error {
	return flextime.Errorf(flextime.Position{File: name}, "file is larger than the %d MiB limit", MaxInputSize>>20).
		WithHint("flextime files are small; check that this is the file you meant")
}

// looksJSON reports whether a file should be read as JSON: by its extension, or by content starting
// with "{" that is valid JSON (a YAML flow mapping such as {flextime: 1, ...} starts with "{" too).
func looksJSON(name string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".json") {
		return true
	}
	data = bytes.TrimLeft(data, " \t\r\n")
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{' && json.Valid(data)
}

// parse checks the raw bytes and parses them into the root node of a single document. what names the
// kind of file for messages ("problem", "schedule").
func (d *decoder) parse(data []byte, asJSON bool, what string) (root *yaml.Node, err error) {
	top := flextime.Position{File: d.file}
	if len(data) > MaxInputSize {
		return nil, tooLarge(d.file)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		if i < 0 {
			i = firstInvalidUTF8(data)
		}
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		return nil, flextime.Errorf(flextime.Position{File: d.file, Line: line}, "not a text file: byte %d is binary or not UTF-8", i+1).
			WithHint("a %s file is YAML or JSON saved as UTF-8", what)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		return nil, flextime.Errorf(top, "file is empty").WithHint("%s", emptyHint(what))
	}
	defer func() {
		// yaml.v3 is well fuzzed, but a bad input must never take the process down.
		if r := recover(); r != nil {
			root, err = nil, flextime.Errorf(top, "cannot parse the file: %v", r)
		}
	}()
	if asJSON {
		root, err = d.parseJSON(bytes.TrimPrefix(data, []byte("\ufeff")))
		if err != nil {
			return nil, err
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, flextime.Errorf(top, "file has no content, only comments").WithHint("%s", emptyHint(what))
			}
			return nil, d.syntaxError(data, err)
		}
		// Further documents are an error unless they are empty (a trailing "---" is harmless).
		for extras := 0; ; extras++ {
			if extras > 100 {
				return nil, flextime.Errorf(top, "file holds more than 100 YAML documents").
					WithHint("a %s file is one YAML document", what)
			}
			var extra yaml.Node
			err := dec.Decode(&extra)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, d.syntaxError(data, err)
			}
			if len(extra.Content) == 1 && !isNull(extra.Content[0]) {
				return nil, d.errAt(&extra, "", "file holds more than one YAML document").
					WithHint("remove the --- separator and everything after it, or split the file")
			}
		}
		root = &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
	}
	root = d.resolve(root)
	if isNull(root) {
		return nil, d.errAt(root, "", "file has no content").WithHint("%s", emptyHint(what))
	}
	if root.Kind != yaml.MappingNode {
		return nil, d.errAt(root, "", "expected a mapping of fields at the top of the file, found %s", describe(root)).
			WithHint("%s", emptyHint(what))
	}
	return root, nil
}

func emptyHint(what string) string {
	if what == "schedule" {
		return "a schedule file lists games: [{home: A, away: B, slot: \"1\"}, ...]"
	}
	return "a problem file starts with flextime: 1 and lists teams, slots and constraints; see docs/format.md"
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

var yamlLineError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 parse error into an input error with the line when the message gives one.
func (d *decoder) syntaxError(data []byte, err error) error {
	msg := strings.TrimSpace(err.Error())
	pos := flextime.Position{File: d.file}
	if m := yamlLineError.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 reports parser errors (unlike scanner errors) with a zero-based line: the line before
		// the construct that is not closed, or before the token it did not expect.
		for _, prefix := range []string{"did not find expected", "found duplicate %", "found incompatible YAML document"} {
			if strings.HasPrefix(msg, prefix) {
				pos.Line++
				break
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	hint := "check the indentation and quoting around this line"
	switch {
	case strings.Contains(msg, "cannot start any token") && lineHasTab(data, pos.Line):
		hint = "YAML indentation must use spaces, not tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		hint = "quote a value that contains \": \", or check the indentation"
	case strings.HasPrefix(msg, "did not find expected ',' or ']'"):
		hint = "a list opened with [ on this line is not closed with ]"
	case strings.HasPrefix(msg, "did not find expected ',' or '}'"):
		hint = "a mapping opened with { on this line is not closed with }"
	case strings.Contains(msg, "incompatible YAML document"):
		hint = "remove the %YAML directive line; flextime reads YAML without it"
	case strings.Contains(msg, "unknown anchor"):
		hint = "define an anchor with &name before referring to it with *name"
	}
	return &flextime.InputError{Pos: pos, Msg: "invalid YAML: " + msg, Hint: hint}
}

func lineHasTab(data []byte, line int) bool {
	if line < 1 {
		return bytes.IndexByte(data, '\t') >= 0
	}
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if line > len(lines) {
		return false
	}
	return bytes.IndexByte(lines[line-1], '\t') >= 0
}

// resolve follows aliases to the node they name.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") ||
		(n.Kind == yaml.DocumentNode && len(n.Content) == 0)
}

// describe names what a node is, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.AliasNode:
		return "an alias"
	case n.Kind == yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// kv is one field of a mapping.
type kv struct {
	name string
	key  *yaml.Node
	val  *yaml.Node
	// slot is where val sits in its mapping, so that a decoder can replace an alias by its target.
	slot **yaml.Node
}

// fields is a decoded mapping: its fields by name, in file order.
type fields struct {
	node  *yaml.Node
	path  string
	order []kv
	byKey map[string]kv
}

func (f *fields) get(name string) (kv, bool) {
	e, ok := f.byKey[name]
	if ok && isNull(e.val) {
		return e, false
	}
	return e, ok
}

func (f *fields) has(name string) bool { _, ok := f.byKey[name]; return ok }

// mapping decodes a mapping node (following aliases and merge keys), rejecting duplicate keys and any
// field not in allowed. what describes the expected value for the message when n is not a mapping.
func (d *decoder) mapping(n *yaml.Node, path, what string, allowed []string) (*fields, error) {
	f, err := d.entries(n, path, what)
	if err != nil {
		return nil, err
	}
	return f, d.checkFields(f, allowed)
}

// entries decodes a mapping node (following aliases and merge keys), rejecting duplicate keys.
func (d *decoder) entries(n *yaml.Node, path, what string) (*fields, error) {
	n = d.resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, d.errAt(n, path, "expected %s, found %s", what, describe(n))
	}
	f := &fields{node: n, path: path, byKey: map[string]kv{}}
	if err := d.collect(f, n, false, 0); err != nil {
		return nil, err
	}
	return f, nil
}

// checkFields rejects any field of f not in allowed, suggesting the closest allowed one.
func (d *decoder) checkFields(f *fields, allowed []string) error {
	path := f.path
	for _, e := range f.order {
		if !slices.Contains(allowed, e.name) {
			err := d.errAt(e.key, join(path, e.name), "unknown field %q", e.name)
			if s := flextime.Suggest(e.name, allowed); s != "" {
				return err.WithHint("did you mean %q?", s)
			}
			return err.WithHint("allowed fields here: %s", strings.Join(allowed, ", "))
		}
	}
	return nil
}

// collect adds the entries of mapping n to f. Entries written in the mapping itself must be unique;
// entries brought in by a merge key only fill fields not set yet.
func (d *decoder) collect(f *fields, n *yaml.Node, merged bool, depth int) error {
	if depth > 20 {
		return d.errAt(n, f.path, "merge keys nest too deeply")
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		d.work--
		if d.work < 0 {
			return d.errAt(n, f.path, "too many merged fields").WithHint("simplify the anchors and merge keys")
		}
		k, v := d.resolve(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			return d.errAt(n.Content[i], f.path, "a field name must be a plain word, found %s", describe(k))
		}
		if k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if prev, dup := f.byKey[k.Value]; dup {
			if merged {
				continue
			}
			return d.errAt(k, join(f.path, k.Value), "field %q is given twice (first on line %d)", k.Value, prev.key.Line).
				WithHint("keep one of them")
		}
		e := kv{name: k.Value, key: k, val: v, slot: &n.Content[i+1]}
		f.byKey[k.Value] = e
		f.order = append(f.order, e)
	}
	for _, m := range merges {
		m = d.resolve(m)
		srcs := []*yaml.Node{m}
		if m != nil && m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, s := range srcs {
			s = d.resolve(s)
			if s == nil || s.Kind != yaml.MappingNode {
				return d.errAt(s, f.path, "a merge key (<<) needs a mapping, found %s", describe(s))
			}
			if err := d.collect(f, s, true, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// join extends a field path by a field name.
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// index extends a field path by a list index.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// sequence returns the items of a list node.
func (d *decoder) sequence(n *yaml.Node, path, what string) ([]*yaml.Node, error) {
	n = d.resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil, d.errAt(n, path, "expected %s, found %s", what, describe(n))
	}
	return n.Content, nil
}

// scalar returns the text of a scalar node.
func (d *decoder) scalar(n *yaml.Node, path, what string) (string, error) {
	n = d.resolve(n)
	if isNull(n) || n.Kind != yaml.ScalarNode {
		return "", d.errAt(n, path, "expected %s, found %s", what, describe(n))
	}
	return n.Value, nil
}

// id returns a non-empty id: any scalar, numbers included, taken as text.
func (d *decoder) id(n *yaml.Node, path, what string) (string, error) {
	s, err := d.scalar(n, path, what)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", d.errAt(d.resolve(n), path, "%s is empty", what)
	}
	return s, nil
}

// integer returns the value of an integer scalar.
func (d *decoder) integer(n *yaml.Node, path string) (int64, error) {
	n = d.resolve(n)
	if isNull(n) || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		return 0, d.errAt(n, path, "expected a whole number, found %s", describe(n))
	}
	if v, ok := plainInt(n.Value); ok {
		return v, nil
	}
	var v int64
	if err := n.Decode(&v); err != nil {
		return 0, d.errAt(n, path, "%s is out of range", n.Value)
	}
	return v, nil
}

// plainInt parses a plain decimal integer without a leading zero, the common case, much faster than
// yaml.v3's decoder (which a million-entry distance matrix would notice). Anything else is left to it.
func plainInt(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// boolean returns the value of a true/false scalar.
func (d *decoder) boolean(n *yaml.Node, path string) (bool, error) {
	n = d.resolve(n)
	if isNull(n) || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false, d.errAt(n, path, "expected true or false, found %s", describe(n))
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		return false, d.errAt(n, path, "expected true or false, found %s", describe(n))
	}
	return v, nil
}

// number returns the value of a finite numeric scalar.
func (d *decoder) number(n *yaml.Node, path string) (float64, error) {
	n = d.resolve(n)
	if isNull(n) || n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		return 0, d.errAt(n, path, "expected a number, found %s", describe(n))
	}
	var v float64
	if err := n.Decode(&v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, d.errAt(n, path, "expected a finite number, found %s", describe(n))
	}
	return v, nil
}

var datePattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// date returns a civil date written YYYY-MM-DD, as midnight UTC.
func (d *decoder) date(n *yaml.Node, path string) (time.Time, error) {
	s, err := d.scalar(n, path, "a date (YYYY-MM-DD)")
	if err != nil {
		return time.Time{}, err
	}
	t, err := parseDate(s)
	if err != nil {
		return time.Time{}, d.errAt(d.resolve(n), path, "%v", err).WithHint("write a calendar date as YYYY-MM-DD")
	}
	return t, nil
}

// parseDate parses YYYY-MM-DD and explains what is wrong with an impossible date.
func parseDate(s string) (time.Time, error) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not a date", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 {
		return time.Time{}, fmt.Errorf("%s is not a date: there is no month %d", s, mo)
	}
	last := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return time.Time{}, fmt.Errorf("%s is not a date: %s %d has %d days", s, time.Month(mo), y, last)
	}
	return time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC), nil
}

// didYouMean attaches a suggestion among known to e, or the fallback hint when nothing is close.
func didYouMean(e *flextime.InputError, s string, known []string, fallback string) *flextime.InputError {
	if m := flextime.Suggest(s, known); m != "" {
		return e.WithHint("did you mean %q?", m)
	}
	if fallback != "" {
		return e.WithHint("%s", fallback)
	}
	return e
}
