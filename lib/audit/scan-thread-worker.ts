/**
 * A scan thread (scan-threads.ts starts them): scans the accounts it is given with scanEachAccount,
 * through the SDK's standard chains, and posts progress and outputs back. Its EC2 clients and its
 * keep-alive connections stay here from one scan to the next.
 */
import { parentPort } from "node:worker_threads";
import { scanEachAccount } from "./scan-accounts";
import { ScanFailedError } from "./scan-error";
import type { FromThread, ThreadScanJob, ToThread } from "./scan-thread-protocol";

const port = parentPort!;
const controllers = new Map<number, AbortController>();
const post = (message: FromThread) => port.postMessage(message);

async function run(id: number, job: ThreadScanJob): Promise<void> {
  const controller = new AbortController();
  controllers.set(id, controller);
  try {
    const outputs = await scanEachAccount({
      ...job,
      signal: controller.signal,
      onRegionUpdate: (account, region, update) => post({ id, region: { account, region, update } }),
      onAccountFailed: (row) => post({ id, accountFailed: row }),
    });
    post({ id, outputs });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    post({ id, error: { message, aborted: controller.signal.aborted, ...(error instanceof ScanFailedError ? { scanFailed: error.info } : {}) } });
  } finally {
    controllers.delete(id);
  }
}

port.on("message", (message: ToThread) => {
  if ("abort" in message) controllers.get(message.id)?.abort(new Error("the scan was stopped"));
  else void run(message.id, message.job);
});
