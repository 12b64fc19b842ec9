#!/bin/sh
# The compiler's own edge map of a profile, as the reference of lib/pprof/pgo-edges.test.ts:
# `go tool preprofile` writes what `go build -pgo` reads (caller, callee, "offset weight" per call
# edge, heaviest first in the compiler's order); this adds the total and the hot call sites by
# hotNodesFromCDF (cmd/compile/internal/inline), applied to that order.
#   sh compiler-edges.sh PROFILE [CDF] > expected/NAME.edges.txt
set -eu
profile=$1
cdf=${2:-99}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
go tool preprofile -i "$profile" -o "$tmp"
# The column Go reads: samples/count or cpu/nanoseconds, the first of them (pprof -raw lists the types).
sample_type=$(go tool pprof -raw -symbolize=none "$profile" 2>/dev/null | sed -n '/^Samples:$/{n;p;q}' | tr ' ' '\n' |
  sed 's/\[dflt\]//' | grep -m1 -E '^(samples/count|cpu/nanoseconds)$')
awk -v cdf="$cdf" -v st="$sample_type" '
  NR == 1 { next }
  { line[++n] = $0 }
  END {
    m = n / 3; total = 0
    for (i = 0; i < m; i++) {
      caller[i] = line[3 * i + 1]; callee[i] = line[3 * i + 2]
      split(line[3 * i + 3], f, " "); offset[i] = f[1]; weight[i] = f[2]; total += weight[i]
    }
    hot = m; threshold = 0; cum = 0
    for (i = 0; i < m; i++) {
      cum += weight[i]
      if (cum / total * 100 > cdf) { hot = i + 1; threshold = weight[i]; break }
    }
    printf "# sampleType %s\n# total %d\n# missingStartLine false\n# hot %d cdf %d threshold %d\n", st, total, hot, cdf, threshold
    for (i = 0; i < m; i++) printf "%d\t%d\t%s\t%s\n", weight[i], offset[i], caller[i], callee[i]
  }' "$tmp"
