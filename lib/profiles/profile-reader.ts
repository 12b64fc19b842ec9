/**
 * Reads profiles on worker threads: gunzip, checks and the table build (and, for a fresh upload,
 * its default views) take up to a second or two of CPU for a large profile, and on the server's
 * event loop every other request, new connections included, would wait for them (issue 14).
 * A small pool of workers, started on first use, each one task at a time; the answers are the
 * same as readProfile's, ProfileDecodeError included.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ProfileDecodeError, type DecodeLimits } from "../pprof/decode";
import type { ReadProfile } from "../pprof/summary";
import type { DefaultViewsJson, ReadReply, ReadRequest } from "./profile-reader-protocol";

export type { DefaultViewsJson } from "./profile-reader-protocol";

interface Task {
  request: ReadRequest;
  resolve: (read: ReadProfile & { views?: DefaultViewsJson }) => void;
  reject: (err: Error) => void;
}

/** Workers: at most one per core but one (the event loop keeps a core), and at least one. */
const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * Run from the sources (vitest, or Node with the benchmarks' TypeScript loader, which names itself
 * in globalThis.fleetscopeTsLoader), the worker's module is TypeScript, which plain Node runs with
 * that loader. next build bundles it into JavaScript (and import.meta.env.MODE is then "production"
 * or "development"; under vitest it is "test").
 */
function workerExecArgv(): string[] {
  const fromLoader = (globalThis as { fleetscopeTsLoader?: string }).fleetscopeTsLoader;
  const underVitest = (import.meta as { env?: { MODE?: string } }).env?.MODE === "test";
  const loader = fromLoader ?? (underVitest ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bench/lib/register-ts.mjs") : undefined);
  return loader ? ["--import", loader] : [];
}

function startWorker(): Worker {
  // This exact form is what Turbopack bundles as a worker thread's entry.
  return new Worker(new URL("./profile-reader-worker.ts", import.meta.url), { execArgv: workerExecArgv() });
}

class ReaderPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private workers = 0;
  private nextId = 1;

  run(bytes: Uint8Array, limits: DecodeLimits | undefined, views: boolean): Promise<ReadProfile & { views?: DefaultViewsJson }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, bytes, limits, views }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.workers < POOL_SIZE) worker = this.spawn();
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage(task.request);
    }
  }

  private spawn(): Worker {
    const worker = startWorker();
    this.workers++;
    worker.on("message", (reply: ReadReply) => this.settle(worker, reply));
    worker.on("error", (err) => this.fail(worker, err));
    worker.on("exit", (code) => this.fail(worker, new Error(`the profile reader thread exited with code ${code}`)));
    return worker;
  }

  private settle(worker: Worker, reply: ReadReply): void {
    const task = this.busy.get(worker);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (task) {
      if (reply.ok) task.resolve({ summary: reply.summary, table: reply.table, views: reply.views });
      else task.reject(reply.decode ? new ProfileDecodeError(reply.decode.code, reply.decode.message) : new Error(reply.message));
    }
    this.dispatch();
  }

  /** A worker that died: its task fails, and the pool starts another when there is work. */
  private fail(worker: Worker, err: Error): void {
    const task = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    if (!worker.listenerCount("message")) return;
    worker.removeAllListeners();
    this.workers--;
    void worker.terminate();
    task?.reject(err);
    this.dispatch();
  }
}

const holder = globalThis as unknown as { fleetscopeReaderPool?: ReaderPool };

/** readProfile, on a worker thread. With `views`, also the default views' JSON (for a fresh upload). */
export function readProfileOffThread(bytes: Uint8Array, limits?: DecodeLimits, options: { views?: boolean } = {}): Promise<ReadProfile & { views?: DefaultViewsJson }> {
  holder.fleetscopeReaderPool ??= new ReaderPool();
  return holder.fleetscopeReaderPool.run(bytes, limits, options.views ?? false);
}
