import { notAProfileError, profilePayload, profilePayloadAsync, type DecodeLimits } from "./decode";
import { readProfileTable, StructuralProblem, type FullProfileTable, type ProfileHeader, type ProfileTable } from "./profile-table";
import { pgoSampleTypeOf } from "./sample-type";
import { Truncated } from "./wire-reader";

export interface ValueTypeSummary {
  type: string;
  unit: string;
}

export interface PgoReadiness {
  /** True when `go build -pgo` would accept the profile and it carries weight. */
  usable: boolean;
  /** Why not, in words a user can act on; empty when usable. */
  problems: string[];
}

export interface ProfileSummary {
  sampleTypes: ValueTypeSummary[];
  /** default_sample_type when set, otherwise the last sample type (as pprof). */
  defaultSampleType: string;
  periodType: ValueTypeSummary;
  period: number;
  durationNanos: number;
  /** Collection start in ns since the epoch (a double: sub-microsecond digits are lost). */
  timeNanos: number;
  sampleCount: number;
  /** Sum of each value column, keyed by sample type name ("type/unit" when a name repeats). */
  totals: Record<string, number>;
  functionCount: number;
  pgo: PgoReadiness;
}


/** Mirrors the checks of cmd/compile's PGO loader (cmd/internal/pgo FromPProf), in its order. */
function pgoReadiness(facts: ProfileHeader, sampleTypes: ValueTypeSummary[]): PgoReadiness {
  const columnTotals = facts.columnTotals;
  if (facts.sampleCount === 0) {
    // go build accepts an empty profile, but it changes nothing.
    return { usable: false, problems: ["the profile has no samples: go build -pgo accepts it but it changes nothing"] };
  }
  const problems: string[] = [];
  // Like cmd/compile: the first sample type that is samples/count or cpu/nanoseconds.
  const pgoIndex = pgoSampleTypeOf(sampleTypes);
  if (pgoIndex < 0) {
    const have = sampleTypes.map((st) => `${st.type}/${st.unit}`).join(", ");
    problems.push(
      `no samples/count or cpu/nanoseconds sample type (this profile has ${have}): go build -pgo needs a CPU profile`,
    );
  }
  if (!facts.hasStartLines) {
    problems.push(
      "profile missing Function.start_line data: it was written by Go 1.19 or older, and go build -pgo rejects it; collect it from a Go 1.20+ binary",
    );
  }
  if (pgoIndex >= 0 && columnTotals[pgoIndex] === 0) {
    problems.push(
      `the ${sampleTypes[pgoIndex].type} total is zero: go build -pgo ignores such a profile, it changes nothing`,
    );
  }
  return { usable: problems.length === 0, problems };
}

/** A profile as the server reads it: its summary, and the table every view derives from. */
export interface ReadProfile {
  summary: ProfileSummary;
  table: ProfileTable;
}

/**
 * Reads a profile (gzip-compressed or raw protobuf) in one pass over its bytes (profile-table.ts),
 * gunzipped off the event loop: its headline facts, whether `go build -pgo` can use it, and its table.
 * Throws ProfileDecodeError (400, or 413 over the size limit) for anything that is not a usable profile.
 */
export async function readProfile(bytes: Uint8Array, limits?: DecodeLimits): Promise<ReadProfile> {
  const { payload, gzipped } = await profilePayloadAsync(bytes, limits);
  const table = readPayloadTable(payload, gzipped);
  return { summary: summaryOfTable(table), table };
}

/** readProfile for bytes already in memory and small enough to inflate in place (tests, tools). */
export function readProfileNow(bytes: Uint8Array, limits?: DecodeLimits): ReadProfile {
  const { payload, gzipped } = profilePayload(bytes, limits);
  const table = readPayloadTable(payload, gzipped);
  return { summary: summaryOfTable(table), table };
}

/** `read`'s table of a profile's protobuf bytes; ProfileDecodeError (400) for bytes that are not a usable profile. */
function checkedRead<T>(payload: Uint8Array, gzipped: boolean, read: (payload: Uint8Array) => T): T {
  try {
    return read(payload);
  } catch (err) {
    if (err instanceof Truncated || err instanceof StructuralProblem) throw notAProfileError(payload, gzipped, err.message);
    throw err;
  }
}

/** The table of a profile's protobuf bytes; ProfileDecodeError (400) for bytes that are not a usable profile. */
export function readPayloadTable(payload: Uint8Array, gzipped: boolean): ProfileTable {
  return checkedRead(payload, gzipped, (p) => readProfileTable(p));
}

/** readProfile's checks, and the table with its entities (what a merge reads): for a file read whole, such as a committed default.pgo. */
export async function readProfileEntities(bytes: Uint8Array, limits?: DecodeLimits): Promise<FullProfileTable> {
  const { payload, gzipped } = await profilePayloadAsync(bytes, limits);
  return checkedRead(payload, gzipped, (p) => readProfileTable(p, { entities: true }));
}

/** The summary of a profile read into its table. */
export function summaryOfTable(table: ProfileTable): ProfileSummary {
  const header = table.header;
  const sampleTypes = header.sampleTypes;
  const totals: Record<string, number> = {};
  sampleTypes.forEach((st, t) => {
    const key = Object.hasOwn(totals, st.type) ? `${st.type}/${st.unit}` : st.type;
    totals[key] = header.columnTotals[t];
  });
  return {
    sampleTypes: sampleTypes.map(({ type, unit }) => ({ type, unit })),
    defaultSampleType: header.defaultSampleType >= 0 ? sampleTypes[header.defaultSampleType].type : "",
    periodType: header.periodType,
    period: header.period,
    durationNanos: header.durationNanos,
    timeNanos: header.timeNanos,
    sampleCount: header.sampleCount,
    totals,
    functionCount: header.functionCount,
    pgo: pgoReadiness(header, sampleTypes),
  };
}
