import type { Profile } from "pprof-format";
import { toNumber, type Numeric } from "./numbers";
import { toInt64Number } from "./profile-index";
import { defaultSampleTypeIndex } from "./sample-type";

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
function pgoReadiness(p: Profile, sampleTypes: ValueTypeSummary[], columnTotals: number[]): PgoReadiness {
  if (p.sample.length === 0) {
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
  if (!p.function.some((f) => toNumber(f.startLine) !== 0)) {
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

/** Headline facts about a profile and whether `go build -pgo` can use it. */
export function summarizeProfile(p: Profile): ProfileSummary {
  const strings = p.stringTable.strings;
  const str = (i: Numeric | undefined) => strings[toNumber(i)] ?? "";
  const sampleTypes = p.sampleType.map((vt) => ({ type: str(vt.type), unit: str(vt.unit) }));

  const nTypes = sampleTypes.length;
  const columnTotals = new Array<number>(nTypes).fill(0);
  for (const sample of p.sample) {
    const values = sample.value;
    for (let t = 0; t < nTypes; t++) columnTotals[t] += toInt64Number(values[t]);
  }
  const totals: Record<string, number> = {};
  sampleTypes.forEach((st, t) => {
    const key = Object.hasOwn(totals, st.type) ? `${st.type}/${st.unit}` : st.type;
    totals[key] = columnTotals[t];
  });

  const defaultIndex = defaultSampleTypeIndex(p);
  return {
    sampleTypes,
    defaultSampleType: defaultIndex >= 0 ? sampleTypes[defaultIndex].type : "",
    periodType: p.periodType ? { type: str(p.periodType.type), unit: str(p.periodType.unit) } : { type: "", unit: "" },
    period: toInt64Number(p.period),
    durationNanos: toInt64Number(p.durationNanos),
    timeNanos: toInt64Number(p.timeNanos),
    sampleCount: p.sample.length,
    totals,
    functionCount: p.function.length,
    pgo: pgoReadiness(p, sampleTypes, columnTotals),
  };
}
