import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, freshDataDir, json, params, req } from "../_testing/harness";

let profiles: typeof import("./route");

beforeAll(async () => {
  freshDataDir({ FLEETSCOPE_MAX_UPLOAD_BYTES: String(40_000), FLEETSCOPE_MAX_DECOMPRESSED_BYTES: String(1024 * 1024) });
  profiles = await import("./route");
});

const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
  profiles.POST(req("/api/profiles?service=limits", { method: "POST", body, headers }), params({}));

describe("size limits", () => {
  it("answers 413 naming the upload limit for a body over it", async () => {
    const res = await upload(fixture("gdu.default.pgo") as BodyInit); // 62,946 bytes > 40,000
    expect(res.status).toBe(413);
    expect((await json<{ error: string }>(res)).error).toMatch(/40000 bytes upload limit \(FLEETSCOPE_MAX_UPLOAD_BYTES\)/);
  });

  it("answers 413 for a chunked body that grows past the limit without a content-length", async () => {
    const chunk = new Uint8Array(16_384);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 200_000) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await profiles.POST(
      req("/api/profiles?service=limits", { method: "POST", body: stream, duplex: "half" } as RequestInit),
      params({}),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(200_000);
  });

  it("stops a gzip bomb at the decompressed limit with 413", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }); // 64 MiB of zeros in ~64 KiB
    expect(bomb.byteLength).toBeLessThan(40_000 * 3);
    const small = gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
    const res = await upload(small);
    expect(res.status).toBe(413);
    expect((await json<{ error: string }>(res)).error).toMatch(/1 MiB limit/);
  });
});
