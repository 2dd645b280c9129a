package flextime

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads a whole input file, refusing one larger than limit bytes without reading it all, so a
// wrong file cannot exhaust memory. Its errors are *InputError values naming the file; a missing file
// still matches fs.ErrNotExist.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, "cannot open file", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fileError(path, "cannot read file", err)
	}
	if int64(len(data)) > limit {
		return nil, Errorf(Position{File: path}, "file is larger than the %d MiB limit", limit>>20).
			WithHint("flextime inputs are small; check that this is the file you meant")
	}
	return data, nil
}

func fileError(path, what string, err error) error {
	cause := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	e := Errorf(Position{File: path}, "%s: %v", what, cause)
	e.Err = err
	if errors.Is(err, fs.ErrNotExist) {
		e = e.WithHint("check the path; it is relative to the current directory")
	}
	return e
}
