/**
 * The worker thread that reads profiles (profile-reader.ts starts it): gunzip, the checking pass
 * that fills the table, and for a fresh upload the default views, off the server's event loop.
 * It imports no database and no cache: bytes in, table and JSON out.
 */
import { parentPort } from "node:worker_threads";
import { deepJson } from "../format/deep-json";
import { ProfileDecodeError } from "../pprof/decode";
import { indexOfTable } from "../pprof/profile-table";
import { readProfileNow } from "../pprof/summary";
import { flameView, topView } from "./view-builders";
import { tableBuffers, type DefaultViewsJson, type ReadReply, type ReadRequest } from "./profile-reader-protocol";

function read(request: ReadRequest): { reply: ReadReply; transfer: ArrayBuffer[] } {
  try {
    const { summary, table } = readProfileNow(request.bytes, request.limits);
    const t = table.header.defaultSampleType;
    let views: DefaultViewsJson | undefined;
    if (request.views && t >= 0) {
      const index = indexOfTable(table);
      const type = table.header.sampleTypes[t];
      views = { sampleType: t, flame: deepJson(flameView(index, type, t)), top: deepJson(topView(index, type, t)) };
    }
    return { reply: { id: request.id, ok: true, summary, table, views }, transfer: tableBuffers(table) };
  } catch (err) {
    const decode = err instanceof ProfileDecodeError ? { code: err.code, message: err.message } : undefined;
    const message = err instanceof Error ? err.message : String(err);
    return { reply: { id: request.id, ok: false, decode, message }, transfer: [] };
  }
}

parentPort!.on("message", (request: ReadRequest) => {
  const { reply, transfer } = read(request);
  parentPort!.postMessage(reply, transfer);
});
