// A minimal protobuf writer for pprof's Profile message, to build the inputs a fuzzer needs that a
// correct encoder would never write: stacks 10,000 frames deep, values near 2^63, ids out of range,
// duplicated and missing fields. Field numbers are profile.proto's.

export class ProtoWriter {
  private readonly parts: number[] = [];

  varint(value: bigint | number): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.parts.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.parts.push(Number(v));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  int(field: number, value: bigint | number): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  packed(field: number, values: (bigint | number)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  raw(data: Iterable<number>): this {
    for (const b of data) this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export type SketchSample = { locations: number[]; values: (bigint | number)[] };
export type ProfileSketch = {
  strings: string[];
  sampleTypes: [number, number][];
  functions: { id: number; name: number; file: number; startLine: number }[];
  locations: { id: number; functionId: number; line: number }[];
  samples: SketchSample[];
  periodType?: [number, number];
  period?: bigint | number;
};

export function encodeSketch(p: ProfileSketch, extra?: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  for (const [type, unit] of p.sampleTypes) w.message(1, (m) => m.int(1, type).int(2, unit));
  for (const s of p.samples) w.message(2, (m) => m.packed(1, s.locations).packed(2, s.values));
  for (const l of p.locations) w.message(4, (m) => m.int(1, l.id).message(4, (line) => line.int(1, l.functionId).int(2, l.line)));
  for (const f of p.functions) w.message(5, (m) => m.int(1, f.id).int(2, f.name).int(3, f.name).int(4, f.file).int(5, f.startLine));
  for (const s of p.strings) w.string(6, s);
  if (p.periodType) w.message(11, (m) => m.int(1, p.periodType![0]).int(2, p.periodType![1]));
  if (p.period !== undefined) w.int(12, p.period);
  extra?.(w);
  return w.finish();
}

/** A valid CPU profile of `depth` distinct frames in one stack (and a shallow one beside it). */
export function deepStackProfile(depth: number, value: bigint | number = 10_000_000): ProfileSketch {
  const strings = ["", "samples", "count", "cpu", "nanoseconds", "main.go"];
  const functions: ProfileSketch["functions"] = [];
  const locations: ProfileSketch["locations"] = [];
  for (let i = 1; i <= depth; i++) {
    strings.push(`main.frame${i}`);
    functions.push({ id: i, name: strings.length - 1, file: 5, startLine: i });
    locations.push({ id: i, functionId: i, line: i + 1 });
  }
  const deep = Array.from({ length: depth }, (_, i) => depth - i); // leaf first
  return {
    strings,
    sampleTypes: [[1, 2], [3, 4]],
    functions,
    locations,
    samples: [{ locations: deep, values: [1, value] }, { locations: [1], values: [1, value] }],
    periodType: [3, 4],
    period: 10_000_000,
  };
}
