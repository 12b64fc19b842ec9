import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, freshDataDir, json, params, req } from "../_testing/harness";

let dataDir: string;
let profiles: typeof import("./route");
let profileById: typeof import("./[id]/route");
let raw: typeof import("./[id]/raw/route");
let services: typeof import("../services/route");

type ProfileBody = { profile: { id: string; service: string; sha256: string; [k: string]: unknown } };

beforeAll(async () => {
  dataDir = freshDataDir();
  profiles = await import("./route");
  profileById = await import("./[id]/route");
  raw = await import("./[id]/raw/route");
  services = await import("../services/route");
});

function upload(body: BodyInit, query = "service=users", headers: Record<string, string> = {}) {
  return profiles.POST(req(`/api/profiles?${query}`, { method: "POST", body, headers }), params({}));
}

async function listServices() {
  return (await json<{ services: { name: string; profileCount: number; latestAt: string }[] }>(
    await services.GET(req("/api/services"), params({})),
  )).services;
}

/** The stored profiles' blobs (not what is derived from them in the background, under derived/). */
function blobFiles(): string[] {
  const root = path.join(dataDir, "blobs");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith(".") && !path.relative(root, d.parentPath).startsWith("derived"))
    .map((d) => d.name);
}

describe("POST /api/profiles with a raw body", () => {
  it("stores a gzip CPU profile as 201 and answers 200 with the same profile for the same bytes", async () => {
    const bytes = fixture("go19-cpu.pb.gz");
    const first = await upload(bytes as BodyInit, "service=users&label=version:1.4.2&label=env:prod");
    expect(first.status).toBe(201);
    const { profile } = await json<ProfileBody>(first);
    expect(profile).toMatchObject({
      service: "users",
      sizeBytes: bytes.byteLength,
      defaultSampleType: "cpu",
      sampleTypes: [
        { type: "samples", unit: "count" },
        { type: "cpu", unit: "nanoseconds" },
      ],
      periodType: { type: "cpu", unit: "nanoseconds" },
      labels: { version: "1.4.2", env: "prod" },
      source: "api",
      pgo: { usable: false },
    });
    expect((profile.pgo as { problems: string[] }).problems.join(" ")).toMatch(/start_line/);

    const again = await upload(bytes as BodyInit);
    expect(again.status).toBe(200);
    expect((await json<ProfileBody>(again)).profile.id).toBe(profile.id);
  });

  it("stores an uncompressed real-world PGO profile and marks it usable", async () => {
    const bytes = gunzipSync(fixture("roulette.default.pgo"));
    const res = await upload(bytes as BodyInit, "service=roulette");
    expect(res.status).toBe(201);
    const { profile } = await json<ProfileBody>(res);
    expect(profile.pgo).toEqual({ usable: true, problems: [] });
    expect(profile.functionCount as number).toBeGreaterThan(10);
  });

  it("keeps one profile when the same bytes arrive concurrently", async () => {
    const bytes = fixture("go19-heap.pb.gz");
    const results = await Promise.all(Array.from({ length: 6 }, () => upload(bytes as BodyInit, "service=race")));
    const ids = new Set<string>();
    for (const r of results) {
      expect([200, 201]).toContain(r.status);
      ids.add((await json<ProfileBody>(r)).profile.id);
    }
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const list = await json<{ profiles: unknown[] }>(await profiles.GET(req("/api/profiles?service=race"), params({})));
    expect(list.profiles).toHaveLength(1);
  });
});

describe("POST /api/profiles with multipart/form-data", () => {
  it("stores every file field under the service field, with labels", async () => {
    const form = new FormData();
    form.append("service", "search");
    form.append("label", "commit:abc123");
    form.append("file", new Blob([fixture("go19-cpu.pb.gz") as BlobPart]), "cpu.pprof");
    form.append("file", new Blob([fixture("gdu.default.pgo") as BlobPart]), "gdu.pgo");
    const res = await profiles.POST(req("/api/profiles", { method: "POST", body: form }), params({}));
    expect(res.status).toBe(201);
    const body = await json<{ results: { file: string; status: string; profile: { service: string; labels: object; source: string } }[] }>(res);
    expect(body.results.map((r) => [r.file, r.status])).toEqual([
      ["cpu.pprof", "stored"],
      ["gdu.pgo", "stored"],
    ]);
    expect(body.results[0]!.profile).toMatchObject({ service: "search", labels: { commit: "abc123" }, source: "multipart" });
  });

  it("reports a rejected file by name while storing the others", async () => {
    const form = new FormData();
    form.append("service", "mixed");
    form.append("file", new Blob(["hello, I am text"]), "notes.txt");
    form.append("file", new Blob([fixture("go19-heap.pb.gz") as BlobPart]), "heap.pprof");
    const res = await profiles.POST(req("/api/profiles", { method: "POST", body: form }), params({}));
    expect(res.status).toBe(201);
    const body = await json<{ results: { file: string; status: string; error?: string }[] }>(res);
    expect(body.results[0]).toMatchObject({ file: "notes.txt", status: "rejected" });
    expect(body.results[0]!.error).toMatch(/not a pprof profile/);
    expect(body.results[1]).toMatchObject({ file: "heap.pprof", status: "stored" });
  });
});

