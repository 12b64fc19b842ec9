import { describe, expect, it } from "vitest";
import { decodeFlameFrames, encodeFlameFrames, FLAME_FRAMES_VERSION, FlameFramesDecodeError, type FrameColumns } from "./flame-frames-codec";

// root 100: main.main 100 (runtime.gcBgMarkWorker 60, 日本語.関数 "ü" 39), then a deeper frame.
const columns: FrameColumns = {
  names: ["root", "main.main", "runtime.gcBgMarkWorker", "日本語.関数 ü", "𝔣.deep"],
  name: Uint32Array.from([0, 1, 2, 3, 4]),
  depth: Uint16Array.from([0, 1, 2, 2, 3]),
  value: Float64Array.from([100, 100, 60, 39.5, 2 ** 53 - 1]),
};
const facts = { sampleType: "cpu", unit: "nanoseconds", total: 100, folded: { value: 0, frames: 0 }, focus: ["main.main"] };

const plain = (c: FrameColumns) => ({ names: [...c.names], name: [...c.name], depth: [...c.depth], value: [...c.value] });
const expectError = (body: Uint8Array, message: RegExp) => {
  expect(() => decodeFlameFrames(body)).toThrow(FlameFramesDecodeError);
  expect(() => decodeFlameFrames(body)).toThrow(message);
};
/** The body with the u32 at `offset` replaced. */
const withU32 = (body: Uint8Array, offset: number, value: number) => {
  const copy = body.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
};

describe("the flame frames body", () => {
  const body = encodeFlameFrames(facts, columns);

  it("round-trips the columns and facts, names in any script, values to the last bit", () => {
    expect(body.length).toBe(24 + 5 * (8 + 4 + 2) + 5 * 4 + new TextEncoder().encode(JSON.stringify(facts)).length + new TextEncoder().encode(columns.names.join("")).length);
    const decoded = decodeFlameFrames(body);
    expect(decoded.facts).toEqual(facts);
    expect(plain(decoded.columns)).toEqual(plain(columns));
    // In place: the columns are views on the body's bytes.
    expect(decoded.columns.value.buffer).toBe(body.buffer);
    // From an ArrayBuffer (as fetch gives it) and from bytes at an offset a Float64Array cannot start at.
    expect(plain(decodeFlameFrames(body.buffer as ArrayBuffer).columns)).toEqual(plain(columns));
    const shifted = new Uint8Array(body.length + 3);
    shifted.set(body, 3);
    expect(plain(decodeFlameFrames(shifted.subarray(3)).columns)).toEqual(plain(columns));
  });

  it("carries the root alone, and 100,000 frames at 14 bytes each plus the names", () => {
    const root = encodeFlameFrames({}, { names: ["root"], name: new Uint32Array(1), depth: new Uint16Array(1), value: Float64Array.of(7) });
    expect(plain(decodeFlameFrames(root).columns)).toEqual({ names: ["root"], name: [0], depth: [0], value: [7] });
    const n = 100_000;
    const big: FrameColumns = { names: ["root", "f"], name: new Uint32Array(n).fill(1), depth: Uint16Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1 + ((i - 1) % 50))), value: Float64Array.from({ length: n }, (_, i) => i) };
    big.name[0] = 0;
    const encoded = encodeFlameFrames({}, big);
    expect(encoded.length).toBe(24 + 14 * n + 2 * 4 + 2 + 5);
    expect(plain(decodeFlameFrames(encoded).columns)).toEqual(plain(big));
  });

  it("refuses columns of different lengths", () => {
    expect(() => encodeFlameFrames({}, { ...columns, depth: new Uint16Array(2) })).toThrow(/different lengths/);
  });

  it("names what is wrong with a short or foreign body", () => {
    expectError(new Uint8Array(0), /at least 24 bytes, got 0/);
    expectError(body.subarray(0, 23), /at least 24 bytes, got 23/);
    expectError(new TextEncoder().encode(`{"name":"root","value":1,"children":[]}`), /not a flame frames body/);
    expectError(body.subarray(0, body.length - 1), new RegExp(`describes ${body.length} bytes, the body has ${body.length - 1}`));
    expectError(Uint8Array.from([...body, 0]), /the body has/);
  });

  it("names a version it does not read", () => {
    expectError(withU32(body, 4, FLAME_FRAMES_VERSION + 1), new RegExp(`version ${FLAME_FRAMES_VERSION + 1}; this reader reads version ${FLAME_FRAMES_VERSION}`));
  });

  it("refuses counts that do not describe the body", () => {
    expectError(withU32(body, 8, 0), /at least the root frame/);
    expectError(withU32(body, 8, 0xffffffff), /the header describes/);
    expectError(withU32(body, 12, 4), /the header describes/);
  });

  it("refuses columns that are not a preorder tree of known names", () => {
    const bad = (change: (c: FrameColumns) => void) => {
      const c = plain(columns);
      const copy = { names: c.names, name: Uint32Array.from(c.name), depth: Uint16Array.from(c.depth), value: Float64Array.from(c.value) };
      change(copy);
      return encodeFlameFrames(facts, copy);
    };
    expectError(bad((c) => (c.name[3] = 5)), /frame 3 names name 5 of 5/);
    expectError(bad((c) => (c.depth[0] = 1)), /the first frame is the root, at depth 0, not 1/);
    expectError(bad((c) => (c.depth[4] = 4)), /frame 4 is at depth 4 after a frame at depth 2/);
    expectError(bad((c) => (c.depth[2] = 0)), /frame 2 is at depth 0/);
  });

  it("refuses names and facts it cannot read", () => {
    const offsetOfNames = body.length - new TextEncoder().encode(columns.names.join("")).length;
    const badUtf8 = body.slice();
    badUtf8[offsetOfNames] = 0xff;
    expectError(badUtf8, /not UTF-8/);
    // A name length one longer than its name: the lengths no longer add up to the names.
    const lengthsAt = 24 + 5 * 12;
    expectError(withU32(body, lengthsAt, 5), /name lengths add up to/);
    const notJson = body.slice();
    notJson[24 + 5 * 14 + 5 * 4] = 0x7d; // the facts' "{" becomes "}"
    expectError(notJson, /facts are not JSON/);
    expectError(encodeFlameFrames([1, 2], columns), /facts are not a JSON object/);
  });
});
