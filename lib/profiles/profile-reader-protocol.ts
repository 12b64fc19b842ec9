/** The messages between the server and the profile reader's worker thread (profile-reader.ts). */
import type { DecodeLimits, ProfileDecodeErrorCode } from "../pprof/decode";
import type { ProfileTable } from "../pprof/profile-table";
import type { ProfileSummary } from "../pprof/summary";

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
  limits?: DecodeLimits;
  /** Also render the default views (flame graph and top table of the default sample type). */
  views?: boolean;
}

/** The default views of a fresh upload, as the API sends them. */
export interface DefaultViewsJson {
  sampleType: number;
  flame: string;
  top: string;
}

export type ReadReply =
  | { id: number; ok: true; summary: ProfileSummary; table: ProfileTable; views?: DefaultViewsJson }
  | { id: number; ok: false; decode?: { code: ProfileDecodeErrorCode; message: string }; message: string };

/** The table's typed arrays, handed over rather than copied. */
export function tableBuffers(table: ProfileTable): ArrayBuffer[] {
  const { stacks } = table;
  const arrays = [table.frameStart, table.frames, stacks.stackStart, stacks.stackLocs, stacks.values, stacks.totals, stacks.absTotals];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
