package services

import "math/rand"

// state is what a service keeps between units of work: its data set, made once from a fixed seed.
type state struct {
	service string
	units   int
	rng     *rand.Rand
	users   []User
	corpus  []Document
	rows    []Row
}

func newState(service string) *state {
	st := &state{service: service, rng: rand.New(rand.NewSource(42))}
	switch service {
	case "users":
		st.users = makeUsers(st.rng, 200)
	case "search":
		st.corpus = makeCorpus(st.rng, 4000)
	case "reports":
		st.rows = makeRows(st.rng, 20000)
	}
	return st
}

var words = []string{
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
	"kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
	"uniform", "victor", "whiskey", "xray", "yankee", "zulu", "latency", "throughput", "region", "cluster",
}

func word(rng *rand.Rand) string { return words[rng.Intn(len(words))] }
