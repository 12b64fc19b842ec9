package services

import (
	"math/rand"
	"sort"
	"strings"
)

// search: string matching and sorting, as a search service does. Each document is tokenised and
// every token goes through the query's matchers (interface calls in the hot loop, which PGO
// devirtualizes and inlines), and the hits are ranked with sort.Sort (Less through an interface).

type Document struct {
	ID    int
	Title string
	Body  string
}

type hit struct {
	doc   *Document
	score int
}

func makeCorpus(rng *rand.Rand, n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		var b strings.Builder
		for w := 0; w < 40; w++ {
			b.WriteString(word(rng))
			if w%7 == 6 {
				b.WriteByte(',')
			}
			b.WriteByte(' ')
		}
		docs[i] = Document{ID: i, Title: strings.ToUpper(word(rng)) + " " + word(rng), Body: b.String()}
	}
	return docs
}

// matcher scores one token of a document against one part of a query.
type matcher interface {
	match(token string) int
}

type exactTerm struct{ term string }

func (m exactTerm) match(token string) int {
	if token == m.term {
		return 3
	}
	return 0
}

type prefixTerm struct{ prefix string }

func (m prefixTerm) match(token string) int {
	if len(token) >= len(m.prefix) && token[:len(m.prefix)] == m.prefix {
		return 1
	}
	return 0
}

// nextToken returns the word that starts at or after i (letters and digits, lower-cased bytes
// only) and where to continue.
func nextToken(s string, i int) (string, int) {
	for i < len(s) && !isWordByte(s[i]) {
		i++
	}
	start := i
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	return s[start:i], i
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// titleContains reports whether the title contains term, ignoring ASCII case, without allocating.
func titleContains(title, term string) bool {
	for i := 0; i+len(term) <= len(title); i++ {
		j := 0
		for j < len(term) && lowerByte(title[i+j]) == term[j] {
			j++
		}
		if j == len(term) {
			return true
		}
	}
	return false
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func score(doc *Document, terms []string, matchers []matcher) int {
	s := 0
	for _, t := range terms {
		if titleContains(doc.Title, t) {
			s += 10
		}
	}
	for i := 0; i < len(doc.Body); {
		var token string
		token, i = nextToken(doc.Body, i)
		for _, m := range matchers {
			s += m.match(token)
		}
	}
	return s
}

type byRank []hit

func (h byRank) Len() int      { return len(h) }
func (h byRank) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h byRank) Less(a, b int) bool {
	if h[a].score != h[b].score {
		return h[a].score > h[b].score
	}
	return h[a].doc.ID < h[b].doc.ID
}

// searchUnit runs one query over the corpus, ranks the hits and keeps the top 20.
func searchUnit(st *state) {
	terms := []string{word(st.rng), word(st.rng)}
	matchers := []matcher{exactTerm{terms[0]}, exactTerm{terms[1]}, prefixTerm{terms[0][:2]}}
	labelled(st, "GET /v1/search", func() {
		hits := make([]hit, 0, 1024)
		for i := range st.corpus {
			if s := score(&st.corpus[i], terms, matchers); s > 0 {
				hits = append(hits, hit{&st.corpus[i], s})
			}
		}
		sort.Sort(byRank(hits))
		if len(hits) > 20 {
			hits = hits[:20]
		}
	})
	st.units++
}
