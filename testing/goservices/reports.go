package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand"
	"sort"
	"strconv"
	"time"
)

// reports: aggregating rows and writing CSV, with waits for I/O, as a reporting job does.

type Row struct {
	Region  string
	Service string
	Day     int
	Cost    float64
	Calls   int64
}

type total struct {
	cost  float64
	calls int64
	rows  int
}

func makeRows(rng *rand.Rand, n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{Region: word(rng), Service: word(rng), Day: rng.Intn(31), Cost: rng.Float64() * 50, Calls: rng.Int63n(10000)}
	}
	return rows
}

func aggregate(rows []Row) map[string]*total {
	totals := make(map[string]*total)
	for i := range rows {
		r := &rows[i]
		key := r.Region + "/" + r.Service + "/" + strconv.Itoa(r.Day)
		t := totals[key]
		if t == nil {
			t = &total{}
			totals[key] = t
		}
		t.cost += r.Cost
		t.calls += r.Calls
		t.rows++
	}
	return totals
}

func writeCSV(w io.Writer, totals map[string]*total) {
	keys := make([]string, 0, len(totals))
	for k := range totals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf := bufio.NewWriter(w)
	out := csv.NewWriter(buf)
	_ = out.Write([]string{"key", "cost", "calls", "rows"})
	for _, k := range keys {
		t := totals[k]
		_ = out.Write([]string{k, strconv.FormatFloat(t.cost, 'f', 2, 64), strconv.FormatInt(t.calls, 10), strconv.Itoa(t.rows)})
	}
	out.Flush()
	_ = buf.Flush()
}

// reportsUnit aggregates a slice of rows, waits as for a database read, and writes the CSV.
func reportsUnit(st *state) {
	start := (st.units * 5000) % len(st.rows)
	end := start + 5000
	if end > len(st.rows) {
		end = len(st.rows)
	}
	time.Sleep(200 * time.Microsecond) // the rows arrive from a database
	writeCSV(io.Discard, aggregate(st.rows[start:end]))
	st.units++
}
