#!/bin/sh
# Regenerates the reference outputs of lib/pprof/merge*.test.ts with `go tool pprof`
# of the go on the PATH (Go 1.26; real-world.* were last written by it, the go19-* references by
# Go 1.19, whose merges Go 1.26 reproduces byte for byte). Run from this directory: sh regen.sh.
# The go126-* cases come from ../regen-go126.sh.
# Pass REGEN_PROFILES=1 to also rewrite the Go 1.19 input profiles (their values change).
set -eu
if [ "${REGEN_PROFILES:-0}" = 1 ]; then
  (cd gen && go run . -out ..)
fi
mkdir -p expected
pp() { go tool pprof -symbolize=none "$@"; }
top() { # $1 = merged profile, $2 = output prefix, then sample types
  f=$1; out=$2; shift 2
  for st in "$@"; do
    pp -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -unit=ns -sample_index="$st" "$f" > "expected/$out.top-$st.txt" 2>/dev/null
  done
  [ "$out" = real-world ] || pp -raw "$f" > "expected/$out.raw.txt" 2>/dev/null
}
pp -proto gdu.default.pgo roulette.default.pgo > expected/real-world.merged.pb.gz 2>/dev/null
top expected/real-world.merged.pb.gz real-world samples cpu
pp -proto go19-cpu-a.pb.gz go19-cpu-b.pb.gz > expected/go19-cpu-ab.merged.pb.gz 2>/dev/null
top expected/go19-cpu-ab.merged.pb.gz go19-cpu-ab samples cpu
pp -proto go19-cpu-b.pb.gz go19-cpu-a.pb.gz go19-cpu-b.pb.gz > expected/go19-cpu-bab.merged.pb.gz 2>/dev/null
top expected/go19-cpu-bab.merged.pb.gz go19-cpu-bab samples cpu
pp -proto go19-heap.pb.gz go19-heap.pb.gz > expected/go19-heap-x2.merged.pb.gz 2>/dev/null
top expected/go19-heap-x2.merged.pb.gz go19-heap-x2 alloc_objects alloc_space inuse_objects inuse_space
# CPU + heap: Go 1.19's pprof says "period type: incompatible types: ..."; newer pprof
# (CompatibilizeSampleTypes) says "profiles have empty common sample type list".
pp -proto go19-cpu-a.pb.gz go19-heap.pb.gz > /dev/null 2> expected/go19-cpu-heap.error.txt || true
# PGO edge maps and hot call sites (cdf 99), computed by pgo_edges.py from pprof's -raw text.
for f in gdu.default.pgo roulette.default.pgo expected/real-world.merged.pb.gz go19-cpu-a.pb.gz; do
  b=$(basename "$f"); b=${b%.pb.gz}; b=${b%.pgo}
  pp -raw "$f" 2>/dev/null | python3 pgo_edges.py 99 > "expected/$b.edges.txt"
done
