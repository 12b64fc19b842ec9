import { gunzipSync, gzipSync } from "node:zlib";
import { Profile, StringTable, emptyTableToken } from "pprof-format";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_DECOMPRESSED_BYTES, ProfileDecodeError } from "./decode";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { readProfileNow } from "./summary";
import { buildProfile, readFixture } from "./testdata/fixtures";

function decodeError(bytes: Uint8Array, limits?: { maxDecompressedBytes?: number }): ProfileDecodeError {
  try {
    readProfileNow(bytes, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileDecodeError);
    return err as ProfileDecodeError;
  }
  throw new Error("the server's reader accepted the input");
}

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

function encodeValid(mutate: (p: Profile) => void): Uint8Array {
  const p = buildProfile({ sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]], samples: [{ stack: [["f"], ["main"]], values: [1, 10] }] });
  mutate(p);
  return p.encode();
}

describe("decodeProfile", () => {
  it("decodes a gzip-compressed Go CPU profile", () => {
    const p = decodeProfile(readFixture("go19-cpu"));
    expect(p.sampleType).toHaveLength(2);
    expect(p.sample.length).toBeGreaterThan(0);
  });

  it("decodes the same profile sent as raw protobuf", () => {
    const raw = new Uint8Array(gunzipSync(readFixture("go19-heap")));
    expect(decodeProfile(raw).sample.length).toBe(decodeProfile(readFixture("go19-heap")).sample.length);
  });

  it("decodes real-world Go 1.20+ PGO profiles", () => {
    expect(decodeProfile(readFixture("gdu")).function.length).toBeGreaterThan(100);
    expect(decodeProfile(readFixture("roulette")).function.length).toBeGreaterThan(100);
  });

  it("rejects an empty body with 400", () => {
    const err = decodeError(new Uint8Array());
    expect(err.status).toBe(400);
    expect(err.code).toBe("empty");
    expect(err.message).toMatch(/^empty body/);
  });

  it("rejects a gzip stream that decompresses to nothing", () => {
    expect(decodeError(gzipSync(Buffer.alloc(0))).code).toBe("empty");
  });

  it("rejects a truncated gzip stream with 400 and says it is truncated", () => {
    const gz = readFixture("go19-cpu");
    const err = decodeError(gz.subarray(0, gz.length - 100));
    expect(err.status).toBe(400);
    expect(err.code).toBe("truncated-gzip");
    expect(err.message).toMatch(/^truncated gzip stream: /);
  });

  it("rejects a corrupt gzip stream with 400", () => {
    const err = decodeError(Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(err.status).toBe(400);
    expect(err.code).toBe("corrupt-gzip");
    expect(err.message).toMatch(/^corrupt gzip stream: /);
  });

  it("rejects gzip-compressed garbage as not a profile", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const err = decodeError(gzipSync(randomBytes(4096, seed)));
      expect(err.status).toBe(400);
      expect(err.code).toBe("not-a-profile");
      expect(err.message).toMatch(/^not a pprof profile: /);
    }
  });

  it("rejects random bytes as not a profile", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = randomBytes(64 + seed * 7, seed);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) continue;
      expect(decodeError(bytes).code).toBe("not-a-profile");
    }
  });

  it("names a PNG image", () => {
    expect(decodeError(PNG).message).toBe("not a pprof profile: the body is a PNG image");
    expect(decodeError(gzipSync(PNG)).message).toBe("not a pprof profile: the gzip stream contains a PNG image");
  });

  it("names plain text, HTML, JSON and Go's legacy text profiles", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(decodeError(enc("hello, this is not a profile\n")).message).toBe(
      'not a pprof profile: the body is text ("hello, this is not a profile")',
    );
    expect(decodeError(enc("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")).message).toMatch(/an HTML page$/);
    expect(decodeError(enc('{"error":"unauthorized"}')).message).toMatch(/JSON text$/);
    expect(decodeError(enc("heap profile: 1: 2 [3: 4] @ heap/1048576\n")).message).toMatch(/legacy text format/);
  });

  it("rejects a decompressed size over the limit with 413 naming the limit in MiB", () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20));
    const err = decodeError(bomb, { maxDecompressedBytes: 1 << 20 });
    expect(err.status).toBe(413);
    expect(err.code).toBe("too-large");
    expect(err.message).toBe("decompressed profile exceeds the 1 MiB limit (FLEETSCOPE_MAX_DECOMPRESSED_BYTES)");
  });

  it("rejects a raw protobuf body over the limit with 413", () => {
    const raw = new Uint8Array(gunzipSync(readFixture("go19-heap")));
    const err = decodeError(raw, { maxDecompressedBytes: 1024 });
    expect(err.status).toBe(413);
    expect(err.message).toBe("profile exceeds the 0.000977 MiB (1024 bytes) limit (FLEETSCOPE_MAX_DECOMPRESSED_BYTES)");
  });

  // 600 concatenated gzip members of 1 MiB of zeros: ~600 kB that inflate to 600 MiB.
  const bomb = () => {
    const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
    return Buffer.concat(Array.from({ length: 600 }, () => member));
  };

  it("inflates a gzip bomb no further than the limit", () => {
    const input = bomb();
    expect(input.length).toBeLessThan(1 << 20);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const err = decodeError(input, { maxDecompressedBytes: 16 << 20 });
    expect(err.status).toBe(413);
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    expect(peakGrowth).toBeLessThan(128 << 20);
  });

  it("stops a 600 MiB gzip bomb at the default 512 MiB limit", () => {
    expect(DEFAULT_MAX_DECOMPRESSED_BYTES).toBe(512 * 1024 * 1024);
    const err = decodeError(bomb());
    expect(err.status).toBe(413);
    expect(err.message).toBe("decompressed profile exceeds the 512 MiB limit (FLEETSCOPE_MAX_DECOMPRESSED_BYTES)");
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => readProfileNow(readFixture("go19-cpu"), { maxDecompressedBytes: 0 })).toThrow(RangeError);
  });

  describe("rejects decodable protobufs that are not consistent profiles", () => {
    const cases: [string, (p: Profile) => void, RegExp][] = [
      ["no sample types", (p) => (p.sampleType = []), /declares no sample types/],
      ["a sample with the wrong number of values", (p) => (p.sample[0].value = [1]), /sample 0 has 1 values but the profile declares 2 sample types/],
      ["a sample naming a missing location", (p) => (p.sample[0].locationId = [99]), /missing location 99/],
      ["a line naming a missing function", (p) => (p.location[0].line[0].functionId = 42), /missing function 42/],
      ["a function name outside the string table", (p) => (p.function[0].name = 1000), /outside the string table/],
      ["a sample type outside the string table", (p) => (p.sampleType[0].unit = 1000), /outside the string table/],
      ["a duplicate location id", (p) => (p.location[1].id = p.location[0].id), /location id 1 is used twice/],
    ];
    for (const [what, mutate, message] of cases) {
      it(`rejects ${what}`, () => {
        const err = decodeError(encodeValid(mutate));
        expect(err.status).toBe(400);
        expect(err.message).toMatch(/^not a pprof profile: the body is not a valid perftools\.profiles\.Profile protobuf/);
        expect(err.message).toMatch(message);
      });
    }

    it("rejects a string table that does not start with the empty string", () => {
      const strings = new StringTable(emptyTableToken);
      const type = strings.dedup("samples");
      const unit = strings.dedup("count");
      const bytes = new Profile({ sampleType: [{ type, unit }], stringTable: strings }).encode();
      expect(decodeError(bytes).message).toMatch(/string table does not start with ""/);
    });

    it("accepts the unmodified hand-built profile", () => {
      expect(decodeProfile(encodeValid(() => {})).sample).toHaveLength(1);
    });
  });
});
