/**
 * Protobuf wire reading over one buffer, for the readers that go straight from a profile's bytes
 * to what they need (compact-index.ts, summary.ts) without pprof-format's object model.
 */

/** The bytes end inside a field, or a field is malformed; the message says which when it is known. */
export class Truncated extends Error {
  constructor(message = "truncated or malformed protobuf") {
    super(message);
  }
}

/** Protobuf wire reading over one buffer; `pos` is the cursor. */
export class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** An unsigned varint as a number (exact below 2^53; uint64 rounded like Number(bigint) above). */
  uint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b < 0x80) return b;
    let v = b & 0x7f;
    b = buf[this.pos++];
    v |= (b & 0x7f) << 7;
    if (b < 0x80) return v;
    b = buf[this.pos++];
    v |= (b & 0x7f) << 14;
    if (b < 0x80) return v;
    b = buf[this.pos++];
    v |= (b & 0x7f) << 21;
    if (b < 0x80) return v;
    return this.wide(this.pos - 4, false);
  }

  /** An int64 varint (two's complement over ten bytes when negative) as a number. */
  int64(): number {
    const buf = this.buf;
    const b = buf[this.pos];
    if (b < 0x80) {
      this.pos++;
      return b;
    }
    const start = this.pos;
    const v = this.uint();
    // Up to seven bytes (49 bits) the value is exact and positive.
    return this.pos - start <= 7 ? v : this.wide(start, true);
  }

  /** Varints of more than 28 bits: exact through BigInt when they pass 49 bits. */
  private wide(start: number, signed: boolean): number {
    const buf = this.buf;
    let pos = start;
    let v = 0;
    let scale = 1;
    let n = 0;
    for (;;) {
      if (pos >= buf.length || n === 10) throw new Truncated();
      const b = buf[pos++];
      n++;
      if (n <= 7) v += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) break;
    }
    if (n > 7) {
      let big = 0n;
      for (let i = n - 1; i >= 0; i--) big = (big << 7n) | BigInt(buf[start + i] & 0x7f);
      v = Number(signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big));
    }
    this.pos = pos;
    return v;
  }

  /** The same varint exactly (for addresses): a number when safe, else a bigint. */
  exactUint(): number | bigint {
    const start = this.pos;
    const v = this.uint();
    if (this.pos - start <= 7) return v;
    let big = 0n;
    for (let i = this.pos - start - 1; i >= 0; i--) big = (big << 7n) | BigInt(this.buf[start + i] & 0x7f);
    return BigInt.asUintN(64, big);
  }

  /** An int64 varint exactly, as a bigint (header times and periods pass 2^53). */
  exactInt64(): bigint {
    const start = this.pos;
    this.uint();
    let big = 0n;
    for (let i = this.pos - start - 1; i >= 0; i--) big = (big << 7n) | BigInt(this.buf[start + i] & 0x7f);
    return BigInt.asIntN(64, big);
  }

  /** Skips a field's payload of the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        while (this.buf[this.pos++] >= 0x80) if (this.pos > this.buf.length) throw new Truncated();
        return;
      case 1:
        this.pos += 8;
        return;
      case 2: {
        const len = this.uint();
        this.pos += len;
        return;
      }
      case 5:
        this.pos += 4;
        return;
      default:
        throw new Truncated();
    }
  }
}
