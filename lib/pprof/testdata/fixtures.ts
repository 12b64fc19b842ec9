/**
 * Test helpers: the committed fixtures, pprof's committed reference output and
 * a small builder for hand-made profiles. Test-only; reads files, needs no Go.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Profile, StringTable } from "pprof-format";

export const TESTDATA_DIR = path.dirname(fileURLToPath(import.meta.url));
const EXPECTED_DIR = path.join(TESTDATA_DIR, "expected");

export const FIXTURES = {
  "go19-cpu": "go19-cpu.pb.gz",
  "go19-heap": "go19-heap.pb.gz",
  gdu: "gdu.default.pgo",
  roulette: "roulette.default.pgo",
  // Written by Go 1.26's runtime from testing/goservices (regen-go126.sh): PGO-usable, with labels.
  "go126-users": "go126-users.pb.gz",
  "go126-search": "go126-search.pb.gz",
  "go126-reports": "go126-reports.pb.gz",
  "go126-heap": "go126-heap.pb.gz",
} as const;

export type FixtureName = keyof typeof FIXTURES;

export function readFixture(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(path.join(TESTDATA_DIR, FIXTURES[name])));
}

export interface PprofTopRow {
  name: string;
  inline: boolean;
  flat: string;
  cum: string;
}

export interface PprofTop {
  file: string;
  fixture: FixtureName;
  sampleIndex: number;
  sampleType: string;
  exact: boolean;
  /** The "of X total" figure. */
  total: string;
  rows: PprofTopRow[];
}

const ROW = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/;

export function parsePprofTop(text: string): { total: string; rows: PprofTopRow[] } {
  const lines = text.split("\n");
  const showing = lines.find((l) => l.startsWith("Showing nodes accounting for"));
  const total = showing?.match(/% of (\S+) total/)?.[1];
  if (!total) throw new Error("no total line in pprof output");
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  if (header < 0) throw new Error("no header in pprof output");
  const rows: PprofTopRow[] = [];
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === "") continue;
    const m = ROW.exec(line);
    if (!m) throw new Error(`unparsable pprof row: ${line}`);
    // pprof tags nodes reached only (or partly) through inlined calls.
    const tag = / \((inline|partial-inline)\)$/.exec(m[6]);
    const name = tag ? m[6].slice(0, tag.index) : m[6];
    rows.push({ flat: m[1], cum: m[4], name, inline: tag !== null });
  }
  return { total, rows };
}

/** Every committed `go tool pprof -top` output, exact and human. */
export function pprofTopOutputs(): PprofTop[] {
  const out: PprofTop[] = [];
  for (const file of readdirSync(EXPECTED_DIR).sort()) {
    const m = /^(.+)\.(\d+)-(\w+)\.(top|top-exact)\.txt$/.exec(file);
    if (!m) continue;
    const fixture = m[1] as FixtureName;
    if (!(fixture in FIXTURES)) throw new Error(`expected output for unknown fixture: ${file}`);
    out.push({
      file,
      fixture,
      sampleIndex: Number(m[2]),
      sampleType: m[3],
      exact: m[4] === "top-exact",
      ...parsePprofTop(readFileSync(path.join(EXPECTED_DIR, file), "utf8")),
    });
  }
  return out;
}

export interface PprofPeekEdge {
  name: string;
  value: string;
}

export interface PprofPeekNode {
  name: string;
  flat: string;
  cum: string;
  callers: PprofPeekEdge[];
  callees: PprofPeekEdge[];
}

export interface PprofPeek {
  file: string;
  fixture: FixtureName;
  sampleIndex: number;
  sampleType: string;
  nodes: PprofPeekNode[];
}

