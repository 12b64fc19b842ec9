import type { ProfileModel as Profile } from "./profile-model";
import { toNumber } from "./numbers";

/** A sample type that the profile does not have; lists the ones it has. */
export class UnknownSampleTypeError extends Error {
  override readonly name = "UnknownSampleTypeError";
  readonly status = 400 as const;
  readonly requested: string;
  readonly validNames: string[];

  constructor(requested: string, validNames: string[]) {
    const valid = validNames.length > 0 ? validNames.join(", ") : "none";
    super(`unknown sample type "${requested}"; this profile has: ${valid}`);
    this.requested = requested;
    this.validNames = validNames;
  }
}

/** The sample type names of a profile, in order ("samples", "cpu", ...). */
export function sampleTypeNames(p: Profile): string[] {
  const strings = p.stringTable.strings;
  return p.sampleType.map((vt) => strings[toNumber(vt.type)] ?? "");
}

/**
 * Index of the default sample type as pprof picks it: default_sample_type
 * when set (and present), otherwise the last sample type.
 */
export function defaultSampleTypeIndex(p: Profile): number {
  const wanted = toNumber(p.defaultSampleType);
  const strings = p.stringTable.strings;
  const types = p.sampleType.map((vt) => ({ type: strings[toNumber(vt.type)] ?? "", unit: strings[toNumber(vt.unit)] ?? "" }));
  return defaultSampleTypeOf(types, wanted === 0 ? undefined : (strings[wanted] ?? ""));
}

/**
 * pprof's rule for the default sample type: the one named by default_sample_type when it is set
 * and the profile has it, otherwise the last one (-1 for none).
 */
export function defaultSampleTypeOf(types: readonly SampleTypeName[], defaultName: string | undefined): number {
  if (defaultName !== undefined) {
    const i = types.findIndex((t) => t.type === defaultName);
    if (i >= 0) return i;
  }
  return types.length - 1;
}

/**
 * Resolves a sample type to its index. `name` is a type name ("cpu",
 * "alloc_space"), a "type/unit" pair, or omitted/empty for the default.
 * Throws UnknownSampleTypeError for a name the profile does not have.
 */
export function sampleTypeIndex(p: Profile, name?: string): number {
  const names = sampleTypeNames(p);
  if (name === undefined || name === "") {
    const i = defaultSampleTypeIndex(p);
    if (i < 0) throw new UnknownSampleTypeError("(default)", names);
    return i;
  }
  const byName = names.indexOf(name);
  if (byName >= 0) return byName;
  const strings = p.stringTable.strings;
  const byPair = p.sampleType.findIndex(
    (vt) => `${strings[toNumber(vt.type)] ?? ""}/${strings[toNumber(vt.unit)] ?? ""}` === name,
  );
  if (byPair >= 0) return byPair;
  throw new UnknownSampleTypeError(name, names);
}

/** Throws UnknownSampleTypeError unless `index` is a valid sample type index of `p`. */
export function assertSampleTypeIndex(p: Profile, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= p.sampleType.length) {
    throw new UnknownSampleTypeError(`#${index}`, sampleTypeNames(p));
  }
}

/** A sample type as a name and a unit ("cpu", "nanoseconds"). */
export interface SampleTypeName {
  type: string;
  unit: string;
}

/**
 * sampleTypeIndex over a list of sample types (for profiles known by their
 * summary or their compact index rather than a decoded Profile): `name` is a
 * type name or a "type/unit" pair; omitted or empty means `defaultName`.
 */
export function resolveSampleType(types: readonly SampleTypeName[], defaultName: string, name?: string | null): number {
  const wanted = name === undefined || name === null || name === "" ? defaultName : name;
  const byName = types.findIndex((t) => t.type === wanted);
  if (byName >= 0) return byName;
  const byPair = types.findIndex((t) => `${t.type}/${t.unit}` === wanted);
  if (byPair >= 0) return byPair;
  const requested = name === undefined || name === null || name === "" ? "(default)" : name;
  throw new UnknownSampleTypeError(requested, types.map((t) => t.type));
}

/** The sample types `go build -pgo` reads, in cmd/compile's order of preference (cmd/internal/pgo FromPProf). */
export const PGO_SAMPLE_TYPES: readonly SampleTypeName[] = [
  { type: "samples", unit: "count" },
  { type: "cpu", unit: "nanoseconds" },
];

/** The column Go's PGO reads: the first sample type that is samples/count or cpu/nanoseconds, or -1. */
export function pgoSampleTypeOf(types: readonly SampleTypeName[]): number {
  return types.findIndex((st) => PGO_SAMPLE_TYPES.some((want) => want.type === st.type && want.unit === st.unit));
}
