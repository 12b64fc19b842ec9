// The fuzzer of `npm run bench -- reliability` and its short version in npm test: mutated copies of
// real profiles (lib/pprof/testdata) and hand-built hostile ones, sent through upload, top, flame
// graph, peek, compare and merge over HTTP. Every answer must be a success or a 4xx naming the
// problem: never a 5xx, never a dropped connection, never slower than the limit.
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { deepStackProfile, encodeSketch, ProtoWriter, type ProfileSketch } from "./pprof-writer";

const TESTDATA = path.resolve(import.meta.dirname, "../../lib/pprof/testdata");
const SEED_FILES = ["go19-cpu.pb.gz", "go19-heap.pb.gz", "merge/go19-cpu-a.pb.gz", "merge/go19-cpu-b.pb.gz", "gdu.default.pgo", "roulette.default.pgo"];

/** The real profiles, decompressed. */
export function seedProfiles(): { name: string; bytes: Uint8Array }[] {
  return SEED_FILES.filter((f) => fs.existsSync(path.join(TESTDATA, f))).map((f) => {
    const raw = fs.readFileSync(path.join(TESTDATA, f));
    return { name: f, bytes: new Uint8Array(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw) };
  });
}

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FuzzInput = { kind: string; bytes: Uint8Array };

const NEAR_2_63 = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n - 2n, 2n ** 62n];

function sketchCase(kind: string, sketch: ProfileSketch, extra?: (w: ProtoWriter) => void): FuzzInput {
  return { kind, bytes: encodeSketch(sketch, extra) };
}

/** Hand-built hostile profiles, one of each kind; `deepFrames` sets the deep stack's depth. */
export function hostileProfiles(deepFrames: number): FuzzInput[] {
  const base = () => deepStackProfile(3);
  const out: FuzzInput[] = [sketchCase(`stack ${deepFrames} frames deep`, deepStackProfile(deepFrames))];
  for (const v of NEAR_2_63) {
    const p = base();
    p.samples = [{ locations: [3, 2, 1], values: [1, v] }, { locations: [1], values: [1, v] }];
    out.push(sketchCase(`value ${v}`, p));
  }
  const outOfRange: [string, (p: ProfileSketch) => void][] = [
    ["sample location id out of range", (p) => (p.samples[0]!.locations = [999_999])],
    ["location function id out of range", (p) => (p.locations[0]!.functionId = 88_888)],
    ["function name index out of range", (p) => (p.functions[0]!.name = 77_777)],
    ["sample type index out of range", (p) => (p.sampleTypes[0] = [66_666, 2])],
    ["more values than sample types", (p) => (p.samples[0]!.values = [1, 2, 3, 4])],
    ["no string table", (p) => (p.strings = [])],
    ["string table not starting with an empty string", (p) => (p.strings[0] = "x")],
    ["no sample types", (p) => (p.sampleTypes = [])],
    ["no samples", (p) => (p.samples = [])],
    ["duplicate location ids", (p) => p.locations.push({ ...p.locations[0]! })],
    ["duplicate function ids", (p) => p.functions.push({ ...p.functions[0]! })],
    ["location id 0", (p) => (p.locations[0]!.id = 0)],
  ];
  for (const [kind, change] of outOfRange) {
    const p = base();
    change(p);
    out.push(sketchCase(kind, p));
  }
  out.push(sketchCase("duplicated period type and period", base(), (w) => w.message(11, (m) => m.int(1, 3).int(2, 4)).int(12, 1).int(12, 2)));
  out.push({ kind: "huge varint length", bytes: new ProtoWriter().tag(6, 2).varint(2n ** 62n).raw([1, 2, 3]).finish() });
  out.push({ kind: "length past the end", bytes: new ProtoWriter().tag(2, 2).varint(1_000_000).raw([0x0a, 0x01, 0x01]).finish() });
  out.push({ kind: "ten-byte varint overflow", bytes: Uint8Array.from([0x60, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]) });
  out.push({ kind: "wire type 7", bytes: Uint8Array.from([0x0f, 0x00]) });
  out.push({ kind: "empty", bytes: new Uint8Array(0) });
  return out;
}

