package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/problem"
	"github.com/flextime/flextime/io/robinx"
	"github.com/flextime/flextime/io/ttp"
)

// problemKind tells which reader a problem file needs.
type problemKind int

const (
	kindYAML problemKind = iota
	kindRobinX
	kindTTP
)

// sniff decides a file's kind from its extension, then from its first bytes.
func sniff(path string) (problemKind, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		return kindRobinX, nil
	case ".txt":
		return kindTTP, nil
	case ".yaml", ".yml", ".json":
		return kindYAML, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(head[:n], " \t\r\n\ufeff")
	switch {
	case robinx.LooksLikeXML(head):
		return kindRobinX, nil
	case len(head) > 0 && (head[0] == '#' || (head[0] >= '0' && head[0] <= '9')) && !bytes.Contains(head, []byte(":")):
		return kindTTP, nil
	}
	return kindYAML, nil
}

// loadProblem reads and compiles a problem of any supported kind.
func loadProblem(path string, mirrored bool) (*constraints.Model, error) {
	kind, err := sniff(path)
	if err != nil {
		return nil, err
	}
	if mirrored && kind != kindTTP {
		return nil, usageError{errors.New("--mirrored applies to TTP instances (.txt) only")}
	}
	var p *flextime.Problem
	switch kind {
	case kindRobinX:
		p, err = robinx.LoadInstance(path)
	case kindTTP:
		p, err = ttp.Load(path, ttp.Options{Mirrored: mirrored})
	default:
		p, err = problem.Load(path)
	}
	if err != nil {
		return nil, err
	}
	return constraints.Compile(p)
}

// loadSchedule reads a schedule for a compiled problem: RobinX XML, or flextime YAML/JSON.
func loadSchedule(path string, m *constraints.Model) (*flextime.Schedule, error) {
	data, err := readHead(path)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(filepath.Ext(path), ".xml") || robinx.LooksLikeXML(data) {
		s, _, err := robinx.LoadSolution(path, m.Problem)
		return s, err
	}
	return problem.LoadSchedule(path, m.Problem)
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return head[:n], nil
}
