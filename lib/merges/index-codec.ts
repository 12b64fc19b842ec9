/**
 * InputIndexes kept in the blob store next to the profiles they were read from, so a
 * merge preview after a restart (or on another replica) does not read every input's
 * samples again: a few typed arrays load in milliseconds where reading a 500k-sample
 * profile takes half a second. Derived data: keyed by the profile's sha256 and a format
 * version, rebuilt from the profile whenever it is missing or unreadable.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { MERGE_INDEX_FORMAT as INDEX_FORMAT } from "../profiles/derived-keys";
import type { InputIndex } from "./input-index";

export { mergeIndexBlobKey as indexBlobKey } from "../profiles/derived-keys";

const I32 = [
  "rowPair",
  "pairNodeStart",
  "pairNodes",
  "pairLeaf",
  "pairEdgeStart",
  "pairEdgeFrom",
  "pairEdgeFn",
  "pairLeafFunction",
  "nodeFunction",
  "fnEdgeCaller",
  "fnEdgeCallee",
] as const;
const F64 = ["rowValues", "rowSamples", "nodeStartLine", "nodeLine", "fnEdgeOffset"] as const;

type Meta = Omit<InputIndex, (typeof I32)[number] | (typeof F64)[number]> & { format: number; lengths: Record<string, number> };

const toJson = (_k: string, v: unknown) => (typeof v === "bigint" ? { $big: v.toString() } : v);
const fromJson = (_k: string, v: unknown) =>
  v !== null && typeof v === "object" && "$big" in (v as object) ? BigInt((v as { $big: string }).$big) : v;

/** The index's typed arrays (to hand an index over between threads without copying them). */
export function indexArrays(index: InputIndex): ArrayBufferView[] {
  return [...I32, ...F64].map((k) => index[k]);
}

/** gzip(u32 meta length, meta JSON, 8-byte aligned float64 arrays, then int32 arrays). */
export function encodeIndex(index: InputIndex): Uint8Array {
  const lengths: Record<string, number> = {};
  for (const k of [...F64, ...I32]) lengths[k] = index[k].length;
  const rest = Object.fromEntries(Object.entries(index).filter(([k]) => !(I32 as readonly string[]).includes(k) && !(F64 as readonly string[]).includes(k)));
  const meta = new TextEncoder().encode(JSON.stringify({ ...rest, format: INDEX_FORMAT, lengths }, toJson));
  const head = Math.ceil((4 + meta.length) / 8) * 8;
  const size = head + F64.reduce((s, k) => s + index[k].byteLength, 0) + I32.reduce((s, k) => s + index[k].byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, meta.length, true);
  out.set(meta, 4);
  let at = head;
  for (const k of [...F64, ...I32]) {
    const a = index[k];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const gz = gzipSync(out, { level: 1 });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

/** The index, or null when the blob is of another format or damaged. */
export function decodeIndex(bytes: Uint8Array): InputIndex | null {
  try {
    const raw = gunzipSync(bytes);
    const buf = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const metaLength = new DataView(buf.buffer, buf.byteOffset).getUint32(0, true);
    const meta = JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + metaLength)), fromJson) as Meta;
    if (meta.format !== INDEX_FORMAT) return null;
    let at = Math.ceil((4 + metaLength) / 8) * 8;
    const arrays: Record<string, Int32Array | Float64Array> = {};
    for (const k of F64) {
      const n = meta.lengths[k];
      arrays[k] = new Float64Array(buf.slice(at, at + n * 8).buffer);
      at += n * 8;
    }
    for (const k of I32) {
      const n = meta.lengths[k];
      arrays[k] = new Int32Array(buf.slice(at, at + n * 4).buffer);
      at += n * 4;
    }
    if (at !== buf.length) return null;
    const { format: _format, lengths: _lengths, ...rest } = meta;
    return { ...rest, ...arrays } as unknown as InputIndex;
  } catch {
    return null;
  }
}
