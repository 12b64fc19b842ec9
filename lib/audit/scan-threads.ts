/**
 * An organisation scan on two worker threads: the busiest account (its largest region in the
 * earlier scan) alone on one, every other account on the other. On one event loop, the busiest
 * region's chain (its 5,000 instances, read in slices) waited behind the response handling of
 * every other account's hundreds of calls (about 1 ms of CPU each through the SDK); on its own
 * thread it waits for no one, and the other accounts use the second core. The server's event loop
 * only stores the progress and the result. The bounds hold across the threads: the busiest
 * account's thread scans one account, the other's `accountConcurrency - 1` at a time; each
 * account's regions `concurrency` at a time, as scanAccounts does.
 */
import { Worker } from "node:worker_threads";
import { workerExecArgv } from "../workers/worker-exec-argv";
import { busiestFirst, combineAccounts, DEFAULT_ACCOUNT_CONCURRENCY, type AccountOutput, type AccountScanOptions, type AccountScanResult } from "./scan-accounts";
import { ScanFailedError } from "./scan-error";
import type { FromThread, ThreadScanJob } from "./scan-thread-protocol";

/** scanAccounts' options that are data (the clients are the SDK's chains, made on the threads). */
export type ThreadScanOptions = Omit<AccountScanOptions, "clientFactory" | "credentialsFor">;

interface Pending {
  onMessage: (message: FromThread) => void;
  onExit: (error: Error) => void;
}

/** One scan thread, started on first use and kept (unreferenced while idle) for the next scans. */
class ScanThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  run(job: ThreadScanJob, pending: Pending): { abort: () => void } {
    const worker = this.start();
    const id = this.nextId++;
    this.pending.set(id, pending);
    worker.ref();
    worker.postMessage({ id, job });
    return { abort: () => worker.postMessage({ id, abort: true }) };
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // This exact form is what Turbopack bundles as a worker thread's entry.
    const worker = new Worker(new URL("./scan-thread-worker.ts", import.meta.url), { execArgv: workerExecArgv() });
    worker.on("message", (message: FromThread) => {
      const pending = this.pending.get(message.id);
      if ("outputs" in message || "error" in message) this.settled(message.id);
      pending?.onMessage(message);
    });
    const died = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const all = [...this.pending.values()];
      this.pending.clear();
      for (const pending of all) pending.onExit(error);
    };
    worker.on("error", died);
    worker.on("exit", (code) => died(new Error(`a scan thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
  }
}

const holder = globalThis as unknown as { fleetscopeScanThreads?: [ScanThread, ScanThread] };
const threads = (): [ScanThread, ScanThread] => (holder.fleetscopeScanThreads ??= [new ScanThread(), new ScanThread()]);

/** Which accounts each thread scans, and how many at a time: the busiest alone, then the others. */
function lanes(options: ThreadScanOptions, accountConcurrency: number) {
  const order = busiestFirst(options.accounts, options.earlierInstanceCounts);
  if (order.length < 2 || accountConcurrency < 2) return [{ accounts: order, accountConcurrency }];
  return [
    { accounts: order.slice(0, 1), accountConcurrency: 1 },
    { accounts: order.slice(1), accountConcurrency: accountConcurrency - 1 },
  ];
}

/** scanAccounts, its accounts on the scan threads; rejects as it does (ScanFailedError, the signal's reason). */
export async function scanAccountsOnThreads(options: ThreadScanOptions): Promise<AccountScanResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const accountConcurrency = options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  if (!Number.isInteger(accountConcurrency) || accountConcurrency < 1) throw new RangeError(`accountConcurrency must be a positive integer, got ${accountConcurrency}`);
  const { signal } = options;
  signal?.throwIfAborted();
  const aborts: (() => void)[] = [];
  const abortAll = () => aborts.forEach((abort) => abort());
  signal?.addEventListener("abort", abortAll, { once: true });
  try {
    const runs = lanes(options, accountConcurrency).map((lane, i) => runLane(threads()[i]!, jobOf(options, lane), options, aborts));
    runs.forEach((run) => run.catch(abortAll));
    const byAccount = new Map<string, AccountOutput>();
    for (const outputs of await Promise.all(runs)) for (const [target, output] of outputs) byAccount.set(target, output);
    const outputs = options.accounts.map((target) => byAccount.get(laneKey(target))!);
    return combineAccounts(outputs, startedAt, [...options.requiredTags], Math.round(performance.now() - started));
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener("abort", abortAll);
  }
}

const laneKey = (target: { accountId: string; roleArn?: string }) => `${target.accountId}\n${target.roleArn ?? ""}`;

function jobOf(options: ThreadScanOptions, lane: { accounts: ThreadScanOptions["accounts"]; accountConcurrency: number }): ThreadScanJob {
  const { regions, requiredTags, concurrency, maxAttempts, homeRegion, assumeRole, securityGroups, earlierInstanceCounts } = options;
  return {
    accounts: lane.accounts.map((target) => ({ ...target })),
    regions: regions === "all" ? "all" : [...regions],
    requiredTags: [...requiredTags],
    accountConcurrency: lane.accountConcurrency,
    ...{ concurrency, maxAttempts, homeRegion, assumeRole, securityGroups },
    earlierInstanceCounts: earlierInstanceCounts as ThreadScanJob["earlierInstanceCounts"],
  };
}

/** One thread's accounts: progress handed to the listeners as it comes, then each account's output by laneKey. */
function runLane(thread: ScanThread, job: ThreadScanJob, options: ThreadScanOptions, aborts: (() => void)[]): Promise<[string, AccountOutput][]> {
  const listen = (call: () => void) => {
    try {
      call();
    } catch {
      // A broken progress listener must not break the scan.
    }
  };
  return new Promise((resolve, reject) => {
    const { abort } = thread.run(job, {
      onMessage: (message) => {
        if ("region" in message) listen(() => options.onRegionUpdate?.(message.region.account, message.region.region, message.region.update));
        else if ("accountFailed" in message) listen(() => options.onAccountFailed?.(message.accountFailed));
        else if ("outputs" in message) resolve(message.outputs.map((output, i) => [laneKey(job.accounts[i]!), output]));
        else if (message.error.scanFailed) reject(new ScanFailedError(message.error.scanFailed));
        else reject(new Error(`the scan thread failed: ${message.error.message}`));
      },
      onExit: reject,
    });
    aborts.push(abort);
  });
}
