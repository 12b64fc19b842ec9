package services

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// users: heavy JSON marshalling and unmarshalling, as a users API does, and checks of every
// decoded user through a list of rules (interface calls in a hot loop, which PGO devirtualizes).

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

// userRule is one check a users API makes of a decoded body.
type userRule interface {
	check(u *User) error
}

var errInvalidUser = errors.New("invalid user")

type emailRule struct{}

func (emailRule) check(u *User) error {
	at := strings.IndexByte(u.Email, '@')
	if at <= 0 || at == len(u.Email)-1 {
		return errInvalidUser
	}
	for i := 0; i < len(u.Email); i++ {
		if c := u.Email[i]; c <= ' ' || c == ',' || c == ';' || c >= 0x7f {
			return errInvalidUser
		}
	}
	return nil
}

type nameRule struct{}

func (nameRule) check(u *User) error {
	if len(u.Name) == 0 || len(u.Name) > 200 {
		return errInvalidUser
	}
	return nil
}

type zipRule struct{}

func (zipRule) check(u *User) error {
	for i := range u.Addresses {
		if !allDigits(u.Addresses[i].Zip) {
			return errInvalidUser
		}
	}
	return nil
}

type scoreRule struct{}

func (scoreRule) check(u *User) error {
	for _, s := range u.Scores {
		if s < 0 || s > 100 {
			return errInvalidUser
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

var userRules = []userRule{emailRule{}, nameRule{}, zipRule{}, scoreRule{}}

// validateUsers runs every rule on every user, as a handler does before storing a body.
func validateUsers(users []User) int {
	valid := 0
	for i := range users {
		ok := true
		for _, r := range userRules {
			if r.check(&users[i]) != nil {
				ok = false
			}
		}
		if ok {
			valid++
		}
	}
	return valid
}

// usersUnit encodes a page of users, decodes it back and checks every user, like a request that
// reads a JSON body and answers with JSON.
func usersUnit(st *state) {
	endpoint := "GET /v1/users"
	if st.units%2 == 1 {
		endpoint = "PUT /v1/users"
	}
	labelled(st, endpoint, func() {
		page := st.users[st.units%100 : st.units%100+100]
		body, err := json.Marshal(page)
		if err != nil {
			panic(err)
		}
		var decoded []User
		if err := json.Unmarshal(body, &decoded); err != nil {
			panic(err)
		}
		if decoded[0].ID != page[0].ID || validateUsers(decoded) != len(decoded) {
			panic("round trip changed the users")
		}
	})
	st.units++
}
