/**
 * A lean protobuf reader for profile.proto, used by mergeProfileBytes: it decodes the
 * small tables (strings, mappings, locations, functions, header) into a SourceProfile and
 * only records where each sample message lies, so samples can be streamed into the merger
 * without materialising millions of objects. Accepts packed and unpacked repeated scalars
 * (Go writes arrays of up to two elements unpacked).
 */
import { Function as PFunction, Line, Location, Mapping } from "pprof-format";
import type { Numeric } from "./numbers";
import { canonU64 } from "./merge-int";
import type { SourceProfile } from "./merge-source";

const utf8 = new TextDecoder();

export class WireReader {
  pos = 0;

  constructor(
    readonly buf: Uint8Array,
    public end = buf.length,
  ) {}

  /** Unsigned varint as a number (exact below 2^53). */
  uvarint(): number {
    const { buf } = this;
    let b = buf[this.pos++];
    if (b < 0x80) return b;
    let r = b & 0x7f;
    let mul = 0x80;
    for (let i = 1; i < 10; i++) {
      b = buf[this.pos++];
      r += (b & 0x7f) * mul;
      if (b < 0x80) return r;
      mul *= 0x80;
    }
    throw new Error("malformed varint");
  }

  /** Unsigned varint, exact: number when safe, else bigint. */
  u64(): Numeric {
    const start = this.pos;
    const v = this.uvarint();
    if (this.pos - start < 8) return v;
    this.pos = start;
    return canonU64(this.bigVarint());
  }

  /** Signed int64 varint as a number (two's complement, exact below 2^53 in magnitude). */
  int64(): number {
    const start = this.pos;
    const v = this.uvarint();
    if (this.pos - start < 8) return v;
    this.pos = start;
    return Number(BigInt.asIntN(64, this.bigVarint()));
  }

  /** Signed int64 varint, exact: number when small, else bigint (unsigned two's complement). */
  int64Exact(): Numeric {
    const start = this.pos;
    const v = this.uvarint();
    if (this.pos - start < 8) return v;
    this.pos = start;
    return this.bigVarint();
  }

