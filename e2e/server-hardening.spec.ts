// The HTTP layer in front of Next (scripts/serve.mjs) and what the app does at start and stop, against
// real server processes of the production build: the defects found when the dashboard was tried as
// an attacker would, each reproduced here first.
import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { startServer, tempDir, type ServerProcess } from "../testing/replicas";
import { rawRequest } from "./support/raw-http";

const FIXTURE = fs.readFileSync(path.resolve("lib/pprof/testdata/go19-cpu.pb.gz"));
const HEAP = fs.readFileSync(path.resolve("lib/pprof/testdata/go19-heap.pb.gz"));
const ADMIN = { username: "admin", password: "a long operator passphrase" };

test.describe.configure({ mode: "serial" });

test.describe("loopback server", () => {
  let server: ServerProcess;
  test.beforeAll(async () => {
    server = await startServer({ env: { FLEETSCOPE_MAX_UPLOAD_BYTES: String(1024 * 1024), FLEETSCOPE_MAX_DECOMPRESSED_BYTES: String(8 * 1024 * 1024) } });
  });
  test.afterAll(async () => {
    await server?.stop("SIGKILL");
  });

  test("a malformed percent escape in an id is a 400 for the API and the not-found page for pages, with a CSP", async () => {
    for (const p of ["/api/profiles/%/raw", "/api/audits/%", "/api/merges/%25%/preview"]) {
      const res = await rawRequest(server.port, `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close`);
      expect(res.status, p).toBe(400);
      expect(JSON.parse(res.body).error).toMatch(/malformed percent escape/);
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
    // The page's own not-found (a page under a loading boundary streams it with status 200, as any unknown id).
    const pages: [string, RegExp][] = [["/profiles/%", /Profile not found/], ["/merges/%", /Merge not found/], ["/profiles/%E0%A4%A", /Profile not found/]];
    for (const [p, text] of pages) {
      const res = await rawRequest(server.port, `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close`);
      expect([200, 404], p).toContain(res.status);
      expect(res.body, p).toMatch(text);
      expect(res.headers["content-type"]).toContain("text/html");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.body).not.toContain("Internal Server Error");
    }
  });

  test("a request refused before its body is read says Connection: close, and the keep-alive client's next request works", async () => {
    const tooLarge = await fetch(`${server.url}/api/profiles?service=big`, { method: "POST", body: Buffer.alloc(3 * 1024 * 1024, 7) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("connection")).toBe("close");
    expect((await tooLarge.json()).error).toMatch(/1 MiB upload limit/);
    const next = await fetch(`${server.url}/api/services`);
    expect(next.status).toBe(200);
    expect(next.headers.get("connection")).toBe("keep-alive"); // a request read whole keeps its connection
    const stored = await fetch(`${server.url}/api/profiles?service=small`, { method: "POST", body: FIXTURE });
    expect(stored.status).toBe(201);
    expect(stored.headers.get("connection")).toBe("keep-alive");

    // Without a length (chunked), the limit is found while reading: the same.
    const chunks = Array.from({ length: 48 }, () => new Uint8Array(64 * 1024).fill(9));
    const streamed = await fetch(`${server.url}/api/profiles?service=big`, {
      method: "POST",
      body: new ReadableStream({ pull(c) { const chunk = chunks.pop(); if (chunk) c.enqueue(chunk); else c.close(); } }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error).toMatch(/1 MiB upload limit/);
    expect((await fetch(`${server.url}/api/services`)).status).toBe(200);

    // A gzip bomb: 64 MiB of zeros in 64 KiB, refused while decompressing.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const refused = await fetch(`${server.url}/api/profiles?service=bomb`, { method: "POST", body: bomb });
    expect(refused.status).toBe(413);
    expect((await refused.json()).error).toMatch(/after decompression|decompress/i);
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/services`)).status).toBe(200);
  });

  test("in loopback mode a cross-site write fails whatever X-Forwarded-Host or bearer it carries", async () => {
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
      { origin: "https://evil.example", authorization: "Bearer anything" },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/api/profiles?service=evil`, { method: "POST", headers, body: FIXTURE });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatch(/cross-site/);
    }
    const own = await fetch(`${server.url}/api/profiles?service=own`, { method: "POST", headers: { origin: server.url }, body: FIXTURE });
    expect(own.status).toBe(201);
  });
});

test.describe("sign-in server", () => {
  let server: ServerProcess;
  test.beforeAll(async () => {
    server = await startServer({ env: { FLEETSCOPE_ADMIN_USER: ADMIN.username, FLEETSCOPE_ADMIN_PASSWORD: ADMIN.password } });
  });
  test.afterAll(async () => {
    await server?.stop("SIGKILL");
  });

  test("an anonymous POST is refused before its body is read", async () => {
    // Headers say 60 MiB; only 1 KiB follows. The 401 must come without the rest.
    const res = await rawRequest(
      server.port,
      `POST /api/profiles?service=x HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${60 * 1024 * 1024}`,
      Buffer.alloc(1024),
      5_000,
    );
    expect(res.status).toBe(401);
    expect(res.headers.connection).toBe("close");
    expect(res.elapsedMs).toBeLessThan(3_000);
    expect(JSON.parse(res.body).error).toMatch(/authentication required/);
  });

  test("wrong passwords slow a username down but never lock the right one out, and random names write little", async () => {
    const signIn = (username: string, password: string) =>
      fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ username, password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await signIn(ADMIN.username, `wrong password ${i}`);
      statuses.push(res.status);
      if (res.status === 429) await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after")) * 1000));
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(4);
    // Inside the wait even the right password is refused, with the time to wait; after it, it works.
    let right = await signIn(ADMIN.username, ADMIN.password);
    if (right.status === 429) {
      const wait = Number(right.headers.get("retry-after"));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(30);
      expect((await right.json()).error).toMatch(/wait \d+ s/);
      await new Promise((r) => setTimeout(r, wait * 1000));
      right = await signIn(ADMIN.username, ADMIN.password);
    }
    expect(right.status).toBe(200);
    const cookie = right.headers.get("set-cookie")!.split(";")[0]!;

    // 200 sign-ins with random names from one address: most are refused by the address's wait
    // before any hashing; the activity log gets a handful of rows, not one per attempt.
    const refusedUnhashed: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await signIn(`nobody-${i}-${Math.random()}`, "whatever password");
      await res.arrayBuffer();
      if (res.status === 429) refusedUnhashed.push(i);
    }
    expect(refusedUnhashed.length).toBeGreaterThan(150); // the address's wait answers before any scrypt
    const activity = await (await fetch(`${server.url}/api/activity`, { headers: { cookie } })).json();
    const failed = (activity.activity ?? activity.entries ?? activity).filter((a: { action: string }) => a.action === "session.signin-failed");
    expect(failed.length).toBeLessThanOrEqual(5 + 10);
  });
});

