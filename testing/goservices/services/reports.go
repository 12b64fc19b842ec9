package services

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand"
	"sort"
	"strconv"
	"time"
)

// reports: aggregating rows and writing CSV, with waits for I/O, as a reporting job does. Each row
// feeds every measure through an interface (calls PGO devirtualizes), keyed by a string built per row.

type Row struct {
	Region  string
	Service string
	Day     int
	Cost    float64
	Calls   int64
	Errors  int64
}

// measure is one column of the report: what a row adds to it.
type measure interface {
	of(r *Row) float64
}

type costMeasure struct{}

func (costMeasure) of(r *Row) float64 { return r.Cost }

type callsMeasure struct{}

func (callsMeasure) of(r *Row) float64 { return float64(r.Calls) }

type errorRateMeasure struct{}

func (errorRateMeasure) of(r *Row) float64 {
	if r.Calls == 0 {
		return 0
	}
	return float64(r.Errors) / float64(r.Calls)
}

var measures = []measure{costMeasure{}, callsMeasure{}, errorRateMeasure{}}

type total struct {
	sums [3]float64
	rows int
}

func makeRows(rng *rand.Rand, n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		calls := rng.Int63n(10000)
		rows[i] = Row{Region: word(rng), Service: word(rng), Day: rng.Intn(31), Cost: rng.Float64() * 50, Calls: calls, Errors: calls / (1 + rng.Int63n(50))}
	}
	return rows
}

// rowKey is region/service/day, built in a stack buffer.
func rowKey(buf []byte, r *Row) []byte {
	buf = append(buf[:0], r.Region...)
	buf = append(buf, '/')
	buf = append(buf, r.Service...)
	buf = append(buf, '/')
	return strconv.AppendInt(buf, int64(r.Day), 10)
}

func aggregate(rows []Row) map[string]*total {
	totals := make(map[string]*total)
	var buf [64]byte
	for i := range rows {
		r := &rows[i]
		key := rowKey(buf[:0], r)
		t := totals[string(key)]
		if t == nil {
			t = &total{}
			totals[string(key)] = t
		}
		for j, m := range measures {
			t.sums[j] += m.of(r)
		}
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
	_ = out.Write([]string{"key", "cost", "calls", "error_rate", "rows"})
	record := make([]string, 5)
	for _, k := range keys {
		t := totals[k]
		record[0] = k
		record[1] = strconv.FormatFloat(t.sums[0], 'f', 2, 64)
		record[2] = strconv.FormatFloat(t.sums[1], 'f', 0, 64)
		record[3] = strconv.FormatFloat(t.sums[2]/float64(t.rows), 'f', 4, 64)
		record[4] = strconv.Itoa(t.rows)
		_ = out.Write(record)
	}
	out.Flush()
	_ = buf.Flush()
}

// reportsUnit aggregates a slice of rows, waits as for a database read, and writes the CSV.
func reportsUnit(st *state) {
	labelled(st, "POST /v1/reports/daily", func() {
		start := (st.units * 5000) % len(st.rows)
		end := start + 5000
		if end > len(st.rows) {
			end = len(st.rows)
		}
		time.Sleep(200 * time.Microsecond) // the rows arrive from a database
		writeCSV(io.Discard, aggregate(st.rows[start:end]))
	})
	st.units++
}
