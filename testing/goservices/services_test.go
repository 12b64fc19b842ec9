package main

import "testing"

func benchService(b *testing.B, service string) {
	st := newState(service)
	unit := workloads[service]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		unit(st)
	}
}

func BenchmarkUsers(b *testing.B)   { benchService(b, "users") }
func BenchmarkSearch(b *testing.B)  { benchService(b, "search") }
func BenchmarkReports(b *testing.B) { benchService(b, "reports") }

func TestEveryServiceWorks(t *testing.T) {
	for name, unit := range workloads {
		st := newState(name)
		unit(st)
		if st.units != 1 {
			t.Fatalf("%s: %d units after one", name, st.units)
		}
	}
}
