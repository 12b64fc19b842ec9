package services

import (
	"syscall"
	"testing"
	"time"
)

// processCPU is the CPU time the whole process has used (every thread: the benchmark's and the
// garbage collector's), from getrusage.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchService runs units of a service's work. Beside ns/op (wall time, which includes the
// reports service's waits and whatever else the machine runs) it reports cpu-ns/op, the process's
// CPU time per unit: on a shared machine the steadier figure of the work the code does.
func benchService(b *testing.B, service string) {
	svc, err := New(service)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU(b)
	for i := 0; i < b.N; i++ {
		svc.Do()
	}
	b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N), "cpu-ns/op")
}

func BenchmarkUsers(b *testing.B)   { benchService(b, "users") }
func BenchmarkSearch(b *testing.B)  { benchService(b, "search") }
func BenchmarkReports(b *testing.B) { benchService(b, "reports") }

func TestEveryServiceWorks(t *testing.T) {
	for _, name := range Names {
		svc, err := New(name)
		if err != nil {
			t.Fatal(err)
		}
		svc.Do()
		if svc.Units() != 1 || svc.Name() != name {
			t.Fatalf("%s: %d units after one", name, svc.Units())
		}
	}
	if _, err := New("billing"); err == nil {
		t.Fatal("an unknown service was accepted")
	}
}
