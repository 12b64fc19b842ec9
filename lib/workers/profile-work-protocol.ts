/** The messages between the server and the profile work threads (profile-work.ts). */
import type { DecodeLimits, ProfileDecodeErrorCode } from "../pprof/decode";
import type { MergeErrorReason } from "../pprof/merge-errors";
import type { PgoEdgeMap } from "../pprof/pgo-edges";
import { detailArrays } from "../pprof/profile-detail";
import { entityArrays } from "../pprof/profile-entities";
import type { FullProfileTable, ProfileTable } from "../pprof/profile-table";
import type { MergeTableInput } from "../pprof/merge";
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

/** The jobs: read a profile (and render its default views), build a merge input's index, read a merge input, merge read inputs into a file. */
export type WorkRequest =
  | { kind: "read"; bytes: Uint8Array; limits?: DecodeLimits; views: boolean }
  | { kind: "mergeIndex"; bytes: Uint8Array; maxDecompressedBytes: number }
  | { kind: "mergeInput"; bytes: Uint8Array; maxDecompressedBytes: number }
  | { kind: "mergedFile"; inputs: MergeTableInput[]; options: MergeOptions; expected: PgoEdgeMap | null };

export type WorkResult<R extends WorkRequest> = R extends { kind: "read" } ? ReadResult : R extends { kind: "mergeIndex" } ? InputIndex : R extends { kind: "mergeInput" } ? FullProfileTable : MergedFile;

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

/** The table's typed arrays (with its detail's, or its entities'). */
export function tableArrays(table: ProfileTable | FullProfileTable): ArrayBufferView[] {
  const { stacks } = table;
  const rest = "detail" in table ? detailArrays(table.detail) : entityArrays(table.entities);
  return [table.frameStart, table.frames, stacks.stackStart, stacks.stackLocs, stacks.values, stacks.totals, stacks.absTotals, ...rest];
}
