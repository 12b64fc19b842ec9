#!/bin/sh
# Regenerates the Go 1.26 fixtures' reference output with `go tool pprof` of the `go` on the PATH
# (Go 1.26 at /usr/local/go; never Debian's golang-go, which is Go 1.19). Tests only read the
# committed files. See README.md.
#
#   sh lib/pprof/testdata/regen-go126.sh             # reference output only
#   sh lib/pprof/testdata/regen-go126.sh --profiles  # first collect fresh profiles from testing/goservices
#
# The Go 1.19 fixtures (go19-*) stay as they are: they are the "too old for PGO" case and no
# machine has Go 1.19 any more.
set -eu
cd "$(dirname "$0")"

GO=$(command -v go || true)
case "$GO" in
  "") echo "regen-go126.sh: no go on the PATH; install Go 1.26 (/usr/local/go/bin)" >&2; exit 1 ;;
esac
case "$(go env GOVERSION 2>/dev/null)" in
  go1.1[0-9]|go1.1[0-9].*|go1.20|go1.20.*) echo "regen-go126.sh: $(go version) is too old (Debian's golang-go is Go 1.19); put /usr/local/go/bin first on the PATH" >&2; exit 1 ;;
esac
echo "using $GO: $(go version)"

SERVICES="users search reports"
if [ "${1:-}" = "--profiles" ]; then
  bin=$(mktemp -d)
  trap 'rm -rf "$bin"' EXIT
  (cd ../../../testing/goservices && go build -o "$bin/goservices" .)
  for service in $SERVICES; do
    "$bin/goservices" -service="$service" -cpuprofile="go126-$service.pb.gz" -seconds=4
  done
  "$bin/goservices" -service=users -heapprofile=go126-heap.pb.gz -seconds=2
fi

pp() { go tool pprof -symbolize=none "$@" 2>/dev/null; }
exact_unit() {
  case "$1" in
    nanoseconds) echo ns ;;
    bytes) echo B ;;
    *) echo minimum ;;
  esac
}

# -top (human and exact) for every sample type, as regen.sh does for the other fixtures.
for fixture in go126-users.pb.gz go126-search.pb.gz go126-reports.pb.gz go126-heap.pb.gz; do
  base=${fixture%%.*}
  rm -f expected/"$base".*
  types=$(pp -raw "$fixture" | sed -n '/^Samples:$/{n;p;q}')
  index=0
  for t in $types; do
    t=${t%"[dflt]"} # pprof marks the profile's default_sample_type (Go 1.26's allocs profile sets one)
    name=${t%/*}
    unit=$(exact_unit "${t#*/}")
    pp -top -nodecount=100000 -sample_index=$index "$fixture" > "expected/$base.$index-$name.top.txt"
    pp -top -nodecount=100000 -nodefraction=0 -unit="$unit" -sample_index=$index "$fixture" > "expected/$base.$index-$name.top-exact.txt"
    index=$((index + 1))
  done
done

# -peek . (callers and callees of every function, untrimmed): the CPU time of each service and the
# allocated bytes of the heap profile.
for spec in go126-users.pb.gz:1:cpu:ns go126-search.pb.gz:1:cpu:ns go126-reports.pb.gz:1:cpu:ns go126-heap.pb.gz:1:alloc_space:B; do
  fixture=${spec%%:*}; rest=${spec#*:}
  index=${rest%%:*}; rest=${rest#*:}
  name=${rest%%:*}; unit=${rest#*:}
  pp -peek '.' -nodefraction=0 -edgefraction=0 -unit="$unit" -sample_index="$index" "$fixture" > "expected/${fixture%%.*}.$index-$name.peek-exact.txt"
done

# Merge references (merge.test.ts): the three services as one default.pgo, and the heap profile twice.
merged() { # $1 = case name, then the inputs (relative to this folder), then -- and the sample types
  out=$1; shift
  inputs=""
  while [ "$1" != "--" ]; do inputs="$inputs $1"; shift; done
  shift
  # shellcheck disable=SC2086
  pp -proto $inputs > "merge/expected/$out.merged.pb.gz"
  for st in "$@"; do
    pp -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -unit=ns -sample_index="$st" "merge/expected/$out.merged.pb.gz" > "merge/expected/$out.top-$st.txt"
  done
}
merged go126-services go126-users.pb.gz go126-search.pb.gz go126-reports.pb.gz -- samples cpu
merged go126-heap-x2 go126-heap.pb.gz go126-heap.pb.gz -- alloc_objects alloc_space inuse_objects inuse_space
# The compiler's edge map and hot call sites of the services' merge (pgo-edges.test.ts).
sh merge/compiler-edges.sh merge/expected/go126-services.merged.pb.gz 99 > merge/expected/go126-services.merged.edges.txt

# Comparison reference (diff.test.ts): search's profile against users' as the base, unnormalised.
index=0
for pair in samples:minimum cpu:ns; do
  name=${pair%%:*}
  unit=${pair#*:}
  pp -top -nodecount=100000 -nodefraction=0 -unit="$unit" -sample_index=$index \
    -diff_base=go126-users.pb.gz go126-search.pb.gz > "diff/expected/go126-search-minus-users.$index-$name.top-exact.txt"
  index=$((index + 1))
done
