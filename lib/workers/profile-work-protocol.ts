/** The messages between the server and the profile work threads (profile-work.ts). */
import type { DecodeLimits, ProfileDecodeErrorCode } from "../pprof/decode";
import type { MergeErrorReason } from "../pprof/merge-errors";
import type { PgoEdgeMap } from "../pprof/pgo-edges";
import { detailArrays } from "../pprof/profile-detail";
import type { ProfileTable } from "../pprof/profile-table";
import type { ProfileSummary } from "../pprof/summary";
import type { InputIndex } from "../merges/input-index";
import type { MergedFile } from "../merges/merged-file";
import type { MergeOptions } from "../merges/selection";

/** The default views of a fresh upload, as the API sends them. */
export interface DefaultViewsJson {
  sampleType: number;
  flame: string;
  top: string;
}

export type ReadResult = { summary: ProfileSummary; table: ProfileTable; views?: DefaultViewsJson };

/** The jobs: read a profile (and render its default views), build a merge input's index, write a merged file. */
export type WorkRequest =
  | { kind: "read"; bytes: Uint8Array; limits?: DecodeLimits; views: boolean }
  | { kind: "mergeIndex"; bytes: Uint8Array; maxDecompressedBytes: number }
  | { kind: "mergedFile"; inputs: { data: Uint8Array; weight: number }[]; options: MergeOptions; expected: PgoEdgeMap | null; maxDecompressedBytes: number };

export type WorkResult<R extends WorkRequest> = R extends { kind: "read" } ? ReadResult : R extends { kind: "mergeIndex" } ? InputIndex : MergedFile;

/** An error, as it crosses threads: the errors the API maps to a 4xx keep their kind, status and message. */
export type WorkError =
  | { kind: "decode"; code: ProfileDecodeErrorCode; message: string }
  | { kind: "http"; status: number; message: string }
  | { kind: "merge"; reason: MergeErrorReason; message: string }
  | { kind: "other"; message: string };

export type WorkReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkError };

/**
 * The buffers of some typed arrays to hand over rather than copy: only those an array covers
 * whole (a Buffer may be a slice of Node's shared pool, which must not be taken from the thread).
 */
export function buffersOf(arrays: ArrayBufferView[]): ArrayBuffer[] {
  const whole = arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.byteLength > 0);
  return [...new Set(whole.map((a) => a.buffer as ArrayBuffer))];
}

/** The table's typed arrays. */
export function tableArrays(table: ProfileTable): ArrayBufferView[] {
  const { stacks } = table;
  return [table.frameStart, table.frames, stacks.stackStart, stacks.stackLocs, stacks.values, stacks.totals, stacks.absTotals, ...detailArrays(table.detail)];
}