  bigVarint(): bigint {
    let r = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      r |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, r);
      shift += 7n;
    }
  }

  /** Skip a field of the given wire type. */
  skip(wireType: number): void {
    if (wireType === 0) this.uvarint();
    else if (wireType === 2) {
      // Not `this.pos += this.uvarint()`: that reads pos before the length is consumed.
      const len = this.uvarint();
      this.pos += len;
    }
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

/** Reads a message's fields: `onField(field, wireType, r)` must consume the field or return false to skip it. */
function readMessage(r: WireReader, end: number, onField: (field: number, wireType: number) => boolean): void {
  while (r.pos < end) {
    const key = r.uvarint();
    const field = key >>> 3;
    const wt = key & 7;
    if (!onField(field, wt)) r.skip(wt);
  }
}

/** Repeated scalar field (packed or not): calls `each` per element. */
function repeated(r: WireReader, wt: number, each: () => void): void {
  if (wt === 2) {
    const end = r.uvarint() + r.pos;
    while (r.pos < end) each();
  } else {
    each();
  }
}

function readValueType(r: WireReader): { type: number; unit: number } {
  const vt = { type: 0, unit: 0 };
  const end = r.uvarint() + r.pos;
  readMessage(r, end, (f, wt) => {
    if (wt !== 0) return false;
    if (f === 1) vt.type = r.uvarint();
    else if (f === 2) vt.unit = r.uvarint();
    else return false;
    return true;
  });
  return vt;
}

function readMapping(r: WireReader): Mapping {
  const m = new Mapping({});
  const end = r.uvarint() + r.pos;
  readMessage(r, end, (f, wt) => {
    if (wt !== 0) return false;
    switch (f) {
      case 1: m.id = r.uvarint(); break;
      case 2: m.memoryStart = r.u64(); break;
      case 3: m.memoryLimit = r.u64(); break;
      case 4: m.fileOffset = r.u64(); break;
      case 5: m.filename = r.uvarint(); break;
      case 6: m.buildId = r.uvarint(); break;
      case 7: m.hasFunctions = r.uvarint() !== 0; break;
      case 8: m.hasFilenames = r.uvarint() !== 0; break;
      case 9: m.hasLineNumbers = r.uvarint() !== 0; break;
      case 10: m.hasInlineFrames = r.uvarint() !== 0; break;
      default: return false;
    }
    return true;
  });
  return m;
}

function readLine(r: WireReader): Line {
  const ln = new Line({});
  const end = r.uvarint() + r.pos;
  readMessage(r, end, (f, wt) => {
    if (wt !== 0) return false;
    if (f === 1) ln.functionId = r.uvarint();
    else if (f === 2) ln.line = r.int64();
    else if (f === 3) ln.column = r.int64();
    else return false;
    return true;
  });
  return ln;
}

function readLocation(r: WireReader): Location {
  const l = new Location({});
  const end = r.uvarint() + r.pos;
  readMessage(r, end, (f, wt) => {
    if (f === 4 && wt === 2) l.line.push(readLine(r));
    else if (wt !== 0) return false;
    else if (f === 1) l.id = r.uvarint();
    else if (f === 2) l.mappingId = r.uvarint();
    else if (f === 3) l.address = r.u64();
    else if (f === 5) l.isFolded = r.uvarint() !== 0;
    else return false;
    return true;
  });
  return l;
}

function readFunction(r: WireReader): PFunction {
  const fn = new PFunction({});
  const end = r.uvarint() + r.pos;
  readMessage(r, end, (f, wt) => {
    if (wt !== 0) return false;
    switch (f) {
      case 1: fn.id = r.uvarint(); break;
      case 2: fn.name = r.uvarint(); break;
      case 3: fn.systemName = r.uvarint(); break;
      case 4: fn.filename = r.uvarint(); break;
      case 5: fn.startLine = r.int64(); break;
      default: return false;
    }
    return true;
  });
  return fn;
}

/** A profile whose samples stay encoded: `sampleRanges` holds [start, end) byte pairs into `buf`. */
export interface WireProfile {
  source: SourceProfile;
  buf: Uint8Array;
  sampleRanges: Int32Array;
  nSamples: number;
}

/** Parse an uncompressed profile.proto, leaving samples encoded. */
export function readWireProfile(buf: Uint8Array): WireProfile {
  const r = new WireReader(buf);
  const src: SourceProfile = {
    sampleType: [],
    periodType: undefined,
    period: 0,
    timeNanos: 0,
    durationNanos: 0,
    comment: [],
    defaultSampleType: 0,
    dropFrames: 0,
    keepFrames: 0,
    docUrl: 0,
    mapping: [],
    location: [],
    function: [],
    strings: [],
  };
  let ranges = new Int32Array(1024);
  let n = 0;
  readMessage(r, buf.length, (f, wt) => {
    if (f === 2 && wt === 2) {
      const len = r.uvarint();
      if (2 * n + 2 > ranges.length) {
        const bigger = new Int32Array(ranges.length * 2);
        bigger.set(ranges);
        ranges = bigger;
      }
      ranges[2 * n] = r.pos;
      ranges[2 * n + 1] = r.pos + len;
      n++;
      r.pos += len;
      return true;
    }
    if (wt === 2) {
      switch (f) {
        case 1: src.sampleType.push(readValueType(r)); return true;
        case 3: src.mapping.push(readMapping(r)); return true;
        case 4: src.location.push(readLocation(r)); return true;
        case 5: src.function.push(readFunction(r)); return true;
        case 6: {
          const len = r.uvarint();
          src.strings.push(utf8.decode(buf.subarray(r.pos, r.pos + len)));
          r.pos += len;
          return true;
        }
        case 11: src.periodType = readValueType(r); return true;
        case 13: repeated(r, wt, () => src.comment.push(r.uvarint())); return true;
        default: return false;
      }
    }
    if (wt !== 0) return false;
    switch (f) {
      case 7: src.dropFrames = r.uvarint(); break;
      case 8: src.keepFrames = r.uvarint(); break;
      case 9: src.timeNanos = r.int64Exact(); break;
      case 10: src.durationNanos = r.int64Exact(); break;
      case 12: src.period = r.int64Exact(); break;
      case 13: src.comment.push(r.uvarint()); break;
      case 14: src.defaultSampleType = r.uvarint(); break;
      case 15: src.docUrl = r.uvarint(); break;
      default: return false;
    }
    return true;
  });
  return { source: src, buf, sampleRanges: ranges, nSamples: n };
}

