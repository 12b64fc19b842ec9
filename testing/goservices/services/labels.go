package services

import (
	"context"
	"runtime/pprof"
)

// tenants are the customers a unit of work is done for; the profiles carry them as the pprof label
// `tenant`, beside `endpoint`, as a production service labels its request handlers.
var tenants = []string{"acme", "globex", "initech", "umbrella"}

// labelled runs one unit of work under the pprof labels endpoint and tenant, so CPU profiles come
// out shaped like production's: the same stacks split by label.
func labelled(st *state, endpoint string, work func()) {
	tenant := tenants[st.units%len(tenants)]
	pprof.Do(context.Background(), pprof.Labels("endpoint", endpoint, "tenant", tenant), func(context.Context) { work() })
}
