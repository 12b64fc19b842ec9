// Package services holds the work of the binary's three services. It is a package of its own, not
// part of main, so that its functions have the same names in the binary and in the benchmarks'
// test binary: a test binary names a main package's functions by import path
// (fleetscope.test/goservices.score) where the binary says main.score, so a profile of the binary
// would match nothing of main's own code in `go test -pgo`.
package services

import "fmt"

// Names lists the services, in the order the binary documents them.
var Names = []string{"users", "search", "reports"}

// workloads maps each service to one unit of its work.
var workloads = map[string]func(*state){
	"users":   usersUnit,
	"search":  searchUnit,
	"reports": reportsUnit,
}

// Service is one service with its data set, made once from a fixed seed.
type Service struct {
	st   *state
	unit func(*state)
}

// New makes the named service ready to work.
func New(name string) (*Service, error) {
	unit, ok := workloads[name]
	if !ok {
		return nil, fmt.Errorf("unknown service %q: want users, search or reports", name)
	}
	return &Service{st: newState(name), unit: unit}, nil
}

// Name is the service's name.
func (s *Service) Name() string { return s.st.service }

// Do runs one unit of work (a request, a query, a report) under its pprof labels.
func (s *Service) Do() { s.unit(s.st) }

// Units is how many units of work it has done.
func (s *Service) Units() int { return s.st.units }
