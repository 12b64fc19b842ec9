package main

import (
	"math/rand"
	"sort"
	"strings"
)

// search: string matching and sorting, as a search service does.

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
			b.WriteByte(' ')
		}
		docs[i] = Document{ID: i, Title: strings.ToUpper(word(rng)) + " " + word(rng), Body: b.String()}
	}
	return docs
}

func score(doc *Document, terms []string) int {
	s := 0
	for _, t := range terms {
		if strings.Contains(strings.ToLower(doc.Title), t) {
			s += 10
		}
		s += strings.Count(doc.Body, t)
	}
	return s
}

// searchUnit runs one query over the corpus, ranks the hits and keeps the top 20.
func searchUnit(st *state) {
	terms := []string{word(st.rng), word(st.rng)}
	hits := make([]hit, 0, 256)
	for i := range st.corpus {
		if s := score(&st.corpus[i], terms); s > 0 {
			hits = append(hits, hit{&st.corpus[i], s})
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].score != hits[b].score {
			return hits[a].score > hits[b].score
		}
		return hits[a].doc.Title < hits[b].doc.Title
	})
	if len(hits) > 20 {
		hits = hits[:20]
	}
	st.units++
}
