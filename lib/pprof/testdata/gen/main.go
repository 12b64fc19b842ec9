// Command fixturegen writes the Go 1.19 CPU and heap profiles used as test
// fixtures by lib/pprof (see ../README.md for how to regenerate them).
//
// The CPU workload burns about three seconds in a few distinct functions:
// a recursive one (fib), a mutually recursive pair (isEven/isOdd), a hot loop
// calling small inlinable helpers (mix, rotl), and a sort. The heap workload
// allocates in a few functions and keeps part of the memory live so that the
// inuse_* and alloc_* sample types differ.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"time"
)

func init() {
	// Record every allocation: as deterministic as a heap profile gets.
	runtime.MemProfileRate = 1
}

var sink uint64

// fib is deliberately recursive.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// isEven and isOdd recurse into each other.
func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

// rotl and mix are small enough for the compiler to inline them into hashLoop.
func rotl(x uint64, k uint) uint64 { return x<<k | x>>(64-k) }

func mix(h, v uint64) uint64 { return rotl(h^v, 31) * 0x9e3779b97f4a7c15 }

func hashLoop(n int) uint64 {
	h := uint64(1)
	for i := 0; i < n; i++ {
		h = mix(h, uint64(i))
	}
	return h
}

func sortWork(n int) {
	xs := make([]int, n)
	seed := uint64(42)
	for i := range xs {
		seed = seed*6364136223846793005 + 1442695040888963407
		xs[i] = int(seed >> 33)
	}
	sort.Ints(xs)
	sink += uint64(xs[0])
}

func burnFor(d time.Duration, f func()) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f()
	}
}

func cpuWorkload() {
	burnFor(900*time.Millisecond, func() { sink += uint64(fib(25)) })
	burnFor(600*time.Millisecond, func() {
		if isEven(100001) {
			sink++
		}
	})
	burnFor(900*time.Millisecond, func() { sink += hashLoop(1 << 16) })
	burnFor(600*time.Millisecond, func() { sortWork(1 << 12) })
}

type node struct {
	next  *node
	value [6]uint64
}

var keep []interface{}

func allocList(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head}
	}
	return head
}

func allocBuffers(n, size int) [][]byte {
	bufs := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		bufs = append(bufs, make([]byte, size))
	}
	return bufs
}

func allocStrings(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("key-%06d", i))
	}
	return out
}

func allocRecursive(depth int) []byte {
	if depth == 0 {
		return make([]byte, 4096)
	}
	b := allocRecursive(depth - 1)
	return append(b, make([]byte, 512)...)
}

func heapWorkload() {
	keep = append(keep, allocList(5000))         // live
	_ = allocBuffers(64, 32<<10)                 // garbage
	keep = append(keep, allocBuffers(16, 8<<10)) // live
	keep = append(keep, allocStrings(2000))      // live
	for i := 0; i < 10; i++ {
		_ = allocRecursive(8) // garbage
	}
}

func writeCPU(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	cpuWorkload()
	pprof.StopCPUProfile()
	return f.Close()
}

func writeHeap(path string) error {
	heapWorkload()
	runtime.GC() // the heap profile reports the state as of the last GC
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return err
	}
	return f.Close()
}

func main() {
	cpuOut := flag.String("cpu", "cpu.pprof", "CPU profile output path")
	heapOut := flag.String("heap", "heap.pprof", "heap profile output path")
	flag.Parse()
	if err := writeCPU(*cpuOut); err != nil {
		fmt.Fprintln(os.Stderr, "cpu profile:", err)
		os.Exit(1)
	}
	if err := writeHeap(*heapOut); err != nil {
		fmt.Fprintln(os.Stderr, "heap profile:", err)
		os.Exit(1)
	}
	runtime.KeepAlive(keep)
	fmt.Println("wrote", *cpuOut, *heapOut, sink)
}
