/**
 * A profile work thread (profile-work.ts starts them): the CPU-heavy jobs on profiles, off the
 * server's event loop. It imports no database and no cache: bytes in, tables, indexes and files out.
 */
import { parentPort } from "node:worker_threads";
import { deepJson } from "../format/deep-json";
import { HttpError } from "../http/errors";
import { ProfileDecodeError } from "../pprof/decode";
import { MergeError } from "../pprof/merge-errors";
import { indexOfTable } from "../pprof/profile-table";
import { readProfileNow } from "../pprof/summary";
import { indexArrays } from "../merges/index-codec";
import { buildInputIndex, inflate } from "../merges/input-index";
import { readMergedInput, writeMergedTables } from "../merges/merged-file";
import { flameView, topView } from "../profiles/view-builders";
import { buffersOf, tableArrays, type DefaultViewsJson, type WorkError, type WorkReply, type WorkRequest } from "./profile-work-protocol";

type Done = { value: unknown; transfer: ArrayBufferView[] };

function read(request: Extract<WorkRequest, { kind: "read" }>): Done {
  const { summary, table } = readProfileNow(request.bytes, request.limits);
  const t = table.header.defaultSampleType;
  let views: DefaultViewsJson | undefined;
  if (request.views && t >= 0) {
    const index = indexOfTable(table);
    const type = table.header.sampleTypes[t];
    views = { sampleType: t, flame: deepJson(flameView(index, type, t)), top: deepJson(topView(index, type, t)) };
  }
  return { value: { summary, table, views }, transfer: tableArrays(table) };
}

async function run(request: WorkRequest): Promise<Done> {
  switch (request.kind) {
    case "read":
      return read(request);
    case "mergeIndex": {
      const index = buildInputIndex(await inflate(request.bytes, request.maxDecompressedBytes));
      return { value: index, transfer: indexArrays(index) };
    }
    case "mergeInput": {
      const table = await readMergedInput(request.bytes, request.maxDecompressedBytes);
      return { value: table, transfer: tableArrays(table) };
    }
    case "mergedFile": {
      const file = await writeMergedTables(request.inputs, request.options, () => request.expected);
      return { value: file, transfer: [file.bytes] };
    }
  }
}

function workError(err: unknown): WorkError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ProfileDecodeError) return { kind: "decode", code: err.code, message };
  if (err instanceof HttpError) return { kind: "http", status: err.status, message };
  if (err instanceof MergeError) return { kind: "merge", reason: err.reason, message };
  return { kind: "other", message: err instanceof Error && err.stack ? err.stack : message };
}

parentPort!.on("message", async ({ id, request }: { id: number; request: WorkRequest }) => {
  let reply: WorkReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = await run(request);
    reply = { id, ok: true, value: done.value };
    transfer = buffersOf(done.transfer);
  } catch (err) {
    reply = { id, ok: false, error: workError(err) };
  }
  parentPort!.postMessage(reply, transfer);
});
