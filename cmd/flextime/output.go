package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/export"
	"github.com/flextime/flextime/io/problem"
	"github.com/flextime/flextime/io/robinx"
)

// scheduleFormat picks the output format from --format or the file's extension.
func scheduleFormat(flag, path string) (string, error) {
	f := strings.ToLower(flag)
	if f == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".json":
			f = "json"
		case ".xml":
			f = "xml"
		case ".csv":
			f = "csv"
		case ".ics":
			f = "ics"
		case ".html", ".htm":
			f = "html"
		default:
			f = "yaml"
		}
	}
	switch f {
	case "yaml", "yml":
		return "yaml", nil
	case "json", "xml", "csv", "ics", "html":
		return f, nil
	}
	return "", usageError{fmt.Errorf("unknown --format %q (use yaml, json, xml, csv, ics or html)", flag)}
}

// encodeSchedule renders a schedule in a format.
func encodeSchedule(m *constraints.Model, s *flextime.Schedule, format string) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "xml":
		err = robinx.WriteSolution(&b, m.Problem, s, *s.Score)
	case "csv":
		err = export.WriteCSV(&b, m.Problem, s)
	case "ics":
		err = export.WriteICS(&b, m.Problem, s, export.ICSOptions{Stamp: time.Now().Truncate(time.Second)})
	case "html":
		err = export.WriteHTML(&b, m, s, m.Explain(s.Games), export.HTMLOptions{Made: time.Now()})
	default:
		err = problem.WriteSchedule(&b, m.Problem, s, format)
	}
	return b.Bytes(), err
}

// writeFileAtomic writes data to path through a temporary file in the same folder and a rename, so an
// interrupted write never leaves half a file behind.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return termIsTerminal(int(f.Fd()))
}
