/**
 * A fast profile.proto writer for pprof-format Profiles (same fields and field order as
 * pprof-format's encoder, which allocates per number). Message sizes are computed first,
 * then bytes written straight into one growing buffer. Repeated scalars are packed.
 */
import type { ModelFunction as PFunction, ModelLabel as Label, ModelLocation as Location, ModelMapping as Mapping, ProfileModel as Profile, ModelSample as Sample, ModelValueType as ValueType } from "./profile-model";
import type { Numeric } from "./numbers";

const enc = new TextEncoder();

/** Bytes of a protobuf varint holding v (int64/uint64; negative numbers take 10). */
export function varintSize(v: Numeric): number {
  if (typeof v === "number") {
    if (v < 0) return 10;
    if (v < 0x80) return 1;
    if (v < 0x4000) return 2;
    if (v < 0x200000) return 3;
    if (v < 0x10000000) return 4;
    let n = 5;
    for (let x = v / 0x800000000; x >= 1; x /= 0x80) n++;
    return n;
  }
  let u = BigInt.asUintN(64, v);
  let n = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    n++;
  }
  return n;
}

/** Size of a non-default varint field (0 when the value is zero and the field is omitted). */
function fieldSize(v: Numeric): number {
  return v ? 1 + varintSize(v) : 0;
}

export class WireWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.pos + n, this.buf.length * 2));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** Varint of an int64/uint64 value (caller reserved 10 bytes). */
  varint(v: Numeric): void {
    const { buf } = this;
    if (typeof v === "number" && v >= 0) {
      if (v < 0x80000000) {
        while (v > 0x7f) {
          buf[this.pos++] = (v & 0x7f) | 0x80;
          v >>>= 7;
        }
        buf[this.pos++] = v;
        return;
      }
      while (v > 0x7f) {
        buf[this.pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      buf[this.pos++] = v;
      return;
    }
    let u = BigInt.asUintN(64, BigInt(v));
    while (u > 0x7fn) {
      buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    buf[this.pos++] = Number(u);
  }

  /** A varint field, omitted when zero/false. */
  field(field: number, v: Numeric | boolean): void {
    if (!v) return;
    this.reserve(11);
    this.buf[this.pos++] = field << 3;
    this.varint(v === true ? 1 : (v as Numeric));
  }

  /** Tag + length of a length-delimited field. */
  header(field: number, len: number): void {
    this.reserve(len + 11);
    this.buf[this.pos++] = (field << 3) | 2;
    this.varint(len);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function packedSize(vs: ArrayLike<Numeric>): number {
  let n = 0;
  for (let i = 0; i < vs.length; i++) n += varintSize(vs[i]);
  return n;
}

function writePacked(w: WireWriter, field: number, vs: ArrayLike<Numeric>): void {
  if (vs.length === 0) return;
  const len = packedSize(vs);
  w.header(field, len);
  for (let i = 0; i < vs.length; i++) w.varint(vs[i]);
}

function labelSize(l: Label): number {
  return fieldSize(l.key) + fieldSize(l.str) + fieldSize(l.num) + fieldSize(l.numUnit);
}

export function writeLabel(w: WireWriter, l: Label): void {
  w.header(3, labelSize(l));
  w.field(1, l.key);
  w.field(2, l.str);
  w.field(3, l.num);
  w.field(4, l.numUnit);
}

function writeSample(w: WireWriter, s: Sample): void {
  const a = s.locationId.length ? packedSize(s.locationId) : 0;
  const b = s.value.length ? packedSize(s.value) : 0;
  let len = (a ? 1 + varintSize(a) + a : 0) + (b ? 1 + varintSize(b) + b : 0);
  for (const l of s.label) {
    const ls = labelSize(l);
    len += 1 + varintSize(ls) + ls;
  }
  w.header(2, len);
  writePacked(w, 1, s.locationId);
  writePacked(w, 2, s.value);
  for (const l of s.label) writeLabel(w, l);
}

function writeValueType(w: WireWriter, field: number, vt: ValueType): void {
  w.header(field, fieldSize(vt.type) + fieldSize(vt.unit));
  w.field(1, vt.type);
  w.field(2, vt.unit);
}

function writeMapping(w: WireWriter, m: Mapping): void {
  const len =
    fieldSize(m.id) +
    fieldSize(m.memoryStart) +
    fieldSize(m.memoryLimit) +
    fieldSize(m.fileOffset) +
    fieldSize(m.filename) +
    fieldSize(m.buildId) +
    (m.hasFunctions ? 2 : 0) +
    (m.hasFilenames ? 2 : 0) +
    (m.hasLineNumbers ? 2 : 0) +
    (m.hasInlineFrames ? 2 : 0);
  w.header(3, len);
  w.field(1, m.id);
  w.field(2, m.memoryStart);
  w.field(3, m.memoryLimit);
  w.field(4, m.fileOffset);
  w.field(5, m.filename);
  w.field(6, m.buildId);
  w.field(7, m.hasFunctions);
  w.field(8, m.hasFilenames);
  w.field(9, m.hasLineNumbers);
  w.field(10, m.hasInlineFrames);
}

function writeLocation(w: WireWriter, l: Location): void {
  let len = fieldSize(l.id) + fieldSize(l.mappingId) + fieldSize(l.address) + (l.isFolded ? 2 : 0);
  for (const ln of l.line) {
    const n = fieldSize(ln.functionId) + fieldSize(ln.line) + fieldSize(ln.column);
    len += 1 + varintSize(n) + n;
  }
  w.header(4, len);
  w.field(1, l.id);
  w.field(2, l.mappingId);
  w.field(3, l.address);
  for (const ln of l.line) {
    w.header(4, fieldSize(ln.functionId) + fieldSize(ln.line) + fieldSize(ln.column));
    w.field(1, ln.functionId);
    w.field(2, ln.line);
    w.field(3, ln.column);
  }
  w.field(5, l.isFolded);
}

function writeFunction(w: WireWriter, f: PFunction): void {
  w.header(5, fieldSize(f.id) + fieldSize(f.name) + fieldSize(f.systemName) + fieldSize(f.filename) + fieldSize(f.startLine));
  w.field(1, f.id);
  w.field(2, f.name);
  w.field(3, f.systemName);
  w.field(4, f.filename);
  w.field(5, f.startLine);
}

/**
 * Encode a profile (uncompressed). `writeSamples`, when given, writes the sample fields
 * instead of `p.sample` (the merger streams its samples from typed arrays).
 */
export function encodeProfile(p: Profile, writeSamples?: (w: WireWriter) => void, capacity?: number): Uint8Array {
  const w = new WireWriter(capacity ?? 1 << 20);
  for (const st of p.sampleType) writeValueType(w, 1, st);
  if (writeSamples) writeSamples(w);
  else for (const s of p.sample) writeSample(w, s);
  for (const m of p.mapping) writeMapping(w, m);
  for (const l of p.location) writeLocation(w, l);
  for (const f of p.function) writeFunction(w, f);
  for (const s of p.stringTable.strings) {
    const b = enc.encode(s);
    w.header(6, b.length);
    w.bytes(b);
  }
  w.field(7, p.dropFrames);
  w.field(8, p.keepFrames);
  w.field(9, p.timeNanos);
  w.field(10, p.durationNanos);
  if (p.periodType) writeValueType(w, 11, p.periodType);
  w.field(12, p.period);
  writePacked(w, 13, p.comment);
  w.field(14, p.defaultSampleType);
  w.field(15, p.docUrl);
  return w.finish();
}
