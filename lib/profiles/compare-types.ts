import { UnknownSampleTypeError } from "../pprof/sample-type";
import type { ProfileDto, SampleTypeDto } from "./profile-dto";

/** Two profiles that cannot be compared: they share no sample type. */
export class NoCommonSampleTypeError extends Error {
  override readonly name = "NoCommonSampleTypeError";
  readonly status = 422 as const;
  constructor(base: ProfileDto, target: ProfileDto) {
    const list = (p: ProfileDto) => p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(", ") || "none";
    super(
      `the two profiles have no sample type in common (base: ${list(base)}; target: ${list(target)}); compare profiles of the same kind, such as two CPU profiles`,
    );
  }
}

/** The sample types (same name and unit) both profiles have, in the target's order. */
export function commonSampleTypes(base: ProfileDto, target: ProfileDto): SampleTypeDto[] {
  return target.sampleTypes.filter((t) => base.sampleTypes.some((b) => b.type === t.type && b.unit === t.unit));
}

/**
 * The sample type a comparison shows: `requested` (a name or "type/unit") when
 * given, else the target's default, else the base's default, else the first in
 * common. Throws NoCommonSampleTypeError (422) or UnknownSampleTypeError (400).
 */
export function compareSampleType(base: ProfileDto, target: ProfileDto, requested?: string | null): SampleTypeDto {
  const common = commonSampleTypes(base, target);
  if (common.length === 0) throw new NoCommonSampleTypeError(base, target);
  if (requested) {
    const found = common.find((t) => t.type === requested) ?? common.find((t) => `${t.type}/${t.unit}` === requested);
    if (!found) throw new UnknownSampleTypeError(requested, common.map((t) => t.type));
    return found;
  }
  return (
    common.find((t) => t.type === target.defaultSampleType) ??
    common.find((t) => t.type === base.defaultSampleType) ??
    common[0]
  );
}
