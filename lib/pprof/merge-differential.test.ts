/**
 * The merge over tables against a plain merge of pprof-format-decoded profiles
 * (testing/pprof/merge-oracle.ts; until the tables replaced it, against the previous merge, byte for
 * byte): on the fixtures, with weights and label dropping, and on mutated copies (values zeroed,
 * negated and scaled, samples reordered and duplicated, lines and labels changed, ids renumbered),
 * and on copies with random bytes changed (rejected as malformed, or merged like the oracle).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Label, Profile, Sample } from "pprof-format";
import { describe, expect, it } from "vitest";
import { mergeBytes, mergeProfileBytes, MergeError } from "./merge";
import { assemble, encodeMerged, modelSamples } from "./merge-output";
import { encodeProfile } from "./merge-encode";
import { MERGE_TESTDATA } from "../../testing/pprof/merge-testutil";
import { oracleMerge, resolvedSamples } from "../../testing/pprof/merge-oracle";
import { syntheticProfile } from "../../testing/pprof/synthetic";

const TESTDATA = path.join(MERGE_TESTDATA, "..");
const file = (name: string) => new Uint8Array(readFileSync(path.join(TESTDATA, name)));
const CPU = ["gdu.default.pgo", "roulette.default.pgo", "go126-users.pb.gz", "go126-search.pb.gz", "go126-reports.pb.gz", "go19-cpu.pb.gz", "merge/go19-cpu-a.pb.gz", "merge/go19-cpu-b.pb.gz"];
const HEAP = ["go126-heap.pb.gz", "go19-heap.pb.gz"];

function decode(bytes: Uint8Array): Profile {
  const raw = bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
  return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}

type Input = { data: Uint8Array; weight?: number };

/** The merge's samples (resolved) and the oracle's, or the reason of the MergeError the merge threw. */
function both(inputs: Input[], dropLabels = false): { want: unknown; got: unknown } {
  let got: unknown;
  try {
    got = resolvedSamples(decode(mergeProfileBytes(inputs, { dropLabels })), dropLabels);
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    return { want: undefined, got: err.reason };
  }
  return { want: oracleMerge(inputs.map((i) => ({ profile: decode(i.data), weight: i.weight })), dropLabels), got };
}

