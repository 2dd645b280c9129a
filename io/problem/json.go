package problem

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/flextime/flextime"
	"gopkg.in/yaml.v3"
)

// maxJSONDepth bounds the nesting of a JSON document; flextime files nest a few levels at most.
const maxJSONDepth = 100

// parseJSON reads a JSON document into a yaml.Node tree with the line and column of every value, so that
// JSON and YAML files share one decoder and one set of messages. (yaml.v3 itself reads most JSON, but not
// all of it: it rejects the \/ escape, for one.)
func (d *decoder) parseJSON(data []byte) (*yaml.Node, error) {
	p := &jsonParser{d: d, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, p.fail(err, "unexpected text after the end of the JSON document")
	}
	return root, nil
}

type jsonParser struct {
	d    *decoder
	data []byte
	dec  *json.Decoder
}

// pos returns the line and column (1-based, in characters) of the next token.
func (p *jsonParser) pos() (int, int) {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return lineCol(p.data, off)
}

func lineCol(data []byte, off int) (int, int) {
	off = min(off, len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// fail reports a JSON syntax error at its offset.
func (p *jsonParser) fail(err error, fallback string) error {
	msg := fallback
	off := int(p.dec.InputOffset())
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		msg, off = se.Error(), int(se.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		msg, off = "unexpected end of file", len(p.data)
	case err != nil && fallback == "":
		msg = err.Error()
	}
	line, col := lineCol(p.data, off)
	return &flextime.InputError{Pos: flextime.Position{File: p.d.file, Line: line, Col: col}, Msg: "invalid JSON: " + msg,
		Hint: "check for a missing comma, quote or bracket near here"}
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		line, col := p.pos()
		return nil, &flextime.InputError{Pos: flextime.Position{File: p.d.file, Line: line, Col: col},
			Msg: fmt.Sprintf("JSON nests more than %d levels deep", maxJSONDepth)}
	}
	line, col := p.pos()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(err, "")
	}
	n := &yaml.Node{Line: line, Column: col}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.Kind, n.Tag, n.Style = yaml.MappingNode, "!!map", yaml.FlowStyle
			for p.dec.More() {
				kl, kc := p.pos()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(err, "")
				}
				key, ok := kt.(string)
				if !ok {
					return nil, p.fail(nil, "expected a field name")
				}
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: kl, Column: kc}, val)
			}
		case '[':
			n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
			for p.dec.More() {
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, val)
			}
		default:
			return nil, p.fail(nil, fmt.Sprintf("unexpected %q", rune(v)))
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, p.fail(err, "")
		}
	case string:
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", v, yaml.DoubleQuotedStyle
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", v.String()
		if _, err := strconv.ParseInt(v.String(), 10, 64); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(v)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}
