/**
 * What the merger needs from an input profile apart from its samples: header fields
 * (string-table indices) and the location/function/mapping tables. Built either from a
 * decoded pprof-format Profile (by reference) or by merge-wire's lean reader.
 */
import type { Function as PFunction, Location, Mapping, Profile } from "pprof-format";
import type { MergeHeaderSource } from "./merge-headers";

export type { SourceValueType } from "./merge-headers";

export interface SourceProfile extends MergeHeaderSource {
  mapping: Mapping[];
  location: Location[];
  function: PFunction[];
}

/** View of a decoded profile as a merge source (no copies). */
export function sourceOf(p: Profile): SourceProfile {
  return {
    sampleType: p.sampleType,
    periodType: p.periodType,
    period: p.period,
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    comment: p.comment,
    defaultSampleType: p.defaultSampleType,
    dropFrames: p.dropFrames,
    keepFrames: p.keepFrames,
    docUrl: p.docUrl,
    mapping: p.mapping,
    location: p.location,
    function: p.function,
    strings: p.stringTable.strings,
  };
}