function expectSame(inputs: Input[], dropLabels = false): void {
  const { want, got } = both(inputs, dropLabels);
  expect(got).toEqual(want);
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `p` changed at random in ways a merge must carry through. */
function mutate(p: Profile, seed: number): Uint8Array {
  const rnd = random(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  for (const s of p.sample) {
    const r = rnd();
    if (r < 0.1) s.value = s.value.map(() => 0);
    else if (r < 0.15) s.value = s.value.map((v) => BigInt.asUintN(64, -BigInt(v)));
    else if (r < 0.3) s.value = s.value.map((v) => BigInt(v) * 7n + 1n);
    if (rnd() < 0.2) s.label.push(new Label({ key: p.stringTable.dedup(pick(["endpoint", "shard"])), str: p.stringTable.dedup(pick(["a", "b", "c"])) }));
    if (rnd() < 0.05) s.label.push(new Label({ key: p.stringTable.dedup("bytes"), num: Math.floor(rnd() * 4), numUnit: p.stringTable.dedup("bytes") }));
    if (rnd() < 0.05 && s.locationId.length > 1) s.locationId = s.locationId.slice(1);
  }
  if (rnd() < 0.5) p.sample.reverse();
  p.sample.push(...p.sample.slice(0, Math.floor(p.sample.length / 4)).map((s) => new Sample({ ...s })));
  for (const l of p.location) {
    if (rnd() < 0.05) l.line = l.line.slice(0, Math.max(0, l.line.length - 1));
    if (rnd() < 0.05) for (const ln of l.line) ln.line = Number(ln.line) + 1;
    if (rnd() < 0.03) l.isFolded = true;
  }
  for (const f of p.function) if (rnd() < 0.05) f.startLine = 0;
  if (rnd() < 0.5) {
    // Sparse, shuffled location ids.
    const ids = new Map(p.location.map((l) => [Number(l.id), Number(l.id) * 1000 + 7]));
    for (const l of p.location) l.id = ids.get(Number(l.id))!;
    for (const s of p.sample) s.locationId = s.locationId.map((id) => ids.get(Number(id))!);
    p.location.reverse();
  }
  // Our encoder (pprof-format's writes some large and negative numbers wrongly).
  return encodeProfile(p);
}

describe("the merge over tables gives the oracle's samples", () => {
  it("writes the bytes the general encoder writes for the same merge (labels kept and dropped)", () => {
    const inputs = ["go126-users.pb.gz", "go126-search.pb.gz", "gdu.default.pgo"].map((n) => ({ data: file(n) }));
    for (const dropLabels of [false, true]) {
      const m = mergeBytes(inputs, { dropLabels });
      const fast = Buffer.from(encodeMerged(m));
      expect(Buffer.compare(fast, Buffer.from(encodeProfile(assemble(m, modelSamples(m)))))).toBe(0);
    }
  });

  it.each(CPU)("%s alone", (name) => expectSame([{ data: file(name) }]));

  it("the CPU fixtures pairwise, with weights", () => {
    for (let i = 0; i < CPU.length; i++) {
      for (let j = 0; j < CPU.length; j++) {
        if (i === j) continue;
        expectSame([{ data: file(CPU[i]), weight: 1 + i / 3 }, { data: file(CPU[j]), weight: 0.25 + j }]);
      }
    }
  });

  it("the Go 1.26 services and the real-world files, labels dropped or kept, equal and odd weights", () => {
    const inputs = ["go126-users.pb.gz", "go126-search.pb.gz", "go126-reports.pb.gz", "gdu.default.pgo", "roulette.default.pgo"].map((n) => ({ data: file(n) }));
    expectSame(inputs);
    expectSame(inputs, true);
    expectSame(inputs.map((x, k) => ({ ...x, weight: [0.3, 1.7, 2, 0.01, 13][k] })));
  });

  it("heap profiles, and heap with CPU (pprof's refusal)", () => {
    expectSame(HEAP.map((n) => ({ data: file(n) })));
    expectSame([{ data: file(HEAP[0]), weight: 0.5 }, { data: file(HEAP[1]), weight: 3 }], true);
    expect(both([{ data: file(HEAP[0]) }, { data: file(CPU[0]) }]).got).toBe("empty-common-sample-types");
  });

  it("a synthetic profile with labels, several sample types and int64 values", () => {
    const a = syntheticProfile({ seed: 1, samples: 3000, stacks: 400, functions: 200 }).encode();
    const b = syntheticProfile({ seed: 2, samples: 3000, stacks: 400, functions: 200 }).encode();
    expectSame([{ data: a }, { data: b, weight: 1.5 }]);
    expectSame([{ data: a }, { data: b }], true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])("mutated copies of the fixtures (seed %i)", (seed) => {
    const names = [pick(seed, CPU), pick(seed + 3, CPU)];
    const inputs = names.map((n, k) => ({ data: mutate(decode(file(n)), seed * 10 + k), weight: k === 0 ? 1 : 1 + seed / 7 }));
    expectSame(inputs, seed % 3 === 0);
    expectSame([inputs[0]]);
  });

  it("copies with random bytes changed: rejected as malformed, or merged like the oracle", () => {
    const base = gunzipSync(file("go126-users.pb.gz"));
    const rnd = random(99);
    let accepted = 0;
    for (let k = 0; k < 120; k++) {
      const data = new Uint8Array(base);
      for (let f = 0; f < 1; f++) data[Math.floor(rnd() * data.length)] = Math.floor(rnd() * 256);
      const { want, got } = both([{ data }]);
      if (typeof got === "string") {
        expect(got).toBe("malformed");
        continue;
      }
      accepted++;
      expect(got).toEqual(want);
    }
    expect(accepted).toBeGreaterThan(10);
  });
});

function pick(seed: number, xs: string[]): string {
  return xs[seed % xs.length];
}
