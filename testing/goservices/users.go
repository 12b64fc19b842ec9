package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"time"
)

// users: heavy JSON marshalling and unmarshalling, as a users API does.

type Address struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	Country string `json:"country"`
	Zip     string `json:"zip"`
}

type User struct {
	ID        int64             `json:"id"`
	Name      string            `json:"name"`
	Email     string            `json:"email"`
	Roles     []string          `json:"roles"`
	Addresses []Address         `json:"addresses"`
	Settings  map[string]string `json:"settings"`
	Scores    []float64         `json:"scores"`
	CreatedAt time.Time         `json:"createdAt"`
	Active    bool              `json:"active"`
}

func makeUsers(rng *rand.Rand, n int) []User {
	users := make([]User, n)
	for i := range users {
		u := User{ID: int64(i + 1), Name: word(rng) + " " + word(rng), Email: fmt.Sprintf("%s%d@example.com", word(rng), i),
			Settings: map[string]string{}, CreatedAt: time.Unix(1_700_000_000+int64(i)*3600, 0).UTC(), Active: i%3 != 0}
		for r := 0; r < 1+rng.Intn(4); r++ {
			u.Roles = append(u.Roles, word(rng))
		}
		for a := 0; a < 1+rng.Intn(3); a++ {
			u.Addresses = append(u.Addresses, Address{Street: word(rng) + " street", City: word(rng), Country: word(rng), Zip: fmt.Sprint(10000 + rng.Intn(89999))})
		}
		for s := 0; s < 5; s++ {
			u.Settings[word(rng)] = word(rng)
		}
		for s := 0; s < 8; s++ {
			u.Scores = append(u.Scores, rng.Float64()*100)
		}
		users[i] = u
	}
	return users
}

// usersUnit encodes a page of users, decodes it back and checks one field, like a request that
// reads a JSON body and answers with JSON.
func usersUnit(st *state) {
	page := st.users[st.units%100 : st.units%100+100]
	body, err := json.Marshal(page)
	if err != nil {
		panic(err)
	}
	var decoded []User
	if err := json.Unmarshal(body, &decoded); err != nil {
		panic(err)
	}
	if decoded[0].ID != page[0].ID {
		panic("round trip changed the users")
	}
	st.units++
}
