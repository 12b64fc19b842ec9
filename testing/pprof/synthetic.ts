/**
 * Deterministic synthetic Go CPU profiles for benchmarks and tests.
 *
 * The "binary" (functions, start lines, call sites, inlined call sites, mappings,
 * addresses) depends only on `functions`, so profiles with different seeds look like
 * replicas of one service: merging them dedupes functions and locations as real fleet
 * profiles do. The seed picks the stacks, their weights and the label values.
 * Sample types `samples/count` + `cpu/nanoseconds`, period 10 ms, like runtime/pprof.
 */
import { Function as PFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from "pprof-format";

export interface SyntheticOptions {
  seed: number;
  /** Number of Sample entries (default 500_000). */
  samples?: number;
  /** Number of distinct stacks (default 50_000); samples beyond it repeat stacks with other labels. */
  stacks?: number;
  /** Number of functions in the synthetic binary (default 5_000). */
  functions?: number;
  /** Maximum number of locations per stack (default 64). */
  maxDepth?: number;
  /** Give each sample an `endpoint` label (default true); samples of one stack differ by it. */
  labels?: boolean;
  /** Mean number of call sites (locations) per function (default 3: 1 to 5). */
  sitesPerFunction?: number;
  /**
   * Write the samples of one stack (its labelled variants) one after another, as a runtime's
   * profile builder tends to, rather than cycling through all stacks (default false).
   */
  stackRuns?: boolean;
}

/**
 * The shape of a real service's profile (issue 13): about 120,000 locations over 6,000 functions,
 * 60,000 distinct stacks 4 to 64 deep, 600,000 samples with labels.
 */
export const PRODUCTION_SHAPE = { samples: 600_000, stacks: 60_000, functions: 6_000, sitesPerFunction: 20, maxDepth: 64, stackRuns: true } as const;

/** A profile of PRODUCTION_SHAPE; the seed picks stacks, weights and labels, the binary is the same. */
export function productionShapedProfile(seed: number): Profile {
  return syntheticProfile({ seed, ...PRODUCTION_SHAPE });
}

const PERIOD = 10_000_000;
const MAIN_START = 0x400000;
const BINARY_SEED = 0x5eed;

const SPECIAL = [
  "runtime.goexit",
  "runtime.main",
  "main.main",
  "net/http.(*conn).serve",
  "google.golang.org/grpc/internal/transport.(*loopyWriter).run",
  "google.golang.org/grpc/internal/transport.(*loopyWriter).processData",
  "runtime.gopark",
  "runtime.mallocgc",
  "runtime.memmove",
  "syscall.Syscall6",
  "encoding/json.Marshal",
  "runtime.mcall",
];
/** Leaf functions that end some stacks (indices into SPECIAL). */
const LEAVES = [5, 6, 7, 8, 9];
const ROOT_CHILDREN = [1, 3, 4, 11];

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Binary {
  table: StringTable;
  mappings: Mapping[];
  functions: PFunction[];
  locations: Location[];
  /** Per function: first location index of its call sites, and how many. */
  siteStart: Int32Array;
  siteCount: Int32Array;
  /** Per location (call site): the callee function, -1 for none. */
  callee: Int32Array;
}

function functionName(i: number, r: () => number): string {
  if (i < SPECIAL.length) return SPECIAL[i];
  const pkg = `github.com/acme/fleet/internal/pkg${i % 97}`;
  return r() < 0.5 ? `${pkg}.(*T${i % 13}).Method${i}` : `${pkg}.func${i}`;
}

function buildBinary(nf: number, sitesPerFunction: number | undefined): Binary {
  // 1 + floor(r * spread) call sites: 1 to 5 by default (mean 3), else a mean of sitesPerFunction.
  const spread = sitesPerFunction === undefined ? 5 : Math.max(1, 2 * sitesPerFunction - 1);
  const r = rng(BINARY_SEED);
  const table = new StringTable();
  const s = (x: string) => table.dedup(x);
  const mappings = [
    new Mapping({
      id: 1,
      memoryStart: MAIN_START,
      memoryLimit: MAIN_START + 0x4000000,
      filename: s("/usr/local/bin/fleet-svc"),
      buildId: s("6a1f0c3e9b2d4f5a8c7e6d5b4a3f2e1d0c9b8a7f"),
      hasFunctions: true,
      hasFilenames: true,
      hasLineNumbers: true,
      hasInlineFrames: true,
    }),
    new Mapping({ id: 2, memoryStart: 0x7ffd4c5f1000, memoryLimit: 0x7ffd4c5f3000, filename: s("[vdso]") }),
  ];
  const functions: PFunction[] = [];
  for (let i = 0; i < nf; i++) {
    const name = functionName(i, r);
    const file = i < SPECIAL.length ? `/usr/local/go/src/${name.split(".")[0]}/proc.go` : `/src/acme/pkg${i % 97}/file${i % 7}.go`;
    functions.push(
      new PFunction({ id: i + 1, name: s(name), systemName: s(name), filename: s(file), startLine: 10 + Math.floor(r() * 2000) }),
    );
  }
  const siteStart = new Int32Array(nf);
  const siteCount = new Int32Array(nf);
  const callee: number[] = [];
  const locations: Location[] = [];
  for (let i = 0; i < nf; i++) {
    const start = Number(functions[i].startLine);
    const n = 1 + Math.floor(r() * spread);
    siteStart[i] = locations.length;
    siteCount[i] = n;
    for (let k = 0; k < n; k++) {
      const id = locations.length + 1;
      const address = MAIN_START + 0x1000 + i * 0x400 + 0x20 * (k + 1);
      const line = new Line({ functionId: i + 1, line: start + 1 + Math.floor(r() * 60) });
      let lines = [line];
      const inlined = i >= SPECIAL.length && r() < 0.2;
      if (inlined) {
        const j = SPECIAL.length + Math.floor(r() * (nf - SPECIAL.length));
        lines = [new Line({ functionId: j + 1, line: Number(functions[j].startLine) + 2 }), line];
      }
      locations.push(new Location({ id, mappingId: 1, address, line: lines }));
      // Callees mostly "deeper" in the binary, so stacks end; root's children are fixed.
      const c = i === 0 ? ROOT_CHILDREN[k % ROOT_CHILDREN.length] : Math.min(nf - 1, Math.max(SPECIAL.length, i + 1 + Math.floor(r() * 200)));
      callee.push(c === i ? -1 : c);
    }
  }
  return { table, mappings, functions, locations, siteStart, siteCount, callee: Int32Array.from(callee) };
}

/** Build a synthetic Go CPU profile. Same options, same profile. */
export function syntheticProfile(opts: SyntheticOptions): Profile {
  const nSamples = opts.samples ?? 500_000;
  const nStacks = Math.max(1, Math.min(opts.stacks ?? 50_000, nSamples));
  const nf = Math.max(SPECIAL.length + 1, opts.functions ?? 5_000);
  const maxDepth = Math.max(2, opts.maxDepth ?? 64);
  const withLabels = opts.labels ?? true;
  const bin = buildBinary(nf, opts.sitesPerFunction);
  const r = rng(opts.seed * 2654435761 + 1);

  // Stacks, root first while building, stored leaf first.
  const seen = new Set<string>();
  const stacks: number[][] = [];
  const frames: number[] = [];
  for (let attempts = 0; stacks.length < nStacks && attempts < nStacks * 20; attempts++) {
    frames.length = 0;
    let f = 0;
    for (;;) {
      const n = bin.siteCount[f];
      // Skewed site choice: site 0 is the hottest call site of each function.
      const k = Math.min(n - 1, Math.floor(n * r() * r()));
      const loc = bin.siteStart[f] + k;
      frames.push(loc + 1);
      const next = bin.callee[loc];
      if (frames.length >= maxDepth || next < 0 || (frames.length > 3 && r() < 0.07)) break;
      f = next;
    }
    if (frames.length < maxDepth && r() < 0.25) {
      const leaf = LEAVES[Math.floor(r() * LEAVES.length)];
      frames.push(bin.siteStart[leaf] + 1);
    }
    const key = frames.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    stacks.push(frames.slice().reverse());
  }

  const { table } = bin;
  const key = table.dedup("endpoint");
  const endpointLabels = Array.from({ length: 16 }, (_, i) => new Label({ key, str: table.dedup(`/api/v1/op${i}`) }));
  // Heavy-tailed stack weights: a few hot stacks, a long tail of cold ones.
  const hot = new Float64Array(stacks.length);
  for (let i = 0; i < stacks.length; i++) hot[i] = 1 / Math.pow(1 + r() * stacks.length, 0.9);
  const samples = new Array<Sample>(nSamples);
  const run = Math.ceil(nSamples / stacks.length);
  for (let i = 0; i < nSamples; i++) {
    const si = opts.stackRuns ? Math.floor(i / run) : i % stacks.length;
    const count = 1 + Math.floor(r() * r() * 400 * hot[si] * 50);
    const labelIdx = (opts.stackRuns ? i % run : Math.floor(i / stacks.length)) % endpointLabels.length;
    samples[i] = new Sample({
      locationId: stacks[si],
      value: [count, count * PERIOD],
      label: withLabels ? [endpointLabels[labelIdx]] : [],
    });
  }
  const t0 = 1_763_900_000_000_000_000n + BigInt(opts.seed) * 60_000_000_000n;
  return new Profile({
    sampleType: [
      new ValueType({ type: table.dedup("samples"), unit: table.dedup("count") }),
      new ValueType({ type: table.dedup("cpu"), unit: table.dedup("nanoseconds") }),
    ],
    sample: samples,
    mapping: bin.mappings,
    location: bin.locations,
    function: bin.functions,
    stringTable: table,
    timeNanos: t0,
    durationNanos: 60_000_000_000,
    periodType: new ValueType({ type: table.dedup("cpu"), unit: table.dedup("nanoseconds") }),
    period: PERIOD,
  });
}
