/**
 * Test helpers: the cases of regen.sh (cases.txt) with go tool pprof's committed output for each.
 * Test-only; reads files, needs no Go.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PprofFilters } from "../../filters";
import type { Granularity } from "../../granularity";

const DIR = path.dirname(fileURLToPath(import.meta.url));

export interface PprofCase {
  name: string;
  report: "top" | "tags" | "dot";
  /** The fixture's bytes. */
  fixture: string;
  sampleIndex: number;
  /** The -unit given (exact figures: ns, B or minimum). */
  unit: string;
  filters: PprofFilters;
  granularity: Granularity;
  /** The flags as given to pprof. */
  flags: string[];
  /** pprof's output. */
  expected: string;
}

function parseFlags(flags: string[]): { filters: PprofFilters; granularity: Granularity } {
  const filters: Record<string, string> = {};
  let granularity: Granularity = "functions";
  for (const flag of flags) {
    const m = /^-(\w+)(?:=(.*))?$/.exec(flag);
    if (!m) throw new Error(`bad flag in cases.txt: ${flag}`);
    if (m[2] === undefined) granularity = m[1] as Granularity;
    else filters[m[1]] = m[2];
  }
  return { filters, granularity };
}

export function pprofCases(): PprofCase[] {
  return readFileSync(path.join(DIR, "cases.txt"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [name, report, fixture, index, unit, ...flags] = line.trim().split(/\s+/);
      return {
        name,
        report: report as PprofCase["report"],
        fixture: path.join(DIR, fixture),
        sampleIndex: Number(index),
        unit,
        flags,
        ...parseFlags(flags),
        expected: readFileSync(path.join(DIR, "expected", `${name}.${report}.txt`), "utf8"),
      };
    });
}

export interface PprofTagKey {
  key: string;
  total: string;
  values: { amount: string; value: string }[];
}

/** `go tool pprof -tags` text: a block per key, its values below it. */
export function parsePprofTags(text: string): PprofTagKey[] {
  const keys: PprofTagKey[] = [];
  for (const line of text.split("\n")) {
    const head = /^\s*(\S+): Total (\S+) of (\S+)/.exec(line);
    if (head) {
      keys.push({ key: head[1], total: head[2], values: [] });
      continue;
    }
    const value = /^\s*(\S+) \(\s*[^)]*%\): (.*)$/.exec(line);
    if (value) keys[keys.length - 1].values.push({ amount: value[1], value: value[2] });
  }
  return keys;
}

export interface PprofDotNode {
  name: string;
  flat: string;
  cum: string;
}

export interface PprofDotEdge {
  from: string;
  to: string;
  weight: string;
  residual: boolean;
  inline: boolean;
}

/** `go tool pprof -dot` text: its nodes N1, N2, ... in order (nodelets of tags left out) and its edges. */
export function parsePprofDot(text: string): { nodes: PprofDotNode[]; edges: PprofDotEdge[] } {
  const nodes: PprofDotNode[] = [];
  const byId = new Map<string, PprofDotNode>();
  const edges: PprofDotEdge[] = [];
  for (const line of text.split("\n")) {
    const node = /^(N\d+) \[label="(.*?)" id="node\d+".* tooltip="(.*) \((\S+)\)" color=/.exec(line);
    if (node) {
      const label = node[2];
      const flat = /\\n([^\\\s]+) \([^)]*\)\\nof \S+ \(/.exec(label)?.[1] ?? (/\\n0 of \S+ \(/.test(label) ? "0" : node[4]);
      const n = { name: node[3], flat, cum: node[4] };
      nodes.push(n);
      byId.set(node[1], n);
      continue;
    }
    const edge = /^(N\d+) -> (N\d+) \[label=" (\S+?)(\\n \(inline\))?" /.exec(line);
    if (edge && byId.has(edge[2])) {
      edges.push({ from: byId.get(edge[1])!.name, to: byId.get(edge[2])!.name, weight: edge[3], residual: line.includes('style="dotted"'), inline: edge[4] !== undefined });
    }
  }
  return { nodes, edges };
}
