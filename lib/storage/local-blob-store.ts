import { randomUUID } from "node:crypto";
import { access, constants, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { assertValidBlobKey, type BlobStore, type ListedBlob } from "./blob-store";
import { assertBytes, toPlainBytes } from "./bytes";

/** Error codes meaning "there is no blob file at this path". */
const MISSING = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

function isMissing(err: unknown): boolean {
  return MISSING.has((err as NodeJS.ErrnoException | null)?.code ?? "");
}

/** Blobs as files under a root directory; the key is the path relative to it. */
export class LocalBlobStore implements BlobStore {
  readonly kind = "local" as const;
  readonly rootDir: string;

  constructor(rootDir: string) {
    if (typeof rootDir !== "string" || rootDir.length === 0) {
      throw new TypeError("LocalBlobStore: rootDir must be a non-empty path");
    }
    this.rootDir = path.resolve(rootDir);
  }

  describe(): string {
    return `local directory ${this.rootDir}`;
  }

  /** Absolute file path for `key`, refusing anything that would leave the root. */
  pathFor(key: string): string {
    assertValidBlobKey(key);
    const full = path.resolve(this.rootDir, ...key.split("/"));
    const rel = path.relative(this.rootDir, full);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
      throw new TypeError("blob key escapes the store root");
    }
    return full;
  }

  /** Write to a unique temp file in the target directory, fsync, then rename over the key. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertBytes(bytes);
    const file = this.pathFor(key);
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      const handle = await open(tmp, "wx", 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const file = this.pathFor(key);
    try {
      return toPlainBytes(await readFile(file));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await unlink(file);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async probe(): Promise<void> {
    await mkdir(this.rootDir, { recursive: true });
    await access(this.rootDir, constants.W_OK);
  }

  /** Blobs under `prefix` (a folder path such as "sha256/"), and the `.tmp` files of unfinished puts. */
  async *list(prefix: string): AsyncIterable<ListedBlob> {
    const start = path.join(this.rootDir, ...prefix.split("/").filter(Boolean));
    yield* this.walk(start);
  }

  /** Unlink a listed file by its path relative to the root (a key, or a `.tmp` file's path). */
  async deleteListed(relativePath: string): Promise<void> {
    const full = path.resolve(this.rootDir, relativePath);
    if (path.relative(this.rootDir, full).startsWith("..")) throw new TypeError("path escapes the store root");
    await unlink(full).catch((err) => {
      if (!isMissing(err)) throw err;
    });
  }

  private async *walk(dir: string): AsyncIterable<ListedBlob> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        yield* this.walk(full);
        continue;
      }
      const info = await stat(full).catch(() => null);
      if (!info?.isFile()) continue;
      const key = path.relative(this.rootDir, full).split(path.sep).join("/");
      yield { key, modifiedAt: info.mtime, sizeBytes: info.size, ...(entry.name.endsWith(".tmp") ? { temporary: true } : {}) };
    }
  }
}
