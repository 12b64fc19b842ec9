#!/bin/sh
# Regenerates the reference output of pprof's filters, granularities and tags (filters.test.ts,
# tags.test.ts, call-graph.test.ts) with `go tool pprof` of the `go` on the PATH (Go 1.26 at /usr/local/go). Each line
# of cases.txt is one run; tests only read the committed files.
#
#   sh lib/pprof/testdata/filters/regen.sh
set -eu
cd "$(dirname "$0")"
case "$(command -v go || true)" in
  "") echo "regen.sh: no go on the PATH; install Go 1.26 (/usr/local/go/bin)" >&2; exit 1 ;;
esac
case "$(go env GOVERSION 2>/dev/null)" in
  go1.1[0-9]|go1.1[0-9].*|go1.20|go1.20.*) echo "regen.sh: $(go version) is too old (Debian's golang-go is Go 1.19); put /usr/local/go/bin first on the PATH" >&2; exit 1 ;;
esac
rm -rf expected
mkdir expected
grep -v '^#' cases.txt | while read -r name report fixture index unit flags; do
  # -top and -tags untrimmed; -dot with pprof's defaults (nodecount 80, nodefraction 0.005, edgefraction 0.001).
  case "$report" in
    dot) trim="" ;;
    *) trim="-nodecount=100000 -nodefraction=0" ;;
  esac
  # shellcheck disable=SC2086
  go tool pprof -symbolize=none -"$report" $trim -unit="$unit" \
    -sample_index="$index" $flags "$fixture" > "expected/$name.$report.txt" 2>/dev/null
done
