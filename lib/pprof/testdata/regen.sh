#!/bin/sh
# Regenerates the pprof test fixtures and pprof's reference output.
# Written for Debian's golang-go (Go 1.19), which no machine has any more: the Go 1.19
# fixtures stay as committed (Go 1.26's pprof gives the same figures for them, see README.md).
# The Go 1.26 fixtures have their own script, regen-go126.sh. Tests only read the committed files.
#
#   sh lib/pprof/testdata/regen.sh            # reference output only
#   sh lib/pprof/testdata/regen.sh --profiles # also re-run the Go workload first
set -eu
cd "$(dirname "$0")"

if [ "${1:-}" = "--profiles" ]; then
  (cd gen && env -u GOTOOLCHAIN GOFLAGS=-mod=mod go run . -cpu ../go19-cpu.pb.gz -heap ../go19-heap.pb.gz)
fi

rm -rf expected
mkdir expected
for fixture in go19-cpu.pb.gz go19-heap.pb.gz gdu.default.pgo roulette.default.pgo; do
  base=${fixture%%.*}
  raw=$(go tool pprof -raw -symbolize=none "$fixture")
  # -raw output (every sample's exact values and location ids) is kept for the
  # small Go 1.19 fixtures only; the real-world ones would be 0.1-0.5 MB each.
  case "$base" in go19-*) printf '%s\n' "$raw" > "expected/$base.raw.txt" ;; esac
  # The line after "Samples:" lists the sample types as type/unit.
  types=$(printf '%s\n' "$raw" | sed -n '/^Samples:$/{n;p;q}')
  index=0
  for t in $types; do
    name=${t%/*}
    unit=${t#*/}
    case "$unit" in
      nanoseconds) exact=ns ;;
      bytes) exact=B ;;
      *) exact=minimum ;;
    esac
    go tool pprof -top -nodecount=100000 -symbolize=none -sample_index=$index \
      "$fixture" > "expected/$base.$index-$name.top.txt"
    go tool pprof -top -nodecount=100000 -nodefraction=0 -unit=$exact -symbolize=none -sample_index=$index \
      "$fixture" > "expected/$base.$index-$name.top-exact.txt"
    index=$((index + 1))
  done
done

# Callers and callees of every function (-peek .), without trimming, in exact units: one sample
# type of each kind (CPU of a Go 1.19 profile and of a real one, allocated bytes of a heap profile).
for spec in go19-cpu.pb.gz:1:cpu:ns gdu.default.pgo:1:cpu:ns go19-heap.pb.gz:1:alloc_space:B; do
  fixture=${spec%%:*}; rest=${spec#*:}
  index=${rest%%:*}; rest=${rest#*:}
  name=${rest%%:*}; unit=${rest#*:}
  base=${fixture%%.*}
  go tool pprof -peek '.' -nodefraction=0 -edgefraction=0 -unit=$unit -symbolize=none -sample_index=$index \
    "$fixture" > "expected/$base.$index-$name.peek-exact.txt"
done