describe("bad input gets a clear 4xx and stores nothing", () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);
  const cpu = fixture("go19-cpu.pb.gz");
  const cases: [string, () => Response | Promise<Response>, number, RegExp][] = [
    ["plain text", () => upload("this is not a profile at all\n", "service=bad"), 400, /not a pprof profile/i],
    ["a PNG image", () => upload(png, "service=bad"), 400, /PNG/],
    ["random bytes", () => upload(randomBytes(4096), "service=bad"), 400, /not a pprof profile|profile/i],
    ["a truncated gzip", () => upload(cpu.slice(0, Math.floor(cpu.length / 2)) as BodyInit, "service=bad"), 400, /truncated|gzip/i],
    ["a valid gzip of garbage", () => upload(gzipSync(randomBytes(5000)), "service=bad"), 400, /not a pprof profile|profile/i],
    ["an empty body", () => upload(new Uint8Array(0) as BodyInit, "service=bad"), 400, /empty/i],
    ["a missing service", () => upload(cpu as BodyInit, ""), 400, /service/i],
    ["an empty service name", () => upload(cpu as BodyInit, "service="), 400, /service name is empty/],
    ["a too long service name", () => upload(cpu as BodyInit, `service=${"a".repeat(101)}`), 400, /longer than 100/],
    ["a service name with ../", () => upload(cpu as BodyInit, "service=..%2Fx"), 400, /service name/],
    ["a service name with a slash", () => upload(cpu as BodyInit, "service=a%2Fb"), 400, /service name/],
    ["a service name with NUL", () => upload(cpu as BodyInit, "service=a%00b"), 400, /service name/],
    ["a malformed label", () => upload(cpu as BodyInit, "service=bad&label=novalue"), 400, /key:value/],
  ];

  it.each(cases)("rejects %s", async (_name, send, status, message) => {
    const before = blobFiles().length;
    const res = await send();
    expect(res.status).toBe(status);
    const body = await json<{ error: string }>(res);
    expect(body.error).toMatch(message);
    expect(blobFiles().length).toBe(before);
    expect((await listServices()).map((s) => s.name)).not.toContain("bad");
  });

  it("still serves after all of them", async () => {
    const res = await upload(fixture("gdu.default.pgo") as BodyInit, "service=after-bad-input");
    expect(res.status).toBe(201);
  });
});

describe("reading, downloading and deleting", () => {
  it("lists services with counts and newest capture, and profiles newest first", async () => {
    const list = await listServices();
    const users = list.find((s) => s.name === "users");
    expect(users).toMatchObject({ profileCount: 1 });
    expect(Date.parse(users!.latestAt)).toBeGreaterThan(Date.parse("2020-01-01"));

    await upload(fixture("gdu.default.pgo") as BodyInit, "service=users");
    const { profiles: rows } = await json<{ profiles: { capturedAt: string }[] }>(
      await profiles.GET(req("/api/profiles?service=users"), params({})),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]!.capturedAt >= rows[1]!.capturedAt).toBe(true);
  });

  it("downloads the stored bytes unchanged and deletes a profile with its blob", async () => {
    const bytes = fixture("gdu.default.pgo");
    const { profile } = await json<ProfileBody>(await upload(bytes as BodyInit, "service=download-me"));
    const got = await raw.GET(req(`/api/profiles/${profile.id}/raw`), params({ id: profile.id }));
    expect(got.status).toBe(200);
    expect(got.headers.get("content-disposition")).toMatch(/download-me-.*\.pb\.gz"/);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // gdu.default.pgo is also stored for other services: its blob is shared and must survive.
    const del = await profileById.DELETE(req(`/api/profiles/${profile.id}`, { method: "DELETE" }), params({ id: profile.id }));
    expect(del.status).toBe(204);
    const gone = await profileById.GET(req(`/api/profiles/${profile.id}`), params({ id: profile.id }));
    expect(gone.status).toBe(404);
    expect((await json<{ error: string }>(gone)).error).toMatch(/no profile/);
    expect(blobFiles()).toContain(profile.sha256);
  });

  it("removes the blob when its last profile is deleted", async () => {
    const { profile } = await json<ProfileBody>(await upload(fixture("go19-heap.pb.gz") as BodyInit, "service=solo"));
    // the heap fixture is also stored under "race" and "mixed": delete all three
    for (const service of ["solo", "race", "mixed"]) {
      const { profiles: rows } = await json<{ profiles: { id: string; sha256: string }[] }>(
        await profiles.GET(req(`/api/profiles?service=${service}`), params({})),
      );
      for (const row of rows.filter((r) => r.sha256 === profile.sha256)) {
        await profileById.DELETE(req(`/api/profiles/${row.id}`, { method: "DELETE" }), params({ id: row.id }));
      }
    }
    expect(blobFiles()).not.toContain(profile.sha256);
  });

  it("answers 404 JSON for an unknown id, and 400 for a bad service query", async () => {
    const res = await raw.GET(req("/api/profiles/nope/raw"), params({ id: "nope" }));
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "no profile with id nope" });
    const bad = await profiles.GET(req("/api/profiles?service=a/b"), params({}));
    expect(bad.status).toBe(400);
  });
});
