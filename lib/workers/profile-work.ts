/**
 * The CPU-heavy work on profiles, on worker threads: reading a profile (gunzip, the checks, the
 * table, a fresh upload's default views), building a merge input's index, writing a merged file.
 * Each takes up to seconds for a large profile; on the server's event loop every other request,
 * new connections included, would wait for it (issue 14). A small pool of threads, started on
 * first use, one job each at a time; errors come back as the same types (ProfileDecodeError,
 * HttpError, MergeError), so the routes answer as before.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { HttpError } from "../http/errors";
import { workerExecArgv } from "./worker-exec-argv";
import { ProfileDecodeError, type DecodeLimits } from "../pprof/decode";
import { MergeError } from "../pprof/merge-errors";
import type { PgoEdgeMap } from "../pprof/pgo-edges";
import type { FullProfileTable } from "../pprof/profile-table";
import type { InputIndex } from "../merges/input-index";
import type { MergedFile } from "../merges/merged-file";
import type { MergeOptions } from "../merges/selection";
import { buffersOf, tableArrays, type ReadResult, type WorkError, type WorkReply, type WorkRequest } from "./profile-work-protocol";

export type { DefaultViewsJson, ReadResult } from "./profile-work-protocol";

interface Job {
  id: number;
  request: WorkRequest;
  /** Buffers handed to the thread rather than copied. */
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * Threads: one per core but one (the event loop keeps a core), at most four. On two cores, one: a
 * second busy thread takes the event loop's core, and every request then stalls behind a large
 * read (2.3 s stalls of the fuzz test's requests, seen once with two threads on two cores).
 */
const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism() - 1));

function startWorker(): Worker {
  // This exact form is what Turbopack bundles as a worker thread's entry.
  return new Worker(new URL("./profile-work-worker.ts", import.meta.url), { execArgv: workerExecArgv() });
}

function errorOf(error: WorkError): Error {
  if (error.kind === "decode") return new ProfileDecodeError(error.code, error.message);
  if (error.kind === "http") return new HttpError(error.status, error.message);
  if (error.kind === "merge") return new MergeError(error.reason, error.message);
  return new Error(error.message);
}

class WorkPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private workers = 0;
  private nextId = 1;

  run<T>(request: WorkRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.workers < POOL_SIZE) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, request: job.request }, job.transfer);
    }
  }

  private spawn(): Worker {
    const worker = startWorker();
    this.workers++;
    worker.on("message", (reply: WorkReply) => this.settle(worker, reply));
    worker.on("error", (err) => this.fail(worker, err));
    worker.on("exit", (code) => this.fail(worker, new Error(`a profile work thread exited with code ${code}`)));
    return worker;
  }

  private settle(worker: Worker, reply: WorkReply): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    // An idle thread does not keep the process alive.
    worker.unref();
    this.idle.push(worker);
    if (job) {
      if (reply.ok) job.resolve(reply.value);
      else job.reject(errorOf(reply.error));
    }
    this.dispatch();
  }

  /** A thread that died: its job fails, and the pool starts another when there is work. */
  private fail(worker: Worker, err: Error): void {
    if (worker.listenerCount("message") === 0) return;
    worker.removeAllListeners();
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    this.workers--;
    void worker.terminate();
    job?.reject(err);
    this.dispatch();
  }
}

const holder = globalThis as unknown as { fleetscopeWorkPool?: WorkPool };
const pool = () => (holder.fleetscopeWorkPool ??= new WorkPool());

/** readProfile on a work thread; with `views`, also the default views' JSON (for a fresh upload). */
export function readProfileOffThread(bytes: Uint8Array, limits?: DecodeLimits, options: { views?: boolean } = {}): Promise<ReadResult> {
  return pool().run({ kind: "read", bytes, limits, views: options.views ?? false });
}

/** The merge preview's index of a stored profile's bytes (gzipped or not); MergeError when they cannot be merged. */
export function mergeIndexOffThread(bytes: Uint8Array, maxDecompressedBytes: number): Promise<InputIndex> {
  return pool().run({ kind: "mergeIndex", bytes, maxDecompressedBytes });
}

/**
 * writeMergedFile on work threads: each input read as a job of the pool (one thread on two cores,
 * so inputs take turns there; several at once on larger machines), their tables handed over to one
 * thread that merges and writes the file. `expected` is the preview's edge map (needed for a
 * PGO-minimal file).
 */
export async function mergedFileOffThread(
  inputs: { data: Uint8Array; weight: number }[],
  options: MergeOptions,
  expected: PgoEdgeMap | null,
  maxDecompressedBytes: number,
): Promise<MergedFile> {
  const tables = await Promise.all(inputs.map((i) => pool().run<FullProfileTable>({ kind: "mergeInput", bytes: i.data, maxDecompressedBytes })));
  const transfer = buffersOf(tables.flatMap((t) => tableArrays(t)));
  return pool().run({ kind: "mergedFile", inputs: tables.map((table, k) => ({ table, weight: inputs[k].weight })), options, expected }, transfer);
}
