import { notAProfileError, profilePayload, type DecodeLimits } from "./decode";
import { checkProfile, StructuralProblem, type ProfileFacts } from "./profile-check";
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

/** The sample types that `go build -pgo` reads, in its order of preference. */
const PGO_SAMPLE_TYPES: ReadonlyArray<ValueTypeSummary> = [
  { type: "samples", unit: "count" },
  { type: "cpu", unit: "nanoseconds" },
];

/** Mirrors the checks of cmd/compile's PGO loader (cmd/internal/pgo FromPProf), in its order. */
function pgoReadiness(facts: ProfileFacts, sampleTypes: ValueTypeSummary[]): PgoReadiness {
  const columnTotals = facts.columnTotals;
  if (facts.sampleCount === 0) {
    // go build accepts an empty profile, but it changes nothing.
    return { usable: false, problems: ["the profile has no samples: go build -pgo accepts it but it changes nothing"] };
  }
  const problems: string[] = [];
  // Like cmd/compile: the first sample type that is samples/count or cpu/nanoseconds.
  const pgoIndex = sampleTypes.findIndex((st) =>
    PGO_SAMPLE_TYPES.some((want) => want.type === st.type && want.unit === st.unit),
  );
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

/**
 * Headline facts about a profile (gzip-compressed or raw protobuf) and whether `go build -pgo` can
 * use it. Checks the profile as decodeProfile does, in one pass over its bytes (profile-check.ts);
 * throws ProfileDecodeError (400, or 413 over the size limit) for anything that is not a usable profile.
 */
export function readProfileSummary(bytes: Uint8Array, limits?: DecodeLimits): ProfileSummary {
  const { payload, gzipped } = profilePayload(bytes, limits);
  let facts: ProfileFacts;
  try {
    facts = checkProfile(payload);
  } catch (err) {
    if (err instanceof Truncated) throw notAProfileError(payload, gzipped, err.message);
    if (err instanceof StructuralProblem) throw notAProfileError(payload, gzipped, err.message);
    throw err;
  }
  return summaryOf(facts);
}

function summaryOf(facts: ProfileFacts): ProfileSummary {
  const sampleTypes = facts.sampleTypes.map((vt) => ({ type: facts.string(vt.type), unit: facts.string(vt.unit) }));
  const totals: Record<string, number> = {};
  sampleTypes.forEach((st, t) => {
    const key = Object.hasOwn(totals, st.type) ? `${st.type}/${st.unit}` : st.type;
    totals[key] = facts.columnTotals[t];
  });
  // pprof's default: default_sample_type when set and present, else the last sample type.
  const wanted = facts.defaultSampleType === 0 ? -1 : sampleTypes.findIndex((st) => st.type === facts.string(facts.defaultSampleType));
  const defaultIndex = wanted >= 0 ? wanted : sampleTypes.length - 1;
  const periodType = facts.periodType;
  return {
    sampleTypes,
    defaultSampleType: defaultIndex >= 0 ? sampleTypes[defaultIndex].type : "",
    periodType: periodType ? { type: facts.string(periodType.type), unit: facts.string(periodType.unit) } : { type: "", unit: "" },
    period: facts.period,
    durationNanos: facts.durationNanos,
    timeNanos: facts.timeNanos,
    sampleCount: facts.sampleCount,
    totals,
    functionCount: facts.functionCount,
    pgo: pgoReadiness(facts, sampleTypes),
  };
}
