/**
 * The stack index of filtered samples at one of pprof's granularities, so that the top table,
 * flame graph, callers / callees and compare read it as they read a profile's own index:
 * - functions (pprof's default): a frame per function name;
 * - lines (-lines): a frame per function and line, named "func file:line";
 * - files (-files): a frame per source file. pprof keeps the functions of a file with different
 *   start lines (Go 1.20+ profiles record them) apart, all named by the file: so do we.
 */
import type { FilteredSamples } from "./filters";
import type { DetailLine, ProfileDetail } from "./profile-detail";
import type { StackIndex } from "./profile-index";
import { Int32List, NameTable, stackIndex, StackTableBuilder } from "./stack-table";

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

/** A frame's key (what pprof's NodeInfo compares) and its printable name. */
function frameOf(ln: DetailLine, mappingFile: string | undefined, g: Granularity): { key: string; name: string } {
  const file = ln.file === "" ? "" : cleanPath(ln.file);
  if (g === "functions") return { key: ln.name || UNKNOWN, name: ln.name || UNKNOWN };
  if (g === "lines") {
    const parts = [ln.name, ln.line !== 0 ? `${file}:${ln.line}` : file].filter((p) => p !== "");
    const name = parts.join(" ") || UNKNOWN;
    return { key: name, name };
  }
  // Files: no function name, so pprof's node also carries the mapping file and the start line.
  const name = file !== "" ? file : mappingFile ? `[${baseName(mappingFile)}]` : UNKNOWN;
  return { key: `${name}\u0000${ln.startLine}\u0000${mappingFile ?? ""}`, name };
}

/** The frames of every location (by the filtered lines), as name ids innermost first. */
export function locationFrames(d: ProfileDetail, f: FilteredSamples, g: Granularity) {
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
  const frameStart = new Int32Array(d.locations.length + 1);
  const frames = new Int32List(d.locations.length * 2);
  d.locations.forEach((loc, i) => {
    frameStart[i] = frames.length;
    for (const ln of f.lines[i]) {
      const { key, name } = frameOf(ln, loc.mappingFile, g);
      frames.push(idOf(key, name));
    }
    if (f.lines[i].length === 0) {
      const name = `0x${loc.address.toString(16)}`;
      frames.push(idOf(name, name));
    }
  });
  frameStart[d.locations.length] = frames.length;
  return { names: names.names, frameStart, frames: frames.finish() };
}

/** The stack index of the filtered samples at granularity `g`. */
export function indexOfFiltered(d: ProfileDetail, f: FilteredSamples, g: Granularity): StackIndex {
  const { names, frameStart, frames } = locationFrames(d, f, g);
  const nTypes = d.sampleTypes.length;
  const builder = new StackTableBuilder(nTypes);
  const values = new Float64Array(nTypes);
  for (let k = 0; k < f.samples.length; k++) {
    const s = f.samples[k];
    for (let t = 0; t < nTypes; t++) values[t] = d.values[s * nTypes + t];
    const locs = f.sampleLocs.subarray(f.sampleStart[k], f.sampleStart[k + 1]);
    builder.add(locs, locs.length, values);
  }
  return stackIndex(names, frameStart, frames, builder.finish(), nTypes);
}
