import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { createDb } from "../db/client";
import { LocalBlobStore } from "../storage";
import { buildProfile, readFixture } from "../pprof/testdata/fixtures";
import { UnknownSampleTypeError } from "../pprof/sample-type";
import { ingestProfile } from "./ingest";
import { deleteProfile, getProfile } from "./queries";
import { LruCache } from "./lru";
import { ProfileViews, viewResponse, type CompareView, type FlameView, type TopView, type ViewDeps } from "./profile-views";
import { storedViewKey, storedViewKeys } from "./profile-views-store";
import { NO_FILTERS } from "./view-filters";
import { decodeFlameFrames, FLAME_FRAMES_TYPE } from "../pprof/flame-frames-codec";

let deps: ViewDeps;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-views-"));
  const env = { ...process.env, FLEETSCOPE_DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "fleetscope.db")}` };
  migrate(env);
  deps = { db: createDb(env.DATABASE_URL), blobs: new LocalBlobStore(path.join(dir, "blobs")), maxDecompressedBytes: 512 * 1024 * 1024 };
  const store = async (name: string, bytes: Uint8Array) => {
    ids[name] = (await ingestProfile({ service: "views", bytes, labels: {}, source: "api" }, deps)).profile.id;
  };
  await store("cpu", readFixture("go19-cpu"));
  await store("heap", readFixture("go19-heap"));
  await store("gdu", readFixture("gdu"));
  await store("a", new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../pprof/testdata/diff/go19-cpu-a.pb.gz"))));
  await store("b", new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../pprof/testdata/diff/go19-cpu-b.pb.gz"))));
});

const parse = <T>(view: { json: string }) => JSON.parse(view.json) as T;

describe("ProfileViews", () => {
  it("reads a profile once and serves every later view of it from the cache", async () => {
    const views = new ProfileViews();
    const first = await views.flame(deps, ids.heap);
    expect(first.cached).toBe(false);
    const again = await views.flame(deps, ids.heap);
    expect(again).toMatchObject({ cached: true, json: first.json });
    await views.top(deps, ids.heap, "alloc_space");
    await views.flame(deps, ids.heap, "alloc_objects", 0);
    expect(views.usage()).toMatchObject({ decodes: 1, profiles: 1, views: 3, viewHits: 1, viewMisses: 3 });
  });

  it("caches a flame graph's frames as their binary body, computed once for callers arriving together", async () => {
    const views = new ProfileViews();
    const [first, joined] = await Promise.all([0, 1].map(() => views.flameFrames(deps, ids.cpu, "cpu", 0, undefined, NO_FILTERS)));
    expect(first.cached).toBe(false);
    expect(joined).toMatchObject({ cached: false, joined: true });
    expect(joined.bytes).toBe(first.bytes);
    const again = await views.flameFrames(deps, ids.cpu, "cpu", 0, undefined, NO_FILTERS);
    expect(again).toMatchObject({ cached: true });
    expect(again.bytes).toBe(first.bytes);
    const { facts, columns } = decodeFlameFrames(first.bytes);
    const tree = parse<FlameView>(await views.flame(deps, ids.cpu, "cpu", 0));
    expect(facts).toMatchObject({ sampleType: "cpu", total: tree.total, value: tree.value, folded: tree.folded });
    expect(columns.value[0]).toBe(tree.value);
    const response = viewResponse(again);
    expect(response.headers.get("content-type")).toBe(FLAME_FRAMES_TYPE);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(first.bytes);
    views.forget(ids.cpu);
    expect((await views.flameFrames(deps, ids.cpu, "cpu", 0, undefined, NO_FILTERS)).cached).toBe(false);
  });

  it("decodes once when the first requests arrive together", async () => {
    const views = new ProfileViews();
    await Promise.all([views.flame(deps, ids.gdu), views.top(deps, ids.gdu), views.top(deps, ids.gdu, "samples")]);
    expect(views.usage().decodes).toBe(1);
  });

  it("uses the profile's default sample type, as pprof does", async () => {
    const views = new ProfileViews();
    expect(parse<TopView>(await views.top(deps, ids.heap))).toMatchObject({ sampleType: "inuse_space", unit: "bytes" });
    expect(parse<FlameView>(await views.flame(deps, ids.cpu))).toMatchObject({ name: "root", sampleType: "cpu", unit: "nanoseconds" });
  });

  it("prunes the flame tree at minFraction and reports what it folded", async () => {
    const views = new ProfileViews();
    const full = parse<FlameView>(await views.flame(deps, ids.gdu, "cpu", 0));
    const pruned = parse<FlameView>(await views.flame(deps, ids.gdu, "cpu", 0.01));
    expect(full.folded).toEqual({ value: 0, frames: 0 });
    expect(pruned.value).toBe(full.value);
    expect(pruned.total).toBe(full.value);
    expect(pruned.folded.frames).toBeGreaterThan(0);
    const count = (n: { children: unknown[] }): number => 1 + (n.children as { children: unknown[] }[]).reduce((s, c) => s + count(c), 0);
    expect(count(pruned) + pruned.folded.frames).toBe(count(full));
  });

  it("names the valid sample types for an unknown one", async () => {
    const views = new ProfileViews();
    await expect(views.top(deps, ids.heap, "cpu")).rejects.toThrow(UnknownSampleTypeError);
    await expect(views.top(deps, ids.heap, "cpu")).rejects.toThrow(/alloc_objects, alloc_space, inuse_objects, inuse_space/);
  });

  it("compares two CPU profiles on cpu by default and refuses a CPU profile against a heap profile", async () => {
    const views = new ProfileViews();
    const view = parse<CompareView>(await views.compare(deps, ids.a, ids.b));
    expect(view).toMatchObject({ sampleType: "cpu", unit: "nanoseconds", normalised: true, base: { id: ids.a }, target: { id: ids.b } });
    expect(view.scale).toBeCloseTo(view.target.total / view.base.total, 12);
    expect(view.tree.value).toBeCloseTo(view.target.total, 0);
    expect(view.changes[0].name).toBe("crypto/sha256.block");
    await expect(views.compare(deps, ids.cpu, ids.heap)).rejects.toMatchObject({ status: 422 });
    await expect(views.compare(deps, ids.cpu, ids.heap)).rejects.toThrow(/no sample type in common/);
  });

  it("forgets a deleted profile", async () => {
    const views = new ProfileViews();
    const bytes = buildProfile({ sampleTypes: [["samples", "count"]], samples: [{ stack: [["f"], ["main"]], values: [3] }] }).encode();
    const { profile } = await ingestProfile({ service: "gone", bytes, labels: {}, source: "api" }, deps);
    await views.warm(deps, profile.id);
    expect(views.usage().views).toBe(2);
    await deleteProfile(deps.db, deps.blobs, profile.id);
    views.forget(profile.id);
    expect(views.usage()).toMatchObject({ views: 0, profiles: 0 });
    await expect(views.top(deps, profile.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("ProfileViews with persist (the blob store keeps the default views)", () => {
  // Issue 14: each upload asked the database for its new row three more times (to store the views
  // its read rendered, then twice to look them up again), a tenth of an upload's time under load.
  it("takes an upload's read as it is: its views cached and stored, the row not asked for again", async () => {
    const bytes = buildProfile({ sampleTypes: [["samples", "count"]], samples: [{ stack: [["g"], ["main"]], values: [5] }] }).encode();
    const { profile, read } = await ingestProfile({ service: "adopted", bytes, labels: {}, source: "api" }, deps);
    expect(read?.views).toBeDefined();
    let asked = 0;
    const db = {
      $queryRaw: (...args: Parameters<ViewDeps["db"]["$queryRaw"]>) => {
        asked++;
        return deps.db.$queryRaw(...args);
      },
      profile: {
        count: (args: Parameters<ViewDeps["db"]["profile"]["count"]>[0]) => deps.db.profile.count(args),
        findUnique: (args: Parameters<ViewDeps["db"]["profile"]["findUnique"]>[0]) => {
          asked++;
          return deps.db.profile.findUnique(args);
        },
      },
    } as unknown as ViewDeps["db"];
    const views = new ProfileViews({ persist: true });
    await views.warm({ ...deps, db }, profile.id, read, profile);
    await views.settled();
    expect(asked).toBe(0);
    expect(views.usage()).toMatchObject({ views: 2, decodes: 0, storedWrites: 2, viewMisses: 0 });
    expect((await views.flame(deps, profile.id)).cached).toBe(true);
    expect((await new ProfileViews({ persist: true }).top(deps, profile.id)).stored).toBe(true);
  });

  it("serves the views computed before a restart from the blob store, without decoding, byte for byte", async () => {
    const before = new ProfileViews({ persist: true });
    const flame = await before.flame(deps, ids.heap, "alloc_space");
    const top = await before.top(deps, ids.heap, "alloc_space");
    await before.settled();
    expect(before.usage()).toMatchObject({ decodes: 1, storedReads: 0, storedWrites: 2 });

    const after = new ProfileViews({ persist: true }); // a restarted server
    const flameAgain = await after.flame(deps, ids.heap, "alloc_space");
    const topAgain = await after.top(deps, ids.heap, "alloc_space");
    expect(flameAgain).toMatchObject({ json: flame.json, cached: false, stored: true });
    expect(topAgain).toMatchObject({ json: top.json, cached: false, stored: true });
    expect(after.usage()).toMatchObject({ decodes: 0, storedReads: 2, storedWrites: 0 });
    expect((await after.flame(deps, ids.heap, "alloc_space")).cached).toBe(true);
    expect(viewResponse(flameAgain).headers.get("server-timing")).toMatch(/read from the blob store/);
  });

  it("keeps only the default pruning, and recomputes a damaged or missing stored view", async () => {
    const views = new ProfileViews({ persist: true });
    const { sha256 } = await getProfile(deps.db, ids.cpu);
    await views.flame(deps, ids.cpu, "cpu", 0);
    await views.settled();
    expect(views.usage().storedWrites).toBe(0);

    await deps.blobs.put(storedViewKey(sha256, "flame-1"), new TextEncoder().encode("not gzip"));
    const fresh = new ProfileViews({ persist: true });
    const view = await fresh.flame(deps, ids.cpu, "cpu");
    expect(view.stored).toBeUndefined();
    expect(parse<FlameView>(view)).toMatchObject({ name: "root", sampleType: "cpu" });
    await fresh.settled();
    expect(fresh.usage()).toMatchObject({ decodes: 1, storedReads: 0, storedWrites: 1 });
    expect((await new ProfileViews({ persist: true }).flame(deps, ids.cpu, "cpu")).json).toBe(view.json);
  });

  it("deletes the stored views with the profile's bytes", async () => {
    const views = new ProfileViews({ persist: true });
    const bytes = buildProfile({ sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]], samples: [{ stack: [["g"], ["main"]], values: [2, 20] }] }).encode();
    const { profile } = await ingestProfile({ service: "gone-stored", bytes, labels: {}, source: "api" }, deps);
    for (const t of ["samples", "cpu"]) {
      await views.flame(deps, profile.id, t);
      await views.top(deps, profile.id, t);
    }
    await views.settled();
    const keys = storedViewKeys(profile.sha256, 2);
    for (const key of keys) expect(await deps.blobs.exists(key)).toBe(true);
    await deleteProfile(deps.db, deps.blobs, profile.id);
    for (const key of keys) expect(await deps.blobs.exists(key)).toBe(false);
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entries beyond its cost budget", () => {
    const lru = new LruCache<string>(10);
    lru.set("a", "A", 4);
    lru.set("b", "B", 4);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 4);
    expect(lru.keys()).toEqual(["a", "c"]);
    expect(lru.cost).toBe(8);
    lru.set("huge", "H", 11);
    expect(lru.get("huge")).toBeUndefined();
  });

  it("keeps at most maxEntries", () => {
    const lru = new LruCache<number>(Infinity, 2);
    for (const k of ["x", "y", "z"]) lru.set(k, 1, 1);
    expect(lru.keys()).toEqual(["y", "z"]);
  });
});
