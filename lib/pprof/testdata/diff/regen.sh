#!/bin/sh
# Regenerates pprof's reference output for the profile comparison (lib/pprof/diff.ts).
# Written for Go 1.19 (kept as committed); the Go 1.26 pair's reference comes from ../regen-go126.sh.
# Tests only read the committed files. See README.md.
set -eu
cd "$(dirname "$0")"
rm -rf expected
mkdir expected
index=0
for pair in samples:minimum cpu:ns; do
  name=${pair%%:*}
  unit=${pair#*:}
  go tool pprof -top -nodecount=100000 -nodefraction=0 -unit=$unit -symbolize=none -sample_index=$index \
    -diff_base=go19-cpu-a.pb.gz go19-cpu-b.pb.gz > "expected/b-minus-a.$index-$name.top-exact.txt"
  index=$((index + 1))
done
