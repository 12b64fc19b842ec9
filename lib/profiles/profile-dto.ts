import type { Profile as ProfileRow } from "../generated/sqlite/client";

export type SampleTypeDto = { type: string; unit: string };

/** The `profile` object of the HTTP API (shared/API.md), used by pages too. */
export type ProfileDto = {
  id: string;
  service: string;
  sha256: string;
  sizeBytes: number;
  sampleTypes: SampleTypeDto[];
  defaultSampleType: string;
  periodType: SampleTypeDto;
  period: number;
  durationNanos: number;
  timeNanos: number;
  capturedAt: string;
  sampleCount: number;
  totals: Record<string, number>;
  functionCount: number;
  labels: Record<string, string>;
  source: string;
  createdAt: string;
  pgo: { usable: boolean; problems: string[] };
  /** The bytes are gone from the store (found by the store sweep or a read): nothing to view or download. */
  damaged: boolean;
};

export function toProfileDto(row: ProfileRow): ProfileDto {
  return {
    id: row.id,
    service: row.service,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    sampleTypes: row.sampleTypes as SampleTypeDto[],
    defaultSampleType: row.defaultSampleType,
    periodType: row.periodType as SampleTypeDto,
    period: row.period,
    durationNanos: row.durationNanos,
    timeNanos: row.timeNanos,
    capturedAt: row.capturedAt.toISOString(),
    sampleCount: row.sampleCount,
    totals: row.totals as Record<string, number>,
    functionCount: row.functionCount,
    labels: row.labels as Record<string, string>,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    pgo: { usable: row.pgoUsable, problems: row.pgoProblems as string[] },
    damaged: row.damagedAt != null,
  };
}
