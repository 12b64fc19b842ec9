// Command pgomergegen writes the Go 1.19 profiles used by lib/pprof/merge*.test.ts:
// two CPU profiles with different hot paths (cpu-a: hashing, cpu-b: sorting and
// string building, with pprof labels) and one heap profile. Go 1.19 runtimes do not
// record Function.start_line, which the tests rely on.
//
//	cd lib/pprof/testdata/merge/gen && go run . -out ..
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

var sink []byte
var sinkInt int
var keep [][]byte

//go:noinline
func hashLoop(rounds int) {
	buf := make([]byte, 4096)
	for i := 0; i < rounds; i++ {
		buf[i%len(buf)] = byte(i)
		sum := sha256.Sum256(buf)
		sink = sum[:]
	}
}

func small(x int) int { return x*31 + 7 } // inlined into its callers

//go:noinline
func mixLoop(n int) int {
	acc := 0
	for i := 0; i < n; i++ {
		acc ^= small(i)
	}
	return acc
}

//go:noinline
func sortLoop(n int) {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = (i * 7919) % n
	}
	sort.Ints(xs)
	sinkInt += xs[0]
}

//go:noinline
func buildStrings(n int) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(fmt.Sprintf("%d-", i))
	}
	sinkInt += b.Len()
}

func busy(d time.Duration, f func()) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		f()
	}
}

func cpuProfile(path string, body func()) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	body()
	pprof.StopCPUProfile()
}

func main() {
	out := flag.String("out", ".", "output directory")
	flag.Parse()

	cpuProfile(filepath.Join(*out, "go19-cpu-a.pb.gz"), func() {
		busy(1500*time.Millisecond, func() { hashLoop(200); sinkInt += mixLoop(20000) })
		busy(300*time.Millisecond, func() { sortLoop(5000) })
	})

	cpuProfile(filepath.Join(*out, "go19-cpu-b.pb.gz"), func() {
		ctx := context.Background()
		pprof.Do(ctx, pprof.Labels("handler", "sort"), func(context.Context) {
			busy(900*time.Millisecond, func() { sortLoop(20000) })
		})
		pprof.Do(ctx, pprof.Labels("handler", "strings"), func(context.Context) {
			busy(600*time.Millisecond, func() { buildStrings(2000) })
		})
		busy(300*time.Millisecond, func() { hashLoop(200); sinkInt += mixLoop(20000) })
	})

	runtime.MemProfileRate = 4096
	for i := 0; i < 2000; i++ {
		keep = append(keep, make([]byte, 1024+i))
	}
	buildStrings(5000)
	runtime.GC()
	hf, err := os.Create(filepath.Join(*out, "go19-heap.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	defer hf.Close()
	if err := pprof.WriteHeapProfile(hf); err != nil {
		log.Fatal(err)
	}
}