function flipBits(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = bytes.slice();
  const flips = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(rand() * out.length);
    out[at]! ^= 1 << Math.floor(rand() * 8);
  }
  return out;
}

function hugeLengthAt(bytes: Uint8Array, rand: () => number): Uint8Array {
  // Overwrite a byte with 0xff runs: a varint that never ends, or a length in the terabytes.
  const out = bytes.slice();
  const at = Math.floor(rand() * Math.max(1, out.length - 6));
  for (let i = 0; i < 5 && at + i < out.length; i++) out[at + i] = 0xff;
  return out;
}

function duplicateSlice(bytes: Uint8Array, rand: () => number): Uint8Array {
  const from = Math.floor(rand() * bytes.length);
  const to = Math.min(bytes.length, from + 1 + Math.floor(rand() * 64));
  const at = Math.floor(rand() * bytes.length);
  return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(from, to), ...bytes.subarray(at)]);
}

function dropSlice(bytes: Uint8Array, rand: () => number): Uint8Array {
  const from = Math.floor(rand() * bytes.length);
  const to = Math.min(bytes.length, from + 1 + Math.floor(rand() * 64));
  return Uint8Array.from([...bytes.subarray(0, from), ...bytes.subarray(to)]);
}

const MUTATIONS: [string, (b: Uint8Array, r: () => number) => Uint8Array][] = [
  ["bit flips", flipBits],
  ["truncated", (b, r) => b.subarray(0, Math.floor(r() * b.length))],
  ["huge varint", hugeLengthAt],
  ["duplicated bytes", duplicateSlice],
  ["missing bytes", dropSlice],
];

/**
 * `count` inputs: the hostile profiles first, then mutations of the real ones. About one in four is
 * sent gzipped (and one gzip stream in twenty is cut short).
 */
export function* fuzzInputs(count: number, seed = 1, deepFrames = 10_000): Generator<FuzzInput> {
  const rand = random(seed);
  const seeds = seedProfiles();
  const hostile = hostileProfiles(deepFrames);
  for (let i = 0; i < count; i++) {
    let input: FuzzInput;
    if (i < hostile.length) input = hostile[i]!;
    else {
      const source = seeds[Math.floor(rand() * seeds.length)]!;
      const [name, mutate] = MUTATIONS[Math.floor(rand() * MUTATIONS.length)]!;
      input = { kind: `${name} of ${source.name}`, bytes: mutate(source.bytes, rand) };
    }
    if (rand() < 0.25 && input.bytes.length > 0) {
      const gz = gzipSync(input.bytes);
      input = rand() < 0.2 ? { kind: `${input.kind}, gzip cut short`, bytes: gz.subarray(0, Math.max(10, Math.floor(gz.length / 2))) } : { kind: `${input.kind}, gzipped`, bytes: gz };
    }
    yield input;
  }
}

export type Outcome = { endpoint: string; status: number; ms: number; kind: string; error?: string };

export type FuzzReport = {
  inputs: number;
  accepted: number;
  refused: number;
  requests: number;
  serverErrors: Outcome[];
  dropped: Outcome[];
  slow: Outcome[];
  unnamedRefusals: Outcome[];
  slowestMs: number;
  refusalsByStatus: Record<string, number>;
};

const LIMIT_MS = 2_000;

