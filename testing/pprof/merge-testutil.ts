/** Test helpers for the merge and PGO tests (not used by application code). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { mergeTables, readMergeInput, type MergeOptions } from "../../lib/pprof/merge";
import { encodeProfile } from "../../lib/pprof/merge-encode";
import { int64 } from "../../lib/pprof/merge-int";
import { encodeMerged } from "../../lib/pprof/merge-output";
import type { ProfileModel } from "../../lib/pprof/profile-model";

export const MERGE_TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "lib", "pprof", "testdata", "merge");

/** Decode a (possibly gzipped) profile file. */
export function readProfile(file: string): Profile {
  const buf = readFileSync(path.isAbsolute(file) ? file : path.join(MERGE_TESTDATA, file));
  const raw = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
  return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}

/** Decode bytes produced by encodeProfileGzip. */
export function decodeGzip(bytes: Uint8Array): Profile {
  const raw = gunzipSync(bytes);
  return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}

export interface FlatCum {
  flat: number;
  cum: number;
}

/** Column of a sample type by name. */
export function sampleIndex(p: Profile, type: string): number {
  const s = p.stringTable.strings;
  const i = p.sampleType.findIndex((st) => s[int64(st.type)] === type);
  if (i < 0) throw new Error(`no sample type ${type}`);
  return i;
}

/**
 * `go tool pprof -top` figures per function name: flat = samples whose innermost frame is
 * the function; cum = samples in which it appears anywhere (once per sample).
 */
export function flatCum(p: Profile, type: string): Map<string, FlatCum> {
  const col = sampleIndex(p, type);
  const s = p.stringTable.strings;
  const fnName = new Map<number, string>(p.function.map((f) => [int64(f.id), s[int64(f.name)] ?? ""]));
  const locNames = new Map<number, string[]>(
    p.location.map((l) => [int64(l.id), l.line.map((ln) => fnName.get(int64(ln.functionId)) ?? "")]),
  );
  const out = new Map<string, FlatCum>();
  const row = (name: string): FlatCum => {
    let r = out.get(name);
    if (!r) out.set(name, (r = { flat: 0, cum: 0 }));
    return r;
  };
  for (const sample of p.sample) {
    const v = int64(sample.value[col]);
    if (v === 0) continue;
    const seen = new Set<string>();
    sample.locationId.forEach((id, i) => {
      const names = locNames.get(int64(id)) ?? [];
      if (i === 0 && names.length > 0) row(names[0]).flat += v;
      for (const n of names) seen.add(n);
    });
    for (const n of seen) row(n).cum += v;
  }
  return out;
}

/** Parse `go tool pprof -top -nodefraction=0 ...` rows (values plain or with an "ns" suffix). */
export function parseTop(text: string): Map<string, FlatCum> {
  const out = new Map<string, FlatCum>();
  const re = /^\s*(-?\d+)(?:ns|B)?\s+\S+%\s+\S+%\s+(-?\d+)(?:ns|B)?\s+\S+%\s+(.+?)(?: \((?:partial-)?inline\))?$/;
  for (const line of text.split("\n")) {
    const m = re.exec(line);
    if (m) out.set(m[3], { flat: Number(m[1]), cum: Number(m[2]) });
  }
  return out;
}

/** A strings-resolved, order-preserving view of a profile for exact structural comparison. */
export function canonical(p: ProfileModel): unknown {
  const s = p.stringTable.strings;
  const str = (i: number | bigint) => s[int64(i)] ?? "";
  const big = (v: number | bigint) => BigInt(v).toString();
  return {
    sampleType: p.sampleType.map((st) => [str(st.type), str(st.unit)]),
    periodType: p.periodType ? [str(p.periodType.type), str(p.periodType.unit)] : ["", ""],
    period: big(p.period),
    timeNanos: big(p.timeNanos),
    durationNanos: big(p.durationNanos),
    comments: p.comment.map(str),
    defaultSampleType: str(p.defaultSampleType),
    dropFrames: str(p.dropFrames),
    keepFrames: str(p.keepFrames),
    samples: p.sample.map((x) => ({
      loc: x.locationId.map(big),
      val: x.value.map((v) => int64(v)),
      labels: x.label.map((l) => (l.str ? [str(l.key), str(l.str)] : [str(l.key), big(l.num), str(l.numUnit)])),
    })),
    mappings: p.mapping.map((m) => ({
      id: big(m.id),
      start: big(m.memoryStart),
      limit: big(m.memoryLimit),
      offset: big(m.fileOffset),
      file: str(m.filename),
      buildId: str(m.buildId),
      flags: [m.hasFunctions, m.hasFilenames, m.hasLineNumbers, m.hasInlineFrames],
    })),
    locations: p.location.map((l) => ({
      id: big(l.id),
      mapping: big(l.mappingId),
      address: big(l.address),
      folded: l.isFolded,
      lines: l.line.map((ln) => [big(ln.functionId), big(ln.line), big(ln.column)]),
    })),
    functions: p.function.map((f) => ({
      id: big(f.id),
      name: str(f.name),
      systemName: str(f.systemName),
      filename: str(f.filename),
      startLine: big(f.startLine),
    })),
  };
}

/** mergeTables over decoded profiles, decoded again by pprof-format (the tests' entry to the merge). */
export function mergeProfiles(inputs: { profile: ProfileModel; weight?: number }[], opts: MergeOptions = {}): Profile {
  const m = mergeTables(
    inputs.map((i) => ({ table: readMergeInput(encodeProfile(i.profile)), weight: i.weight })),
    opts,
  );
  return Profile.decode(encodeMerged(m));
}
