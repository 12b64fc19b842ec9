/**
 * The binary body of a flame graph's frames (GET /api/profiles/:id/flamegraph?format=frames): the
 * preorder columns of lib/pprof/flame-tree.ts FlameFrames as typed arrays the browser reads in
 * place (no JSON to parse, no object per frame), with the view's facts as a small JSON block.
 * 15 bytes a frame; a tree of 880,000 frames is 13 MB, decoded in milliseconds.
 *
 * Layout, little-endian, each column aligned to its element size:
 *
 *   0  "FLFR"                      magic
 *   4  u32 version                 FLAME_FRAMES_VERSION
 *   8  u32 frames                  n (at least 1: the root)
 *  12  u32 names                   m
 *  16  u32 facts bytes             f
 *  20  u32 name bytes              b
 *  24  f64[n] value
 *      u32[n] name                 index into the names
 *      u32[m] name length          in UTF-16 code units
 *      u16[n] depth                the root 0, each frame at most one deeper than the one before
 *      u8[f]  facts                UTF-8 JSON object
 *      u8[b]  names                UTF-8, concatenated
 */

export const FLAME_FRAMES_VERSION = 1;
/** The body's media type. */
export const FLAME_FRAMES_TYPE = "application/vnd.fleetscope.flame-frames";

const MAGIC = [0x46, 0x4c, 0x46, 0x52]; // "FLFR"
const HEADER_BYTES = 24;

/** The columns the body carries (FlameFrames without its facts). */
export interface FrameColumns {
  names: readonly string[];
  name: Uint32Array;
  depth: Uint16Array;
  value: Float64Array;
}

/** A body that is not a flame frames body of this version, or is cut short or inconsistent. */
export class FlameFramesDecodeError extends Error {
  override name = "FlameFramesDecodeError";
}

// Typed arrays are in the machine's byte order: the format is little-endian, as every machine the
// server and browsers run on.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndian() {
  if (!littleEndian) throw new Error("flame frames bodies are little-endian; this machine is big-endian");
}

/** Where each section starts, from the counts in the header. */
function sections(n: number, m: number, f: number, b: number) {
  const value = HEADER_BYTES;
  const name = value + 8 * n;
  const nameLength = name + 4 * n;
  const depth = nameLength + 4 * m;
  const facts = depth + 2 * n;
  const names = facts + f;
  return { value, name, nameLength, depth, facts, names, end: names + b };
}

/** The body of `columns` with `facts` (a JSON object) beside them. */
export function encodeFlameFrames(facts: object, columns: FrameColumns): Uint8Array {
  assertLittleEndian();
  const { names, name, depth, value } = columns;
  const n = name.length;
  if (depth.length !== n || value.length !== n) throw new RangeError(`columns of different lengths: name ${n}, depth ${depth.length}, value ${value.length}`);
  const utf8 = new TextEncoder();
  const factBytes = utf8.encode(JSON.stringify(facts));
  const nameBytes = utf8.encode(names.join(""));
  const at = sections(n, names.length, factBytes.length, nameBytes.length);
  const out = new Uint8Array(at.end);
  out.set(MAGIC, 0);
  new Uint32Array(out.buffer, 4, 5).set([FLAME_FRAMES_VERSION, n, names.length, factBytes.length, nameBytes.length]);
  new Float64Array(out.buffer, at.value, n).set(value);
  new Uint32Array(out.buffer, at.name, n).set(name);
  new Uint32Array(out.buffer, at.nameLength, names.length).set(names.map((s) => s.length));
  new Uint16Array(out.buffer, at.depth, n).set(depth);
  out.set(factBytes, at.facts);
  out.set(nameBytes, at.names);
  return out;
}

/** A body's facts and columns; the columns are views on the body's bytes (copied first only when they are not aligned). */
export function decodeFlameFrames(body: ArrayBuffer | Uint8Array): { facts: Record<string, unknown>; columns: FrameColumns } {
  assertLittleEndian();
  const bytes = alignedBytes(body);
  if (bytes.length < HEADER_BYTES) throw new FlameFramesDecodeError(`a flame frames body is at least ${HEADER_BYTES} bytes, got ${bytes.length}`);
  if (MAGIC.some((c, i) => bytes[i] !== c)) throw new FlameFramesDecodeError("not a flame frames body (no FLFR at its start)");
  const [version, n, m, f, b] = new Uint32Array(bytes.buffer, bytes.byteOffset + 4, 5);
  if (version !== FLAME_FRAMES_VERSION) throw new FlameFramesDecodeError(`flame frames version ${version}; this reader reads version ${FLAME_FRAMES_VERSION}`);
  if (n === 0) throw new FlameFramesDecodeError("a flame frames body holds at least the root frame, got none");
  const at = sections(n, m, f, b);
  if (bytes.length !== at.end) throw new FlameFramesDecodeError(`the header describes ${at.end} bytes, the body has ${bytes.length}`);
  const view = <T>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T, offset: number, length: number) =>
    new Type(bytes.buffer, bytes.byteOffset + offset, length);
  const columns: FrameColumns = {
    names: namesOf(bytes.subarray(at.names, at.end), view(Uint32Array, at.nameLength, m)),
    name: view(Uint32Array, at.name, n),
    depth: view(Uint16Array, at.depth, n),
    value: view(Float64Array, at.value, n),
  };
  checkColumns(columns);
  return { facts: factsOf(bytes.subarray(at.facts, at.names)), columns };
}

/** The body's bytes at an offset a Float64Array may start at (a fetch's ArrayBuffer always is). */
function alignedBytes(body: ArrayBuffer | Uint8Array): Uint8Array {
  if (!(body instanceof Uint8Array)) return new Uint8Array(body);
  return body.byteOffset % 8 === 0 ? body : body.slice();
}

function namesOf(utf8: Uint8Array, lengths: Uint32Array): string[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(utf8);
  } catch {
    throw new FlameFramesDecodeError("the function names are not UTF-8");
  }
  const names: string[] = new Array(lengths.length);
  let from = 0;
  for (let k = 0; k < lengths.length; k++) {
    names[k] = text.slice(from, from + lengths[k]);
    from += lengths[k];
  }
  if (from !== text.length) throw new FlameFramesDecodeError(`the name lengths add up to ${from} characters, the names hold ${text.length}`);
  return names;
}

function factsOf(utf8: Uint8Array): Record<string, unknown> {
  let facts: unknown;
  try {
    facts = JSON.parse(new TextDecoder().decode(utf8));
  } catch {
    throw new FlameFramesDecodeError("the facts are not JSON");
  }
  if (facts === null || typeof facts !== "object" || Array.isArray(facts)) throw new FlameFramesDecodeError("the facts are not a JSON object");
  return facts as Record<string, unknown>;
}

/** Each name index names a name; depths form a preorder (the root alone at 0, each frame under the one before or an ancestor of it). */
function checkColumns({ names, name, depth }: FrameColumns) {
  if (depth[0] !== 0) throw new FlameFramesDecodeError(`the first frame is the root, at depth 0, not ${depth[0]}`);
  for (let i = 0; i < name.length; i++) {
    if (name[i] >= names.length) throw new FlameFramesDecodeError(`frame ${i} names name ${name[i]} of ${names.length}`);
    if (i > 0 && (depth[i] === 0 || depth[i] > depth[i - 1] + 1)) {
      throw new FlameFramesDecodeError(`frame ${i} is at depth ${depth[i]} after a frame at depth ${depth[i - 1]}`);
    }
  }
}