/** `go tool pprof -peek` text: one block per function, its callers above it and its callees below. */
export function parsePprofPeek(text: string): PprofPeekNode[] {
  const nodes: PprofPeekNode[] = [];
  for (const block of text.split(/^-+\+-+\s*$/m).slice(2)) {
    let node: PprofPeekNode | undefined;
    const callers: PprofPeekEdge[] = [];
    const callees: PprofPeekEdge[] = [];
    for (const line of block.split("\n")) {
      if (!line.includes("|")) continue;
      const [figures, context] = line.split("|");
      const columns = figures.trim().split(/\s+/);
      const name = context.trim().replace(/ \(inline\)$/, "");
      if (columns.length === 5) node = { name, flat: columns[0], cum: columns[3], callers, callees };
      else if (columns.length === 2) (node ? callees : callers).push({ name, value: columns[0] });
      else throw new Error(`unparsable pprof -peek line: ${line}`);
    }
    if (node) nodes.push(node);
  }
  return nodes;
}

/** Every committed `go tool pprof -peek .` output (exact units, no trimming). */
export function pprofPeekOutputs(): PprofPeek[] {
  const out: PprofPeek[] = [];
  for (const file of readdirSync(EXPECTED_DIR).sort()) {
    const m = /^(.+)\.(\d+)-(\w+)\.peek-exact\.txt$/.exec(file);
    if (!m) continue;
    const fixture = m[1] as FixtureName;
    if (!(fixture in FIXTURES)) throw new Error(`expected output for unknown fixture: ${file}`);
    out.push({ file, fixture, sampleIndex: Number(m[2]), sampleType: m[3], nodes: parsePprofPeek(readFileSync(path.join(EXPECTED_DIR, file), "utf8")) });
  }
  return out;
}

const UNIT_FACTORS: Record<string, number> = {
  "": 1,
  ns: 1, us: 1e3, ms: 1e6, s: 1e9, hrs: 3600e9,
  B: 1, kB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50,
};

/**
 * A pprof figure ("0.90s", "37531.47kB", "300", "0") in the profile's base unit
 * (ns or bytes), with the half-step of its last printed digit as tolerance.
 */
export function parsePprofValue(text: string): { value: number; tolerance: number } {
  const m = /^(-?\d+(?:\.(\d+))?)([a-zA-Z]*)$/.exec(text);
  if (!m || !(m[3] in UNIT_FACTORS)) throw new Error(`unparsable pprof value: ${text}`);
  const factor = UNIT_FACTORS[m[3]];
  const decimals = m[2]?.length ?? 0;
  return { value: Number(m[1]) * factor, tolerance: 0.5 * 10 ** -decimals * factor };
}

/** A frame list leaf first; each location is its function names innermost first. */
export interface SampleSpec {
  stack: string[][];
  values: number[];
  labels?: Record<string, string>;
}

export interface ProfileSpec {
  sampleTypes: [type: string, unit: string][];
  samples: SampleSpec[];
  defaultSampleType?: string;
  startLines?: boolean;
}

/** Builds a pprof-format Profile: one location per distinct location spec, one function per name. */
export function buildProfile(spec: ProfileSpec): Profile {
  const strings = new StringTable();
  const functions = new Map<string, { id: number; name: number; startLine: number }>();
  const locations = new Map<string, { id: number; line: { functionId: number; line: number }[] }>();
  const fn = (name: string) => {
    let f = functions.get(name);
    if (!f) {
      f = { id: functions.size + 1, name: strings.dedup(name), startLine: spec.startLines ? 10 : 0 };
      functions.set(name, f);
    }
    return f.id;
  };
  const loc = (names: string[]) => {
    const key = names.join("\u0000");
    let l = locations.get(key);
    if (!l) {
      l = { id: locations.size + 1, line: names.map((n, i) => ({ functionId: fn(n), line: 20 + i })) };
      locations.set(key, l);
    }
    return l.id;
  };
  const samples = spec.samples.map((s) => ({
    locationId: s.stack.map(loc),
    value: s.values,
    label: Object.entries(s.labels ?? {}).map(([k, v]) => ({ key: strings.dedup(k), str: strings.dedup(v) })),
  }));
  return new Profile({
    sampleType: spec.sampleTypes.map(([type, unit]) => ({ type: strings.dedup(type), unit: strings.dedup(unit) })),
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    periodType: { type: strings.dedup("cpu"), unit: strings.dedup("nanoseconds") },
    period: 10_000_000,
    defaultSampleType: spec.defaultSampleType ? strings.dedup(spec.defaultSampleType) : 0,
    stringTable: strings,
  });
}
