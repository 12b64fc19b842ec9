import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobKeyFor } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";

const KEY = blobKeyFor("cd".repeat(32));

describe("LocalBlobStore", () => {
  let root: string;
  let store: LocalBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "fleetscope-blobs-"));
    store = new LocalBlobStore(path.join(root, "blobs"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("describes itself", () => {
    expect(store.kind).toBe("local");
    expect(store.describe()).toBe(`local directory ${path.join(root, "blobs")}`);
  });

  it("round-trips bytes exactly, creating directories", async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    bytes[0] = 0;
    bytes[1] = 0xff;
    await store.put(KEY, bytes);
    const back = await store.get(KEY);
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(back!).equals(Buffer.from(bytes))).toBe(true);
    expect(await readFile(path.join(root, "blobs", ...KEY.split("/")))).toEqual(Buffer.from(bytes));
    expect(await store.exists(KEY)).toBe(true);
  });

  it("stores an empty blob", async () => {
    await store.put("empty", new Uint8Array(0));
    expect(await store.get("empty")).toEqual(new Uint8Array(0));
    expect(await store.exists("empty")).toBe(true);
  });

  it("overwrites an existing key", async () => {
    await store.put(KEY, new Uint8Array([1, 2, 3]));
    await store.put(KEY, new Uint8Array([4]));
    expect(await store.get(KEY)).toEqual(new Uint8Array([4]));
  });

  it("returns null / false for missing keys, even under a file or at a directory", async () => {
    expect(await store.get(KEY)).toBeNull();
    expect(await store.exists(KEY)).toBe(false);
    await store.put("file", new Uint8Array([1]));
    expect(await store.get("file/child")).toBeNull();
    expect(await store.exists("file/child")).toBe(false);
    await store.put(KEY, new Uint8Array([1]));
    expect(await store.get("sha256/cd")).toBeNull();
    expect(await store.exists("sha256/cd")).toBe(false);
  });

  it("deletes idempotently", async () => {
    await store.put(KEY, new Uint8Array([9]));
    await store.delete(KEY);
    expect(await store.get(KEY)).toBeNull();
    await expect(store.delete(KEY)).resolves.toBeUndefined();
    await expect(store.delete("never/written")).resolves.toBeUndefined();
  });

  it("rejects keys that escape the root", async () => {
    await writeFile(path.join(root, "secret"), "outside");
    const bad = ["../secret", "a/../../secret", "/etc/passwd", path.join(root, "secret"), "a\0b", "", ".", "a/./b", "a\\..\\..\\secret"];
    for (const key of bad) {
      await expect(store.get(key), key).rejects.toThrow(TypeError);
      await expect(store.put(key, new Uint8Array([1])), key).rejects.toThrow(TypeError);
      await expect(store.delete(key), key).rejects.toThrow(TypeError);
      await expect(store.exists(key), key).rejects.toThrow(TypeError);
    }
    expect(await readFile(path.join(root, "secret"), "utf8")).toBe("outside");
  });

  it("rejects non-Uint8Array input", async () => {
    await expect(store.put(KEY, "text" as unknown as Uint8Array)).rejects.toThrow(TypeError);
  });

  it("concurrent puts of one key both succeed and leave one intact file", async () => {
    const a = new Uint8Array(randomBytes(2_000_000));
    const b = new Uint8Array(randomBytes(1_000_000));
    const results = await Promise.allSettled([
      store.put(KEY, a),
      store.put(KEY, b),
      store.put(KEY, a),
      store.put(KEY, b),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    const back = Buffer.from((await store.get(KEY))!);
    expect(back.equals(Buffer.from(a)) || back.equals(Buffer.from(b))).toBe(true);
    const dir = path.dirname(path.join(root, "blobs", ...KEY.split("/")));
    expect(await readdir(dir)).toEqual([path.basename(KEY)]);
  });

  it("leaves no temp file when the write fails", async () => {
    // The key's path is occupied by a directory, so the final rename fails.
    await mkdir(path.join(root, "blobs", "taken", "dir"), { recursive: true });
    await expect(store.put("taken/dir", new Uint8Array([1]))).rejects.toThrow();
    expect(await readdir(path.join(root, "blobs", "taken"))).toEqual(["dir"]);
  });
});