test("SIGTERM: new requests refused, the upload in flight finishes, a running scan is marked interrupted, the process exits", async () => {
  const { startDemoEc2, fakeEc2Env } = await import("../scripts/fake-ec2.mjs");
  const { fake } = await startDemoEc2({ latencyMs: 1500 });
  const dataDir = tempDir("sigterm");
  const env = { ...fakeEc2Env(fake.url), FLEETSCOPE_DATA_DIR: dataDir, FLEETSCOPE_SHUTDOWN_SECONDS: "10" };
  const server = await startServer({ env });
  try {
    const scan = await (await fetch(`${server.url}/api/audits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ regions: ["eu-west-1", "us-east-1"] }) })).json();
    expect(scan.audit.status).toBe("running");

    // An upload whose body is still arriving when SIGTERM comes.
    let push!: (chunk: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close());
      },
    });
    const upload = fetch(`${server.url}/api/profiles?service=inflight`, { method: "POST", body, duplex: "half" } as RequestInit);
    push(HEAP.subarray(0, 1000));
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    push(HEAP.subarray(1000));
    push(null);
    const stored = await upload;
    expect(stored.status).toBe(201);
    expect((await stored.json()).profile.sha256).toBe(createHash("sha256").update(HEAP).digest("hex"));
    expect(await server.exited).toBe(0);
    expect(server.logs()).toMatch(/SIGTERM: no new requests/);

    const again = await startServer({ env });
    try {
      const audit = await (await fetch(`${again.url}/api/audits/${scan.audit.id}`)).json();
      expect(audit.audit.status).toBe("interrupted");
      expect(audit.audit.error).toMatch(/shut down before it finished/);
    } finally {
      await again.stop("SIGKILL");
    }
  } finally {
    await server.stop("SIGKILL");
    await fake.close();
  }
});

test("after kill -9 during a burst of uploads, the sweep at start leaves no blob without a row and no .tmp file; missing bytes mark the row damaged", async () => {
  const dataDir = tempDir("kill9");
  const env = { FLEETSCOPE_DATA_DIR: dataDir };
  const server = await startServer({ env });
  const blobs = path.join(dataDir, "blobs");
  const kept = await (await fetch(`${server.url}/api/profiles?service=kept`, { method: "POST", body: FIXTURE })).json();
  const lost = await (await fetch(`${server.url}/api/profiles?service=lost`, { method: "POST", body: HEAP })).json();
  // A burst of distinct uploads (the same profile with an unknown field 100 = i), cut by kill -9.
  const plain = gunzipSync(HEAP);
  const burst = Array.from({ length: 30 }, (_, i) =>
    fetch(`${server.url}/api/profiles?service=burst`, { method: "POST", body: Buffer.concat([plain, Buffer.from([0xa0, 0x06, i])]) }).catch(() => null),
  );
  await new Promise((r) => setTimeout(r, 150));
  await server.stop("SIGKILL");
  await Promise.all(burst);
  // What a crash between the two writes leaves: bytes nobody refers to, an unfinished temp file.
  const orphanSha = "ab".padEnd(64, "0");
  fs.mkdirSync(path.join(blobs, "sha256", "ab"), { recursive: true });
  fs.writeFileSync(path.join(blobs, "sha256", "ab", orphanSha), "orphan bytes");
  fs.writeFileSync(path.join(blobs, "sha256", "ab", `.${orphanSha}.1234.tmp`), "half written");
  // And a bucket edited by hand: one profile's bytes are gone.
  fs.rmSync(path.join(blobs, "sha256", lost.profile.sha256.slice(0, 2), lost.profile.sha256));

  const again = await startServer({ env });
  try {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(e.name);
    };
    walk(path.join(blobs, "sha256"));
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const listed = [] as string[];
    for (const service of ["kept", "lost", "burst"]) {
      const { profiles } = await (await fetch(`${again.url}/api/profiles?service=${service}`)).json();
      listed.push(...profiles.map((p: { sha256: string }) => p.sha256));
    }
    expect(files.sort()).toEqual([...new Set(listed)].filter((s) => s !== lost.profile.sha256).sort());

    const damaged = await (await fetch(`${again.url}/api/profiles/${lost.profile.id}`)).json();
    expect(damaged.profile.damaged).toBe(true);
    const raw = await fetch(`${again.url}/api/profiles/${lost.profile.id}/raw`);
    expect(raw.status).toBe(410);
    expect((await raw.json()).error).toMatch(/damaged: its bytes are gone/);
    expect((await (await fetch(`${again.url}/api/profiles/${kept.profile.id}`)).json()).profile.damaged).toBe(false);
    const activity = await (await fetch(`${again.url}/api/activity`)).json();
    const sweep = (activity.activity ?? activity.entries ?? activity).find((a: { action: string }) => a.action === "store.sweep");
    expect(sweep.detail).toMatch(/deleted \d+ blob\(s\) without a row/);
    expect(sweep.detail).toMatch(/marked 1 profile\(s\) damaged/);
    expect(again.logs()).toMatch(/store sweep: deleted/);
  } finally {
    await again.stop("SIGKILL");
  }
});