async function call(base: string, endpoint: string, url: string, init: RequestInit | undefined, kind: string): Promise<{ outcome: Outcome; body: unknown }> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${url}`, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const error = res.status >= 400 ? (body as { error?: unknown } | null)?.error : undefined;
    return { outcome: { endpoint, status: res.status, ms, kind, ...(typeof error === "string" ? { error } : {}) }, body };
  } catch (err) {
    return { outcome: { endpoint, status: 0, ms: performance.now() - started, kind, error: String(err) }, body: null };
  }
}

/** Send every input through the endpoints of one server; a profile accepted is then deleted. */
export async function runFuzz(base: string, inputs: Iterable<FuzzInput>, options: { concurrency?: number; onProgress?: (done: number) => void } = {}): Promise<FuzzReport> {
  const report: FuzzReport = { inputs: 0, accepted: 0, refused: 0, requests: 0, serverErrors: [], dropped: [], slow: [], unnamedRefusals: [], slowestMs: 0, refusalsByStatus: {} };
  const record = (o: Outcome) => {
    report.requests += 1;
    report.slowestMs = Math.max(report.slowestMs, o.ms);
    if (o.status === 0) report.dropped.push(o);
    else if (o.status >= 500) report.serverErrors.push(o);
    else if (o.status >= 400 && !(o.error && o.error.length > 3)) report.unnamedRefusals.push(o);
    if (o.ms > LIMIT_MS) report.slow.push(o);
  };
  const reference = await call(base, "upload", "/api/profiles?service=fuzz-reference", { method: "POST", body: seedProfiles()[0]!.bytes as BodyInit }, "reference");
  const referenceId = (reference.body as { profile?: { id: string } } | null)?.profile?.id;
  const iterator = inputs[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const input = next.value;
      report.inputs += 1;
      const up = await call(base, "upload", `/api/profiles?service=fuzz`, { method: "POST", body: input.bytes as BodyInit }, input.kind);
      record(up.outcome);
      const id = (up.body as { profile?: { id: string } } | null)?.profile?.id;
      if (up.outcome.status >= 400) {
        report.refused += 1;
        report.refusalsByStatus[up.outcome.status] = (report.refusalsByStatus[up.outcome.status] ?? 0) + 1;
      }
      if (id && up.outcome.status < 300) {
        report.accepted += 1;
        await viewsOf(base, id, referenceId, input.kind, record);
        record((await call(base, "delete", `/api/profiles/${id}`, { method: "DELETE" }, input.kind)).outcome);
      }
      options.onProgress?.(report.inputs);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}

async function viewsOf(base: string, id: string, referenceId: string | undefined, kind: string, record: (o: Outcome) => void) {
  const top = await call(base, "top", `/api/profiles/${id}/top`, undefined, kind);
  record(top.outcome);
  record((await call(base, "flamegraph", `/api/profiles/${id}/flamegraph`, undefined, kind)).outcome);
  const fn = (top.body as { rows?: { name: string }[] } | null)?.rows?.[0]?.name ?? "main.main";
  record((await call(base, "peek", `/api/profiles/${id}/peek?function=${encodeURIComponent(fn)}`, undefined, kind)).outcome);
  if (!referenceId) return;
  record((await call(base, "compare", `/api/profiles/compare?base=${referenceId}&target=${id}`, undefined, kind)).outcome);
  record((await call(base, "merge preview", `/api/merges/preview?profileId=${referenceId}&profileId=${id}`, undefined, kind)).outcome);
}

export function describeFuzz(r: FuzzReport): string[] {
  const statuses = Object.entries(r.refusalsByStatus).map(([s, n]) => `${s}: ${n}`).join(", ");
  return [
    `inputs ${r.inputs}: accepted ${r.accepted}, refused ${r.refused} (${statuses || "none"}); ${r.requests} requests`,
    `5xx: ${r.serverErrors.length}, dropped connections: ${r.dropped.length}, over ${LIMIT_MS / 1000} s: ${r.slow.length}, refusals without a reason: ${r.unnamedRefusals.length}; slowest ${Math.round(r.slowestMs)} ms`,
    ...[...r.serverErrors, ...r.dropped, ...r.slow, ...r.unnamedRefusals].slice(0, 10).map((o) => `  ${o.endpoint} ${o.status} ${Math.round(o.ms)} ms [${o.kind}] ${o.error ?? ""}`),
  ];
}
