/**
 * The stack index of filtered samples at one of pprof's granularities, so that the top table,
 * flame graph, callers / callees and compare read it as they read a profile's own index:
 * - functions (pprof's default): a frame per function name;
 * - lines (-lines): a frame per function and line, named "func file:line";
 * - files (-files): a frame per source file. pprof keeps the functions of a file with different
 *   start lines (Go 1.20+ profiles record them) apart, all named by the file: so do we.
 */
import type { FilteredSamples } from "./filters";
import type { ProfileDetail } from "./profile-detail";
import type { StackIndex } from "./stack-table";
import type { ProfileTable } from "./profile-table";
import { Int32List, NameTable, stackIndex } from "./stack-table";

export const GRANULARITIES = ["functions", "lines", "files"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const UNKNOWN = "<unknown>";

/** Go's filepath.Clean for slash-separated paths. */
export function cleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(part);
  }
  const joined = out.join("/");
  return rooted ? `/${joined}` : joined || ".";
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** A line's frame key (what pprof's NodeInfo compares) and its printable name. */
function frameOf(d: ProfileDetail, line: number, loc: number, g: Granularity): { key: string; name: string } {
  const fn = d.lineFunction[line];
  const name = fn >= 0 ? d.functionName[fn] : "";
  if (g === "functions") return { key: name || UNKNOWN, name: name || UNKNOWN };
  const file = fn >= 0 && d.functionFile[fn] !== "" ? cleanPath(d.functionFile[fn]) : "";
  if (g === "lines") {
    const number = d.lineNumber[line];
    const parts = [name, number !== 0 ? `${file}:${number}` : file].filter((p) => p !== "");
    const printed = parts.join(" ") || UNKNOWN;
    return { key: printed, name: printed };
  }
  // Files: no function name, so pprof's node also carries the mapping file and the start line.
  const mapping = d.locationMapping[loc] >= 0 ? d.mappingFile[d.locationMapping[loc]] : undefined;
  const printed = file !== "" ? file : mapping ? `[${baseName(mapping)}]` : UNKNOWN;
  return { key: `${printed}\u0000${fn >= 0 ? d.functionStartLine[fn] : 0}\u0000${mapping ?? ""}`, name: printed };
}

/** The frames of every location (by the lines the filters left), as name ids innermost first. */
export function locationFrames(table: ProfileTable, f: FilteredSamples, g: Granularity) {
  const d = table.detail;
  const names = new NameTable();
  const keys = new Map<string, number>();
  const idOf = (key: string, name: string) => {
    let id = keys.get(key);
    if (id === undefined) {
      // Distinct keys may print alike (files): each gets its own id, named the same.
      id = names.names.length;
      names.names.push(name);
      keys.set(key, id);
    }
    return id;
  };
  // At function granularity a line's frame is its function's: looked up once per function.
  const byFunction = g === "functions" ? new Int32Array(d.functionName.length).fill(-1) : undefined;
  const n = d.locationMapping.length;
  const frameStart = new Int32Array(n + 1);
  const frames = new Int32List(d.lineFunction.length + 16);
  for (let i = 0; i < n; i++) {
    frameStart[i] = frames.length;
    for (let k = d.lineStart[i]; k < d.lineStart[i + 1]; k++) {
      if (f.lineKept && !f.lineKept[k]) continue;
      const fn = d.lineFunction[k];
      if (byFunction && fn >= 0 && byFunction[fn] >= 0) {
        frames.push(byFunction[fn]);
        continue;
      }
      const { key, name } = frameOf(d, k, i, g);
      const id = idOf(key, name);
      if (byFunction && fn >= 0) byFunction[fn] = id;
      frames.push(id);
    }
    if (frames.length === frameStart[i]) {
      const name = `0x${BigInt(d.locationAddress[i]).toString(16)}`;
      frames.push(idOf(name, name));
    }
  }
  frameStart[n] = frames.length;
  return { names: names.names, frameStart, frames: frames.finish() };
}

/** The stack index of the filtered samples at granularity `g`. */
export function indexOfFiltered(table: ProfileTable, f: FilteredSamples, g: Granularity): StackIndex {
  const { names, frameStart, frames } = locationFrames(table, f, g);
  const nTypes = table.header.sampleTypes.length;
  const totals = new Float64Array(nTypes);
  const absTotals = new Float64Array(nTypes);
  for (let i = 0; i < f.values.length; i++) {
    totals[i % nTypes] += f.values[i];
    absTotals[i % nTypes] += Math.abs(f.values[i]);
  }
  const stacks = { stackStart: f.stackStart, stackLocs: f.stackLocs, stackCount: f.stackCount, values: f.values, totals, absTotals };
  return stackIndex(names, frameStart, frames, stacks, nTypes);
}
