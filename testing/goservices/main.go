// Command goservices is one binary that serves three services, as one container image serves
// several ECS services: the service is chosen by a flag.
//
//	goservices -service=users -serve -admin=127.0.0.1:6060   # work in a loop; net/http/pprof on the admin port
//	goservices -service=search -cpuprofile=cpu.pprof -seconds=10   # a batch run that profiles itself
//	goservices -service=reports -heapprofile=heap.pprof -seconds=2
//
// The admin listener serves net/http/pprof on loopback only, on its own mux, never on the public one.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	rpprof "runtime/pprof"
	"syscall"
	"time"

	"fleetscope.test/goservices/services"
)

func main() {
	service := flag.String("service", "users", "users, search or reports")
	serve := flag.Bool("serve", false, "work in a loop and serve net/http/pprof on -admin")
	admin := flag.String("admin", "127.0.0.1:6060", "admin address for net/http/pprof (loopback only; port 0 picks one)")
	cpuProfile := flag.String("cpuprofile", "", "batch mode: write a CPU profile of the run to this file")
	heapProfile := flag.String("heapprofile", "", "batch mode: write a heap profile at the end of the run to this file")
	seconds := flag.Float64("seconds", 5, "batch mode: how long to work")
	flag.Parse()

	svc, err := services.New(*service)
	if err != nil {
		log.Fatal(err)
	}
	if *serve {
		serveAdmin(*admin, *service)
		for {
			svc.Do()
		}
	}
	runBatch(svc, time.Duration(*seconds*float64(time.Second)), *cpuProfile, *heapProfile)
}

func runBatch(svc *services.Service, d time.Duration, cpuProfile, heapProfile string) {
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if err := rpprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer rpprof.StopCPUProfile()
	}
	for end := time.Now().Add(d); time.Now().Before(end); {
		svc.Do()
	}
	if heapProfile != "" {
		f, err := os.Create(heapProfile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if err := rpprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%s: %d units\n", svc.Name(), svc.Units())
}

// serveAdmin starts net/http/pprof on a loopback address and prints where it listens.
func serveAdmin(addr, service string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		log.Fatalf("bad -admin %q: %v", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Fatalf("-admin %q: the admin port serves profiles and must stay on a loopback address", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, service, "ok") })
	fmt.Printf("admin listening on http://%s\n", ln.Addr())
	go func() { log.Fatal(http.Serve(ln, mux)) }()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	go func() { <-stop; os.Exit(0) }()
}
