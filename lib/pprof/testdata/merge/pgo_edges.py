#!/usr/bin/env python3
"""Independent reference for lib/pprof/pgo-edges.ts: Go's PGO call-edge map and hot call
sites, computed from `go tool pprof -raw` text (pprof's own decoding), not from our decoder.

Rules (cmd/internal/pgo + internal/profile graph, Go 1.21+): value = first sample type that is
samples/count or cpu/nanoseconds; per sample with a non-zero value, walk the two innermost
locations from the outermost inlined frame of the caller location to the innermost frame of the
leaf; each step between two different frames (graph nodes: name, address, start line, line)
is an edge; a sample adds its value once per distinct node pair, to the named edge (caller
name, caller line - caller start line, callee name). Hot edges:
sorted by weight desc, caller, callee, offset; taken until the cumulative weight exceeds
cdf% of the total, including the crossing edge.

usage: go tool pprof -raw -symbolize=none X | python3 pgo_edges.py [cdf] > X.edges.txt
"""
import re
import sys
from collections import defaultdict

cdf = float(sys.argv[1]) if len(sys.argv) > 1 else 99.0
lines = sys.stdin.read().split("\n")

i = lines.index("Samples:")
types = lines[i + 1].split()
col = next(k for k, t in enumerate(types) if t in ("samples/count", "cpu/nanoseconds"))
samples = []
j = i + 2
sample_re = re.compile(r"^\s*((?:-?\d+\s+)+)?(-?\d+):((?:\s+\d+)*)\s*$")
while lines[j] != "Locations":
    m = sample_re.match(lines[j])
    if m:
        values = [int(v) for v in (lines[j].split(":")[0]).split()]
        ids = [int(v) for v in m.group(3).split()]
        samples.append((values[col], ids))
    j += 1

# Locations: "  id: 0xaddr M=n name file:line s=start", inlined callers on the next lines.
locs = {}
cur = None
j += 1
while j < len(lines) and lines[j] != "Mappings":
    text = lines[j]
    m = re.match(r"^\s*(\d+): (0x[0-9a-f]+)(?: M=\d+)?\s*(.*)$", text)
    if m:
        cur = int(m.group(1))
        locs[cur] = {"addr": int(m.group(2), 16), "frames": []}
        rest = m.group(3)
    else:
        rest = text.strip()
    if rest:
        f = re.match(r"^(.*) (\S*):(-?\d+) s=(-?\d+)$", rest)
        if f:
            locs[cur]["frames"].append((f.group(1), int(f.group(3)), int(f.group(4))))
        else:  # function name without file/line information
            locs[cur]["frames"].append((rest, 0, 0))
    j += 1

weight = defaultdict(int)
seen_start = False
for w, ids in samples:
    if w == 0:
        continue
    walk = []
    for loc_id in reversed(ids[:2]):
        loc = locs[loc_id]
        frames = loc["frames"] or [("", 0, 0)]
        for name, line, start in reversed(frames):
            walk.append((name, loc["addr"], start, line))
    seen_start = seen_start or any(n[2] != 0 for n in walk)
    # Go dedupes per pair of graph nodes (name, address, start line, line), not per named
    # edge: with recursion through inlining, two node pairs of one sample can share a name
    # and offset and then both count (gdu.default.pgo has such samples).
    pairs = set()
    for a, b in zip(walk, walk[1:]):
        if a != b:
            pairs.add((a, b))
    for a, b in pairs:
        weight[(a[0], a[3] - a[2], b[0])] += w

total = sum(weight.values())
order = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][2], kv[0][1]))
hot, cum, threshold = len(order), 0, 0
for k, (e, w) in enumerate(order):
    cum += w
    if cum / total * 100 > cdf:
        hot, threshold = k + 1, w
        break
print(f"# sampleType {types[col]}")
print(f"# total {total}")
print(f"# missingStartLine {str(not seen_start).lower()}")
print(f"# hot {hot} cdf {cdf:g} threshold {threshold}")
for (caller, offset, callee), w in order:
    print(f"{w}\t{offset}\t{caller}\t{callee}")
