package ttp_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
	"github.com/flextime/flextime/io/ttp"
)

const sharedBench = "../../../shared/bench"

// TestSharedTTP scores every stored TTP solution, standard and mirrored, against its declared travel.
func TestSharedTTP(t *testing.T) {
	dir := filepath.Join(sharedBench, "ttp")
	f, err := os.Open(filepath.Join(dir, "solutions.csv"))
	if os.IsNotExist(err) {
		t.Skipf("%s not found: the shared benchmark set is not beside this checkout", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		sol, inst, variant := row[0], row[1], row[2]
		wantHard, _ := strconv.ParseInt(row[3], 10, 64)
		wantSoft, _ := strconv.ParseInt(row[4], 10, 64)
		t.Run(sol, func(t *testing.T) {
			p, err := ttp.Load(filepath.Join(dir, "instances", inst), ttp.Options{Mirrored: variant == "mirrored"})
			if err != nil {
				t.Fatal(err)
			}
			m, err := constraints.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := robinx.LoadSolution(filepath.Join(dir, "solutions", sol), p)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Evaluate(s.Games); got.Hard != wantHard || got.Soft != wantSoft {
				t.Errorf("Evaluate() = %v, want hard %d, soft %d", got, wantHard, wantSoft)
			}
		})
	}
}
