package robinx_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
)

// sharedBench is where the public benchmark data lives beside the repository, when it does.
const sharedBench = "../../../shared/bench"

// TestSharedITC2021 scores every stored solution of the shared ITC2021 set and compares with the
// official values it declares. It is skipped when the shared folder is not there.
func TestSharedITC2021(t *testing.T) {
	dir := filepath.Join(sharedBench, "itc2021")
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
	models := map[string]*constraints.Model{}
	for _, row := range rows[1:] {
		sol, inst := row[0], row[1]
		wantHard, _ := strconv.ParseInt(row[2], 10, 64)
		wantSoft, _ := strconv.ParseInt(row[3], 10, 64)
		t.Run(sol, func(t *testing.T) {
			m := models[inst]
			if m == nil {
				p, err := robinx.LoadInstance(filepath.Join(dir, "instances", inst))
				if err != nil {
					t.Fatal(err)
				}
				if m, err = constraints.Compile(p); err != nil {
					t.Fatal(err)
				}
				models[inst] = m
			}
			s, _, err := robinx.LoadSolution(filepath.Join(dir, "solutions", sol), m.Problem)
			if err != nil {
				t.Fatal(err)
			}
			got := m.Evaluate(s.Games)
			if got.Hard != wantHard || got.Soft != wantSoft {
				t.Errorf("Evaluate() = %v, want hard %d, soft %d", got, wantHard, wantSoft)
			}
			if r := m.Explain(s.Games); r.Score != got {
				t.Errorf("Explain().Score = %v, want %v", r.Score, got)
			}
		})
	}
}
