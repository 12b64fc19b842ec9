/** Why a merge was refused. The message is pprof's own wording where pprof has one. */
export type MergeErrorReason =
  | "no-profiles"
  | "empty-common-sample-types"
  | "incompatible-period-types"
  | "incompatible-sample-types"
  | "missing-sample-type"
  | "invalid-weight"
  | "malformed";

/** Raised by mergeProfiles / equaliseWeights; `reason` is machine-readable, `message` is pprof's text. */
export class MergeError extends Error {
  readonly reason: MergeErrorReason;

  constructor(reason: MergeErrorReason, message: string) {
    super(message);
    this.name = "MergeError";
    this.reason = reason;
  }
}
